//! Proves a C program (`examples/sort/sort.c`) and verifies the proof:
//! `cargo run --release -p sort-c [-- COUNT]`.
use jolt_sdk::proof::Statement;
use sort_c::{decode, encode, program, setup};
use std::time::Instant;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let count: u32 = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()
        .map_err(|e| format!("COUNT: {e}"))?
        .unwrap_or(500);
    if count > 1024 {
        return Err("COUNT: sort.c sorts at most 1024 values".into());
    }
    let values: Vec<u32> = (0..count)
        .map(|i| i.wrapping_mul(2_654_435_761) >> 7)
        .collect();
    let program = program()?;
    let (prover, verifier) = setup(&program, &values)?;
    if prover.setup().is_development() {
        eprintln!("warning: {}", prover.setup().describe());
    } else {
        eprintln!("setup: {}", prover.setup().describe());
    }
    let clock = Instant::now();
    let proved = prover.prove(&encode(&values))?;
    let prove = clock.elapsed();
    let mut expected = values.clone();
    expected.sort();
    let statement = Statement {
        input: encode(&values),
        output: encode(&expected),
        panicked: false,
    };
    let verify = verifier.verify(&proved.proof, &statement)?;
    let sorted = decode(&proved.proof.statement.output);
    println!(
        "sorted {count} values: {:?} .. {:?}",
        &sorted[..sorted.len().min(3)],
        &sorted[sorted.len().saturating_sub(3)..]
    );
    println!(
        "cycles: {}, prove: {:.2} s, verify: {:.1} ms, proof: {} bytes",
        proved.timings.cycles,
        prove.as_secs_f64(),
        verify.as_secs_f64() * 1e3,
        proved.proof.to_bytes().len()
    );
    Ok(())
}
