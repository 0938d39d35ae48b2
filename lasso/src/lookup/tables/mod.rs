//! Concrete decomposable tables for tests and benchmarks of the lookup
//! argument.
//!
//! * [`RangeCheck32`]: `T[i] = i` for `i < 2^32`, in `C = 32 / log_m` chunks
//!   read from the [`IdentitySubtable`], joined by
//!   `g(v) = sum_c 2^((C-1-c) log_m) v_c` (degree 1).
//! * [`BitwiseTable`] (AND, OR, XOR), [`Eq32Table`] and [`Ltu32Table`] on two
//!   32-bit operands `x`, `y`. The index is `C = 64 / log_m` chunks of
//!   `log_m` bits; chunk `c` (most significant first) is `x_c || y_c`, the
//!   `c`-th `h = log_m / 2`-bit digits of `x` and `y` (see
//!   [`interleave_operands`]). Each chunk reads a [`PairSubtable`] of
//!   `2^log_m` entries:
//!   - AND/OR/XOR: `g = sum_c 2^((C-1-c) h) op_c`, degree 1;
//!   - EQ: `g = prod_c eq_c`, degree `C`;
//!   - LTU: `g = sum_c lt_c prod_{c' < c} eq_{c'}`, degree `C` (it reads the
//!     LTU pair subtable at every chunk and the EQ pair subtable at chunks
//!     `0..C-1`, the latter shared with [`Eq32Table`] when both are in one
//!     family).
//!
//! Supported `log_m`: [`RangeCheck32`] takes 1, 2, 4, 8 or 16 (it must divide
//! 32); the operand tables take 2, 4, 8 or 16 (even, dividing 64 with `h`
//! dividing 32). The constructors panic on anything else; 16 is the
//! production size (`C = 2` and `C = 4`), 8 keeps tests small.

mod subtables;

use std::sync::Arc;

pub use subtables::{identity_mle, IdentitySubtable, PairOp, PairSubtable};

use crate::field::Field;
use crate::lookup::table::{DecomposableTable, SubtableRead};

/// The `log_m` values [`RangeCheck32`] supports.
pub const RANGE_CHECK_LOG_M: [usize; 5] = [1, 2, 4, 8, 16];
/// The `log_m` values the two-operand tables support.
pub const OPERAND_LOG_M: [usize; 4] = [2, 4, 8, 16];

fn check_log_m(actual: usize, expected: usize, table: &str) {
    assert_eq!(
        actual, expected,
        "{table} was built for log_m = {expected}, called with {actual}"
    );
}

/// `sum_c 2^((C-1-c) shift) v_c` by Horner's rule.
fn weighted_sum<F: Field>(values: &[F], shift: usize) -> F {
    let base = F::from_u64(1u64 << shift);
    values.iter().fold(F::zero(), |acc, v| acc * base + v)
}

/// The index of the operand tables for operands `x`, `y`: chunk `c` (most
/// significant first) is `x_c << h | y_c` with `h = log_m / 2`.
///
/// # Panics
/// If `log_m` is not one of [`OPERAND_LOG_M`].
pub fn interleave_operands(x: u32, y: u32, log_m: usize) -> u64 {
    assert!(OPERAND_LOG_M.contains(&log_m), "unsupported log_m {log_m}");
    let h = log_m / 2;
    let num_chunks = 64 / log_m;
    let mask = (1u64 << h) - 1;
    (0..num_chunks).fold(0u64, |acc, c| {
        let shift = (num_chunks - 1 - c) * h;
        let xc = (x as u64 >> shift) & mask;
        let yc = (y as u64 >> shift) & mask;
        (acc << log_m) | (xc << h) | yc
    })
}

/// The inverse of [`interleave_operands`].
pub fn split_operands(index: u64, log_m: usize) -> (u32, u32) {
    assert!(OPERAND_LOG_M.contains(&log_m), "unsupported log_m {log_m}");
    let h = log_m / 2;
    let num_chunks = 64 / log_m;
    let mask = (1u64 << h) - 1;
    let (mut x, mut y) = (0u64, 0u64);
    for c in 0..num_chunks {
        let chunk = (index >> ((num_chunks - 1 - c) * log_m)) & ((1u64 << log_m) - 1);
        x = (x << h) | (chunk >> h);
        y = (y << h) | (chunk & mask);
    }
    (x as u32, y as u32)
}

