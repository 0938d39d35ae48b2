//! Proves `summarize` (String and Vec arguments, BTreeMap inside, a struct
//! result) and verifies the proof: `cargo run --release -p alloc`.
use alloc_provable::{analyze_summarize, prove_summarize, verify_summarize};
use std::time::Instant;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let values: Vec<u32> = (0..200u32).map(|i| (i * 7919) % 23).collect();
    let label = String::from("heap data");
    let analysis = analyze_summarize(label.clone(), values.clone())?;
    let clock = Instant::now();
    let (summary, proof) = prove_summarize(label.clone(), values.clone())?;
    let prove = clock.elapsed();
    verify_summarize(label, values, summary.clone(), &proof)?;
    println!("{summary:?}");
    println!(
        "cycles: {}, prove: {:.2} s, proof: {} bytes",
        analysis.cycles,
        prove.as_secs_f64(),
        proof.to_bytes().len()
    );
    Ok(())
}
