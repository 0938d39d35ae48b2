//! Spartan for a uniform R1CS: proves that committed columns satisfy the
//! same constraints at every cycle, without building the matrices.
//!
//! # Statement
//!
//! Columns `z_0..z_{V-1}` of `N = 2^n` cycles (committed by the caller) and
//! a [`UniformR1cs`] of `K` constraints `A_j(z, z') * B_j(z, z') =
//! C_j(z, z')`, where `A_j`, `B_j`, `C_j` are affine in the cycle's values
//! `z` and the next cycle's `z'` (which read 0 after the last cycle): they
//! hold at every cycle.
//!
//! # Protocol
//!
//! 1. `tau in F^n`, `beta in F`. **Outer sum-check** (degree 3) of
//!    `0 = sum_x eq(tau, x) sum_j beta^j (A_j B_j - C_j)(z~(x), zs~(x))`
//!    over the cycles, where `zs_c` is column `c` shifted by one cycle
//!    (`zs_c[i] = z_c[i + 1]`), for the columns read at the next cycle. If a
//!    constraint fails at a cycle, the `beta`-combination is nonzero there
//!    except with probability `K / |F|`, and then the sum is a nonzero
//!    multilinear polynomial in `tau`, zero with probability `n / |F|`.
//!    Batching the constraints by `beta` first is what the uniform
//!    structure buys: the sum-check runs over the `N` cycles, not the `N K`
//!    rows of the matrices, and the prover holds the columns (small
//!    integers until the first bind), never `Az`, `Bz`, `Cz`.
//! 2. The sum-check ends at `r`; the prover sends every `z_c~(r)` and the
//!    shifted columns' `zs_c~(r)`, and the verifier evaluates the integrand
//!    itself from them and the constraint list
//!    ([`UniformR1cs::evaluate_at`]): the matrices' side costs it
//!    `O(terms)`, so Spartan's inner sum-check (which reduces a matrix-vector
//!    product to one witness evaluation) has nothing left to do.
//! 3. **Shift sum-check** (degree 2) for the shifted values, batched with
//!    random `mu_c`: `sum_c mu_c zs_c~(r) = sum_y shift(r, y)
//!    sum_c mu_c z_c(y)`, where `shift(x, y)` is 1 iff `y = x + 1`
//!    ([`lasso::poly::shift_eval`], `O(n)` for the verifier). It ends at
//!    `r_s`; the prover sends `z_c~(r_s)`.
//! 4. The caller opens `z_c~(r)` for every column and `z_c~(r_s)` for the
//!    shifted ones through its accumulator ([`SpartanClaims`]).
//!
//! The prover's work is `O(N (V + T))` field operations for `T` terms in
//! all the constraints, in `O(N V)` memory (half of it after the first
//! round, whose values are still small integers); a constraint whose `A`
//! vanishes on both halves of a pair (a flag that is off, most of them) is
//! skipped.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use lasso::errors::ProofError;
use lasso::field::Field;
use lasso::poly::{
    eq_eval, evaluate_many, shift_eval, DensePolynomial, EqPolynomial, MultilinearPolynomial,
    Polynomial,
};
use lasso::sumcheck::{self, ProductSumcheck, SumcheckInstance, SumcheckProof};
use lasso::transcript::Transcript;
use rayon::prelude::*;

use super::builder::{UniformR1cs, Var};

/// A Spartan proof (see the module documentation for each part).
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct SpartanProof<F: Field> {
    pub outer: SumcheckProof<F>,
    /// Every column at the outer point `r`.
    pub evals: Vec<F>,
    /// `zs_c~(r)` for every column read at the next cycle.
    pub shifted: Vec<F>,
    pub shift_sumcheck: SumcheckProof<F>,
    /// Those columns at `r_s`.
    pub shift_evals: Vec<F>,
}

impl<F: Field> SpartanProof<F> {
    pub fn size_in_bytes(&self) -> usize {
        self.compressed_size()
    }
}

/// The openings a Spartan proof leaves to the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpartanClaims<F> {
    /// Every column `c` at `cycle_point` (the outer point) is `evals[c]`.
    pub cycle_point: Vec<F>,
    pub evals: Vec<F>,
    /// Column `shift_columns[t]` at `shift_point` is `shift_evals[t]`.
    pub shift_point: Vec<F>,
    pub shift_columns: Vec<usize>,
    pub shift_evals: Vec<F>,
}

