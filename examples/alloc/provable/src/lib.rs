//! A `#[provable]` function over heap data: several arguments (a `String`
//! and a `Vec`), a `BTreeMap` inside, a returned struct, and a panic on
//! empty input.
#![cfg_attr(target_arch = "riscv32", no_std)]
extern crate alloc;

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

/// What [`summarize`] finds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The label, upper-cased.
    pub label: String,
    pub sum: u64,
    pub max: u32,
    /// Each distinct value with how often it occurs, in increasing order.
    pub counts: Vec<(u32, u32)>,
}

/// Summarises `values`; panics when there are none.
#[jolt_sdk_macros::provable(max_log_cycles = 16)]
pub fn summarize(label: String, values: Vec<u32>) -> Summary {
    assert!(!values.is_empty(), "nothing to summarize");
    let mut counts = BTreeMap::new();
    for v in &values {
        *counts.entry(*v).or_insert(0u32) += 1;
    }
    Summary {
        label: label.to_ascii_uppercase(),
        sum: values.iter().map(|&v| v as u64).sum(),
        max: values.iter().copied().max().unwrap_or(0),
        counts: counts.into_iter().collect(),
    }
}
