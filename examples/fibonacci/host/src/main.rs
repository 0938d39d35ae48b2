//! Proves fib(n) with the `#[provable]` guest and verifies the proof:
//! `cargo run --release -p fibonacci [-- N]`.
use fibonacci_provable::{analyze_fib, build_fib, prove_fib, verify_fib};
use jolt_sdk::provable::prove_and_report;
use std::time::Instant;

fn main() {
    jolt_sdk::provable::example_main(run);
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let n: u32 = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()
        .map_err(|e| format!("N: {e}"))?
        .unwrap_or(1000);
    let clock = Instant::now();
    let guest = build_fib()?;
    println!(
        "built and preprocessed the guest in {:.2} s",
        clock.elapsed().as_secs_f64()
    );
    if guest.verifier().setup().is_development() {
        eprintln!("warning: {}", guest.verifier().setup().describe());
    }
    let (output, report) = prove_and_report(
        || analyze_fib(n),
        || prove_fib(n),
        |output, proof| verify_fib(n, *output, proof),
    )?;
    println!("fib({n}) = {output}");
    println!("{report}");
    Ok(())
}
