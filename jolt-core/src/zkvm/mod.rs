//! The proof of a whole execution: this program, on these input bytes,
//! halts with these output bytes and this panic flag.
//!
//! # Statement
//!
//! The program (its [`Preprocessing`]: bytecode with its static decode,
//! memory layout, initial image, entry point), the longest trace proven
//! (`2^max_log_cycles` cycles), and the public input, output and panic
//! flag. The prover's trace length (a power of two at most the maximum) is
//! in the proof, and every component checks it against its own.
//!
//! # Components
//!
//! | component | proves | commits |
//! |---|---|---|
//! | [memory checking](crate::memory) | fetches read the bytecode; register and RAM reads return the last write; the initial memory is the statement's, the final I/O words are the statement's output, panic flag and halt | fetched rows (with their decode), register and RAM values, timestamps, range-check limbs, final memory |
//! | [instruction lookups](crate::lookups) (Surge) | each cycle's result is its table's entry at its index; the flags are one-hot; the operand bytes are the chunks' halves | dimensions, subtable values, counts, flags, results |
//! | [the R1CS](crate::r1cs) (uniform Spartan) | the 30 constraints at every cycle, tying the two above together, and the run starts at the entry point | its 7 own columns; it opens the others' commitments |
//!
//! # Protocol order
//!
//! One transcript: the protocol label and the preprocessing's digest
//! (program, layout, maximum trace length, setup record and verifier key;
//! see [`preprocessing`]); then memory checking (which
//! absorbs the program bytes, the layout, the statement and its
//! commitments before its challenges), the lookups (their family and
//! commitments first), and the R1CS, which re-absorbs every commitment it
//! constrains before its own challenges. Every component leaves its claimed
//! evaluations in one accumulator, proven by **one** batched opening at the
//! end (which absorbs every claim before its own challenges).
//!
//! # Soundness
//!
//! Each component is sound for its own commitments, fixed before its own
//! challenges; the R1CS then relates the components' commitments with
//! challenges drawn after all of them. Its page in the book lists what it
//! relies on from the other two.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use lasso::errors::ProofError;
use lasso::field::Field;
use lasso::lookup::surge::{self, DeferredSurgeProof, SurgeError, SurgePreprocessing};
use lasso::pcs::accumulator::{
    BatchedOpeningProof, ProverOpeningAccumulator, VerifierOpeningAccumulator,
};
use lasso::pcs::CommitmentScheme;
use lasso::transcript::Transcript;
use std::time::{Duration, Instant};
use thiserror::Error;

use crate::lookups::LookupColumns;
use crate::memory::columns::MemoryColumns;
use crate::memory::{self, DeferredMemoryProof, MemoryError, Statement};
use crate::r1cs::proof::{self as r1cs_proof, R1csProof};
use crate::r1cs::witness::{external_columns, VmWitness, WitnessError};
use crate::tracer::{TraceError, TraceOptions};

mod preprocessing;
pub mod setup;
pub use preprocessing::{
    Preprocessing, PreprocessingError, ProverPreprocessing, VerifierPreprocessing, FORMAT_VERSION,
    MAGIC,
};
pub use setup::{Setup, SetupError, SetupOrigin, SetupRecord, DEVELOPMENT_SEED};

/// The protocol's name and version: a proof of one version never verifies
/// under another.
const PROTOCOL: &[u8] = b"jolt-rv32im-v1";

/// What the transcript absorbs before anything else: the protocol and the
/// preprocessing's digest (program, layout, maximum trace length, setup,
/// verifier key).
fn absorb_preprocessing(transcript: &mut Transcript, digest: &[u8; 32]) {
    transcript.append_bytes(b"protocol", PROTOCOL);
    transcript.append_bytes(b"preprocessing digest", digest);
}

