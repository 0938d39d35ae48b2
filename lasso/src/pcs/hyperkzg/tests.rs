use std::sync::OnceLock;

use ark_ec::PrimeGroup;
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

use super::*;
use crate::field::Field;
use crate::pcs::linear_combination;
use crate::poly::CompactPolynomial;

const MAX_VARS: usize = 10;

fn pk() -> &'static HyperKzgProverKey {
    static PK: OnceLock<HyperKzgProverKey> = OnceLock::new();
    PK.get_or_init(|| HyperKzg::setup_from_seed(MAX_VARS, b"hyperkzg tests"))
}

fn vk() -> HyperKzgVerifierKey {
    HyperKzg::verifier_key(pk())
}

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn random_vec(rng: &mut ChaCha20Rng, len: usize) -> Vec<Fr> {
    (0..len).map(|_| Fr::random(rng)).collect()
}

fn random_dense(rng: &mut ChaCha20Rng, n: usize) -> DensePolynomial<Fr> {
    DensePolynomial::new(random_vec(rng, 1 << n))
}

/// The caller's part of the protocol: a transcript holding the commitment.
fn transcript_with(commitment: &HyperKzgCommitment) -> Transcript {
    let mut t = Transcript::new(b"hyperkzg test");
    t.append_serializable(b"commitment", commitment);
    t
}

/// One honest opening of a random polynomial of `n` variables.
struct Opening {
    poly: DensePolynomial<Fr>,
    commitment: HyperKzgCommitment,
    point: Vec<Fr>,
    eval: Fr,
    proof: HyperKzgProof,
}

fn honest_opening(seed: u64, n: usize) -> Opening {
    let mut rng = rng(seed);
    let poly = random_dense(&mut rng, n);
    let point = random_vec(&mut rng, n);
    let eval = poly.evaluate(&point);
    let commitment = HyperKzg::commit(pk(), &poly.clone().into());
    let proof = HyperKzg::prove(pk(), &poly, &point, eval, &mut transcript_with(&commitment));
    Opening {
        poly,
        commitment,
        point,
        eval,
        proof,
    }
}

fn verify(
    commitment: &HyperKzgCommitment,
    point: &[Fr],
    eval: Fr,
    proof: &HyperKzgProof,
) -> Result<(), ProofError> {
    HyperKzg::verify(
        &vk(),
        commitment,
        point,
        eval,
        proof,
        &mut transcript_with(commitment),
    )
}

fn one() -> Fr {
    Fr::one()
}

fn g1_generator() -> G1Projective {
    G1Projective::generator()
}

// ---------------------------------------------------------------- setup ----

#[test]
fn setup_is_deterministic_prefix_closed_and_well_formed() {
    let a = HyperKzgSrs::from_seed(4, b"seed");
    let b = HyperKzgSrs::from_seed(4, b"seed");
    let c = HyperKzgSrs::from_seed(4, b"other seed");
    let big = HyperKzgSrs::from_seed(6, b"seed");
    assert_eq!(a, b);
    assert_ne!(a.g1_powers()[1], c.g1_powers()[1]);
    assert_eq!(a.g1_powers(), &big.g1_powers()[..16]);
    assert_eq!(a.tau_g2(), big.tau_g2());
    assert_eq!(a.g1_powers().len(), 16);
    assert_eq!(a.max_num_vars(), 4);
    assert_eq!(big.clone().trim(4), a);
    assert_eq!(a.g1_powers()[0], g1_generator().into_affine());

    // The powers really are tau^i G1 for the tau of tau G2.
    let tau = super::srs::tau_from_seed(b"seed");
    let mut expected = g1_generator();
    for p in a.g1_powers() {
        assert_eq!(*p, expected.into_affine());
        expected *= tau;
    }
    assert_eq!(a.tau_g2(), (a.g2().into_group() * tau).into_affine());
    a.check_consistency().unwrap();
    big.check_consistency().unwrap();

    // A key for 0 variables holds one power and still works.
    let tiny = HyperKzgSrs::from_seed(0, b"seed");
    assert_eq!(tiny.g1_powers().len(), 1);
    assert_eq!(tiny.max_num_vars(), 0);
    assert_eq!(HyperKzg::max_num_vars(pk()), MAX_VARS);
    assert_eq!(vk().max_num_vars, MAX_VARS as u64);

    // The verifier key derived alone is the prover key's.
    assert_eq!(
        HyperKzg::verifier_key_from_seed(MAX_VARS, b"hyperkzg tests"),
        vk()
    );
    assert_ne!(
        HyperKzg::verifier_key_from_seed(MAX_VARS, b"other seed"),
        vk()
    );
}

#[test]
fn consistency_check_catches_a_wrong_power() {
    let srs = HyperKzgSrs::from_seed(4, b"seed");
    let mut powers = srs.g1_powers().to_vec();
    powers.swap(3, 4);
    let bad = HyperKzgSrs::from_parts(powers, srs.g2(), srs.tau_g2()).unwrap();
    assert!(bad.check_consistency().is_err());
    let mut powers = srs.g1_powers().to_vec();
    powers[7] = (powers[7].into_group() + g1_generator()).into_affine();
    let bad = HyperKzgSrs::from_parts(powers, srs.g2(), srs.tau_g2()).unwrap();
    assert!(bad.check_consistency().is_err());
    let wrong_tau = HyperKzgSrs::from_parts(
        srs.g1_powers().to_vec(),
        srs.g2(),
        (srs.tau_g2().into_group() + srs.tau_g2().into_group()).into_affine(),
    )
    .unwrap();
    assert!(wrong_tau.check_consistency().is_err());
    assert!(HyperKzgSrs::from_parts(vec![], srs.g2(), srs.tau_g2()).is_err());
    assert!(HyperKzgSrs::from_parts(vec![G1Affine::zero()], srs.g2(), srs.tau_g2()).is_err());
}

