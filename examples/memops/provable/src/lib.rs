//! Loads and stores of every width: byte fills and unaligned copies,
//! overlapping moves, half-word and word arrays, sign-extending byte and
//! half-word loads, and unaligned word reads (which the compiler splits
//! into byte loads). Every value depends on the seed, so nothing folds to a
//! constant at compile time.
#![cfg_attr(target_arch = "riscv32", no_std)]
extern crate alloc;

use alloc::vec::Vec;
use core::hint::black_box;

/// The bytes of every buffer the operations leave, concatenated.
#[jolt_sdk_macros::provable(max_log_cycles = 16)]
pub fn memory_ops(seed: u8) -> Vec<u8> {
    let mut out = Vec::new();

    // Bytes: fill, unaligned copy, overlapping move.
    let mut a = [0u8; 64];
    for (i, x) in a.iter_mut().enumerate() {
        *x = (i as u8).wrapping_mul(7).wrapping_add(1).wrapping_add(seed);
    }
    a[5..25].fill(0xAB ^ seed);
    let mut b = [0u8; 64];
    b[3..53].copy_from_slice(black_box(&a[..50]));
    b.copy_within(0..40, 10);
    out.extend_from_slice(&a);
    out.extend_from_slice(&b);

    // Half-words, and a sign-extending half-word load.
    let mut h = [0u16; 16];
    for (i, x) in h.iter_mut().enumerate() {
        *x = (i as u16)
            .wrapping_mul(0x0123)
            .wrapping_add(0x8001)
            .wrapping_add(seed as u16);
    }
    let mut g = [0u16; 20];
    for i in 0..16 {
        g[i + 2] = black_box(h[i]) ^ 0x00FF;
    }
    g[0] = ((black_box(h[3]) as i16) >> 3) as u16;
    g.iter()
        .for_each(|x| out.extend_from_slice(&x.to_le_bytes()));

    // Words: stores, a reversed copy, sign-extending byte loads.
    let mut w = [0u32; 12];
    for (i, x) in w.iter_mut().enumerate() {
        *x = (i as u32 + 1).wrapping_mul(0x9E37_79B9) ^ ((seed as u32) << 24);
    }
    let mut r = [0u32; 12];
    for (dst, src) in r.iter_mut().zip(black_box(&w).iter().rev()) {
        *dst = *src;
    }
    let signed: u32 = black_box(&a)
        .iter()
        .map(|&x| x as i8 as i32 as u32)
        .fold(0, u32::wrapping_add);
    r[0] ^= signed;
    r.iter()
        .for_each(|x| out.extend_from_slice(&x.to_le_bytes()));

    // Unaligned word reads from a byte buffer.
    let bytes = black_box(&b);
    for off in [1usize, 2, 3, 5, 6, 7] {
        let x = u32::from_le_bytes([bytes[off], bytes[off + 1], bytes[off + 2], bytes[off + 3]]);
        let y = unsafe { core::ptr::read_unaligned(bytes.as_ptr().add(off + 8) as *const u32) };
        out.extend_from_slice(&(x ^ y.rotate_left(off as u32)).to_le_bytes());
    }
    out
}
