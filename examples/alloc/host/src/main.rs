//! Proves `summarize` (String and Vec arguments, BTreeMap inside, a struct
//! result) and verifies the proof: `cargo run --release -p alloc`.
use alloc_provable::{analyze_summarize, prove_summarize, verify_summarize};
use jolt_sdk::provable::prove_and_report;

fn main() {
    jolt_sdk::provable::example_main(run);
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let values: Vec<u32> = (0..200u32).map(|i| (i * 7919) % 23).collect();
    let label = String::from("heap data");
    let (summary, report) = prove_and_report(
        || analyze_summarize(label.clone(), values.clone()),
        || prove_summarize(label.clone(), values.clone()),
        |summary, proof| verify_summarize(label.clone(), values.clone(), summary.clone(), proof),
    )?;
    println!("{summary:?}");
    println!("{report}");
    Ok(())
}
