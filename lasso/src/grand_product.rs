//! Batched grand products: proves `P_j = prod_{x in {0,1}^n} v_j(x)` for many
//! vectors `v_j` of the same length at once, with a layered arithmetic
//! circuit checked GKR-style.
//!
//! Layer `n` is the input; layer `k - 1` multiplies the two halves of layer
//! `k`:
//!
//! ```text
//! V_{k-1}(x) = V_k(0, x) * V_k(1, x),     x in {0,1}^(k-1)
//! ```
//!
//! (the top variable selects the half, in the project's MSB-first order), and
//! layer 0 is the product. Walking from the output up, a claim
//! `V_{k-1}(z) = c` is reduced by the degree-3 sum-check
//!
//! ```text
//! c = sum_x eq(z, x) V_k(0, x) V_k(1, x)
//! ```
//!
//! to two claims `V_k(0, r') = a`, `V_k(1, r') = b` at its random point
//! `r'`, which the line through them merges into one: `V_k(tau, r') =
//! a + tau (b - a)` for a fresh `tau`. All vectors share the challenges, and
//! their layer sum-checks are batched into one with random coefficients
//! `lambda_j`. After `n` layers the verifier holds `v_j(r) = c_j` at one point
//! `r`; checking those (by opening commitments, or by evaluating values it
//! knows) is the caller's job.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use rayon::prelude::*;

use crate::errors::ProofError;
use crate::field::Field;
use crate::poly::{eq_eval, DensePolynomial, EqPolynomial};
use crate::sumcheck::{self, ProductSumcheck, SumcheckInstance, SumcheckProof};
use crate::transcript::Transcript;

/// The messages for one layer: its batched sum-check and, for every vector,
/// the two half-claims `V_k(0, r')`, `V_k(1, r')`.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct LayerProof<F: Field> {
    pub sumcheck: SumcheckProof<F>,
    pub left: Vec<F>,
    pub right: Vec<F>,
}

/// A proof of the products of a batch of vectors.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct BatchedGrandProductProof<F: Field> {
    /// From the output (layer 1, two entries per vector) to the input.
    pub layers: Vec<LayerProof<F>>,
}

/// What the verifier must still check: `v_j(point) = claims[j]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrandProductClaims<F: Field> {
    pub point: Vec<F>,
    pub claims: Vec<F>,
}

fn absorb_statement<F: Field>(transcript: &mut Transcript, products: &[F], num_vars: usize) {
    transcript.append_u64(b"gp_num_vars", num_vars as u64);
    transcript.append_scalars(b"gp_products", products);
}

/// The circuit: `layers[k]` holds layer `k` of every vector (`2^k` entries).
fn build_layers<F: Field>(inputs: Vec<Vec<F>>, num_vars: usize) -> Vec<Vec<Vec<F>>> {
    let mut layers = vec![Vec::new(); num_vars + 1];
    layers[num_vars] = inputs;
    for k in (0..num_vars).rev() {
        layers[k] = layers[k + 1]
            .par_iter()
            .map(|v| {
                let (lo, hi) = v.split_at(v.len() / 2);
                lo.iter().zip(hi).map(|(a, b)| *a * b).collect()
            })
            .collect();
    }
    layers
}

/// Proves the products of `inputs` (all of the same power-of-two length).
/// Returns the proof, the products, and the claims at the final point (which
/// the prover can check itself against its polynomials).
pub fn prove<F: Field>(
    inputs: Vec<Vec<F>>,
    transcript: &mut Transcript,
) -> (BatchedGrandProductProof<F>, Vec<F>, GrandProductClaims<F>) {
    prove_claiming(inputs, None, transcript)
}

