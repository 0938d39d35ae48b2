//! Spartan for a uniform R1CS: proves that committed columns satisfy the
//! same constraints at every cycle, without building the matrices.
//!
//! # Statement
//!
//! Columns `z_0..z_{V-1}` of `N = 2^n` cycles (committed by the caller) and
//! a [`UniformR1cs`] of `K = 2^k` constraints (padded with `0 * 0 = 0`):
//! for every cycle `i` and constraint `j`, `Az(i, j) Bz(i, j) = Cz(i, j)`,
//! where `Az(i, j) = sum_c A_j[c] z_c(i) + A_j[c'] z_c(i + 1) + A_j[1]`
//! (the next cycle's values read 0 after the last).
//!
//! # Protocol
//!
//! 1. `tau in F^(n + k)`. **Outer sum-check** (degree 3) of
//!    `0 = sum_{(i, j)} eq(tau, (i, j)) (Az Bz - Cz)(i, j)` over the
//!    `N K` pairs, cycle bits first. If any pair violates its constraint,
//!    the sum is a nonzero multilinear polynomial in `tau`, which vanishes
//!    with probability at most `(n + k) / |F|`. The sum-check ends at
//!    `(r_i, r_j)`; the prover sends `a, b, c`, the claimed `Az~, Bz~, Cz~`
//!    there, and the verifier checks `eq(tau, r) (a b - c)` against the
//!    final claim.
//! 2. **The matrices' side** (the uniform structure): since every cycle has
//!    the same constraints,
//!    `Az~(r_i, r_j) = sum_c A~_c(r_j) z_c~(r_i) + sum_c A'~_c(r_j)
//!    zshift_c(r_i) + A~_1(r_j)`, where `A~_c(r_j) = sum_j eq(r_j, j) A_j[c]`
//!    is computed by the verifier from the constraint list
//!    ([`UniformR1cs::matrix_evals`]) and
//!    `zshift_c(r_i) = sum_i eq(r_i, i) z_c(i + 1)`. The prover sends every
//!    `z_c~(r_i)` and, for the columns read at the next cycle,
//!    `zshift_c(r_i)`; the verifier checks the three equations.
//! 3. **Shift sum-check** (degree 2) for the shifted values, batched with
//!    random `mu_c`: `sum_c mu_c zshift_c(r_i) = sum_y shift(r_i, y)
//!    sum_c mu_c z_c(y)`, where `shift(x, y)` is 1 iff `y = x + 1`
//!    ([`lasso::poly::shift_eval`], `O(n)` for the verifier). It ends at
//!    `r_s`; the prover sends `z_c~(r_s)`.
//! 4. The caller opens `z_c~(r_i)` for every column and `z_c~(r_s)` for the
//!    shifted ones through its accumulator ([`SpartanClaims`]).
//!
//! The prover's work is `O(N K)` for the outer sum-check (it materialises
//! `Az`, `Bz`, `Cz`, never a matrix) and `O(N V)` for the rest.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use lasso::errors::ProofError;
use lasso::field::Field;
use lasso::poly::{
    eq_eval, evaluate_many, shift_eval, DensePolynomial, EqPolynomial, MultilinearPolynomial,
    Polynomial,
};
use lasso::sumcheck::{self, ProductSumcheck, SumcheckProof};
use lasso::transcript::Transcript;
use rayon::prelude::*;

use super::builder::UniformR1cs;

