//! The R1CS component of a VM proof: commits the R1CS's own columns, runs
//! uniform Spartan over every column, and leaves the openings to the
//! shared accumulator.
//!
//! # Protocol
//!
//! 1. The caller passes the commitments of the columns other components
//!    commit (memory values, bytecode fields, lookup dimensions, operand
//!    bytes, flags and result), in [`super::vm::col`] order. They are
//!    absorbed again here, with the R1CS's own seven commitments, before
//!    any challenge: whatever the caller's transcript order, Spartan's
//!    challenges depend on every column it constrains.
//! 2. [`spartan`](super::spartan) proves the constraints; it ends with
//!    every column's claimed evaluation at the cycle point `r_i` and the
//!    shifted columns' at `r_s`.
//! 3. Both sets of claims enter the accumulator merged by point
//!    (`append_merged`, whose `rho` is drawn after the claims).
//! 4. **Entry**: the first cycle fetches the program's first instruction:
//!    the `PC`, `POSITION` and `IS_REAL` columns at the point `0^n` (cycle
//!    0) are the entry point, 0 and 1, values the verifier knows, so the claim costs the
//!    proof nothing but a third opening in the batch. With the constraints'
//!    next-pc rules, every later cycle follows from it.

use std::time::{Duration, Instant};

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use lasso::errors::ProofError;
use lasso::field::Field;
use lasso::pcs::accumulator::{ProverOpeningAccumulator, VerifierOpeningAccumulator};
use lasso::pcs::CommitmentScheme;
use lasso::poly::{MultilinearPolynomial, Polynomial};
use lasso::transcript::Transcript;

use super::builder::UniformR1cs;
use super::spartan::{self, SpartanProof};
use super::vm::col;
use super::witness::AuxColumns;
use crate::memory::bytecode as bc;

/// The R1CS's part of a proof.
#[derive(Clone, Debug, PartialEq, CanonicalSerialize, CanonicalDeserialize)]
pub struct R1csProof<F: Field, PCS: CommitmentScheme<F>> {
    /// The R1CS's own columns, in [`AuxColumns::to_vec`] order.
    pub aux_commitments: Vec<PCS::Commitment>,
    pub spartan: SpartanProof<F>,
}

/// Where the R1CS prover's time went.
#[derive(Clone, Copy, Debug, Default)]
pub struct R1csProverTimings {
    /// Committing the R1CS's own columns.
    pub commit: Duration,
    /// The outer and shift sum-checks.
    pub spartan: Duration,
    /// Merging the claims into the accumulator.
    pub claims: Duration,
}

/// Columns the caller commits: all but the R1CS's own.
pub const NUM_EXTERNAL_COLUMNS: usize = col::AUX;

fn absorb_commitments<C: CanonicalSerialize>(transcript: &mut Transcript, all: &[&C]) {
    transcript.append_u64(b"r1cs_num_commitments", all.len() as u64);
    for c in all {
        transcript.append_serializable(b"r1cs_commitment", *c);
    }
}

/// The columns and values of the entry claim at cycle 0.
fn entry_claim<F: Field>(entry: u32) -> ([usize; 3], [F; 3]) {
    (
        [
            col::field(bc::PC),
            col::field(bc::POSITION),
            col::field(bc::IS_REAL),
        ],
        [F::from_u32(entry), F::zero(), F::one()],
    )
}

