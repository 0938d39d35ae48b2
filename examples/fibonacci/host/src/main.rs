//! Proves fib(n) with the `#[provable]` guest and verifies the proof:
//! `cargo run --release -p fibonacci [-- N]`.
use fibonacci_provable::{analyze_fib, build_fib, prove_fib, verify_fib};
use std::time::Instant;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
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
    let analysis = analyze_fib(n)?;
    let clock = Instant::now();
    let (output, proof) = prove_fib(n)?;
    let prove = clock.elapsed();
    let clock = Instant::now();
    verify_fib(n, output, &proof)?;
    let verify = clock.elapsed();
    println!("fib({n}) = {output}");
    println!(
        "cycles: {} ({:.0} % in virtual sequences)",
        analysis.cycles,
        analysis.virtual_share * 100.0
    );
    println!(
        "prove: {:.2} s, verify: {:.1} ms, proof: {} bytes",
        prove.as_secs_f64(),
        verify.as_secs_f64() * 1e3,
        proof.to_bytes().len()
    );
    Ok(())
}
