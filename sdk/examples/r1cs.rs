//! Benchmarks the R1CS component (the R1CS's own commitments, uniform
//! Spartan, the claims' merge and their share of the batched opening) on
//! the fibonacci guest (C) at traces of `2^k` cycles: per stage prover
//! times, verifier time, proof size and peak memory, medians over the runs
//! with the total's min and max. Each size runs in a child process, so its
//! peak RSS is its own. The other components' commitments (memory values,
//! bytecode fields, lookup columns) are made once, outside the timings:
//! the whole proof makes them once for every component.
//!
//! ```text
//! cargo run --release -p jolt-sdk --example r1cs [-- --sizes 16,18,20 --runs 3]
//! ```
use jolt_sdk::jolt_core::lookups::lookup_preprocessing;
use jolt_sdk::jolt_core::memory::MemoryPreprocessing;
use jolt_sdk::jolt_core::r1cs::proof::{self, NUM_EXTERNAL_COLUMNS};
use jolt_sdk::jolt_core::r1cs::vm::vm_r1cs;
use jolt_sdk::jolt_core::r1cs::witness::{AuxColumns, VmWitness};
use jolt_sdk::jolt_core::{MemoryLayout, Program, TraceOptions};
use lasso::field::Fr;
use lasso::pcs::accumulator::{ProverOpeningAccumulator, VerifierOpeningAccumulator};
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;
use lasso::poly::Polynomial;
use lasso::transcript::Transcript;
use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "support/mod.rs"]
mod support;
use support::{median, peak_rss_mib, secs};

fn main() -> Result<(), Box<dyn Error>> {
    support::drive(
        "| cycles (padded) | aux witness | aux commit | Spartan | claims | opening | prove (min-max) | verify | proof | peak RSS |",
        child,
    )
}

fn child(elf: &PathBuf, k: usize, runs: usize) -> Result<(), Box<dyn Error>> {
    let layout = MemoryLayout::default();
    let program = Program::from_elf(&std::fs::read(elf)?, &layout)?;
    let opts = TraceOptions {
        max_cycles: u64::MAX,
        ..Default::default()
    };
    let input = support::fibonacci_input(&program, k)?;
    let trace = program.trace(&input, &opts)?;
    let pre = MemoryPreprocessing::new(&program);
    let pp = lookup_preprocessing::<Fr>();
    let r1cs = vm_r1cs::<Fr>(&layout);
    let w = VmWitness::<Fr>::generate(&pre, &pp, &program, &input, &trace)?;
    let n = w.log_rows();
    let pk = HyperKzg::setup_from_seed(n, b"r1cs benchmark");
    let vk = HyperKzg::verifier_key(&pk);
    let columns = w.columns(&pp);
    let external = HyperKzg::batch_commit(&pk, &columns[..NUM_EXTERNAL_COLUMNS]);

    let mut t: Vec<Vec<Duration>> = vec![Vec::new(); 7];
    let mut last = None;
    for _ in 0..runs {
        let clock = Instant::now();
        let aux = AuxColumns::<Polynomial<Fr>>::generate(
            &program,
            &pre.bytecode,
            &trace,
            &w.memory.columns.ram_address,
            n,
        );
        t[0].push(clock.elapsed());
        let start = Instant::now();
        let mut tr = Transcript::new(b"r1cs benchmark");
        let mut acc = ProverOpeningAccumulator::<Fr, HyperKzg>::new();
        let mut cols = columns.clone();
        cols.truncate(NUM_EXTERNAL_COLUMNS);
        cols.extend(aux.to_vec());
        let (p, timings) = proof::prove(
            &r1cs,
            program.entry(),
            &pk,
            &cols,
            &external,
            &aux,
            &mut acc,
            &mut tr,
        );
        let clock = Instant::now();
        let opening = acc.prove(&pk, &mut tr);
        t[4].push(clock.elapsed());
        t[5].push(start.elapsed());
        t[1].push(timings.commit);
        t[2].push(timings.spartan);
        t[3].push(timings.claims);
        let clock = Instant::now();
        let mut tr = Transcript::new(b"r1cs benchmark");
        let mut vacc = VerifierOpeningAccumulator::<Fr, HyperKzg>::new();
        proof::verify(&r1cs, program.entry(), n, &external, &p, &mut vacc, &mut tr)?;
        vacc.verify(&vk, &opening, &mut tr)?;
        t[6].push(clock.elapsed());
        last = Some((p, opening));
    }
    let (p, opening) = last.expect("at least one run");
    let (lo, hi) = (
        t[5].iter().min().copied().unwrap_or_default(),
        t[5].iter().max().copied().unwrap_or_default(),
    );
    use ark_serialize::CanonicalSerialize;
    let kb = |bytes: usize| format!("{:.1}", bytes as f64 / 1024.0);
    let parts = format!(
        "{} KB (commitments {}, Spartan {}; opening alone {})",
        kb(p.compressed_size()),
        kb(p.aux_commitments.compressed_size()),
        kb(p.spartan.size_in_bytes()),
        kb(opening.compressed_size()),
    );
    let verify_ms = median(t[6].clone()).as_secs_f64() * 1000.0;
    let total = median(t[5].clone());
    let stages: Vec<String> = t.into_iter().map(|v| secs(median(v))).collect();
    println!(
        "| {} (2^{n}) | {} | {} | {} | {} | {} | {} ({}-{}) | {verify_ms:.1} ms | {parts} | {:.0} MiB |",
        trace.cycles,
        stages[0],
        stages[1],
        stages[2],
        stages[3],
        stages[4],
        secs(total),
        secs(lo),
        secs(hi),
        peak_rss_mib(),
    );
    Ok(())
}
