//! `jolt prove / verify / preprocess / run`: proofs made and checked
//! through the command line, every rejection exits 2 with the cause, and
//! every usage error exits 1 with one line (or a JSON error object).
mod common;
use common::cli::*;
use common::*;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

/// Fails with `code` and one stderr line containing `needle`.
fn fails(o: &Output, code: i32, needle: &str) {
    assert_eq!(o.status.code(), Some(code));
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| !l.starts_with("warning: the development key"))
        .collect();
    assert_eq!(lines.len(), 1, "one line expected: {err:?}");
    assert!(
        lines[0].contains(needle),
        "{err:?} should mention {needle:?}"
    );
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Proves fib(12) through the CLI, returning the ELF and the proof file.
fn proven_fibonacci() -> (PathBuf, PathBuf) {
    let elf = guest("fibonacci", Lang::C);
    let proof = scratch("fib.proof");
    let v = json_ok(&jolt(&[
        "prove",
        s(&elf),
        "--input-hex",
        &hex(&12u32.to_le_bytes()),
        "-o",
        s(&proof),
        "--json",
    ]));
    assert_eq!(v["output_hex"], hex(&fibonacci(12)));
    assert_eq!(v["panicked"], false);
    assert_eq!(v["max_log_cycles"], 16);
    assert!(v["cycles"].as_u64().unwrap() > 100);
    assert_eq!(
        v["proof_bytes"].as_u64().unwrap(),
        std::fs::metadata(&proof).unwrap().len()
    );
    assert!(v["warning"].as_str().unwrap().contains("anyone can forge"));
    (elf, proof)
}

fn scratch(name: &str) -> PathBuf {
    scratch_in("cli-prove", name)
}

#[test]
fn prove_then_verify_and_every_rejection() {
    let (elf, proof) = proven_fibonacci();
    let v = json_ok(&jolt(&[
        "verify",
        "--insecure-development-key",
        s(&elf),
        s(&proof),
        "--json",
    ]));
    assert_eq!(v["verified"], true);
    assert_eq!(v["output_hex"], hex(&fibonacci(12)));
    // Without --json: a line saying what was verified, and the warning.
    let o = jolt(&["verify", "--insecure-development-key", s(&elf), s(&proof)]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains(&hex(&fibonacci(12))));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the development key"));

    // The statement the user checks: the right one verifies, a changed
    // output, input or panic flag is rejected (exit 2).
    let right = hex(&fibonacci(12));
    json_ok(&jolt(&[
        "verify",
        "--insecure-development-key",
        s(&elf),
        s(&proof),
        "--output-hex",
        &right,
        "--json",
    ]));
    let mut wrong = fibonacci(12);
    wrong[0] ^= 1;
    let wrong = hex(&wrong);
    for (flag, value) in [
        ("--output-hex", wrong.as_str()),
        ("--input-hex", "0d000000"),
        ("--panicked", "true"),
    ] {
        let args = [
            "verify",
            "--insecure-development-key",
            s(&elf),
            s(&proof),
            flag,
            value,
            "--json",
        ];
        json_fails(&jolt(&args), 2, "not the proof file's");
    }

    // A proof of another program.
    let echo = guest("echo", Lang::C);
    json_fails(
        &jolt(&[
            "verify",
            "--insecure-development-key",
            s(&echo),
            s(&proof),
            "--json",
        ]),
        2,
        "another program",
    );

    // A proof file with one byte of the proof changed, and a truncated one.
    let verify_json = |proof: &PathBuf| {
        jolt(&[
            "verify",
            "--insecure-development-key",
            s(&elf),
            s(proof),
            "--json",
        ])
    };
    let bytes = std::fs::read(&proof).unwrap();
    let altered = scratch("altered.proof");
    let mut b = bytes.clone();
    let at = b.len() - 100;
    b[at] ^= 0x01;
    std::fs::write(&altered, &b).unwrap();
    json_fails(&verify_json(&altered), 2, "");
    let truncated = scratch("truncated.proof");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    json_fails(&verify_json(&truncated), 2, "truncated");
    // A maximum trace length no preprocessing can have is a corrupted
    // proof (exit 2), not a usage error.
    let mut b = bytes.clone();
    let at = 8 + 4 + 32;
    b[at..at + 4].copy_from_slice(&40u32.to_le_bytes());
    std::fs::write(&altered, &b).unwrap();
    json_fails(&verify_json(&altered), 2, "maximum trace length");
    std::fs::write(&truncated, &bytes[..20]).unwrap();
    fails(
        &jolt(&[
            "verify",
            "--insecure-development-key",
            s(&elf),
            s(&truncated),
        ]),
        2,
        "truncated: it ends inside the digest",
    );

    // Files of the wrong kind are usage errors (exit 1).
    fails(
        &jolt(&["verify", "--insecure-development-key", s(&elf), s(&elf)]),
        1,
        "this is an ELF, not a proof file",
    );
    fails(
        &jolt(&["verify", "--insecure-development-key", s(&proof), s(&proof)]),
        1,
        "this is a proof file",
    );
    fails(
        &jolt(&[
            "verify",
            "--insecure-development-key",
            s(&elf),
            "/nonexistent/p.bin",
        ]),
        1,
        "cannot read /nonexistent/p.bin",
    );
}

