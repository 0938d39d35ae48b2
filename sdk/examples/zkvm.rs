//! Benchmarks whole-program proofs (`jolt_core::zkvm`) on real programs at
//! traces of about `2^k` cycles: per-stage prover times (trace, witness,
//! commit, memory checking, instruction lookups, R1CS, opening), total,
//! throughput, verifier time, proof size and peak memory; medians over the
//! runs, with the total's min and max. Each (program, size) runs in a child
//! process, so its peak RSS is its own. The programs are C guests sized by
//! their input: `fibonacci` (examples/fibonacci) and `sha256` (a SHA-256
//! chain, benches/programs/sha256_chain.c, checked against the host's
//! `sha256sum` when it has one).
//!
//! ```text
//! cargo run --release -p jolt-sdk --example zkvm [-- --programs fibonacci,sha256 --sizes 18,20 --runs 3] [--detail]
//! ```
//!
//! `--detail` prints each component's own stages instead (medians).
use jolt_sdk::jolt_core::zkvm::{self, ProverPreprocessing, ProverTimings, Setup};
use jolt_sdk::jolt_core::{MemoryLayout, Program, TraceOptions};
use jolt_sdk::GuestSource;
use lasso::field::Fr;
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;
use std::error::Error;
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "support/mod.rs"]
mod support;
use support::{median, peak_rss_mib, secs};

const HEADER: &str = "| program | cycles (padded) | trace | witness | commit | memory checking | lookups | R1CS | opening | prove (min-max) | throughput | verify | proof | peak RSS |";
const DETAIL_HEADER: &str = "| program | cycles (padded) | memory: commit | memory: grand products | memory: evaluations | memory: final I/O | lookups: commit | lookups: primary sum-check | lookups: grand products | lookups: evaluations | R1CS: commit | R1CS: Spartan | R1CS: claims | opening | prove |";

/// A benchmark program: its source and its input for `n` iterations.
struct Workload {
    name: &'static str,
    source: fn(&std::path::Path) -> GuestSource,
    input: fn(u32) -> Vec<u8>,
}

const WORKLOADS: [Workload; 2] = [
    Workload {
        name: "fibonacci",
        source: |root| GuestSource::C(vec![root.join("examples/fibonacci/fibonacci.c")]),
        input: |n| n.to_le_bytes().to_vec(),
    },
    Workload {
        name: "sha256",
        source: |root| GuestSource::C(vec![root.join("benches/programs/sha256_chain.c")]),
        input: |n| n.to_le_bytes().to_vec(),
    },
];

fn main() -> Result<(), Box<dyn Error>> {
    let runs = support::runs_arg()?;
    let detail = std::env::args().any(|a| a == "--detail");
    if let Some(k) = support::arg("--child") {
        let name = support::arg("--program").ok_or("--child needs --program")?;
        return child(&name, k.parse()?, runs, detail);
    }
    let programs = support::arg("--programs").unwrap_or_else(|| "fibonacci,sha256".into());
    let sizes = support::sizes_arg()?;
    support::print_header(if detail { DETAIL_HEADER } else { HEADER });
    let runs = runs.to_string();
    for name in programs.split(',') {
        for &k in &sizes {
            let k_arg = k.to_string();
            let mut args = vec!["--child", &k_arg, "--program", name, "--runs", &runs];
            args.extend(detail.then_some("--detail"));
            support::run_child(&args, &format!("{name} at 2^{k}"))?;
        }
    }
    Ok(())
}

/// The iterations that fill `2^k` cycles without passing it (cycles are
/// affine in the iterations: measured at 0 and at 64).
fn iterations(program: &Program, w: &Workload, k: usize) -> Result<u32, Box<dyn Error>> {
    let opts = TraceOptions {
        max_cycles: u64::MAX,
        record: false,
        ..Default::default()
    };
    let cycles = |n: u32| program.trace(&(w.input)(n), &opts).map(|t| t.cycles);
    let (base, at64) = (cycles(0)?, cycles(64)?);
    let per = (at64 - base).div_ceil(64);
    let target = (1u64 << k).saturating_sub(base);
    let mut n = (target / per) as u32;
    while n > 0 && cycles(n)? > 1 << k {
        n -= 1;
    }
    Ok(n)
}

