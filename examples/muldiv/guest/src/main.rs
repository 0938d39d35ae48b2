//! Multiplication and division edge cases: for each pair of a fixed list,
//! the eight M-extension instructions (by inline assembly, so division by
//! zero and overflow reach the hardware), then 64-bit multiply, divide and
//! remainder (unsigned and signed) through the compiler's helpers. Output:
//! 8 little-endian u32 per pair, then 5 little-endian u64 per pair.
#![no_std]
#![no_main]

use core::hint::black_box;

jolt_guest::entry!(main);

const PAIRS: [(u32, u32); 12] = [
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

macro_rules! op {
    ($ins:literal, $a:expr, $b:expr) => {{
        let r: u32;
        unsafe {
            core::arch::asm!(concat!($ins, " {0}, {1}, {2}"), out(reg) r, in(reg) $a, in(reg) $b,
                options(pure, nomem, nostack));
        }
        r
    }};
}

fn main() {
    for &(a, b) in PAIRS.iter() {
        let (a, b) = (black_box(a), black_box(b));
        let r = [
            op!("mul", a, b),
            op!("mulh", a, b),
            op!("mulhsu", a, b),
            op!("mulhu", a, b),
            op!("div", a, b),
            op!("divu", a, b),
            op!("rem", a, b),
            op!("remu", a, b),
        ];
        for x in r {
            jolt_guest::write_output(&x.to_le_bytes());
        }
    }
    for &(a, b) in PAIRS.iter() {
        let (a, b) = (black_box(a), black_box(b));
        let x = ((a as u64) << 32) | b as u64;
        let y = ((b as u64) << 7) | 3;
        let r = [
            x.wrapping_mul(y),
            x / y,
            x % y,
            (x as i64).wrapping_div(y as i64) as u64,
            (x as i64).wrapping_rem(y as i64) as u64,
        ];
        for v in r {
            jolt_guest::write_output(&v.to_le_bytes());
        }
    }
}