/// Proves that `columns` (in column order, the last seven being `aux`)
/// satisfy `r1cs` and start at `entry`; `external` are the commitments of
/// the first [`NUM_EXTERNAL_COLUMNS`].
#[allow(clippy::too_many_arguments)]
pub fn prove<F: Field, PCS: CommitmentScheme<F>>(
    r1cs: &UniformR1cs<F>,
    entry: u32,
    pk: &PCS::ProverKey,
    columns: &[&Polynomial<F>],
    external: &[PCS::Commitment],
    aux: &AuxColumns<Polynomial<F>>,
    accumulator: &mut ProverOpeningAccumulator<F, PCS>,
    transcript: &mut Transcript,
) -> (R1csProof<F, PCS>, R1csProverTimings) {
    assert_eq!(columns.len(), col::NUM_COLUMNS, "one polynomial per column");
    assert_eq!(
        external.len(),
        NUM_EXTERNAL_COLUMNS,
        "one commitment per external column"
    );
    let mut timings = R1csProverTimings::default();
    let clock = Instant::now();
    let aux_commitments = PCS::batch_commit(pk, &aux.to_vec());
    timings.commit = clock.elapsed();
    let commitments: Vec<&PCS::Commitment> = external.iter().chain(&aux_commitments).collect();
    absorb_commitments(transcript, &commitments);

    let clock = Instant::now();
    let (spartan, claims) = spartan::prove(r1cs, columns, transcript);
    timings.spartan = clock.elapsed();
    let clock = Instant::now();
    accumulator.append_merged(
        columns,
        &commitments,
        claims.cycle_point.clone(),
        &claims.evals,
        transcript,
    );
    if !claims.shift_columns.is_empty() {
        let polys: Vec<&Polynomial<F>> = claims.shift_columns.iter().map(|&c| columns[c]).collect();
        let shifted: Vec<&PCS::Commitment> = claims
            .shift_columns
            .iter()
            .map(|&c| commitments[c])
            .collect();
        accumulator.append_merged(
            &polys,
            &shifted,
            claims.shift_point.clone(),
            &claims.shift_evals,
            transcript,
        );
    }
    // The prover claims the values it has (an honest run's are the entry
    // claim's); the verifier expects the entry claim's.
    let (entry_columns, _) = entry_claim::<F>(entry);
    let entry_values = entry_columns.map(|c| columns[c].get(0));
    accumulator.append_merged(
        &entry_columns.map(|c| columns[c]),
        &entry_columns.map(|c| commitments[c]),
        vec![F::zero(); claims.cycle_point.len()],
        &entry_values,
        transcript,
    );
    timings.claims = clock.elapsed();
    (
        R1csProof {
            aux_commitments,
            spartan,
        },
        timings,
    )
}

/// Verifies the R1CS part over `2^n` cycles starting at `entry`; on
/// success its openings are in `accumulator`, for the proof's batched
/// opening to settle.
pub fn verify<F: Field, PCS: CommitmentScheme<F>>(
    r1cs: &UniformR1cs<F>,
    entry: u32,
    n: usize,
    external: &[PCS::Commitment],
    proof: &R1csProof<F, PCS>,
    accumulator: &mut VerifierOpeningAccumulator<F, PCS>,
    transcript: &mut Transcript,
) -> Result<(), ProofError> {
    if external.len() != NUM_EXTERNAL_COLUMNS {
        return Err(ProofError::Malformed(format!(
            "R1CS: {} column commitments, expected {NUM_EXTERNAL_COLUMNS}",
            external.len()
        )));
    }
    if proof.aux_commitments.len() != AuxColumns::<()>::COUNT {
        return Err(ProofError::Malformed(format!(
            "R1CS: {} auxiliary commitments, expected {}",
            proof.aux_commitments.len(),
            AuxColumns::<()>::COUNT
        )));
    }
    let commitments: Vec<&PCS::Commitment> =
        external.iter().chain(&proof.aux_commitments).collect();
    absorb_commitments(transcript, &commitments);
    let claims = spartan::verify(r1cs, n, &proof.spartan, transcript)?;
    accumulator.append_merged(&commitments, claims.cycle_point, &claims.evals, transcript)?;
    if !claims.shift_columns.is_empty() {
        let shifted: Vec<&PCS::Commitment> = claims
            .shift_columns
            .iter()
            .map(|&c| commitments[c])
            .collect();
        accumulator.append_merged(
            &shifted,
            claims.shift_point,
            &claims.shift_evals,
            transcript,
        )?;
    }
    let (entry_columns, entry_values) = entry_claim::<F>(entry);
    accumulator.append_merged(
        &entry_columns.map(|c| commitments[c]),
        vec![F::zero(); n],
        &entry_values,
        transcript,
    )?;
    Ok(())
}
