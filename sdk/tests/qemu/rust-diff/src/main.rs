//! Rust-compiled code for the per-instruction differential test: 64-bit
//! arithmetic (with compiler_builtins' division), a slice sort, rotations,
//! byte and half-word memory. Start-up as in diff_start.S: clear every
//! register, stack in .bss, call `compute` (its result stays in a0), halt
//! by storing 1 to the termination word.
#![no_std]
#![no_main]

use core::hint::black_box;

core::arch::global_asm!(
    ".section .text.jolt_start, \"ax\"",
    ".globl _start",
    "_start:",
    "li x1, 0",
    "li x2, 0",
    "li x3, 0",
    "li x4, 0",
    "li x5, 0",
    "li x6, 0",
    "li x7, 0",
    "li x8, 0",
    "li x9, 0",
    "li x10, 0",
    "li x11, 0",
    "li x12, 0",
    "li x13, 0",
    "li x14, 0",
    "li x15, 0",
    "li x16, 0",
    "li x17, 0",
    "li x18, 0",
    "li x19, 0",
    "li x20, 0",
    "li x21, 0",
    "li x22, 0",
    "li x23, 0",
    "li x24, 0",
    "li x25, 0",
    "li x26, 0",
    "li x27, 0",
    "li x28, 0",
    "li x29, 0",
    "li x30, 0",
    "li x31, 0",
    "lui sp, %hi(diff_stack_top)",
    "addi sp, sp, %lo(diff_stack_top)",
    "call compute",
    "lui t0, %hi(__jolt_TERMINATION)",
    "li t1, 1",
    "sw t1, %lo(__jolt_TERMINATION)(t0)",
    "1: j 1b",
    ".section .bss.diff_stack, \"aw\", @nobits",
    ".balign 16",
    ".space 16384",
    "diff_stack_top:",
);

#[no_mangle]
pub extern "C" fn compute() -> u32 {
    let mut x: u64 = black_box(0x1234_5678_9abc_def0);
    let mut words = [0u32; 48];
    for w in words.iter_mut() {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *w = (x >> 29) as u32;
    }
    words.sort_unstable();
    let mut acc = 0u32;
    for (i, v) in words.iter().enumerate() {
        acc = acc.rotate_left(5) ^ v.wrapping_mul(i as u32 + 1);
    }
    let q = black_box(x) / black_box(1_000_003u64);
    let r = black_box(x) % black_box(97u64);
    let s = (black_box(x) as i64) / black_box(-12_345i64);
    acc ^= q as u32 ^ (q >> 32) as u32 ^ r as u32 ^ s as u32;
    let mut bytes = [0u8; 24];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = (acc >> (i % 4 * 8)) as u8 ^ i as u8;
    }
    let mut halves = [0i16; 12];
    for (i, h) in halves.iter_mut().enumerate() {
        *h = i16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]]);
    }
    let bytes = black_box(bytes);
    let halves = black_box(halves);
    for (i, h) in halves.iter().enumerate() {
        acc = acc.wrapping_add(*h as i32 as u32).wrapping_mul(31) ^ bytes[i] as i8 as i32 as u32;
    }
    acc
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
