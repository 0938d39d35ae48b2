//! Differential tests against QEMU user mode (`qemu-riscv32`, Debian's
//! qemu-user, installed by scripts/install-deps.sh).
//!
//! 1. Outputs: every C example guest, built once for the VM and once for
//!    QEMU (same source and runtime, start-up code that maps the ABI's I/O
//!    onto stdin/stdout/exit status), gives the same output bytes and panic
//!    flag on the same inputs.
//! 2. Register state: short programs, one ELF run both by the tracer and by
//!    QEMU (`-singlestep -d cpu,nochain` logs the registers before every
//!    instruction), agree on pc and all 31 registers after every
//!    instruction, and so on the final registers; then each run proves and
//!    verifies as a whole program.
mod common;
use common::*;
use jolt_sdk::build::C_FLAGS;
use jolt_sdk::jolt_core::zkvm::{self, ProverPreprocessing};
use jolt_sdk::jolt_core::{MemoryLayout, Program, Statement, TraceOptions};
use lasso::field::Fr;
use lasso::pcs::hyperkzg::HyperKzg;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn sh(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn compile(src: &Path, obj: &Path, extra: &[&str]) {
    sh(Command::new("clang")
        .args(C_FLAGS)
        .args(extra)
        .arg("-I")
        .arg(repo().join("sdk/c"))
        .arg("-c")
        .arg(src)
        .arg("-o")
        .arg(obj));
}

fn work(name: &str) -> PathBuf {
    let d = target_dir().join("qemu").join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The QEMU build of a C example: hosted start-up code, the sdk's runtime,
/// the example's source.
fn hosted(name: &str) -> PathBuf {
    let d = work(name);
    let qdir = repo().join("sdk/tests/qemu");
    compile(&qdir.join("hosted_start.S"), &d.join("start.o"), &[]);
    compile(
        &repo().join("sdk/c/jolt_rt.c"),
        &d.join("rt.o"),
        &["-fno-builtin"],
    );
    compile(
        &repo().join(format!("examples/{name}/{name}.c")),
        &d.join("prog.o"),
        &[],
    );
    let elf = d.join(format!("{name}-hosted.elf"));
    sh(Command::new("ld.lld")
        .args(["-e", "_start", "-o"])
        .arg(&elf)
        .args([d.join("start.o"), d.join("rt.o"), d.join("prog.o")]));
    elf
}

fn qemu(args: &[&std::ffi::OsStr], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new("timeout")
        .arg("60")
        .arg("qemu-riscv32")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qemu-riscv32 (Debian package qemu-user) must be installed: run scripts/install-deps.sh");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn c_examples_match_qemu_outputs() {
    let names: Vec<&str> = EXAMPLES.to_vec();
    for name in names {
        let vm_elf = guest(name, Lang::C);
        let q_elf = hosted(name);
        for (case, input, _, _) in cases() {
            if case != name {
                continue;
            }
            let (_, t) = trace(&vm_elf, &input);
            let out = qemu(&[q_elf.as_os_str()], &input);
            let code = out.status.code();
            assert!(
                matches!(code, Some(0) | Some(1)),
                "{name}: qemu exit {code:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(
                t.output, out.stdout,
                "{name} on {input:02x?}: output differs from QEMU"
            );
            assert_eq!(
                t.panicked,
                code == Some(1),
                "{name} on {input:02x?}: panic flag differs from QEMU"
            );
        }
    }
}

/// One QEMU log entry: the pc and registers before an instruction.
#[derive(Debug, PartialEq, Eq)]
struct State {
    pc: u32,
    regs: [u32; 32],
}

fn parse_log(log: &str) -> Vec<State> {
    let mut states: Vec<State> = Vec::new();
    for line in log.lines() {
        let toks: Vec<&str> = line.split_whitespace().collect();
        for pair in toks.chunks(2) {
            let [name, value] = pair else { continue };
            let Ok(v) = u32::from_str_radix(value, 16) else {
                continue;
            };
            if *name == "pc" {
                states.push(State {
                    pc: v,
                    regs: [0; 32],
                });
            } else if let Some(num) = name.strip_prefix('x').and_then(|n| n.split('/').next()) {
                if let (Ok(i), Some(s)) = (num.parse::<usize>(), states.last_mut()) {
                    if i < 32 {
                        s.regs[i] = v;
                    }
                }
            }
        }
    }
    states
}

/// Builds a differential program: diff_start.S + the program + the sdk's C
/// runtime, linked with the VM's linker script.
fn diff_program(name: &str) -> PathBuf {
    let d = work(name);
    let qdir = repo().join("sdk/tests/qemu");
    compile(&qdir.join("diff_start.S"), &d.join("start.o"), &[]);
    compile(
        &repo().join("sdk/c/jolt_rt.c"),
        &d.join("rt.o"),
        &["-fno-builtin"],
    );
    compile(&qdir.join(format!("{name}.c")), &d.join("prog.o"), &[]);
    let script = d.join("layout.ld");
    std::fs::write(&script, MemoryLayout::default().linker_script()).unwrap();
    let elf = d.join(format!("{name}.elf"));
    sh(Command::new("ld.lld")
        .arg("-T")
        .arg(&script)
        .arg("--gc-sections")
        .arg("-o")
        .arg(&elf)
        .args([d.join("start.o"), d.join("rt.o"), d.join("prog.o")]));
    elf
}

/// QEMU 7.2 (Debian 12) calls one-instruction translation blocks
/// `-singlestep`; QEMU 8 renamed it `-one-insn-per-tb`.
fn single_step_flag() -> &'static str {
    let help = Command::new("qemu-riscv32")
        .arg("-h")
        .output()
        .map(|o| o.stdout)
        .unwrap_or_default();
    if String::from_utf8_lossy(&help).contains("-one-insn-per-tb") {
        "-one-insn-per-tb"
    } else {
        "-singlestep"
    }
}

/// Instructions of diff_start.S before every register is set (31 clears and
/// the two of the stack pointer); QEMU starts with its own sp.
const PROLOGUE: usize = 33;

fn compare_with_qemu(name: &str) {
    compare_elf_with_qemu(name, &diff_program(name));
}

fn compare_elf_with_qemu(name: &str, elf: &Path) {
    let elf = elf.to_path_buf();
    let bytes = std::fs::read(&elf).unwrap();
    let program = Program::from_elf(&bytes, &MemoryLayout::default()).unwrap();
    let opts = TraceOptions {
        max_cycles: 1_000_000,
        record: true,
        check_lookups: true,
    };
    let trace = program
        .trace(&[], &opts)
        .unwrap_or_else(|e| panic!("{name}: {e}"));

    // Our state after every real instruction, rebuilt from the rows.
    let mut regs = [0u32; 32];
    regs[2] = MemoryLayout::default().stack_top();
    let mut ours: Vec<State> = Vec::new();
    for row in &trace.rows {
        if let Some((rd, _, new)) = row.rd_write(&program) {
            if (rd as usize) < 32 {
                regs[rd as usize] = new;
            }
        }
        let step = row.step(&program);
        if step.is_last() {
            ours.push(State {
                pc: step.address,
                regs,
            });
        }
    }
    assert_eq!(ours.len() as u64, trace.instructions);
    assert_eq!(ours.last().unwrap().regs, trace.registers);

    let log = work(name).join("qemu.log");
    let _ = std::fs::remove_file(&log);
    let out = qemu(
        &[
            single_step_flag().as_ref(),
            "-d".as_ref(),
            "cpu,nochain".as_ref(),
            "-D".as_ref(),
            log.as_os_str(),
            elf.as_os_str(),
        ],
        &[],
    );
    // The halting store faults under QEMU (the I/O words are not mapped).
    assert!(
        !out.status.success(),
        "{name}: QEMU should fault at the termination store"
    );
    let theirs = parse_log(&std::fs::read_to_string(&log).unwrap());

    // QEMU logs the state *before* each instruction, including the final
    // (faulting) store; we record the state *after* each.
    assert_eq!(
        theirs.len(),
        ours.len(),
        "{name}: instruction counts differ"
    );
    for k in 0..ours.len() {
        assert_eq!(theirs[k].pc, ours[k].pc, "{name}: pc of instruction {k}");
        if k + 1 < theirs.len() && k + 1 >= PROLOGUE {
            assert_eq!(
                theirs[k + 1].regs,
                ours[k].regs,
                "{name}: registers after instruction {k} at pc {:#010x}",
                ours[k].pc
            );
        }
    }
    // The halting store changes no register: final registers agree.
    assert_eq!(
        theirs.last().unwrap().regs,
        trace.registers,
        "{name}: final registers"
    );
    assert!(
        ours.len() > 300,
        "{name}: the program should do real work ({} instructions)",
        ours.len()
    );

    // The run QEMU agrees with proves and verifies.
    let log_cycles = trace.rows.len().next_power_of_two().trailing_zeros().max(1) as usize;
    let pre = ProverPreprocessing::<Fr, HyperKzg>::development(program, log_cycles).unwrap();
    let (output, panicked, proof) =
        zkvm::prove(&pre, &[]).unwrap_or_else(|e| panic!("{name}: proving: {e}"));
    assert_eq!(
        (&output, panicked),
        (&trace.output, trace.panicked),
        "{name}"
    );
    zkvm::verify(
        &pre.verifier().allow_insecure_development_key(),
        &Statement::new(&[], &output, panicked),
        &proof,
    )
    .unwrap_or_else(|e| panic!("{name}: verifying: {e}"));
    eprintln!("{name}: {} cycles proven and verified", trace.rows.len());
}

#[test]
fn alu_program_matches_qemu_after_every_instruction() {
    compare_with_qemu("diff_alu");
}

#[test]
fn memory_program_matches_qemu_after_every_instruction() {
    compare_with_qemu("diff_mem");
}

#[test]
fn muldiv_program_matches_qemu_after_every_instruction() {
    compare_with_qemu("diff_muldiv");
}

#[test]
fn rust_program_matches_qemu_after_every_instruction() {
    use jolt_sdk::{build_guest, BuildOptions, GuestSource};
    let dir = repo().join("sdk/tests/qemu/rust-diff");
    let opts = BuildOptions {
        target_dir: Some(target_dir()),
        ..Default::default()
    };
    let elf = build_guest(&GuestSource::Rust(dir), &opts).unwrap();
    compare_elf_with_qemu("rust_diff", &elf);
}
