//! The `jolt` command line: build each example guest, trace it with --json,
//! and every error exits non-zero with one line saying what went wrong.
mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn jolt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jolt"))
        .args(args)
        .output()
        .unwrap()
}

fn jolt_env(args: &[&str], key: &str, value: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jolt"))
        .args(args)
        .env(key, value)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "jolt failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Fails with exactly one line on stderr that contains `needle`.
fn fails_with(o: &Output, needle: &str) {
    assert!(
        !o.status.success(),
        "expected failure, got {}",
        String::from_utf8_lossy(&o.stdout)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line expected: {err:?}"
    );
    assert!(err.contains(needle), "{err:?} should mention {needle:?}");
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn build(name: &str, lang: Lang, out: &Path) {
    let src = match lang {
        Lang::Rust => repo().join(format!("examples/{name}/guest")),
        Lang::C => repo().join(format!("examples/{name}/{name}.c")),
    };
    let td = target_dir();
    let o = jolt(&[
        "build",
        src.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--target-dir",
        td.to_str().unwrap(),
    ]);
    assert_eq!(stdout(&o).trim(), out.to_str().unwrap());
}

#[test]
fn build_then_trace_json_prints_the_expected_output() {
    let dir = target_dir().join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    for lang in [Lang::C, Lang::Rust] {
        for name in EXAMPLES {
            let elf = dir.join(format!("{name}-{lang:?}.elf"));
            build(name, lang, &elf);
            for (case, input, expected, panicked) in cases() {
                if case != name {
                    continue;
                }
                let ih = hex(&input);
                let mut args = vec!["trace", elf.to_str().unwrap(), "--json"];
                if !input.is_empty() {
                    args.extend(["--input-hex", &ih]);
                }
                let json: serde_json::Value = serde_json::from_str(&stdout(&jolt(&args))).unwrap();
                assert_eq!(json["output_hex"], hex(&expected), "{name} {lang:?}");
                assert_eq!(json["panicked"], panicked, "{name} {lang:?}");
                assert!(json["cycles"].as_u64().unwrap() > 0);
            }
        }
    }
}

#[test]
fn trace_reads_input_files_and_prints_a_histogram() {
    let elf = guest("echo", Lang::C);
    let input = target_dir().join("cli-input.txt");
    std::fs::write(&input, b"jolt").unwrap();
    let text = stdout(&jolt(&[
        "trace",
        elf.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
    ]));
    assert!(
        text.contains(&format!("output: {}", hex(b"TLOJ"))),
        "{text}"
    );
    assert!(text.contains("panicked: false"));
    assert!(text.contains("cycles: "));
    assert!(
        text.contains("instruction histogram:") && text.contains("  addi "),
        "{text}"
    );
}

#[test]
fn trace_errors_are_one_line() {
    let elf = guest("fibonacci", Lang::C);
    let e = elf.to_str().unwrap();
    fails_with(&jolt(&["trace", "/nonexistent/x.elf"]), "cannot read");
    let not_elf = target_dir().join("not-an-elf.txt");
    std::fs::write(&not_elf, "hello").unwrap();
    fails_with(&jolt(&["trace", not_elf.to_str().unwrap()]), "not an ELF");
    fails_with(&jolt(&["trace", e, "--input-hex", "zz"]), "--input-hex");
    fails_with(&jolt(&["trace", e, "--input-hex", "abc"]), "odd number");
    fails_with(
        &jolt(&["trace", e, "--max-cycles", "50", "--input-hex", "ffff0000"]),
        "cycle limit of 50",
    );
    let big = hex(&vec![0u8; 5000]);
    fails_with(
        &jolt(&["trace", e, "--input-hex", &big]),
        "exceeds the maximum",
    );
    fails_with(&jolt(&["trace", e, "--bogus"]), "--bogus");
    fails_with(&jolt(&["trace"]), "required");
}

#[test]
fn build_errors_name_the_cause() {
    fails_with(&jolt(&["build", "/nonexistent/prog.c"]), "no such file");
    let txt = target_dir().join("not-a-guest.txt");
    std::fs::write(&txt, "x").unwrap();
    fails_with(
        &jolt(&["build", txt.to_str().unwrap()]),
        "not a Rust guest crate directory",
    );
    // A missing toolchain says which packages to install.
    let c = repo().join("examples/echo/echo.c");
    fails_with(
        &jolt_env(&["build", c.to_str().unwrap()], "PATH", "/nonexistent"),
        "install the Debian package(s): clang",
    );
    let r = repo().join("examples/echo/guest");
    fails_with(
        &jolt_env(&["build", r.to_str().unwrap()], "PATH", "/nonexistent"),
        "lld",
    );
    // A compile error reports the compiler's log after the first line.
    let bad = target_dir().join("bad.c");
    std::fs::write(&bad, "int main(void) { return undefined_thing; }\n").unwrap();
    let o = jolt(&[
        "build",
        bad.to_str().unwrap(),
        "--target-dir",
        target_dir().to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error: clang on ") && err.contains("undefined_thing"),
        "{err}"
    );
}
