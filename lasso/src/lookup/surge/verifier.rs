//! The Surge verifier.

use super::{SurgePreprocessing, SurgeProof};
use crate::errors::ProofError;
use crate::field::Field;
use crate::memory_checking::{self, MemoryChallenges};
use crate::pcs::accumulator::VerifierOpeningAccumulator;
use crate::pcs::CommitmentScheme;
use crate::poly::eq_eval;
use crate::sumcheck;
use crate::transcript::Transcript;

fn expect_len(what: &str, got: usize, expected: usize) -> Result<(), ProofError> {
    if got == expected {
        Ok(())
    } else {
        Err(ProofError::Malformed(format!(
            "{got} {what}, expected {expected}"
        )))
    }
}

/// Verifies a Surge proof over `2^num_vars` rows for the family of `pp`.
///
/// On success: every row `i` has exactly one flag `t` set, and the committed
/// output `a[i]` equals `T_t[index_i]` where `index_i` is the index whose
/// chunks are the committed `dim_c[i]`. The commitments are in
/// `proof.commitments`; a caller ties them to its own (see
/// [`verify_with_outputs`]).
pub fn verify<F: Field, PCS: CommitmentScheme<F>>(
    pp: &SurgePreprocessing<F>,
    vk: &PCS::VerifierKey,
    proof: &SurgeProof<F, PCS>,
    num_vars: usize,
    transcript: &mut Transcript,
) -> Result<(), ProofError> {
    let mut accumulator = VerifierOpeningAccumulator::<F, PCS>::new();
    verify_deferred(pp, proof, num_vars, &mut accumulator, transcript)?;
    accumulator.verify(vk, &proof.opening, transcript)
}

/// [`verify`] but for the opening: on success the proof's claims are in
/// `accumulator`, which the caller's batched opening settles (the proof's
/// own `opening`, if any, is not read).
pub fn verify_deferred<
    F: Field,
    PCS: CommitmentScheme<F>,
    O: ark_serialize::CanonicalSerialize + ark_serialize::CanonicalDeserialize + Send + Sync,