/// The host's SHA-256 chain, through `sha256sum`, if it has one.
fn host_sha256_chain(n: u32) -> Option<Vec<u8>> {
    let mut h = vec![0u8; 32];
    for _ in 0..n.min(4) {
        let path = std::env::temp_dir().join(format!("jolt-sha-{}", std::process::id()));
        std::fs::write(&path, &h).ok()?;
        let out = Command::new("sha256sum").arg(&path).output().ok()?;
        let _ = std::fs::remove_file(&path);
        let hex = String::from_utf8(out.stdout).ok()?;
        h = (0..32)
            .map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
            .collect::<Option<_>>()?;
    }
    Some(h)
}

fn child(name: &str, k: usize, runs: usize, detail: bool) -> Result<(), Box<dyn Error>> {
    let w = WORKLOADS
        .iter()
        .find(|w| w.name == name)
        .ok_or_else(|| format!("unknown program {name:?} (fibonacci, sha256)"))?;
    let elf = support::build_example(w.source)?;
    let program = Program::from_elf(&std::fs::read(&elf)?, &MemoryLayout::default())?;
    if w.name == "sha256" {
        // The guest's hash against the host's, on a short chain.
        let opts = TraceOptions::default();
        let ours = program.trace(&(w.input)(4), &opts)?.output;
        if let Some(theirs) = host_sha256_chain(4) {
            if ours != theirs {
                return Err("the guest's SHA-256 differs from sha256sum's".into());
            }
        }
    }
    let n = iterations(&program, w, k)?;
    let input = (w.input)(n);
    let pk = HyperKzg::setup_from_seed(k.max(16), b"zkvm benchmark");
    let pre = ProverPreprocessing::<Fr, HyperKzg>::new(
        program,
        k,
        pk,
        Setup::Development {
            seed: b"zkvm benchmark".to_vec(),
        },
    )?;
    let vpre = pre.verifier();
    let mut timings: Vec<ProverTimings> = Vec::new();
    let mut verify = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let (proved, t) = zkvm::prove_with_timings(&pre, &input)?;
        let (output, panicked, proof) = &proved;
        let clock = Instant::now();
        zkvm::verify(&vpre, &input, output, *panicked, proof)?;
        verify.push(clock.elapsed());
        timings.push(t);
        last = Some(proved);
    }
    let (_, _, proof) = last.ok_or("--runs must be at least 1")?;
    let cycles = pre
        .program()
        .trace(&input, &TraceOptions::default())?
        .cycles;
    let stage = |f: fn(&ProverTimings) -> Duration| median(timings.iter().map(f).collect());
    let totals: Vec<Duration> = timings.iter().map(|t| t.total).collect();
    let total = median(totals.clone());
    if detail {
        let cells: Vec<String> = [
            stage(|t| t.memory_detail.commit),
            stage(|t| t.memory_detail.grand_products),
            stage(|t| t.memory_detail.evaluations),
            stage(|t| t.memory_detail.final_io),
            stage(|t| t.lookups_detail.commit),
            stage(|t| t.lookups_detail.primary_sumcheck),
            stage(|t| t.lookups_detail.grand_products),
            stage(|t| t.lookups_detail.openings),
            stage(|t| t.r1cs_detail.commit),
            stage(|t| t.r1cs_detail.spartan),
            stage(|t| t.r1cs_detail.claims),
            stage(|t| t.opening),
            total,
        ]
        .into_iter()
        .map(secs)
        .collect();
        println!(
            "| {name} | {cycles} (2^{}) | {} |",
            proof.memory.log_rows,
            cells.join(" | ")
        );
        return Ok(());
    }
    let (min, max) = (totals.iter().min().unwrap(), totals.iter().max().unwrap());
    println!(
        "| {name} | {cycles} (2^{}) | {} | {} | {} | {} | {} | {} | {} | {} ({:.1}-{:.1}) | {:.1} kHz | {:.1} ms | {:.1} KB | {:.0} MiB |",
        proof.memory.log_rows,
        secs(stage(|t| t.trace)),
        secs(stage(|t| t.witness)),
        secs(stage(|t| t.commit)),
        secs(stage(|t| t.memory_checking)),
        secs(stage(|t| t.lookups)),
        secs(stage(|t| t.r1cs)),
        secs(stage(|t| t.opening)),
        secs(total),
        min.as_secs_f64(),
        max.as_secs_f64(),
        cycles as f64 / total.as_secs_f64() / 1000.0,
        median(verify).as_secs_f64() * 1000.0,
        proof.size_in_bytes() as f64 / 1000.0,
        peak_rss_mib(),
    );
    Ok(())
}
