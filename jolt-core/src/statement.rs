//! The statement a proof shows, as every layer names it.
//!
//! "This program, on these input bytes, halts with these output bytes and
//! this panic flag." The program half (its digest, memory layout and the
//! longest trace proven) is the preprocessing, which the transcript absorbs
//! first; the run half is a [`Statement`], which memory checking binds to
//! the initial and final memory. Memory checking, `zkvm::verify` and the
//! sdk's proof file all use this one type.

/// The public part of a run: the input, the output and the panic flag.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Statement {
    pub input: Vec<u8>,
    pub output: Vec<u8>,
    pub panicked: bool,
}

impl Statement {
    pub fn new(input: &[u8], output: &[u8], panicked: bool) -> Self {
        Self {
            input: input.to_vec(),
            output: output.to_vec(),
            panicked,
        }
    }
}