/// The prover, optionally *claiming* other products than the true ones and
/// otherwise running honestly: what a cheating prover does, kept so tests can
/// show the verifier's layer check is what stops it.
fn prove_claiming<F: Field>(
    inputs: Vec<Vec<F>>,
    claimed_products: Option<Vec<F>>,
    transcript: &mut Transcript,
) -> (BatchedGrandProductProof<F>, Vec<F>, GrandProductClaims<F>) {
    assert!(!inputs.is_empty(), "grand product of no vector");
    let len = inputs[0].len();
    assert!(
        len.is_power_of_two(),
        "grand product inputs must have power-of-two length"
    );
    assert!(
        inputs.iter().all(|v| v.len() == len),
        "grand product inputs of different lengths"
    );
    let num_vars = len.trailing_zeros() as usize;
    let m = inputs.len();

    let layers = build_layers(inputs, num_vars);
    let products: Vec<F> =
        claimed_products.unwrap_or_else(|| layers[0].iter().map(|v| v[0]).collect());
    absorb_statement(transcript, &products, num_vars);

    let mut point: Vec<F> = Vec::new();
    let mut claims = products.clone();
    let mut layer_proofs = Vec::with_capacity(num_vars);
    // Each layer is used once, walking from the output to the input: its
    // vectors are moved into the sum-check (split in halves), not copied.
    for layer in layers.into_iter().skip(1) {
        let lambda: Vec<F> = transcript.challenge_powers(b"gp_lambda", m);
        let mut polys = Vec::with_capacity(2 * m + 1);
        polys.push(DensePolynomial::new(EqPolynomial::evals(&point)));
        for mut lo in layer {
            let hi = lo.split_off(lo.len() / 2);
            polys.push(DensePolynomial::new(lo));
            polys.push(DensePolynomial::new(hi));
        }
        let claim: F = lambda.iter().zip(&claims).map(|(l, c)| *l * c).sum();
        let lambda_for_g = lambda.clone();
        let g = move |v: &[F]| -> F {
            let inner: F = lambda_for_g
                .iter()
                .enumerate()
                .map(|(j, l)| *l * v[2 * j + 1] * v[2 * j + 2])
                .sum();
            v[0] * inner
        };
        let mut instance = ProductSumcheck::new(polys, g, 3, claim);
        debug_assert_eq!(instance.claim(), claim);
        let (sumcheck, r) = sumcheck::prove(&mut instance, transcript);
        let finals = instance.final_evaluations();
        let left: Vec<F> = (0..m).map(|j| finals[2 * j + 1]).collect();
        let right: Vec<F> = (0..m).map(|j| finals[2 * j + 2]).collect();
        transcript.append_scalars(b"gp_left", &left);
        transcript.append_scalars(b"gp_right", &right);
        let tau: F = transcript.challenge_scalar(b"gp_tau");
        claims = left
            .iter()
            .zip(&right)
            .map(|(a, b)| *a + tau * (*b - a))
            .collect();
        point = std::iter::once(tau).chain(r).collect();
        layer_proofs.push(LayerProof {
            sumcheck,
            left,
            right,
        });
    }
    (
        BatchedGrandProductProof {
            layers: layer_proofs,
        },
        products,
        GrandProductClaims { point, claims },
    )
}

