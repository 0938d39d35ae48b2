//! Shared by the sdk's tests: building the example guests once per test
//! binary into the cargo target directory, and expected outputs computed on
//! the host.
#![allow(dead_code)]

use jolt_sdk::jolt_core::{MemoryLayout, Program, Trace, TraceOptions};
use jolt_sdk::{build_guest, BuildOptions, GuestSource};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub mod cli;

pub const EXAMPLES: [&str; 6] = ["fibonacci", "memops", "sort", "muldiv", "echo", "panic"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Rust,
    C,
}

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where guests are built: inside the cargo target directory, shared by all
/// guests so Rust guests compile `core` and `alloc` once.
/// Created on first use: tests write scratch files there before any guest
/// has been built, in whatever order the harness runs them.
pub fn target_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("jolt-guests");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn source(name: &str, lang: Lang) -> GuestSource {
    let dir = repo().join("examples").join(name);
    match lang {
        Lang::Rust => GuestSource::Rust(dir.join("guest")),
        Lang::C => GuestSource::C(vec![dir.join(format!("{name}.c"))]),
    }
}

/// The ELF of an example guest, built on first use.
pub fn guest(name: &str, lang: Lang) -> PathBuf {
    static BUILT: Mutex<Option<HashMap<(String, Lang), PathBuf>>> = Mutex::new(None);
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    let map = built.get_or_insert_with(HashMap::new);
    if let Some(p) = map.get(&(name.to_string(), lang)) {
        return p.clone();
    }
    let opts = BuildOptions {
        target_dir: Some(target_dir()),
        ..Default::default()
    };
    let elf = build_guest(&source(name, lang), &opts)
        .unwrap_or_else(|e| panic!("building {name} ({lang:?}): {e}"));
    map.insert((name.to_string(), lang), elf.clone());
    elf
}

/// Traces a guest with every lookup result checked against the tables.
pub fn trace(elf: &Path, input: &[u8]) -> (Program, Trace) {
    let bytes = std::fs::read(elf).unwrap();
    let program = Program::from_elf(&bytes, &MemoryLayout::default()).unwrap();
    let opts = TraceOptions {
        max_cycles: 5_000_000,
        record: true,
        check_lookups: true,
    };
    let trace = program
        .trace(input, &opts)
        .unwrap_or_else(|e| panic!("{}: {e}", elf.display()));
    (program, trace)
}

// ---- expected outputs, computed on the host ------------------------------

pub fn fibonacci(n: u32) -> Vec<u8> {
    let (mut x, mut y) = (0u64, 1u64);
    for _ in 0..n {
        let z = x.wrapping_add(y);
        x = y;
        y = z;
    }
    x.to_le_bytes().to_vec()
}

pub fn memops(seed: u8) -> Vec<u8> {
    let mut a = [0u8; 64];
    for (i, x) in a.iter_mut().enumerate() {
        *x = (i as u8).wrapping_mul(7).wrapping_add(1).wrapping_add(seed);
    }
    a[5..25].fill(0xAB);
    let mut b = [0u8; 64];
    b[3..53].copy_from_slice(&a[..50]);
    b.copy_within(0..40, 10);
    let h: Vec<u16> = (0..16u16)
        .map(|i| {
            i.wrapping_mul(0x0123)
                .wrapping_add(0x8001)
                .wrapping_add(seed as u16)
        })
        .collect();
    let mut g = [0u16; 20];
    for i in 0..16 {
        g[i + 2] = h[i] ^ 0x00FF;
    }
    g[0] = ((h[3] as i16) >> 3) as u16;
    let mut out = a.to_vec();
    out.extend_from_slice(&b);
    for x in g {
        out.extend_from_slice(&x.to_le_bytes());
    }
    out
}

