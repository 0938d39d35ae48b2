//! The Surge prover.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::{SurgeCommitments, SurgeError, SurgePreprocessing, SurgeProof, SurgeWitness};
use crate::field::Field;
use crate::memory_checking::{self, MemoryChallenges};
use crate::pcs::accumulator::ProverOpeningAccumulator;
use crate::pcs::CommitmentScheme;
use crate::poly::{
    evaluate_many, CompactPolynomial, DensePolynomial, EqPolynomial, MultilinearPolynomial,
    Polynomial,
};
use crate::sumcheck::{self, SumcheckInstance};
use crate::transcript::Transcript;

/// Where the prover's time went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SurgeProverTimings {
    /// Committing to every polynomial (one batch of MSMs).
    pub commit: Duration,
    /// The primary sum-check (flag-weighted `g` and flag booleanity),
    /// including densifying its inputs.
    pub primary_sumcheck: Duration,
    /// Fingerprinting and the two batched grand products.
    pub grand_products: Duration,
    /// Evaluating the committed polynomials at the memory-checking points,
    /// merging same-point claims and the accumulator's batched opening.
    pub openings: Duration,
    /// Everything, from statement to proof.
    pub total: Duration,
}

/// Proves the honest lookups `lookups` (padded to a power of two): generates
/// the witness, then runs [`prove`]. Returns the proof, the number of
/// variables `n` (the verifier's statement) and the padded lookup results
/// (`2^n` of them, what the output commitment commits to).
#[allow(clippy::type_complexity)]
pub fn prove_lookups<F: Field, PCS: CommitmentScheme<F>>(
    pp: &SurgePreprocessing<F>,
    pk: &PCS::ProverKey,
    lookups: &[super::SurgeLookup],
    transcript: &mut Transcript,
) -> Result<(SurgeProof<F, PCS>, usize, Vec<u64>, SurgeProverTimings), SurgeError> {
    let witness = SurgeWitness::generate(pp, lookups)?;
    let outputs = (0..witness.outputs.len())
        .map(|i| {
            witness
                .outputs
                .get(i)
                .to_u64()
                .expect("honest outputs are u64")
        })
        .collect();
    let (proof, timings) = prove::<F, PCS>(pp, pk, &witness, transcript)?;
    Ok((proof, witness.num_vars, outputs, timings))
}

/// Commits to the lookup results `outputs` padded as the witness pads them:
/// the commitment a caller compares with the proof's
/// [`SurgeCommitments::outputs`] (see [`super::verify_with_outputs`]).
pub fn commit_outputs<F: Field, PCS: CommitmentScheme<F>>(
    pp: &SurgePreprocessing<F>,
    pk: &PCS::ProverKey,
    outputs: &[u64],
    num_vars: usize,
) -> PCS::Commitment {
    PCS::commit(pk, &super::outputs_polynomial(pp, outputs, num_vars))
}

/// Proves that the committed outputs are the table entries the committed
/// chunks and flags select (see the module documentation for the protocol).
///
/// The witness is taken as given: a dishonest one produces a proof the
/// verifier rejects. Errors only if its shape does not match `pp`.
pub fn prove<F: Field, PCS: CommitmentScheme<F>>(
    pp: &SurgePreprocessing<F>,
    pk: &PCS::ProverKey,
    witness: &SurgeWitness<F>,
    transcript: &mut Transcript,
) -> Result<(SurgeProof<F, PCS>, SurgeProverTimings), SurgeError> {
    let mut accumulator = ProverOpeningAccumulator::<F, PCS>::new();
    let (proof, mut timings) = prove_deferred(pp, pk, witness, &mut accumulator, transcript)?;
    let clock = Instant::now();
    let opening = accumulator.prove(pk, transcript);
    timings.openings += clock.elapsed();
    timings.total += clock.elapsed();
    Ok((proof.with_opening(opening), timings))
}

