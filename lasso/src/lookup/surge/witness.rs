//! Witness generation: from lookups `(table, index)` to the committed
//! polynomials.

use rayon::prelude::*;

use super::{SurgeError, SurgePreprocessing};
use crate::field::Field;
use crate::poly::{CompactPolynomial, MultilinearPolynomial, Polynomial};

/// One lookup: the entry `index` of table number `table` of the family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SurgeLookup {
    pub table: usize,
    pub index: u64,
}

impl SurgeLookup {
    pub fn new(table: usize, index: u64) -> Self {
        Self { table, index }
    }
}

/// Every committed polynomial of a Surge proof, over `N = 2^num_vars` rows
/// (and `M = 2^log_m` addresses for the final counts).
///
/// [`SurgeWitness::generate`] builds the honest one. The fields are public
/// so that tests (and callers that build the witness themselves) can hand
/// the prover anything; the prover takes the witness as given and the
/// verifier is what catches a dishonest one.
#[derive(Clone, Debug)]
pub struct SurgeWitness<F: Field> {
    pub num_vars: usize,
    /// `dim_c[i]`: chunk `c` of row `i`'s index (zero for chunks its table
    /// does not have), one per chunk position `c < C`.
    pub dims: Vec<Polynomial<F>>,
    /// `E_m[i] = S_m[dim_{c(m)}[i]]`, one per memory.
    pub e: Vec<Polynomial<F>>,
    /// `read_c[i]`: how often address `dim_c[i]` was read at chunk `c`
    /// before row `i`, one per chunk position (every memory of a chunk is
    /// read at the same addresses, so they share their counts).
    pub read_cts: Vec<Polynomial<F>>,
    /// `final_c[k]`: total reads of address `k < M` at chunk `c`.
    pub final_cts: Vec<Polynomial<F>>,
    /// `flag_t[i] = 1` if row `i` looks up table `t`, else 0.
    pub flags: Vec<Polynomial<F>>,
    /// The lookup results `a[i] = T_{table(i)}[index_i]`.
    pub outputs: Polynomial<F>,
}

/// The smallest compact representation holding `values`.
pub fn small_polynomial<F: Field>(values: Vec<u64>) -> Polynomial<F> {
    let max = values.iter().copied().max().unwrap_or(0);
    if max <= u8::MAX as u64 {
        CompactPolynomial::<u8, F>::new(values.into_iter().map(|v| v as u8).collect()).into()
    } else if max <= u16::MAX as u64 {
        CompactPolynomial::<u16, F>::new(values.into_iter().map(|v| v as u16).collect()).into()
    } else if max <= u32::MAX as u64 {
        CompactPolynomial::<u32, F>::new(values.into_iter().map(|v| v as u32).collect()).into()
    } else {
        CompactPolynomial::<u64, F>::new(values).into()
    }
}

/// The padding lookup: entry 0 of table 0.
pub fn padding_lookup() -> SurgeLookup {
    SurgeLookup::new(0, 0)
}

/// The number of variables for `num_lookups` rows: `ceil(log2)`, at least 0.
pub fn num_vars_for(num_lookups: usize) -> usize {
    num_lookups.max(1).next_power_of_two().trailing_zeros() as usize
}

/// The lookup results of `lookups` padded to `2^num_vars` rows with the
/// padding lookup's result, as a polynomial: what a caller commits to (or
/// compares against the proof's output commitment).
pub fn outputs_polynomial<F: Field>(
    pp: &SurgePreprocessing<F>,
    outputs: &[u64],
    num_vars: usize,
) -> Polynomial<F> {
    assert!(outputs.len() <= 1 << num_vars, "more outputs than rows");
    let pad = pp.tables()[0].evaluate(padding_lookup().index, pp.log_m());
    let mut values = outputs.to_vec();
    values.resize(1 << num_vars, pad);
    small_polynomial(values)
}

impl<F: Field> SurgeWitness<F> {
    /// The honest witness for `lookups`, padded to the next power of two.
    pub fn generate(
        pp: &SurgePreprocessing<F>,
        lookups: &[SurgeLookup],
    ) -> Result<Self, SurgeError> {
        Self::generate_with_num_vars(pp, lookups, num_vars_for(lookups.len()))
    }

