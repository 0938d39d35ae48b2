//! Collects every claimed evaluation of a proof and proves them all with one
//! batched opening at the end.
//!
//! Claims `f_i(r_i) = v_i` arrive at different points and for polynomials of
//! different sizes `n_i`. One batched sum-check (degree 2) reduces them to a
//! single point `r*` of `n = max n_i` variables:
//!
//! ```text
//! sum_i c_i v_i = sum_i c_i sum_{x in {0,1}^(n_i)} eq(r_i, x) f_i(x)
//! ```
//!
//! after which instance `i` stands at the last `n_i` coordinates `s_i` of
//! `r*`; the prover sends `y_i = f_i(s_i)` and the verifier checks the
//! sum-check's final claim `sum_i c_i eq(r_i, s_i) y_i`. A commitment to `f_i`
//! is also a commitment to `f_i` zero-padded at the top to `n` variables,
//! whose value at `r*` is `prod_{j < n - n_i} (1 - r*_j) * y_i`, so a single
//! [`CommitmentScheme::batch_prove`] at `r*` opens all of them.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

use super::{linear_combination, CommitmentScheme};
use crate::errors::ProofError;
use crate::field::Field;
use crate::poly::{eq_eval, DensePolynomial, EqPolynomial, MultilinearPolynomial, Polynomial};
use crate::sumcheck::{self, ProductSumcheck, SumcheckInstance, SumcheckProof};
use crate::transcript::Transcript;

/// The single opening proof of a whole accumulator.
#[derive(Clone, Debug, PartialEq, CanonicalSerialize, CanonicalDeserialize)]
pub struct BatchedOpeningProof<F: Field, PCS: CommitmentScheme<F>> {
    /// Reduces all claims to one point.
    pub sumcheck: SumcheckProof<F>,
    /// `f_i` at its suffix of the common point.
    pub evals: Vec<F>,
    /// The joint opening at the common point.
    pub opening: PCS::Proof,
}

/// `prod_{j < n - n_i} (1 - r_j)`: the value of the zero-padding selector.
fn padding_factor<F: Field>(point: &[F], num_vars: usize) -> F {
    point[..point.len() - num_vars]
        .iter()
        .map(|r| F::one() - r)
        .product()
}

/// The claims, commitments included: every challenge of the opening comes
/// after them, so no commitment can be chosen once the reduced point is
/// known (a polynomial picked after `r*` could match a false claim at its
/// own point and a true one at `r*`).
fn absorb_claims<F: Field, C: CanonicalSerialize>(
    transcript: &mut Transcript,
    commitments: &[C],
    points: &[&[F]],
    evals: &[F],
) {
    transcript.append_u64(b"acc_commitments", commitments.len() as u64);
    for c in commitments {
        transcript.append_serializable(b"acc_commitment", c);
    }
    transcript.append_u64(b"acc_openings", evals.len() as u64);
    for (point, eval) in points.iter().zip(evals) {
        transcript.append_scalars(b"acc_point", point);
        transcript.append_scalar(b"acc_eval", eval);
    }
}

/// `rho^0..rho^(k-1)` for merging `k` claims at one point, drawn after the
/// commitments being merged (as well as their values, which the caller
/// absorbed): a commitment chosen after `rho` could cancel a false claim
/// about another one inside the merged claim.
fn merge_challenges<F: Field, C: CanonicalSerialize>(
    commitments: &[&C],
    transcript: &mut Transcript,
) -> Vec<F> {
    for c in commitments {
        transcript.append_serializable(b"acc_merge_commitment", *c);
    }
    transcript.challenge_powers(b"acc_merge", commitments.len())
}

/// The prover's accumulator: polynomials with their commitments, points
/// and values.
pub struct ProverOpeningAccumulator<F: Field, PCS: CommitmentScheme<F>> {
    polys: Vec<Polynomial<F>>,
    commitments: Vec<PCS::Commitment>,
    points: Vec<Vec<F>>,
    evals: Vec<F>,
}

impl<F: Field, PCS: CommitmentScheme<F>> Default for ProverOpeningAccumulator<F, PCS> {
    fn default() -> Self {
        Self::new()
    }
}

impl<F: Field, PCS: CommitmentScheme<F>> ProverOpeningAccumulator<F, PCS> {
    pub fn new() -> Self {
        Self {
            polys: Vec::new(),
            commitments: Vec::new(),
            points: Vec::new(),
            evals: Vec::new(),
        }
    }