/// [`prove`], leaving the claims in `accumulator` for the caller's batched
/// opening (a whole proof's one opening of every component's claims).
pub fn prove_deferred<F: Field, PCS: CommitmentScheme<F>>(
    pp: &SurgePreprocessing<F>,
    pk: &PCS::ProverKey,
    witness: &SurgeWitness<F>,
    accumulator: &mut ProverOpeningAccumulator<F, PCS>,
    transcript: &mut Transcript,
) -> Result<(super::DeferredSurgeProof<F, PCS>, SurgeProverTimings), SurgeError> {
    witness.check_shape(pp)?;
    let start = Instant::now();
    let mut timings = SurgeProverTimings::default();
    let n = witness.num_vars;
    let log_m = pp.log_m();
    let num_memories = pp.memories().len();
    pp.absorb(transcript, n);

    // 1. Commitments.
    let clock = Instant::now();
    let all: Vec<&Polynomial<F>> = witness
        .dims
        .iter()
        .chain(&witness.e)
        .chain(&witness.read_cts)
        .chain(&witness.final_cts)
        .chain(&witness.flags)
        .chain(std::iter::once(&witness.outputs))
        .collect();
    let mut comms = PCS::batch_commit(pk, &all).into_iter();
    let mut take = |k: usize| -> Vec<PCS::Commitment> { comms.by_ref().take(k).collect() };
    let dims = take(pp.num_chunks());
    let e = take(num_memories);
    let read_cts = take(pp.num_chunks());
    let final_cts = take(pp.num_chunks());
    let flags = take(pp.tables().len());
    let outputs = take(1).pop().expect("one output commitment");
    let commitments = SurgeCommitments {
        dims,
        e,
        read_cts,
        final_cts,
        flags,
        outputs,
    };
    transcript.append_serializable(b"surge_commitments", &commitments);
    timings.commit = clock.elapsed();

    // 2. Challenges, drawn after everything is committed.
    let challenges = MemoryChallenges::draw(transcript);
    let r: Vec<F> = transcript.challenge_scalars(b"surge_r", n);
    let booleanity: Vec<F> = transcript.challenge_scalars(b"surge_booleanity", pp.tables().len());

    // 3. Primary sum-check.
    let clock = Instant::now();
    let output_eval = witness.outputs.evaluate(&r);
    transcript.append_scalar(b"surge_output_eval", &output_eval);
    // The columns stay in their compact form: the first round reads the
    // small values, and the first bind turns them into field elements of
    // half the length.
    let mut primary = PrimarySumcheck {
        pp,
        eq: DensePolynomial::new(EqPolynomial::evals(&r)),
        flags: witness.flags.clone(),
        e: witness.e.clone(),
        booleanity: &booleanity,
        claim: output_eval,
    };
    let (primary_sumcheck, r_z) = sumcheck::prove(&mut primary, transcript);
    let primary_e_evals: Vec<F> = primary.e.iter().map(|p| p.get(0)).collect();
    let primary_flag_evals: Vec<F> = primary.flags.iter().map(|p| p.get(0)).collect();
    drop(primary);
    transcript.append_scalars(b"surge_primary_e", &primary_e_evals);
    transcript.append_scalars(b"surge_primary_flags", &primary_flag_evals);
    timings.primary_sumcheck = clock.elapsed();

    // 4. Offline memory checking, one read-only memory per chunk position
    //    holding the tuple of its subtables, through the memory-checking
    //    engine (one grand product for the N-row vectors, one for the
    //    M-cell ones).
    let clock = Instant::now();
    let tables: Vec<Polynomial<F>> = (0..pp.subtables().len())
        .map(|id| CompactPolynomial::<u64, F>::new(pp.subtable_entries(id).to_vec()).into())
        .collect();
    let table_refs: Vec<&Polynomial<F>> = tables.iter().collect();
    let e_refs: Vec<&Polynomial<F>> = witness.e.iter().collect();
    let memories: Vec<_> = (0..pp.num_chunks())
        .map(|c| {
            super::chunk_tuples(
                pp,
                c,
                &witness.dims[c],
                &e_refs,
                &witness.read_cts[c],
                &witness.final_cts[c],
                &table_refs,
            )
        })
        .collect();
    let (memory, claims) =
        memory_checking::prove(&memories, &pp.memory_shapes(n), &challenges, transcript);
    timings.grand_products = clock.elapsed();

    // 5. Evaluations at the grand products' points, then every opening.
    let clock = Instant::now();
    let r_rw = claims.point(n).to_vec();
    let r_if = claims.point(log_m).to_vec();
    let rw_polys: Vec<&Polynomial<F>> = witness
        .dims
        .iter()
        .chain(&witness.e)
        .chain(&witness.read_cts)
        .collect();
    let rw_evals = evaluate_many(&rw_polys, &r_rw);
    let (c, m) = (pp.num_chunks(), num_memories);
    let rw_dim_evals = rw_evals[..c].to_vec();
    let rw_e_evals = rw_evals[c..c + m].to_vec();
    let rw_read_cts_evals = rw_evals[c + m..].to_vec();
    let final_refs: Vec<&Polynomial<F>> = witness.final_cts.iter().collect();
    let final_cts_evals = evaluate_many(&final_refs, &r_if);
    transcript.append_scalars(b"surge_rw_dims", &rw_dim_evals);
    transcript.append_scalars(b"surge_rw_e", &rw_e_evals);
    transcript.append_scalars(b"surge_rw_read_cts", &rw_read_cts_evals);
    transcript.append_scalars(b"surge_final_cts", &final_cts_evals);

    let cm = &commitments;
    accumulator.append(witness.outputs.clone(), cm.outputs.clone(), r, output_eval);
    let z_polys: Vec<&Polynomial<F>> = witness.e.iter().chain(&witness.flags).collect();
    let z_evals: Vec<F> = primary_e_evals
        .iter()
        .chain(&primary_flag_evals)
        .copied()
        .collect();
    let z_comms: Vec<&PCS::Commitment> = cm.e.iter().chain(&cm.flags).collect();
    accumulator.append_merged(&z_polys, &z_comms, r_z, &z_evals, transcript);
    let rw_comms: Vec<&PCS::Commitment> = cm.dims.iter().chain(&cm.e).chain(&cm.read_cts).collect();
    accumulator.append_merged(&rw_polys, &rw_comms, r_rw, &rw_evals, transcript);
    let final_comms: Vec<&PCS::Commitment> = cm.final_cts.iter().collect();
    accumulator.append_merged(
        &final_refs,
        &final_comms,
        r_if,
        &final_cts_evals,
        transcript,
    );
    timings.openings = clock.elapsed();
    timings.total = start.elapsed();

    Ok((
        SurgeProof {
            commitments,
            output_eval,
            primary_sumcheck,
            primary_e_evals,
            primary_flag_evals,
            memory,
            rw_dim_evals,
            rw_e_evals,
            rw_read_cts_evals,
            final_cts_evals,
            opening: (),
        },
        timings,
    ))
}

