use rayon::prelude::*;

use super::{DensePolynomial, EqPolynomial, MultilinearPolynomial, PARALLEL_THRESHOLD};
use crate::field::Field;

/// A machine integer small enough to be stored instead of a field element.
pub trait SmallScalar: Copy + Send + Sync + Eq + std::fmt::Debug + Default + 'static {
    fn to_field<F: Field>(self) -> F;
}

macro_rules! small_scalar {
    ($t:ty, $conv:ident) => {
        impl SmallScalar for $t {
            #[inline]
            fn to_field<F: Field>(self) -> F {
                F::$conv(self)
            }
        }
    };
}
small_scalar!(u8, from_u8);
small_scalar!(u16, from_u16);
small_scalar!(u32, from_u32);
small_scalar!(u64, from_u64);

/// A multilinear polynomial whose evaluations are small integers, stored as
/// such (1 to 8 bytes an entry instead of 32).
///
/// Binding turns it into field elements: the first bind produces a dense
/// vector of half the length, and the small values are dropped. Committing
/// before any bind uses the small values directly, which is what makes
/// small-valued commitments cheap.
#[derive(Clone, Debug, PartialEq)]
pub struct CompactPolynomial<T: SmallScalar, F: Field> {
    num_vars: usize,
    small: Vec<T>,
    bound: Option<DensePolynomial<F>>,
}

impl<T: SmallScalar, F: Field> CompactPolynomial<T, F> {
    /// # Panics
    /// If the number of values is not a power of two.
    pub fn new(values: Vec<T>) -> Self {
        assert!(
            values.len().is_power_of_two(),
            "a multilinear polynomial needs a power-of-two number of evaluations, got {}",
            values.len()
        );
        Self {
            num_vars: values.len().trailing_zeros() as usize,
            small: values,
            bound: None,
        }
    }

    /// The small values, if no variable has been bound yet.
    pub fn small_values(&self) -> Option<&[T]> {
        self.bound.is_none().then_some(&self.small[..])
    }

    /// Whether binding has already turned it into field elements.
    pub fn is_bound(&self) -> bool {
        self.bound.is_some()
    }

    fn first_bind(&self, f: impl Fn(usize) -> F + Sync + Send) -> DensePolynomial<F> {
        let half = self.small.len() / 2;
        let evals = if half >= PARALLEL_THRESHOLD {
            (0..half).into_par_iter().map(f).collect()
        } else {
            (0..half).map(f).collect()
        };
        DensePolynomial::new(evals)
    }
}

/// `a + r (b - a)` for small `a`, `b`, skipping the product when they agree
/// (common in sparse and flag-like polynomials).
#[inline]
fn interpolate_small<T: SmallScalar, F: Field>(a: T, b: T, r: F) -> F {
    let fa: F = a.to_field();
    if a == b {
        fa
    } else {
        fa + r * (b.to_field::<F>() - fa)
    }
}

impl<T: SmallScalar, F: Field> MultilinearPolynomial<F> for CompactPolynomial<T, F> {
    fn num_vars(&self) -> usize {
        self.num_vars
    }

    #[inline]
    fn get(&self, index: usize) -> F {
        match &self.bound {
            Some(p) => p.get(index),
            None => self.small[index].to_field(),
        }
    }

    fn evaluate(&self, point: &[F]) -> F {
        if let Some(p) = &self.bound {
            return p.evaluate(point);
        }
        assert_eq!(point.len(), self.num_vars, "point has the wrong dimension");
        let eq = EqPolynomial::evals(point);
        // Zero entries cost nothing; the product by a small integer is cheap.
        let term = |(e, v): (&F, &T)| {
            if *v == T::default() {
                F::zero()
            } else {
                *e * v.to_field::<F>()
            }
        };
        if self.small.len() >= PARALLEL_THRESHOLD {
            eq.par_iter().zip(self.small.par_iter()).map(term).sum()
        } else {
            eq.iter().zip(&self.small).map(term).sum()
        }
    }

    fn bind_top_variable(&mut self, r: F) {
        match &mut self.bound {
            Some(p) => p.bind_top_variable(r),
            None => {
                assert!(self.num_vars > 0, "no variable left to bind");
                let half = self.small.len() / 2;
                let small = &self.small;
                self.bound =
                    Some(self.first_bind(|i| interpolate_small(small[i], small[i + half], r)));
                self.small = Vec::new();
            }
        }
        self.num_vars -= 1;
    }

    fn bind_bottom_variable(&mut self, r: F) {
        match &mut self.bound {
            Some(p) => p.bind_bottom_variable(r),
            None => {
                assert!(self.num_vars > 0, "no variable left to bind");
                let small = &self.small;
                self.bound =
                    Some(self.first_bind(|i| interpolate_small(small[2 * i], small[2 * i + 1], r)));
                self.small = Vec::new();
            }
        }
        self.num_vars -= 1;
    }

    fn to_field_evals(&self) -> Vec<F> {
        match &self.bound {
            Some(p) => p.evals().to_vec(),
            None => self.small.iter().map(|v| v.to_field()).collect(),
        }
    }
}
