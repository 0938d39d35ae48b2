//! The main job: builds the fibonacci guest (Rust), runs it on `n`, proves
//! the run and verifies the proof, printing each stage as it goes.
//!
//! ```text
//! cargo run --release -p jolt-sdk --example prove_fibonacci [-- --n 5000] [--json] [--key KEY]
//! ```
//!
//! With `--key KEY` (a key file from `jolt setup --ptau`), the proof rests on
//! a powers-of-tau ceremony. Without it the commitment key is derived from a
//! public seed: for development only (anyone knowing the seed can forge
//! proofs); the program says so, and its verifier accepts the proof only
//! because it opts in.
use jolt_sdk::jolt_core::zkvm::setup::read_key_file;
use jolt_sdk::jolt_core::zkvm::{self, ProverPreprocessing, SetupOrigin, DEVELOPMENT_SEED};
use jolt_sdk::jolt_core::{MemoryLayout, Program, Statement, TraceOptions};
use jolt_sdk::GuestSource;
use lasso::field::Fr;
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;
use std::error::Error;
use std::time::Instant;

#[path = "support/mod.rs"]
mod support;

/// Traces of up to 2^20 cycles.
const MAX_LOG_CYCLES: usize = 20;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let json = args.iter().any(|a| a == "--json");
    let n: u32 = args
        .iter()
        .position(|a| a == "--n")
        .and_then(|i| args.get(i + 1))
        .map(|v| v.parse())
        .transpose()
        .map_err(|e| format!("--n: {e}"))?
        .unwrap_or(5000);
    let key = args
        .iter()
        .position(|a| a == "--key")
        .map(|i| args.get(i + 1).ok_or("--key needs a key file (jolt setup)"))
        .transpose()?
        .map(std::path::PathBuf::from);
    let say = |msg: &str| {
        if !json {
            eprintln!("{msg}");
        }
    };

    say("building the fibonacci guest (examples/fibonacci/guest) ...");
    let elf =
        support::build_example(|root| GuestSource::Rust(root.join("examples/fibonacci/guest")))?;
    let program = Program::from_elf(&std::fs::read(&elf)?, &MemoryLayout::default())?;
    let input = n.to_le_bytes().to_vec();

    let clock = Instant::now();
    let cycles = program
        .trace(
            &input,
            &TraceOptions {
                record: false,
                ..Default::default()
            },
        )?
        .cycles;
    let log_rows = cycles.max(2).next_power_of_two().trailing_zeros() as usize;
    say(&format!(
        "fib({n}): {cycles} cycles (padded to 2^{log_rows})"
    ));
    // The key covers this run (at least the subtables' 2^16), not the
    // preprocessing's maximum: a 2^20 key takes longer to derive (or read)
    // than fib(5000) takes to prove.
    let key_vars = log_rows.max(16);
    let (pk, origin) = match &key {
        Some(path) => {
            say(&format!("preprocessing (key {}) ...", path.display()));
            let (pk, setup) = read_key_file::<Fr, HyperKzg>(path, Some(key_vars))
                .map_err(|e| format!("{}: {e}", path.display()))?;
            (pk, setup.origin().clone())
        }
        None => {
            say("preprocessing (development key) ...");
            let pk = HyperKzg::setup_from_seed(key_vars, DEVELOPMENT_SEED);
            (pk, SetupOrigin::development())
        }
    };
    let pre = ProverPreprocessing::<Fr, HyperKzg>::new(program, MAX_LOG_CYCLES, pk, origin)?;
    let vpre = pre.verifier();
    let vpre = if vpre.setup().is_development() {
        // Without --key this demo proves under the development key (its
        // secret is public), so its verifier must opt in to accept the
        // proof; the warning says what that means.
        say(&format!("warning: {}", vpre.setup().describe()));
        vpre.allow_insecure_development_key()
    } else {
        say(&format!("setup: {}", vpre.setup().describe()));
        vpre
    };
    let setup = clock.elapsed();

    say("proving ...");
    let clock = Instant::now();
    let (output, panicked, proof) = zkvm::prove(&pre, &input)?;
    let prove_time = clock.elapsed();
    say("verifying ...");
    let clock = Instant::now();
    zkvm::verify(&vpre, &Statement::new(&input, &output, panicked), &proof)?;
    let verify_time = clock.elapsed();

    let value = output
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
        .ok_or("the guest's output is not an 8-byte number")?;
    let khz = cycles as f64 / prove_time.as_secs_f64() / 1000.0;
    if json {
        println!(
            "{{\"n\":{n},\"output\":{value},\"panicked\":{panicked},\"cycles\":{cycles},\"log_rows\":{log_rows},\"setup_s\":{:.3},\"prove_s\":{:.3},\"verify_ms\":{:.1},\"proof_bytes\":{},\"verified\":true,\"development_setup\":{}}}",
            setup.as_secs_f64(),
            prove_time.as_secs_f64(),
            verify_time.as_secs_f64() * 1000.0,
            proof.size_in_bytes(),
            vpre.setup().is_development()
        );
    } else {
        println!("fib({n}) = {value} (mod 2^64), panicked: {panicked}");
        println!(
            "{cycles} cycles; setup {:.2} s, prove {:.2} s ({khz:.1} kHz on {} cores), verify {:.1} ms, proof {:.1} KB: verified",
            setup.as_secs_f64(),
            prove_time.as_secs_f64(),
            std::thread::available_parallelism().map_or(0, |c| c.get()),
            verify_time.as_secs_f64() * 1000.0,
            proof.size_in_bytes() as f64 / 1024.0
        );
    }
    Ok(())
}
