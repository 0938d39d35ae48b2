//! Whole-program proofs of every example guest, in Rust and in C: each
//! proves and verifies with the output and panic flag the host expects, and
//! the proof is rejected for the other panic flag and for another output.
mod common;
use common::*;

use jolt_sdk::jolt_core::zkvm::{self, ProverPreprocessing, SetupOrigin};
use jolt_sdk::jolt_core::{MemoryLayout, Program, Statement};
use lasso::field::Fr;
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;

/// Every example guest's run fits `2^MAX_LOG_CYCLES` cycles (the longest,
/// muldiv in C, takes 2^17) and proves here.
const MAX_LOG_CYCLES: usize = 17;

fn check(lang: Lang) {
    let pk = HyperKzg::setup_from_seed(MAX_LOG_CYCLES.max(16), b"sdk zkvm tests");
    for (name, input, expected, panicked) in cases() {
        let elf = guest(name, lang);
        let program =
            Program::from_elf(&std::fs::read(&elf).unwrap(), &MemoryLayout::default()).unwrap();
        let (_, trace) = trace(&elf, &input);
        assert!(
            trace.rows.len() <= 1 << MAX_LOG_CYCLES,
            "{name} ({lang:?}): {} cycles; raise MAX_LOG_CYCLES",
            trace.rows.len()
        );
        let pre = ProverPreprocessing::<Fr, HyperKzg>::new(
            program,
            MAX_LOG_CYCLES,
            pk.clone(),
            SetupOrigin::Development {
                seed: b"sdk zkvm tests".to_vec(),
            },
        )
        .unwrap();
        let (output, was_panicked, proof) = zkvm::prove(&pre, &input)
            .unwrap_or_else(|e| panic!("{name} ({lang:?}) on {input:02x?}: {e}"));
        assert_eq!(output, expected, "{name} ({lang:?})");
        assert_eq!(was_panicked, panicked, "{name} ({lang:?})");
        let v = pre.verifier().allow_insecure_development_key();
        zkvm::verify(&v, &Statement::new(&input, &output, panicked), &proof)
            .unwrap_or_else(|e| panic!("{name} ({lang:?}) on {input:02x?}: {e}"));
        assert!(
            zkvm::verify(&v, &Statement::new(&input, &output, !panicked), &proof).is_err(),
            "{name} ({lang:?}): the other panic flag accepted"
        );
        let mut other = output.clone();
        other.push(0);
        assert!(
            zkvm::verify(&v, &Statement::new(&input, &other, panicked), &proof).is_err(),
            "{name} ({lang:?}): another output accepted"
        );
        eprintln!(
            "{name} ({lang:?}): {} cycles, proof {} bytes",
            trace.rows.len(),
            proof.size_in_bytes()
        );
    }
}

#[test]
fn c_guests_prove_and_verify() {
    check(Lang::C);
}

#[test]
fn rust_guests_prove_and_verify() {
    check(Lang::Rust);
}
