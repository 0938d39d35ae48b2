//! The proven SHA-256 chain is the host's own (its first round is the
//! standard test vector of "abc"); a changed digest, data or round count is
//! rejected.
use sha2_provable::{prove_sha256_chain, sha256_chain, verify_sha256_chain};

#[test]
fn proves_the_chain_and_rejects_anything_else() {
    // The proof system is under test, not the key: accept the development key.
    jolt_sdk::provable::allow_insecure_development_key();
    let data = b"abc".to_vec();
    let (digest, proof) = prove_sha256_chain(data.clone(), 2).unwrap();
    assert_eq!(digest, sha256_chain(data.clone(), 2));
    // The standard test vector of "abc", then the chain on it.
    let once = sha256_chain(data.clone(), 0);
    assert_eq!(
        hex(&once),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let again = sha256_chain(once.to_vec(), 1);
    assert_eq!(digest, again);
    verify_sha256_chain(data.clone(), 2, digest, &proof).unwrap();
    let mut wrong = digest;
    wrong[31] ^= 1;
    assert!(verify_sha256_chain(data.clone(), 2, wrong, &proof).is_err());
    assert!(verify_sha256_chain(data, 3, digest, &proof).is_err());
    assert!(verify_sha256_chain(b"abd".to_vec(), 2, digest, &proof).is_err());
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
