//! The VM's rank-1 constraint system and its uniform Spartan proof.
//!
//! [`builder`]: constraints written once against a [`ConstraintBuilder`],
//! recorded as a [`UniformR1cs`] that the witness checker, the prover and
//! the verifier all interpret. [`spartan`]: the uniform Spartan prover and
//! verifier, whose column openings go through the caller's accumulator, so
//! columns other components commit (memory values, lookup operands) are
//! not committed twice.
//!
//! The RV32IM constraints themselves (fetch and decode, operands, the
//! lookup index, the result's uses, the next pc, virtual sequences) are
//! the next step (issue 9); this module is the machinery they run on.

pub mod builder;
pub mod proof;
pub mod spartan;
pub mod vm;
pub mod witness;

pub use builder::{Constraint, ConstraintBuilder, Lc, UniformR1cs, Var, Violation};
pub use spartan::{SpartanClaims, SpartanProof};

#[cfg(test)]
mod tests;
