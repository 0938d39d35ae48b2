//! fib(n) modulo 2^64, as a `#[provable]` function.
#![cfg_attr(target_arch = "riscv32", no_std)]

#[jolt_sdk_macros::provable(max_log_cycles = 18)]
pub fn fib(n: u32) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        let c = a.wrapping_add(b);
        a = b;
        b = c;
    }
    a
}