    /// Records the claim `poly(point) = eval` about the polynomial of
    /// `commitment`.
    ///
    /// # Panics
    /// If the point's dimension is not the polynomial's.
    pub fn append(
        &mut self,
        poly: Polynomial<F>,
        commitment: PCS::Commitment,
        point: Vec<F>,
        eval: F,
    ) {
        debug_assert_eq!(
            poly.evaluate(&point),
            eval,
            "the prover is about to claim a false evaluation"
        );
        self.append_claim(poly, commitment, point, eval);
    }

    /// Records the claims `polys[j](point) = evals[j]` as one: `(sum_j rho^j
    /// p_j)(point) = sum_j rho^j evals[j]`, for `rho` drawn here, after the
    /// commitments (absorbed here) and the `evals` (which the caller must
    /// have absorbed). The verifier merges the commitments
    /// the same way ([`VerifierOpeningAccumulator::append_merged`]); by
    /// Schwartz-Zippel in `rho`, one false claim makes the merged one false
    /// except with probability `len / |F|`. Merging first keeps the batched
    /// opening's sum-check to one dense polynomial per point.
    pub fn append_merged(
        &mut self,
        polys: &[&Polynomial<F>],
        commitments: &[&PCS::Commitment],
        point: Vec<F>,
        evals: &[F],
        transcript: &mut Transcript,
    ) {
        assert_eq!(polys.len(), evals.len(), "one evaluation per polynomial");
        assert_eq!(
            polys.len(),
            commitments.len(),
            "one commitment per polynomial"
        );
        let rho = merge_challenges(commitments, transcript);
        let eval = evals.iter().zip(&rho).map(|(v, r)| *v * r).sum();
        let merged = linear_combination(polys, &rho, point.len());
        let commitment = PCS::combine_commitments(commitments, &rho);
        self.append(Polynomial::Dense(merged), commitment, point, eval);
    }

    /// Records a claim without checking it: a cheating prover's move, kept
    /// for soundness tests.
    fn append_claim(
        &mut self,
        poly: Polynomial<F>,
        commitment: PCS::Commitment,
        point: Vec<F>,
        eval: F,
    ) {
        assert_eq!(
            poly.num_vars(),
            point.len(),
            "opening point of the wrong dimension"
        );
        self.polys.push(poly);
        self.commitments.push(commitment);
        self.points.push(point);
        self.evals.push(eval);
    }

    pub fn len(&self) -> usize {
        self.evals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.evals.is_empty()
    }

    /// Proves every recorded claim.
    pub fn prove(
        self,
        pk: &PCS::ProverKey,
        transcript: &mut Transcript,
    ) -> BatchedOpeningProof<F, PCS> {
        assert!(!self.is_empty(), "no opening to prove");
        let points: Vec<&[F]> = self.points.iter().map(|p| p.as_slice()).collect();
        absorb_claims(transcript, &self.commitments, &points, &self.evals);

        let product = |v: &[F]| v[0] * v[1];
        let mut instances: Vec<_> = self
            .polys
            .iter()
            .zip(&self.points)
            .zip(&self.evals)
            .map(|((poly, point), eval)| {
                let eq = DensePolynomial::new(EqPolynomial::evals(point));
                ProductSumcheck::new(vec![eq, poly.to_dense()], product, 2, *eval)
            })
            .collect();
        let mut refs: Vec<&mut dyn SumcheckInstance<F>> = instances
            .iter_mut()
            .map(|i| i as &mut dyn SumcheckInstance<F>)
            .collect();
        let (sumcheck, point) = sumcheck::prove_batched(&mut refs, transcript);
        let evals: Vec<F> = instances.iter().map(|i| i.final_evaluations()[1]).collect();
        transcript.append_scalars(b"acc_reduced_evals", &evals);

        let padded: Vec<F> = evals
            .iter()
            .zip(&self.polys)
            .map(|(y, p)| padding_factor(&point, p.num_vars()) * y)
            .collect();
        let poly_refs: Vec<&Polynomial<F>> = self.polys.iter().collect();
        let opening = PCS::batch_prove(pk, &poly_refs, &point, &padded, transcript);
        BatchedOpeningProof {
            sumcheck,
            evals,
            opening,
        }
    }
}

/// The verifier's accumulator: commitments with points and claimed values.
pub struct VerifierOpeningAccumulator<F: Field, PCS: CommitmentScheme<F>> {
    commitments: Vec<PCS::Commitment>,
    points: Vec<Vec<F>>,
    evals: Vec<F>,
}

