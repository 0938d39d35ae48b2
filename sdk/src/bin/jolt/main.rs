//! The `jolt` command line.
//!
//! ```text
//! jolt build <SOURCES>... [-o ELF]           a Rust guest crate, or C/assembly files
//! jolt run <PROGRAM>... [--input ..]         execute only (the tracer's fast path)
//! jolt trace <ELF> [--input ..]              execute, recording the trace
//! jolt setup --ptau <FILE> -o <KEY>          convert a powers-of-tau ceremony file into a key
//! jolt preprocess <PROGRAM>... [--key KEY]   write prover and verifier preprocessing files
//! jolt prove <PROGRAM>... [--key KEY] [--input ..] [-o proof.bin]
//! jolt verify <ELF | PREPROCESSING> <PROOF> [--key KEY] [--input ..] [--output ..]
//! ```
//! Without `--key`, `preprocess` and `prove` use the development key, whose
//! secret is public (a warning says so), and `verify` refuses proofs under
//! it unless given `--insecure-development-key`.
//! A PROGRAM is an ELF, a Rust guest crate directory or C/assembly files
//! (built first); `prove` also takes a prover preprocessing file. Every
//! command takes `--json` for one machine-readable object on stdout. Exit
//! status: 0 success, 1 usage, I/O, build or proving error, 2 proof
//! rejected. Errors are one line on stderr (a failed compiler's log
//! follows it), or `{"error": .., "rejected": ..}` on stdout with `--json`.

mod report;

use clap::{Args, Parser, Subcommand};
use jolt_sdk::host::{
    hex, key_file_record, load_program, log_cycles_for, read_file, setup_from_ptau, FileKind,
    HostError, Prover, Rejected, Verifier,
};
use jolt_sdk::jolt_core::memory_layout::{
    DEFAULT_MAX_INPUT, DEFAULT_MAX_OUTPUT, DEFAULT_RAM_SIZE, DEFAULT_STACK_SIZE,
};
use jolt_sdk::jolt_core::tracer::{TraceError, DEFAULT_MAX_CYCLES};
use jolt_sdk::jolt_core::zkvm::{Setup, SetupOrigin};
use jolt_sdk::jolt_core::Program;
use jolt_sdk::jolt_core::{instruction_histogram, layout_from_elf, MemoryLayout, TraceOptions};
use jolt_sdk::proof::{Proof, ProofFileError, Statement};
use jolt_sdk::{build_paths, BuildOptions};
use report::{secs, warn, Failure, Progress};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The maximum trace length `jolt preprocess` prepares for by default.
const DEFAULT_PREPROCESS_LOG_CYCLES: usize = 20;

