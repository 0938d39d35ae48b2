//! Host API for building, tracing, proving and verifying guest programs:
//! guest builds ([`build`]), the prover and verifier of whole programs
//! ([`host`]) and the proof file they exchange ([`proof`]). Tracing is
//! [`jolt_core::tracer`].

pub mod build;
pub mod host;
pub mod proof;
pub mod provable;

pub use postcard;
pub use serde;

pub use build::{build_guest, build_paths, BuildError, BuildOptions, GuestSource};
pub use jolt_core;
pub use lasso;

/// The field every proof of the sdk is over.
pub type F = lasso::field::Fr;
/// The commitment scheme of the sdk's proofs.
pub type Pcs = lasso::pcs::hyperkzg::HyperKzg;
