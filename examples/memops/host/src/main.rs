//! Proves loads and stores of every width and verifies them:
//! `cargo run --release -p memory-ops [-- SEED]`.
use memory_ops_provable::{analyze_memory_ops, prove_memory_ops, verify_memory_ops};

use jolt_sdk::provable::prove_and_report;

fn main() {
    jolt_sdk::provable::example_main(run);
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let seed: u8 = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()
        .map_err(|e| format!("SEED: {e}"))?
        .unwrap_or(7);
    let (bytes, report) = prove_and_report(
        || analyze_memory_ops(seed),
        || prove_memory_ops(seed),
        |bytes, proof| verify_memory_ops(seed, bytes.clone(), proof),
    )?;
    println!(
        "{} bytes of memory after the operations (seed {seed})",
        bytes.len()
    );
    println!("{report}");
    Ok(())
}
