//! What the benchmark examples share: the guest they run, the machine's
//! description, peak RSS, medians.
#![allow(dead_code)]

use jolt_sdk::{build_guest, BuildOptions, GuestSource};
use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Builds an example guest into the target directory's `jolt-guests`.
pub fn build_example(source: impl FnOnce(&Path) -> GuestSource) -> Result<PathBuf, Box<dyn Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("jolt-guests");
    let opts = BuildOptions {
        target_dir: Some(target),
        ..Default::default()
    };
    Ok(build_guest(&source(&root), &opts)?)
}

/// The C fibonacci guest, built once into the target directory.
pub fn guest() -> Result<PathBuf, Box<dyn Error>> {
    build_example(|root| GuestSource::C(vec![root.join("examples/fibonacci/fibonacci.c")]))
}

pub fn machine() -> String {
    jolt_sdk::host::Machine::this().describe()
}

#[allow(unused_imports)]
pub use jolt_sdk::host::peak_rss_mib;

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// The fibonacci guest's input that makes its trace fill `2^k` cycles
/// without passing it (the C loop takes 10 cycles per iteration).
pub fn fibonacci_input(
    program: &jolt_sdk::jolt_core::Program,
    k: usize,
) -> Result<Vec<u8>, Box<dyn Error>> {
    let opts = jolt_sdk::jolt_core::TraceOptions {
        max_cycles: u64::MAX,
        ..Default::default()
    };
    let base = program.trace(&0u32.to_le_bytes(), &opts)?.cycles;
    let n = (((1u64 << k) - base - 16) / 10) as u32;
    Ok(n.to_le_bytes().to_vec())
}

/// One size of a benchmark: `(guest ELF, log2 of the cycles, runs)`.
pub type Child = fn(&PathBuf, usize, usize) -> Result<(), Box<dyn Error>>;

/// The benchmarks' driver: `--runs R` (default 3), `--sizes 16,18,20`;
/// prints the machine and the table header, then runs `child(elf, k, runs)`
/// for each size `k` in a child process of its own (`--child k`), so each
/// size's peak RSS is its own, and prints its row.
pub fn drive(header: &str, child: Child) -> Result<(), Box<dyn Error>> {
    let runs = runs_arg()?;
    let elf = guest()?;
    if let Some(k) = arg("--child") {
        return child(&elf, k.parse()?, runs);
    }
    print_header(header);
    for k in sizes_arg()? {
        run_child(
            &["--child", &k.to_string(), "--runs", &runs.to_string()],
            &format!("size 2^{k}"),
        )?;
    }
    Ok(())
}

/// The value after `flag` on the command line.
pub fn arg(flag: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1).cloned())
}

/// `--runs R` (default 3).
pub fn runs_arg() -> Result<usize, Box<dyn Error>> {
    Ok(arg("--runs").map(|v| v.parse()).transpose()?.unwrap_or(3))
}

/// `--sizes 16,18,20` (the default), as log2 of the cycles.
pub fn sizes_arg() -> Result<Vec<usize>, Box<dyn Error>> {
    Ok(arg("--sizes")
        .unwrap_or_else(|| "16,18,20".into())
        .split(',')
        .map(|s| s.parse())
        .collect::<Result<_, _>>()?)
}

/// Prints the machine, then a markdown table's header and rule.
pub fn print_header(header: &str) {
    println!("{}", machine());
    println!("{header}");
    println!("{}|", "|---".repeat(header.matches('|').count() - 1));
}

/// Runs this benchmark again with `args`, in a child process (so its peak
/// RSS is its own), and prints what it prints; `what` names it in errors.
pub fn run_child(args: &[&str], what: &str) -> Result<(), Box<dyn Error>> {
    let out = Command::new(std::env::current_exe()?).args(args).output()?;
    if !out.status.success() {
        return Err(format!("{what} failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    print!("{}", String::from_utf8_lossy(&out.stdout));
    Ok(())
}
