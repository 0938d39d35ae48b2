//! Proves the longest Collatz trajectory among consecutive starts and
//! verifies it: `cargo run --release -p collatz [-- FIRST COUNT]`.
use collatz_provable::{
    analyze_longest_collatz, prove_longest_collatz, verify_longest_collatz, Starts,
};

use jolt_sdk::provable::prove_and_report;

fn main() {
    jolt_sdk::provable::example_main(run);
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
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
