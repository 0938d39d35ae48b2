//! The host API: a development prover and verifier agree, the proof file
//! round-trips, and every damaged proof file is an error naming its cause
//! (never a panic, never an accepted proof).
mod common;
use common::*;
use jolt_sdk::host::{load_program, FileKind, Prover, Rejected, Verifier};
use jolt_sdk::proof::{Proof, ProofFileError, PROOF_FORMAT_VERSION, PROOF_MAGIC};
use jolt_sdk::BuildOptions;

#[test]
fn a_development_proof_round_trips_and_verifies() {
    let elf = guest("echo", Lang::C);
    let program = load_program(std::slice::from_ref(&elf), &BuildOptions::default()).unwrap();
    let prover = Prover::development(program.clone(), 16).unwrap();
    let proved = prover.prove(b"host api").unwrap();
    assert_eq!(proved.proof.statement.output, echo(b"host api"));
    assert!(proved.timings.cycles > 0);

    let bytes = proved.proof.to_bytes();
    assert_eq!(FileKind::of(&bytes), FileKind::Proof);
    let back = Proof::from_bytes(&bytes).unwrap();
    assert_eq!(back, proved.proof);
    let verifier = Verifier::development(&program, 16).unwrap();
    verifier.verify(&back, &back.statement).unwrap();

    // Another statement, or another preprocessing, is rejected.
    let mut other = back.statement.clone();
    other.output[0] ^= 1;
    assert!(matches!(
        verifier.verify(&back, &other),
        Err(Rejected::Invalid(_))
    ));
    let longer = Verifier::development(&program, 17).unwrap();
    assert!(matches!(
        longer.verify(&back, &back.statement),
        Err(Rejected::OtherPreprocessing { .. })
    ));
    // A proof file that lies about its digest still fails the proof itself:
    // the transcript starts from the verifier's own digest.
    let mut lying = Proof::from_bytes(&bytes).unwrap();
    lying.digest = longer.preprocessing().digest();
    assert!(matches!(
        longer.verify(&lying, &lying.statement),
        Err(Rejected::Invalid(_))
    ));

    // Every truncation is an error, and so is every header change that
    // breaks the format.
    for len in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
        let e = Proof::from_bytes(&bytes[..len]).unwrap_err();
        match len {
            0..=7 => assert_eq!(e, ProofFileError::NotAProof),
            _ => assert!(
                matches!(
                    e,
                    ProofFileError::Truncated(_) | ProofFileError::Corrupted(_)
                ),
                "{len}: {e}"
            ),
        }
    }
    let mut v = bytes.clone();
    v[PROOF_MAGIC.len()..PROOF_MAGIC.len() + 4]
        .copy_from_slice(&(PROOF_FORMAT_VERSION + 1).to_le_bytes());
    assert!(matches!(
        Proof::from_bytes(&v),
        Err(ProofFileError::Version { .. })
    ));
    let mut extra = bytes.clone();
    extra.push(0);
    assert!(matches!(
        Proof::from_bytes(&extra),
        Err(ProofFileError::Corrupted(_))
    ));
}
