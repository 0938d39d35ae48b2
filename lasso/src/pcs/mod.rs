//! Polynomial commitment schemes for multilinear polynomials.
//!
//! [`CommitmentScheme`] is the seam between protocols and cryptography: every
//! protocol in the project commits and opens through it, so another scheme
//! (Hyrax, Zeromorph, Dory) can be slotted in. The scheme shipped is
//! [`hyperkzg::HyperKzg`] over BN254. All openings of one proof are gathered by
//! the [`accumulator`] and proven with a single batched opening at the end.

use std::fmt::Debug;

use ark_serialize::{
    CanonicalDeserialize, CanonicalSerialize, Compress, SerializationError, Validate,
};

use crate::errors::ProofError;
use crate::field::Field;
use crate::poly::{DensePolynomial, MultilinearPolynomial, Polynomial};
use crate::transcript::Transcript;

pub mod accumulator;
pub mod hyperkzg;

/// A commitment scheme for multilinear polynomials over `F`, with
/// additively homomorphic commitments.
///
/// Points are in the project's convention (`poly` module): coordinate 0 is the
/// most significant variable. A polynomial of fewer variables than the key
/// allows is committed as is; its commitment equals that of the polynomial
/// zero-padded at the top, which is what lets the accumulator open polynomials
/// of different sizes together.
pub trait CommitmentScheme<F: Field>: Clone + Send + Sync + 'static {
    /// What the prover needs (for KZG-like schemes, the SRS).
    type ProverKey: Clone + Send + Sync + CanonicalSerialize + CanonicalDeserialize;
    /// What the verifier needs: small.
    type VerifierKey: Clone + Debug + Send + Sync + CanonicalSerialize + CanonicalDeserialize;
    type Commitment: Clone
        + Debug
        + PartialEq
        + Eq
        + Send
        + Sync
        + CanonicalSerialize
        + CanonicalDeserialize;
    type Proof: Clone + Debug + PartialEq + Send + Sync + CanonicalSerialize + CanonicalDeserialize;

    /// The scheme and its curve, as files record it (so that keys of one
    /// scheme are never read as another's).
    const NAME: &'static str;

    /// Keys for polynomials of up to `max_num_vars` variables, derived
    /// deterministically from `seed`. For tests and development only: the
    /// secret is recoverable from the seed.
    fn setup_from_seed(max_num_vars: usize, seed: &[u8]) -> Self::ProverKey;

    /// The verifier's key, extracted from the prover's.
    fn verifier_key(pk: &Self::ProverKey) -> Self::VerifierKey;

    /// The verifier key of [`Self::setup_from_seed`]`(max_num_vars, seed)`,
    /// without deriving the prover key when the scheme can avoid it (what
    /// lets a verifier of development proofs start in milliseconds).
    fn verifier_key_from_seed(max_num_vars: usize, seed: &[u8]) -> Self::VerifierKey {
        Self::verifier_key(&Self::setup_from_seed(max_num_vars, seed))
    }

    /// Largest number of variables the key supports.
    fn max_num_vars(pk: &Self::ProverKey) -> usize;

    /// Reads a prover key written uncompressed (every point validated),
    /// keeping what polynomials of `max_num_vars` variables need (all of it
    /// for `None`, or when the key is smaller: the caller then says it is
    /// too small). A scheme whose key is laid out by size skips the rest
    /// instead of holding it, so a 2^16 preprocessing does not read a 2^24
    /// key into memory.
    fn read_prover_key<R: std::io::Read + std::io::Seek>(
        reader: &mut R,
        max_num_vars: Option<usize>,
    ) -> Result<Self::ProverKey, SerializationError> {
        let pk = Self::ProverKey::deserialize_with_mode(&mut *reader, Compress::No, Validate::Yes)?;
        Ok(match max_num_vars {
            Some(n) => Self::trim(&pk, n).unwrap_or(pk),
            None => pk,
        })
    }

    /// The prover key cut down to polynomials of `max_num_vars` variables,
    /// or `None` when it supports fewer. Every cut of one key has the same
    /// [`Self::key_identity`].
    fn trim(pk: &Self::ProverKey, max_num_vars: usize) -> Option<Self::ProverKey>;

    /// The bytes that name the key's secret, independent of its size: two
    /// verifier keys with the same identity accept the same openings (up to
    /// their size bounds). Files record a hash of it, so a key is named by
    /// what it is, not by a label.
    fn key_identity(vk: &Self::VerifierKey) -> Vec<u8> {
        let mut bytes = Vec::new();
        vk.serialize_compressed(&mut bytes)
            .expect("serializing into a Vec cannot fail");
        bytes
    }

    /// Whether `vk` is the key [`Self::setup_from_seed`] derives from
    /// `seed` (of any size): a key whose secret anyone who knows the seed
    /// can recompute.
    fn derived_from_seed(vk: &Self::VerifierKey, seed: &[u8]) -> bool;

    /// Commits to one polynomial; small-valued representations use cheaper
    /// small-scalar MSMs.
    fn commit(pk: &Self::ProverKey, poly: &Polynomial<F>) -> Self::Commitment;

    /// Commits to many polynomials (in parallel).
    fn batch_commit(pk: &Self::ProverKey, polys: &[&Polynomial<F>]) -> Vec<Self::Commitment> {
        use rayon::prelude::*;
        polys.par_iter().map(|p| Self::commit(pk, p)).collect()
    }

    /// `sum_i coeffs[i] * commitments[i]`: the commitment of the same
    /// combination of the polynomials.
    fn combine_commitments(commitments: &[&Self::Commitment], coeffs: &[F]) -> Self::Commitment;

    /// Proves `poly(point) = eval`. The transcript must already hold the
    /// commitment (the caller's statement).
    fn prove(
        pk: &Self::ProverKey,
        poly: &DensePolynomial<F>,
        point: &[F],
        eval: F,
        transcript: &mut Transcript,
    ) -> Self::Proof;

    /// Checks a proof of `commitment`'s polynomial evaluating to `eval` at
    /// `point`.
    fn verify(
        vk: &Self::VerifierKey,
        commitment: &Self::Commitment,
        point: &[F],
        eval: F,
        proof: &Self::Proof,
        transcript: &mut Transcript,
    ) -> Result<(), ProofError>;

    /// Proves several polynomials (all of `point.len()` variables) at one point
    /// with one proof: opens `sum_i rho^i p_i` at `point`, `rho` drawn after
    /// the claimed evaluations are absorbed.
    fn batch_prove(
        pk: &Self::ProverKey,
        polys: &[&Polynomial<F>],
        point: &[F],
        evals: &[F],
        transcript: &mut Transcript,
    ) -> Self::Proof {
        assert_eq!(polys.len(), evals.len(), "one evaluation per polynomial");
        transcript.append_scalars(b"batch_evals", evals);
        let rho: Vec<F> = transcript.challenge_powers(b"batch_rho", polys.len());
        let combined = linear_combination(polys, &rho, point.len());
        let eval = evals.iter().zip(&rho).map(|(e, r)| *e * r).sum();
        Self::prove(pk, &combined, point, eval, transcript)
    }

    /// Verifies a [`CommitmentScheme::batch_prove`] proof.
    fn batch_verify(
        vk: &Self::VerifierKey,
        commitments: &[&Self::Commitment],
        point: &[F],
        evals: &[F],
        proof: &Self::Proof,
        transcript: &mut Transcript,
    ) -> Result<(), ProofError> {
        if commitments.len() != evals.len() {
            return Err(ProofError::Malformed(format!(
                "{} commitments but {} evaluations",
                commitments.len(),
                evals.len()
            )));
        }
        transcript.append_scalars(b"batch_evals", evals);
        let rho: Vec<F> = transcript.challenge_powers(b"batch_rho", commitments.len());
        let combined = Self::combine_commitments(commitments, &rho);
        let eval = evals.iter().zip(&rho).map(|(e, r)| *e * r).sum();
        Self::verify(vk, &combined, point, eval, proof, transcript)
    }
}

/// `sum_i coeffs[i] p_i` as a dense polynomial of `num_vars` variables; a
/// smaller `p_i` is zero-padded at the top (it fills the first `2^k` slots).
pub fn linear_combination<F: Field>(
    polys: &[&Polynomial<F>],
    coeffs: &[F],
    num_vars: usize,
) -> DensePolynomial<F> {
    use rayon::prelude::*;
    let mut acc = vec![F::zero(); 1 << num_vars];
    for (p, c) in polys.iter().zip(coeffs) {
        assert!(
            p.num_vars() <= num_vars,
            "polynomial larger than the target size"
        );
        acc[..p.len()]
            .par_iter_mut()
            .enumerate()
            .for_each(|(i, a)| *a += *c * p.get(i));
    }
    DensePolynomial::new(acc)
}
