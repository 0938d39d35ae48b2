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
    pub fn evals_scaled<F: Field>(r: &[F], scale: F) -> Vec<F> {
        let n = r.len();
        let mut table = vec![F::zero(); 1 << n];
        table[0] = scale;
        for (j, r_j) in r.iter().enumerate() {
            let size = 1 << j;
            // Walk backwards so that entry i is read before 2i, 2i+1 overwrite it.
            if size >= PARALLEL_THRESHOLD {
                let (src, _) = table.split_at(size);
                let src = src.to_vec();
                table[..2 * size]
                    .par_chunks_exact_mut(2)
                    .zip(src.par_iter())
                    .for_each(|(pair, e)| {
                        let high = *e * r_j;
                        pair[1] = high;
                        pair[0] = *e - high;
                    });
            } else {
                for i in (0..size).rev() {
                    let e = table[i];
                    let high = e * r_j;
                    table[2 * i + 1] = high;
                    table[2 * i] = e - high;
                }
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
