use ark_serialize::{
    CanonicalDeserialize, CanonicalSerialize, Compress, SerializationError, Valid, Validate,
};
use rayon::prelude::*;

use super::{EqPolynomial, MultilinearPolynomial, PARALLEL_THRESHOLD};
use crate::field::Field;

/// A multilinear polynomial stored as `2^n` field elements. Deserializing
/// checks the invariant `evals.len() == 2^num_vars`, so bytes can never
/// produce a polynomial that later code would index out of bounds.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize)]
pub struct DensePolynomial<F: Field> {
    num_vars: usize,
    evals: Vec<F>,
}

impl<F: Field> Valid for DensePolynomial<F> {
    fn check(&self) -> Result<(), SerializationError> {
        if self.num_vars >= usize::BITS as usize || self.evals.len() != 1 << self.num_vars {
            return Err(SerializationError::InvalidData);
        }
        self.evals.check()
    }
}

impl<F: Field> CanonicalDeserialize for DensePolynomial<F> {
    fn deserialize_with_mode<R: std::io::Read>(
        mut reader: R,
        compress: Compress,
        validate: Validate,
    ) -> Result<Self, SerializationError> {
        let num_vars = usize::deserialize_with_mode(&mut reader, compress, validate)?;
        let evals = Vec::<F>::deserialize_with_mode(&mut reader, compress, validate)?;
        let p = Self { num_vars, evals };
        // The shape invariant holds whatever `validate` says.
        if p.num_vars >= usize::BITS as usize || p.evals.len() != 1 << p.num_vars {
            return Err(SerializationError::InvalidData);
        }
        Ok(p)
    }
}

impl<F: Field> DensePolynomial<F> {
    /// Builds the polynomial with these evaluations.
    ///
    /// # Panics
    /// If the number of evaluations is not a power of two (a programming
    /// error: callers pad their vectors).
    pub fn new(evals: Vec<F>) -> Self {
        assert!(
            evals.len().is_power_of_two(),
            "a multilinear polynomial needs a power-of-two number of evaluations, got {}",
            evals.len()
        );
        Self {
            num_vars: evals.len().trailing_zeros() as usize,
            evals,
        }
    }

    /// Builds the polynomial from `values`, padded with zeros to `2^num_vars`.
    pub fn new_padded(mut values: Vec<F>, num_vars: usize) -> Self {
        assert!(values.len() <= 1 << num_vars, "too many values to pad");
        values.resize(1 << num_vars, F::zero());
        Self::new(values)
    }

    pub fn evals(&self) -> &[F] {
        &self.evals
    }

    pub fn evals_mut(&mut self) -> &mut [F] {
        &mut self.evals
    }

    pub fn into_evals(self) -> Vec<F> {
        self.evals
    }

    /// The polynomial of one variable less after fixing the top variable.
    pub fn bound_top(&self, r: F) -> Self {
        let mut p = self.clone();
        p.bind_top_variable(r);
        p
    }
}

impl<F: Field> MultilinearPolynomial<F> for DensePolynomial<F> {
    fn num_vars(&self) -> usize {
        self.num_vars
    }

    fn len(&self) -> usize {
        self.evals.len()
    }

    #[inline]
    fn get(&self, index: usize) -> F {
        self.evals[index]
    }

    fn evaluate(&self, point: &[F]) -> F {
        assert_eq!(point.len(), self.num_vars, "point has the wrong dimension");
        let eq = EqPolynomial::evals(point);
        if self.evals.len() >= PARALLEL_THRESHOLD {
            eq.par_iter()
                .zip(self.evals.par_iter())
                .map(|(a, b)| *a * b)
                .sum()
        } else {
            eq.iter().zip(&self.evals).map(|(a, b)| *a * b).sum()
        }
    }

    /// `p'(i) = p(i) + r (p(i + half) - p(i))` for `i < half`.
    fn bind_top_variable(&mut self, r: F) {
        assert!(self.num_vars > 0, "no variable left to bind");
        let half = self.evals.len() / 2;
        let (lo, hi) = self.evals.split_at_mut(half);
        let step = |(a, b): (&mut F, &F)| *a += r * (*b - *a);
        if half >= PARALLEL_THRESHOLD {
            lo.par_iter_mut().zip(hi.par_iter()).for_each(step);
        } else {
            lo.iter_mut().zip(hi.iter()).for_each(step);
        }
        self.evals.truncate(half);
        self.num_vars -= 1;
    }

    /// `p'(i) = p(2i) + r (p(2i + 1) - p(2i))`.
    fn bind_bottom_variable(&mut self, r: F) {
        assert!(self.num_vars > 0, "no variable left to bind");
        let half = self.evals.len() / 2;
        if half >= PARALLEL_THRESHOLD {
            self.evals = self
                .evals
                .par_chunks_exact(2)
                .map(|pair| pair[0] + r * (pair[1] - pair[0]))
                .collect();
        } else {
            for i in 0..half {
                let (a, b) = (self.evals[2 * i], self.evals[2 * i + 1]);
                self.evals[i] = a + r * (b - a);
            }
            self.evals.truncate(half);
        }
        self.num_vars -= 1;
    }

    fn to_field_evals(&self) -> Vec<F> {
        self.evals.clone()
    }
}
