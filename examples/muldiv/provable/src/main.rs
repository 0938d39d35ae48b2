//! The guest program: the library's `#[provable]` entry, linked in.
#![cfg_attr(target_arch = "riscv32", no_std, no_main)]

#[cfg(target_arch = "riscv32")]
extern crate jolt_guest;
#[cfg(target_arch = "riscv32")]
use muldiv_provable as _;

#[cfg(not(target_arch = "riscv32"))]
fn main() {
    eprintln!("this is the guest program: the host binary is examples/muldiv/host");
}