/// Range check: `T[i] = i` for `i < 2^32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RangeCheck32 {
    log_m: usize,
}

impl RangeCheck32 {
    /// # Panics
    /// If `log_m` is not one of [`RANGE_CHECK_LOG_M`].
    pub fn new(log_m: usize) -> Self {
        assert!(
            RANGE_CHECK_LOG_M.contains(&log_m),
            "RangeCheck32 supports log_m in {RANGE_CHECK_LOG_M:?}, got {log_m}"
        );
        Self { log_m }
    }
}

impl<F: Field> DecomposableTable<F> for RangeCheck32 {
    fn name(&self) -> String {
        "range_check_32".into()
    }

    fn num_chunks(&self) -> usize {
        32 / self.log_m
    }

    fn subtable_reads(&self, log_m: usize) -> Vec<SubtableRead<F>> {
        check_log_m(log_m, self.log_m, "RangeCheck32");
        vec![SubtableRead {
            subtable: Arc::new(IdentitySubtable),
            chunks: (0..32 / log_m).collect(),
        }]
    }

    fn combine(&self, values: &[F], log_m: usize) -> F {
        weighted_sum(values, log_m)
    }

    fn g_degree(&self) -> usize {
        1
    }

    /// The table has `2^32` entries; the index is read modulo `2^32`, as
    /// [`DecomposableTable::chunk_index`] does (the lookup argument's witness
    /// generation rejects larger indices).
    fn evaluate(&self, index: u64, log_m: usize) -> u64 {
        check_log_m(log_m, self.log_m, "RangeCheck32");
        index & 0xffff_ffff
    }
}

/// AND, OR or XOR of two 32-bit operands, index as in
/// [`interleave_operands`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BitwiseTable {
    op: PairOp,
    log_m: usize,
}

impl BitwiseTable {
    /// # Panics
    /// If `op` is not AND, OR or XOR, or `log_m` is not one of
    /// [`OPERAND_LOG_M`].
    pub fn new(op: PairOp, log_m: usize) -> Self {
        assert!(
            matches!(op, PairOp::And | PairOp::Or | PairOp::Xor),
            "BitwiseTable is for AND, OR and XOR"
        );
        assert!(
            OPERAND_LOG_M.contains(&log_m),
            "operand tables support log_m in {OPERAND_LOG_M:?}, got {log_m}"
        );
        Self { op, log_m }
    }

    pub fn and(log_m: usize) -> Self {
        Self::new(PairOp::And, log_m)
    }

    pub fn or(log_m: usize) -> Self {
        Self::new(PairOp::Or, log_m)
    }

    pub fn xor(log_m: usize) -> Self {
        Self::new(PairOp::Xor, log_m)
    }
}

impl<F: Field> DecomposableTable<F> for BitwiseTable {
    fn name(&self) -> String {
        format!("{:?}_32", self.op).to_lowercase()
    }

    fn num_chunks(&self) -> usize {
        64 / self.log_m
    }

    fn subtable_reads(&self, log_m: usize) -> Vec<SubtableRead<F>> {
        check_log_m(log_m, self.log_m, "BitwiseTable");
        vec![SubtableRead {
            subtable: Arc::new(PairSubtable::new(self.op)),
            chunks: (0..64 / log_m).collect(),
        }]
    }

    fn combine(&self, values: &[F], log_m: usize) -> F {
        weighted_sum(values, log_m / 2)
    }

    fn g_degree(&self) -> usize {
        1
    }

    fn evaluate(&self, index: u64, log_m: usize) -> u64 {
        check_log_m(log_m, self.log_m, "BitwiseTable");
        let (x, y) = split_operands(index, log_m);
        self.op.apply(x as u64, y as u64)
    }
}

/// `x == y` for two 32-bit operands (1 or 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Eq32Table {
    log_m: usize,
}

