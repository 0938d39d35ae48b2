//! Byte and half-word memory operations: fill, set, copy (unaligned),
//! overlapping move, half-word copies and a sign-extending half-word load.
//! Input: an optional seed byte. Output: the 168 bytes a ++ b ++ g.
#![no_std]
#![no_main]

jolt_guest::entry!(main);

fn main() {
    let seed = jolt_guest::input().first().copied().unwrap_or(0);
    let mut a = [0u8; 64];
    for (i, x) in a.iter_mut().enumerate() {
        *x = (i as u8).wrapping_mul(7).wrapping_add(1).wrapping_add(seed);
    }
    a[5..25].fill(0xAB);
    let mut b = [0u8; 64];
    b[3..53].copy_from_slice(&a[..50]);
    b.copy_within(0..40, 10);
    let mut h = [0u16; 16];
    for (i, x) in h.iter_mut().enumerate() {
        *x = (i as u16)
            .wrapping_mul(0x0123)
            .wrapping_add(0x8001)
            .wrapping_add(seed as u16);
    }
    let mut g = [0u16; 20];
    for i in 0..16 {
        g[i + 2] = core::hint::black_box(h[i]) ^ 0x00FF;
    }
    g[0] = ((core::hint::black_box(h[3]) as i16) >> 3) as u16;
    jolt_guest::write_output(&a);
    jolt_guest::write_output(&b);
    for x in g {
        jolt_guest::write_output(&x.to_le_bytes());
    }
}