/// `sum_x eq(r, x) [sum_t flag_t(x) g_t(E(x)) + sum_t b_t (flag_t(x)^2 -
/// flag_t(x))] = a~(r)`.
///
/// The flags are sparse: an honest row sets one of them, so before the
/// first bind a pair of rows activates at most two tables, and after `j`
/// binds at most `2^j`. Each round therefore walks, for each pair, only the
/// tables whose flag is nonzero at either end and only those tables'
/// memories; a table whose flag is zero at both ends contributes nothing
/// along the whole line. Nothing relies on the witness being honest: a
/// dishonest one (flags that are not one-hot) only costs more time.
struct PrimarySumcheck<'a, F: Field> {
    pp: &'a SurgePreprocessing<F>,
    eq: DensePolynomial<F>,
    flags: Vec<Polynomial<F>>,
    e: Vec<Polynomial<F>>,
    booleanity: &'a [F],
    claim: F,
}

/// Per-thread scratch space of the primary sum-check's rounds.
struct Scratch<F> {
    sums: Vec<F>,
    eq: Vec<F>,
    e: Vec<F>,
    e_slopes: Vec<F>,
}

impl<F: Field> SumcheckInstance<F> for PrimarySumcheck<'_, F> {
    fn num_vars(&self) -> usize {
        self.eq.num_vars()
    }

    fn degree(&self) -> usize {
        self.pp.primary_degree()
    }

    fn claim(&self) -> F {
        self.claim
    }

    fn round_evals(&self) -> Vec<F> {
        let half = self.eq.len() / 2;
        let d = self.degree();
        let eq = self.eq.evals();
        let new_scratch = || Scratch {
            sums: vec![F::zero(); d + 1],
            eq: vec![F::zero(); d + 1],
            e: Vec::new(),
            e_slopes: Vec::new(),
        };
        // Walk t = 0..=d along the line from x = (0, i) to x = (1, i).
        let step = |mut s: Scratch<F>, i: usize| {
            let eq_slope = eq[i + half] - eq[i];
            s.eq[0] = eq[i];
            for t in 1..=d {
                s.eq[t] = s.eq[t - 1] + eq_slope;
            }
            for (table, flag) in self.flags.iter().enumerate() {
                if flag.is_zero_at(i) && flag.is_zero_at(i + half) {
                    continue;
                }
                let mut f = flag.get(i);
                let f_slope = flag.get(i + half) - f;
                s.e.clear();
                s.e_slopes.clear();
                for &m in self.pp.table_memories(table) {
                    let lo = self.e[m].get(i);
                    s.e.push(lo);
                    s.e_slopes.push(self.e[m].get(i + half) - lo);
                }
                for t in 0..=d {
                    if t > 0 {
                        f += f_slope;
                        for (v, slope) in s.e.iter_mut().zip(&s.e_slopes) {
                            *v += slope;
                        }
                    }
                    if !f.is_zero() {
                        let value = self.pp.table_term(table, self.booleanity[table], f, &s.e);
                        s.sums[t] += s.eq[t] * value;
                    }
                }
            }
            s
        };
        let add = |mut a: Vec<F>, b: Vec<F>| {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
            a
        };
        if half >= 1 << 10 {
            (0..half)
                .into_par_iter()
                .fold(new_scratch, step)
                .map(|s| s.sums)
                .reduce(|| vec![F::zero(); d + 1], add)
        } else {
            (0..half).fold(new_scratch(), step).sums
        }
    }

    fn bind(&mut self, r: F) {
        self.eq.bind_top_variable(r);
        self.flags
            .par_iter_mut()
            .chain(self.e.par_iter_mut())
            .for_each(|p| p.bind_top_variable(r));
    }
}