fn absorb_shape<F: Field>(transcript: &mut Transcript, r1cs: &UniformR1cs<F>, n: usize) {
    transcript.append_u64(b"spartan_log_cycles", n as u64);
    r1cs.absorb(transcript);
}

fn shift_columns<F: Field>(r1cs: &UniformR1cs<F>) -> Vec<usize> {
    (0..r1cs.num_columns())
        .filter(|&c| r1cs.reads_next(c))
        .collect()
}

/// Proves that `columns` (all of `2^n` entries, already committed and
/// absorbed by the caller) satisfy `r1cs` at every cycle. An unsatisfying
/// witness yields a proof the verifier rejects.
pub fn prove<F: Field>(
    r1cs: &UniformR1cs<F>,
    columns: &[&Polynomial<F>],
    transcript: &mut Transcript,
) -> (SpartanProof<F>, SpartanClaims<F>) {
    assert_eq!(
        columns.len(),
        r1cs.num_columns(),
        "one polynomial per column"
    );
    assert!(!columns.is_empty(), "a system of no column");
    let n = columns[0].num_vars();
    assert!(
        columns.iter().all(|p| p.num_vars() == n),
        "columns of different lengths"
    );
    let cycles = 1usize << n;
    absorb_shape(transcript, r1cs, n);
    let tau: Vec<F> = transcript.challenge_scalars(b"spartan_tau", n);
    let beta: F = transcript.challenge_scalar(b"spartan_beta");

    let shift_cols = shift_columns(r1cs);
    let mut outer = OuterZerocheck::new(r1cs, columns, &shift_cols, &tau, beta);
    let (outer_proof, r) = sumcheck::prove(&mut outer, transcript);
    let (evals, shifted) = outer.final_values(columns.len());
    drop(outer);
    transcript.append_scalars(b"spartan_evals", &evals);
    transcript.append_scalars(b"spartan_shifted", &shifted);

    let (shift_sumcheck, shift_point, shift_evals) = if shift_cols.is_empty() {
        (
            SumcheckProof {
                round_polys: Vec::new(),
            },
            Vec::new(),
            Vec::new(),
        )
    } else {
        let mu: Vec<F> = transcript.challenge_powers(b"spartan_mu", shift_cols.len());
        // shift(r, y) = eq(r, y - 1) for y >= 1.
        let eq_r = EqPolynomial::evals(&r);
        let mut weights = vec![F::zero(); cycles];
        weights[1..].copy_from_slice(&eq_r[..cycles - 1]);
        drop(eq_r);
        let combined: Vec<F> = (0..cycles)
            .into_par_iter()
            .map(|y| {
                shift_cols
                    .iter()
                    .zip(&mu)
                    .map(|(&c, m)| *m * columns[c].get(y))
                    .sum()
            })
            .collect();
        let claim: F = shifted.iter().zip(&mu).map(|(s, m)| *s * m).sum();
        let mut instance = ProductSumcheck::new(
            vec![
                DensePolynomial::new(weights),
                DensePolynomial::new(combined),
            ],
            |v: &[F]| v[0] * v[1],
            2,
            claim,
        );
        let (proof, point) = sumcheck::prove(&mut instance, transcript);
        let polys: Vec<&Polynomial<F>> = shift_cols.iter().map(|&c| columns[c]).collect();
        let values = evaluate_many(&polys, &point);
        transcript.append_scalars(b"spartan_shift_evals", &values);
        (proof, point, values)
    };

    (
        SpartanProof {
            outer: outer_proof,
            evals: evals.clone(),
            shifted,
            shift_sumcheck,
            shift_evals: shift_evals.clone(),
        },
        SpartanClaims {
            cycle_point: r,
            evals,
            shift_point,
            shift_columns: shift_cols,
            shift_evals,
        },
    )
}

/// One affine combination, compiled against the zerocheck's slots
/// (columns, then shifted columns).
struct SlotLc<F> {
    ones: Vec<usize>,
    scaled: Vec<(usize, F)>,
    constant: F,
}