impl Eq32Table {
    /// # Panics
    /// If `log_m` is not one of [`OPERAND_LOG_M`].
    pub fn new(log_m: usize) -> Self {
        assert!(
            OPERAND_LOG_M.contains(&log_m),
            "operand tables support log_m in {OPERAND_LOG_M:?}, got {log_m}"
        );
        Self { log_m }
    }
}

impl<F: Field> DecomposableTable<F> for Eq32Table {
    fn name(&self) -> String {
        "eq_32".into()
    }

    fn num_chunks(&self) -> usize {
        64 / self.log_m
    }

    fn subtable_reads(&self, log_m: usize) -> Vec<SubtableRead<F>> {
        check_log_m(log_m, self.log_m, "Eq32Table");
        vec![SubtableRead {
            subtable: Arc::new(PairSubtable::new(PairOp::Eq)),
            chunks: (0..64 / log_m).collect(),
        }]
    }

    fn combine(&self, values: &[F], _log_m: usize) -> F {
        values.iter().product()
    }

    fn g_degree(&self) -> usize {
        64 / self.log_m
    }

    fn evaluate(&self, index: u64, log_m: usize) -> u64 {
        check_log_m(log_m, self.log_m, "Eq32Table");
        let (x, y) = split_operands(index, log_m);
        (x == y) as u64
    }
}

/// `x < y` (unsigned) for two 32-bit operands (1 or 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ltu32Table {
    log_m: usize,
}

impl Ltu32Table {
    /// # Panics
    /// If `log_m` is not one of [`OPERAND_LOG_M`].
    pub fn new(log_m: usize) -> Self {
        assert!(
            OPERAND_LOG_M.contains(&log_m),
            "operand tables support log_m in {OPERAND_LOG_M:?}, got {log_m}"
        );
        Self { log_m }
    }
}

impl<F: Field> DecomposableTable<F> for Ltu32Table {
    fn name(&self) -> String {
        "ltu_32".into()
    }

    fn num_chunks(&self) -> usize {
        64 / self.log_m
    }

    /// LTU at every chunk, then EQ at chunks `0..C-1`.
    fn subtable_reads(&self, log_m: usize) -> Vec<SubtableRead<F>> {
        check_log_m(log_m, self.log_m, "Ltu32Table");
        let c = 64 / log_m;
        vec![
            SubtableRead {
                subtable: Arc::new(PairSubtable::new(PairOp::Ltu)),
                chunks: (0..c).collect(),
            },
            SubtableRead {
                subtable: Arc::new(PairSubtable::new(PairOp::Eq)),
                chunks: (0..c - 1).collect(),
            },
        ]
    }

    /// `values = [lt_0 .. lt_{C-1}, eq_0 .. eq_{C-2}]`.
    fn combine(&self, values: &[F], log_m: usize) -> F {
        let c = 64 / log_m;
        let (lt, eq) = values.split_at(c);
        let mut prefix = F::one();
        let mut result = F::zero();
        for j in 0..c {
            result += prefix * lt[j];
            if j + 1 < c {
                prefix *= eq[j];
            }
        }
        result
    }

    fn g_degree(&self) -> usize {
        64 / self.log_m
    }

    fn evaluate(&self, index: u64, log_m: usize) -> u64 {
        check_log_m(log_m, self.log_m, "Ltu32Table");
        let (x, y) = split_operands(index, log_m);
        (x < y) as u64
    }
}

/// The table family `[AND, OR, XOR, EQ, LTU]` on 32-bit operands.
pub fn operand_family<F: Field>(log_m: usize) -> Vec<Arc<dyn DecomposableTable<F>>> {
    vec![
        Arc::new(BitwiseTable::and(log_m)),
        Arc::new(BitwiseTable::or(log_m)),
        Arc::new(BitwiseTable::xor(log_m)),
        Arc::new(Eq32Table::new(log_m)),
        Arc::new(Ltu32Table::new(log_m)),
    ]
}

/// The family `[RangeCheck32]`.
pub fn range_check_family<F: Field>(log_m: usize) -> Vec<Arc<dyn DecomposableTable<F>>> {
    vec![Arc::new(RangeCheck32::new(log_m))]
}

#[cfg(test)]
mod tests;
