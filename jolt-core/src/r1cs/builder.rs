//! Constraints written once.
//!
//! A uniform constraint system is the same list of rank-1 constraints
//! `a * b = c` at every cycle, over the witness columns of that cycle and
//! of the next one. Constraint code states them once, against a
//! [`ConstraintBuilder`]; the recorded [`UniformR1cs`] is then interpreted
//! by every back end: the witness checker ([`UniformR1cs::check`], which
//! names the first violated constraint and cycle), the prover's `Az`,
//! `Bz`, `Cz` on the sum-check's points (compiled from
//! [`UniformR1cs::constraints`] by [`super::spartan`]) and the verifier's
//! evaluation of them at the columns' evaluations
//! ([`UniformR1cs::evaluate_at`]). Nothing about the constraints travels in
//! a proof: the verifier records them from the same code.

use std::ops::{Add, Mul, Neg, Sub};

use lasso::field::Field;

/// A witness column at the current cycle or at the next one. At the last
/// cycle the next one reads as 0 (the trace does not wrap around).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Var {
    pub column: usize,
    pub next: bool,
}

/// `sum_t coeff_t * var_t + constant`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lc<F> {
    pub terms: Vec<(Var, F)>,
    pub constant: F,
}

impl<F: Field> Lc<F> {
    pub fn constant(c: F) -> Self {
        Self {
            terms: Vec::new(),
            constant: c,
        }
    }

    pub fn zero() -> Self {
        Self::constant(F::zero())
    }

    pub fn one() -> Self {
        Self::constant(F::one())
    }

    pub fn var(v: Var) -> Self {
        Self {
            terms: vec![(v, F::one())],
            constant: F::zero(),
        }
    }

    /// The combination's value given each variable's.
    pub fn evaluate(&self, value: impl Fn(Var) -> F) -> F {
        self.terms
            .iter()
            .fold(self.constant, |acc, (v, c)| acc + *c * value(*v))
    }
}

impl<F: Field> From<u64> for Lc<F> {
    fn from(c: u64) -> Self {
        Lc::constant(F::from_u64(c))
    }
}

impl<F: Field> Add for Lc<F> {
    type Output = Lc<F>;
    fn add(mut self, rhs: Lc<F>) -> Lc<F> {
        self.constant += rhs.constant;
        self.terms.extend(rhs.terms);
        self
    }
}

impl<F: Field> Neg for Lc<F> {
    type Output = Lc<F>;
    fn neg(self) -> Lc<F> {
        self * -F::one()
    }
}

impl<F: Field> Sub for Lc<F> {
    type Output = Lc<F>;
    fn sub(self, rhs: Lc<F>) -> Lc<F> {
        self + -rhs
    }
}

impl<F: Field> Mul<F> for Lc<F> {
    type Output = Lc<F>;
    fn mul(mut self, c: F) -> Lc<F> {
        self.constant *= c;
        for (_, coeff) in &mut self.terms {
            *coeff *= c;
        }
        self
    }
}

/// One constraint `a * b = c`, with the name the checker reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint<F> {
    pub name: String,
    pub a: Lc<F>,
    pub b: Lc<F>,
    pub c: Lc<F>,
}

/// What constraint code writes against.
pub trait ConstraintBuilder<F: Field> {
    /// Column `column` at the current cycle.
    fn cur(&self, column: usize) -> Lc<F>;
    /// Column `column` at the next cycle (0 after the last).
    fn next(&self, column: usize) -> Lc<F>;
    /// `a * b = c`.
    fn constrain(&mut self, name: &str, a: Lc<F>, b: Lc<F>, c: Lc<F>);

    /// `x = 0`.
    fn assert_zero(&mut self, name: &str, x: Lc<F>) {
        self.constrain(name, x, Lc::one(), Lc::zero());
    }
    /// `x = y`.
    fn assert_eq(&mut self, name: &str, x: Lc<F>, y: Lc<F>) {
        self.assert_zero(name, x - y);
    }
    /// `x in {0, 1}`.
    fn assert_bool(&mut self, name: &str, x: Lc<F>) {
        self.constrain(name, x.clone(), x - Lc::one(), Lc::zero());
    }
    /// `condition => x = y`, as `condition * (x - y) = 0`.
    fn assert_eq_if(&mut self, name: &str, condition: Lc<F>, x: Lc<F>, y: Lc<F>) {
        self.constrain(name, condition, x - y, Lc::zero());
    }
}

