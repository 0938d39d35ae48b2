//! Host API for building, tracing, proving and verifying guest programs.
//! This issue brings guest builds ([`build`]); tracing is
//! [`jolt_core::tracer`].

pub mod build;

pub use build::{build_guest, build_paths, BuildError, BuildOptions, GuestSource};
pub use jolt_core;