#[test]
fn verify_refuses_the_development_key_by_default() {
    let (elf, proof) = proven_fibonacci();
    let o = jolt(&["verify", s(&elf), s(&proof)]);
    fails(&o, 2, "anyone can forge");
    fails(&o, 2, "--insecure-development-key");
    assert!(o.stdout.is_empty(), "nothing says verified");
    let o = jolt(&["verify", s(&elf), s(&proof), "--json"]);
    json_fails(&o, 2, "development key");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["verified"], false);
    // The opt-in verifies, and says under which key.
    let v = json_ok(&jolt(&[
        "verify",
        s(&elf),
        s(&proof),
        "--insecure-development-key",
        "--json",
    ]));
    assert_eq!(v["verified"], true);
    assert_eq!(v["development_key"], true);
    assert!(v["setup"].as_str().unwrap().contains("development key"));
}

/// The attack the trusted-setup review made: a verifier file labelled as a
/// ceremony's but holding the development key, and a forged-looking proof
/// under it. The label does not make the key trusted.
#[test]
fn a_development_key_labelled_as_a_ceremony_is_refused() {
    use jolt_sdk::host::{load_program, Prover};
    use jolt_sdk::jolt_core::zkvm::{ProverPreprocessing, SetupOrigin, DEVELOPMENT_SEED};
    use jolt_sdk::lasso::pcs::CommitmentScheme;
    use jolt_sdk::{Pcs, F};

    let elf = guest("echo", Lang::C);
    let program = load_program(std::slice::from_ref(&elf), &Default::default()).unwrap();
    let pre = ProverPreprocessing::<F, Pcs>::new(
        program,
        16,
        Pcs::setup_from_seed(16, DEVELOPMENT_SEED),
        SetupOrigin::Ceremony {
            name: "perpetual powers of tau, round 71".into(),
            file_blake2b: vec![0x55; 64],
        },
    )
    .unwrap();
    let vfile = scratch("labelled.verifier");
    std::fs::write(&vfile, pre.verifier().to_bytes()).unwrap();
    let prover = Prover::from_bytes(&pre.to_bytes()).unwrap();
    let proved = prover.prove(b"forged").unwrap();
    let proof = scratch("labelled.proof");
    std::fs::write(&proof, proved.proof.to_bytes()).unwrap();

    let o = jolt(&["verify", s(&vfile), s(&proof), "--json"]);
    json_fails(&o, 2, "which it is not");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["verified"], false);
    assert_eq!(
        v["warning"],
        Value::Null,
        "no success, so no warning either"
    );
}

#[test]
fn preprocessing_files_prove_and_verify() {
    let elf = guest("echo", Lang::C);
    let (p, v) = (scratch("echo.prover"), scratch("echo.verifier"));
    let out = json_ok(&jolt(&[
        "preprocess",
        s(&elf),
        "--max-log-cycles",
        "16",
        "--prover-out",
        s(&p),
        "--verifier-out",
        s(&v),
        "--json",
    ]));
    assert_eq!(out["max_log_cycles"], 16);
    assert_eq!(
        out["verifier_bytes"].as_u64().unwrap(),
        std::fs::metadata(&v).unwrap().len()
    );
    let proof = scratch("echo.proof");
    let proved = json_ok(&jolt(&[
        "prove",
        s(&p),
        "--input-hex",
        &hex(b"zkvm"),
        "-o",
        s(&proof),
        "--json",
    ]));
    assert_eq!(proved["output_hex"], hex(&echo(b"zkvm")));
    assert_eq!(proved["digest"], out["digest"]);
    // The verifier file, the prover file and the ELF (same development
    // preprocessing) all accept it.
    for program in [&v, &p, &elf] {
        let ok = json_ok(&jolt(&[
            "verify",
            "--insecure-development-key",
            s(program),
            s(&proof),
            "--json",
        ]));
        assert_eq!(ok["verified"], true);
    }
    // Proving needs the prover's file, and a file fixes its trace length.
    fails(
        &jolt(&["prove", s(&v), "-o", s(&scratch("x.proof"))]),
        1,
        "this is a verifier preprocessing file",
    );
    fails(
        &jolt(&["prove", s(&p), "--max-log-cycles", "17"]),
        1,
        "fixes the maximum trace length",
    );
    // Under a preprocessing for 2^17 cycles, the 2^16 proof is rejected.
    let v17 = scratch("echo17.verifier");
    json_ok(&jolt(&[
        "preprocess",
        s(&elf),
        "--max-log-cycles",
        "17",
        "--prover-out",
        s(&scratch("echo17.prover")),
        "--verifier-out",
        s(&v17),
        "--json",
    ]));
    fails(
        &jolt(&["verify", "--insecure-development-key", s(&v17), s(&proof)]),
        2,
        "another program",
    );
}

