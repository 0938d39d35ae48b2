use rayon::prelude::*;

use super::SumcheckInstance;
use crate::field::Field;
use crate::poly::{DensePolynomial, MultilinearPolynomial, PARALLEL_THRESHOLD};

/// `sum_x g(p_1(x), .., p_k(x)) = claim` for multilinear `p_j` and a
/// combining function `g` of total degree `degree`: the workhorse instance
/// (products of MLEs, `eq`-weighted products, flag-weighted sums).
///
/// Each round evaluates `s(t) = sum_{i < half} g(p_j(i) + t (p_j(i + half) - p_j(i)))`
/// for `t = 0..=degree`; that is `O(2^n (k + degree) d)` field operations over
/// the whole protocol, computed in parallel over `i`.
pub struct ProductSumcheck<F: Field, G: Fn(&[F]) -> F + Send + Sync> {
    polys: Vec<DensePolynomial<F>>,
    combine: G,
    degree: usize,
    claim: F,
}

impl<F: Field, G: Fn(&[F]) -> F + Send + Sync> ProductSumcheck<F, G> {
    /// # Panics
    /// If the polynomials are not all of the same size.
    pub fn new(polys: Vec<DensePolynomial<F>>, combine: G, degree: usize, claim: F) -> Self {
        assert!(!polys.is_empty(), "sum-check over no polynomial");
        let n = polys[0].num_vars();
        assert!(
            polys.iter().all(|p| p.num_vars() == n),
            "polynomials of different sizes"
        );
        Self {
            polys,
            combine,
            degree,
            claim,
        }
    }

    /// The claim computed honestly from the polynomials.
    pub fn new_with_computed_claim(
        polys: Vec<DensePolynomial<F>>,
        combine: G,
        degree: usize,
    ) -> Self {
        let mut instance = Self::new(polys, combine, degree, F::zero());
        instance.claim = instance.sum_over_hypercube();
        instance
    }

    /// `sum_x g(p(x))`, directly.
    pub fn sum_over_hypercube(&self) -> F {
        let len = self.polys[0].len();
        let term = |i: usize| {
            let values: Vec<F> = self.polys.iter().map(|p| p.get(i)).collect();
            (self.combine)(&values)
        };
        if len >= PARALLEL_THRESHOLD {
            (0..len).into_par_iter().map(term).sum()
        } else {
            (0..len).map(term).sum()
        }
    }

    /// The bound polynomials' values, each a single number once all rounds
    /// are done: `p_j(r)`.
    pub fn final_evaluations(&self) -> Vec<F> {
        self.polys.iter().map(|p| p.get(0)).collect()
    }
}

impl<F: Field, G: Fn(&[F]) -> F + Send + Sync> SumcheckInstance<F> for ProductSumcheck<F, G> {
    fn num_vars(&self) -> usize {
        self.polys[0].num_vars()
    }

    fn degree(&self) -> usize {
        self.degree
    }

    fn claim(&self) -> F {
        self.claim
    }

    fn round_evals(&self) -> Vec<F> {
        let half = self.polys[0].len() / 2;
        let k = self.polys.len();
        let d = self.degree;
        // For one index i: walk t = 0..=d, stepping every p_j by its slope.
        let accumulate = |mut acc: (Vec<F>, Vec<F>, Vec<F>), i: usize| {
            let (sums, values, slopes) = (&mut acc.0, &mut acc.1, &mut acc.2);
            for j in 0..k {
                let evals = self.polys[j].evals();
                values[j] = evals[i];
                slopes[j] = evals[i + half] - evals[i];
            }
            sums[0] += (self.combine)(values);
            for sum in sums.iter_mut().skip(1) {
                for j in 0..k {
                    values[j] += slopes[j];
                }
                *sum += (self.combine)(values);
            }
            acc
        };
        let zero = || {
            (
                vec![F::zero(); d + 1],
                vec![F::zero(); k],
                vec![F::zero(); k],
            )
        };
        if half >= PARALLEL_THRESHOLD / 4 {
            (0..half)
                .into_par_iter()
                .fold(zero, accumulate)
                .map(|acc| acc.0)
                .reduce(
                    || vec![F::zero(); d + 1],
                    |mut a, b| {
                        a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                        a
                    },
                )
        } else {
            (0..half).fold(zero(), accumulate).0
        }
    }

    fn bind(&mut self, r: F) {
        self.polys
            .par_iter_mut()
            .for_each(|p| p.bind_top_variable(r));
    }
}
