//! One sum-check engine for every protocol of the project.
//!
//! An instance proves `sum_{x in {0,1}^n} f(x) = claim` for some `f` that is
//! a polynomial of degree at most `d` in each variable (for a product of `k`
//! multilinear polynomials, `d = k`). Each round the prover sends the
//! univariate `s_j(X) = sum_{x'} f(r_1..r_{j-1}, X, x')` and the verifier checks
//! `s_j(0) + s_j(1)` against the running claim, then replaces the claim with
//! `s_j(r_j)` for a fresh challenge `r_j`. Variables are bound from the top
//! (most significant) down, so the final point `r` is in the project's
//! MSB-first order. After `n` rounds the claim is `f(r)`, which the caller
//! must check against its oracles (commitment openings, or values it can
//! compute).
//!
//! Batching: several instances, possibly of different sizes `n_i <= n`, are
//! proven together. An instance of `n_i` variables is treated as a function
//! of `n` variables that ignores its first `n - n_i` ones, so its claim is
//! scaled by `2^(n - n_i)` and its own evaluation point is the last `n_i`
//! coordinates of `r`. The prover sends `sum_i c_i s_{i,j}(X)` for random
//! `c_i` drawn after all claims are absorbed.
//!
//! Round polynomials travel compressed: the evaluations at `0, 2, 3, .., D`
//! (the verifier recovers `s(1) = claim - s(0)`), so a degree-`D` round costs
//! `D` field elements.

mod product;

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

pub use product::ProductSumcheck;

use crate::errors::ProofError;
use crate::field::Field;
use crate::poly::UniPoly;
use crate::transcript::Transcript;

/// The prover's side of one sum-check instance.
pub trait SumcheckInstance<F: Field>: Send + Sync {
    /// Number of variables (rounds).
    fn num_vars(&self) -> usize;
    /// Degree of the round polynomials.
    fn degree(&self) -> usize;
    /// The sum being proven.
    fn claim(&self) -> F;
    /// `s(t)` for `t = 0..=degree` in the current round.
    fn round_evals(&self) -> Vec<F>;
    /// Fixes the current top variable to `r`.
    fn bind(&mut self, r: F);
}

/// The prover's messages: one compressed round polynomial per round.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct SumcheckProof<F: Field> {
    /// For each round, `s(0), s(2), s(3), .., s(D)`.
    pub round_polys: Vec<Vec<F>>,
}

/// What the verifier is left with: the random point and the claimed value
/// of the batched polynomial there, and the batching coefficients.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SumcheckOutput<F: Field> {
    /// The challenges `r_1..r_n`, MSB first.
    pub point: Vec<F>,
    /// `sum_i c_i f_i(r_i)` as claimed by the last round.
    pub final_claim: F,
    /// `c_i`, one per instance.
    pub coefficients: Vec<F>,
}

impl<F: Field> SumcheckOutput<F> {
    /// The evaluation point of an instance of `num_vars` variables: the last
    /// `num_vars` coordinates of the batched point.
    pub fn point_for(&self, num_vars: usize) -> &[F] {
        &self.point[self.point.len() - num_vars..]
    }

    /// Checks `final_claim = sum_i c_i * evals[i]`, where `evals[i]` is what
    /// the caller knows `f_i` to be at its point.
    pub fn check_final(&self, evals: &[F]) -> Result<(), ProofError> {
        if evals.len() != self.coefficients.len() {
            return Err(ProofError::Malformed(format!(
                "{} final evaluations for {} instances",
                evals.len(),
                self.coefficients.len()
            )));
        }
        let expected: F = evals
            .iter()
            .zip(&self.coefficients)
            .map(|(e, c)| *e * c)
            .sum();
        if expected == self.final_claim {
            Ok(())
        } else {
            Err(ProofError::SumcheckFinal("batched evaluation mismatch"))
        }
    }
}

fn absorb_statement<F: Field>(
    transcript: &mut Transcript,
    claims: &[F],
    num_vars: &[usize],
    degree: usize,
) -> Vec<F> {
    transcript.append_u64(b"sumcheck_instances", claims.len() as u64);
    transcript.append_u64(b"sumcheck_degree", degree as u64);
    for (claim, n) in claims.iter().zip(num_vars) {
        transcript.append_u64(b"sumcheck_num_vars", *n as u64);
        transcript.append_scalar(b"sumcheck_claim", claim);
    }
    if claims.len() == 1 {
        vec![F::one()]
    } else {
        transcript.challenge_scalars(b"sumcheck_batching", claims.len())
    }
}

/// `claim * 2^k`: an instance of `n - k` variables viewed over `n`.
fn scale_by_power_of_two<F: Field>(claim: F, k: usize) -> F {
    (0..k).fold(claim, |acc, _| acc.double())
}

