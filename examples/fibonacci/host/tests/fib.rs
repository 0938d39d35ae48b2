//! `prove_fib` proves what the host's own `fib` computes; a wrong output
//! or argument is rejected.
use fibonacci_provable::{fib, prove_fib, verify_fib};

#[test]
fn proves_fib_and_rejects_a_wrong_output() {
    // The proof system is under test, not the key: accept the development key.
    jolt_sdk::provable::allow_insecure_development_key();
    let (output, proof) = prove_fib(90).unwrap();
    assert_eq!(output, fib(90));
    assert_eq!(output, 2_880_067_194_370_816_120);
    verify_fib(90, output, &proof).unwrap();
    assert!(verify_fib(90, output + 1, &proof).is_err());
    assert!(verify_fib(91, output, &proof).is_err());
}