>(
    pp: &SurgePreprocessing<F>,
    proof: &SurgeProof<F, PCS, O>,
    num_vars: usize,
    accumulator: &mut VerifierOpeningAccumulator<F, PCS>,
    transcript: &mut Transcript,
) -> Result<(), ProofError> {
    let n = num_vars;
    let log_m = pp.log_m();
    let num_chunks = pp.num_chunks();
    let num_memories = pp.memories().len();
    let num_tables = pp.tables().len();
    let c = &proof.commitments;
    expect_len("dimension commitments", c.dims.len(), num_chunks)?;
    expect_len("E commitments", c.e.len(), num_memories)?;
    expect_len("read-count commitments", c.read_cts.len(), num_chunks)?;
    expect_len("final-count commitments", c.final_cts.len(), num_chunks)?;
    expect_len("flag commitments", c.flags.len(), num_tables)?;
    let counts = [
        (
            "primary E evaluations",
            proof.primary_e_evals.len(),
            num_memories,
        ),
        (
            "primary flag evaluations",
            proof.primary_flag_evals.len(),
            num_tables,
        ),
        (
            "dimension evaluations",
            proof.rw_dim_evals.len(),
            num_chunks,
        ),
        (
            "read/write E evaluations",
            proof.rw_e_evals.len(),
            num_memories,
        ),
        (
            "read-count evaluations",
            proof.rw_read_cts_evals.len(),
            num_chunks,
        ),
        (
            "final-count evaluations",
            proof.final_cts_evals.len(),
            num_chunks,
        ),
    ];
    for (what, got, expected) in counts {
        expect_len(what, got, expected)?;
    }

    pp.absorb(transcript, n);
    transcript.append_serializable(b"surge_commitments", c);
    let challenges = MemoryChallenges::<F>::draw(transcript);
    let r: Vec<F> = transcript.challenge_scalars(b"surge_r", n);
    let booleanity: Vec<F> = transcript.challenge_scalars(b"surge_booleanity", num_tables);

    // Primary sum-check: a~(r) = sum_x eq(r, x) [sum_t flag_t g_t(E) + b_t (flag_t^2 - flag_t)].
    transcript.append_scalar(b"surge_output_eval", &proof.output_eval);
    let (r_z, final_claim) = sumcheck::verify(
        &proof.primary_sumcheck,
        proof.output_eval,
        n,
        pp.primary_degree(),
        transcript,
    )?;
    transcript.append_scalars(b"surge_primary_e", &proof.primary_e_evals);
    transcript.append_scalars(b"surge_primary_flags", &proof.primary_flag_evals);
    let expected = eq_eval(&r, &r_z)
        * pp.integrand(
            &booleanity,
            &proof.primary_flag_evals,
            &proof.primary_e_evals,
            &mut Vec::new(),
        );
    if expected != final_claim {
        return Err(ProofError::SumcheckFinal(
            "primary sum-check: flag-weighted g over E does not match",
        ));
    }
    // Booleanity is in the sum-check; one-hotness also needs the flags to
    // sum to one on every row: the multilinear sum_t flag_t - 1 vanishes at
    // the random point r_z.
    if proof.primary_flag_evals.iter().copied().sum::<F>() != F::one() {
        return Err(ProofError::Invalid(
            "the flags do not sum to one on every row".into(),
        ));
    }

    // Memory checking: one read-only memory per chunk position.
    let claims = memory_checking::verify(&proof.memory, &pp.memory_shapes(n), transcript)?;
    transcript.append_scalars(b"surge_rw_dims", &proof.rw_dim_evals);
    transcript.append_scalars(b"surge_rw_e", &proof.rw_e_evals);
    transcript.append_scalars(b"surge_rw_read_cts", &proof.rw_read_cts_evals);
    transcript.append_scalars(b"surge_final_cts", &proof.final_cts_evals);
    // The tuples at the grand products' points, from the sent evaluations
    // and the subtables' MLEs, which the verifier computes.
    let r_rw = claims.point(n).to_vec();
    let r_if = claims.point(log_m).to_vec();
    let subtable_evals: Vec<F> = pp
        .subtables()
        .iter()
        .map(|s| s.evaluate_mle(&r_if))
        .collect();
    let tuples: Vec<_> = (0..num_chunks)
        .map(|chunk| {
            super::chunk_tuples(
                pp,
                chunk,
                proof.rw_dim_evals[chunk],
                &proof.rw_e_evals,
                proof.rw_read_cts_evals[chunk],
                proof.final_cts_evals[chunk],
                &subtable_evals,
            )
        })
        .collect();
    claims.check(&challenges, &tuples)?;

    // Openings: one claim per point, same-point claims merged.
    accumulator.append(c.outputs.clone(), r, proof.output_eval);
    let z_comms: Vec<&PCS::Commitment> = c.e.iter().chain(&c.flags).collect();
    let z_evals: Vec<F> = proof
        .primary_e_evals
        .iter()
        .chain(&proof.primary_flag_evals)
        .copied()
        .collect();
    accumulator.append_merged(&z_comms, r_z, &z_evals, transcript)?;
    let rw_comms: Vec<&PCS::Commitment> = c.dims.iter().chain(&c.e).chain(&c.read_cts).collect();
    let rw_evals: Vec<F> = proof
        .rw_dim_evals
        .iter()
        .chain(&proof.rw_e_evals)
        .chain(&proof.rw_read_cts_evals)
        .copied()
        .collect();
    accumulator.append_merged(&rw_comms, r_rw, &rw_evals, transcript)?;
    let final_comms: Vec<&PCS::Commitment> = c.final_cts.iter().collect();
    accumulator.append_merged(&final_comms, r_if, &proof.final_cts_evals, transcript)
}

/// [`verify`], and checks that the proof's output commitment is `outputs`
/// (for instance from [`super::commit_outputs`], or the caller's own
/// commitment to its lookup results).
pub fn verify_with_outputs<F: Field, PCS: CommitmentScheme<F>>(
    pp: &SurgePreprocessing<F>,
    vk: &PCS::VerifierKey,
    proof: &SurgeProof<F, PCS>,
    num_vars: usize,
    outputs: &PCS::Commitment,
    transcript: &mut Transcript,
) -> Result<(), ProofError> {
    if &proof.commitments.outputs != outputs {
        return Err(ProofError::Invalid(
            "the proof is about other lookup results".into(),
        ));
    }
    verify(pp, vk, proof, num_vars, transcript)
}
