//! Sorting: input is an array of little-endian u32 (when empty, 64 values
//! from a linear congruential generator); output is the sorted array.
#![no_std]
#![no_main]

use jolt_guest::Vec;

jolt_guest::entry!(main);

fn main() {
    let input = jolt_guest::input();
    let mut v: Vec<u32> = if input.len() >= 4 {
        input
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    } else {
        let mut x = 12345u32;
        (0..64)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                x
            })
            .collect()
    };
    // Insertion sort, the same algorithm as the C guest.
    for i in 1..v.len() {
        let key = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] > key {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = key;
    }
    for x in v {
        jolt_guest::write_output(&x.to_le_bytes());
    }
}
