//! The host API: a development prover and verifier agree, the proof file
//! round-trips, and every damaged proof file is an error naming its cause
//! (never a panic, never an accepted proof).
mod common;
use common::*;
use jolt_sdk::host::{load_program, FileKind, Prover, Rejected, Verifier};
use jolt_sdk::jolt_core::zkvm::VerifyError;
use jolt_sdk::proof::{Proof, ProofFileError, PROOF_FORMAT_VERSION, PROOF_MAGIC};
use jolt_sdk::BuildOptions;

/// A rejection by the proof's own checks, not by the key's policy.
fn proof_rejected(r: Result<std::time::Duration, Rejected>) -> bool {
    matches!(r, Err(Rejected::Invalid(e)) if !matches!(e, VerifyError::DevelopmentKey(_)))
}

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
    // The default verifier refuses a development-key proof, naming the
    // risk and the opt-in.
    let refusing = Verifier::development(&program, 16).unwrap();
    match refusing.verify(&back, &back.statement) {
        Err(Rejected::Invalid(VerifyError::DevelopmentKey(why))) => {
            assert!(why.contains("anyone can forge"), "{why}")
        }
        other => panic!("not refused: {other:?}"),
    }
    // This test checks the proof system, not the key: it opts in.
    let verifier = refusing.allow_insecure_development_key();
    verifier.verify(&back, &back.statement).unwrap();

    // Another statement, or another preprocessing, is rejected.
    let mut other = back.statement.clone();
    other.output[0] ^= 1;
    assert!(proof_rejected(verifier.verify(&back, &other)));
    let longer = Verifier::development(&program, 17)
        .unwrap()
        .allow_insecure_development_key();
    assert!(matches!(
        longer.verify(&back, &back.statement),
        Err(Rejected::OtherPreprocessing { .. })
    ));
    // A proof file that lies about its digest still fails the proof itself:
    // the transcript starts from the verifier's own digest.
    let mut lying = Proof::from_bytes(&bytes).unwrap();
    lying.digest = longer.preprocessing().digest();
    assert!(proof_rejected(longer.verify(&lying, &lying.statement)));

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
    // A maximum trace length no preprocessing can have is a corrupted
    // proof, not a request to preprocess for it.
    let at = PROOF_MAGIC.len() + 4 + 32;
    for k in [0u32, 29, u32::MAX] {
        let mut bad = bytes.clone();
        bad[at..at + 4].copy_from_slice(&k.to_le_bytes());
        assert!(
            matches!(Proof::from_bytes(&bad), Err(ProofFileError::Corrupted(ref m)) if m.contains("maximum trace length")),
            "{k}"
        );
    }
    let mut extra = bytes.clone();
    extra.push(0);
    assert!(matches!(
        Proof::from_bytes(&extra),
        Err(ProofFileError::Corrupted(_))
    ));
}

/// The `#[provable]` cache uses a cached preprocessing only if it holds the
/// program just built, for the same trace length and key: a file planted
/// (or left stale) under the expected name is ignored.
#[test]
fn the_provable_cache_checks_what_it_holds() {
    use jolt_sdk::provable::cached_prover;
    let load = |name| {
        let elf = guest(name, Lang::C);
        load_program(std::slice::from_ref(&elf), &BuildOptions::default()).unwrap()
    };
    let (echo, fib) = (load("echo"), load("fibonacci"));
    let dir = target_dir().join("provable-cache-test");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("planted.prover");
    let prover = Prover::development(fib.clone(), 16).unwrap();
    std::fs::write(&path, prover.preprocessing().to_bytes()).unwrap();
    assert!(cached_prover(&path, &fib, 16, None).is_some());
    assert!(
        cached_prover(&path, &echo, 16, None).is_none(),
        "another program"
    );
    assert!(
        cached_prover(&path, &fib, 17, None).is_none(),
        "another length"
    );
    let other_key = [9u8; 32];
    assert!(
        cached_prover(&path, &fib, 16, Some(&other_key)).is_none(),
        "another key"
    );
    std::fs::write(&path, b"JOLTPREP garbage").unwrap();
    assert!(
        cached_prover(&path, &fib, 16, None).is_none(),
        "a damaged file"
    );
}
