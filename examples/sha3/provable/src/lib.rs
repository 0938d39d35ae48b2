//! A SHA3-256 (Keccak) chain with the `sha3` crate compiled into the
//! guest: hash the data, then hash the digest `rounds` more times. Keccak's
//! 64-bit lanes cost RV32 two registers each, so it is the heavier hash.
#![cfg_attr(target_arch = "riscv32", no_std)]
extern crate alloc;

use alloc::vec::Vec;
use sha3::{Digest, Sha3_256};

/// `SHA3-256^(1 + rounds)(data)`.
#[jolt_sdk_macros::provable(max_log_cycles = 18, max_input = 16384)]
pub fn sha3_chain(data: Vec<u8>, rounds: u32) -> [u8; 32] {
    let mut digest: [u8; 32] = Sha3_256::digest(&data).into();
    for _ in 0..rounds {
        digest = Sha3_256::digest(digest).into();
    }
    digest
}
