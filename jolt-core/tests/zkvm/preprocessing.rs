//! Preprocessing files: they round-trip and prove and verify; every wrong,
//! stale, truncated or altered file is an error naming its cause or a
//! preprocessing whose digest rejects the proof; the setup record is kept.

use super::*;
use jolt_core::zkvm::{SetupError, VerifierPreprocessing, DEVELOPMENT_SEED, FORMAT_VERSION, MAGIC};

type Vpre = VerifierPreprocessing<Fr, Pcs>;

/// Where the header's version, kind and scheme name sit.
const VERSION_AT: usize = MAGIC.len();
const KIND_AT: usize = VERSION_AT + 4;

#[test]
fn verifier_preprocessing_round_trips_and_verifies() {
    let f = fixture();
    let v = f.pre.verifier().allow_insecure_development_key();
    let bytes = v.to_bytes();
    assert!(bytes.starts_with(MAGIC));
    let back = Vpre::from_bytes(&bytes)
        .unwrap()
        .allow_insecure_development_key();
    assert_eq!(back.digest(), v.digest());
    assert_eq!(back.digest(), f.pre.digest());
    assert_eq!(back.setup(), f.pre.setup());
    assert_eq!(back.to_bytes(), bytes);
    zkvm::verify(
        &back,
        &Statement::new(&INPUT, &f.output, f.panicked),
        &f.proof,
    )
    .unwrap();
    // The statement is still checked under a loaded preprocessing.
    assert!(zkvm::verify(
        &back,
        &Statement::new(&INPUT, &f.output, !f.panicked),
        &f.proof
    )
    .is_err());
}

#[test]
fn prover_preprocessing_round_trips_and_proves() {
    let f = fixture();
    let bytes = f.pre.to_bytes();
    let back = Pre::from_bytes(&bytes).unwrap();
    assert_eq!(back.digest(), f.pre.digest());
    assert_eq!(back.to_bytes(), bytes);
    let (output, panicked, proof) = zkvm::prove(&back, &INPUT).unwrap();
    assert_eq!((&output, panicked), (&f.output, f.panicked));
    zkvm::verify(
        &f.pre.verifier().allow_insecure_development_key(),
        &Statement::new(&INPUT, &output, panicked),
        &proof,
    )
    .unwrap();
}

#[test]
fn wrong_or_stale_files_name_their_cause() {
    let f = fixture();
    let v = f.pre.verifier().to_bytes();
    let p = f.pre.to_bytes();
    let err = |bytes: &[u8]| Vpre::from_bytes(bytes).err().expect("refused");

    assert_eq!(err(&[]), PreprocessingError::NotPreprocessing);
    // An ELF (or a proof) given where a preprocessing file belongs.
    assert_eq!(
        err(&program(&mixed_program_words())),
        PreprocessingError::NotPreprocessing
    );
    assert_eq!(
        err(&f.proof.to_bytes()),
        PreprocessingError::NotPreprocessing
    );

    let mut stale = v.clone();
    stale[VERSION_AT..KIND_AT].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let e = err(&stale);
    assert!(matches!(e, PreprocessingError::Version { found, .. } if found == FORMAT_VERSION + 1));
    assert!(
        e.to_string().contains("preprocess the program again"),
        "{e}"
    );

    // The prover's file given to the verifier and the other way round.
    assert_eq!(
        err(&p),
        PreprocessingError::WrongKind {
            found: "prover",
            expected: "verifier"
        }
    );
    assert!(matches!(
        Pre::from_bytes(&v),
        Err(PreprocessingError::WrongKind {
            found: "verifier",
            ..
        })
    ));

    // Another commitment scheme's name.
    let mut other = v.clone();
    other[KIND_AT + 2] ^= 0x20;
    assert!(matches!(err(&other), PreprocessingError::Scheme { .. }));
}

