//! Every example guest, in Rust and in C, built by the sdk and traced with
//! its expected output; the two languages agree byte for byte.
mod common;
use common::*;

fn check(lang: Lang) {
    for (name, input, expected, panicked) in cases() {
        let elf = guest(name, lang);
        let (_, t) = trace(&elf, &input);
        assert_eq!(
            t.output, expected,
            "{name} ({lang:?}) on input {input:02x?}"
        );
        assert_eq!(t.panicked, panicked, "{name} ({lang:?}) panic flag");
        assert!(t.cycles > 0 && t.rows.len() as u64 == t.cycles);
    }
}

#[test]
fn c_guests_produce_their_expected_outputs() {
    check(Lang::C);
}

#[test]
fn rust_guests_produce_their_expected_outputs() {
    check(Lang::Rust);
}

/// The debug port: the text reaches the tracer, and it is not the output.
#[test]
fn guests_print_through_the_debug_port() {
    for lang in [Lang::C, Lang::Rust] {
        let elf = guest("panic", lang);
        let (_, t) = trace(&elf, b"\x00ab");
        assert_eq!(t.output, b"ok", "{lang:?}");
        let text = String::from_utf8(t.debug_output).unwrap();
        assert!(
            text.starts_with("guest: halting normally"),
            "{lang:?}: {text:?}"
        );
        let (_, t) = trace(&elf, &[1]);
        assert!(t.panicked);
        let text = String::from_utf8(t.debug_output).unwrap();
        let expected = match lang {
            Lang::C => "guest: panicking on purpose\n",
            Lang::Rust => "deliberate panic",
        };
        assert!(text.contains(expected), "{lang:?}: {text:?}");
    }
}

#[test]
fn guest_elfs_carry_their_layout() {
    use jolt_sdk::jolt_core::{layout_from_elf, MemoryLayout};
    for lang in [Lang::C, Lang::Rust] {
        let bytes = std::fs::read(guest("echo", lang)).unwrap();
        assert_eq!(
            layout_from_elf(&bytes),
            Some(MemoryLayout::default()),
            "{lang:?}"
        );
    }
}

#[test]
fn a_guest_built_for_another_layout_runs_with_it() {
    use jolt_sdk::jolt_core::{layout_from_elf, MemoryLayout, Program, TraceOptions};
    use jolt_sdk::{build_guest, BuildOptions};
    let layout = MemoryLayout::new(1 << 20, 100, 3000).unwrap();
    let out = target_dir().join("echo-small-layout.elf");
    let opts = BuildOptions {
        layout,
        target_dir: Some(target_dir()),
        output: Some(out.clone()),
        verbose: false,
    };
    let elf = build_guest(&source("echo", Lang::C), &opts).unwrap();
    let bytes = std::fs::read(elf).unwrap();
    assert_eq!(layout_from_elf(&bytes), Some(layout));
    let p = Program::from_elf(&bytes, &layout).unwrap();
    let t = p.trace(b"abc", &TraceOptions::default()).unwrap();
    assert_eq!(t.output, b"CBA");
    assert!(
        p.trace(&[0; 101], &TraceOptions::default()).is_err(),
        "input above max_input"
    );
}

#[test]
fn the_shipped_header_and_runtime_use_only_symbols_the_layout_defines() {
    use jolt_sdk::jolt_core::MemoryLayout;
    let script = MemoryLayout::default().linker_script();
    let files = [
        "sdk/c/jolt.h",
        "sdk/c/start.S",
        "sdk/c/jolt_rt.c",
        "sdk/guest/src/lib.rs",
    ];
    let mut seen = 0;
    for f in files {
        let text = std::fs::read_to_string(repo().join(f)).unwrap();
        for (pos, _) in text.match_indices("__jolt_") {
            let name: String = text[pos..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if matches!(
                name.as_str(),
                "__jolt_main" | "__jolt_rust_start" | "__jolt_"
            ) {
                continue; // functions, and the prefix named in comments
            }
            assert!(
                script.contains(&format!("{name} =")),
                "{f}: {name} is not defined by the linker script"
            );
            seen += 1;
        }
    }
    assert!(seen > 20);
}

#[test]
fn a_c_guest_from_several_files() {
    use jolt_sdk::{build_guest, BuildOptions, GuestSource};
    let dir = target_dir().join("multi-file");
    std::fs::create_dir_all(&dir).unwrap();
    let main = dir.join("prog.c");
    let helper = dir.join("helper.c");
    std::fs::write(
        &main,
        "#include <jolt.h>\nuint64_t mix(uint64_t a, uint64_t b);\n\
         int main(void) {\n  uint64_t r = mix(0x123456789abcdefull, 1000003);\n\
         jolt_write_output(&r, 8);\n  return 0;\n}\n",
    )
    .unwrap();
    std::fs::write(
        &helper,
        "#include <stdint.h>\nuint64_t mix(uint64_t a, uint64_t b) { return a / b * 3 + a % b; }\n",
    )
    .unwrap();
    let opts = BuildOptions {
        target_dir: Some(target_dir()),
        ..Default::default()
    };
    let elf = build_guest(&GuestSource::C(vec![main, helper]), &opts).unwrap();
    let (_, t) = trace(&elf, &[]);
    let (a, b) = (0x123456789abcdefu64, 1000003u64);
    assert_eq!(t.output, (a / b * 3 + a % b).to_le_bytes());
}

/// The sdk's own guest runtime compiles without warnings: a user's guest
/// build shows only the user's own (cargo replays cached diagnostics, so a
/// verbose rebuild in the shared target directory still prints them).
#[test]
fn the_guest_runtime_builds_without_warnings() {
    guest("fibonacci", Lang::Rust);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jolt"))
        .args(["build", "--verbose", "--target-dir"])
        .arg(target_dir())
        .arg(repo().join("examples/fibonacci/guest"))
        .arg("-o")
        .arg(target_dir().join("fib-verbose.elf"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains("jolt-guest") || log.contains("Finished"),
        "{log}"
    );
    assert!(
        !log.lines().any(|l| l.starts_with("warning")),
        "the guest build warns:\n{log}"
    );
}