/// A uniform R1CS: `num_columns` witness columns per cycle and the
/// constraints that hold at every cycle. Only [`UniformR1cs::build`] makes
/// one, so every variable names an existing column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UniformR1cs<F> {
    num_columns: usize,
    constraints: Vec<Constraint<F>>,
}

/// The builder that records constraints.
struct Recorder<F> {
    num_columns: usize,
    constraints: Vec<Constraint<F>>,
}

impl<F: Field> ConstraintBuilder<F> for Recorder<F> {
    fn cur(&self, column: usize) -> Lc<F> {
        assert!(column < self.num_columns, "column {column} does not exist");
        Lc::var(Var {
            column,
            next: false,
        })
    }

    fn next(&self, column: usize) -> Lc<F> {
        assert!(column < self.num_columns, "column {column} does not exist");
        Lc::var(Var { column, next: true })
    }

    fn constrain(&mut self, name: &str, a: Lc<F>, b: Lc<F>, c: Lc<F>) {
        self.constraints.push(Constraint {
            name: name.to_string(),
            a,
            b,
            c,
        });
    }
}

/// The first violated constraint, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("constraint {index} ({name}) fails at cycle {cycle}")]
pub struct Violation {
    pub index: usize,
    pub name: String,
    pub cycle: usize,
}

impl<F: Field> UniformR1cs<F> {
    /// Records the constraints `eval` writes over `num_columns` columns.
    pub fn build(num_columns: usize, eval: impl FnOnce(&mut dyn ConstraintBuilder<F>)) -> Self {
        let mut recorder = Recorder {
            num_columns,
            constraints: Vec::new(),
        };
        eval(&mut recorder);
        Self {
            num_columns,
            constraints: recorder.constraints,
        }
    }

    pub fn num_columns(&self) -> usize {
        self.num_columns
    }

    pub fn constraints(&self) -> &[Constraint<F>] {
        &self.constraints
    }

    /// Every constraint's coefficients, for the transcript: a proof is
    /// about this system and no other (constants included).
    pub fn absorb(&self, transcript: &mut lasso::transcript::Transcript) {
        transcript.append_u64(b"r1cs_columns", self.num_columns as u64);
        transcript.append_u64(b"r1cs_constraints", self.constraints.len() as u64);
        for c in &self.constraints {
            for lc in [&c.a, &c.b, &c.c] {
                transcript.append_scalar(b"r1cs_constant", &lc.constant);
                transcript.append_u64(b"r1cs_terms", lc.terms.len() as u64);
                for (v, coeff) in &lc.terms {
                    transcript.append_u64(b"r1cs_var", (v.column as u64) << 1 | v.next as u64);
                    transcript.append_scalar(b"r1cs_coeff", coeff);
                }
            }
        }
    }

    /// Whether any constraint reads column `column` at the next cycle.
    pub fn reads_next(&self, column: usize) -> bool {
        self.constraints.iter().any(|c| {
            [&c.a, &c.b, &c.c]
                .iter()
                .any(|lc| lc.terms.iter().any(|(v, _)| v.next && v.column == column))
        })
    }

    /// The witness checker: the first constraint (in cycle order, then
    /// constraint order) that `value(column, cycle)` violates over
    /// `cycles` cycles.
    pub fn check(&self, cycles: usize, value: impl Fn(usize, usize) -> F) -> Result<(), Violation> {
        for i in 0..cycles {
            let at = |v: Var| {
                let row = i + v.next as usize;
                if row < cycles {
                    value(v.column, row)
                } else {
                    F::zero()
                }
            };
            for (k, c) in self.constraints.iter().enumerate() {
                if c.a.evaluate(at) * c.b.evaluate(at) != c.c.evaluate(at) {
                    return Err(Violation {
                        index: k,
                        name: c.name.clone(),
                        cycle: i,
                    });
                }
            }
        }
        Ok(())
    }

    /// The verifier's side: `sum_j beta^j (A_j B_j - C_j)` at column
    /// values `cur` (this cycle) and `next` (the next one), in
    /// `O(constraints + terms)`. At evaluations of the columns' multilinear
    /// extensions this is the outer sum-check's integrand.
    pub fn evaluate_at(&self, cur: &[F], next: &[F], beta: F) -> F {
        let at = |v: Var| {
            if v.next {
                next[v.column]
            } else {
                cur[v.column]
            }
        };
        let mut power = F::one();
        let mut acc = F::zero();
        for c in &self.constraints {
            acc += power * (c.a.evaluate(at) * c.b.evaluate(at) - c.c.evaluate(at));
            power *= beta;
        }
        acc
    }
}
