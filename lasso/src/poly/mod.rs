//! Multilinear polynomials over the Boolean hypercube, and the univariate
//! polynomials sum-check sends.
//!
//! Convention used everywhere in the project: a multilinear polynomial in `n`
//! variables is stored as its `2^n` evaluations, and the evaluation at the
//! Boolean point `(x_1, ..., x_n)` sits at index `sum_j x_j 2^(n-j)`, so `x_1`
//! is the most significant bit. A point `r = (r_1, ..., r_n)` is given in the
//! same order. "Binding the top variable" fixes `x_1 := r`, "binding the bottom
//! variable" fixes `x_n := r`.

mod compact;
mod dense;
mod eq;
mod univariate;

pub use compact::{CompactPolynomial, SmallScalar};
pub use dense::DensePolynomial;
pub use eq::{eq_eval, shift_eval, EqPolynomial};
pub use univariate::UniPoly;

use crate::field::Field;

/// Sizes at or above which loops over evaluations go parallel.
pub(crate) const PARALLEL_THRESHOLD: usize = 1 << 13;

/// The interface shared by every representation of a multilinear polynomial.
pub trait MultilinearPolynomial<F: Field>: Send + Sync {
    /// Number of variables `n`; the polynomial has `2^n` evaluations.
    fn num_vars(&self) -> usize;
    /// Number of evaluations, `2^n`.
    fn len(&self) -> usize {
        1 << self.num_vars()
    }
    /// Always false: a polynomial has at least one evaluation.
    fn is_empty(&self) -> bool {
        false
    }
    /// The evaluation at Boolean point number `index`.
    fn get(&self, index: usize) -> F;
    /// `p(r) = sum_x eq(r, x) p(x)` at an arbitrary point, in O(2^n).
    fn evaluate(&self, point: &[F]) -> F;
    /// `p(x_2..x_n) := p(r, x_2..x_n)`, in place.
    fn bind_top_variable(&mut self, r: F);
    /// `p(x_1..x_{n-1}) := p(x_1..x_{n-1}, r)`, in place.
    fn bind_bottom_variable(&mut self, r: F);
    /// All evaluations as field elements.
    fn to_field_evals(&self) -> Vec<F> {
        (0..self.len()).map(|i| self.get(i)).collect()
    }
}

/// A multilinear polynomial in whichever representation fits its values:
/// what provers hold when a set of polynomials mixes small and large entries,
/// and what the commitment scheme dispatches on (small values commit with
/// cheaper MSMs).
#[derive(Clone, Debug, PartialEq)]
pub enum Polynomial<F: Field> {
    Dense(DensePolynomial<F>),
    U8(CompactPolynomial<u8, F>),
    U16(CompactPolynomial<u16, F>),
    U32(CompactPolynomial<u32, F>),
    U64(CompactPolynomial<u64, F>),
}

macro_rules! dispatch {
    ($self:expr, $p:ident => $body:expr) => {
        match $self {
            Polynomial::Dense($p) => $body,
            Polynomial::U8($p) => $body,
            Polynomial::U16($p) => $body,
            Polynomial::U32($p) => $body,
            Polynomial::U64($p) => $body,
        }
    };
}

impl<F: Field> MultilinearPolynomial<F> for Polynomial<F> {
    fn num_vars(&self) -> usize {
        dispatch!(self, p => p.num_vars())
    }
    fn get(&self, index: usize) -> F {
        dispatch!(self, p => p.get(index))
    }
    fn evaluate(&self, point: &[F]) -> F {
        dispatch!(self, p => p.evaluate(point))
    }
    fn bind_top_variable(&mut self, r: F) {
        dispatch!(self, p => p.bind_top_variable(r))
    }
    fn bind_bottom_variable(&mut self, r: F) {
        dispatch!(self, p => p.bind_bottom_variable(r))
    }
    fn to_field_evals(&self) -> Vec<F> {
        dispatch!(self, p => p.to_field_evals())
    }
}

impl<F: Field> From<DensePolynomial<F>> for Polynomial<F> {
    fn from(p: DensePolynomial<F>) -> Self {
        Polynomial::Dense(p)
    }
}

