//! Fault injection, for the soundness tests only (feature
//! `fault-injection`, off by default; jolt-core's own tests turn it on).
//!
//! [`crate::zkvm::prove_with_fault`] runs the real prover after a hook has
//! changed the witness, between witness generation and the first
//! commitment; the tests then check that the verifier rejects the proof for
//! the honest statement. [`WitnessColumn`] names every committed column of
//! a [`VmWitness`], so a test can corrupt any one value of any column.
//! Nothing here exists in a build without the feature: no release prover
//! can be told to corrupt its witness.

use lasso::field::Field;
use lasso::lookup::surge::small_polynomial;
use lasso::poly::{DensePolynomial, MultilinearPolynomial, Polynomial};

use crate::memory::bytecode::FIELD_NAMES;
use crate::memory::columns::MemoryColumns;
use crate::r1cs::witness::{AuxColumns, VmWitness};

/// One committed column of a [`VmWitness`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WitnessColumn {
    /// A memory-checking column, by its position in
    /// [`MemoryColumns::to_vec`] ([`MemoryColumns::INDEX`]).
    Memory(usize),
    /// Chunk `c` of each lookup's index.
    LookupDim(usize),
    /// The values memory `m` returns (`E_m`; the operand bytes for the
    /// exposed memories).
    LookupValue(usize),
    /// Chunk `c`'s read counts.
    LookupReadCount(usize),
    /// Chunk `c`'s final counts (over the subtable, not the cycles).
    LookupFinalCount(usize),
    /// Table `t`'s flag.
    LookupFlag(usize),
    /// The lookups' results.
    LookupOutput,
    /// One of the R1CS's own columns, by its position in
    /// [`AuxColumns::to_vec`].
    Aux(usize),
}

impl WitnessColumn {
    pub fn name(&self) -> String {
        match *self {
            WitnessColumn::Memory(k) => memory_column_name(k),
            WitnessColumn::LookupDim(c) => format!("lookup dim {c}"),
            WitnessColumn::LookupValue(m) => format!("lookup value E_{m}"),
            WitnessColumn::LookupReadCount(c) => format!("lookup read count {c}"),
            WitnessColumn::LookupFinalCount(c) => format!("lookup final count {c}"),
            WitnessColumn::LookupFlag(t) => format!("lookup flag {t}"),
            WitnessColumn::LookupOutput => "lookup output".into(),
            WitnessColumn::Aux(k) => format!("r1cs {}", AuxColumns::<()>::column_names()[k]),
        }
    }
}

/// The registry's name, with the bytecode field's own name.
fn memory_column_name(k: usize) -> String {
    let fields = MemoryColumns::INDEX.bytecode_fields;
    match fields.iter().position(|&i| i == k) {
        Some(f) => format!("bytecode field {}", FIELD_NAMES[f]),
        None => MemoryColumns::<()>::column_names()[k].replace('_', " "),
    }
}

/// `p` with entry `i` set to `value`, kept compact when every entry is a
/// small integer.
pub fn with_entry<F: Field>(p: &Polynomial<F>, i: usize, value: F) -> Polynomial<F> {
    let mut values: Vec<F> = (0..p.len()).map(|k| p.get(k)).collect();
    values[i] = value;
    match values.iter().map(F::to_u64).collect::<Option<Vec<u64>>>() {
        Some(small) => small_polynomial(small),
        None => DensePolynomial::new(values).into(),
    }
}

impl<F: Field> VmWitness<F> {
    /// Every committed column, in a fixed order.
    pub fn fault_columns(&self) -> Vec<WitnessColumn> {
        let l = &self.lookups;
        let mut all: Vec<WitnessColumn> = (0..MemoryColumns::<()>::COUNT)
            .map(WitnessColumn::Memory)
            .collect();
        all.extend((0..l.dims.len()).map(WitnessColumn::LookupDim));
        all.extend((0..l.e.len()).map(WitnessColumn::LookupValue));
        all.extend((0..l.read_cts.len()).map(WitnessColumn::LookupReadCount));
        all.extend((0..l.final_cts.len()).map(WitnessColumn::LookupFinalCount));
        all.extend((0..l.flags.len()).map(WitnessColumn::LookupFlag));
        all.push(WitnessColumn::LookupOutput);
        all.extend((0..AuxColumns::<()>::COUNT).map(WitnessColumn::Aux));
        all
    }

    /// The column's polynomial.
    pub fn column(&self, c: WitnessColumn) -> &Polynomial<F> {
        let l = &self.lookups;
        match c {
            WitnessColumn::Memory(k) => self.memory.columns.to_vec()[k],
            WitnessColumn::LookupDim(k) => &l.dims[k],
            WitnessColumn::LookupValue(k) => &l.e[k],
            WitnessColumn::LookupReadCount(k) => &l.read_cts[k],
            WitnessColumn::LookupFinalCount(k) => &l.final_cts[k],
            WitnessColumn::LookupFlag(k) => &l.flags[k],
            WitnessColumn::LookupOutput => &l.outputs,
            WitnessColumn::Aux(k) => self.aux.to_vec()[k],
        }
    }

    /// Sets entry `row` of column `c` to `value`.
    pub fn set(&mut self, c: WitnessColumn, row: usize, value: F) {
        let new = with_entry(self.column(c), row, value);
        let l = &mut self.lookups;
        match c {
            WitnessColumn::Memory(k) => *self.memory.columns.to_vec_mut()[k] = new,
            WitnessColumn::LookupDim(k) => l.dims[k] = new,
            WitnessColumn::LookupValue(k) => l.e[k] = new,
            WitnessColumn::LookupReadCount(k) => l.read_cts[k] = new,
            WitnessColumn::LookupFinalCount(k) => l.final_cts[k] = new,
            WitnessColumn::LookupFlag(k) => l.flags[k] = new,
            WitnessColumn::LookupOutput => l.outputs = new,
            WitnessColumn::Aux(k) => *self.aux.to_vec_mut()[k] = new,
        }
    }
}
