//! Proves the M extension's edge cases (a provable function without
//! arguments) and verifies them: `cargo run --release -p muldiv`.
use muldiv_provable::{analyze_muldiv, prove_muldiv, verify_muldiv, PAIRS};

use jolt_sdk::provable::prove_and_report;

fn main() {
    jolt_sdk::provable::example_main(run);
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let (result, report) = prove_and_report(analyze_muldiv, prove_muldiv, |r, proof| {
        verify_muldiv(r.clone(), proof)
    })?;
    println!("      a          b   |    mul     mulh   mulhsu    mulhu      div     divu      rem     remu");
    for ((a, b), r) in PAIRS.iter().zip(&result.m_ext) {
        let cells: Vec<String> = r.iter().map(|x| format!("{x:08x}")).collect();
        println!("{a:08x} {b:08x} | {}", cells.join(" "));
    }
    println!("{report}");
    Ok(())
}
