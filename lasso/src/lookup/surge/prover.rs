//! The Surge prover.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::{SurgeCommitments, SurgeError, SurgePreprocessing, SurgeProof, SurgeWitness};
use crate::field::Field;
use crate::grand_product;
use crate::pcs::accumulator::ProverOpeningAccumulator;
use crate::pcs::CommitmentScheme;
use crate::poly::{
    evaluate_many, DensePolynomial, EqPolynomial, MultilinearPolynomial, Polynomial,
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
    witness.check_shape(pp)?;
    let start = Instant::now();
    let mut timings = SurgeProverTimings::default();
    let n = witness.num_vars;
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
    let gamma: F = transcript.challenge_scalar(b"surge_gamma");
    let tau: F = transcript.challenge_scalar(b"surge_tau");
    let r: Vec<F> = transcript.challenge_scalars(b"surge_r", n);
    let booleanity: Vec<F> = transcript.challenge_scalars(b"surge_booleanity", pp.tables().len());

    // 3. Primary sum-check.
    let clock = Instant::now();
    let output_eval = witness.outputs.evaluate(&r);
    transcript.append_scalar(b"surge_output_eval", &output_eval);
    let densify = |polys: &[Polynomial<F>]| -> Vec<DensePolynomial<F>> {
        polys.par_iter().map(|p| p.to_dense()).collect()
    };
    let mut primary = PrimarySumcheck {
        pp,
        eq: DensePolynomial::new(EqPolynomial::evals(&r)),
        flags: densify(&witness.flags),
        e: densify(&witness.e),
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

    // 4. Offline memory checking, one memory per chunk position holding the
    //    tuple of its subtables: fingerprints, then two batched grand
    //    products (the N-row read/write sets, the M-address init/final sets).
    let clock = Instant::now();
    let gamma_powers = powers(gamma, pp.memories().len() + 2);
    let rw_inputs: Vec<Vec<F>> = (0..pp.num_chunks())
        .into_par_iter()
        .flat_map_iter(|c| {
            let read = read_fingerprints(pp, witness, c, &gamma_powers, tau);
            let write: Vec<F> = read.iter().map(|h| *h + F::one()).collect();
            [read, write]
        })
        .collect();
    let (read_write_gp, read_write_products, rw_claims) =
        grand_product::prove(rw_inputs, transcript);
    let if_inputs: Vec<Vec<F>> = (0..pp.num_chunks())
        .into_par_iter()
        .flat_map_iter(|c| {
            let init: Vec<F> = address_fingerprints(pp, c, &gamma_powers)
                .into_iter()
                .map(|h| h - tau)
                .collect();
            let fin: Vec<F> = init
                .iter()
                .zip(witness.final_cts[c].to_field_evals())
                .map(|(h, count)| *h + count)
                .collect();
            [init, fin]
        })
        .collect();
    let (init_final_gp, init_final_products, if_claims) =
        grand_product::prove(if_inputs, transcript);
    timings.grand_products = clock.elapsed();

    // 5. Evaluations at the grand products' points, then every opening.
    let clock = Instant::now();
    let r_rw = rw_claims.point;
    let r_if = if_claims.point;
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

    let mut accumulator = ProverOpeningAccumulator::new();
    accumulator.append(witness.outputs.clone(), r, output_eval);
    let z_polys: Vec<&Polynomial<F>> = witness.e.iter().chain(&witness.flags).collect();
    let z_evals: Vec<F> = primary_e_evals
        .iter()
        .chain(&primary_flag_evals)
        .copied()
        .collect();
    accumulator.append_merged(&z_polys, r_z, &z_evals, transcript);
    accumulator.append_merged(&rw_polys, r_rw, &rw_evals, transcript);
    accumulator.append_merged(&final_refs, r_if, &final_cts_evals, transcript);
    let opening = accumulator.prove::<PCS>(pk, transcript);
    timings.openings = clock.elapsed();
    timings.total = start.elapsed();

    Ok((
        SurgeProof {
            commitments,
            output_eval,
            primary_sumcheck,
            primary_e_evals,
            primary_flag_evals,
            read_write_products,
            read_write_gp,
            init_final_products,
            init_final_gp,
            rw_dim_evals,
            rw_e_evals,
            rw_read_cts_evals,
            final_cts_evals,
            opening,
        },
        timings,
    ))
}

/// `[1, x, x^2, .., x^(k-1)]`.
pub(crate) fn powers<F: Field>(x: F, k: usize) -> Vec<F> {
    std::iter::successors(Some(F::one()), |p| Some(*p * x))
        .take(k)
        .collect()
}

/// `k gamma + sum_l S_l[k] gamma^(l+1)` for every address `k` of chunk `c`'s
/// memory, `S_l` its subtables: the fingerprint of `(k, S_1[k], .., 0)`
/// before `- tau`.
fn address_fingerprints<F: Field>(
    pp: &SurgePreprocessing<F>,
    c: usize,
    gamma_powers: &[F],
) -> Vec<F> {
    let memories = pp.chunk_memories(c);
    (0..1usize << pp.log_m())
        .map(|k| {
            memories.iter().enumerate().fold(
                F::from_u64(k as u64) * gamma_powers[1],
                |acc, (l, &m)| {
                    let v = pp.subtable_entries(pp.memories()[m].subtable_id)[k];
                    acc + F::from_u64(v) * gamma_powers[l + 2]
                },
            )
        })
        .collect()
}

/// The values of a small-valued polynomial not yet bound, as u64.
fn small_values<F: Field>(p: &Polynomial<F>) -> Option<Vec<u64>> {
    fn widen<T: Copy + Into<u64>>(values: Option<&[T]>) -> Option<Vec<u64>> {
        values.map(|v| v.iter().map(|x| (*x).into()).collect())
    }
    match p {
        Polynomial::Dense(_) => None,
        Polynomial::U8(c) => widen(c.small_values()),
        Polynomial::U16(c) => widen(c.small_values()),
        Polynomial::U32(c) => widen(c.small_values()),
        Polynomial::U64(c) => widen(c.small_values()),
    }
}

/// Read fingerprints of chunk `c`'s memory:
/// `h = read_c[i] + dim_c[i] gamma + sum_l E_{m_l}[i] gamma^(l+1) - tau`.
///
/// Where a row's values are the subtables' entries at its address (always,
/// for an honest witness) the address part comes from a table of `M`
/// precomputed fingerprints; any other row (a dishonest witness) is
/// fingerprinted from its field values, so the prover proves exactly what
/// it was given.
fn read_fingerprints<F: Field>(
    pp: &SurgePreprocessing<F>,
    witness: &SurgeWitness<F>,
    c: usize,
    gamma_powers: &[F],
    tau: F,
) -> Vec<F> {
    let memories = pp.chunk_memories(c);
    let n = witness.dims[c].len();
    let generic = |i: usize| {
        memories
            .iter()
            .enumerate()
            .fold(witness.dims[c].get(i) * gamma_powers[1], |acc, (l, &m)| {
                acc + witness.e[m].get(i) * gamma_powers[l + 2]
            })
    };
    let dims = small_values(&witness.dims[c]);
    let e: Option<Vec<Vec<u64>>> = memories
        .iter()
        .map(|&m| small_values(&witness.e[m]))
        .collect();
    let read = small_values(&witness.read_cts[c]);
    let (Some(dims), Some(e), Some(read)) = (dims, e, read) else {
        return (0..n)
            .into_par_iter()
            .map(|i| generic(i) + witness.read_cts[c].get(i) - tau)
            .collect();
    };
    let table = address_fingerprints(pp, c, gamma_powers);
    let entries: Vec<&[u64]> = memories
        .iter()
        .map(|&m| pp.subtable_entries(pp.memories()[m].subtable_id))
        .collect();
    (0..n)
        .into_par_iter()
        .map(|i| {
            let a = dims[i] as usize;
            let honest = a < table.len() && e.iter().zip(&entries).all(|(v, s)| v[i] == s[a]);
            let base = if honest { table[a] } else { generic(i) };
            base + F::from_u64(read[i]) - tau
        })
        .collect()
}

/// `sum_x eq(r, x) [sum_t flag_t(x) g_t(E(x)) + sum_t b_t (flag_t(x)^2 -
/// flag_t(x))] = a~(r)`.
struct PrimarySumcheck<'a, F: Field> {
    pp: &'a SurgePreprocessing<F>,
    eq: DensePolynomial<F>,
    flags: Vec<DensePolynomial<F>>,
    e: Vec<DensePolynomial<F>>,
    booleanity: &'a [F],
    claim: F,
}

