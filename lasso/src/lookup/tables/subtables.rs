//! The subtables behind the concrete tables: the identity `T[k] = k` and the
//! pair tables `T[x || y] = op(x, y)` on two `log_m / 2`-bit operands.

use crate::field::Field;
use crate::lookup::table::Subtable;

/// `T[k] = k` for `k < 2^log_m`: the subtable of range checks.
///
/// Its MLE is `sum_j 2^(log_m - 1 - j) r_j` (point MSB-first), evaluated by
/// Horner's rule in `log_m` doublings and additions. Any `log_m` is
/// supported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IdentitySubtable;

/// `sum_j 2^(n - 1 - j) r_j`: the MLE of `k -> k` over `n` MSB-first bits.
pub fn identity_mle<F: Field>(point: &[F]) -> F {
    point.iter().fold(F::zero(), |acc, r| acc.double() + r)
}

impl<F: Field> Subtable<F> for IdentitySubtable {
    fn name(&self) -> String {
        "identity".into()
    }

    fn materialize(&self, log_m: usize) -> Vec<u64> {
        (0..1u64 << log_m).collect()
    }

    fn evaluate_mle(&self, point: &[F]) -> F {
        identity_mle(point)
    }
}

/// The operation of a [`PairSubtable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PairOp {
    /// `x & y`.
    And,
    /// `x | y`.
    Or,
    /// `x ^ y`.
    Xor,
    /// `1` if `x == y`, else `0`.
    Eq,
    /// `1` if `x < y` (unsigned), else `0`.
    Ltu,
}

impl PairOp {
    /// The operation on machine integers.
    pub fn apply(self, x: u64, y: u64) -> u64 {
        match self {
            PairOp::And => x & y,
            PairOp::Or => x | y,
            PairOp::Xor => x ^ y,
            PairOp::Eq => (x == y) as u64,
            PairOp::Ltu => (x < y) as u64,
        }
    }

    fn label(self) -> &'static str {
        match self {
            PairOp::And => "and",
            PairOp::Or => "or",
            PairOp::Xor => "xor",
            PairOp::Eq => "eq",
            PairOp::Ltu => "ltu",
        }
    }
}

/// `T[x || y] = op(x, y)` where the index `k < 2^log_m` is the concatenation
/// of two `h = log_m / 2`-bit operands, `x` in the high half. `log_m` must be
/// even.
///
/// MLEs, with `x_j = r_j` and `y_j = r_{h + j}` for `j < h` (MSB first), in
/// `O(log_m)` field operations:
/// * AND: `sum_j 2^(h-1-j) x_j y_j`;
/// * OR: `sum_j 2^(h-1-j) (x_j + y_j - x_j y_j)`;
/// * XOR: `sum_j 2^(h-1-j) (x_j + y_j - 2 x_j y_j)`;
/// * EQ: `prod_j (x_j y_j + (1 - x_j)(1 - y_j))`;
/// * LTU: `sum_j (1 - x_j) y_j prod_{i<j} eq(x_i, y_i)` (the first bit, from
///   the top, where they differ has `x = 0`, `y = 1`).
///
/// Each is multilinear (every monomial uses each variable at most once) and
/// agrees with the table on Boolean points, hence is the MLE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairSubtable {
    pub op: PairOp,
}

impl PairSubtable {
    pub fn new(op: PairOp) -> Self {
        Self { op }
    }
}

impl<F: Field> Subtable<F> for PairSubtable {
    fn name(&self) -> String {
        format!("pair_{}", self.op.label())
    }

    /// # Panics
    /// If `log_m` is odd.
    fn materialize(&self, log_m: usize) -> Vec<u64> {
        assert!(
            log_m & 1 == 0,
            "pair subtables need an even log_m, got {log_m}"
        );
        let h = log_m / 2;
        let mask = (1u64 << h) - 1;
        (0..1u64 << log_m)
            .map(|k| self.op.apply(k >> h, k & mask))
            .collect()
    }

    /// # Panics
    /// If the point has an odd number of coordinates.
    fn evaluate_mle(&self, point: &[F]) -> F {
        assert!(
            point.len() & 1 == 0,
            "pair subtables need an even log_m, got {}",
            point.len()
        );
        let h = point.len() / 2;
        let (x, y) = point.split_at(h);
        let one = F::one();
        let pairs = x.iter().zip(y);
        match self.op {
            PairOp::And => pairs.fold(F::zero(), |acc, (a, b)| acc.double() + *a * b),
            PairOp::Or => pairs.fold(F::zero(), |acc, (a, b)| acc.double() + *a + b - *a * b),
            PairOp::Xor => pairs.fold(F::zero(), |acc, (a, b)| {
                acc.double() + *a + b - (*a * b).double()
            }),
            PairOp::Eq => pairs.map(|(a, b)| *a * b + (one - a) * (one - b)).product(),
            PairOp::Ltu => {
                let mut prefix_eq = one;
                let mut result = F::zero();
                for (a, b) in pairs {
                    result += prefix_eq * (one - a) * b;
                    prefix_eq *= *a * b + (one - a) * (one - b);
                }
                result
            }
        }
    }
}