#[test]
fn truncated_extended_or_arbitrary_bytes_are_errors() {
    let f = fixture();
    let v = f.pre.verifier().to_bytes();
    for cut in 0..v.len() {
        assert!(Vpre::from_bytes(&v[..cut]).is_err(), "cut at {cut}");
    }
    let mut longer = v.clone();
    longer.push(0);
    assert!(matches!(
        Vpre::from_bytes(&longer),
        Err(PreprocessingError::Malformed(_))
    ));
    let p = f.pre.to_bytes();
    for cut in [0, KIND_AT, p.len() / 3, p.len() / 2, p.len() - 1] {
        assert!(Pre::from_bytes(&p[..cut]).is_err(), "cut at {cut}");
    }
    // Arbitrary bytes after a valid header, and arbitrary bytes alone.
    let header_len = KIND_AT + 2 + v[KIND_AT + 1] as usize;
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng as u8
    };
    for len in [1, 7, 40, 300, 5000] {
        let noise: Vec<u8> = (0..len).map(|_| next()).collect();
        let mut bytes = v[..header_len].to_vec();
        bytes.extend(&noise);
        assert!(Vpre::from_bytes(&bytes).is_err());
        assert!(Vpre::from_bytes(&noise).is_err());
        assert!(Pre::from_bytes(&noise).is_err());
    }
}

/// Every single-byte change to a verifier file is refused, or gives a
/// preprocessing with another digest, under which the proof is rejected.
#[test]
fn every_altered_byte_is_refused_or_rejects_the_proof() {
    let f = fixture();
    let v = f.pre.verifier().to_bytes();
    let mut verified = 0;
    for at in 0..v.len() {
        let mut bytes = v.clone();
        bytes[at] ^= 0x01;
        if let Ok(other) = Vpre::from_bytes(&bytes) {
            let other = other.allow_insecure_development_key();
            assert_ne!(other.digest(), f.pre.digest(), "byte {at}");
            // Verifying is the slow part: check a sample (every changed
            // digest rejects for the same reason, the transcript).
            if verified < 8 {
                assert!(
                    zkvm::verify(
                        &other,
                        &Statement::new(&INPUT, &f.output, f.panicked),
                        &f.proof
                    )
                    .is_err(),
                    "byte {at}"
                );
                verified += 1;
            }
        }
    }
    assert!(verified > 0, "some byte changes load (the program's bytes)");
}

fn ceremony(name: &str) -> SetupOrigin {
    SetupOrigin::Ceremony {
        name: name.into(),
        file_blake2b: vec![7; 64],
    }
}

#[test]
fn the_setup_record_is_kept_and_bound() {
    let f = fixture();
    assert!(f.pre.setup().is_development());
    assert!(f.pre.setup().describe().contains("development"));
    let program = f.pre.program().clone();
    // The fixture's key comes from another public seed than the
    // development one: only its label makes it development.
    let labelled = Pre::new(
        program,
        MAX_LOG_CYCLES,
        f.pre.pk().clone(),
        ceremony("ceremony.ptau"),
    )
    .unwrap();
    let v = labelled.verifier();
    assert!(!v.setup().is_development());
    assert_eq!(
        v.setup().key_id(),
        f.pre.setup().key_id(),
        "one key, one id"
    );
    let back = Vpre::from_bytes(&v.to_bytes()).unwrap();
    assert_eq!(back.setup(), v.setup());
    assert_eq!(back.setup().origin(), &ceremony("ceremony.ptau"));
    // Same program and key, another record: another digest, so the proof
    // made under the development record does not verify under it (and the
    // rejection is the proof's, not the key's).
    assert_ne!(v.digest(), f.pre.digest());
    let err =
        zkvm::verify(&v, &Statement::new(&INPUT, &f.output, f.panicked), &f.proof).unwrap_err();
    assert!(!matches!(err, VerifyError::DevelopmentKey(_)), "{err}");
}

#[test]
fn a_development_key_is_refused_unless_the_verifier_opts_in() {
    let f = fixture();
    let refusing = f.pre.verifier();
    match zkvm::verify(
        &refusing,
        &Statement::new(&INPUT, &f.output, f.panicked),
        &f.proof,
    ) {
        Err(VerifyError::DevelopmentKey(why)) => {
            assert!(why.contains("anyone can forge"), "{why}");
            assert!(VerifyError::DevelopmentKey(why)
                .to_string()
                .contains("--insecure-development-key"));
        }
        other => panic!("accepted or wrong error: {other:?}"),
    }
    // Loading a file never carries the opt-in along.
    let loaded = Vpre::from_bytes(&refusing.to_bytes()).unwrap();
    assert!(!loaded.allows_development_key());
    assert!(matches!(
        zkvm::verify(
            &loaded,
            &Statement::new(&INPUT, &f.output, f.panicked),
            &f.proof
        ),
        Err(VerifyError::DevelopmentKey(_))
    ));
    let opted_in = loaded.allow_insecure_development_key();
    zkvm::verify(
        &opted_in,
        &Statement::new(&INPUT, &f.output, f.panicked),
        &f.proof,
    )
    .unwrap();
}

