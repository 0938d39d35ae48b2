//! Memory checking of every example guest, in Rust and in C: the honest
//! trace's bytecode, register and RAM accesses prove and verify against the
//! statement the host expects.
mod common;
use common::*;

use jolt_sdk::jolt_core::memory::{self, proof::check_statement};
use jolt_sdk::jolt_core::memory::{MemoryPreprocessing, MemoryWitness, Statement};
use lasso::field::Fr;
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;
use lasso::transcript::Transcript;

fn check(lang: Lang) {
    let pk = HyperKzg::setup_from_seed(18, b"sdk memory tests");
    let vk = HyperKzg::verifier_key(&pk);
    for (name, input, expected, panicked) in cases() {
        let elf = guest(name, lang);
        let (program, trace) = trace(&elf, &input);
        let pre = MemoryPreprocessing::new(&program);
        let statement = Statement {
            input: input.clone(),
            output: expected.clone(),
            panicked,
        };
        let witness = MemoryWitness::<Fr>::generate(&pre, &program, &input, &trace)
            .unwrap_or_else(|e| panic!("{name} ({lang:?}): {e}"));
        check_statement(&witness, &statement).unwrap();
        let mut t = Transcript::new(b"sdk-memory");
        let (proof, _) =
            memory::prove::<Fr, HyperKzg>(&pre, &pk, &statement, &witness, &mut t).unwrap();
        let mut t = Transcript::new(b"sdk-memory");
        memory::verify::<Fr, HyperKzg>(&pre, &vk, &statement, &proof, 17, &mut t)
            .unwrap_or_else(|e| panic!("{name} ({lang:?}) on {input:02x?}: {e}"));
        // The same proof for the other panic flag is rejected.
        let mut wrong = statement.clone();
        wrong.panicked = !panicked;
        let mut t = Transcript::new(b"sdk-memory");
        assert!(
            memory::verify::<Fr, HyperKzg>(&pre, &vk, &wrong, &proof, 17, &mut t).is_err(),
            "{name} ({lang:?}): wrong panic flag accepted"
        );
        eprintln!(
            "{name} ({lang:?}): {} cycles, domain 2^{}, proof {} bytes",
            trace.rows.len(),
            witness.domain.log_size(),
            proof.size_in_bytes()
        );
    }
}

#[test]
fn c_guests_memory_checks_verify() {
    check(Lang::C);
}

#[test]
fn rust_guests_memory_checks_verify() {
    check(Lang::Rust);
}
