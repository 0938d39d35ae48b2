//! The proven longest trajectory is the host's own; another answer or
//! another range is rejected.
use collatz_provable::{
    collatz_steps, longest_collatz, prove_longest_collatz, verify_longest_collatz, Starts,
};

#[test]
fn proves_the_longest_trajectory_and_rejects_anything_else() {
    // The proof system is under test, not the key: accept the development key.
    jolt_sdk::provable::allow_insecure_development_key();
    assert_eq!(collatz_steps(27), Some(111));
    let starts = Starts {
        first: 20,
        count: 10,
    };
    let (best, proof) = prove_longest_collatz(starts).unwrap();
    assert_eq!(best, longest_collatz(starts));
    assert_eq!(best, (27, 111));
    verify_longest_collatz(starts, best, &proof).unwrap();
    assert!(verify_longest_collatz(starts, (27, 112), &proof).is_err());
    let more = Starts {
        count: 11,
        ..starts
    };
    assert!(verify_longest_collatz(more, best, &proof).is_err());
}
