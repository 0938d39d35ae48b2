//! The host side of `#[provable]` functions: what the generated
//! `build_*`, `prove_*`, `verify_*` and `analyze_*` call.
//!
//! [`Guest::build_once`] compiles the guest crate for RV32IM (cargo keeps
//! that incremental) and preprocesses it under a development setup; the
//! prover preprocessing is cached on disk under the crate's
//! `target/jolt-provable/`, named by a hash of the ELF and the options, so
//! a second run of the host skips the key derivation. Arguments and
//! results travel as postcard.

use crate::host::{read_file, HostError, Prover, Rejected, Verifier};
use crate::proof::{Proof, Statement};
use crate::{build_guest, BuildError, BuildOptions, GuestSource};
use jolt_core::memory_layout::{
    DEFAULT_MAX_INPUT, DEFAULT_MAX_OUTPUT, DEFAULT_RAM_SIZE, DEFAULT_STACK_SIZE,
};
use jolt_core::tracer::TraceOptions;
use jolt_core::{instruction_histogram, MemoryLayout, Program};
use serde::{de::DeserializeOwned, Serialize};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use thiserror::Error;

/// Traces of up to `2^DEFAULT_MAX_LOG_CYCLES` cycles unless the attribute
/// says `max_log_cycles`.
pub const DEFAULT_MAX_LOG_CYCLES: u64 = 20;

/// The attribute's options (`None`: the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub max_log_cycles: Option<u64>,
    pub ram_size: Option<u64>,
    pub stack_size: Option<u64>,
    pub max_input: Option<u64>,
    pub max_output: Option<u64>,
}

impl Options {
    fn layout(&self) -> Result<MemoryLayout, ProvableError> {
        let field = |v: Option<u64>, default: u32, name: &str| -> Result<u32, ProvableError> {
            v.map_or(Ok(default), |v| {
                u32::try_from(v).map_err(|_| {
                    ProvableError::Options(format!("{name} = {v} does not fit in 32 bits"))
                })
            })
        };
        MemoryLayout::with_stack(
            field(self.ram_size, DEFAULT_RAM_SIZE, "ram_size")?,
            field(self.stack_size, DEFAULT_STACK_SIZE, "stack_size")?,
            field(self.max_input, DEFAULT_MAX_INPUT, "max_input")?,
            field(self.max_output, DEFAULT_MAX_OUTPUT, "max_output")?,
        )
        .map_err(|e| ProvableError::Options(format!("bad memory layout: {e}")))
    }
}

/// Why a `#[provable]` call failed.
#[derive(Debug, Error)]
pub enum ProvableError {
    #[error("#[provable] options: {0}")]
    Options(String),
    #[error("building the guest: {0}")]
    Build(#[from] BuildError),
    #[error(transparent)]
    Host(#[from] HostError),
    #[error("the arguments or result do not encode: {0}")]
    Encode(String),
    #[error("the guest's output does not decode as the function's result type: {0}")]
    Decode(String),
    /// The guest panicked; the proof shows that it did.
    #[error("the guest panicked (the proof shows the panic)")]
    Panicked { proof: Box<Proof> },
    #[error(transparent)]
    Rejected(#[from] Rejected),
}

/// Postcard bytes of `value`.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, ProvableError> {
    postcard::to_allocvec(value).map_err(|e| ProvableError::Encode(e.to_string()))
}

/// `T` from postcard bytes.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ProvableError> {
    postcard::from_bytes(bytes).map_err(|e| ProvableError::Decode(e.to_string()))
}

/// What a run costs, without proving it.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// Cycles (bytecode rows, virtual ones included).
    pub cycles: u64,
    /// RV32IM instructions executed.
    pub instructions: u64,
    /// The share of cycles spent in virtual sequences (`1 - instructions /
    /// cycles`).
    pub virtual_share: f64,
    /// Instructions by mnemonic, most frequent first.
    pub histogram: Vec<(String, u64)>,
    pub panicked: bool,
    /// What the guest printed (`jolt_guest::println!`); not proven.
    pub debug_output: String,
}

/// A built, preprocessed guest.
pub struct Guest {
    name: String,
    elf: PathBuf,
    program: Program,
    prover: Prover,
    verifier: Verifier,
}