impl<F: Field, PCS: CommitmentScheme<F>> Default for VerifierOpeningAccumulator<F, PCS> {
    fn default() -> Self {
        Self::new()
    }
}

impl<F: Field, PCS: CommitmentScheme<F>> VerifierOpeningAccumulator<F, PCS> {
    pub fn new() -> Self {
        Self {
            commitments: Vec::new(),
            points: Vec::new(),
            evals: Vec::new(),
        }
    }

    /// Records the claim that `commitment`'s polynomial (of `point.len()`
    /// variables) evaluates to `eval` at `point`.
    pub fn append(&mut self, commitment: PCS::Commitment, point: Vec<F>, eval: F) {
        self.commitments.push(commitment);
        self.points.push(point);
        self.evals.push(eval);
    }

    /// The verifier's side of [`ProverOpeningAccumulator::append_merged`].
    pub fn append_merged(
        &mut self,
        commitments: &[&PCS::Commitment],
        point: Vec<F>,
        evals: &[F],
        transcript: &mut Transcript,
    ) -> Result<(), ProofError> {
        if commitments.len() != evals.len() {
            return Err(ProofError::Malformed(format!(
                "{} evaluations for {} commitments",
                evals.len(),
                commitments.len()
            )));
        }
        let rho = merge_challenges(commitments, transcript);
        let eval = evals.iter().zip(&rho).map(|(v, r)| *v * r).sum();
        self.append(PCS::combine_commitments(commitments, &rho), point, eval);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.evals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.evals.is_empty()
    }

    /// Checks every recorded claim against the batched proof.
    pub fn verify(
        self,
        vk: &PCS::VerifierKey,
        proof: &BatchedOpeningProof<F, PCS>,
        transcript: &mut Transcript,
    ) -> Result<(), ProofError> {
        if self.is_empty() {
            return Err(ProofError::Malformed("no opening to verify".into()));
        }
        if proof.evals.len() != self.len() {
            return Err(ProofError::Malformed(format!(
                "{} reduced evaluations for {} openings",
                proof.evals.len(),
                self.len()
            )));
        }
        let points: Vec<&[F]> = self.points.iter().map(|p| p.as_slice()).collect();
        absorb_claims(transcript, &self.commitments, &points, &self.evals);

        let num_vars: Vec<usize> = self.points.iter().map(|p| p.len()).collect();
        let out = sumcheck::verify_batched(&proof.sumcheck, &self.evals, &num_vars, 2, transcript)?;
        let expected: Vec<F> = self
            .points
            .iter()
            .zip(&proof.evals)
            .map(|(r, y)| eq_eval(r, out.point_for(r.len())) * y)
            .collect();
        out.check_final(&expected)?;
        transcript.append_scalars(b"acc_reduced_evals", &proof.evals);

        let padded: Vec<F> = proof
            .evals
            .iter()
            .zip(&num_vars)
            .map(|(y, n)| padding_factor(&out.point, *n) * y)
            .collect();
        let commitments: Vec<&PCS::Commitment> = self.commitments.iter().collect();
        PCS::batch_verify(
            vk,
            &commitments,
            &out.point,
            &padded,
            &proof.opening,
            transcript,
        )
    }
}

#[cfg(test)]
mod tests {
    use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
    use rand::{Rng, SeedableRng};

    use super::*;
    use crate::field::Fr;
    use crate::pcs::hyperkzg::HyperKzg;
    use crate::poly::CompactPolynomial;

    type Pcs = HyperKzg;

    struct Fixture {
        commitments: Vec<<Pcs as CommitmentScheme<Fr>>::Commitment>,
        points: Vec<Vec<Fr>>,
        evals: Vec<Fr>,
        proof: BatchedOpeningProof<Fr, Pcs>,
        vk: <Pcs as CommitmentScheme<Fr>>::VerifierKey,
    }

