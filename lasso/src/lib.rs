//! The proving toolkit under the zkVM: everything the lookup argument, memory
//! checking and Spartan stand on.
//!
//! Layering, bottom up: [`field`] (the scalar field trait), [`poly`]
//! (multilinear and univariate polynomials), [`transcript`] (Fiat-Shamir),
//! [`sumcheck`] (one generic, batched sum-check engine),
//! [`grand_product`] (batched layered-circuit products), [`memory_checking`]
//! (offline memory checking: read-only, read-write, range checks), [`pcs`]
//! (commitment schemes: HyperKZG over BN254, and the opening accumulator).

pub mod errors;
pub mod field;
pub mod grand_product;
pub mod memory_checking;
pub mod poly;
pub mod serialize;
pub mod sumcheck;
pub mod transcript;

pub use errors::ProofError;
pub use field::{Field, Fr};
pub use transcript::Transcript;
pub mod lookup;
pub mod msm;
pub mod pcs;
