//! Proves the longest Collatz trajectory among consecutive starts and
//! verifies it: `cargo run --release -p collatz [-- FIRST COUNT]`.
use collatz_provable::{
    analyze_longest_collatz, prove_longest_collatz, verify_longest_collatz, Starts,
};

use jolt_sdk::provable::prove_and_report;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    // Without a key file (JOLT_KEY, from `jolt setup`) this example proves under
    // the development key, whose secret is public; a demo accepts such proofs
    // knowingly (a note on stderr says what they are worth).
    jolt_sdk::provable::allow_insecure_development_key();
    let mut args = std::env::args().skip(1);
    let first: u64 = args
        .next()
        .map_or(Ok(1), |a| a.parse())
        .map_err(|e| format!("FIRST: {e}"))?;
    let count: u32 = args
        .next()
        .map_or(Ok(300), |a| a.parse())
        .map_err(|e| format!("COUNT: {e}"))?;
    let starts = Starts { first, count };
    let (best, report) = prove_and_report(
        || analyze_longest_collatz(starts),
        || prove_longest_collatz(starts),
        |best, proof| verify_longest_collatz(starts, *best, proof),
    )?;
    println!(
        "among {count} starts from {first}: {} takes the most steps to 1 ({})",
        best.0, best.1
    );
    println!("{report}");
    Ok(())
}
