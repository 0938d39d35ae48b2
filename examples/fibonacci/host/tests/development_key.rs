//! Without the host's opt-in, `verify_fib` refuses a proof made under the
//! development key (whose secret is public), naming the risk; this test
//! binary never calls `allow_insecure_development_key`.
use fibonacci_provable::{prove_fib, verify_fib};
use jolt_sdk::host::Rejected;
use jolt_sdk::jolt_core::zkvm::VerifyError;
use jolt_sdk::provable::ProvableError;

#[test]
fn a_development_key_proof_is_refused_without_the_opt_in() {
    if std::env::var_os("JOLT_KEY").is_some() {
        // Under a ceremony key there is no development proof to refuse.
        let (output, proof) = prove_fib(10).unwrap();
        verify_fib(10, output, &proof).unwrap();
        return;
    }
    let (output, proof) = prove_fib(10).unwrap();
    assert_eq!(output, 55);
    match verify_fib(10, output, &proof) {
        Err(ProvableError::Rejected(Rejected::Invalid(VerifyError::DevelopmentKey(why)))) => {
            assert!(why.contains("anyone can forge"), "{why}")
        }
        other => panic!("a development proof was not refused: {other:?}"),
    }
}
