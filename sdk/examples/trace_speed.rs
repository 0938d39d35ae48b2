//! Measures the tracer's speed on one core: builds the fibonacci guest (C),
//! runs it for about `N` million cycles (default 30) with trace recording on
//! and off, and prints cycles per second.
//!
//! ```text
//! cargo run --release -p jolt-sdk --example trace_speed [-- MILLION_CYCLES]
//! ```
use jolt_sdk::jolt_core::{MemoryLayout, Program, TraceOptions};
use jolt_sdk::{build_guest, BuildOptions, GuestSource};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let millions: u64 = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(30);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("jolt-guests");
    let source = GuestSource::C(vec![root.join("examples/fibonacci/main.c")]);
    let opts = BuildOptions {
        target_dir: Some(target),
        ..Default::default()
    };
    let elf = std::fs::read(build_guest(&source, &opts)?)?;
    let program = Program::from_elf(&elf, &MemoryLayout::default())?;
    // The C fibonacci loop takes 10 cycles per iteration.
    let n = (millions * 1_000_000 / 10) as u32;
    let input = n.to_le_bytes();
    println!(
        "fibonacci({n}), {} core(s) available, 1 used",
        std::thread::available_parallelism()?
    );
    for record in [true, false] {
        let opts = TraceOptions {
            max_cycles: u64::MAX,
            record,
            check_lookups: false,
        };
        let start = Instant::now();
        let trace = program.trace(&input, &opts)?;
        let secs = start.elapsed().as_secs_f64();
        println!(
            "record {record:5}: {} cycles in {secs:.3} s = {:.1} M cycles/s ({} rows kept)",
            trace.cycles,
            trace.cycles as f64 / secs / 1e6,
            trace.rows.len()
        );
    }
    Ok(())
}
