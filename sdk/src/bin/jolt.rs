//! The `jolt` command line: build guests and trace them.
//!
//! ```text
//! jolt build <PATH>... [-o ELF]      a Rust guest crate directory, or C files
//! jolt trace <ELF> [--input FILE | --input-hex HEX] [--max-cycles N] [--json]
//! ```
//! Every error exits with status 1 and one line on stderr saying what went
//! wrong (a failed compiler's log follows that line).
use clap::{Args, Parser, Subcommand};
use jolt_sdk::jolt_core::memory_layout::{
    DEFAULT_MAX_INPUT, DEFAULT_MAX_OUTPUT, DEFAULT_RAM_SIZE, DEFAULT_STACK_SIZE,
};
use jolt_sdk::jolt_core::tracer::DEFAULT_MAX_CYCLES;
use jolt_sdk::jolt_core::{
    instruction_histogram, layout_from_elf, MemoryLayout, Program, TraceOptions,
};
use jolt_sdk::{build_paths, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "jolt",
    version,
    about = "Build and run guest programs of the zkVM"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build a guest: a Rust guest crate directory, or one or more C files.
    Build {
        /// A Rust guest crate directory, or .c files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Where to write the ELF (default: the build's own path, printed).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Directory for intermediate files.
        #[arg(long)]
        target_dir: Option<PathBuf>,
        /// Show the compilers' output.
        #[arg(short, long)]
        verbose: bool,
        #[command(flatten)]
        layout: LayoutArgs,
    },
    /// Run a guest ELF and show what it did.
    Trace {
        /// The guest ELF.
        elf: PathBuf,
        /// Read the input bytes from this file.
        #[arg(long, conflicts_with = "input_hex")]
        input: Option<PathBuf>,
        /// The input bytes in hexadecimal.
        #[arg(long)]
        input_hex: Option<String>,
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

fn parse_hex(s: &str) -> Result<Vec<u8>, String> {
    let s = s.trim();
    let s = s.strip_prefix("0x").unwrap_or(s);
    if s.len() % 2 != 0 {
        return Err(format!(
            "--input-hex: odd number of hex digits ({})",
            s.len()
        ));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| {
            s.get(i..i + 2)
                .and_then(|d| u8::from_str_radix(d, 16).ok())
                .ok_or_else(|| format!("--input-hex: not a hex byte at offset {i}"))
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Cmd::Build {
            paths,
            output,
            target_dir,
            verbose,
            layout,
        } => {
            let opts = BuildOptions {
                layout: layout.layout(None)?,
                output,
                target_dir,
                verbose,
            };
            let elf = build_paths(&paths, &opts).map_err(|e| e.to_string())?;
            println!("{}", elf.display());
            Ok(())
        }
        Cmd::Trace {
            elf,
            input,
            input_hex,
            max_cycles,
            json,
            time,
            layout,
        } => {
            let bytes =
                std::fs::read(&elf).map_err(|e| format!("cannot read {}: {e}", elf.display()))?;
            let input = match (input, input_hex) {
                (Some(f), _) => std::fs::read(&f)
                    .map_err(|e| format!("cannot read input {}: {e}", f.display()))?,
                (None, Some(h)) => parse_hex(&h)?,
                (None, None) => Vec::new(),
            };
            let layout = layout.layout(layout_from_elf(&bytes))?;
            let program = Program::from_elf(&bytes, &layout)
                .map_err(|e| format!("{}: {e}", elf.display()))?;
            let opts = TraceOptions {
                max_cycles,
                ..Default::default()
            };
            let start = Instant::now();
            let trace = program.trace(&input, &opts).map_err(|e| e.to_string())?;
            let secs = start.elapsed().as_secs_f64();
            let rate = trace.cycles as f64 / secs.max(1e-9);
            if json {
                let mut obj = serde_json::json!({
                    "cycles": trace.cycles,
                    "instructions": trace.instructions,
                    "output_hex": hex(&trace.output),
                    "panicked": trace.panicked,
                });
                if time {
                    obj["seconds"] = serde_json::json!(secs);
                    obj["cycles_per_second"] = serde_json::json!(rate);
                }
                println!("{obj}");
            } else {
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
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
                || matches!(
                    e.kind(),
                    ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                )
            {
                let _ = e.print();
                return if e.exit_code() == 0 {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                };
            }
            let msg = e.to_string();
            let line = msg.lines().next().unwrap_or("bad arguments");
            eprintln!("{} (see jolt --help)", line.trim());
            return ExitCode::FAILURE;
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
