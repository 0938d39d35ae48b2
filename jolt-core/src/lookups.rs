//! The VM's instruction lookups: one Surge lookup per cycle into the RV32IM
//! table family of the instructions crate.
//!
//! Cycle `i` looks up table `TABLE` of its bytecode row at the index the
//! instruction forms from its operands ([`instructions::lookup_query`]);
//! padding cycles look up entry 0 of table 0 (Surge's padding lookup).
//! Besides the tables' own memories, the Surge instance *exposes* the two
//! operand pieces of every chunk ([`SubtableKind::OperandX`],
//! [`SubtableKind::OperandY`]): their `E` polynomials hold the high and
//! low byte of each 16-bit chunk, memory-checked to be exactly that, which
//! is how the R1CS recovers an interleaved index's operand bytes without a
//! range check of its own.
//!
//! Surge proves `output = T_table[index]` for the committed dimensions and
//! flags, and nothing about where they come from: the R1CS ties the flags
//! to `TABLE` and the dimensions to the operands (see [`crate::r1cs::vm`]).

use std::sync::Arc;

use instructions::constants::{C, LOG_M};
use instructions::subtables::{InstructionSubtable, SubtableKind};
use instructions::{lookup_query, ALL_TABLES};
use lasso::field::Field;
use lasso::lookup::surge::{padding_lookup, SurgeCommitments, SurgeLookup, SurgePreprocessing};
use lasso::lookup::Subtable;
use rayon::prelude::*;

use crate::memory::bytecode::table_index;
use crate::tracer::{Program, Trace};

/// The Surge instance of the VM: every table of [`ALL_TABLES`] (flag `t` is
/// table `t`) and the exposed operand pieces.
pub fn lookup_preprocessing<F: Field>() -> SurgePreprocessing<F> {
    let exposed: Vec<Arc<dyn Subtable<F>>> = [SubtableKind::OperandX, SubtableKind::OperandY]
        .into_iter()
        .map(|k| Arc::new(InstructionSubtable(k)) as Arc<dyn Subtable<F>>)
        .collect();
    SurgePreprocessing::with_exposed(
        ALL_TABLES.iter().map(|t| t.decomposable()).collect(),
        exposed,
        LOG_M,
    )
    .expect("the RV32IM family is a valid Surge instance")
}

/// The memories holding the operand pieces of each chunk: `(x, y)`, each
/// indexed by chunk (most significant first).
pub fn operand_memories<F: Field>(pp: &SurgePreprocessing<F>) -> ([usize; C], [usize; C]) {
    let find = |kind: SubtableKind, c: usize| {
        pp.memory_index(&kind.name(), c)
            .expect("the operand pieces are exposed at every chunk")
    };
    (
        std::array::from_fn(|c| find(SubtableKind::OperandX, c)),
        std::array::from_fn(|c| find(SubtableKind::OperandY, c)),
    )
}

/// One lookup per cycle of `trace`; cycles past the trace are left to
/// Surge's padding.
pub fn trace_lookups(program: &Program, trace: &Trace) -> Vec<SurgeLookup> {
    trace
        .rows
        .par_iter()
        .map(|row| {
            let step = row.step(program);
            match lookup_query(
                &step.instruction,
                step.address,
                row.rs1_value,
                row.rs2_value,
                row.advice(program),
            ) {
                Some(q) => SurgeLookup::new(table_index(q.table) as usize, q.index),
                // ECALL and EBREAK never execute (the tracer refuses them).
                None => padding_lookup(),
            }
        })
        .collect()
}

/// What the R1CS reads of the lookups, for the prover (polynomials) or the
/// verifier (commitments or evaluations).
#[derive(Clone, Debug, PartialEq)]
pub struct LookupColumns<P> {
    /// `dim_c`, most significant chunk first.
    pub dims: [P; C],
    /// The high byte of each chunk (the first operand's piece).
    pub operand_x: [P; C],
    /// The low byte of each chunk.
    pub operand_y: [P; C],
    /// One flag per table of [`ALL_TABLES`].
    pub flags: Vec<P>,
    pub output: P,
}

impl<P: Clone> LookupColumns<P> {
    /// The columns among a Surge witness's or proof's `dims`, `e`, `flags`
    /// and `output`.
    pub fn select<F: Field>(
        pp: &SurgePreprocessing<F>,
        dims: &[P],
        e: &[P],
        flags: &[P],
        output: &P,
    ) -> Self {
        let (x, y) = operand_memories(pp);
        Self {
            dims: std::array::from_fn(|c| dims[c].clone()),
            operand_x: x.map(|m| e[m].clone()),
            operand_y: y.map(|m| e[m].clone()),
            flags: flags.to_vec(),
            output: output.clone(),
        }
    }

    /// The same columns by reference.
    pub fn as_refs(&self) -> LookupColumns<&P> {
        LookupColumns {
            dims: std::array::from_fn(|c| &self.dims[c]),
            operand_x: std::array::from_fn(|c| &self.operand_x[c]),
            operand_y: std::array::from_fn(|c| &self.operand_y[c]),
            flags: self.flags.iter().collect(),
            output: &self.output,
        }
    }

    /// The same columns among a proof's commitments.
    pub fn from_commitments<F: Field>(pp: &SurgePreprocessing<F>, c: &SurgeCommitments<P>) -> Self
    where
        P: ark_serialize::CanonicalSerialize + ark_serialize::CanonicalDeserialize,
    {
        Self::select(pp, &c.dims, &c.e, &c.flags, &c.outputs)
    }
}
