//! The proof of a whole execution: an honest run proves and verifies with
//! the output the tracer computes; other statements, other programs and
//! altered proofs are rejected, each by the component whose check fails.
#[path = "../common/mod.rs"]
mod common;
use common::*;

mod bug_classes;
mod faults;
mod preprocessing;
mod tamper;

use std::sync::OnceLock;

use jolt_core::zkvm::{
    self, JoltProof, PreprocessingError, ProveError, ProverPreprocessing, SetupOrigin, VerifyError,
};
use jolt_core::{MemoryLayout, Program, Statement};
use lasso::field::Fr;
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;

type Pcs = HyperKzg;
type Pre = ProverPreprocessing<Fr, Pcs>;
type Proof = JoltProof<Fr, Pcs>;

const MAX_LOG_CYCLES: usize = 12;

fn preprocess(words: &[u32]) -> Pre {
    let program = Program::from_elf(&program(words), &MemoryLayout::default()).unwrap();
    static KEY: OnceLock<<Pcs as CommitmentScheme<Fr>>::ProverKey> = OnceLock::new();
    let pk = KEY.get_or_init(|| Pcs::setup_from_seed(16, b"zkvm tests"));
    ProverPreprocessing::new(program, MAX_LOG_CYCLES, pk.clone(), dev(b"zkvm tests")).unwrap()
}

fn dev(seed: &[u8]) -> SetupOrigin {
    SetupOrigin::Development {
        seed: seed.to_vec(),
    }
}

const INPUT: [u8; 4] = [0x35, 0x82, 0x01, 0x90];

/// Each memory-checking column's position (the fault tests name columns by it).
const MEM: jolt_core::memory::columns::MemoryColumns<usize> =
    jolt_core::memory::columns::MemoryColumns::INDEX;

/// Whether the verifier of `pre` rejects the fixture's proof of the
/// fixture's statement by the proof's own checks. The tests' keys come from
/// public seeds (the proof system is under test, not the key), so the
/// verifier opts in; a refusal for the key itself would make a rejection
/// test vacuous, so it fails the test.
fn rejects_fixture(pre: &Pre) -> bool {
    let f = fixture();
    let v = pre.verifier().allow_insecure_development_key();
    match zkvm::verify(&v, &Statement::new(&INPUT, &f.output, f.panicked), &f.proof) {
        Ok(()) => false,
        Err(VerifyError::DevelopmentKey(why)) => panic!("refused for the key: {why}"),
        Err(_) => true,
    }
}

struct Fixture {
    pre: Pre,
    output: Vec<u8>,
    panicked: bool,
    proof: Proof,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let pre = preprocess(&mixed_program_words());
        let (output, panicked, proof) = zkvm::prove(&pre, &INPUT).unwrap();
        Fixture {
            pre,
            output,
            panicked,
            proof,
        }
    })
}

#[test]
fn an_honest_run_proves_and_verifies() {
    let f = fixture();
    let trace = f
        .pre
        .program()
        .trace(&INPUT, &jolt_core::TraceOptions::default())
        .unwrap();
    assert_eq!(f.output, trace.output);
    assert_eq!(f.output.len(), 4);
    assert!(!f.panicked);
    zkvm::verify(
        &f.pre.verifier().allow_insecure_development_key(),
        &Statement::new(&INPUT, &f.output, f.panicked),
        &f.proof,
    )
    .unwrap();
    eprintln!(
        "{} cycles, proof {} bytes",
        trace.cycles,
        f.proof.size_in_bytes()
    );
}

#[test]
fn other_statements_are_rejected() {
    let f = fixture();
    let v = f.pre.verifier().allow_insecure_development_key();
    let mut output = f.output.clone();
    output[0] ^= 1;
    assert!(matches!(
        zkvm::verify(&v, &Statement::new(&INPUT, &output, f.panicked), &f.proof),
        Err(VerifyError::Memory(_))
    ));
    assert!(zkvm::verify(
        &v,
        &Statement::new(&INPUT, &f.output[..3], f.panicked),
        &f.proof
    )
    .is_err());
    assert!(zkvm::verify(
        &v,
        &Statement::new(&INPUT, &f.output, !f.panicked),
        &f.proof
    )
    .is_err());
    assert!(zkvm::verify(
        &v,
        &Statement::new(&[0, 0, 0, 0], &f.output, f.panicked),
        &f.proof
    )
    .is_err());
    assert!(zkvm::verify(
        &v,
        &Statement::new(&INPUT[..3], &f.output, f.panicked),
        &f.proof
    )
    .is_err());
}

#[test]
fn a_proof_for_another_program_is_rejected() {
    let f = fixture();
    // The same program with one more instruction (a no-op) before the halt.
    let mut words = mixed_program_words();
    let at = words.len() - 4;
    words.insert(at, addi(0, 0, 0));
    let other = preprocess(&words);
    assert!(rejects_fixture(&other));
    // And its own proof verifies.
    let (output, panicked, proof) = zkvm::prove(&other, &INPUT).unwrap();
    assert_eq!(output, f.output);
    zkvm::verify(
        &other.verifier().allow_insecure_development_key(),
        &Statement::new(&INPUT, &output, panicked),
        &proof,
    )
    .unwrap();
}

