use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

use crate::field::Field;

/// A univariate polynomial given by its evaluations at `0, 1, ..., d`, the
/// form in which sum-check round polynomials are computed.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct UniPoly<F: Field> {
    evals: Vec<F>,
}

impl<F: Field> UniPoly<F> {
    /// The polynomial of degree at most `evals.len() - 1` through
    /// `(i, evals[i])`.
    pub fn from_evals(evals: Vec<F>) -> Self {
        assert!(
            !evals.is_empty(),
            "a polynomial needs at least one evaluation"
        );
        Self { evals }
    }

    pub fn evals(&self) -> &[F] {
        &self.evals
    }

    pub fn degree_bound(&self) -> usize {
        self.evals.len() - 1
    }

    /// Lagrange interpolation over the nodes `0..=d`, evaluated at `x`:
    /// `p(x) = sum_i p(i) prod_{j != i} (x - j) / (i - j)`, O(d^2) operations
    /// and one batch inversion.
    pub fn evaluate(&self, x: F) -> F {
        let d = self.evals.len();
        // At a node the formula divides by zero; answer directly.
        if let Some(k) = x.to_u64() {
            if (k as usize) < d {
                return self.evals[k as usize];
            }
        }
        let nodes: Vec<F> = (0..d as u64).map(F::from_u64).collect();
        // weights w_i = 1 / prod_{j != i} (i - j)
        let mut denominators: Vec<F> = (0..d)
            .map(|i| {
                (0..d)
                    .filter(|&j| j != i)
                    .map(|j| nodes[i] - nodes[j])
                    .product()
            })
            .collect();
        let mut differences: Vec<F> = nodes.iter().map(|n| x - n).collect();
        let full: F = differences.iter().product();
        crate::field::batch_inverse(&mut denominators);
        crate::field::batch_inverse(&mut differences);
        (0..d)
            .map(|i| self.evals[i] * denominators[i] * full * differences[i])
            .sum()
    }
}
