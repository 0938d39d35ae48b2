//! The proven bytes are the host's own; a flipped byte or another seed is
//! rejected.
use memory_ops_provable::{memory_ops, prove_memory_ops, verify_memory_ops};

#[test]
fn proves_every_width_and_rejects_a_flipped_byte() {
    // The proof system is under test, not the key: accept the development key.
    jolt_sdk::provable::allow_insecure_development_key();
    let (bytes, proof) = prove_memory_ops(200).unwrap();
    assert_eq!(bytes, memory_ops(200));
    assert_ne!(bytes, memory_ops(201));
    verify_memory_ops(200, bytes.clone(), &proof).unwrap();
    let mut wrong = bytes.clone();
    wrong[100] ^= 0x10;
    assert!(verify_memory_ops(200, wrong, &proof).is_err());
    assert!(verify_memory_ops(201, bytes, &proof).is_err());
}