#[derive(Parser)]
#[command(
    name = "jolt",
    version,
    about = "Build, run, prove and verify RV32IM guest programs"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build a guest: a Rust guest crate directory, or C and assembly
    /// (.c, .S, .s) files.
    Build {
        /// A Rust guest crate directory, or .c/.S/.s files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Where to write the ELF (default: the build's own path, printed).
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Execute a program and print its output (no trace is recorded).
    Run {
        #[command(flatten)]
        program: ProgramArgs,
        #[command(flatten)]
        input: InputArgs,
        /// Stop with an error after this many cycles.
        #[arg(long, default_value_t = DEFAULT_MAX_CYCLES)]
        max_cycles: u64,
        #[arg(long)]
        json: bool,
    },
    /// Run a guest ELF, recording its trace, and show what it did.
    Trace {
        /// The guest ELF.
        elf: PathBuf,
        #[command(flatten)]
        input: InputArgs,
        /// Stop with an error after this many cycles.
        #[arg(long, default_value_t = DEFAULT_MAX_CYCLES)]
        max_cycles: u64,
        /// Print one JSON object: cycles, output_hex, panicked (and more).
        #[arg(long)]
        json: bool,
        /// Also report the tracer's time and cycles per second.
        #[arg(long)]
        time: bool,
        #[command(flatten)]
        layout: LayoutArgs,
    },
    /// Convert a powers-of-tau ceremony file (snarkjs .ptau, BN254) into a
    /// key file, checking every point and that the powers share one secret.
    Setup {
        /// The ceremony file.
        #[arg(long, value_name = "FILE")]
        ptau: PathBuf,
        /// Where to write the key file.
        #[arg(short, long, value_name = "KEY")]
        output: PathBuf,
        /// Keep powers for polynomials of up to 2^K entries (default: all
        /// the ceremony file has; 2^16 at least for any program).
        #[arg(long, value_name = "K")]
        max_log_size: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Write a program's prover and verifier preprocessing files.
    Preprocess {
        #[command(flatten)]
        program: ProgramArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// Traces of up to 2^K cycles can be proven.
        #[arg(long, value_name = "K", default_value_t = DEFAULT_PREPROCESS_LOG_CYCLES)]
        max_log_cycles: usize,
        /// The prover's file (default: <program>.prover).
        #[arg(long)]
        prover_out: Option<PathBuf>,
        /// The verifier's file (default: <program>.verifier).
        #[arg(long)]
        verifier_out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Run a program and prove the run.
    Prove {
        /// An ELF, a guest crate directory, C/assembly files, or a prover
        /// preprocessing file.
        #[command(flatten)]
        program: ProgramArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[command(flatten)]
        input: InputArgs,
        /// Where to write the proof.
        #[arg(short, long, default_value = "proof.bin")]
        output: PathBuf,
        /// Prove under a development preprocessing for traces of up to 2^K
        /// cycles (default: the smallest that fits this run, at least 2^16).
        #[arg(long, value_name = "K")]
        max_log_cycles: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Check a proof.
    Verify {
        /// The program's ELF (for development proofs), or a verifier
        /// preprocessing file.
        program: PathBuf,
        /// The proof file.
        proof: PathBuf,
        /// The input the run must have had (default: the proof file's).
        #[command(flatten)]
        input: InputArgs,
        /// The output the run must have produced, from a file (default: the
        /// proof file's).
        #[arg(long, conflicts_with = "output_hex")]
        output: Option<PathBuf>,
        /// The output the run must have produced, in hexadecimal.
        #[arg(long)]
        output_hex: Option<String>,
        /// Whether the run must have panicked (default: the proof file's).
        #[arg(long)]
        panicked: Option<bool>,
        #[command(flatten)]
        key: KeyArgs,
        /// Accept a proof under the development key, whose secret is public:
        /// anyone can forge such a proof. For tests and development only.
        #[arg(long)]
        insecure_development_key: bool,
        #[arg(long)]
        json: bool,
    },
}

/// The key file (`jolt setup`) a preprocessing is made with.
#[derive(Args)]
struct KeyArgs {
    /// A key file from `jolt setup` (default: the development key, whose
    /// secret is public).
    #[arg(long, value_name = "KEY")]
    key: Option<PathBuf>,
}

/// The program to run or prove, and how to build it from sources.
#[derive(Args)]
struct ProgramArgs {
    /// An ELF, a Rust guest crate directory, or C/assembly files.
    #[arg(required = true, value_name = "PROGRAM")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    build: BuildArgs,
}

#[derive(Args)]
struct BuildArgs {
    /// Directory for intermediate build files.
    #[arg(long)]
    target_dir: Option<PathBuf>,
    /// Show the compilers' output.
    #[arg(short, long)]
    verbose: bool,
    #[command(flatten)]
    layout: LayoutArgs,
}

impl BuildArgs {
    fn options(&self, output: Option<PathBuf>) -> Result<BuildOptions, Failure> {
        Ok(BuildOptions {
            layout: self.layout.layout(None)?,
            output,
            target_dir: self.target_dir.clone(),
            verbose: self.verbose,
        })
    }
}

#[derive(Args)]
struct InputArgs {
    /// Read the input bytes from this file.
    #[arg(long, conflicts_with = "input_hex")]
    input: Option<PathBuf>,
    /// The input bytes in hexadecimal.
    #[arg(long)]
    input_hex: Option<String>,
}

impl InputArgs {
    /// The input, if one was given.
    fn bytes(&self) -> Result<Option<Vec<u8>>, Failure> {
        match (&self.input, &self.input_hex) {
            (Some(f), _) => Ok(Some(read_file(f)?)),
            (None, Some(h)) => Ok(Some(parse_hex("--input-hex", h)?)),
            (None, None) => Ok(None),
        }
    }
}

/// The memory layout; unset fields come from the ELF's `__jolt_*` symbols
/// when it has them (for `trace`), else from the defaults.
#[derive(Args)]
struct LayoutArgs {
    /// RAM size in bytes.
    #[arg(long)]
    ram_size: Option<u32>,
    /// Stack reservation at the top of RAM, in bytes.
    #[arg(long)]
    stack_size: Option<u32>,
    /// Maximum input size in bytes.
    #[arg(long)]
    max_input: Option<u32>,
    /// Maximum output size in bytes.
    #[arg(long)]
    max_output: Option<u32>,
}

impl LayoutArgs {
    fn layout(&self, base: Option<MemoryLayout>) -> Result<MemoryLayout, String> {
        let (r, s, i, o) = match base {
            Some(l) => (l.ram_size(), l.stack_size(), l.max_input(), l.max_output()),
            None => (
                DEFAULT_RAM_SIZE,
                DEFAULT_STACK_SIZE,
                DEFAULT_MAX_INPUT,
                DEFAULT_MAX_OUTPUT,
            ),
        };
        MemoryLayout::with_stack(
            self.ram_size.unwrap_or(r),
            self.stack_size.unwrap_or(s),
            self.max_input.unwrap_or(i),
            self.max_output.unwrap_or(o),
        )
        .map_err(|e| format!("bad memory layout: {e}"))
    }
}

fn parse_hex(flag: &str, s: &str) -> Result<Vec<u8>, String> {
    let s = s.trim();
    let s = s.strip_prefix("0x").unwrap_or(s);
    if s.len() % 2 != 0 {
        return Err(format!("{flag}: odd number of hex digits ({})", s.len()));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| {
            s.get(i..i + 2)
                .and_then(|d| u8::from_str_radix(d, 16).ok())
                .ok_or_else(|| format!("{flag}: not a hex byte at offset {i}"))
        })
        .collect()
}

/// A host error as the CLI reports it: with the fix where the cause has
/// an obvious one.
fn host_failure(e: HostError) -> Failure {
    match e {
        HostError::Trace(TraceError::InputTooLong { len, max }) => Failure::Usage(format!(
            "input of {len} bytes exceeds the program's maximum input of {max} bytes (build it \
             with a larger --max-input)"
        )),
        HostError::Trace(TraceError::CycleLimit { limit, .. }) => Failure::Usage(format!(
            "the run did not halt within {limit} cycles (raise --max-cycles or --max-log-cycles)"
        )),
        e => Failure::Usage(e.to_string()),
    }
}

fn is_json(cmd: &Cmd) -> bool {
    match cmd {
        Cmd::Build { .. } => false,
        Cmd::Run { json, .. }
        | Cmd::Setup { json, .. }
        | Cmd::Trace { json, .. }
        | Cmd::Preprocess { json, .. }
        | Cmd::Prove { json, .. }
        | Cmd::Verify { json, .. } => *json,
    }
}

/// A short name for a program's output files: the stem of its one path.
fn program_stem(paths: &[PathBuf]) -> String {
    match paths {
        [one] => one
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "program".into()),
        _ => "program".into(),
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes)
        .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", path.display())))
}

fn dev_warning(setup: &Setup) -> Option<String> {
    setup.is_development().then(|| setup.describe())
}

/// The key's name for a stage line.
fn key_name(key: &KeyArgs) -> String {
    match &key.key {
        Some(k) => format!("key {}", k.display()),
        None => "development key".into(),
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let json = is_json(&cli.command);
    let progress = Progress::new(json);
    match cli.command {
        Cmd::Build {
            paths,
            output,
            build,
        } => {
            let elf = build_paths(&paths, &build.options(output)?)?;
            println!("{}", elf.display());
            Ok(())
        }
        Cmd::Run {
            program,
            input,
            max_cycles,
            json,
        } => {
            let input = input.bytes()?.unwrap_or_default();
            let program = progress.stage("loading the program", || {
                load_program(&program.paths, &program.build.options(None)?).map_err(host_failure)
            })?;
            let opts = TraceOptions {
                record: false,
                max_cycles,
                ..Default::default()
            };
            let clock = Instant::now();
            let trace = program
                .trace(&input, &opts)
                .map_err(|e| host_failure(e.into()))?;
            let seconds = clock.elapsed().as_secs_f64();
            let rate = trace.cycles as f64 / seconds.max(1e-9);
            if json {
                println!(
                    "{}",
                    json!({
                        "cycles": trace.cycles,
                        "output_hex": hex(&trace.output),
                        "panicked": trace.panicked,
                        "seconds": seconds,
                        "cycles_per_second": rate,
                        "debug": String::from_utf8_lossy(&trace.debug_output),
                    })
                );
            } else {
                show_debug_output(&trace.debug_output);
                println!("cycles: {}", trace.cycles);
                println!("output: {}", hex(&trace.output));
                println!("panicked: {}", trace.panicked);
                println!("time: {seconds:.3} s ({:.1} M cycles/s)", rate / 1e6);
            }
            Ok(())
        }
        Cmd::Trace {
            elf,
            input,
            max_cycles,
            json,
            time,
            layout,
        } => {
            let bytes = read_file(&elf)?;
            let input = input.bytes()?.unwrap_or_default();
            let layout = layout.layout(layout_from_elf(&bytes))?;
            let program = jolt_sdk::jolt_core::Program::from_elf(&bytes, &layout)
                .map_err(|e| format!("{}: {e}", elf.display()))?;
            let opts = TraceOptions {
                max_cycles,
                ..Default::default()
            };
            let start = Instant::now();
            let trace = program.trace(&input, &opts)?;
            let secs = start.elapsed().as_secs_f64();
            let rate = trace.cycles as f64 / secs.max(1e-9);
            if json {
                let mut obj = json!({
                    "cycles": trace.cycles,
                    "instructions": trace.instructions,
                    "output_hex": hex(&trace.output),
                    "panicked": trace.panicked,
                    "debug": String::from_utf8_lossy(&trace.debug_output),
                });
                if time {
                    obj["seconds"] = json!(secs);
                    obj["cycles_per_second"] = json!(rate);
                }
                println!("{obj}");
            } else {
                show_debug_output(&trace.debug_output);
                println!(
                    "cycles: {} ({} instructions)",
                    trace.cycles, trace.instructions
                );
                println!("output: {}", hex(&trace.output));
                println!("panicked: {}", trace.panicked);
                if time {
                    println!("time: {secs:.3} s ({:.1} M cycles/s)", rate / 1e6);
                }
                println!("instruction histogram:");
                for (name, n) in instruction_histogram(&program, &trace) {
                    println!("  {name:<8} {n}");
                }
            }
            Ok(())
        }
        Cmd::Setup {
            ptau,
            output,
            max_log_size,
            json,
        } => {
            let clock = Instant::now();
            let summary = progress
                .stage("converting and checking the ceremony file", || {
                    setup_from_ptau(&ptau, &output, max_log_size)
                })
                .map_err(host_failure)?;
            let setup = &summary.setup;
            if json {
                println!(
                    "{}",
                    json!({
                        "key": output,
                        "key_id": hex(&setup.key_id()),
                        "max_log_size": summary.max_num_vars,
                        "bytes": summary.bytes,
                        "setup": setup.describe(),
                        "development": setup.is_development(),
                        "seconds": secs(clock.elapsed()),
                    })
                );
            } else {
                println!("key: {} ({} bytes)", output.display(), summary.bytes);
                println!("key id: {}", hex(&setup.key_id()));
                println!(
                    "polynomials of up to 2^{} entries (traces of up to 2^{} cycles)",
                    summary.max_num_vars, summary.max_num_vars
                );
                println!("setup: {}", setup.describe());
            }
            if setup.is_development() {
                return Err(Failure::Usage(format!(
                    "the ceremony file holds {}",
                    setup.describe()
                )));
            }
            Ok(())
        }
        Cmd::Preprocess {
            program,
            key,
            max_log_cycles,
            prover_out,
            verifier_out,
            json,
        } => {
            let stem = program_stem(&program.paths);
            let prover_out = prover_out.unwrap_or_else(|| format!("{stem}.prover").into());
            let verifier_out = verifier_out.unwrap_or_else(|| format!("{stem}.verifier").into());
            let loaded = progress.stage("loading the program", || {
                load_program(&program.paths, &program.build.options(None)?).map_err(host_failure)
            })?;
            let clock = Instant::now();
            let prover = progress
                .stage(
                    &format!(
                        "preprocessing for 2^{max_log_cycles} cycles ({})",
                        key_name(&key)
                    ),
                    || make_prover(loaded, max_log_cycles, &key),
                )
                .map_err(host_failure)?;
            let pre = prover.preprocessing();
            let (p_bytes, v_bytes) = (pre.to_bytes(), pre.verifier().to_bytes());
            write_file(&prover_out, &p_bytes)?;
            write_file(&verifier_out, &v_bytes)?;
            let warning = dev_warning(pre.setup());
            if json {
                println!(
                    "{}",
                    json!({
                        "prover": prover_out,
                        "verifier": verifier_out,
                        "prover_bytes": p_bytes.len(),
                        "verifier_bytes": v_bytes.len(),
                        "max_log_cycles": max_log_cycles,
                        "digest": hex(&pre.digest()),
                        "key_id": hex(&pre.setup().key_id()),
                        "setup": pre.setup().describe(),
                        "seconds": secs(clock.elapsed()),
                        "warning": warning,
                    })
                );
            } else {
                if let Some(w) = &warning {
                    warn(json, w);
                }
                println!(
                    "prover preprocessing: {} ({} bytes)",
                    prover_out.display(),
                    p_bytes.len()
                );
                println!(
                    "verifier preprocessing: {} ({} bytes)",
                    verifier_out.display(),
                    v_bytes.len()
                );
                println!("digest: {}", hex(&pre.digest()));
                println!("setup: {}", pre.setup().describe());
            }
            Ok(())
        }
        Cmd::Prove {
            program,
            key,
            input,
            output,
            max_log_cycles,
            json,
        } => {
            let input = input.bytes()?.unwrap_or_default();
            let prover = prover_for(&program, &key, &input, max_log_cycles, &progress)?;
            if let Some(w) = dev_warning(prover.setup()) {
                warn(json, &w);
            }
            let proved = progress
                .stage("proving", || prover.prove(&input))
                .map_err(host_failure)?;
            let bytes = proved.proof.to_bytes();
            write_file(&output, &bytes)?;
            let t = &proved.timings;
            if !json {
                show_debug_output(&t.debug_output);
            }
            let statement = &proved.proof.statement;
            if json {
                println!(
                    "{}",
                    json!({
                        "proof": output,
                        "proof_bytes": bytes.len(),
                        "cycles": t.cycles,
                        "max_log_cycles": proved.proof.max_log_cycles,
                        "output_hex": hex(&statement.output),
                        "panicked": statement.panicked,
                        "prove_seconds": secs(t.total),
                        "cycles_per_second": t.cycles as f64 / secs(t.total).max(1e-9),
                        "stages": {
                            "trace": secs(t.trace),
                            "witness": secs(t.witness),
                            "commit": secs(t.commit),
                            "memory_checking": secs(t.memory_checking),
                            "lookups": secs(t.lookups),
                            "r1cs": secs(t.r1cs),
                            "opening": secs(t.opening),
                        },
                        "digest": hex(&proved.proof.digest),
                        "key_id": hex(&prover.setup().key_id()),
                        "setup": prover.setup().describe(),
                        "debug": String::from_utf8_lossy(&t.debug_output),
                        "warning": dev_warning(prover.setup()),
                    })
                );
            } else {
                println!("output: {}", hex(&statement.output));
                println!("panicked: {}", statement.panicked);
                println!(
                    "cycles: {} (proven in {:.2} s, {:.1} kHz)",
                    t.cycles,
                    secs(t.total),
                    t.cycles as f64 / secs(t.total).max(1e-9) / 1e3
                );
                println!("proof: {} ({} bytes)", output.display(), bytes.len());
            }
            Ok(())
        }
        Cmd::Verify {
            program,
            proof,
            input,
            output,
            output_hex,
            panicked,
            key,
            insecure_development_key,
            json,
        } => {
            let proof = read_proof(&proof)?;
            let mut verifier = verifier_for(&program, &proof, &key)?;
            if insecure_development_key {
                verifier = verifier.allow_insecure_development_key();
            }
            let statement = Statement {
                input: input.bytes()?.unwrap_or(proof.statement.input.clone()),
                output: match (&output, &output_hex) {
                    (Some(f), _) => read_file(f)?,
                    (None, Some(h)) => parse_hex("--output-hex", h)?,
                    (None, None) => proof.statement.output.clone(),
                },
                panicked: panicked.unwrap_or(proof.statement.panicked),
            };
            if insecure_development_key {
                if let Some(w) = dev_warning(verifier.setup()) {
                    warn(json, &w);
                }
            }
            let seconds = progress
                .stage("verifying", || verifier.verify(&proof, &statement))
                .map_err(|e: Rejected| {
                    let claimed = &proof.statement;
                    let differs = if statement != *claimed {
                        format!(
                            " (the statement checked is not the proof file's: input {}, output \
                             {}, panicked {})",
                            hex(&claimed.input),
                            hex(&claimed.output),
                            claimed.panicked
                        )
                    } else {
                        String::new()
                    };
                    Failure::Rejected(format!("proof rejected: {e}{differs}"))
                })?;
            if json {
                println!(
                    "{}",
                    json!({
                        "verified": true,
                        "input_hex": hex(&statement.input),
                        "output_hex": hex(&statement.output),
                        "panicked": statement.panicked,
                        "verify_seconds": secs(seconds),
                        "key_id": hex(&verifier.setup().key_id()),
                        "setup": verifier.setup().describe(),
                        "development_key": verifier.setup().is_development(),
                        "warning": dev_warning(verifier.setup()),
                    })
                );
            } else {
                println!(
                    "verified: the program halted on input {} with output {}{} ({:.1} ms)",
                    hex(&statement.input),
                    hex(&statement.output),
                    if statement.panicked {
                        ", panicking"
                    } else {
                        ""
                    },
                    secs(seconds) * 1e3
                );
                println!("setup: {}", verifier.setup().describe());
            }
            Ok(())
        }
    }
}

/// The prover `prove` uses: a prover preprocessing file as given, or a
/// development preprocessing of the program for `max_log_cycles` (by
/// default the smallest that fits the run).
fn prover_for(
    program: &ProgramArgs,
    key: &KeyArgs,
    input: &[u8],
    max_log_cycles: Option<usize>,
    progress: &Progress,
) -> Result<Prover, Failure> {
    if let [one] = program.paths.as_slice() {
        if one.is_file() {
            let bytes = read_file(one)?;
            match FileKind::of(&bytes) {
                FileKind::ProverPreprocessing => {
                    if max_log_cycles.is_some() || key.key.is_some() {
                        return Err(Failure::Usage(format!(
                            "{}: a preprocessing file fixes the maximum trace length and the \
                             key; drop --max-log-cycles and --key, or give the program instead",
                            one.display()
                        )));
                    }
                    return progress
                        .stage("loading the preprocessing", || Prover::from_bytes(&bytes))
                        .map_err(|e| Failure::Usage(format!("{}: {e}", one.display())));
                }
                FileKind::VerifierPreprocessing => {
                    return Err(Failure::Usage(format!(
                        "{}: this is a verifier preprocessing file; proving needs the prover's \
                         (jolt preprocess writes both)",
                        one.display()
                    )))
                }
                _ => {}
            }
        }
    }
    let loaded = progress.stage("loading the program", || {
        load_program(&program.paths, &program.build.options(None)?).map_err(host_failure)
    })?;
    let k = match max_log_cycles {
        Some(k) => k,
        None => log_cycles_for(&loaded, input, DEFAULT_MAX_CYCLES).map_err(host_failure)?,
    };
    progress
        .stage(
            &format!("preprocessing for 2^{k} cycles ({})", key_name(key)),
            || make_prover(loaded, k, key),
        )
        .map_err(host_failure)
}

/// A prover under the key file given, or the development key.
fn make_prover(loaded: Program, k: usize, key: &KeyArgs) -> Result<Prover, HostError> {
    match &key.key {
        Some(path) => Prover::with_key(loaded, k, path),
        None => Prover::development(loaded, k),
    }
}

/// Reads a proof file: a file of another kind is a usage error, a damaged
/// one a rejected proof.
fn read_proof(path: &Path) -> Result<Proof, Failure> {
    let bytes = read_file(path)?;
    Proof::from_bytes(&bytes).map_err(|e| {
        let message = format!("{}: {e}", path.display());
        match e {
            ProofFileError::NotAProof => match FileKind::of(&bytes) {
                FileKind::Other => Failure::Usage(message),
                kind => Failure::Usage(format!(
                    "{}: this is {}, not a proof file: give the file `jolt prove -o` wrote",
                    path.display(),
                    kind.name()
                )),
            },
            ProofFileError::Version { .. } => Failure::Usage(message),
            ProofFileError::Truncated(_) | ProofFileError::Corrupted(_) => {
                Failure::Rejected(format!("proof rejected: {message}"))
            }
        }
    })
}

/// The verifier `verify` uses: a preprocessing file as given (which must
/// use the key file, when one is given too), or the preprocessing of the
/// program (an ELF or sources) for the proof's maximum trace length under
/// the key file, or under the development key when the proof says so.
fn verifier_for(program: &Path, proof: &Proof, key: &KeyArgs) -> Result<Verifier, Failure> {
    let named = |e: HostError| Failure::Usage(format!("{}: {e}", program.display()));
    let same_key = |verifier: Verifier| -> Result<Verifier, Failure> {
        if let Some(path) = &key.key {
            let wanted = key_file_record(path)
                .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
            if wanted.key_id != verifier.setup().key_id() {
                return Err(Failure::Rejected(format!(
                    "proof rejected: {} uses {}, not the key of {} ({})",
                    program.display(),
                    verifier.setup().describe(),
                    path.display(),
                    wanted.describe()
                )));
            }
        }
        Ok(verifier)
    };
    if program.is_file() {
        let bytes = read_file(program)?;
        match FileKind::of(&bytes) {
            FileKind::VerifierPreprocessing => {
                return same_key(Verifier::from_bytes(&bytes).map_err(named)?)
            }
            FileKind::ProverPreprocessing => {
                let prover = Prover::from_bytes(&bytes).map_err(named)?;
                return same_key(Verifier::from_preprocessing(prover.preprocessing()));
            }
            FileKind::Proof => {
                return Err(Failure::Usage(format!(
                    "{}: this is a proof file; give the program (or its verifier preprocessing) \
                     first and the proof second",
                    program.display()
                )))
            }
            _ => {}
        }
    }
    let development = matches!(proof.setup.origin, SetupOrigin::Development { .. });
    if key.key.is_none() && !development {
        return Err(Failure::Usage(format!(
            "the proof was made under {}; verify it with that key (--key KEY) or its verifier \
             preprocessing file",
            proof.setup.describe()
        )));
    }
    let loaded =
        load_program(&[program.to_path_buf()], &BuildOptions::default()).map_err(host_failure)?;
    match &key.key {
        Some(path) => Verifier::with_key(&loaded, proof.max_log_cycles, path).map_err(named),
        None => Verifier::development(&loaded, proof.max_log_cycles).map_err(named),
    }
}

fn main() -> ExitCode {
    let wants_json = std::env::args().any(|a| a == "--json");
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return if e.exit_code() == 0 {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                };
            }
            // clap's message, up to its usage section, as one line.
            let msg = e.to_string();
            let line = msg
                .lines()
                .take_while(|l| !l.starts_with("Usage:"))
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("tip:"))
                .collect::<Vec<_>>()
                .join(" ");
            let line = line.trim_start_matches("error: ");
            let failure = Failure::Usage(format!("{line} (see jolt --help)"));
            failure.report(wants_json);
            return failure.exit_code();
        }
    };
    let json = is_json(&cli.command);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.report(json);
            failure.exit_code()
        }
    }
}

/// The guest's debug prints, on stderr (they are not the program's output).
fn show_debug_output(text: &[u8]) {
    use std::io::Write;
    if !text.is_empty() {
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(text);
        if !text.ends_with(b"\n") {
            let _ = err.write_all(b"\n");
        }
    }
}
