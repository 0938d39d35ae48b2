//! The generated functions of a `#[provable]` function with several heap
//! arguments and a struct result: the proven result is the host's own call
//! of the function, a changed result or argument is rejected, and a panic
//! is proven as one.
use alloc_provable::{
    analyze_summarize, build_summarize, prove_summarize, summarize, verify_summarize, Summary,
};
use jolt_sdk::provable::{encode, ProvableError};

fn values() -> Vec<u32> {
    (0..40u32).map(|i| (i * 37) % 11).collect()
}

#[test]
fn proves_what_the_host_computes_and_rejects_anything_else() {
    // The proof system is under test, not the key: accept the development key.
    jolt_sdk::provable::allow_insecure_development_key();
    let label = String::from("mixed Case");
    let (summary, proof) = prove_summarize(label.clone(), values()).unwrap();
    assert_eq!(summary, summarize(label.clone(), values()));
    assert_eq!(summary.label, "MIXED CASE");
    verify_summarize(label.clone(), values(), summary.clone(), &proof).unwrap();

    let wrong = Summary {
        sum: summary.sum + 1,
        ..summary.clone()
    };
    assert!(matches!(
        verify_summarize(label.clone(), values(), wrong, &proof),
        Err(ProvableError::Rejected(_))
    ));
    let mut other = values();
    other[0] += 1;
    assert!(matches!(
        verify_summarize(label, other, summary, &proof),
        Err(ProvableError::Rejected(_))
    ));
}

#[test]
fn a_panic_is_proven_as_a_panic() {
    // The proof system is under test, not the key: accept the development key.
    jolt_sdk::provable::allow_insecure_development_key();
    let label = String::from("empty");
    let Err(ProvableError::Panicked { proof }) = prove_summarize(label.clone(), Vec::new()) else {
        panic!("an empty input must panic");
    };
    let guest = build_summarize().unwrap();
    let input = encode(&(label.clone(), Vec::<u32>::new())).unwrap();
    let output = proof.statement.output.clone();
    guest.verify(&input, &output, true, &proof).unwrap();
    assert!(guest.verify(&input, &output, false, &proof).is_err());
}

#[test]
fn analyze_reports_cycles_and_the_histogram() {
    // The proof system is under test, not the key: accept the development key.
    jolt_sdk::provable::allow_insecure_development_key();
    let a = analyze_summarize(String::from("x"), values()).unwrap();
    assert!(a.cycles > a.instructions && a.instructions > 100);
    assert!(a.virtual_share > 0.0 && a.virtual_share < 1.0);
    assert!(!a.panicked);
    let total: u64 = a.histogram.iter().map(|(_, n)| n).sum();
    assert_eq!(total, a.instructions);
    assert!(a.histogram.windows(2).all(|w| w[0].1 >= w[1].1));
}
