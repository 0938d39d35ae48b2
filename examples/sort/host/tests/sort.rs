//! The C guest proves the sorted order of its input; an unsorted or
//! changed output is rejected.
use jolt_sdk::proof::Statement;
use sort_c::{decode, encode, program, setup};

#[test]
fn proves_the_sorted_order_and_rejects_anything_else() {
    let values = [9u32, 3, 0xFFFF_FFFF, 3, 0, 77];
    let program = program().unwrap();
    let (prover, verifier) = setup(&program, &values).unwrap();
    let proved = prover.prove(&encode(&values)).unwrap();
    let output = decode(&proved.proof.statement.output);
    assert_eq!(output, [0, 3, 3, 9, 77, 0xFFFF_FFFF]);
    let statement = |output: &[u32]| Statement {
        input: encode(&values),
        output: encode(output),
        panicked: false,
    };
    verifier.verify(&proved.proof, &statement(&output)).unwrap();
    assert!(verifier.verify(&proved.proof, &statement(&values)).is_err());
    assert!(verifier
        .verify(&proved.proof, &statement(&[0, 3, 3, 9, 78, 0xFFFF_FFFF]))
        .is_err());
}
