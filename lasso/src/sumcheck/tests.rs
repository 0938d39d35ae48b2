use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_std::test_rng;

use super::*;
use crate::field::{Field, Fr};
use crate::poly::{DensePolynomial, MultilinearPolynomial};

fn random_poly(n: usize, seed: u64) -> DensePolynomial<Fr> {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
    DensePolynomial::new((0..1 << n).map(|_| Fr::random(&mut rng)).collect())
}

fn product(values: &[Fr]) -> Fr {
    values.iter().product()
}

/// A batch of products of `degree` random polynomials, one per size, with
/// what the verifier needs to finish: the original polynomials.
struct Fixture {
    polys: Vec<Vec<DensePolynomial<Fr>>>,
    claims: Vec<Fr>,
    num_vars: Vec<usize>,
    degree: usize,
    proof: SumcheckProof<Fr>,
}

fn fixture(sizes: &[usize], degree: usize) -> Fixture {
    let polys: Vec<Vec<DensePolynomial<Fr>>> = sizes
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            (0..degree)
                .map(|j| random_poly(n, (i * 10 + j) as u64))
                .collect()
        })
        .collect();
    let mut instances: Vec<_> = polys
        .iter()
        .map(|ps| ProductSumcheck::new_with_computed_claim(ps.clone(), product, degree))
        .collect();
    let claims: Vec<Fr> = instances.iter().map(|i| i.claim()).collect();
    let mut refs: Vec<&mut dyn SumcheckInstance<Fr>> = instances
        .iter_mut()
        .map(|i| i as &mut dyn SumcheckInstance<Fr>)
        .collect();
    let mut transcript = Transcript::new(b"sumcheck-test");
    let (proof, point) = prove_batched(&mut refs, &mut transcript);
    assert_eq!(point.len(), *sizes.iter().max().unwrap());
    Fixture {
        polys,
        claims,
        num_vars: sizes.to_vec(),
        degree,
        proof,
    }
}

/// The verifier's whole job, including the final oracle check with the
/// polynomials evaluated independently.
fn verify_fixture(f: &Fixture, proof: &SumcheckProof<Fr>, claims: &[Fr]) -> Result<(), ProofError> {
    let mut transcript = Transcript::new(b"sumcheck-test");
    let out = verify_batched(proof, claims, &f.num_vars, f.degree, &mut transcript)?;
    let evals: Vec<Fr> = f
        .polys
        .iter()
        .zip(&f.num_vars)
        .map(|(ps, &n)| ps.iter().map(|p| p.evaluate(out.point_for(n))).product())
        .collect();
    out.check_final(&evals)
}

#[test]
fn honest_proofs_verify_for_every_degree_and_size() {
    for degree in 1..=4 {
        for n in [0usize, 1, 2, 5, 14] {
            let f = fixture(&[n], degree);
            verify_fixture(&f, &f.proof, &f.claims)
                .unwrap_or_else(|e| panic!("degree {degree}, n {n}: {e}"));
        }
    }
}

#[test]
fn batches_of_different_sizes_and_degrees_verify() {
    let f = fixture(&[3, 7, 5, 7, 0], 3);
    verify_fixture(&f, &f.proof, &f.claims).unwrap();

    // Mixed degrees: a product of two and one of three in one batch.
    let a: Vec<_> = (0..2).map(|j| random_poly(4, 100 + j)).collect();
    let b: Vec<_> = (0..3).map(|j| random_poly(6, 200 + j)).collect();
    let mut ia = ProductSumcheck::new_with_computed_claim(a.clone(), product, 2);
    let mut ib = ProductSumcheck::new_with_computed_claim(b.clone(), product, 3);
    let claims = [ia.claim(), ib.claim()];
    let mut t = Transcript::new(b"mixed");
    let (proof, _) = prove_batched(&mut [&mut ia, &mut ib], &mut t);
    let mut t = Transcript::new(b"mixed");
    let out = verify_batched(&proof, &claims, &[4, 6], 3, &mut t).unwrap();
    let ea: Fr = a.iter().map(|p| p.evaluate(out.point_for(4))).product();
    let eb: Fr = b.iter().map(|p| p.evaluate(out.point_for(6))).product();
    out.check_final(&[ea, eb]).unwrap();
    // The prover's bound values agree with independent evaluation.
    assert_eq!(ia.final_evaluations().iter().product::<Fr>(), ea);
}

