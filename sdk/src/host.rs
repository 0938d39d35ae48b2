//! The host API: load a program (an ELF, or sources the sdk builds), then
//! prove runs of it with a [`Prover`] and check proofs with a [`Verifier`].
//!
//! ```no_run
//! use jolt_sdk::host::{load_program, setup_from_ptau, Prover, Verifier};
//! use std::path::Path;
//! # fn main() -> Result<(), jolt_sdk::host::HostError> {
//! // Once: convert a powers-of-tau ceremony file into a key file.
//! setup_from_ptau(Path::new("ceremony.ptau"), Path::new("jolt.key"), None)?;
//! let program = load_program(&["guest.elf".into()], &Default::default())?;
//! let key = Path::new("jolt.key");
//! let prover = Prover::with_key(program.clone(), 16, key)?;
//! let proved = prover.prove(&5u32.to_le_bytes())?;
//! let verifier = Verifier::with_key(&program, 16, key)?;
//! verifier.verify(&proved.proof, &proved.proof.statement).expect("a valid proof");
//! # Ok(()) }
//! ```
//!
//! Development preprocessings ([`Prover::development`]) derive their key
//! from a public seed: anyone can forge proofs under them. A [`Verifier`]
//! refuses every proof under such a key (whatever the key's label says)
//! unless its caller opts in with
//! [`Verifier::allow_insecure_development_key`].

use crate::proof::{Proof, Statement};
use crate::{build_paths, BuildError, BuildOptions, Pcs, F};
use jolt_core::memory::MemoryDomain;
use jolt_core::tracer::{RamAccess, TraceError, TraceOptions};
use jolt_core::zkvm::setup::{self as key_file, write_key_header};
use jolt_core::zkvm::{
    self, PreprocessingError, ProveError, ProverPreprocessing, ProverTimings, Setup, SetupError,
    SetupOrigin, SetupRecord, VerifierPreprocessing, VerifyError,
};
use jolt_core::{layout_from_elf, Program};
use lasso::pcs::hyperkzg::ptau::{blake2b_512_file, PtauError, PtauFile};
use lasso::pcs::hyperkzg::HyperKzgVerifierKey;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use thiserror::Error;

/// The smallest maximum trace length [`log_cycles_for`] picks: the
/// subtables already need a key of 2^16, so shorter bounds save nothing.
pub const MIN_LOG_CYCLES: usize = 16;