/// A proof of a whole execution.
#[derive(Clone, Debug, PartialEq, CanonicalSerialize, CanonicalDeserialize)]
pub struct JoltProof<F: Field, PCS: CommitmentScheme<F>> {
    pub memory: DeferredMemoryProof<F, PCS>,
    pub lookups: DeferredSurgeProof<F, PCS>,
    pub r1cs: R1csProof<F, PCS>,
    /// The one batched opening of every component's claims.
    pub opening: BatchedOpeningProof<F, PCS>,
}

impl<F: Field, PCS: CommitmentScheme<F>> JoltProof<F, PCS> {
    pub fn size_in_bytes(&self) -> usize {
        self.compressed_size()
    }

    /// The proof's canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        lasso::serialize::to_bytes(self)
    }

    /// Reads a proof from its canonical bytes; anything else is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProofError> {
        lasso::serialize::from_bytes(bytes)
    }
}

/// Why no proof was made.
#[derive(Debug, Error)]
pub enum ProveError {
    #[error("the guest did not run to its halt: {0}")]
    Trace(#[from] TraceError),
    #[error(
        "the guest halted with {word} = {value}, which no proof can show: a provable halt \
         stores 1 to the termination word, and the panic word must be 0 or 1 (the Rust and C \
         runtimes do both)"
    )]
    UnprovableHalt { word: &'static str, value: u32 },
    #[error(
        "the guest halted with I/O words no proof can show ({0}): the output region past the \
         output length must stay zero"
    )]
    UnprovableIo(MemoryError),
    #[error(transparent)]
    Witness(#[from] WitnessError),
    #[error("memory checking: {0}")]
    Memory(#[from] MemoryError),
    #[error("instruction lookups: {0}")]
    Lookups(#[from] SurgeError),
    #[error(
        "the commitment key supports polynomials of 2^{supported} entries, but the {what} needs \
         2^{needed}: make the preprocessing with a maximum trace length of at least 2^{needed} \
         (jolt prove --max-log-cycles {needed})"
    )]
    KeyTooSmall {
        what: &'static str,
        needed: usize,
        supported: usize,
    },
}

/// Why a proof was rejected: which component's check failed, or the key
/// it was checked under is one anyone can forge proofs for.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum VerifyError {
    #[error(
        "the proof is under {0}; not verified (a verifier that accepts it anyway must opt in: \
         `jolt verify --insecure-development-key`, or `allow_insecure_development_key()` in the \
         API)"
    )]
    DevelopmentKey(String),
    #[error("memory checking rejects the proof: {0}")]
    Memory(ProofError),
    #[error("the instruction lookups reject the proof: {0}")]
    Lookups(ProofError),
    #[error("the R1CS rejects the proof: {0}")]
    R1cs(ProofError),
    #[error("the batched opening of the claimed evaluations fails: {0}")]
    Opening(ProofError),
}

/// The commitments of the R1CS's external columns, from the components'
/// proofs.
fn external_commitments<F: Field, PCS: CommitmentScheme<F>>(
    pp: &SurgePreprocessing<F>,
    memory: &DeferredMemoryProof<F, PCS>,
    lookups: &DeferredSurgeProof<F, PCS>,
) -> Result<Vec<PCS::Commitment>, ProofError> {
    let memory = MemoryColumns::from_vec(memory.commitments.iter().collect())
        .ok_or_else(|| ProofError::Malformed("memory proof: wrong number of commitments".into()))?;
    let lookups = LookupColumns::from_commitments(pp, &lookups.commitments);
    Ok(external_columns(&memory, &lookups.as_refs())
        .into_iter()
        .cloned()
        .collect())
}

/// What [`prove`] returns: the output, the panic flag and the proof.
pub type Proved<F, PCS> = (Vec<u8>, bool, JoltProof<F, PCS>);

/// Runs the program on `input` and proves the run: returns the output, the
/// panic flag and the proof.
pub fn prove<F: Field, PCS: CommitmentScheme<F>>(
    pre: &ProverPreprocessing<F, PCS>,
    input: &[u8],
) -> Result<Proved<F, PCS>, ProveError> {
    prove_with_hook(pre, input, |_| {}).map(|(proved, _)| proved)
}

