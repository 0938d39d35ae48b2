//! The M extension's edge cases, proven: a `#[provable]` function without
//! arguments. On RV32IM the eight instructions run by inline assembly (so
//! division by zero and signed overflow reach the machine, not a Rust
//! panic); on the host the same function computes them from the RISC-V
//! manual's definitions, so the host's call is an independent oracle for
//! the proven result. The 64-bit operations go through the compiler's
//! helper routines (`__muldi3`, `__udivdi3`, ...) on RV32.
#![cfg_attr(target_arch = "riscv32", no_std)]
extern crate alloc;

use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

/// Operand pairs: zero divisors, `i32::MIN / -1`, sign boundaries.
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

/// What [`muldiv`] computes for every pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MulDiv {
    /// MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU of each pair.
    pub m_ext: Vec<[u32; 8]>,
    /// 64-bit wrapping multiply, unsigned divide and remainder, signed
    /// divide and remainder of `(a << 32 | b, b << 7 | 3)`.
    pub wide: Vec<[u64; 5]>,
}

/// The eight M-extension instructions by inline assembly.
#[cfg(target_arch = "riscv32")]
fn m_ext(a: u32, b: u32) -> [u32; 8] {
    macro_rules! op {
        ($ins:literal) => {{
            let r: u32;
            unsafe {
                core::arch::asm!(concat!($ins, " {0}, {1}, {2}"), out(reg) r, in(reg) a, in(reg) b,
                    options(pure, nomem, nostack));
            }
            r
        }};
    }
    [
        op!("mul"),
        op!("mulh"),
        op!("mulhsu"),
        op!("mulhu"),
        op!("div"),
        op!("divu"),
        op!("rem"),
        op!("remu"),
    ]
}

/// The eight M-extension instructions as the RISC-V manual defines them.
#[cfg(not(target_arch = "riscv32"))]
fn m_ext(a: u32, b: u32) -> [u32; 8] {
    let (sa, sb) = (a as i32 as i64, b as i32 as i64);
    let (ua, ub) = (a as u64, b as u64);
    let high = |x: i64| (x >> 32) as u32;
    let (div, rem) = match (a as i32, b as i32) {
        (_, 0) => (u32::MAX, a),
        (i32::MIN, -1) => (a, 0),
        (x, y) => ((x / y) as u32, (x % y) as u32),
    };
    let (divu, remu) = if b == 0 {
        (u32::MAX, a)
    } else {
        (a / b, a % b)
    };
    [
        a.wrapping_mul(b),
        high(sa * sb),
        high((sa as i128 * ub as i128) as i64),
        ((ua * ub) >> 32) as u32,
        div,
        divu,
        rem,
        remu,
    ]
}

/// Every pair of [`PAIRS`] through the M extension and the 64-bit helpers.
#[jolt_sdk_macros::provable(max_log_cycles = 16)]
pub fn muldiv() -> MulDiv {
    let pairs = PAIRS.map(core::hint::black_box);
    let wide = pairs
        .iter()
        .map(|&(a, b)| {
            let x = ((a as u64) << 32) | b as u64;
            let y = ((b as u64) << 7) | 3;
            [
                x.wrapping_mul(y),
                x / y,
                x % y,
                (x as i64).wrapping_div(y as i64) as u64,
                (x as i64).wrapping_rem(y as i64) as u64,
            ]
        })
        .collect();
    MulDiv {
        m_ext: pairs.iter().map(|&(a, b)| m_ext(a, b)).collect(),
        wide,
    }
}
