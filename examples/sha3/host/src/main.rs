//! Proves a SHA3-256 chain (the `sha3` crate in the guest) and
//! verifies it: `cargo run --release -p sha3-chain [-- ROUNDS]`.
use sha3_provable::{analyze_sha3_chain, prove_sha3_chain, verify_sha3_chain};

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
        .unwrap_or(12);
    let data = b"a lookup-only zkVM".to_vec();
    let (digest, report) = prove_and_report(
        || analyze_sha3_chain(data.clone(), rounds),
        || prove_sha3_chain(data.clone(), rounds),
        |digest, proof| verify_sha3_chain(data.clone(), rounds, *digest, proof),
    )?;
    println!("SHA3-256^(1 + {rounds}) = {}", hex(&digest));
    println!("{report}");
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
