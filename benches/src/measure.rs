//! One benchmark child: prove a program at one size `runs` times in this
//! process and report every run. The parent runs each (configuration,
//! program, size) in a child process of its own, so the peak RSS a child
//! reports is that size's alone; the child writes one line,
//! [`RESULT_MARKER`] then the JSON of a [`ChildResult`], which is the whole
//! protocol between the two (a baseline build of the harness speaks it
//! too).
use crate::programs::Workload;
use ark_serialize::CanonicalSerialize;
use jolt_sdk::jolt_core::zkvm::{self, ProverPreprocessing, ProverTimings};
use jolt_sdk::jolt_core::Statement;
use jolt_sdk::{Pcs, F};
use serde::{Deserialize, Serialize};
use std::error::Error;
use std::time::Instant;

/// What precedes the child's result on its stdout.
pub const RESULT_MARKER: &str = "jolt-benches result: ";
/// What precedes the reason on the stdout of a child that measured nothing
/// because the program does not fit the size (the parent notes and skips it).
pub const SKIP_MARKER: &str = "jolt-benches skipped: ";

/// One proof and its verification.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Run {
    pub trace_s: f64,
    pub witness_s: f64,
    pub commit_s: f64,
    pub memory_checking_s: f64,
    pub lookups_s: f64,
    pub r1cs_s: f64,
    pub opening_s: f64,
    pub prove_s: f64,
    pub verify_s: f64,
    /// Each component's own stages, named `component: stage` (seconds).
    #[serde(default)]
    pub detail: Vec<(String, f64)>,
}

/// Everything a child measured for one program at one size.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ChildResult {
    pub program: String,
    /// The size asked for: at most `2^log_size` cycles.
    pub log_size: usize,
    pub cycles: u64,
    /// log2 of the padded trace the proof is over.
    pub padded_log: usize,
    pub runs: Vec<Run>,
    pub proof_bytes: usize,
    pub proof_memory_bytes: usize,
    pub proof_lookups_bytes: usize,
    pub proof_r1cs_bytes: usize,
    pub proof_opening_bytes: usize,
    /// Peak resident memory of the child, in MiB.
    pub peak_rss_mib: f64,
}

fn seconds(d: std::time::Duration) -> f64 {
    d.as_secs_f64()
}

impl Run {
    fn new(t: &ProverTimings, verify_s: f64) -> Self {
        Self {
            trace_s: seconds(t.trace),
            witness_s: seconds(t.witness),
            commit_s: seconds(t.commit),
            memory_checking_s: seconds(t.memory_checking),
            lookups_s: seconds(t.lookups),
            r1cs_s: seconds(t.r1cs),
            opening_s: seconds(t.opening),
            prove_s: seconds(t.total),
            verify_s,
            detail: [
                ("memory: commit", t.memory_detail.commit),
                ("memory: grand products", t.memory_detail.grand_products),
                ("memory: evaluations", t.memory_detail.evaluations),
                ("memory: final I/O", t.memory_detail.final_io),
                ("lookups: commit", t.lookups_detail.commit),
                (
                    "lookups: primary sum-check",
                    t.lookups_detail.primary_sumcheck,
                ),
                ("lookups: grand products", t.lookups_detail.grand_products),
                ("lookups: evaluations", t.lookups_detail.openings),
                ("R1CS: commit", t.r1cs_detail.commit),
                ("R1CS: Spartan", t.r1cs_detail.spartan),
                ("R1CS: claims", t.r1cs_detail.claims),
            ]
            .into_iter()
            .map(|(name, d)| (name.to_string(), seconds(d)))
            .collect(),
        }
    }
}

/// Proves `w` at `2^k` cycles `runs` times, verifying each proof (a
/// rejected proof is an error, never a figure).
pub fn measure(w: &Workload, k: usize, runs: usize) -> Result<ChildResult, Box<dyn Error>> {
    let program = w.program()?;
    let input = w.input_for(&program, k)?;
    // The development key (from the public seed) costs what a real one
    // costs to use. It must also hold the memory domain, which for a
    // memory-heavy program can be larger than the trace.
    let key_log = jolt_sdk::host::log_cycles_for(&program, &input, u64::MAX)?.max(k);
    let pre = ProverPreprocessing::<F, Pcs>::development(program, key_log)?;
    // Benchmarks measure the protocol under the development key (a ceremony
    // key of the same size costs the same), so the verifier opts in.
    let verifier = pre.verifier().allow_insecure_development_key();
    let mut result = ChildResult {
        program: w.name.to_string(),
        log_size: k,
        cycles: 0,
        padded_log: 0,
        runs: Vec::new(),
        proof_bytes: 0,
        proof_memory_bytes: 0,
        proof_lookups_bytes: 0,
        proof_r1cs_bytes: 0,
        proof_opening_bytes: 0,
        peak_rss_mib: 0.0,
    };
    for run in 0..runs {
        eprintln!("  {} at 2^{k}: run {}/{runs}", w.name, run + 1);
        let ((output, panicked, proof), timings) = zkvm::prove_with_timings(&pre, &input)?;
        let clock = Instant::now();
        zkvm::verify(
            &verifier,
            &Statement::new(&input, &output, panicked),
            &proof,
        )
        .map_err(|e| format!("{} at 2^{k}: the proof was rejected: {e}", w.name))?;
        result
            .runs
            .push(Run::new(&timings, seconds(clock.elapsed())));
        result.cycles = timings.cycles;
        result.padded_log = proof.memory.log_rows.into();
        result.proof_bytes = proof.size_in_bytes();
        result.proof_memory_bytes = proof.memory.compressed_size();
        result.proof_lookups_bytes = proof.lookups.compressed_size();
        result.proof_r1cs_bytes = proof.r1cs.compressed_size();
        result.proof_opening_bytes = proof.opening.compressed_size();
    }
    result.peak_rss_mib = jolt_sdk::host::peak_rss_mib();
    Ok(result)
}