#[test]
fn degenerate_secrets_are_rejected_by_the_check_and_by_loading() {
    // tau = 1: every power is G1; tau = -1: they alternate G1, -G1. Both
    // pass the pairing equation, which only relates successive powers.
    let srs = HyperKzgSrs::from_seed(3, b"seed");
    let g = g1_generator().into_affine();
    let ones = vec![g; 8];
    let alternating: Vec<G1Affine> = (0..8).map(|i| if i % 2 == 0 { g } else { -g }).collect();
    for (powers, tau_g2, name) in [
        (ones, srs.g2(), "tau = 1"),
        (alternating, -srs.g2(), "tau = -1"),
    ] {
        let bad = HyperKzgSrs::from_parts(powers, srs.g2(), tau_g2).unwrap();
        let err = bad.check_consistency().unwrap_err();
        assert!(err.to_string().contains(name), "{name}: {err}");
        let path = temp_path("degenerate");
        bad.write_to_file(&path).unwrap();
        assert!(HyperKzgSrs::load_from_file(&path).is_err(), "{name} loaded");
        assert!(HyperKzgSrs::load_from_file_unchecked(&path).is_ok());
        std::fs::remove_file(&path).ok();
    }
}

// ---------------------------------------------------------------- commit ---

#[test]
fn commitment_is_the_msm_of_the_evaluations() {
    let mut rng = rng(1);
    let poly = random_dense(&mut rng, 3);
    let expected: G1Projective = poly
        .evals()
        .iter()
        .zip(pk().srs().g1_powers())
        .map(|(e, g)| g.into_group() * e)
        .sum();
    let c = HyperKzg::commit(pk(), &poly.into());
    assert_eq!(c.0, expected.into_affine());
}

#[test]
fn small_polynomial_commits_like_its_top_padding() {
    let mut rng = rng(2);
    let small = random_dense(&mut rng, 5);
    let mut padded = small.evals().to_vec();
    padded.resize(1 << 8, Fr::zero());
    let padded = DensePolynomial::new(padded);
    let c_small = HyperKzg::commit(pk(), &small.clone().into());
    let c_padded = HyperKzg::commit(pk(), &padded.clone().into());
    assert_eq!(c_small, c_padded);

    // Open the small one at its own point, and the padded one at a point of
    // 8 variables, both against the same commitment.
    let point = random_vec(&mut rng, 5);
    let eval = small.evaluate(&point);
    let proof = HyperKzg::prove(pk(), &small, &point, eval, &mut transcript_with(&c_small));
    verify(&c_small, &point, eval, &proof).unwrap();

    let big_point = random_vec(&mut rng, 8);
    let big_eval = padded.evaluate(&big_point);
    // Padding at the top: p_padded(x_top, x_small) = eq(x_top, 0) p(x_small).
    let top_factor: Fr = big_point[..3].iter().map(|t| one() - t).product();
    assert_eq!(big_eval, top_factor * small.evaluate(&big_point[3..]));
    let proof = HyperKzg::prove(
        pk(),
        &padded,
        &big_point,
        big_eval,
        &mut transcript_with(&c_small),
    );
    verify(&c_small, &big_point, big_eval, &proof).unwrap();
}

#[test]
fn compact_polynomials_commit_like_dense_ones() {
    let mut rng = rng(3);
    let n = 7;
    let u8s: Vec<u8> = (0..1 << n).map(|_| rng.next_u32() as u8).collect();
    let u16s: Vec<u16> = (0..1 << n).map(|_| rng.next_u32() as u16).collect();
    let u32s: Vec<u32> = (0..1 << n).map(|_| rng.next_u32()).collect();
    let u64s: Vec<u64> = (0..1 << n).map(|_| rng.next_u64()).collect();
    let polys: Vec<Polynomial<Fr>> = vec![
        CompactPolynomial::<u8, Fr>::new(u8s).into(),
        CompactPolynomial::<u16, Fr>::new(u16s).into(),
        CompactPolynomial::<u32, Fr>::new(u32s).into(),
        CompactPolynomial::<u64, Fr>::new(u64s).into(),
    ];
    for p in &polys {
        let dense: Polynomial<Fr> = p.to_dense().into();
        assert_eq!(HyperKzg::commit(pk(), p), HyperKzg::commit(pk(), &dense));
        // Once bound, the compact polynomial commits to its field values.
        let mut bound = p.clone();
        bound.bind_bottom_variable(Fr::from(5u64));
        let bound_dense: Polynomial<Fr> = bound.to_dense().into();
        assert_eq!(
            HyperKzg::commit(pk(), &bound),
            HyperKzg::commit(pk(), &bound_dense)
        );
    }
    // batch_commit agrees with commit.
    let refs: Vec<&Polynomial<Fr>> = polys.iter().collect();
    let batch = HyperKzg::batch_commit(pk(), &refs);
    for (c, p) in batch.iter().zip(&polys) {
        assert_eq!(*c, HyperKzg::commit(pk(), p));
    }
}

#[test]
fn compact_polynomial_opens_against_its_commitment() {
    let mut rng = rng(4);
    let values: Vec<u64> = (0..1 << 6).map(|_| rng.next_u64()).collect();
    let poly: Polynomial<Fr> = CompactPolynomial::<u64, Fr>::new(values).into();
    let c = HyperKzg::commit(pk(), &poly);
    let point = random_vec(&mut rng, 6);
    let eval = poly.evaluate(&point);
    let proof = HyperKzg::prove(
        pk(),
        &poly.to_dense(),
        &point,
        eval,
        &mut transcript_with(&c),
    );
    verify(&c, &point, eval, &proof).unwrap();
}

