//! Lookups into tables too large to materialise.
//!
//! [`table`] holds the two traits at this seam: a [`Subtable`] of at most
//! 2^16 entries with a succinctly evaluable multilinear extension, and a
//! [`DecomposableTable`] that splits a lookup index into chunks, reads one
//! subtable per chunk and joins the results with a low-degree function `g`.

pub mod surge;
pub mod table;
pub mod tables;

pub use table::{DecomposableTable, Subtable, SubtableRead};
