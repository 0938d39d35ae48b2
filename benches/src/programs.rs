//! The benchmark programs, each sized by its input to fill a trace of
//! `2^k` cycles: the largest input whose run stays within `2^k` cycles,
//! found by bisection on the tracer's fast path (a run of 2^20 cycles
//! takes tens of milliseconds there).
use jolt_sdk::jolt_core::{layout_from_elf, Program, TraceOptions};
use jolt_sdk::{build_guest, BuildOptions, GuestSource};
use std::error::Error;
use std::path::{Path, PathBuf};

/// A benchmark program: where its source is and how `n` becomes its
/// input (the iterations, hashes or elements that set its length).
pub struct Workload {
    pub name: &'static str,
    pub what: &'static str,
    source: fn(&Path) -> GuestSource,
    input: fn(u32) -> Vec<u8>,
    /// The largest `n` the program accepts.
    max_n: u32,
}

fn le(n: u32) -> Vec<u8> {
    n.to_le_bytes().to_vec()
}

/// Every workload, in the order the tables list them.
pub const WORKLOADS: [Workload; 5] = [
    Workload {
        name: "fibonacci",
        what: "fib(n) modulo 2^64 in a C loop (examples/fibonacci/fibonacci.c)",
        source: |root| GuestSource::C(vec![root.join("examples/fibonacci/fibonacci.c")]),
        input: le,
        max_n: u32::MAX,
    },
    Workload {
        name: "sha256",
        what: "a SHA-256 chain in C, one compression per hash (benches/programs/sha256_chain.c)",
        source: |root| GuestSource::C(vec![root.join("benches/programs/sha256_chain.c")]),
        input: le,
        max_n: u32::MAX,
    },
    Workload {
        name: "sha3",
        what: "a SHA3-256 chain in Rust with the sha3 crate (examples/sha3/provable)",
        source: |root| GuestSource::Rust(root.join("examples/sha3/provable")),
        // The #[provable] function's arguments: (data, rounds).
        input: |n| {
            jolt_sdk::provable::encode(&(b"jolt benchmark".to_vec(), n))
                .expect("two plain arguments encode")
        },
        max_n: u32::MAX,
    },
    Workload {
        name: "sort",
        what: "heapsort of n generated u32 values in C (benches/programs/sort.c)",
        source: |root| GuestSource::C(vec![root.join("benches/programs/sort.c")]),
        input: le,
        max_n: 65536,
    },
    Workload {
        name: "memory",
        what: "a random walk of loads and stores over a 256 KiB table in C (benches/programs/memory_walk.c)",
        source: |root| GuestSource::C(vec![root.join("benches/programs/memory_walk.c")]),
        input: le,
        max_n: u32::MAX,
    },
];

/// The workload called `name`.
pub fn workload(name: &str) -> Result<&'static Workload, String> {
    WORKLOADS.iter().find(|w| w.name == name).ok_or_else(|| {
        let names: Vec<_> = WORKLOADS.iter().map(|w| w.name).collect();
        format!(
            "unknown program {name:?}; the programs are {}",
            names.join(", ")
        )
    })
}

/// The repository root (the harness reads the programs' sources there).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

impl Workload {
    /// Builds the program (into the target directory's `jolt-guests`,
    /// shared with the tests) and loads it with the layout its ELF records.
    pub fn program(&self) -> Result<Program, Box<dyn Error>> {
        let root = repo_root();
        let target = std::env::var_os("JOLT_GUEST_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target/jolt-guests"));
        let opts = BuildOptions {
            target_dir: Some(target),
            ..Default::default()
        };
        let elf = build_guest(&(self.source)(&root), &opts)?;
        let bytes = std::fs::read(&elf)?;
        let layout = layout_from_elf(&bytes).unwrap_or_default();
        Ok(Program::from_elf(&bytes, &layout)?)
    }

    pub fn input(&self, n: u32) -> Vec<u8> {
        (self.input)(n)
    }

    /// The largest `n` whose run takes at most `2^k` cycles (cycles grow
    /// with `n`), and its input.
    pub fn input_for(&self, program: &Program, k: usize) -> Result<Vec<u8>, Box<dyn Error>> {
        let budget = 1u64 << k;
        let opts = TraceOptions {
            max_cycles: budget + 1,
            record: false,
            ..Default::default()
        };
        let fits = |n: u32| -> Result<bool, Box<dyn Error>> {
            match program.trace(&self.input(n), &opts) {
                Ok(t) => Ok(t.cycles <= budget),
                Err(jolt_sdk::jolt_core::TraceError::CycleLimit { .. }) => Ok(false),
                Err(e) => Err(e.into()),
            }
        };
        if !fits(0)? {
            return Err(DoesNotFit(format!(
                "{} needs more than 2^{k} cycles even for n = 0",
                self.name
            ))
            .into());
        }
        // Grow an upper bound, then bisect: fits(lo), !fits(hi).
        let (mut lo, mut hi) = (0u32, 1u32);
        while hi < self.max_n && fits(hi)? {
            lo = hi;
            hi = hi.saturating_mul(2).min(self.max_n);
        }
        if fits(hi)? {
            return Ok(self.input(hi));
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if fits(mid)? {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Ok(self.input(lo))
    }
}

/// A program that cannot be sized to the requested trace length (its
/// smallest run is longer): the harness skips that size with a note.
#[derive(Debug)]
pub struct DoesNotFit(pub String);

impl std::fmt::Display for DoesNotFit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for DoesNotFit {}