impl<F: Field> SlotLc<F> {
    fn new(lc: &super::builder::Lc<F>, slot: impl Fn(Var) -> usize) -> Self {
        let mut out = Self {
            ones: Vec::new(),
            scaled: Vec::new(),
            constant: lc.constant,
        };
        for (v, c) in &lc.terms {
            if c.is_one() {
                out.ones.push(slot(*v));
            } else {
                out.scaled.push((slot(*v), *c));
            }
        }
        out
    }

    #[inline]
    fn eval(&self, values: &[F]) -> F {
        let mut acc = self.constant;
        for &s in &self.ones {
            acc += values[s];
        }
        for (s, c) in &self.scaled {
            acc += *c * values[*s];
        }
        acc
    }

    fn is_zero(&self) -> bool {
        self.ones.is_empty() && self.scaled.is_empty() && self.constant.is_zero()
    }
}

/// The outer sum-check's prover: the columns and their shifts, bound in
/// place, and `eq(tau, .)`.
struct OuterZerocheck<F: Field> {
    slots: Vec<Polynomial<F>>,
    eq: DensePolynomial<F>,
    constraints: Vec<[SlotLc<F>; 3]>,
    /// `beta^j`, and whether `C_j` is identically zero (so that a zero `A_j`
    /// lets the prover skip the constraint).
    weights: Vec<(F, bool)>,
}

impl<F: Field> OuterZerocheck<F> {
    fn new(
        r1cs: &UniformR1cs<F>,
        columns: &[&Polynomial<F>],
        shift_cols: &[usize],
        tau: &[F],
        beta: F,
    ) -> Self {
        let v = columns.len();
        let slot = |var: Var| {
            if var.next {
                v + shift_cols
                    .iter()
                    .position(|&c| c == var.column)
                    .expect("every column read at the next cycle is shifted")
            } else {
                var.column
            }
        };
        let mut slots: Vec<Polynomial<F>> = columns.iter().map(|p| (*p).clone()).collect();
        slots.extend(shift_cols.iter().map(|&c| columns[c].shifted_by_one()));
        let constraints: Vec<[SlotLc<F>; 3]> = r1cs
            .constraints()
            .iter()
            .map(|c| {
                [
                    SlotLc::new(&c.a, slot),
                    SlotLc::new(&c.b, slot),
                    SlotLc::new(&c.c, slot),
                ]
            })
            .collect();
        let mut power = F::one();
        let weights = constraints
            .iter()
            .map(|c| {
                let w = (power, c[2].is_zero());
                power *= beta;
                w
            })
            .collect();
        Self {
            slots,
            eq: DensePolynomial::new(EqPolynomial::evals(tau)),
            constraints,
            weights,
        }
    }

    /// `sum_j beta^j (A_j B_j - C_j)` at four points at once: `values[t]`
    /// holds every slot at `X = t`.
    fn integrand(&self, values: &[Vec<F>; 4], out: &mut [F; 4]) {
        for (lcs, &(w, c_is_zero)) in self.constraints.iter().zip(&self.weights) {
            let a0 = lcs[0].eval(&values[0]);
            let a1 = lcs[0].eval(&values[1]);
            if c_is_zero && a0.is_zero() && a1.is_zero() {
                continue;
            }
            let slope = a1 - a0;
            let mut a = a0;
            for (t, o) in out.iter_mut().enumerate() {
                if t > 0 {
                    a += slope;
                }
                let term = a * lcs[1].eval(&values[t]) - lcs[2].eval(&values[t]);
                *o += w * term;
            }
        }
    }

    fn final_values(&self, num_columns: usize) -> (Vec<F>, Vec<F>) {
        let all: Vec<F> = self.slots.iter().map(|p| p.get(0)).collect();
        (all[..num_columns].to_vec(), all[num_columns..].to_vec())
    }
}

impl<F: Field> SumcheckInstance<F> for OuterZerocheck<F> {
    fn num_vars(&self) -> usize {
        self.eq.num_vars()
    }

    fn degree(&self) -> usize {
        3
    }

    fn claim(&self) -> F {
        F::zero()
    }

