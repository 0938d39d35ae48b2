//! `#[provable]` under a ceremony key: `JOLT_KEY` names a key file converted
//! from a snarkjs ceremony (`scripts/make-test-ptau.sh`, then the host API's
//! `setup_from_ptau`), and `verify_*` accepts the proof with no opt-in. This
//! test binary never allows the development key.
use jolt_sdk::provable::{development_key_allowed, KEY_ENV};
use memory_ops_provable::{build_memory_ops, memory_ops, prove_memory_ops, verify_memory_ops};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

#[test]
fn provable_functions_use_the_key_jolt_key_names() {
    let ptau = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ptau/bn128-16.ptau");
    let status = std::process::Command::new("bash")
        .arg(repo().join("scripts/make-test-ptau.sh"))
        .arg("16")
        .arg(&ptau)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "the snarkjs ceremony failed (node and npm?)"
    );
    let key = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("memops-ceremony.key");
    let summary = jolt_sdk::host::setup_from_ptau(&ptau, &key, Some(16)).unwrap();
    assert!(!summary.setup.is_development());
    std::env::set_var(KEY_ENV, &key);

    let guest = build_memory_ops().unwrap();
    assert_eq!(guest.verifier().setup().key_id(), summary.setup.key_id());
    assert!(!development_key_allowed());
    let (bytes, proof) = prove_memory_ops(64).unwrap();
    assert_eq!(bytes, memory_ops(64));
    assert_eq!(proof.setup.key_id, summary.setup.key_id());
    verify_memory_ops(64, bytes.clone(), &proof).unwrap();
    let mut wrong = bytes;
    wrong[3] ^= 1;
    assert!(verify_memory_ops(64, wrong, &proof).is_err());
}