/// Where the prover's time went, stage by stage (for the benchmarks).
/// `commit` is every component's commitments together; the component
/// stages exclude them.
#[derive(Clone, Debug, Default)]
pub struct ProverTimings {
    /// The run's cycles (what the times are for).
    pub cycles: u64,
    /// What the guest printed through the debug port (not proven).
    pub debug_output: Vec<u8>,
    /// Running the guest and recording its trace.
    pub trace: Duration,
    /// Every witness column, from the trace.
    pub witness: Duration,
    /// Committing every column (memory checking's, the lookups', the
    /// R1CS's).
    pub commit: Duration,
    /// The memory checks: grand products, evaluations, final I/O.
    pub memory_checking: Duration,
    /// The instruction lookups (Surge): primary sum-check, grand products,
    /// evaluations.
    pub lookups: Duration,
    /// Uniform Spartan and its claims.
    pub r1cs: Duration,
    /// The one batched opening of every claim.
    pub opening: Duration,
    pub total: Duration,
    /// Each component's own breakdown (their `opening` is 0: deferred).
    pub memory_detail: memory::proof::MemoryProverTimings,
    pub lookups_detail: surge::SurgeProverTimings,
    pub r1cs_detail: r1cs_proof::R1csProverTimings,
}

/// [`prove`], with the time of each stage.
pub fn prove_with_timings<F: Field, PCS: CommitmentScheme<F>>(
    pre: &ProverPreprocessing<F, PCS>,
    input: &[u8],
) -> Result<(Proved<F, PCS>, ProverTimings), ProveError> {
    prove_with_hook(pre, input, |_| {})
}

/// [`prove`], after `fault` has changed the witness (between witness
/// generation and the first commitment): the soundness tests' hook
/// ([`crate::fault`]). The output and panic flag returned are the honest
/// run's.
#[cfg(feature = "fault-injection")]
pub fn prove_with_fault<F: Field, PCS: CommitmentScheme<F>>(
    pre: &ProverPreprocessing<F, PCS>,
    input: &[u8],
    fault: impl FnOnce(&mut VmWitness<F>),
) -> Result<Proved<F, PCS>, ProveError> {
    prove_with_hook(pre, input, fault).map(|(proved, _)| proved)
}

