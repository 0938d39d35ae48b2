//! The proven SHA3-256 chain is the host's own (its first round is the
//! standard test vector of "abc"); a changed digest, data or round count is
//! rejected.
use sha3_provable::{prove_sha3_chain, sha3_chain, verify_sha3_chain};

#[test]
fn proves_the_chain_and_rejects_anything_else() {
    // The proof system is under test, not the key: accept the development key.
    jolt_sdk::provable::allow_insecure_development_key();
    let data = b"abc".to_vec();
    let (digest, proof) = prove_sha3_chain(data.clone(), 2).unwrap();
    assert_eq!(digest, sha3_chain(data.clone(), 2));
    // The standard test vector of "abc", then the chain on it.
    let once = sha3_chain(data.clone(), 0);
    assert_eq!(
        hex(&once),
        "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"
    );
    let again = sha3_chain(once.to_vec(), 1);
    assert_eq!(digest, again);
    verify_sha3_chain(data.clone(), 2, digest, &proof).unwrap();
    let mut wrong = digest;
    wrong[31] ^= 1;
    assert!(verify_sha3_chain(data.clone(), 2, wrong, &proof).is_err());
    assert!(verify_sha3_chain(data, 3, digest, &proof).is_err());
    assert!(verify_sha3_chain(b"abd".to_vec(), 2, digest, &proof).is_err());
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
