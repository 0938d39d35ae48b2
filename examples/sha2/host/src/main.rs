//! Proves a SHA-256 chain (the `sha2` crate in the guest) and
//! verifies it: `cargo run --release -p sha2-chain [-- ROUNDS]`.
use sha2_provable::{analyze_sha256_chain, prove_sha256_chain, verify_sha256_chain};

use jolt_sdk::provable::prove_and_report;

fn main() {
    jolt_sdk::provable::example_main(run);
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: u32 = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()
        .map_err(|e| format!("ROUNDS: {e}"))?
        .unwrap_or(40);
    let data = b"a lookup-only zkVM".to_vec();
    let (digest, report) = prove_and_report(
        || analyze_sha256_chain(data.clone(), rounds),
        || prove_sha256_chain(data.clone(), rounds),
        |digest, proof| verify_sha256_chain(data.clone(), rounds, *digest, proof),
    )?;
    println!("SHA-256^(1 + {rounds}) = {}", hex(&digest));
    println!("{report}");
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
