//! The longest Collatz trajectory among `count` consecutive starts: 64-bit
//! arithmetic (two registers per value on RV32), data-dependent branches
//! and a loop whose length no one knows in advance; a struct argument and
//! a tuple result.
#![cfg_attr(target_arch = "riscv32", no_std)]

use serde::{Deserialize, Serialize};

/// Consecutive starting values: `first .. first + count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Starts {
    pub first: u64,
    pub count: u32,
}

/// Steps from `n` to 1 (`n / 2` when even, `3 n + 1` when odd); `None` if
/// a value overflows 64 bits first, or for `n = 0`.
pub fn collatz_steps(mut n: u64) -> Option<u32> {
    if n == 0 {
        return None;
    }
    let mut steps = 0u32;
    while n != 1 {
        n = if n % 2 == 0 {
            n / 2
        } else {
            n.checked_mul(3)?.checked_add(1)?
        };
        steps += 1;
    }
    Some(steps)
}

/// The start with the most steps to 1 (the smallest such start on a tie)
/// and its steps; starts that overflow are skipped. `(0, 0)` when none is
/// left.
#[jolt_sdk_macros::provable(max_log_cycles = 18)]
pub fn longest_collatz(starts: Starts) -> (u64, u32) {
    let mut best = (0, 0);
    for start in (starts.first..).take(starts.count as usize) {
        if let Some(steps) = collatz_steps(start) {
            if best == (0, 0) || steps > best.1 {
                best = (start, steps);
            }
        }
    }
    best
}