#[test]
#[should_panic(expected = "cannot commit to a polynomial of 11 variables")]
fn committing_beyond_the_key_panics() {
    let poly = DensePolynomial::new(vec![Fr::zero(); 1 << (MAX_VARS + 1)]);
    HyperKzg::commit(pk(), &poly.into());
}

#[test]
fn combine_commitments_commits_to_the_combination() {
    let mut rng = rng(5);
    let polys: Vec<Polynomial<Fr>> = vec![
        random_dense(&mut rng, 6).into(),
        CompactPolynomial::<u8, Fr>::new((0..64).map(|i| i as u8).collect()).into(),
        random_dense(&mut rng, 4).into(),
    ];
    let refs: Vec<&Polynomial<Fr>> = polys.iter().collect();
    let comms: Vec<HyperKzgCommitment> = polys.iter().map(|p| HyperKzg::commit(pk(), p)).collect();
    let comm_refs: Vec<&HyperKzgCommitment> = comms.iter().collect();
    let coeffs = random_vec(&mut rng, 3);
    let combined = linear_combination(&refs, &coeffs, 6);
    assert_eq!(
        HyperKzg::combine_commitments(&comm_refs, &coeffs),
        HyperKzg::commit(pk(), &combined.into())
    );
    assert_eq!(
        HyperKzg::combine_commitments(&[], &[]),
        HyperKzgCommitment(G1Affine::zero())
    );
}

// ---------------------------------------------------------- open/verify ---

#[test]
fn open_and_verify_every_size() {
    for n in 0..=8 {
        let o = honest_opening(100 + n as u64, n);
        assert_eq!(o.proof.folded_commitments.len(), n.saturating_sub(1));
        assert_eq!(o.proof.evals_at_r.len(), n);
        assert_eq!(o.proof.witnesses.len(), if n == 0 { 0 } else { 2 });
        // Prover and verifier transcripts end in the same state.
        let mut pt = transcript_with(&o.commitment);
        let proof = HyperKzg::prove(pk(), &o.poly, &o.point, o.eval, &mut pt);
        assert_eq!(proof, o.proof, "the prover is deterministic");
        let mut vt = transcript_with(&o.commitment);
        HyperKzg::verify(&vk(), &o.commitment, &o.point, o.eval, &o.proof, &mut vt)
            .unwrap_or_else(|e| panic!("n = {n}: {e}"));
        assert_eq!(
            pt.challenge_scalar::<Fr>(b"after"),
            vt.challenge_scalar::<Fr>(b"after")
        );
    }
}

#[test]
fn open_and_verify_at_the_full_key_size_and_special_points() {
    let o = honest_opening(7, MAX_VARS);
    verify(&o.commitment, &o.point, o.eval, &o.proof).unwrap();

    // Boolean points read off the evaluation table (MSB-first).
    let mut rng = rng(8);
    let poly = random_dense(&mut rng, 4);
    let c = HyperKzg::commit(pk(), &poly.clone().into());
    for index in [0usize, 1, 6, 15] {
        let point: Vec<Fr> = (0..4)
            .map(|j| Fr::from(((index >> (3 - j)) & 1) as u64))
            .collect();
        let eval = poly.evals()[index];
        assert_eq!(poly.evaluate(&point), eval);
        let proof = HyperKzg::prove(pk(), &poly, &point, eval, &mut transcript_with(&c));
        verify(&c, &point, eval, &proof).unwrap();
        assert!(verify(&c, &point, eval + one(), &proof).is_err());
    }

    // The zero polynomial (identity commitment).
    let zero = DensePolynomial::new(vec![Fr::zero(); 8]);
    let c = HyperKzg::commit(pk(), &zero.clone().into());
    assert!(c.0.is_zero());
    let point = random_vec(&mut rng, 3);
    let proof = HyperKzg::prove(pk(), &zero, &point, Fr::zero(), &mut transcript_with(&c));
    verify(&c, &point, Fr::zero(), &proof).unwrap();
    assert!(verify(&c, &point, one(), &proof).is_err());
}

#[test]
fn constant_polynomial_opening() {
    let o = honest_opening(9, 0);
    assert_eq!(o.proof, HyperKzgProof::default());
    assert_eq!(o.commitment.0, (g1_generator() * o.eval).into_affine());
    verify(&o.commitment, &[], o.eval, &o.proof).unwrap();
    assert!(verify(&o.commitment, &[], o.eval + one(), &o.proof).is_err());
    let other = HyperKzgCommitment((o.commitment.0.into_group() + g1_generator()).into_affine());
    assert!(verify(&other, &[], o.eval, &o.proof).is_err());
    // A non-empty proof for a constant is malformed.
    let mut padded = o.proof.clone();
    padded.evals_at_r.push(Fr::zero());
    assert!(matches!(
        verify(&o.commitment, &[], o.eval, &padded),
        Err(ProofError::Malformed(_))
    ));
}

// ------------------------------------------------------------ soundness ---

#[test]
fn wrong_claimed_value_is_rejected() {
    // An honest prover run on a false claim.
    for n in 1..=5 {
        let mut rng = rng(20 + n as u64);
        let poly = random_dense(&mut rng, n);
        let point = random_vec(&mut rng, n);
        let wrong = poly.evaluate(&point) + one();
        let c = HyperKzg::commit(pk(), &poly.clone().into());
        let proof = HyperKzg::prove(pk(), &poly, &point, wrong, &mut transcript_with(&c));
        assert!(verify(&c, &point, wrong, &proof).is_err(), "n = {n}");
    }
}