#[test]
fn run_executes_and_usage_errors_are_one_line_or_json() {
    let elf = guest("fibonacci", Lang::C);
    let v = json_ok(&jolt(&[
        "run",
        s(&elf),
        "--input-hex",
        &hex(&20u32.to_le_bytes()),
        "--json",
    ]));
    assert_eq!(v["output_hex"], hex(&fibonacci(20)));
    let (_, trace) = trace(&elf, &20u32.to_le_bytes());
    assert_eq!(v["cycles"].as_u64().unwrap(), trace.cycles);
    // A panicking guest runs to its panic, and its panic is proven.
    let panic = guest("panic", Lang::C);
    let v = json_ok(&jolt(&["run", s(&panic), "--input-hex", "01", "--json"]));
    assert_eq!(v["panicked"], true);
    // Its debug prints are reported beside the output, not in it; without
    // --json they go to stderr.
    assert_eq!(v["debug"], "guest: panicking on purpose\n");
    let o = jolt(&["run", s(&panic), "--input-hex", "01"]);
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "guest: panicking on purpose\n"
    );
    assert!(!String::from_utf8_lossy(&o.stdout).contains("guest:"));
    let panic_proof = scratch("panic.proof");
    let args = [
        "prove",
        s(&panic),
        "--input-hex",
        "01",
        "-o",
        s(&panic_proof),
    ];
    let v = json_ok(&jolt(&[&args[..], &["--json"]].concat()));
    assert_eq!(
        (v["panicked"].clone(), v["output_hex"].clone()),
        (true.into(), hex(b"before").into())
    );
    assert_eq!(v["debug"], "guest: panicking on purpose\n");
    let v = json_ok(&jolt(&[
        "verify",
        "--insecure-development-key",
        s(&panic),
        s(&panic_proof),
        "--json",
    ]));
    assert_eq!(v["panicked"], true);
    let args = [
        "verify",
        "--insecure-development-key",
        s(&panic),
        s(&panic_proof),
        "--panicked",
        "false",
        "--json",
    ];
    json_fails(&jolt(&args), 2, "rejected");

    let big = hex(&vec![0u8; 5000]);
    fails(
        &jolt(&["prove", s(&elf), "--input-hex", &big]),
        1,
        "larger --max-input",
    );
    fails(
        &jolt(&["run", s(&elf), "--max-cycles", "10"]),
        1,
        "did not halt within 10 cycles",
    );
    json_fails(&jolt(&["prove", "--json"]), 1, "<PROGRAM>");
    json_fails(
        &jolt(&["verify", "--insecure-development-key", s(&elf), "--json"]),
        1,
        "<PROOF>",
    );
    // With no input, the guest's default (fib(10)).
    let proof_file = scratch("not-a-program.proof");
    let proved = json_ok(&jolt(&["prove", s(&elf), "-o", s(&proof_file), "--json"]));
    assert_eq!(proved["output_hex"], hex(&fibonacci(10)));
    fails(
        &jolt(&["run", s(&proof_file)]),
        1,
        "this is a proof file, not a program",
    );
}

#[test]
fn assembly_sources_build_run_and_prove() {
    // A hand-written program: stores 6 * 7 as the output and returns 0
    // from main (the C start-up code halts).
    let src = scratch("answer.S");
    std::fs::write(
        &src,
        "    .globl main\n\
         main:\n\
         \x20   li t0, 6\n\
         \x20   li t1, 7\n\
         \x20   mul t2, t0, t1\n\
         \x20   lui t3, %hi(__jolt_OUTPUT_START)\n\
         \x20   addi t3, t3, %lo(__jolt_OUTPUT_START)\n\
         \x20   sw t2, 0(t3)\n\
         \x20   lui t4, %hi(__jolt_OUTPUT_LEN)\n\
         \x20   addi t4, t4, %lo(__jolt_OUTPUT_LEN)\n\
         \x20   li t5, 4\n\
         \x20   sw t5, 0(t4)\n\
         \x20   li a0, 0\n\
         \x20   ret\n",
    )
    .unwrap();
    let td = target_dir();
    let v = json_ok(&jolt(&["run", s(&src), "--target-dir", s(&td), "--json"]));
    assert_eq!(v["output_hex"], "2a000000");
    let proof = scratch("answer.proof");
    let proved = json_ok(&jolt(&[
        "prove",
        s(&src),
        "--target-dir",
        s(&td),
        "-o",
        s(&proof),
        "--json",
    ]));
    assert_eq!(proved["output_hex"], "2a000000");
    let elf = scratch("answer.elf");
    let o = jolt(&["build", s(&src), "--target-dir", s(&td), "-o", s(&elf)]);
    assert!(o.status.success());
    assert_eq!(
        json_ok(&jolt(&[
            "verify",
            "--insecure-development-key",
            s(&elf),
            s(&proof),
            "--json"
        ]))["verified"],
        true
    );
}