#[test]
fn the_development_key_is_recognised_whatever_its_label() {
    let program =
        Program::from_elf(&program(&mixed_program_words()), &MemoryLayout::default()).unwrap();
    let pk = Pcs::setup_from_seed(16, DEVELOPMENT_SEED);
    let forged = Pre::new(
        program,
        MAX_LOG_CYCLES,
        pk,
        ceremony("perpetual powers of tau, round 71"),
    )
    .unwrap();
    assert!(forged.setup().is_development());
    assert!(forged.setup().describe().contains("which it is not"));
    let (output, panicked, proof) = zkvm::prove(&forged, &INPUT).unwrap();
    let v = Vpre::from_bytes(&forged.verifier().to_bytes()).unwrap();
    assert!(v.setup().is_development(), "recognised after loading too");
    assert!(matches!(
        zkvm::verify(&v, &Statement::new(&INPUT, &output, panicked), &proof),
        Err(VerifyError::DevelopmentKey(_))
    ));
}

#[test]
fn a_record_that_names_another_key_is_refused() {
    let f = fixture();
    let id = f.pre.setup().key_id();
    for bytes in [f.pre.verifier().to_bytes(), f.pre.to_bytes()] {
        let at = bytes
            .windows(32)
            .position(|w| w == id)
            .expect("the record holds the key id");
        let mut altered = bytes.clone();
        altered[at + 5] ^= 1;
        let err = if bytes.get(KIND_AT) == Some(&b'V') {
            Vpre::from_bytes(&altered).err()
        } else {
            Pre::from_bytes(&altered).err()
        };
        assert!(
            matches!(
                err,
                Some(PreprocessingError::Setup(SetupError::KeyIdMismatch { .. }))
            ),
            "{err:?}"
        );
    }
}

#[test]
fn a_proof_under_another_key_is_rejected() {
    let f = fixture();
    let other = Pre::new(
        f.pre.program().clone(),
        MAX_LOG_CYCLES,
        Pcs::setup_from_seed(16, b"another key"),
        dev(b"another key"),
    )
    .unwrap();
    assert!(rejects_fixture(&other));
}

#[test]
fn the_development_constructor_sizes_its_key() {
    let program =
        Program::from_elf(&program(&mixed_program_words()), &MemoryLayout::default()).unwrap();
    let pre = Pre::development(program, 10).unwrap();
    assert!(pre.setup().is_development());
    assert_eq!(
        Pcs::max_num_vars(pre.pk()),
        pre.shared().key_num_vars(),
        "the subtables' 2^16 dominate"
    );
    let (output, panicked, proof) = zkvm::prove(&pre, &INPUT).unwrap();
    zkvm::verify(
        &pre.verifier().allow_insecure_development_key(),
        &Statement::new(&INPUT, &output, panicked),
        &proof,
    )
    .unwrap();

    // The verifier's own development constructor derives the same
    // preprocessing without the prover key, and verifies the proof.
    let alone = Vpre::development(pre.program(), 10)
        .unwrap()
        .allow_insecure_development_key();
    assert_eq!(alone.digest(), pre.digest());
    assert_eq!(alone.to_bytes(), pre.verifier().to_bytes());
    zkvm::verify(&alone, &Statement::new(&INPUT, &output, panicked), &proof).unwrap();
    // Another maximum trace length is another preprocessing.
    let longer = Vpre::development(pre.program(), 11)
        .unwrap()
        .allow_insecure_development_key();
    assert_ne!(longer.digest(), pre.digest());
    assert!(zkvm::verify(&longer, &Statement::new(&INPUT, &output, panicked), &proof).is_err());
}