#[test]
fn cheating_fold_is_caught_by_the_folding_check() {
    // The prover corrupts f_{i+1} (and folds on from it), claims the value
    // the corrupted chain ends in, and sends true evaluations of what it
    // committed, so the KZG part is consistent: only the folding check at
    // step i can catch it.
    let n = 5;
    let mut rng = rng(30);
    let poly = random_dense(&mut rng, n);
    let point = random_vec(&mut rng, n);
    let c = HyperKzg::commit(pk(), &poly.clone().into());
    let delta = Fr::from(7u64);
    for i in 0..n - 1 {
        // Adding delta to coefficient 0 of f_{i+1} moves f_n by delta times
        // (1 - u) for each later fold.
        let shift: Fr = (i + 1..n).map(|k| one() - point[n - 1 - k]).product();
        let claimed = poly.evaluate(&point) + delta * shift;
        let proof = HyperKzg::open_impl(
            pk(),
            &poly,
            &point,
            claimed,
            &mut transcript_with(&c),
            Cheat::CorruptFold(i, delta),
        );
        let err = verify(&c, &point, claimed, &proof).unwrap_err();
        assert_eq!(
            err,
            ProofError::Opening(format!(
                "HyperKZG: fold {i} does not match the next evaluation at r^2"
            ))
        );
    }
}

#[test]
fn a_commitment_to_more_variables_than_the_point_has_is_rejected() {
    // A commitment does not say how many variables its polynomial has. A
    // prover commits to f = (L, H) of n + 1 variables and claims L's value
    // at an n-variable point, folding f n times as if it had n variables:
    // the last fold is then H(u) X + L(u), not a constant, and the final
    // folding check fails unless H(u) = 0 (with H = 0 the commitment is L's
    // and the same prover is honest, which shows the cheat is a working
    // prover). So the point's size bounds the polynomial's: no separate
    // degree check is needed.
    let n = 4;
    let mut rng = rng(40);
    let low = random_dense(&mut rng, n);
    let point = random_vec(&mut rng, n);
    let claimed = low.evaluate(&point);
    for high in [vec![Fr::from(0u64); 1 << n], random_vec(&mut rng, 1 << n)] {
        let honest = high.iter().all(|h| *h == Fr::from(0u64));
        let big = DensePolynomial::new(low.evals().iter().chain(&high).copied().collect());
        let c = HyperKzg::commit(pk(), &big.clone().into());
        let proof = HyperKzg::open_impl(
            pk(),
            &big,
            &point,
            claimed,
            &mut transcript_with(&c),
            Cheat::Oversized,
        );
        let result = verify(&c, &point, claimed, &proof);
        if honest {
            result.unwrap();
        } else {
            assert_eq!(
                result.unwrap_err(),
                ProofError::Opening(format!(
                    "HyperKZG: fold {} does not match the next evaluation at r^2",
                    n - 1
                ))
            );
        }
    }
}

#[test]
fn proof_for_another_polynomial_is_caught_by_the_pairing_check() {
    // A proof that is internally consistent (folds, evaluations) for g, given
    // with f's commitment: only the KZG pairing check can catch it.
    let n = 4;
    let mut rng = rng(31);
    let f = random_dense(&mut rng, n);
    let g = random_dense(&mut rng, n);
    let point = random_vec(&mut rng, n);
    let c_f = HyperKzg::commit(pk(), &f.into());
    let g_eval = g.evaluate(&point);
    let proof = HyperKzg::prove(pk(), &g, &point, g_eval, &mut transcript_with(&c_f));
    let err = verify(&c_f, &point, g_eval, &proof).unwrap_err();
    assert_eq!(
        err,
        ProofError::Opening(
            "HyperKZG: the pairing check of the openings at r, -r, r^2 failed".into()
        )
    );
}

#[test]
fn every_altered_proof_element_is_rejected() {
    let n = 4;
    let o = honest_opening(40, n);
    verify(&o.commitment, &o.point, o.eval, &o.proof).unwrap();
    let bump_g1 = |p: &mut G1Affine| *p = (p.into_group() + g1_generator()).into_affine();

    let mut tampered: Vec<(String, HyperKzgProof)> = Vec::new();
    for i in 0..n - 1 {
        let mut p = o.proof.clone();
        bump_g1(&mut p.folded_commitments[i]);
        tampered.push((format!("folded commitment {i}"), p));
    }
    for i in 0..n {
        let mut p = o.proof.clone();
        p.evals_at_r[i] += one();
        tampered.push((format!("f_{i}(r)"), p));
        let mut p = o.proof.clone();
        p.evals_at_minus_r[i] += one();
        tampered.push((format!("f_{i}(-r)"), p));
        let mut p = o.proof.clone();
        p.evals_at_r_squared[i] += one();
        tampered.push((format!("f_{i}(r^2)"), p));
    }
    for j in 0..2 {
        let mut p = o.proof.clone();
        bump_g1(&mut p.witnesses[j]);
        tampered.push((format!("witness {j}"), p));
        let mut p = o.proof.clone();
        p.witnesses[j] = G1Affine::zero();
        tampered.push((format!("witness {j} set to identity"), p));
    }
    {
        let mut p = o.proof.clone();
        p.witnesses.swap(0, 1);
        tampered.push(("witnesses swapped".into(), p));
        let mut p = o.proof.clone();
        p.evals_at_r.swap(0, 1);
        tampered.push(("evaluations swapped".into(), p));
        let mut p = o.proof.clone();
        std::mem::swap(&mut p.evals_at_r, &mut p.evals_at_minus_r);
        tampered.push(("r and -r swapped".into(), p));
    }
    for (what, proof) in &tampered {
        assert!(
            verify(&o.commitment, &o.point, o.eval, proof).is_err(),
            "accepted a proof with an altered {what}"
        );
    }

    // The statement: claimed value, each point coordinate, the commitment.
    assert!(verify(&o.commitment, &o.point, o.eval + one(), &o.proof).is_err());
    for j in 0..n {
        let mut point = o.point.clone();
        point[j] += one();
        assert!(
            verify(&o.commitment, &point, o.eval, &o.proof).is_err(),
            "accepted with coordinate {j} altered"
        );
    }
    let mut other = o.commitment.clone();
    bump_g1(&mut other.0);
    assert!(verify(&other, &o.point, o.eval, &o.proof).is_err());
    // A transcript in another state (e.g. a commitment not absorbed).
    let mut fresh = Transcript::new(b"hyperkzg test");
    assert!(
        HyperKzg::verify(&vk(), &o.commitment, &o.point, o.eval, &o.proof, &mut fresh).is_err()
    );
    // Another key (another tau).
    let other_vk = HyperKzg::verifier_key(&HyperKzg::setup_from_seed(4, b"another seed"));
    assert!(HyperKzg::verify(
        &other_vk,
        &o.commitment,
        &o.point,
        o.eval,
        &o.proof,
        &mut transcript_with(&o.commitment)
    )
    .is_err());
}