    fn round_evals(&self) -> Vec<F> {
        let half = self.eq.len() / 2;
        let k = self.slots.len();
        let init = || {
            (
                [F::zero(); 4],
                std::array::from_fn::<Vec<F>, 4, _>(|_| vec![F::zero(); k]),
                [F::zero(); 4],
            )
        };
        let step = |mut acc: ([F; 4], [Vec<F>; 4], [F; 4]), i: usize| {
            let (sums, values, inner) = (&mut acc.0, &mut acc.1, &mut acc.2);
            for (s, p) in self.slots.iter().enumerate() {
                let (v0, v1) = (p.get(i), p.get(i + half));
                let d = v1 - v0;
                values[0][s] = v0;
                values[1][s] = v1;
                values[2][s] = v1 + d;
                values[3][s] = v1 + d + d;
            }
            *inner = [F::zero(); 4];
            self.integrand(values, inner);
            let e = self.eq.evals();
            let (e0, de) = (e[i], e[i + half] - e[i]);
            let mut eq_t = e0;
            for (t, sum) in sums.iter_mut().enumerate() {
                if t > 0 {
                    eq_t += de;
                }
                *sum += eq_t * inner[t];
            }
            acc
        };
        let sums = (0..half)
            .into_par_iter()
            .fold(init, step)
            .map(|acc| acc.0)
            .reduce(
                || [F::zero(); 4],
                |mut a, b| {
                    a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                    a
                },
            );
        sums.to_vec()
    }

    fn bind(&mut self, r: F) {
        self.slots
            .par_iter_mut()
            .for_each(|p| p.bind_top_variable(r));
        self.eq.bind_top_variable(r);
    }
}

/// Verifies a Spartan proof over `2^n` cycles; on success returns the
/// claims the caller must open against its commitments (absorbed before
/// this call).
pub fn verify<F: Field>(
    r1cs: &UniformR1cs<F>,
    n: usize,
    proof: &SpartanProof<F>,
    transcript: &mut Transcript,
) -> Result<SpartanClaims<F>, ProofError> {
    let shift_cols = shift_columns(r1cs);
    let expect = |what: &str, got: usize, want: usize| {
        if got == want {
            Ok(())
        } else {
            Err(ProofError::Malformed(format!(
                "Spartan: {got} {what}, expected {want}"
            )))
        }
    };
    expect("column evaluations", proof.evals.len(), r1cs.num_columns())?;
    expect("shifted evaluations", proof.shifted.len(), shift_cols.len())?;
    expect("shift openings", proof.shift_evals.len(), shift_cols.len())?;
    absorb_shape(transcript, r1cs, n);
    let tau: Vec<F> = transcript.challenge_scalars(b"spartan_tau", n);
    let beta: F = transcript.challenge_scalar(b"spartan_beta");

    let (r, final_claim) = sumcheck::verify(&proof.outer, F::zero(), n, 3, transcript)?;
    let mut next = vec![F::zero(); r1cs.num_columns()];
    for (&col, s) in shift_cols.iter().zip(&proof.shifted) {
        next[col] = *s;
    }
    if eq_eval(&tau, &r) * r1cs.evaluate_at(&proof.evals, &next, beta) != final_claim {
        return Err(ProofError::SumcheckFinal(
            "Spartan outer sum-check: the constraints do not hold at the columns' evaluations",
        ));
    }
    transcript.append_scalars(b"spartan_evals", &proof.evals);
    transcript.append_scalars(b"spartan_shifted", &proof.shifted);
    let r_i = &r[..];

    let shift_point = if shift_cols.is_empty() {
        if !proof.shift_sumcheck.round_polys.is_empty() {
            return Err(ProofError::Malformed(
                "Spartan: a shift sum-check with no shifted column".into(),
            ));
        }
        Vec::new()
    } else {
        let mu: Vec<F> = transcript.challenge_powers(b"spartan_mu", shift_cols.len());
        let claim: F = proof.shifted.iter().zip(&mu).map(|(s, m)| *s * m).sum();
        let (point, final_claim) =
            sumcheck::verify(&proof.shift_sumcheck, claim, n, 2, transcript)?;
        let combined: F = proof.shift_evals.iter().zip(&mu).map(|(e, m)| *e * m).sum();
        if shift_eval(r_i, &point) * combined != final_claim {
            return Err(ProofError::SumcheckFinal(
                "Spartan shift sum-check: the next-cycle values do not match",
            ));
        }
        transcript.append_scalars(b"spartan_shift_evals", &proof.shift_evals);
        point
    };
    Ok(SpartanClaims {
        cycle_point: r_i.to_vec(),
        evals: proof.evals.clone(),
        shift_point,
        shift_columns: shift_cols,
        shift_evals: proof.shift_evals.clone(),
    })
}