impl Guest {
    /// The guest in `cell`, built on first use from the crate at
    /// `manifest_dir`.
    pub fn build_once<'a>(
        cell: &'a OnceLock<Guest>,
        name: &str,
        manifest_dir: &str,
        options: Options,
    ) -> Result<&'a Guest, ProvableError> {
        if let Some(g) = cell.get() {
            return Ok(g);
        }
        let guest = Self::build(name, Path::new(manifest_dir), options)?;
        Ok(cell.get_or_init(|| guest))
    }

    /// Compiles the crate at `dir` and preprocesses it (development setup),
    /// reusing the cached prover preprocessing when the ELF and options are
    /// unchanged.
    pub fn build(name: &str, dir: &Path, options: Options) -> Result<Self, ProvableError> {
        let layout = options.layout()?;
        let max_log_cycles = options.max_log_cycles.unwrap_or(DEFAULT_MAX_LOG_CYCLES) as usize;
        // Guests may share one target directory (so `core` and `alloc`
        // compile once for all of them): the test script sets it.
        let target_dir = std::env::var_os("JOLT_GUEST_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| dir.join("target"));
        let elf = build_guest(
            &GuestSource::Rust(dir.to_path_buf()),
            &BuildOptions {
                layout,
                target_dir: Some(target_dir.clone()),
                output: None,
                verbose: false,
            },
        )?;
        let bytes = read_file(&elf)?;
        let program = Program::from_elf(&bytes, &layout).map_err(HostError::from)?;
        // The preprocessing file checks itself when loaded: the hash only
        // has to tell builds apart.
        let key = format!(
            "{:016x}",
            crate::build::fnv1a(&[&bytes, format!("{options:?}").as_bytes()])
        );
        let cache = target_dir
            .join("jolt-provable")
            .join(format!("{name}-{key}.prover"));
        let prover = match std::fs::read(&cache).ok().map(|b| Prover::from_bytes(&b)) {
            Some(Ok(prover)) => prover,
            // Absent or stale (another format version): make it again.
            _ => {
                let prover = Prover::development(program.clone(), max_log_cycles)?;
                if let Some(parent) = cache.parent() {
                    let _ = std::fs::create_dir_all(parent);
                }
                // A failed cache write only costs the next run time.
                let _ = std::fs::write(&cache, prover.preprocessing().to_bytes());
                prover
            }
        };
        let verifier = Verifier::from_preprocessing(prover.preprocessing());
        Ok(Self {
            name: name.to_string(),
            elf,
            program,
            prover,
            verifier,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The guest's ELF.
    pub fn elf(&self) -> &Path {
        &self.elf
    }

    pub fn prover(&self) -> &Prover {
        &self.prover
    }

    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// Proves a run on `input`: the output bytes and the proof, or
    /// [`ProvableError::Panicked`] with the proof of the panic.
    pub fn prove(&self, input: &[u8]) -> Result<(Vec<u8>, Proof), ProvableError> {
        let proved = self.prover.prove(input)?;
        if proved.proof.statement.panicked {
            return Err(ProvableError::Panicked {
                proof: Box::new(proved.proof),
            });
        }
        Ok((proved.proof.statement.output.clone(), proved.proof))
    }

    /// Checks that `proof` shows the guest halting on `input` with `output`.
    pub fn verify(
        &self,
        input: &[u8],
        output: &[u8],
        panicked: bool,
        proof: &Proof,
    ) -> Result<(), ProvableError> {
        let statement = Statement {
            input: input.to_vec(),
            output: output.to_vec(),
            panicked,
        };
        self.verifier.verify(proof, &statement)?;
        Ok(())
    }

    /// Runs on `input`, recording the trace, without proving.
    pub fn analyze(&self, input: &[u8]) -> Result<Analysis, ProvableError> {
        let trace = self
            .program
            .trace(input, &TraceOptions::default())
            .map_err(HostError::from)?;
        let mut histogram: Vec<(String, u64)> = instruction_histogram(&self.program, &trace)
            .into_iter()
            .map(|(name, n)| (name.to_string(), n))
            .collect();
        histogram.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let cycles = trace.cycles;
        let instructions = trace.instructions;
        Ok(Analysis {
            cycles,
            instructions,
            virtual_share: 1.0 - instructions as f64 / cycles.max(1) as f64,
            histogram,
            panicked: trace.panicked,
            debug_output: String::from_utf8_lossy(&trace.debug_output).into_owned(),
        })
    }
}

/// What an example's host prints after a proof: where the time went.
#[derive(Clone, Debug)]
pub struct Report {
    pub analysis: Analysis,
    pub prove: Duration,
    pub verify: Duration,
    pub proof_bytes: usize,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let a = &self.analysis;
        writeln!(
            f,
            "cycles: {} ({} instructions, {:.0} % of cycles in virtual sequences)",
            a.cycles,
            a.instructions,
            a.virtual_share * 100.0
        )?;
        write!(
            f,
            "prove: {:.2} s, verify: {:.1} ms, proof: {} bytes",
            self.prove.as_secs_f64(),
            self.verify.as_secs_f64() * 1e3,
            self.proof_bytes
        )
    }
}

/// The host side of an example: analyses, proves and verifies one call
/// (the three closures are the generated `analyze_`, `prove_` and
/// `verify_` functions applied to the same arguments) and returns the
/// proven result with the [`Report`]. The guest's debug prints go to
/// stderr.
pub fn prove_and_report<R>(
    analyze: impl FnOnce() -> Result<Analysis, ProvableError>,
    prove: impl FnOnce() -> Result<(R, Proof), ProvableError>,
    verify: impl FnOnce(&R, &Proof) -> Result<(), ProvableError>,
) -> Result<(R, Report), ProvableError> {
    let analysis = analyze()?;
    if !analysis.debug_output.is_empty() {
        eprint!("{}", analysis.debug_output);
    }
    let clock = Instant::now();
    let (result, proof) = prove()?;
    let prove = clock.elapsed();
    let clock = Instant::now();
    verify(&result, &proof)?;
    let verify = clock.elapsed();
    let report = Report {
        analysis,
        prove,
        verify,
        proof_bytes: proof.to_bytes().len(),
    };
    Ok((result, report))
}