#[test]
fn each_component_binds_its_part_of_the_proof() {
    let f = fixture();
    let v = f.pre.verifier().allow_insecure_development_key();
    let check = |p: &Proof| zkvm::verify(&v, &Statement::new(&INPUT, &f.output, f.panicked), p);
    let one = Fr::from(1u64);
    let mut p = f.proof.clone();
    p.memory.evals[3] += one;
    assert!(matches!(check(&p), Err(VerifyError::Memory(_))));
    let mut p = f.proof.clone();
    p.lookups.output_eval += one;
    assert!(matches!(check(&p), Err(VerifyError::Lookups(_))));
    let mut p = f.proof.clone();
    p.r1cs.spartan.evals[0] += one;
    assert!(matches!(check(&p), Err(VerifyError::R1cs(_))));
    let mut p = f.proof.clone();
    p.opening.evals[0] += one;
    assert!(matches!(check(&p), Err(VerifyError::Opening(_))));
    // A claimed evaluation of each component, changed after its own checks
    // (the last evaluation of each is only checked by the opening).
    let mut p = f.proof.clone();
    let last = p.memory.evals.len() - 1;
    p.memory.evals[last] += one;
    assert!(check(&p).is_err());
    // A lookup commitment the R1CS reads, swapped for another: the lookups
    // no longer verify.
    let mut p = f.proof.clone();
    p.lookups.commitments.outputs = p.lookups.commitments.dims[3].clone();
    assert!(check(&p).is_err());
}

#[test]
fn proof_bytes_round_trip_and_garbage_is_an_error() {
    let f = fixture();
    let bytes = f.proof.to_bytes();
    let back = Proof::from_bytes(&bytes).unwrap();
    assert_eq!(back, f.proof);
    for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
        assert!(Proof::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(Proof::from_bytes(&longer).is_err());
}

#[test]
fn runs_past_the_maximum_or_beyond_the_key_are_errors() {
    // A loop that never halts hits the cycle limit of 2^MAX_LOG_CYCLES.
    let pre = preprocess(&[addi(5, 5, 1), jal(0, -4)]);
    assert!(matches!(zkvm::prove(&pre, &[]), Err(ProveError::Trace(_))));
    // A key too small for the subtables.
    let mixed =
        Program::from_elf(&program(&mixed_program_words()), &MemoryLayout::default()).unwrap();
    let small = ProverPreprocessing::<Fr, Pcs>::new(
        mixed.clone(),
        MAX_LOG_CYCLES,
        Pcs::setup_from_seed(10, b"small key"),
        dev(b"small key"),
    )
    .unwrap();
    let e = zkvm::prove(&small, &INPUT).unwrap_err();
    assert!(matches!(e, ProveError::KeyTooSmall { .. }), "{e}");
    assert!(e.to_string().contains("2^10"), "{e}");
    // A halt the proof cannot show (the termination word left at 2, the
    // panic word at 3) is refused, not proven into a proof that fails.
    for (words, word, value) in [
        (
            vec![
                lui(31, 0x8000_0000),
                addi(30, 0, 2),
                sw(30, 31, -4),
                addi(0, 0, 0),
            ],
            "the termination word",
            2,
        ),
        (
            [
                vec![lui(31, 0x8000_0000), addi(30, 0, 3), sw(30, 31, -8)],
                halt1().to_vec(),
            ]
            .concat(),
            "the panic word",
            3,
        ),
    ] {
        let e = zkvm::prove(&preprocess(&words), &[]).unwrap_err();
        assert!(
            matches!(e, ProveError::UnprovableHalt { word: w, value: v } if w == word && v == value),
            "{e}"
        );
    }
    // Output bytes past the output length (a word stored, a length of 2):
    // the proof pins them to zero, so the prover refuses the run.
    let layout = MemoryLayout::default();
    let words = [
        li(5, layout.output_start()).to_vec(),
        li(6, 0x0a0b_0c0d).to_vec(),
        vec![sw(6, 5, 0)],
        li(5, layout.output_len()).to_vec(),
        vec![addi(6, 0, 2), sw(6, 5, 0)],
        halt1().to_vec(),
    ]
    .concat();
    let e = zkvm::prove(&preprocess(&words), &[]).unwrap_err();
    assert!(matches!(e, ProveError::UnprovableIo(_)), "{e}");
    // Maximum trace lengths outside 2^1..=2^28 are refused up front.
    for bad in [0, 29, 64] {
        let key = Pcs::setup_from_seed(4, b"tiny key");
        let e = ProverPreprocessing::<Fr, Pcs>::new(mixed.clone(), bad, key, dev(b"tiny key"))
            .err()
            .expect("refused");
        assert!(
            matches!(e, PreprocessingError::MaxLogCycles(b) if b == bad),
            "{e}"
        );
    }
}