    /// The honest witness for `lookups` over exactly `2^num_vars` rows; rows
    /// past the lookups hold the padding lookup (entry 0 of table 0), so that
    /// every row has exactly one flag set.
    pub fn generate_with_num_vars(
        pp: &SurgePreprocessing<F>,
        lookups: &[SurgeLookup],
        num_vars: usize,
    ) -> Result<Self, SurgeError> {
        if num_vars > 32 {
            return Err(SurgeError::Witness(format!(
                "2^{num_vars} rows is more than supported (2^32)"
            )));
        }
        let n = 1usize << num_vars;
        if lookups.len() > n {
            return Err(SurgeError::Witness(format!(
                "{} lookups do not fit in 2^{num_vars} rows",
                lookups.len()
            )));
        }
        let log_m = pp.log_m();
        let tables = pp.tables();
        let num_chunks = pp.num_chunks();
        let pad = padding_lookup();
        let row = |i: usize| if i < lookups.len() { lookups[i] } else { pad };

        for (i, lookup) in lookups.iter().enumerate() {
            let Some(table) = tables.get(lookup.table) else {
                return Err(SurgeError::Witness(format!(
                    "lookup {i} names table {} of {}",
                    lookup.table,
                    tables.len()
                )));
            };
            let bits = table.num_chunks() * log_m;
            if bits < 64 && lookup.index >> bits != 0 {
                return Err(SurgeError::Witness(format!(
                    "lookup {i}: index {:#x} is outside table {} (2^{bits} entries)",
                    lookup.index,
                    table.name()
                )));
            }
        }

        // Chunks and outputs, row by row.
        let rows: Vec<(Vec<u64>, u64)> = (0..n)
            .into_par_iter()
            .map(|i| {
                let lookup = row(i);
                let table = &tables[lookup.table];
                let mut chunks = table.chunk_index(lookup.index, log_m);
                chunks.resize(num_chunks, 0);
                (chunks, table.evaluate(lookup.index, log_m))
            })
            .collect();
        let dims_u64: Vec<Vec<u64>> = (0..num_chunks)
            .into_par_iter()
            .map(|c| rows.iter().map(|(chunks, _)| chunks[c]).collect())
            .collect();
        let outputs: Vec<u64> = rows.iter().map(|(_, out)| *out).collect();
        drop(rows);
        let m = 1usize << log_m;
        if dims_u64.iter().flatten().any(|&d| d >= m as u64) {
            return Err(SurgeError::Witness(
                "a table's chunk_index returned a chunk of more than log_m bits".into(),
            ));
        }

        // Every row reads every memory at its chunk's address; the counts
        // depend on the chunk only.
        let e: Vec<Polynomial<F>> = pp
            .memories()
            .par_iter()
            .map(|memory| {
                let entries = pp.subtable_entries(memory.subtable_id);
                small_polynomial(
                    dims_u64[memory.chunk]
                        .iter()
                        .map(|&a| entries[a as usize])
                        .collect(),
                )
            })
            .collect();
        let counts: Vec<(Polynomial<F>, Polynomial<F>)> = dims_u64
            .par_iter()
            .map(|dim| {
                let mut counts = vec![0u64; m];
                let read: Vec<u64> = dim
                    .iter()
                    .map(|&a| {
                        let count = counts[a as usize];
                        counts[a as usize] += 1;
                        count
                    })
                    .collect();
                (small_polynomial(read), small_polynomial(counts))
            })
            .collect();
        let (read_cts, final_cts) = counts.into_iter().unzip();
        let flags = (0..tables.len())
            .into_par_iter()
            .map(|t| {
                let values = (0..n).map(|i| (row(i).table == t) as u8).collect();
                CompactPolynomial::<u8, F>::new(values).into()
            })
            .collect();
        Ok(Self {
            num_vars,
            dims: dims_u64.into_iter().map(small_polynomial).collect(),
            e,
            read_cts,
            final_cts,
            flags,
            outputs: small_polynomial(outputs),
        })
    }

    /// Checks that the witness has the shape `pp` prescribes (not that it is
    /// honest).
    pub fn check_shape(&self, pp: &SurgePreprocessing<F>) -> Result<(), SurgeError> {
        let n = self.num_vars;
        let memories = pp.memories().len();
        let counts = [
            ("dims", self.dims.len(), pp.num_chunks()),
            ("e", self.e.len(), memories),
            ("read_cts", self.read_cts.len(), pp.num_chunks()),
            ("final_cts", self.final_cts.len(), pp.num_chunks()),
            ("flags", self.flags.len(), pp.tables().len()),
        ];
        for (name, got, expected) in counts {
            if got != expected {
                return Err(SurgeError::Witness(format!(
                    "{got} {name} polynomials, expected {expected}"
                )));
            }
        }
        let row_polys = self
            .dims
            .iter()
            .chain(&self.e)
            .chain(&self.read_cts)
            .chain(&self.flags)
            .chain(std::iter::once(&self.outputs));
        for p in row_polys {
            if p.num_vars() != n {
                return Err(SurgeError::Witness(format!(
                    "a row polynomial has {} variables, expected {n}",
                    p.num_vars()
                )));
            }
        }
        if self.final_cts.iter().any(|p| p.num_vars() != pp.log_m()) {
            return Err(SurgeError::Witness(
                "a final-count polynomial does not have log_m variables".into(),
            ));
        }
        Ok(())
    }
}