    /// Openings of polynomials of 0..=7 variables in several representations,
    /// two of them sharing a point, all proven together.
    fn fixture() -> Fixture {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(42);
        let pk = Pcs::setup_from_seed(7, b"accumulator test");
        let vk = Pcs::verifier_key(&pk);
        let polys: Vec<Polynomial<Fr>> = vec![
            DensePolynomial::new((0..1 << 7).map(|_| Fr::random(&mut rng)).collect()).into(),
            CompactPolynomial::<u8, Fr>::new((0..1 << 5).map(|_| rng.gen()).collect()).into(),
            CompactPolynomial::<u64, Fr>::new((0..1 << 7).map(|_| rng.gen()).collect()).into(),
            DensePolynomial::new(vec![Fr::random(&mut rng)]).into(),
            CompactPolynomial::<u32, Fr>::new((0..1 << 3).map(|_| rng.gen()).collect()).into(),
        ];
        let shared_point: Vec<Fr> = (0..7).map(|_| Fr::random(&mut rng)).collect();
        let points: Vec<Vec<Fr>> = polys
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i == 0 || i == 2 {
                    shared_point.clone()
                } else {
                    (0..p.num_vars()).map(|_| Fr::random(&mut rng)).collect()
                }
            })
            .collect();
        let commitments: Vec<_> = polys.iter().map(|p| Pcs::commit(&pk, p)).collect();
        let evals: Vec<Fr> = polys
            .iter()
            .zip(&points)
            .map(|(p, r)| p.evaluate(r))
            .collect();

        let mut acc = ProverOpeningAccumulator::<Fr, Pcs>::new();
        for (((p, c), r), e) in polys.into_iter().zip(&commitments).zip(&points).zip(&evals) {
            acc.append(p, c.clone(), r.clone(), *e);
        }
        let mut t = Transcript::new(b"acc-test");
        let proof = acc.prove(&pk, &mut t);
        Fixture {
            commitments,
            points,
            evals,
            proof,
            vk,
        }
    }

    fn verify_with(
        f: &Fixture,
        commitments: &[<Pcs as CommitmentScheme<Fr>>::Commitment],
        points: &[Vec<Fr>],
        evals: &[Fr],
        proof: &BatchedOpeningProof<Fr, Pcs>,
    ) -> Result<(), ProofError> {
        let mut acc = VerifierOpeningAccumulator::<Fr, Pcs>::new();
        for ((c, r), e) in commitments.iter().zip(points).zip(evals) {
            acc.append(c.clone(), r.clone(), *e);
        }
        let mut t = Transcript::new(b"acc-test");
        acc.verify(&f.vk, proof, &mut t)
    }

    #[test]
    fn all_openings_verify_together() {
        let f = fixture();
        verify_with(&f, &f.commitments, &f.points, &f.evals, &f.proof).unwrap();
    }

    #[test]
    fn a_false_claimed_evaluation_is_rejected() {
        let f = fixture();
        for i in 0..f.evals.len() {
            let mut evals = f.evals.clone();
            evals[i] += Fr::from_u64(1);
            assert!(
                verify_with(&f, &f.commitments, &f.points, &evals, &f.proof).is_err(),
                "eval {i}"
            );
        }
    }

    #[test]
    fn a_prover_claiming_a_false_evaluation_is_stopped_by_the_final_check() {
        // The prover claims a false value and otherwise runs honestly, so the
        // transcripts agree and the final opening is of true values: only the
        // sum-check's final check (eq(r_i, s_i) y_i) can catch the lie.
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(5);
        let pk = Pcs::setup_from_seed(4, b"accumulator test");
        let vk = Pcs::verifier_key(&pk);
        let polys: Vec<Polynomial<Fr>> = (0..2)
            .map(|_| DensePolynomial::new((0..16).map(|_| Fr::random(&mut rng)).collect()).into())
            .collect();
        let point: Vec<Fr> = (0..4).map(|_| Fr::random(&mut rng)).collect();
        let mut evals: Vec<Fr> = polys.iter().map(|p| p.evaluate(&point)).collect();
        evals[1] += Fr::from_u64(1);
        let mut prover = ProverOpeningAccumulator::<Fr, Pcs>::new();
        for (p, e) in polys.iter().zip(&evals) {
            prover.append_claim(p.clone(), Pcs::commit(&pk, p), point.clone(), *e);
        }
        let proof = prover.prove(&pk, &mut Transcript::new(b"lie"));
        let mut verifier = VerifierOpeningAccumulator::<Fr, Pcs>::new();
        for (p, e) in polys.iter().zip(&evals) {
            verifier.append(Pcs::commit(&pk, p), point.clone(), *e);
        }
        let result = verifier.verify(&vk, &proof, &mut Transcript::new(b"lie"));
        assert!(
            matches!(result, Err(ProofError::SumcheckFinal(_))),
            "{result:?}"
        );
    }

    #[test]
    fn a_commitment_chosen_after_the_reduced_point_is_caught() {
        // A false claim p2(r2) = v2 about a commitment the prover picks
        // late. The prover runs the reduction with the constant v2 in place
        // of p2 (so the sum-check is honest), learns the point r*, then
        // commits to p2 = v2 + (x_0 - r*_0): p2(r*) = v2 but p2(r2) != v2.
        // The opening at r* is honest for p2. Had the accumulator not
        // absorbed the commitments before its challenges, this transcript
        // would be the verifier's and the false claim would pass.
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(8);
        let n = 3;
        let pk = Pcs::setup_from_seed(n, b"adaptive");
        let vk = Pcs::verifier_key(&pk);
        let p1: Polynomial<Fr> =
            DensePolynomial::new((0..1 << n).map(|_| Fr::random(&mut rng)).collect()).into();
        let r1: Vec<Fr> = (0..n).map(|_| Fr::random(&mut rng)).collect();
        let r2: Vec<Fr> = (0..n).map(|_| Fr::random(&mut rng)).collect();
        let (v1, v2) = (p1.evaluate(&r1), Fr::from_u64(5));
        let c1 = Pcs::commit(&pk, &p1);
        let placeholder = c1.clone();

        let mut t = Transcript::new(b"adaptive");
        absorb_claims(&mut t, &[c1.clone(), placeholder], &[&r1, &r2], &[v1, v2]);
        let f2 = DensePolynomial::new(vec![v2; 1 << n]);
        let product = |v: &[Fr]| v[0] * v[1];
        let mut instances = [
            ProductSumcheck::new(
                vec![
                    DensePolynomial::new(EqPolynomial::evals(&r1)),
                    p1.to_dense(),
                ],
                product,
                2,
                v1,
            ),
            ProductSumcheck::new(
                vec![DensePolynomial::new(EqPolynomial::evals(&r2)), f2],
                product,
                2,
                v2,
            ),
        ];
        let mut refs: Vec<&mut dyn SumcheckInstance<Fr>> = instances
            .iter_mut()
            .map(|i| i as &mut dyn SumcheckInstance<Fr>)
            .collect();
        let (sumcheck, r_star) = sumcheck::prove_batched(&mut refs, &mut t);
        let evals = vec![p1.evaluate(&r_star), v2];
        t.append_scalars(b"acc_reduced_evals", &evals);
        let p2: Polynomial<Fr> = DensePolynomial::new(
            (0..1usize << n)
                .map(|x| v2 + Fr::from_u64((x >> (n - 1)) as u64) - r_star[0])
                .collect(),
        )
        .into();
        assert_eq!(p2.evaluate(&r_star), v2);
        assert_ne!(p2.evaluate(&r2), v2, "the claim about p2 is false");
        let opening = Pcs::batch_prove(&pk, &[&p1, &p2], &r_star, &evals, &mut t);
        let proof = BatchedOpeningProof {
            sumcheck,
            evals,
            opening,
        };

        let mut verifier = VerifierOpeningAccumulator::<Fr, Pcs>::new();
        verifier.append(c1, r1, v1);
        verifier.append(Pcs::commit(&pk, &p2), r2, v2);
        assert!(verifier
            .verify(&vk, &proof, &mut Transcript::new(b"adaptive"))
            .is_err());
    }

    #[test]
    fn a_commitment_to_more_variables_than_claimed_is_rejected() {
        // A claim about a polynomial of 3 variables whose commitment is to
        // one of 4, (L, H), batched with a claim at a 4-variable point. The
        // prover runs the reduction with L (so the sum-check is honest) and
        // opens the committed (L, H) at the reduced point r*, claiming the
        // padded value (1 - r*_0) L(s) the verifier expects. Its value there
        // is (1 - r*_0) L(s) + r*_0 H(s), so the opening fails unless
        // H(s) = 0. (A claim at the batch's largest point is HyperKZG's own
        // case: see its test of an oversized opening.)
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(9);
        let pk = Pcs::setup_from_seed(4, b"oversized");
        let vk = Pcs::verifier_key(&pk);
        let random = |rng: &mut rand_chacha::ChaCha20Rng, n: usize| -> Vec<Fr> {
            (0..n).map(|_| Fr::random(&mut *rng)).collect()
        };
        let other: Polynomial<Fr> = DensePolynomial::new(random(&mut rng, 16)).into();
        let low: Polynomial<Fr> = DensePolynomial::new(random(&mut rng, 8)).into();
        let (r_other, r_low) = (random(&mut rng, 4), random(&mut rng, 3));
        let (v_other, v_low) = (other.evaluate(&r_other), low.evaluate(&r_low));
        for zero_high in [true, false] {
            let high = if zero_high {
                vec![Fr::from_u64(0); 8]
            } else {
                random(&mut rng, 8)
            };
            let big: Polynomial<Fr> = DensePolynomial::new(
                (0..8)
                    .map(|i| low.get(i))
                    .chain(high.iter().copied())
                    .collect(),
            )
            .into();
            let commitments = [Pcs::commit(&pk, &other), Pcs::commit(&pk, &big)];

            let mut t = Transcript::new(b"oversized");
            absorb_claims(&mut t, &commitments, &[&r_other, &r_low], &[v_other, v_low]);
            let product = |v: &[Fr]| v[0] * v[1];
            let mut instances = [
                ProductSumcheck::new(
                    vec![
                        DensePolynomial::new(EqPolynomial::evals(&r_other)),
                        other.to_dense(),
                    ],
                    product,
                    2,
                    v_other,
                ),
                ProductSumcheck::new(
                    vec![
                        DensePolynomial::new(EqPolynomial::evals(&r_low)),
                        low.to_dense(),
                    ],
                    product,
                    2,
                    v_low,
                ),
            ];
            let mut refs: Vec<&mut dyn SumcheckInstance<Fr>> = instances
                .iter_mut()
                .map(|i| i as &mut dyn SumcheckInstance<Fr>)
                .collect();
            let (sumcheck, r_star) = sumcheck::prove_batched(&mut refs, &mut t);
            let evals = vec![other.evaluate(&r_star), low.evaluate(&r_star[1..])];
            t.append_scalars(b"acc_reduced_evals", &evals);
            let padded = [evals[0], padding_factor(&r_star, 3) * evals[1]];
            let opening = Pcs::batch_prove(&pk, &[&other, &big], &r_star, &padded, &mut t);
            let proof = BatchedOpeningProof {
                sumcheck,
                evals,
                opening,
            };

            let mut verifier = VerifierOpeningAccumulator::<Fr, Pcs>::new();
            verifier.append(commitments[0].clone(), r_other.clone(), v_other);
            verifier.append(commitments[1].clone(), r_low.clone(), v_low);
            let result = verifier.verify(&vk, &proof, &mut Transcript::new(b"oversized"));
            // With H = 0 the cheat is the honest prover (a working attack
            // otherwise).
            assert_eq!(result.is_ok(), zero_high);
        }
    }

    #[test]
    fn a_wrong_point_or_commitment_is_rejected() {
        let f = fixture();
        for i in 0..f.points.len() {
            if f.points[i].is_empty() {
                continue;
            }
            let mut points = f.points.clone();
            points[i][0] += Fr::from_u64(1);
            assert!(
                verify_with(&f, &f.commitments, &points, &f.evals, &f.proof).is_err(),
                "point {i}"
            );
        }
        let mut commitments = f.commitments.clone();
        commitments.swap(0, 2);
        assert!(verify_with(&f, &commitments, &f.points, &f.evals, &f.proof).is_err());
    }

    #[test]
    fn altered_proof_parts_are_rejected() {
        let f = fixture();
        let one = Fr::from_u64(1);
        for i in 0..f.proof.evals.len() {
            let mut proof = f.proof.clone();
            proof.evals[i] += one;
            assert!(
                verify_with(&f, &f.commitments, &f.points, &f.evals, &proof).is_err(),
                "reduced eval {i}"
            );
        }
        for round in 0..f.proof.sumcheck.round_polys.len() {
            let mut proof = f.proof.clone();
            proof.sumcheck.round_polys[round][1] += one;
            assert!(
                verify_with(&f, &f.commitments, &f.points, &f.evals, &proof).is_err(),
                "round {round}"
            );
        }
        let mut proof = f.proof.clone();
        proof.evals.pop();
        assert!(matches!(
            verify_with(&f, &f.commitments, &f.points, &f.evals, &proof),
            Err(ProofError::Malformed(_))
        ));
    }

    #[test]
    fn proof_round_trips_through_bytes_and_garbage_fails() {
        let f = fixture();
        let mut bytes = Vec::new();
        f.proof.serialize_compressed(&mut bytes).unwrap();
        let back = BatchedOpeningProof::<Fr, Pcs>::deserialize_compressed(&bytes[..]).unwrap();
        assert_eq!(back, f.proof);
        verify_with(&f, &f.commitments, &f.points, &f.evals, &back).unwrap();
        for cut in [0, 5, bytes.len() / 2, bytes.len() - 1] {
            assert!(BatchedOpeningProof::<Fr, Pcs>::deserialize_compressed(&bytes[..cut]).is_err());
        }
    }
}