pub fn sort(input: &[u32]) -> Vec<u8> {
    let mut v: Vec<u32> = if input.is_empty() {
        let mut x = 12345u32;
        (0..64)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                x
            })
            .collect()
    } else {
        input.to_vec()
    };
    v.sort();
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub const PAIRS: [(u32, u32); 12] = [
    (0, 0),
    (1, 0),
    (0x8000_0000, 0xFFFF_FFFF),
    (0x8000_0000, 1),
    (0xFFFF_FFF9, 2),
    (7, 0xFFFF_FFFE),
    (0xFFFF_FFFF, 0xFFFF_FFFF),
    (0x1234_5678, 0x9ABC_DEF0),
    (0x7FFF_FFFF, 0x7FFF_FFFF),
    (5, 3),
    (0x8000_0000, 0),
    (0xFFFF_FFFB, 0xFFFF_FFFF),
];

/// The M extension as the RISC-V manual defines it (an oracle written
/// independently of the instructions crate).
pub fn m_ext(a: u32, b: u32) -> [u32; 8] {
    let (sa, sb) = (a as i32 as i64, b as i32 as i64);
    let (ua, ub) = (a as u64, b as u64);
    let div = if b == 0 {
        u32::MAX
    } else if a == 0x8000_0000 && b == u32::MAX {
        a
    } else {
        (a as i32 / b as i32) as u32
    };
    let rem = if b == 0 {
        a
    } else if a == 0x8000_0000 && b == u32::MAX {
        0
    } else {
        (a as i32 % b as i32) as u32
    };
    [
        a.wrapping_mul(b),
        ((sa * sb) >> 32) as u32,
        ((sa as i128 * ub as i128) >> 32) as u32,
        ((ua * ub) >> 32) as u32,
        div,
        a.checked_div(b).unwrap_or(u32::MAX),
        rem,
        if b == 0 { a } else { a % b },
    ]
}

pub fn muldiv() -> Vec<u8> {
    let mut out = Vec::new();
    for (a, b) in PAIRS {
        for r in m_ext(a, b) {
            out.extend_from_slice(&r.to_le_bytes());
        }
    }
    for (a, b) in PAIRS {
        let x = ((a as u64) << 32) | b as u64;
        let y = ((b as u64) << 7) | 3;
        for v in [
            x.wrapping_mul(y),
            x / y,
            x % y,
            (x as i64).wrapping_div(y as i64) as u64,
            (x as i64).wrapping_rem(y as i64) as u64,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    out
}

pub fn echo(input: &[u8]) -> Vec<u8> {
    input.iter().rev().map(|b| b.to_ascii_uppercase()).collect()
}

/// `(name, input, expected output, expected panic flag)` for every example.
pub fn cases() -> Vec<(&'static str, Vec<u8>, Vec<u8>, bool)> {
    let sort_input: Vec<u32> = {
        let mut x = 7u32;
        (0..50)
            .map(|_| {
                x = x.wrapping_mul(69069).wrapping_add(1);
                x
            })
            .chain([0, u32::MAX, 5, 5])
            .collect()
    };
    let sort_bytes: Vec<u8> = sort_input.iter().flat_map(|x| x.to_le_bytes()).collect();
    let text = b"Hello, zkVM! abc xyz 123".to_vec();
    vec![
        ("fibonacci", vec![], fibonacci(10), false),
        (
            "fibonacci",
            93u32.to_le_bytes().to_vec(),
            fibonacci(93),
            false,
        ),
        (
            "fibonacci",
            200u32.to_le_bytes().to_vec(),
            fibonacci(200),
            false,
        ),
        ("memops", vec![], memops(0), false),
        ("memops", vec![0xC3], memops(0xC3), false),
        ("sort", vec![], sort(&[]), false),
        ("sort", sort_bytes, sort(&sort_input), false),
        ("muldiv", vec![], muldiv(), false),
        ("echo", text.clone(), echo(&text), false),
        ("echo", vec![], vec![], false),
        ("panic", vec![], b"ok".to_vec(), false),
        ("panic", vec![1], b"before".to_vec(), true),
    ]
}
