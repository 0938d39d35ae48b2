//! The subtable and decomposable-table traits.

use std::sync::Arc;

use crate::field::Field;

/// A small table `T[0..M)` (`M = 2^log_m`, at most 2^16) whose multilinear
/// extension the verifier can evaluate in `O(log M)` time.
///
/// Entries are integers below 2^64 (every table of the RISC-V instruction set
/// is); they are promoted to field elements when fingerprinted.
pub trait Subtable<F: Field>: Send + Sync {
    /// A name unique to this subtable and its parameters. Tables that name
    /// the same subtable share one memory in the lookup argument.
    fn name(&self) -> String;

    /// The entries `T[k]` for `k < 2^log_m`.
    fn materialize(&self, log_m: usize) -> Vec<u64>;

    /// `T~(r)` for `r` of length `log_m`, where `T~` is the multilinear
    /// extension of [`Subtable::materialize`] in the `poly` module's
    /// variable order (`r[0]` is the most significant bit of `k`).
    fn evaluate_mle(&self, point: &[F]) -> F;
}

/// Which subtable a group of chunks reads.
pub struct SubtableRead<F: Field> {
    pub subtable: Arc<dyn Subtable<F>>,
    /// The chunk positions (0 = most significant) whose values index it.
    pub chunks: Vec<usize>,
}

/// A table `T` of `2^(C log M)` entries with `T[x] = g(T_1[x_{c_1}], ...)`
/// for chunks `x_c` of the index.
///
/// The index splits into `C = num_chunks()` chunks of `log_m` bits each, most
/// significant chunk first. [`DecomposableTable::subtable_reads`] lists the
/// subtable reads in a fixed order; [`DecomposableTable::combine`] receives
/// the read values in exactly that order (for each entry, for each of its
/// chunks) and must be a polynomial of total degree at most
/// [`DecomposableTable::g_degree`] so that the verifier's sum-check can use it
/// on field elements.
pub trait DecomposableTable<F: Field>: Send + Sync {
    /// A name for errors and reports.
    fn name(&self) -> String;

    /// Number of chunks `C` the index is split into.
    fn num_chunks(&self) -> usize;

    /// The subtable reads, in the order `combine` expects their values.
    fn subtable_reads(&self, log_m: usize) -> Vec<SubtableRead<F>>;

    /// `g` applied to the read values.
    fn combine(&self, values: &[F], log_m: usize) -> F;

    /// Total degree of `g`.
    fn g_degree(&self) -> usize;

    /// The table entry `T[index]`, computed directly (witness generation and
    /// tests).
    fn evaluate(&self, index: u64, log_m: usize) -> u64;

    /// The chunks of `index`: `C` values below `2^log_m`, most significant
    /// first.
    fn chunk_index(&self, index: u64, log_m: usize) -> Vec<u64> {
        split_into_chunks(index, self.num_chunks(), log_m)
    }
}

/// `index` as `num_chunks` digits in base `2^log_m`, most significant first.
pub fn split_into_chunks(index: u64, num_chunks: usize, log_m: usize) -> Vec<u64> {
    let mask = if log_m >= 64 {
        u64::MAX
    } else {
        (1u64 << log_m) - 1
    };
    (0..num_chunks)
        .map(|i| {
            let shift = (num_chunks - 1 - i) * log_m;
            if shift >= 64 {
                0
            } else {
                (index >> shift) & mask
            }
        })
        .collect()
}

/// Checks that a decomposable table's `g` over its subtables reproduces its
/// direct evaluation at `index` (for tests of concrete tables).
pub fn combined_entry<F: Field>(table: &dyn DecomposableTable<F>, index: u64, log_m: usize) -> F {
    let chunks = table.chunk_index(index, log_m);
    let values: Vec<F> = table
        .subtable_reads(log_m)
        .iter()
        .flat_map(|read| {
            let entries = read.subtable.materialize(log_m);
            read.chunks
                .iter()
                .map(|&c| F::from_u64(entries[chunks[c] as usize]))
                .collect::<Vec<_>>()
        })
        .collect();
    table.combine(&values, log_m)
}

/// Test support for subtables: the MLE must agree with the materialised
/// table on every Boolean point and with multilinear interpolation of it at
/// random points. Panics with a message naming the subtable on mismatch.
pub fn check_subtable_mle<F: Field>(
    subtable: &dyn Subtable<F>,
    log_m: usize,
    random_points: usize,
) {
    use crate::poly::{DensePolynomial, MultilinearPolynomial};
    let entries = subtable.materialize(log_m);
    assert_eq!(
        entries.len(),
        1 << log_m,
        "{}: wrong number of entries",
        subtable.name()
    );
    for (k, entry) in entries.iter().enumerate() {
        let point: Vec<F> = (0..log_m)
            .map(|j| F::from_u64(((k >> (log_m - 1 - j)) & 1) as u64))
            .collect();
        assert_eq!(
            subtable.evaluate_mle(&point),
            F::from_u64(*entry),
            "{}: MLE differs from the table at k = {k}",
            subtable.name()
        );
    }
    let poly = DensePolynomial::new(entries.iter().map(|e| F::from_u64(*e)).collect());
    let mut rng = ark_std::test_rng();
    for _ in 0..random_points {
        let point: Vec<F> = (0..log_m).map(|_| F::random(&mut rng)).collect();
        assert_eq!(
            subtable.evaluate_mle(&point),
            poly.evaluate(&point),
            "{}: MLE differs from interpolation at a random point",
            subtable.name()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_most_significant_first() {
        assert_eq!(
            split_into_chunks(0x1234_5678, 4, 8),
            vec![0x12, 0x34, 0x56, 0x78]
        );
        assert_eq!(split_into_chunks(u64::MAX, 4, 16), vec![0xffff; 4]);
        assert_eq!(split_into_chunks(0xabcd, 2, 8), vec![0xab, 0xcd]);
    }
}
