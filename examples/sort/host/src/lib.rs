//! A C guest proven through the host API (no `#[provable]`: the input and
//! output are raw bytes): `sort.c` reads little-endian `u32` values and
//! writes them sorted.
use jolt_sdk::host::{load_program, log_cycles_for, HostError, Prover, Verifier};
use jolt_sdk::jolt_core::Program;
use jolt_sdk::BuildOptions;
use std::path::PathBuf;

/// `sort.c`, built (clang, cached under `examples/sort/target/jolt-c`) and
/// loaded.
pub fn program() -> Result<Program, HostError> {
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sort.c");
    load_program(&[source], &BuildOptions::default())
}

/// A prover and its verifier, sized for sorting `values`: under the key
/// file `JOLT_KEY` names (from `jolt setup`), or else under the development
/// key, whose secret is public. The example accepts development proofs
/// knowingly (its host prints what they are worth): it demonstrates the
/// API, not a deployment.
pub fn setup(program: &Program, values: &[u32]) -> Result<(Prover, Verifier), HostError> {
    let max_log_cycles = log_cycles_for(program, &encode(values), 1 << 24)?;
    let prover = match std::env::var_os("JOLT_KEY") {
        Some(key) => Prover::with_key(program.clone(), max_log_cycles, key.as_ref())?,
        None => Prover::development(program.clone(), max_log_cycles)?,
    };
    let verifier =
        Verifier::from_preprocessing(prover.preprocessing()).allow_insecure_development_key();
    Ok((prover, verifier))
}

/// The guest's input format: little-endian `u32`s.
pub fn encode(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The guest's output format, back to values.
pub fn decode(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}