fn prove_with_hook<F: Field, PCS: CommitmentScheme<F>>(
    pre: &ProverPreprocessing<F, PCS>,
    input: &[u8],
    hook: impl FnOnce(&mut VmWitness<F>),
) -> Result<(Proved<F, PCS>, ProverTimings), ProveError> {
    let start = Instant::now();
    let mut timings = ProverTimings::default();
    let shared = pre.shared();
    let opts = TraceOptions {
        max_cycles: 1 << shared.max_log_cycles,
        ..TraceOptions::default()
    };
    let trace = pre.program().trace(input, &opts)?;
    timings.trace = start.elapsed();
    timings.debug_output = trace.debug_output.clone();
    // The memory proof fixes these words (termination 1, panic the flag):
    // any other halt would give a proof that cannot verify.
    for (word, value, provable) in [
        (
            "the termination word",
            trace.termination_word,
            trace.termination_word == 1,
        ),
        ("the panic word", trace.panic_word, trace.panic_word <= 1),
    ] {
        if !provable {
            return Err(ProveError::UnprovableHalt { word, value });
        }
    }
    let mut witness = VmWitness::generate(
        &shared.memory,
        &shared.lookups,
        pre.program(),
        input,
        &trace,
    )?;
    let statement = Statement {
        input: input.to_vec(),
        output: trace.output.clone(),
        panicked: trace.panicked,
    };
    memory::proof::check_statement(&witness.memory, &statement)
        .map_err(ProveError::UnprovableIo)?;
    hook(&mut witness);
    timings.witness = start.elapsed() - timings.trace;
    let supported = PCS::max_num_vars(pre.pk());
    for (what, needed) in [
        ("trace", witness.log_rows()),
        ("memory domain", witness.memory.domain.log_size()),
        ("bytecode", shared.memory.bytecode.log_size()),
        ("subtables", shared.lookups.log_m()),
    ] {
        if needed > supported {
            return Err(ProveError::KeyTooSmall {
                what,
                needed,
                supported,
            });
        }
    }
    let mut transcript = Transcript::new(b"jolt");
    absorb_preprocessing(&mut transcript, &pre.digest());
    let mut accumulator = ProverOpeningAccumulator::new();
    let (memory, memory_timings) = memory::prove_deferred(
        &shared.memory,
        pre.pk(),
        &statement,
        &witness.memory,
        &mut accumulator,
        &mut transcript,
    )?;
    let (lookups, lookup_timings) = surge::prove_deferred(
        &shared.lookups,
        pre.pk(),
        &witness.lookups,
        &mut accumulator,
        &mut transcript,
    )?;
    let external = external_commitments(&shared.lookups, &memory, &lookups)
        .expect("the prover's own proofs have every commitment");
    let columns = witness.columns(&shared.lookups);
    let clock = Instant::now();
    let (r1cs, r1cs_timings) = r1cs_proof::prove(
        &shared.r1cs,
        shared.entry,
        pre.pk(),
        &columns,
        &external,
        &witness.aux,
        &mut accumulator,
        &mut transcript,
    );
    let r1cs_total = clock.elapsed();
    let clock = Instant::now();
    let opening = accumulator.prove(pre.pk(), &mut transcript);
    timings.opening = clock.elapsed();
    timings.commit = memory_timings.commit + lookup_timings.commit + r1cs_timings.commit;
    timings.memory_checking = memory_timings.total - memory_timings.commit;
    timings.lookups = lookup_timings.total - lookup_timings.commit;
    timings.r1cs = r1cs_total - r1cs_timings.commit;
    timings.total = start.elapsed();
    timings.memory_detail = memory_timings;
    timings.lookups_detail = lookup_timings;
    timings.r1cs_detail = r1cs_timings;
    timings.cycles = trace.cycles;
    let proof = JoltProof {
        memory,
        lookups,
        r1cs,
        opening,
    };
    Ok(((trace.output, trace.panicked, proof), timings))
}

/// Checks that `proof` shows the program halting on the statement's input
/// with its output and panic flag.
pub fn verify<F: Field, PCS: CommitmentScheme<F>>(
    pre: &VerifierPreprocessing<F, PCS>,
    statement: &Statement,
    proof: &JoltProof<F, PCS>,
) -> Result<(), VerifyError> {
    // Before any check: under a key whose secret is public, a proof that
    // passes every check below still proves nothing.
    if pre.setup().is_development() && !pre.allows_development_key() {
        return Err(VerifyError::DevelopmentKey(pre.setup().describe()));
    }
    let shared = pre.shared();
    let mut transcript = Transcript::new(b"jolt");
    absorb_preprocessing(&mut transcript, &pre.digest());
    let mut accumulator = VerifierOpeningAccumulator::new();
    memory::verify_deferred(
        &shared.memory,
        statement,
        &proof.memory,
        shared.max_log_cycles,
        &mut accumulator,
        &mut transcript,
    )
    .map_err(VerifyError::Memory)?;
    // Memory checking has bounded the trace length; the other components
    // are about the same cycles.
    let n = proof.memory.log_rows as usize;
    surge::verify_deferred(
        &shared.lookups,
        &proof.lookups,
        n,
        &mut accumulator,
        &mut transcript,
    )
    .map_err(VerifyError::Lookups)?;
    let external = external_commitments(&shared.lookups, &proof.memory, &proof.lookups)
        .map_err(VerifyError::R1cs)?;
    r1cs_proof::verify(
        &shared.r1cs,
        shared.entry,
        n,
        &external,
        &proof.r1cs,
        &mut accumulator,
        &mut transcript,
    )
    .map_err(VerifyError::R1cs)?;
    accumulator
        .verify(pre.vk(), &proof.opening, &mut transcript)
        .map_err(VerifyError::Opening)
}
