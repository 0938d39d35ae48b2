use rayon::prelude::*;

use super::PARALLEL_THRESHOLD;
use crate::field::Field;

/// `eq(r, x) = prod_j (r_j x_j + (1 - r_j)(1 - x_j))`: the multilinear
/// polynomial that is 1 at `x = r` on the hypercube and 0 elsewhere.
pub struct EqPolynomial;

impl EqPolynomial {
    /// The table `eq(r, x)` for every `x` in `{0,1}^n`, in `O(2^n)` field
    /// multiplications: each coordinate doubles the table, splitting every
    /// entry `e` into `e (1 - r_j)` and `e r_j` (one product, one subtraction).
    pub fn evals<F: Field>(r: &[F]) -> Vec<F> {
        Self::evals_scaled(r, F::one())
    }

    /// `scale * eq(r, x)` for every `x`, at the same cost as [`Self::evals`].
    ///
    /// Coordinates are taken from the last to the first: after `k` of them the
    /// first `2^k` entries hold the table of `r_{n-k+1}..r_n`, and the next
    /// coordinate becomes bit `k` (so `r_1` ends as the most significant bit)
    /// by writing `e r_j` into the upper half and `e - e r_j` in place, two
    /// disjoint halves that can be filled in parallel without a copy.
    pub fn evals_scaled<F: Field>(r: &[F], scale: F) -> Vec<F> {
        let n = r.len();
        let mut table = vec![F::zero(); 1 << n];
        table[0] = scale;
        for (k, r_j) in r.iter().rev().enumerate() {
            let size = 1 << k;
            let (lo, hi) = table[..2 * size].split_at_mut(size);
            let split = |(low, high): (&mut F, &mut F)| {
                *high = *low * r_j;
                *low -= *high;
            };
            if size >= PARALLEL_THRESHOLD {
                lo.par_iter_mut().zip(hi.par_iter_mut()).for_each(split);
            } else {
                lo.iter_mut().zip(hi.iter_mut()).for_each(split);
            }
        }
        table
    }
}

/// `eq(r, s)` for two points of the same dimension.
pub fn eq_eval<F: Field>(r: &[F], s: &[F]) -> F {
    assert_eq!(r.len(), s.len(), "eq of points of different dimensions");
    r.iter()
        .zip(s)
        .map(|(a, b)| *a * b + (F::one() - a) * (F::one() - b))
        .product()
}

/// `shift(x, y) = sum_{i < 2^n - 1} eq(x, i) eq(y, i + 1)`: the
/// multilinear extension of "`y` is `x + 1`" (no wrap-around), in `O(n)`.
/// `sum_y shift(r, y) p(y)` is `p` shifted by one row (`p(i + 1)` at `i`,
/// 0 after the last row), evaluated at `r`.
///
/// `y = x + 1` iff, for some bit `k` (counting from the least significant),
/// `x` has 1s below `k` where `y` has 0s, `x_k = 0` and `y_k = 1`, and the
/// bits above `k` agree: one product per `k`.
pub fn shift_eval<F: Field>(x: &[F], y: &[F]) -> F {
    assert_eq!(x.len(), y.len(), "shift of points of different dimensions");
    let n = x.len();
    // Bit b (least significant first) is coordinate n - 1 - b.
    let bit = |p: &[F], b: usize| p[n - 1 - b];
    let mut above = vec![F::one(); n + 1];
    for b in (0..n).rev() {
        let (xb, yb) = (bit(x, b), bit(y, b));
        above[b] = above[b + 1] * (xb * yb + (F::one() - xb) * (F::one() - yb));
    }
    let mut below = F::one();
    let mut sum = F::zero();
    for b in 0..n {
        let (xb, yb) = (bit(x, b), bit(y, b));
        sum += below * (F::one() - xb) * yb * above[b + 1];
        below *= xb * (F::one() - yb);
    }
    sum
}