#[test]
fn malformed_proofs_are_rejected_without_panicking() {
    let n = 4;
    let o = honest_opening(41, n);
    // Points of other dimensions with this proof.
    for m in [0, 1, 3, 5, 6] {
        let mut rng = rng(m as u64);
        let point = random_vec(&mut rng, m);
        assert!(
            matches!(
                verify(&o.commitment, &point, o.eval, &o.proof),
                Err(ProofError::Malformed(_))
            ),
            "point of {m} variables"
        );
    }
    // A point beyond the key, with a proof of the matching shape.
    let m = MAX_VARS + 1;
    let big = vec![Fr::zero(); m];
    let shaped = HyperKzgProof {
        folded_commitments: vec![G1Affine::zero(); m - 1],
        evals_at_r: vec![Fr::zero(); m],
        evals_at_minus_r: vec![Fr::zero(); m],
        evals_at_r_squared: vec![Fr::zero(); m],
        witnesses: vec![G1Affine::zero(); 2],
    };
    assert!(matches!(
        verify(&o.commitment, &big, o.eval, &shaped),
        Err(ProofError::Malformed(_))
    ));
    // One element too few or too many in each part.
    let mut variants: Vec<HyperKzgProof> = Vec::new();
    for k in 0..5 {
        let mut shorter = o.proof.clone();
        let mut longer = o.proof.clone();
        match k {
            0 => {
                shorter.folded_commitments.pop();
                longer.folded_commitments.push(G1Affine::zero());
            }
            1 => {
                shorter.evals_at_r.pop();
                longer.evals_at_r.push(Fr::zero());
            }
            2 => {
                shorter.evals_at_minus_r.pop();
                longer.evals_at_minus_r.push(Fr::zero());
            }
            3 => {
                shorter.evals_at_r_squared.pop();
                longer.evals_at_r_squared.push(Fr::zero());
            }
            _ => {
                shorter.witnesses.pop();
                longer.witnesses.push(G1Affine::zero());
            }
        }
        variants.push(shorter);
        variants.push(longer);
    }
    variants.push(HyperKzgProof::default());
    for p in &variants {
        assert!(matches!(
            verify(&o.commitment, &o.point, o.eval, p),
            Err(ProofError::Malformed(_))
        ));
    }
}

// ---------------------------------------------------------------- batch ---

#[test]
fn batch_open_across_representations() {
    let mut rng = rng(50);
    let n = 6;
    let polys: Vec<Polynomial<Fr>> = vec![
        random_dense(&mut rng, n).into(),
        CompactPolynomial::<u8, Fr>::new((0..1 << n).map(|_| rng.next_u32() as u8).collect())
            .into(),
        CompactPolynomial::<u64, Fr>::new((0..1 << n).map(|_| rng.next_u64()).collect()).into(),
        random_dense(&mut rng, n - 2).into(),
    ];
    let refs: Vec<&Polynomial<Fr>> = polys.iter().collect();
    let comms = HyperKzg::batch_commit(pk(), &refs);
    let comm_refs: Vec<&HyperKzgCommitment> = comms.iter().collect();
    let point = random_vec(&mut rng, n);
    // The smaller polynomial is zero-padded at the top.
    let evals: Vec<Fr> = polys
        .iter()
        .map(|p| {
            let k = p.num_vars();
            let top: Fr = point[..n - k].iter().map(|t| one() - t).product();
            top * p.evaluate(&point[n - k..])
        })
        .collect();
    let start = || {
        let mut t = Transcript::new(b"hyperkzg batch test");
        t.append_serializable(b"commitments", &comms);
        t
    };
    let proof = HyperKzg::batch_prove(pk(), &refs, &point, &evals, &mut start());
    HyperKzg::batch_verify(&vk(), &comm_refs, &point, &evals, &proof, &mut start()).unwrap();

    for i in 0..evals.len() {
        let mut wrong = evals.clone();
        wrong[i] += one();
        assert!(
            HyperKzg::batch_verify(&vk(), &comm_refs, &point, &wrong, &proof, &mut start())
                .is_err(),
            "accepted a batch with evaluation {i} altered"
        );
        // Even a proof made for the altered claims is rejected.
        let forged = HyperKzg::batch_prove(pk(), &refs, &point, &wrong, &mut start());
        assert!(
            HyperKzg::batch_verify(&vk(), &comm_refs, &point, &wrong, &forged, &mut start())
                .is_err()
        );
    }
    // Commitments swapped, or one missing.
    let mut swapped = comm_refs.clone();
    swapped.swap(0, 1);
    assert!(HyperKzg::batch_verify(&vk(), &swapped, &point, &evals, &proof, &mut start()).is_err());
    assert!(
        HyperKzg::batch_verify(&vk(), &comm_refs[..3], &point, &evals, &proof, &mut start())
            .is_err()
    );
}