#[test]
fn a_wrong_claim_is_rejected() {
    let f = fixture(&[6, 4], 2);
    for i in 0..f.claims.len() {
        let mut claims = f.claims.clone();
        claims[i] += Fr::from_u64(1);
        assert!(
            verify_fixture(&f, &f.proof, &claims).is_err(),
            "claim {i} altered"
        );
    }
}

#[test]
fn every_altered_round_message_is_rejected() {
    let f = fixture(&[5, 3], 3);
    for round in 0..f.proof.round_polys.len() {
        for k in 0..f.proof.round_polys[round].len() {
            let mut proof = f.proof.clone();
            proof.round_polys[round][k] += Fr::from_u64(1);
            assert!(
                verify_fixture(&f, &proof, &f.claims).is_err(),
                "round {round}, coefficient {k} altered yet accepted"
            );
        }
    }
}

#[test]
fn malformed_proofs_are_rejected_without_panicking() {
    let f = fixture(&[4], 2);
    let mut missing_round = f.proof.clone();
    missing_round.round_polys.pop();
    assert!(matches!(
        verify_fixture(&f, &missing_round, &f.claims),
        Err(ProofError::Malformed(_))
    ));
    let mut extra_degree = f.proof.clone();
    extra_degree.round_polys[1].push(Fr::from_u64(0));
    assert!(matches!(
        verify_fixture(&f, &extra_degree, &f.claims),
        Err(ProofError::SumcheckRound { round: 1, .. })
    ));
    let mut t = Transcript::new(b"sumcheck-test");
    assert!(verify_batched(&f.proof, &[], &[], 2, &mut t).is_err());
}

#[test]
fn a_different_transcript_is_rejected() {
    let f = fixture(&[5], 2);
    let mut t = Transcript::new(b"another protocol");
    let out = verify_batched(&f.proof, &f.claims, &f.num_vars, 2, &mut t).unwrap();
    let evals: Fr = f.polys[0].iter().map(|p| p.evaluate(&out.point)).product();
    assert!(out.check_final(&[evals]).is_err());
}

#[test]
fn proofs_serialize_and_garbage_fails_to_deserialize() {
    let f = fixture(&[6], 3);
    let mut bytes = Vec::new();
    f.proof.serialize_compressed(&mut bytes).unwrap();
    let back = SumcheckProof::<Fr>::deserialize_compressed(&bytes[..]).unwrap();
    assert_eq!(back, f.proof);
    for cut in [0, 1, 8, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            SumcheckProof::<Fr>::deserialize_compressed(&bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    let garbage = vec![0xffu8; bytes.len()];
    assert!(SumcheckProof::<Fr>::deserialize_compressed(&garbage[..]).is_err());
}

#[test]
fn combining_functions_other_than_products_work() {
    // sum_x eq(r, x) * (a(x) + 3 b(x) c(x)), degree 3.
    let mut rng = test_rng();
    let n = 6;
    let r: Vec<Fr> = (0..n).map(|_| Fr::random(&mut rng)).collect();
    let eq = DensePolynomial::new(crate::poly::EqPolynomial::evals(&r));
    let (a, b, c) = (random_poly(n, 1), random_poly(n, 2), random_poly(n, 3));
    let g = |v: &[Fr]| v[0] * (v[1] + Fr::from_u64(3) * v[2] * v[3]);
    let mut instance =
        ProductSumcheck::new_with_computed_claim(vec![eq, a.clone(), b.clone(), c.clone()], g, 3);
    // eq(r, .) picks out the multilinear part exactly: sum_x eq(r,x) a(x) = a(r).
    let eq_table = crate::poly::EqPolynomial::evals(&r);
    let bc: Fr = (0..1 << n).map(|x| eq_table[x] * b.get(x) * c.get(x)).sum();
    assert_eq!(instance.claim(), a.evaluate(&r) + Fr::from_u64(3) * bc);
    let claim = instance.claim();
    let mut t = Transcript::new(b"g");
    let (proof, _) = prove(&mut instance, &mut t);
    let mut t = Transcript::new(b"g");
    let (point, final_claim) = verify(&proof, claim, n, 3, &mut t).unwrap();
    let expected = crate::poly::eq_eval(&r, &point)
        * (a.evaluate(&point) + Fr::from_u64(3) * b.evaluate(&point) * c.evaluate(&point));
    assert_eq!(final_claim, expected);
}
