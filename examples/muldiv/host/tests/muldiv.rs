//! The proven results equal the RISC-V manual's definitions (the host's
//! call of the same function computes them without the instructions);
//! a changed result is rejected.
use muldiv_provable::{muldiv, prove_muldiv, verify_muldiv, PAIRS};

#[test]
fn proves_the_manuals_results_and_rejects_a_changed_one() {
    // The proof system is under test, not the key: accept the development key.
    jolt_sdk::provable::allow_insecure_development_key();
    let (result, proof) = prove_muldiv().unwrap();
    assert_eq!(result, muldiv());
    assert_eq!(result.m_ext.len(), PAIRS.len());
    // Division by zero and i32::MIN / -1, from the manual's table.
    assert_eq!(result.m_ext[1][4..], [u32::MAX, u32::MAX, 1, 1]);
    assert_eq!(result.m_ext[2][4..], [0x8000_0000, 0, 0, 0x8000_0000]);
    verify_muldiv(result.clone(), &proof).unwrap();
    let mut wrong = result;
    wrong.wide[3][1] ^= 1;
    assert!(verify_muldiv(wrong, &proof).is_err());
}