// -------------------------------------------------------- serialization ---

fn round_trip<T: CanonicalSerialize + CanonicalDeserialize + PartialEq + std::fmt::Debug>(
    value: &T,
) {
    for compress in [Compress::Yes, Compress::No] {
        let mut bytes = Vec::new();
        value.serialize_with_mode(&mut bytes, compress).unwrap();
        assert_eq!(bytes.len(), value.serialized_size(compress));
        let back = T::deserialize_with_mode(&bytes[..], compress, Validate::Yes).unwrap();
        assert_eq!(&back, value);
        // Every truncation is an error (checked at up to 64 cut points).
        let step = (bytes.len() / 64).max(1);
        for cut in (0..bytes.len()).step_by(step).chain([bytes.len() - 1]) {
            assert!(
                T::deserialize_with_mode(&bytes[..cut], compress, Validate::Yes).is_err(),
                "truncation to {cut} of {} bytes accepted",
                bytes.len()
            );
        }
    }
}

#[test]
fn serialization_round_trips() {
    let o = honest_opening(60, 5);
    round_trip(&o.proof);
    round_trip(&HyperKzgProof::default());
    round_trip(&o.commitment);
    round_trip(&vk());
    let small_pk = HyperKzg::setup_from_seed(5, b"serialization");
    round_trip(&small_pk);

    // A deserialized proof still verifies.
    let mut bytes = Vec::new();
    o.proof.serialize_compressed(&mut bytes).unwrap();
    let proof = HyperKzgProof::deserialize_compressed(&bytes[..]).unwrap();
    verify(&o.commitment, &o.point, o.eval, &proof).unwrap();
    // A deserialized verifier key verifies too.
    let mut bytes = Vec::new();
    vk().serialize_compressed(&mut bytes).unwrap();
    let vk2 = HyperKzgVerifierKey::deserialize_compressed(&bytes[..]).unwrap();
    HyperKzg::verify(
        &vk2,
        &o.commitment,
        &o.point,
        o.eval,
        &o.proof,
        &mut transcript_with(&o.commitment),
    )
    .unwrap();
}

#[test]
fn garbage_bytes_are_errors() {
    let mut rng = rng(61);
    for len in [0usize, 1, 7, 8, 31, 32, 33, 64, 100, 500, 4096] {
        for _ in 0..8 {
            let mut bytes = vec![0u8; len];
            rng.fill_bytes(&mut bytes);
            // Neither panics; proofs and keys of random bytes are errors
            // (random length prefixes run out of bytes).
            assert!(HyperKzgProof::deserialize_compressed(&bytes[..]).is_err());
            assert!(HyperKzgProof::deserialize_uncompressed(&bytes[..]).is_err());
            assert!(HyperKzgProverKey::deserialize_compressed(&bytes[..]).is_err());
            assert!(HyperKzgSrs::from_bytes(&bytes).is_err());
            let _ = HyperKzgVerifierKey::deserialize_compressed(&bytes[..]);
            let _ = HyperKzgCommitment::deserialize_compressed(&bytes[..]);
        }
    }
    // Coordinates at or above the field modulus are rejected.
    let ones = [0xffu8; 256];
    assert!(HyperKzgCommitment::deserialize_compressed(&ones[..]).is_err());
    assert!(HyperKzgCommitment::deserialize_uncompressed(&ones[..]).is_err());
    assert!(HyperKzgVerifierKey::deserialize_compressed(&ones[..]).is_err());
    // A point off the curve: (1, 1) uncompressed.
    let mut off_curve = Vec::new();
    Fr::one().serialize_uncompressed(&mut off_curve).unwrap(); // 32 bytes of x = 1
    off_curve.extend_from_slice(&off_curve.clone());
    assert!(HyperKzgCommitment::deserialize_uncompressed(&off_curve[..]).is_err());
    // A verifier key with identity generators, or with tau = 1 or -1 (a
    // secret everyone knows), is rejected.
    for tau_g2 in [G2Affine::zero(), vk().g2, -vk().g2] {
        let mut degenerate = vk();
        degenerate.tau_g2 = tau_g2;
        let mut bytes = Vec::new();
        degenerate.serialize_compressed(&mut bytes).unwrap();
        assert!(HyperKzgVerifierKey::deserialize_compressed(&bytes[..]).is_err());
    }
}

// ------------------------------------------------------------ SRS files ---

fn temp_path(tag: &str) -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!("hyperkzg-{tag}-{}-{nanos}.srs", std::process::id()))
}