macro_rules! from_compact {
    ($t:ty, $variant:ident) => {
        impl<F: Field> From<CompactPolynomial<$t, F>> for Polynomial<F> {
            fn from(p: CompactPolynomial<$t, F>) -> Self {
                Polynomial::$variant(p)
            }
        }
    };
}
from_compact!(u8, U8);
from_compact!(u16, U16);
from_compact!(u32, U32);
from_compact!(u64, U64);

impl<F: Field> Polynomial<F> {
    /// The polynomial of the next entries, `q[i] = p[i + 1]` and 0 at the
    /// last index, in the same representation: the "next cycle" of a
    /// per-cycle column. Bound compact polynomials come back dense.
    pub fn shifted_by_one(&self) -> Polynomial<F> {
        fn shift<T: Copy + Default>(v: &[T]) -> Vec<T> {
            let mut out = Vec::with_capacity(v.len());
            out.extend_from_slice(&v[1..]);
            out.push(T::default());
            out
        }
        macro_rules! compact {
            ($p:expr, $variant:ident) => {
                match $p.small_values() {
                    Some(v) => Polynomial::$variant(CompactPolynomial::new(shift(v))),
                    None => Polynomial::Dense(DensePolynomial::new(shift(&$p.to_field_evals()))),
                }
            };
        }
        match self {
            Polynomial::Dense(p) => Polynomial::Dense(DensePolynomial::new(shift(p.evals()))),
            Polynomial::U8(p) => compact!(p, U8),
            Polynomial::U16(p) => compact!(p, U16),
            Polynomial::U32(p) => compact!(p, U32),
            Polynomial::U64(p) => compact!(p, U64),
        }
    }

    /// Whether entry `index` is zero (for a compact polynomial, without
    /// converting its small value into the field): what lets sparse columns
    /// such as one-hot flags be skipped cheaply.
    #[inline]
    pub fn is_zero_at(&self, index: usize) -> bool {
        match self {
            Polynomial::Dense(p) => p.evals()[index].is_zero(),
            Polynomial::U8(p) => p.is_zero_at(index),
            Polynomial::U16(p) => p.is_zero_at(index),
            Polynomial::U32(p) => p.is_zero_at(index),
            Polynomial::U64(p) => p.is_zero_at(index),
        }
    }

    /// The polynomial as a dense one (a copy for compact representations).
    pub fn to_dense(&self) -> DensePolynomial<F> {
        match self {
            Polynomial::Dense(p) => p.clone(),
            other => DensePolynomial::new(other.to_field_evals()),
        }
    }

    /// Converts into a dense polynomial, moving the evaluations when possible.
    pub fn into_dense(self) -> DensePolynomial<F> {
        match self {
            Polynomial::Dense(p) => p,
            other => DensePolynomial::new(other.to_field_evals()),
        }
    }
}

/// `p(point)` for several polynomials of `point.len()` variables, sharing
/// one `eq` table (zero entries of small-valued ones cost nothing).
pub fn evaluate_many<F: Field>(polys: &[&Polynomial<F>], point: &[F]) -> Vec<F> {
    use rayon::prelude::*;
    let eq = EqPolynomial::evals(point);
    let dot = |values: &[F]| -> F { eq.par_iter().zip(values).map(|(a, b)| *a * b).sum() };
    fn dot_small<T: SmallScalar, F: Field>(
        eq: &[F],
        p: &CompactPolynomial<T, F>,
        dot: &dyn Fn(&[F]) -> F,
    ) -> F {
        match p.small_values() {
            Some(values) => eq
                .par_iter()
                .zip(values)
                .map(|(a, v)| {
                    if *v == T::default() {
                        F::zero()
                    } else {
                        *a * v.to_field::<F>()
                    }
                })
                .sum(),
            None => dot(&p.to_field_evals()),
        }
    }
    polys
        .par_iter()
        .map(|p| {
            assert_eq!(p.num_vars(), point.len(), "point of the wrong dimension");
            match p {
                Polynomial::Dense(d) => dot(d.evals()),
                Polynomial::U8(c) => dot_small(&eq, c, &dot),
                Polynomial::U16(c) => dot_small(&eq, c, &dot),
                Polynomial::U32(c) => dot_small(&eq, c, &dot),
                Polynomial::U64(c) => dot_small(&eq, c, &dot),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