/// Verifies that the vectors (each of `2^num_vars` entries) have the claimed
/// `products`; returns the evaluation claims the caller must check.
pub fn verify<F: Field>(
    proof: &BatchedGrandProductProof<F>,
    products: &[F],
    num_vars: usize,
    transcript: &mut Transcript,
) -> Result<GrandProductClaims<F>, ProofError> {
    let m = products.len();
    if m == 0 {
        return Err(ProofError::Malformed("grand product of no vector".into()));
    }
    if proof.layers.len() != num_vars {
        return Err(ProofError::Malformed(format!(
            "grand product has {} layers, expected {num_vars}",
            proof.layers.len()
        )));
    }
    absorb_statement(transcript, products, num_vars);
    let mut point: Vec<F> = Vec::new();
    let mut claims = products.to_vec();
    for (k, layer) in proof.layers.iter().enumerate() {
        if layer.left.len() != m || layer.right.len() != m {
            return Err(ProofError::Malformed(format!(
                "layer {k} has the wrong number of claims"
            )));
        }
        let lambda: Vec<F> = transcript.challenge_powers(b"gp_lambda", m);
        let claim: F = lambda.iter().zip(&claims).map(|(l, c)| *l * c).sum();
        let (r, final_claim) = sumcheck::verify(&layer.sumcheck, claim, k, 3, transcript)?;
        let expected: F = eq_eval(&point, &r)
            * lambda
                .iter()
                .zip(layer.left.iter().zip(&layer.right))
                .map(|(l, (a, b))| *l * a * b)
                .sum::<F>();
        if expected != final_claim {
            return Err(ProofError::GrandProduct(format!(
                "layer {k}: the half-claims do not match the sum-check"
            )));
        }
        transcript.append_scalars(b"gp_left", &layer.left);
        transcript.append_scalars(b"gp_right", &layer.right);
        let tau: F = transcript.challenge_scalar(b"gp_tau");
        claims = layer
            .left
            .iter()
            .zip(&layer.right)
            .map(|(a, b)| *a + tau * (*b - a))
            .collect();
        point = std::iter::once(tau).chain(r).collect();
    }
    Ok(GrandProductClaims { point, claims })
}

#[cfg(test)]
mod tests {
    use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

    use super::*;
    use crate::field::Fr;
    use crate::poly::MultilinearPolynomial;

    fn vectors(m: usize, n: usize, seed: u64) -> Vec<Vec<Fr>> {
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        (0..m)
            .map(|_| (0..1 << n).map(|_| Fr::random(&mut rng)).collect())
            .collect()
    }

    /// Full check: the proof, then the final claims against the vectors.
    fn check(
        inputs: &[Vec<Fr>],
        proof: &BatchedGrandProductProof<Fr>,
        products: &[Fr],
    ) -> Result<(), ProofError> {
        let n = inputs[0].len().trailing_zeros() as usize;
        let mut t = Transcript::new(b"gp-test");
        let out = verify(proof, products, n, &mut t)?;
        for (v, c) in inputs.iter().zip(&out.claims) {
            if DensePolynomial::new(v.clone()).evaluate(&out.point) != *c {
                return Err(ProofError::GrandProduct("final claim".into()));
            }
        }
        Ok(())
    }

    fn prove_fixture(
        inputs: &[Vec<Fr>],
    ) -> (
        BatchedGrandProductProof<Fr>,
        Vec<Fr>,
        GrandProductClaims<Fr>,
    ) {
        let mut t = Transcript::new(b"gp-test");
        prove(inputs.to_vec(), &mut t)
    }

    #[test]
    fn products_are_correct_and_proofs_verify() {
        for (m, n) in [(1, 0), (1, 1), (3, 4), (5, 9), (2, 14)] {
            let inputs = vectors(m, n, (m * 100 + n) as u64);
            let (proof, products, claims) = prove_fixture(&inputs);
            for (v, p) in inputs.iter().zip(&products) {
                assert_eq!(v.iter().product::<Fr>(), *p);
            }
            // The prover's view of the final claims is the vectors' MLEs.
            for (v, c) in inputs.iter().zip(&claims.claims) {
                assert_eq!(DensePolynomial::new(v.clone()).evaluate(&claims.point), *c);
            }
            check(&inputs, &proof, &products).unwrap_or_else(|e| panic!("m {m}, n {n}: {e}"));
        }
    }

    #[test]
    fn a_wrong_product_is_rejected() {
        let inputs = vectors(3, 5, 7);
        let (proof, products, _) = prove_fixture(&inputs);
        for j in 0..3 {
            let mut wrong = products.clone();
            wrong[j] *= Fr::from_u64(2);
            assert!(check(&inputs, &proof, &wrong).is_err(), "product {j}");
        }
    }

