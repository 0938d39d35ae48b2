use rayon::prelude::*;

use super::{DensePolynomial, EqPolynomial, MultilinearPolynomial, PARALLEL_THRESHOLD};
use crate::field::Field;

/// A machine integer small enough to be stored instead of a field element.
pub trait SmallScalar: Copy + Send + Sync + Eq + std::fmt::Debug + Default + 'static {
    fn to_field<F: Field>(self) -> F;
    fn to_u64(self) -> u64;
}

macro_rules! small_scalar {
    ($t:ty, $conv:ident) => {
        impl SmallScalar for $t {
            #[inline]
            fn to_field<F: Field>(self) -> F {
                F::$conv(self)
            }
            #[inline]
            fn to_u64(self) -> u64 {
                self as u64
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

    /// Whether entry `index` is zero, without converting a small value into
    /// the field.
    #[inline]
    pub fn is_zero_at(&self, index: usize) -> bool {
        match &self.bound {
            Some(p) => p.evals()[index].is_zero(),
            None => self.small[index] == T::default(),
        }
    }

    /// Whether binding has already turned it into field elements.
    pub fn is_bound(&self) -> bool {
        self.bound.is_some()
    }

    /// The first bind: `a + r (b - a)` for each pair of entries
    /// `(a, b) = (small[lo], small[hi])` that `pair(i)` names.
    fn first_bind(
        &self,
        r: F,
        pair: impl Fn(usize) -> (usize, usize) + Sync + Send,
    ) -> DensePolynomial<F> {
        let half = self.small.len() / 2;
        let interpolation = SmallInterpolation::new(&self.small, r, half);
        let f = |i| {
            let (lo, hi) = pair(i);
            interpolation.at(self.small[lo], self.small[hi])
        };
        let evals = if half >= PARALLEL_THRESHOLD {
            (0..half).into_par_iter().map(f).collect()
        } else {
            (0..half).map(f).collect()
        };
        DensePolynomial::new(evals)
    }
}

/// `a + r (b - a)` for the small values of one polynomial.
///
/// When every value is below the number of results, two tables built with
/// additions alone (`v` and `r v` for each `v` up to the largest value)
/// replace the conversions into the field and the product: a first bind of
/// flags, counts or chunks then costs one addition per entry.
struct SmallInterpolation<F> {
    r: F,
    /// `v` as a field element, for `v = 0..=max` (empty: no tables).
    values: Vec<F>,
    /// `r v`, for `v = 0..=max`.
    r_multiples: Vec<F>,
}

impl<F: Field> SmallInterpolation<F> {
    fn new<T: SmallScalar>(small: &[T], r: F, num_results: usize) -> Self {
        let max = if small.len() >= PARALLEL_THRESHOLD {
            small.par_iter().map(|v| v.to_u64()).max()
        } else {
            small.iter().map(|v| v.to_u64()).max()
        }
        .unwrap_or(0);
        let (mut values, mut r_multiples) = (Vec::new(), Vec::new());
        if max < num_results as u64 {
            let running_sums = |step: F| {
                std::iter::successors(Some(F::zero()), move |v| Some(*v + step))
                    .take(max as usize + 1)
                    .collect::<Vec<F>>()
            };
            values = running_sums(F::one());
            r_multiples = running_sums(r);
        }
        Self {
            r,
            values,
            r_multiples,
        }
    }

    #[inline]
    fn at<T: SmallScalar>(&self, a: T, b: T) -> F {
        if self.values.is_empty() {
            return interpolate_small(a, b, self.r);
        }
        let (a, b) = (a.to_u64() as usize, b.to_u64() as usize);
        if b >= a {
            self.values[a] + self.r_multiples[b - a]
        } else {
            self.values[a] - self.r_multiples[a - b]
        }
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
                self.bound = Some(self.first_bind(r, |i| (i, i + half)));
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
                self.bound = Some(self.first_bind(r, |i| (2 * i, 2 * i + 1)));
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
