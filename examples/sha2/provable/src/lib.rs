//! A SHA-256 chain with the `sha2` crate compiled into the guest: hash the
//! data, then hash the digest `rounds` more times.
#![cfg_attr(target_arch = "riscv32", no_std)]
extern crate alloc;

use alloc::vec::Vec;
use sha2::{Digest, Sha256};

/// `SHA-256^(1 + rounds)(data)`.
#[jolt_sdk_macros::provable(max_log_cycles = 18, max_input = 16384)]
pub fn sha256_chain(data: Vec<u8>, rounds: u32) -> [u8; 32] {
    let mut digest: [u8; 32] = Sha256::digest(&data).into();
    for _ in 0..rounds {
        digest = Sha256::digest(digest).into();
    }
    digest
}