#[test]
fn srs_file_round_trip_and_bad_files() {
    let srs = HyperKzgSrs::from_seed(6, b"file test");
    let path = temp_path("roundtrip");
    srs.write_to_file(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..8], SRS_FILE_MAGIC);
    assert_eq!(bytes.len(), 8 + 8 + 64 * 64 + 2 * 128);
    let loaded = HyperKzgSrs::load_from_file(&path).unwrap();
    assert_eq!(loaded, srs);
    loaded.check_consistency().unwrap();
    // A key from the loaded SRS proves and verifies.
    let pk = HyperKzgProverKey::from(loaded);
    let mut rng = rng(70);
    let poly = random_dense(&mut rng, 6);
    let point = random_vec(&mut rng, 6);
    let eval = poly.evaluate(&point);
    let c = HyperKzg::commit(&pk, &poly.clone().into());
    let proof = HyperKzg::prove(&pk, &poly, &point, eval, &mut transcript_with(&c));
    HyperKzg::verify(
        &pk.verifier_key(),
        &c,
        &point,
        eval,
        &proof,
        &mut transcript_with(&c),
    )
    .unwrap();

    let write = |tag: &str, content: &[u8]| {
        let p = temp_path(tag);
        std::fs::write(&p, content).unwrap();
        let result = HyperKzgSrs::load_from_file(&p);
        std::fs::remove_file(&p).unwrap();
        result
    };
    // Truncated anywhere.
    for cut in [0, 4, 8, 12, 16, 100, bytes.len() - 129, bytes.len() - 1] {
        assert!(write("truncated", &bytes[..cut]).is_err(), "cut at {cut}");
    }
    // Trailing bytes.
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(
        write("trailing", &longer),
        Err(SrsError::TrailingBytes(1))
    ));
    // Wrong magic.
    let mut wrong_magic = bytes.clone();
    wrong_magic[0] ^= 1;
    assert!(matches!(
        write("magic", &wrong_magic),
        Err(SrsError::BadMagic { .. })
    ));
    // Garbage.
    let mut garbage = vec![0u8; bytes.len()];
    rng.fill_bytes(&mut garbage);
    assert!(write("garbage", &garbage).is_err());
    let mut garbage_after_magic = SRS_FILE_MAGIC.to_vec();
    garbage_after_magic.extend_from_slice(&garbage[8..]);
    assert!(write("garbage2", &garbage_after_magic).is_err());
    // A G1 power moved off the curve (flip a bit of the x coordinate of
    // power 3), and the G2 point moved off the curve.
    let mut off_curve = bytes.clone();
    off_curve[16 + 3 * 64] ^= 1;
    assert!(matches!(
        write("offcurve", &off_curve),
        Err(SrsError::Deserialization(_))
    ));
    let mut off_curve_g2 = bytes.clone();
    off_curve_g2[16 + 64 * 64 + 5] ^= 1;
    assert!(write("offcurve2", &off_curve_g2).is_err());
    // Zero powers.
    let mut empty = SRS_FILE_MAGIC.to_vec();
    empty.extend_from_slice(&0u64.to_le_bytes());
    empty.extend_from_slice(&bytes[bytes.len() - 256..]);
    assert!(write("empty", &empty).is_err());
    // Missing file.
    std::fs::remove_file(&path).unwrap();
    assert!(matches!(
        HyperKzgSrs::load_from_file(&path),
        Err(SrsError::Io { .. })
    ));
    // Unwritable path.
    assert!(srs
        .write_to_file(std::env::temp_dir().join("no-such-dir-hyperkzg/x.srs"))
        .is_err());
}

// ---------------------------------------------------------- Fiat-Shamir ---

#[test]
fn every_challenge_depends_on_everything_sent_before_it() {
    let n = 3;
    let o = honest_opening(80, n);
    // [r, q, z, and a challenge drawn after the opening].
    let challenges =
        |commitment: &HyperKzgCommitment, point: &[Fr], eval: Fr, p: &HyperKzgProof| {
            let mut t = transcript_with(commitment);
            append_statement(&mut t, point, eval);
            let [r, q, z] = verifier_challenges(&mut t, p);
            [r, q, z, t.challenge_scalar(b"after")]
        };
    let base = challenges(&o.commitment, &o.point, o.eval, &o.proof);
    let expect = |what: &str, got: [Fr; 4], changed: [bool; 4]| {
        for k in 0..4 {
            assert_eq!(
                got[k] != base[k],
                changed[k],
                "{what}: challenge {} {}",
                ["r", "q", "z", "after"][k],
                if changed[k] {
                    "did not change"
                } else {
                    "changed"
                }
            );
        }
    };
    let bump = |p: &mut G1Affine| *p = (p.into_group() + g1_generator()).into_affine();

    // The statement feeds every challenge.
    let mut c = o.commitment.clone();
    bump(&mut c.0);
    expect(
        "commitment",
        challenges(&c, &o.point, o.eval, &o.proof),
        [true; 4],
    );
    expect(
        "eval",
        challenges(&o.commitment, &o.point, o.eval + one(), &o.proof),
        [true; 4],
    );
    for j in 0..n {
        let mut point = o.point.clone();
        point[j] += one();
        expect(
            "point",
            challenges(&o.commitment, &point, o.eval, &o.proof),
            [true; 4],
        );
    }
    // Folded commitments feed r (and so everything after).
    for i in 0..n - 1 {
        let mut p = o.proof.clone();
        bump(&mut p.folded_commitments[i]);
        expect(
            "folded commitment",
            challenges(&o.commitment, &o.point, o.eval, &p),
            [true; 4],
        );
    }
    // Evaluations feed q onwards, not r.
    for i in 0..n {
        for k in 0..3 {
            let mut p = o.proof.clone();
            [
                &mut p.evals_at_r,
                &mut p.evals_at_minus_r,
                &mut p.evals_at_r_squared,
            ][k][i] += one();
            expect(
                "evaluation",
                challenges(&o.commitment, &o.point, o.eval, &p),
                [false, true, true, true],
            );
        }
    }
    // The quotient W feeds z; W' feeds what an enclosing protocol draws next.
    let mut p = o.proof.clone();
    bump(&mut p.witnesses[0]);
    expect(
        "quotient commitment",
        challenges(&o.commitment, &o.point, o.eval, &p),
        [false, false, true, true],
    );
    let mut p = o.proof.clone();
    bump(&mut p.witnesses[1]);
    expect(
        "opening witness",
        challenges(&o.commitment, &o.point, o.eval, &p),
        [false, false, false, true],
    );
}

