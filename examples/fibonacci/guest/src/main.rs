//! Fibonacci: input n as 4 little-endian bytes (10 when absent); output
//! fib(n) modulo 2^64 as 8 little-endian bytes.
#![no_std]
#![no_main]

jolt_guest::entry!(main);

fn main() {
    let input = jolt_guest::input();
    let n = match input {
        [a, b, c, d, ..] => u32::from_le_bytes([*a, *b, *c, *d]),
        _ => 10,
    };
    let (mut x, mut y) = (0u64, 1u64);
    for _ in 0..n {
        let z = x.wrapping_add(y);
        x = y;
        y = z;
    }
    jolt_guest::write_output(&x.to_le_bytes());
}
