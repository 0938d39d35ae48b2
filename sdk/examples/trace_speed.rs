//! Measures the tracer's speed on one core: builds the fibonacci guest (C),
//! runs it for about `N` million cycles (default 30) with trace recording on
//! and off, and prints cycles per second; then the same for the sort guest
//! (C) on 1024 values, a load/store-heavy mix of about 4 million cycles.
//!
//! ```text
//! cargo run --release -p jolt-sdk --example trace_speed [-- MILLION_CYCLES]
//! ```
use jolt_sdk::jolt_core::{MemoryLayout, Program, TraceOptions};
use jolt_sdk::GuestSource;
use std::error::Error;
use std::time::Instant;

#[path = "support/mod.rs"]
mod support;

fn main() -> Result<(), Box<dyn Error>> {
    let millions: u64 = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(30);
    let build = |name: &str| -> Result<Program, Box<dyn Error>> {
        let elf = support::build_example(|root| {
            GuestSource::C(vec![root.join(format!("examples/{name}/{name}.c"))])
        })?;
        Ok(Program::from_elf(
            &std::fs::read(elf)?,
            &MemoryLayout::default(),
        )?)
    };
    println!(
        "{} core(s) available, 1 used",
        std::thread::available_parallelism()?
    );

    // The C fibonacci loop takes 10 cycles per iteration.
    let n = (millions * 1_000_000 / 10) as u32;
    println!("fibonacci({n}):");
    measure(&build("fibonacci")?, &n.to_le_bytes())?;

    let mut x = 1u32;
    let values: Vec<u8> = (0..1024)
        .flat_map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            x.to_le_bytes()
        })
        .collect();
    println!("sort of 1024 values:");
    measure(&build("sort")?, &values)
}

/// Three runs: recording into fresh memory (what a single `trace` costs),
/// recording into the reused buffer of the previous run (the emulator and
/// the row writes without the kernel's page faults), and not recording.
fn measure(program: &Program, input: &[u8]) -> Result<(), Box<dyn Error>> {
    let mut rows = Vec::new();
    let runs = [
        ("fresh buffer", true),
        ("reused buffer", true),
        ("no recording", false),
    ];
    for (what, record) in runs {
        let opts = TraceOptions {
            max_cycles: u64::MAX,
            record,
            check_lookups: false,
        };
        let start = Instant::now();
        let trace = program.trace_reusing(input, &opts, std::mem::take(&mut rows))?;
        let secs = start.elapsed().as_secs_f64();
        println!(
            "  {what:13}: {} cycles in {secs:.3} s = {:.1} M cycles/s ({} rows kept)",
            trace.cycles,
            trace.cycles as f64 / secs / 1e6,
            trace.rows.len()
        );
        rows = trace.rows;
    }
    Ok(())
}