// ------------------------------------------------ multi-point opening ---

/// Coefficients of `prod_j (X - roots_j)`, lowest first.
fn vanishing_coeffs(roots: &[Fr]) -> Vec<Fr> {
    roots.iter().fold(vec![one()], |acc, a| {
        let mut next = vec![Fr::zero(); acc.len() + 1];
        for (k, c) in acc.iter().enumerate() {
            next[k + 1] += c;
            next[k] -= *a * c;
        }
        next
    })
}

fn horner(coeffs: &[Fr], x: Fr) -> Fr {
    coeffs.iter().rev().fold(Fr::zero(), |acc, c| acc * x + c)
}

#[test]
fn division_by_the_vanishing_polynomial_leaves_the_interpolant() {
    let mut rng = rng(90);
    for len in [0, 1, 2, 3, 4, 5, 17, 64] {
        let b = random_vec(&mut rng, len);
        let roots = [Fr::from(3u64), -Fr::from(3u64), Fr::from(9u64)];
        let q = divide_by_roots(&b, &roots);
        assert_eq!(q.len(), len.saturating_sub(3), "quotient length for {len}");
        // b = Z q + I with deg I < 3: b - Z q vanishes above degree 2 and
        // agrees with b on the roots.
        let z = vanishing_coeffs(&roots);
        let mut rem = b.clone();
        rem.resize(len.max(3), Fr::zero());
        for (i, qi) in q.iter().enumerate() {
            for (k, zk) in z.iter().enumerate() {
                rem[i + k] -= *qi * zk;
            }
        }
        assert!(
            rem[3..].iter().all(|c| c.is_zero()),
            "remainder of degree >= 3"
        );
        let values = roots.map(|a| horner(&b, a));
        for (a, v) in roots.iter().zip(values) {
            assert_eq!(horner(&rem[..3], *a), v);
        }
        // The verifier's Z(x) and I(x) at a random x.
        let x = random_vec(&mut rng, 1)[0];
        let (zx, ix) = vanishing_and_interpolant_at(&roots, &values, x);
        assert_eq!(zx, horner(&z, x));
        assert_eq!(ix, horner(&rem[..3], x));
    }
}

#[test]
fn degenerate_challenges_are_refused() {
    assert!(opening_points(Fr::zero()).is_none());
    assert!(opening_points(one()).is_none());
    assert!(opening_points(-one()).is_none());
    assert!(opening_points(Fr::from(2u64)).is_some());
}

// ------------------------------------------------- fixed-base batch mul ---

#[test]
fn fixed_base_batch_mul_matches_scalar_multiplication() {
    use super::srs::fixed_base_batch_mul;
    let mut rng = rng(90);
    let g = g1_generator() * Fr::from(3u64);
    // Scalars with all-zero and all-one windows, the largest scalar, powers
    // of two, and random ones; sizes that pick different window widths.
    let mut special: Vec<Fr> = vec![Fr::zero(), one(), -one(), Fr::from(2u64), -Fr::from(2u64)];
    for k in [1u32, 15, 16, 63, 64, 127, 128, 200, 252, 253] {
        special.push(Fr::from(2u64).pow([k as u64]));
        special.push(Fr::from(2u64).pow([k as u64]) - one());
    }
    for len in [0usize, 1, 2, 7, 40, 1000, 5000] {
        let mut scalars = random_vec(&mut rng, len);
        for (s, sp) in scalars.iter_mut().zip(&special) {
            *s = *sp;
        }
        let got = fixed_base_batch_mul(g, &scalars);
        assert_eq!(got.len(), len);
        for (p, s) in got.iter().zip(&scalars) {
            assert_eq!(*p, (g * s).into_affine(), "scalar {s}");
        }
    }
}

/// A prover key read for fewer variables than it holds is that key's cut
/// (the powers past it are skipped, not read); for as many or more, the
/// whole key; truncated or altered bytes are errors.
#[test]
fn prover_keys_read_with_a_bound_are_the_keys_cut() {
    let pk = HyperKzg::setup_from_seed(6, b"read bound");
    let mut bytes = Vec::new();
    pk.serialize_uncompressed(&mut bytes).unwrap();
    let read = |bytes: &[u8], n: Option<usize>| {
        HyperKzg::read_prover_key(&mut std::io::Cursor::new(bytes), n)
    };
    for n in [0, 3, 5] {
        let cut = read(&bytes, Some(n)).unwrap();
        assert_eq!(cut, HyperKzg::trim(&pk, n).unwrap(), "2^{n}");
        assert_eq!(
            HyperKzg::key_identity(&HyperKzg::verifier_key(&cut)),
            HyperKzg::key_identity(&HyperKzg::verifier_key(&pk))
        );
    }
    for n in [None, Some(6), Some(9)] {
        assert_eq!(read(&bytes, n).unwrap(), pk, "{n:?}");
    }
    // Cut anywhere, the key is an error, also when the cut falls in the
    // skipped powers (the G2 points are then missing).
    for len in [0, 7, 8 + 64 * 3, 8 + 64 * 40, bytes.len() - 1] {
        assert!(read(&bytes[..len], Some(3)).is_err(), "cut at {len}");
    }
    // A kept point altered off the curve is an error; a skipped one is not
    // read (the prover would only ever use the kept powers).
    let mut bad = bytes.clone();
    bad[8 + 64 * 2 + 1] ^= 1;
    assert!(read(&bad, Some(3)).is_err());
    let mut far = bytes.clone();
    far[8 + 64 * 50 + 1] ^= 1;
    assert!(read(&far, Some(3)).is_ok());
    assert!(read(&far, None).is_err());
}