/// Why a host operation failed (never "the proof is wrong": that is
/// [`Rejected`]).
#[derive(Debug, Error)]
pub enum HostError {
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {detail}")]
    NotAProgram { path: PathBuf, detail: String },
    #[error(transparent)]
    Trace(#[from] TraceError),
    #[error(transparent)]
    Preprocessing(#[from] PreprocessingError),
    #[error(transparent)]
    Prove(#[from] ProveError),
    #[error("the key file {path}: {source}")]
    Key { path: PathBuf, source: SetupError },
    #[error("the ceremony file {path}: {source}")]
    Ptau { path: PathBuf, source: PtauError },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Why a verifier rejects a proof.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum Rejected {
    #[error(
        "the proof is for another program or preprocessing (its digest {found} is not this \
         preprocessing's {expected}): verify with the program and maximum trace length it was \
         proven for"
    )]
    OtherPreprocessing { found: String, expected: String },
    #[error(transparent)]
    Invalid(#[from] VerifyError),
}

/// What the first bytes of a file say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Elf,
    ProverPreprocessing,
    VerifierPreprocessing,
    Proof,
    Other,
}

impl FileKind {
    pub fn of(bytes: &[u8]) -> Self {
        if bytes.starts_with(b"\x7fELF") {
            FileKind::Elf
        } else if bytes.starts_with(crate::proof::PROOF_MAGIC) {
            FileKind::Proof
        } else if bytes.starts_with(zkvm::MAGIC) {
            // The header's kind byte follows the magic and the version.
            match bytes.get(zkvm::MAGIC.len() + 4) {
                Some(b'P') => FileKind::ProverPreprocessing,
                _ => FileKind::VerifierPreprocessing,
            }
        } else {
            FileKind::Other
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FileKind::Elf => "an ELF",
            FileKind::ProverPreprocessing => "a prover preprocessing file",
            FileKind::VerifierPreprocessing => "a verifier preprocessing file",
            FileKind::Proof => "a proof file",
            FileKind::Other => "not an ELF, preprocessing or proof file",
        }
    }
}

/// Reads a file, naming it in the error.
pub fn read_file(path: &Path) -> Result<Vec<u8>, HostError> {
    std::fs::read(path).map_err(|source| HostError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Loads an ELF: its layout comes from its `__jolt_*` symbols when it has
/// them (every sdk build does), else the default layout.
pub fn program_from_elf(path: &Path, bytes: &[u8]) -> Result<Program, HostError> {
    let layout = layout_from_elf(bytes).unwrap_or_default();
    Program::from_elf(bytes, &layout).map_err(|e| HostError::NotAProgram {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })
}

/// The program `paths` name: one ELF file, or sources the sdk builds (a
/// Rust guest crate directory, or C and assembly files) with `build`.
pub fn load_program(paths: &[PathBuf], build: &BuildOptions) -> Result<Program, HostError> {
    let elf = match paths {
        [one] if one.is_file() => {
            let bytes = read_file(one)?;
            match FileKind::of(&bytes) {
                FileKind::Elf => return program_from_elf(one, &bytes),
                FileKind::Other => build_paths(paths, build)?,
                kind => {
                    return Err(HostError::NotAProgram {
                        path: one.clone(),
                        detail: format!(
                            "this is {}, not a program: give an ELF, a guest crate directory or \
                             C/assembly files",
                            kind.name()
                        ),
                    })
                }
            }
        }
        _ => build_paths(paths, build)?,
    };
    program_from_elf(&elf, &read_file(&elf)?)
}

/// The maximum trace length a development preprocessing needs for a run
/// on `input`: log2 of its cycles rounded up, or of its memory domain
/// when that is larger (the key commits to both, and the domain follows
/// the addresses the run touches), at least [`MIN_LOG_CYCLES`]. Runs the
/// guest once, recording its trace.
pub fn log_cycles_for(
    program: &Program,
    input: &[u8],
    max_cycles: u64,
) -> Result<usize, HostError> {
    let opts = TraceOptions {
        max_cycles,
        ..Default::default()
    };
    let trace = program.trace(input, &opts)?;
    let touched = trace.rows.iter().filter_map(|r| match r.ram(program) {
        RamAccess::None => None,
        RamAccess::Read { address, .. } | RamAccess::Write { address, .. } => Some(address),
    });
    let domain = MemoryDomain::covering(program.layout(), touched).log_size();
    let cycles = trace.cycles.max(2).next_power_of_two().trailing_zeros() as usize;
    Ok(cycles.max(domain).max(MIN_LOG_CYCLES))
}

/// Proves runs of one program under one preprocessing.
pub struct Prover {
    pre: ProverPreprocessing<F, Pcs>,
}

/// What [`Prover::prove`] returns: the proof (with its statement) and where
/// the time went.
pub struct Proved {
    pub proof: Proof,
    /// Where the time went, and the run's cycles.
    pub timings: ProverTimings,
}

impl Prover {
    /// A development preprocessing (the key from the public seed: anyone
    /// can forge proofs) for traces of up to `2^max_log_cycles` cycles.
    pub fn development(program: Program, max_log_cycles: usize) -> Result<Self, HostError> {
        Ok(Self {
            pre: ProverPreprocessing::development(program, max_log_cycles)?,
        })
    }

    /// A preprocessing for traces of up to `2^max_log_cycles` cycles under
    /// the key file at `key` (from [`setup_from_ptau`]), cut to the size
    /// the preprocessing needs.
    pub fn with_key(
        program: Program,
        max_log_cycles: usize,
        key: &Path,
    ) -> Result<Self, HostError> {
        let pre = ProverPreprocessing::from_key_file(program, max_log_cycles, key).map_err(
            |e| match e {
                PreprocessingError::Setup(source) => HostError::Key {
                    path: key.to_path_buf(),
                    source,
                },
                e => e.into(),
            },
        )?;
        Ok(Self { pre })
    }

    /// A prover preprocessing file (`jolt preprocess`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, HostError> {
        Ok(Self {
            pre: ProverPreprocessing::from_bytes(bytes)?,
        })
    }

    pub fn preprocessing(&self) -> &ProverPreprocessing<F, Pcs> {
        &self.pre
    }

    pub fn setup(&self) -> &Setup {
        self.pre.setup()
    }

    /// Runs the program on `input` and proves the run.
    pub fn prove(&self, input: &[u8]) -> Result<Proved, HostError> {
        let ((output, panicked, proof), timings) = zkvm::prove_with_timings(&self.pre, input)?;
        Ok(Proved {
            proof: Proof {
                digest: self.pre.digest(),
                max_log_cycles: self.pre.shared().max_log_cycles,
                setup: self.pre.setup().record(),
                statement: Statement {
                    input: input.to_vec(),
                    output,
                    panicked,
                },
                proof,
            },
            timings,
        })
    }
}

/// Checks proofs of one program under one preprocessing.
pub struct Verifier {
    pre: VerifierPreprocessing<F, Pcs>,
}

impl Verifier {
    /// The verifier of [`Prover::development`]`(program, max_log_cycles)`
    /// (derived in milliseconds: no prover key is made). It refuses every
    /// proof until [`Verifier::allow_insecure_development_key`].
    pub fn development(program: &Program, max_log_cycles: usize) -> Result<Self, HostError> {
        Ok(Self {
            pre: VerifierPreprocessing::development(program, max_log_cycles)?,
        })
    }

    /// The verifier of [`Prover::with_key`]`(program, max_log_cycles, key)`.
    pub fn with_key(
        program: &Program,
        max_log_cycles: usize,
        key: &Path,
    ) -> Result<Self, HostError> {
        Ok(Self::from_preprocessing(
            Prover::with_key(program.clone(), max_log_cycles, key)?.preprocessing(),
        ))
    }

    /// Accepts proofs under a development key, which anyone can forge:
    /// for tests, examples and development only. Without it, [`Self::verify`]
    /// rejects every proof under such a key.
    pub fn allow_insecure_development_key(self) -> Self {
        Self {
            pre: self.pre.allow_insecure_development_key(),
        }
    }

    /// A verifier preprocessing file (`jolt preprocess`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, HostError> {
        Ok(Self {
            pre: VerifierPreprocessing::from_bytes(bytes)?,
        })
    }

    /// The verifier side of a prover preprocessing.
    pub fn from_preprocessing(pre: &ProverPreprocessing<F, Pcs>) -> Self {
        Self {
            pre: pre.verifier(),
        }
    }

    pub fn preprocessing(&self) -> &VerifierPreprocessing<F, Pcs> {
        &self.pre
    }

    pub fn setup(&self) -> &Setup {
        self.pre.setup()
    }

    /// Checks that `proof` shows `statement` (usually the proof's own, or
    /// the input and output the caller expects) under this preprocessing.
    pub fn verify(&self, proof: &Proof, statement: &Statement) -> Result<Duration, Rejected> {
        let clock = Instant::now();
        if proof.digest != self.pre.digest() {
            return Err(Rejected::OtherPreprocessing {
                found: hex(&proof.digest),
                expected: hex(&self.pre.digest()),
            });
        }
        zkvm::verify(&self.pre, statement, &proof.proof)?;
        Ok(clock.elapsed())
    }
}

/// What [`setup_from_ptau`] made.
#[derive(Clone, Debug)]
pub struct KeySummary {
    /// The key's record (its identity and the ceremony file it came from).
    pub setup: Setup,
    /// Polynomials of up to this many variables can be committed.
    pub max_num_vars: usize,
    /// The key file's size.
    pub bytes: u64,
}

/// Converts a powers-of-tau ceremony file (`.ptau`, as snarkjs and the
/// Perpetual Powers of Tau publish them, BN254) into a key file at `out`
/// for polynomials of up to `max_num_vars` variables (default: all the
/// file has). Streams: the ceremony file is never held in memory. Every
/// point is checked on the curve and in its subgroup, and a randomised
/// pairing check shows the G1 powers are successive powers of the secret
/// in `tau G2`. The file is written next to `out` and renamed into place
/// once complete.
pub fn setup_from_ptau(
    ptau: &Path,
    out: &Path,
    max_num_vars: Option<usize>,
) -> Result<KeySummary, HostError> {
    use std::io::Write;
    let ptau_err = |source| HostError::Ptau {
        path: ptau.to_path_buf(),
        source,
    };
    let write_err = |source| HostError::Write {
        path: out.to_path_buf(),
        source,
    };
    let mut file = PtauFile::open(ptau).map_err(ptau_err)?;
    let num_vars = max_num_vars.unwrap_or(file.max_num_vars());
    let (g2, tau_g2) = file.tau_g2().map_err(ptau_err)?;
    let vk = HyperKzgVerifierKey {
        g1: ark_ec::AffineRepr::generator(),
        g2,
        tau_g2,
        max_num_vars: num_vars as u64,
    };
    let name = ptau
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| ptau.display().to_string());
    let origin = SetupOrigin::Ceremony {
        name,
        file_blake2b: blake2b_512_file(ptau).map_err(ptau_err)?.to_vec(),
    };
    let setup = Setup::for_key::<F, Pcs>(origin, &vk);
    let partial = out.with_extension("partial");
    let written = (|| {
        let mut w = std::io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(&partial).map_err(write_err)?,
        );
        write_key_header::<F, Pcs>(&mut w, &setup.record()).map_err(write_err)?;
        file.write_srs(num_vars, &mut w).map_err(ptau_err)?;
        w.flush().map_err(write_err)
    })();
    if let Err(e) = written {
        // A refused or interrupted conversion leaves nothing behind.
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, out).map_err(write_err)?;
    let bytes = std::fs::metadata(out).map_err(write_err)?.len();
    Ok(KeySummary {
        setup,
        max_num_vars: num_vars,
        bytes,
    })
}

