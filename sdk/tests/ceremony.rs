//! Keys from a powers-of-tau ceremony nobody here controls: snarkjs runs a
//! small BN254 ceremony (new, two contributions with random entropy, a
//! random beacon), `jolt setup` converts it, and a real guest proves and
//! verifies under it through the CLI and the host API. Damaged ceremony
//! and key files are refused with their cause, and a development-key proof
//! means nothing to a verifier under the ceremony key.
mod common;
use common::cli::*;
use common::*;
use jolt_sdk::host::{load_program, Prover, Verifier};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The project's keys need 2^16 G1 powers (the subtables): power 16.
const POWER: u32 = 16;

/// A snarkjs ceremony file of `power` on `curve`, made once per target dir
/// by `scripts/make-test-ptau.sh` (which installs snarkjs when missing).
fn ceremony(power: u32, curve: &str) -> PathBuf {
    // The same place lasso's ptau tests use: one ceremony per target dir.
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("ptau")
        .join(format!("{curve}-{power}.ptau"));
    let status = Command::new("bash")
        .arg(repo().join("scripts/make-test-ptau.sh"))
        .args([&power.to_string(), s(&out), curve])
        .status()
        .expect("bash runs");
    assert!(
        status.success(),
        "scripts/make-test-ptau.sh failed: it needs node and npm (scripts/install-deps.sh installs them)"
    );
    out
}

/// The ceremony file and its key file, converted once per test binary.
fn key() -> &'static (PathBuf, PathBuf, Value) {
    static KEY: OnceLock<(PathBuf, PathBuf, Value)> = OnceLock::new();
    KEY.get_or_init(|| {
        let ptau = ceremony(POWER, "bn128");
        let key = scratch("ceremony.key");
        let v = json_ok(&jolt(&[
            "setup",
            "--ptau",
            s(&ptau),
            "-o",
            s(&key),
            "--json",
        ]));
        (ptau, key, v)
    })
}

/// Where section `kind`'s data starts in a ptau file.
fn section(bytes: &[u8], kind: u32) -> usize {
    let mut at = 12;
    loop {
        let t = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        let size = u64::from_le_bytes(bytes[at + 4..at + 12].try_into().unwrap()) as usize;
        if t == kind {
            return at + 12;
        }
        at += 12 + size;
    }
}

fn scratch(name: &str) -> PathBuf {
    scratch_in("ceremony", name)
}

#[test]
fn a_ceremony_key_proves_and_verifies_through_the_cli() {
    let (ptau, key, v) = key();
    assert_eq!(v["development"], false);
    assert_eq!(v["max_log_size"], POWER);
    let key_id = v["key_id"].as_str().unwrap().to_string();
    assert_eq!(key_id.len(), 64);
    let setup = v["setup"].as_str().unwrap();
    assert!(
        setup.contains("converted from the ceremony file"),
        "{setup}"
    );
    assert!(setup.contains(ptau.file_name().unwrap().to_str().unwrap()));

    let elf = guest("echo", Lang::C);
    let proof = scratch("echo-ceremony.proof");
    let p = json_ok(&jolt(&[
        "prove",
        s(&elf),
        "--key",
        s(key),
        "--input-hex",
        "63657265",
        "-o",
        s(&proof),
        "--json",
    ]));
    assert_eq!(p["warning"], Value::Null, "no development warning");
    assert_eq!(p["key_id"], key_id.as_str());

    // Verified with the key, no opt-in needed; the setup is named.
    let ok = json_ok(&jolt(&[
        "verify",
        s(&elf),
        s(&proof),
        "--key",
        s(key),
        "--json",
    ]));
    assert_eq!(ok["verified"], true);
    assert_eq!(ok["development_key"], false);
    assert_eq!(ok["key_id"], key_id.as_str());
    let o = jolt(&["verify", s(&elf), s(&proof), "--key", s(key)]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains(&format!("setup: key {key_id}")), "{out}");

    // Without the key, the ELF alone cannot rebuild the preprocessing.
    let o = jolt(&["verify", s(&elf), s(&proof), "--json"]);
    json_fails(&o, 1, "--key KEY");

    // A verifier preprocessing file under the key verifies it alone.
    let (pf, vf) = (
        scratch("echo-ceremony.prover"),
        scratch("echo-ceremony.verifier"),
    );
    let pre = json_ok(&jolt(&[
        "preprocess",
        s(&elf),
        "--key",
        s(key),
        "--max-log-cycles",
        "16",
        "--prover-out",
        s(&pf),
        "--verifier-out",
        s(&vf),
        "--json",
    ]));
    assert_eq!(pre["warning"], Value::Null);
    assert_eq!(
        pre["digest"], p["digest"],
        "one program, bound, key: one digest"
    );
    let ok = json_ok(&jolt(&["verify", s(&vf), s(&proof), "--json"]));
    assert_eq!(ok["verified"], true);
    // ... and with --key naming the same key too.
    json_ok(&jolt(&[
        "verify",
        s(&vf),
        s(&proof),
        "--key",
        s(key),
        "--json",
    ]));

    // The forgery: a development-key proof of another output. Under the
    // ceremony verifier it is a proof for another preprocessing, and with
    // its own (development) preprocessing the default verifier refuses it.
    let forged = scratch("forged.proof");
    json_ok(&jolt(&[
        "prove",
        s(&elf),
        "--input-hex",
        "66616b65",
        "-o",
        s(&forged),
        "--json",
    ]));
    json_fails(
        &jolt(&["verify", s(&vf), s(&forged), "--json"]),
        2,
        "another program or preprocessing",
    );
    json_fails(
        &jolt(&["verify", s(&elf), s(&forged), "--json"]),
        2,
        "development key",
    );
    // A verifier file under the development key, given with --key, is
    // rejected for not being that key.
    let dev_v = scratch("echo-dev.verifier");
    json_ok(&jolt(&[
        "preprocess",
        s(&elf),
        "--max-log-cycles",
        "16",
        "--prover-out",
        s(&scratch("echo-dev.prover")),
        "--verifier-out",
        s(&dev_v),
        "--json",
    ]));
    json_fails(
        &jolt(&[
            "verify",
            s(&dev_v),
            s(&forged),
            "--key",
            s(key),
            "--insecure-development-key",
            "--json",
        ]),
        2,
        "not the key of",
    );
}

