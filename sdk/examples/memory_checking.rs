//! Benchmarks the memory checks (bytecode, registers and RAM, timestamp
//! range check) on the fibonacci guest (C) at traces of `2^k` cycles: per
//! stage prover times, verifier time, proof size by part and peak memory,
//! medians over the runs with the total's min and max. Each size runs in a
//! child process, so its peak RSS is its own.
//!
//! ```text
//! cargo run --release -p jolt-sdk --example memory_checking [-- --sizes 16,18,20 --runs 3]
//! ```
use ark_serialize::CanonicalSerialize;
use jolt_sdk::jolt_core::memory::{self, MemoryPreprocessing, MemoryWitness, Statement};
use jolt_sdk::jolt_core::{MemoryLayout, Program, TraceOptions};
use lasso::field::Fr;
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;
use lasso::transcript::Transcript;
use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "support/mod.rs"]
mod support;
use support::{median, peak_rss_mib, secs};

fn main() -> Result<(), Box<dyn Error>> {
    support::drive(
        "| cycles (padded) | trace | witness | commit | grand products | evaluations | final I/O | opening | prove (min-max) | verify | proof | peak RSS |",
        child,
    )
}

fn child(elf: &PathBuf, k: usize, runs: usize) -> Result<(), Box<dyn Error>> {
    let program = Program::from_elf(&std::fs::read(elf)?, &MemoryLayout::default())?;
    let opts = TraceOptions {
        max_cycles: u64::MAX,
        ..Default::default()
    };
    let input = support::fibonacci_input(&program, k)?;
    let clock = Instant::now();
    let trace = program.trace(&input, &opts)?;
    let trace_time = clock.elapsed();
    let pre = MemoryPreprocessing::new(&program);
    let statement = Statement {
        input: input.clone(),
        output: trace.output.clone(),
        panicked: trace.panicked,
    };
    let w = MemoryWitness::<Fr>::generate(&pre, &program, &input, &trace)?;
    let max_vars = w
        .log_rows
        .max(w.domain.log_size())
        .max(pre.bytecode.log_size());
    let pk = HyperKzg::setup_from_seed(max_vars, b"memory benchmark");
    let vk = HyperKzg::verifier_key(&pk);
    drop(w);

    let mut t: Vec<Vec<Duration>> = vec![Vec::new(); 8];
    let mut last = None;
    for _ in 0..runs {
        let clock = Instant::now();
        let w = MemoryWitness::<Fr>::generate(&pre, &program, &input, &trace)?;
        t[0].push(clock.elapsed());
        let mut tr = Transcript::new(b"memory benchmark");
        let (proof, timings) = memory::prove::<Fr, HyperKzg>(&pre, &pk, &statement, &w, &mut tr)?;
        t[1].push(timings.commit);
        t[2].push(timings.grand_products);
        t[3].push(timings.evaluations);
        t[4].push(timings.final_io);
        t[5].push(timings.opening);
        t[6].push(timings.total);
        let clock = Instant::now();
        let mut tr = Transcript::new(b"memory benchmark");
        memory::verify::<Fr, HyperKzg>(&pre, &vk, &statement, &proof, 28, &mut tr)?;
        t[7].push(clock.elapsed());
        last = Some((proof, w.log_rows, w.domain.log_size()));
    }
    let (proof, log_rows, log_domain) = last.expect("at least one run");
    let (lo, hi) = (
        t[6].iter().min().copied().unwrap_or_default(),
        t[6].iter().max().copied().unwrap_or_default(),
    );
    let size = |x: &dyn Fn() -> usize| format!("{:.1}", x() as f64 / 1024.0);
    let parts = format!(
        "{} KB (commitments {}, grand products {}, evaluations {}, final I/O {}, opening {})",
        size(&|| proof.size_in_bytes()),
        size(&|| proof.commitments.compressed_size()),
        size(&|| proof.memory.compressed_size()),
        size(&|| proof.evals.compressed_size()),
        size(&|| proof.io_sumcheck.compressed_size() + 32),
        size(&|| proof.opening.compressed_size()),
    );
    let median_total = median(t[6].clone());
    let verify_ms = median(t[7].clone()).as_secs_f64() * 1000.0;
    let stages: Vec<String> = t.into_iter().map(|v| secs(median(v))).collect();
    println!(
        "| {} (2^{log_rows}; domain 2^{log_domain}) | {} | {} | {} | {} | {} | {} | {} | {} ({}-{}) | {verify_ms:.1} ms | {parts} | {:.0} MiB |",
        trace.cycles,
        secs(trace_time),
        stages[0],
        stages[1],
        stages[2],
        stages[3],
        stages[4],
        stages[5],
        secs(median_total),
        secs(lo),
        secs(hi),
        peak_rss_mib(),
    );
    Ok(())
}