/// The setup record at the head of a key file, checked only for its form
/// (the key itself is read, and the record checked against it, when a
/// prover or verifier is made from the file).
pub fn key_file_record(key: &Path) -> Result<SetupRecord, HostError> {
    let mut f = std::fs::File::open(key).map_err(|source| HostError::Read {
        path: key.to_path_buf(),
        source,
    })?;
    key_file::read_key_record::<F, Pcs>(&mut f).map_err(|source| HostError::Key {
        path: key.to_path_buf(),
        source,
    })
}

/// The machine a figure was measured on (every benchmark states it).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Machine {
    pub cores: usize,
    pub cpu: String,
    pub memory_mib: u64,
}

impl Machine {
    /// This machine (from /proc on Linux; "unknown" elsewhere).
    pub fn this() -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .map(|l| l.trim_start_matches([' ', '\t', ':']).trim().to_string())
            .unwrap_or_else(|| "unknown CPU".into());
        let memory_kib: u64 = std::fs::read_to_string("/proc/meminfo")
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0);
        Self {
            cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
            cpu,
            memory_mib: memory_kib / 1024,
        }
    }

    /// One line: "2 cores, AMD EPYC ..., 24 GiB".
    pub fn describe(&self) -> String {
        format!(
            "{} core{}, {}, {:.0} GiB",
            self.cores,
            if self.cores == 1 { "" } else { "s" },
            self.cpu,
            self.memory_mib as f64 / 1024.0
        )
    }
}

/// This process's peak resident memory in MiB (Linux's `VmHWM`; 0 where
/// /proc is absent).
pub fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Lower-case hexadecimal.
pub use jolt_core::zkvm::setup::hex;