#[test]
fn the_host_api_proves_and_verifies_under_a_ceremony_key() {
    let (_, key, _) = key();
    let elf = guest("fibonacci", Lang::C);
    let program = load_program(std::slice::from_ref(&elf), &Default::default()).unwrap();
    let prover = Prover::with_key(program.clone(), 16, key).unwrap();
    assert!(!prover.setup().is_development());
    let proved = prover.prove(&20u32.to_le_bytes()).unwrap();
    assert_eq!(proved.proof.statement.output, fibonacci(20));
    let verifier = Verifier::with_key(&program, 16, key).unwrap();
    verifier
        .verify(&proved.proof, &proved.proof.statement)
        .unwrap();
    let mut wrong = proved.proof.statement.clone();
    wrong.output[0] ^= 1;
    assert!(verifier.verify(&proved.proof, &wrong).is_err());
    // A preprocessing needing more powers than the ceremony has is an
    // error naming the sizes.
    let err = Prover::with_key(program, POWER as usize + 1, key)
        .err()
        .expect("a key too small");
    assert!(err.to_string().contains("2^17"), "{err}");
}

#[test]
fn damaged_ceremony_files_are_refused_with_their_cause() {
    let (ptau, _, _) = key();
    let bytes = std::fs::read(ptau).unwrap();
    let setup = |bytes: &[u8], name: &str| {
        let path = scratch(name);
        std::fs::write(&path, bytes).unwrap();
        jolt(&[
            "setup",
            "--ptau",
            s(&path),
            "-o",
            s(&scratch("damaged.key")),
            "--json",
        ])
    };
    // Two G1 powers swapped: every point is on the curve, but they are no
    // longer successive powers of one secret.
    let g1 = section(&bytes, 2);
    let mut swapped = bytes.clone();
    let (a, b) = (g1 + 5 * 64, g1 + 6 * 64);
    let first = swapped[a..a + 64].to_vec();
    swapped.copy_within(b..b + 64, a);
    swapped[b..b + 64].copy_from_slice(&first);
    json_fails(&setup(&swapped, "swapped.ptau"), 1, "powers");
    // tau G2 replaced by tau^2 G2.
    let g2 = section(&bytes, 3);
    let mut g2_altered = bytes.clone();
    g2_altered.copy_within(g2 + 2 * 128..g2 + 3 * 128, g2 + 128);
    json_fails(&setup(&g2_altered, "g2.ptau"), 1, "powers");
    // One coordinate byte changed: off the curve.
    let mut off = bytes.clone();
    off[g1 + 7 * 64 + 3] ^= 0x40;
    let v = json_fails(&setup(&off, "off.ptau"), 1, "ceremony file");
    assert!(!v["error"].as_str().unwrap().is_empty());
    // Truncated.
    json_fails(
        &setup(&bytes[..bytes.len() / 3], "cut.ptau"),
        1,
        "ceremony file",
    );
    // Not a ptau file at all.
    json_fails(&setup(b"hello", "hello.ptau"), 1, "ceremony file");
    // Another curve's ceremony.
    let bls = ceremony(4, "bls12381");
    let o = jolt(&[
        "setup",
        "--ptau",
        s(&bls),
        "-o",
        s(&scratch("bls.key")),
        "--json",
    ]);
    json_fails(&o, 1, "BN254");
    // Nothing was left where the key would go, not even a partial file.
    assert!(!scratch("damaged.key").exists());
    assert!(!scratch("damaged.partial").exists());
}

#[test]
fn damaged_key_files_are_refused_with_their_cause() {
    let (_, key, v) = key();
    let bytes = std::fs::read(key).unwrap();
    let elf = guest("echo", Lang::C);
    let prove_with = |bytes: &[u8], name: &str| {
        let path = scratch(name);
        std::fs::write(&path, bytes).unwrap();
        jolt(&[
            "prove",
            s(&elf),
            "--key",
            s(&path),
            "-o",
            s(&scratch("x.proof")),
            "--json",
        ])
    };
    // The recorded key id altered: the record names another key.
    let id = hex_decode(v["key_id"].as_str().unwrap());
    let at = bytes.windows(32).position(|w| w == id).unwrap();
    let mut renamed = bytes.clone();
    renamed[at] ^= 1;
    json_fails(
        &prove_with(&renamed, "renamed.key"),
        1,
        "altered or mislabelled",
    );
    // tau G2 changed in the key: its identity no longer matches the record.
    // (The SRS ends with G2 and tau G2, 128 bytes each, uncompressed.)
    let mut tau = bytes.clone();
    let n = tau.len();
    tau.copy_within(n - 256..n - 128, n - 128);
    json_fails(&prove_with(&tau, "tau.key"), 1, "altered or mislabelled");
    json_fails(
        &prove_with(&bytes[..bytes.len() / 2], "cut.key"),
        1,
        "malformed key file",
    );
    json_fails(&prove_with(b"JOLTPREP", "not.key"), 1, "not a key file");
}

fn hex_decode(h: &str) -> Vec<u8> {
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
        .collect()
}