    #[test]
    fn a_prover_claiming_a_false_product_is_stopped_by_the_layer_check() {
        // The cheating prover absorbs the false product, so every later
        // message is computed for the verifier's own challenges: only the
        // first layer's check (product = left * right) can catch it.
        let inputs = vectors(2, 5, 17);
        let mut claimed: Vec<Fr> = inputs.iter().map(|v| v.iter().product()).collect();
        claimed[1] += Fr::from_u64(1);
        let mut t = Transcript::new(b"gp-test");
        let (proof, products, _) = prove_claiming(inputs.clone(), Some(claimed.clone()), &mut t);
        assert_eq!(products, claimed);
        match check(&inputs, &proof, &products) {
            Err(ProofError::GrandProduct(msg)) => assert!(msg.contains("layer 0"), "{msg}"),
            other => panic!("false product not caught by the layer check: {other:?}"),
        }
    }

    #[test]
    fn a_proof_for_other_vectors_is_rejected() {
        let inputs = vectors(2, 5, 7);
        let (proof, products, _) = prove_fixture(&inputs);
        // Same products, different vectors: swap two entries of one vector
        // (the product is unchanged but the vector, hence its MLE, is not).
        let mut other = inputs.clone();
        other[1].swap(0, 5);
        assert_eq!(other[1].iter().product::<Fr>(), products[1]);
        assert!(check(&other, &proof, &products).is_err());
    }

    #[test]
    fn every_altered_layer_message_is_rejected() {
        let inputs = vectors(2, 4, 9);
        let (proof, products, _) = prove_fixture(&inputs);
        let one = Fr::from_u64(1);
        for k in 0..proof.layers.len() {
            for j in 0..2 {
                let mut p = proof.clone();
                p.layers[k].left[j] += one;
                assert!(check(&inputs, &p, &products).is_err(), "layer {k} left {j}");
                let mut p = proof.clone();
                p.layers[k].right[j] += one;
                assert!(
                    check(&inputs, &p, &products).is_err(),
                    "layer {k} right {j}"
                );
            }
            for round in 0..proof.layers[k].sumcheck.round_polys.len() {
                for c in 0..proof.layers[k].sumcheck.round_polys[round].len() {
                    let mut p = proof.clone();
                    p.layers[k].sumcheck.round_polys[round][c] += one;
                    assert!(
                        check(&inputs, &p, &products).is_err(),
                        "layer {k} round {round} coeff {c}"
                    );
                }
            }
        }
    }

    #[test]
    fn malformed_proofs_are_rejected() {
        let inputs = vectors(2, 4, 11);
        let (proof, products, _) = prove_fixture(&inputs);
        let mut short = proof.clone();
        short.layers.pop();
        assert!(matches!(
            check(&inputs, &short, &products),
            Err(ProofError::Malformed(_))
        ));
        let mut missing_claim = proof.clone();
        missing_claim.layers[2].left.pop();
        assert!(matches!(
            check(&inputs, &missing_claim, &products),
            Err(ProofError::Malformed(_))
        ));
        assert!(check(&inputs, &proof, &products[..1]).is_err());
    }

    #[test]
    fn proofs_serialize_and_garbage_fails() {
        let inputs = vectors(2, 6, 13);
        let (proof, _, _) = prove_fixture(&inputs);
        let mut bytes = Vec::new();
        proof.serialize_compressed(&mut bytes).unwrap();
        assert_eq!(
            BatchedGrandProductProof::<Fr>::deserialize_compressed(&bytes[..]).unwrap(),
            proof
        );
        for cut in [0, 3, bytes.len() / 3, bytes.len() - 1] {
            assert!(BatchedGrandProductProof::<Fr>::deserialize_compressed(&bytes[..cut]).is_err());
        }
        let garbage: Vec<u8> = (0..bytes.len()).map(|i| (i * 31 + 7) as u8).collect();
        assert!(BatchedGrandProductProof::<Fr>::deserialize_compressed(&garbage[..]).is_err());
    }
}
