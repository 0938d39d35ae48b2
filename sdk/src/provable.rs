//! The host side of `#[provable]` functions: what the generated
//! `build_*`, `prove_*`, `verify_*` and `analyze_*` call.
//!
//! [`Guest::build_once`] compiles the guest crate for RV32IM (cargo keeps
//! that incremental) and preprocesses it under the key file named by the
//! environment variable [`KEY_ENV`] (made by `jolt setup`), or else under
//! the development key, whose secret is public (it says so once on
//! stderr). Proofs under the development key are refused by the generated
//! `verify_*` unless the host called [`allow_insecure_development_key`].
//! The prover preprocessing is cached on disk under the crate's
//! `target/jolt-provable/`, named by a SHA-256 of the ELF, the options and
//! the key's identity, and used only if it holds the program just built
//! under that key, so a second run of the host skips the key derivation.
//! Arguments and results travel as postcard.

use crate::host::{key_file_record, read_file, HostError, Prover, Rejected, Verifier};
use crate::proof::{Proof, Statement};
use crate::{build_guest, BuildError, BuildOptions, GuestSource};
use jolt_core::memory_layout::{
    DEFAULT_MAX_INPUT, DEFAULT_MAX_OUTPUT, DEFAULT_RAM_SIZE, DEFAULT_STACK_SIZE,
};
use jolt_core::tracer::TraceOptions;
use jolt_core::{instruction_histogram, MemoryLayout, Program};
use serde::{de::DeserializeOwned, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use thiserror::Error;

/// Traces of up to `2^DEFAULT_MAX_LOG_CYCLES` cycles unless the attribute
/// says `max_log_cycles`.
pub const DEFAULT_MAX_LOG_CYCLES: u64 = 20;

/// The environment variable naming the key file (`jolt setup`) that
/// `#[provable]` functions prove and verify under.
pub const KEY_ENV: &str = "JOLT_KEY";

static ALLOW_DEVELOPMENT_KEY: AtomicBool = AtomicBool::new(false);

/// Lets this process's `verify_*` functions accept proofs under the
/// development key, whose secret is public: anyone can forge such proofs.
/// For tests, examples and development only; call it where the reason is
/// written down.
pub fn allow_insecure_development_key() {
    ALLOW_DEVELOPMENT_KEY.store(true, Ordering::SeqCst);
}

/// Whether [`allow_insecure_development_key`] was called.
pub fn development_key_allowed() -> bool {
    ALLOW_DEVELOPMENT_KEY.load(Ordering::SeqCst)
}

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

    /// Compiles the crate at `dir` and preprocesses it (under the key file
    /// [`KEY_ENV`] names, else the development key), reusing the cached
    /// prover preprocessing when the ELF, the options and the key are
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
        let key_file = std::env::var_os(KEY_ENV).map(PathBuf::from);
        let key_id = match &key_file {
            Some(path) => Some(
                key_file_record(path)
                    .map_err(|e| {
                        ProvableError::Options(format!("{KEY_ENV}={}: {e}", path.display()))
                    })?
                    .key_id,
            ),
            None => {
                static NOTICE: std::sync::Once = std::sync::Once::new();
                NOTICE.call_once(|| {
                    eprintln!(
                        "note: #[provable] proves under the development key, whose secret is \
                         public (anyone can forge its proofs); set {KEY_ENV} to a key file from \
                         `jolt setup` for proofs that mean something"
                    )
                });
                None
            }
        };
        let cache = target_dir.join("jolt-provable").join(format!(
            "{name}-{}.prover",
            cache_name(&bytes, &options, key_id.as_ref())
        ));
        let cached = cached_prover(&cache, &program, max_log_cycles, key_id.as_ref());
        let prover = match cached {
            Some(prover) => prover,
            None => {
                let prover = match &key_file {
                    Some(path) => Prover::with_key(program.clone(), max_log_cycles, path)?,
                    None => Prover::development(program.clone(), max_log_cycles)?,
                };
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

    /// Checks that `proof` shows the guest halting on `input` with `output`
    /// (under the development key only after
    /// [`allow_insecure_development_key`]).
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
        if development_key_allowed() {
            // Cheap: the verifier shares the prover's decoded program.
            Verifier::from_preprocessing(self.prover.preprocessing())
                .allow_insecure_development_key()
                .verify(proof, &statement)?;
        } else {
            self.verifier.verify(proof, &statement)?;
        }
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

/// The prover preprocessing cached at `path`, if it holds `program` for
/// `max_log_cycles` under the key `key_id` names (none: the development
/// key). The file's name is a hash, not a proof: anything else in it (a
/// stale or foreign file, another program) is ignored.
pub fn cached_prover(
    path: &Path,
    program: &Program,
    max_log_cycles: usize,
    key_id: Option<&[u8; 32]>,
) -> Option<Prover> {
    let prover = Prover::from_bytes(&std::fs::read(path).ok()?).ok()?;
    let pre = prover.preprocessing();
    let same = pre.program().elf() == program.elf()
        && pre.program().layout() == program.layout()
        && pre.shared().max_log_cycles == max_log_cycles
        && match key_id {
            Some(id) => pre.setup().key_id() == *id,
            None => pre.setup().is_development(),
        };
    same.then_some(prover)
}

/// The cache file's name: SHA-256 of the ELF, the options and the key's
/// identity (none: the development key).
fn cache_name(elf: &[u8], options: &Options, key_id: Option<&[u8; 32]>) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [
        elf,
        format!("{options:?}").as_bytes(),
        key_id.map_or(&b"development"[..], |id| &id[..]),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    let digest: [u8; 32] = h.finalize().into();
    crate::host::hex(&digest[..16])
}

/// The `main` of an example host: runs `run`, printing its error and
/// exiting with status 1 on failure. Without a key file (`JOLT_KEY`, from
/// `jolt setup`) the examples prove under the development key, whose
/// secret is public; a demo accepts such proofs knowingly (the note on
/// stderr says what they are worth), so this opts in
/// ([`allow_insecure_development_key`]) for the examples, and only for them.
pub fn example_main(run: fn() -> Result<(), Box<dyn std::error::Error>>) {
    allow_insecure_development_key();
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
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