/// Per-thread scratch space of the primary sum-check's rounds.
struct Scratch<F> {
    sums: Vec<F>,
    flags: Vec<F>,
    flag_slopes: Vec<F>,
    e: Vec<F>,
    e_slopes: Vec<F>,
    buffer: Vec<F>,
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
        let (num_tables, num_memories) = (self.flags.len(), self.e.len());
        let eq = self.eq.evals();
        let new_scratch = || Scratch {
            sums: vec![F::zero(); d + 1],
            flags: vec![F::zero(); num_tables],
            flag_slopes: vec![F::zero(); num_tables],
            e: vec![F::zero(); num_memories],
            e_slopes: vec![F::zero(); num_memories],
            buffer: Vec::new(),
        };
        // Walk t = 0..=d along the line from x = (0, i) to x = (1, i).
        let step = |mut s: Scratch<F>, i: usize| {
            for (t, p) in self.flags.iter().enumerate() {
                let lo = p.evals()[i];
                s.flags[t] = lo;
                s.flag_slopes[t] = p.evals()[i + half] - lo;
            }
            for (m, p) in self.e.iter().enumerate() {
                let lo = p.evals()[i];
                s.e[m] = lo;
                s.e_slopes[m] = p.evals()[i + half] - lo;
            }
            let mut eq_value = eq[i];
            let eq_slope = eq[i + half] - eq[i];
            for t in 0..=d {
                if t > 0 {
                    eq_value += eq_slope;
                    for (f, slope) in s.flags.iter_mut().zip(&s.flag_slopes) {
                        *f += slope;
                    }
                    for (v, slope) in s.e.iter_mut().zip(&s.e_slopes) {
                        *v += slope;
                    }
                }
                let value = self
                    .pp
                    .integrand(self.booleanity, &s.flags, &s.e, &mut s.buffer);
                if !value.is_zero() {
                    s.sums[t] += eq_value * value;
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