/// Proves a batch of sum-check instances; returns the proof and the point.
///
/// The round polynomial of the batch has degree `max_i degree_i`; an
/// instance of lower degree has its evaluations extended by interpolation.
pub fn prove_batched<F: Field>(
    instances: &mut [&mut dyn SumcheckInstance<F>],
    transcript: &mut Transcript,
) -> (SumcheckProof<F>, Vec<F>) {
    assert!(!instances.is_empty(), "sum-check of no instance");
    let num_vars: Vec<usize> = instances.iter().map(|i| i.num_vars()).collect();
    let degree = instances
        .iter()
        .map(|i| i.degree())
        .max()
        .unwrap_or(1)
        .max(1);
    let n = *num_vars.iter().max().unwrap();
    let claims: Vec<F> = instances.iter().map(|i| i.claim()).collect();
    let coefficients = absorb_statement(transcript, &claims, &num_vars, degree);

    // Running claims of instances while they are still in their dummy rounds.
    let mut dummy_claims: Vec<F> = claims
        .iter()
        .zip(&num_vars)
        .map(|(c, ni)| scale_by_power_of_two(*c, n - ni))
        .collect();
    let two_inverse = F::from_u64(2).inverse().expect("2 is invertible");

    let mut round_polys = Vec::with_capacity(n);
    let mut point = Vec::with_capacity(n);
    for round in 0..n {
        let mut combined = vec![F::zero(); degree + 1];
        for (i, instance) in instances.iter().enumerate() {
            let evals = if round < n - num_vars[i] {
                // Constant in X: half the running claim at both 0 and 1.
                vec![dummy_claims[i] * two_inverse; degree + 1]
            } else {
                extend_evals(instance.round_evals(), degree)
            };
            for (acc, e) in combined.iter_mut().zip(evals) {
                *acc += coefficients[i] * e;
            }
        }
        let compressed: Vec<F> = std::iter::once(combined[0])
            .chain(combined[2..].iter().copied())
            .collect();
        transcript.append_scalars(b"sumcheck_round", &compressed);
        let r: F = transcript.challenge_scalar(b"sumcheck_challenge");
        for (i, instance) in instances.iter_mut().enumerate() {
            if round < n - num_vars[i] {
                dummy_claims[i] *= two_inverse;
            } else {
                instance.bind(r);
            }
        }
        round_polys.push(compressed);
        point.push(r);
    }
    (SumcheckProof { round_polys }, point)
}

/// Evaluations at `0..=degree` of the polynomial given at `0..evals.len()`.
fn extend_evals<F: Field>(evals: Vec<F>, degree: usize) -> Vec<F> {
    if evals.len() == degree + 1 {
        return evals;
    }
    assert!(
        evals.len() <= degree + 1,
        "instance reported more evaluations than its degree"
    );
    let poly = UniPoly::from_evals(evals);
    (0..=degree as u64)
        .map(|t| poly.evaluate(F::from_u64(t)))
        .collect()
}

/// Verifies a batch: `claims[i]` over `num_vars[i]` variables, round
/// polynomials of degree at most `degree`.
///
/// On success the caller still owes the final check,
/// [`SumcheckOutput::check_final`], with the instances' evaluations at their
/// points.
pub fn verify_batched<F: Field>(
    proof: &SumcheckProof<F>,
    claims: &[F],
    num_vars: &[usize],
    degree: usize,
    transcript: &mut Transcript,
) -> Result<SumcheckOutput<F>, ProofError> {
    if claims.is_empty() || claims.len() != num_vars.len() {
        return Err(ProofError::Malformed(
            "sum-check statement has no or mismatched claims".into(),
        ));
    }
    let degree = degree.max(1);
    let n = *num_vars.iter().max().unwrap();
    if proof.round_polys.len() != n {
        return Err(ProofError::Malformed(format!(
            "sum-check has {} rounds, expected {n}",
            proof.round_polys.len()
        )));
    }
    let coefficients = absorb_statement(transcript, claims, num_vars, degree);
    let mut claim: F = claims
        .iter()
        .zip(num_vars)
        .zip(&coefficients)
        .map(|((c, ni), coeff)| scale_by_power_of_two(*c, n - ni) * coeff)
        .sum();
    let mut point = Vec::with_capacity(n);
    for (round, compressed) in proof.round_polys.iter().enumerate() {
        if compressed.len() != degree {
            return Err(ProofError::SumcheckRound {
                round,
                reason: "round polynomial has the wrong degree",
            });
        }
        transcript.append_scalars(b"sumcheck_round", compressed);
        let r: F = transcript.challenge_scalar(b"sumcheck_challenge");
        // s(1) = claim - s(0) is implied, which is the check s(0) + s(1) = claim.
        let mut evals = Vec::with_capacity(degree + 1);
        evals.push(compressed[0]);
        evals.push(claim - compressed[0]);
        evals.extend_from_slice(&compressed[1..]);
        claim = UniPoly::from_evals(evals).evaluate(r);
        point.push(r);
    }
    Ok(SumcheckOutput {
        point,
        final_claim: claim,
        coefficients,
    })
}

/// Proves a single instance.
pub fn prove<F: Field>(
    instance: &mut dyn SumcheckInstance<F>,
    transcript: &mut Transcript,
) -> (SumcheckProof<F>, Vec<F>) {
    prove_batched(&mut [instance], transcript)
}

/// Verifies a single instance; returns the point and the claimed `f(r)`.
pub fn verify<F: Field>(
    proof: &SumcheckProof<F>,
    claim: F,
    num_vars: usize,
    degree: usize,
    transcript: &mut Transcript,
) -> Result<(Vec<F>, F), ProofError> {
    let out = verify_batched(proof, &[claim], &[num_vars], degree, transcript)?;
    Ok((out.point, out.final_claim))
}

#[cfg(test)]
mod tests;