/// A Spartan proof (see the module documentation for each part).
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct SpartanProof<F: Field> {
    pub outer: SumcheckProof<F>,
    /// `Az~, Bz~, Cz~` at the outer point.
    pub abc: Vec<F>,
    /// Every column at `r_i`.
    pub evals: Vec<F>,
    /// `zshift_c(r_i)` for every column read at the next cycle.
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
    /// Every column `c` at `cycle_point` is `evals[c]`.
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
    let (cycles, k) = (1usize << n, r1cs.log_constraints());
    let width = 1usize << k;
    absorb_shape(transcript, r1cs, n);
    let tau: Vec<F> = transcript.challenge_scalars(b"spartan_tau", n + k);

    // Az, Bz, Cz over (cycle, constraint), cycle bits first.
    let mut az = vec![F::zero(); cycles * width];
    let mut bz = vec![F::zero(); cycles * width];
    let mut cz = vec![F::zero(); cycles * width];
    az.par_chunks_mut(width)
        .zip(bz.par_chunks_mut(width))
        .zip(cz.par_chunks_mut(width))
        .enumerate()
        .for_each_init(
            || {
                (
                    vec![F::zero(); columns.len()],
                    vec![F::zero(); columns.len()],
                )
            },
            |(cur, next), (i, ((a, b), c))| {
                for (k, p) in columns.iter().enumerate() {
                    cur[k] = p.get(i);
                    next[k] = if i + 1 < cycles {
                        p.get(i + 1)
                    } else {
                        F::zero()
                    };
                }
                r1cs.evaluate_rows(cur, next, a, b, c);
            },
        );
    let mut outer = ProductSumcheck::new(
        vec![
            DensePolynomial::new(EqPolynomial::evals(&tau)),
            DensePolynomial::new(az),
            DensePolynomial::new(bz),
            DensePolynomial::new(cz),
        ],
        |v: &[F]| v[0] * (v[1] * v[2] - v[3]),
        3,
        F::zero(),
    );
    let (outer_proof, r) = sumcheck::prove(&mut outer, transcript);
    let finals = outer.final_evaluations();
    let abc = vec![finals[1], finals[2], finals[3]];
    drop(outer);
    transcript.append_scalars(b"spartan_abc", &abc);

    let r_i = r[..n].to_vec();
    let evals = evaluate_many(columns, &r_i);
    transcript.append_scalars(b"spartan_evals", &evals);

    let shift_cols = shift_columns(r1cs);
    let eq_i = EqPolynomial::evals(&r_i);
    let shifted: Vec<F> = shift_cols
        .iter()
        .map(|&c| {
            (0..cycles - 1)
                .into_par_iter()
                .map(|i| eq_i[i] * columns[c].get(i + 1))
                .sum()
        })
        .collect();
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
        // shift(r_i, y) = eq(r_i, y - 1) for y >= 1.
        let mut weights = vec![F::zero(); cycles];
        weights[1..].copy_from_slice(&eq_i[..cycles - 1]);
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
            abc,
            evals: evals.clone(),
            shifted,
            shift_sumcheck,
            shift_evals: shift_evals.clone(),
        },
        SpartanClaims {
            cycle_point: r_i,
            evals,
            shift_point,
            shift_columns: shift_cols,
            shift_evals,
        },
    )
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
    let k = r1cs.log_constraints();
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
    expect("matrix evaluations", proof.abc.len(), 3)?;
    expect("column evaluations", proof.evals.len(), r1cs.num_columns())?;
    expect("shifted evaluations", proof.shifted.len(), shift_cols.len())?;
    expect("shift openings", proof.shift_evals.len(), shift_cols.len())?;
    absorb_shape(transcript, r1cs, n);
    let tau: Vec<F> = transcript.challenge_scalars(b"spartan_tau", n + k);

    let (r, final_claim) = sumcheck::verify(&proof.outer, F::zero(), n + k, 3, transcript)?;
    let (a, b, c) = (proof.abc[0], proof.abc[1], proof.abc[2]);
    if eq_eval(&tau, &r) * (a * b - c) != final_claim {
        return Err(ProofError::SumcheckFinal(
            "Spartan outer sum-check: Az * Bz - Cz does not match",
        ));
    }
    transcript.append_scalars(b"spartan_abc", &proof.abc);
    transcript.append_scalars(b"spartan_evals", &proof.evals);
    transcript.append_scalars(b"spartan_shifted", &proof.shifted);

    let (r_i, r_j) = r.split_at(n);
    let mut shifted = vec![F::zero(); r1cs.num_columns()];
    for (&col, s) in shift_cols.iter().zip(&proof.shifted) {
        shifted[col] = *s;
    }
    for (m, (matrix, claimed)) in r1cs.matrix_evals(r_j).iter().zip(&proof.abc).enumerate() {
        let value = matrix.constant
            + matrix
                .cur
                .iter()
                .zip(&proof.evals)
                .map(|(w, e)| *w * e)
                .sum::<F>()
            + matrix
                .next
                .iter()
                .zip(&shifted)
                .map(|(w, e)| *w * e)
                .sum::<F>();
        if value != *claimed {
            return Err(ProofError::Invalid(format!(
                "Spartan: the {} matrix evaluation does not match the columns",
                ["A", "B", "C"][m]
            )));
        }
    }

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
