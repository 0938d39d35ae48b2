//! Preprocessing: what prover and verifier derive from the program, its
//! memory layout and the maximum trace length, the setup it was made with,
//! and its file format.
//!
//! # What is stored, what is derived
//!
//! A preprocessing file stores the *sources* only: the loaded ELF (entry
//! point and segments), the memory layout, the maximum trace length, the
//! setup record and the key. Everything derived from them (the bytecode
//! with its static decode, the initial memory image, the subtables, the
//! constraint system) is recomputed by the build that reads the file, so a
//! file never carries a decode or a constraint system another build made.
//!
//! # File format (version 2)
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `JOLTPREP` |
//! | 4 | format version, little-endian |
//! | 1 | kind: `V` verifier, `P` prover |
//! | 1 + n | the commitment scheme's name (length, then UTF-8) |
//! | rest | body, then key (ark-serialize) |
//!
//! The body (compressed) is the maximum trace length, the layout's four
//! parameters, the entry point, the segments and the setup record (see
//! [`super::setup`]; checked on load against the key). The key
//! is the verifier key, compressed, or the prover key, uncompressed (reading
//! compressed points would cost a square root each, seconds at 2^20). The
//! header is checked before the body is parsed, so a wrong file, a file of
//! another format version, the other kind or another scheme each get their
//! own error. The reader accepts only the canonical encoding of a value: no
//! trailing bytes, nothing that re-encodes differently.
//!
//! # The digest
//!
//! [`VerifierPreprocessing::digest`] is a hash (merlin's STROBE) of the
//! verifier preprocessing's bytes. The proof's transcript absorbs it first,
//! so a proof is bound to the program, the layout, the maximum trace
//! length, the setup record and the verifier key before any challenge; a
//! proof made for any other preprocessing draws other challenges and fails.
//! The prover computes the same digest from its own preprocessing (its
//! verifier part is derived from it).

use std::sync::Arc;

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use lasso::field::Field;
use lasso::lookup::surge::SurgePreprocessing;
use lasso::pcs::CommitmentScheme;
use lasso::transcript::Transcript;
use thiserror::Error;

use crate::elf::{ElfError, ElfProgram, Segment};
use crate::lookups::lookup_preprocessing;
use crate::memory::{MemoryPreprocessing, MAX_LOG_ROWS};
use crate::memory_layout::{LayoutError, MemoryLayout};
use crate::r1cs::vm::vm_r1cs;
use crate::r1cs::UniformR1cs;
use crate::tracer::Program;

use super::setup::{Setup, SetupError, SetupOrigin, SetupRecord, DEVELOPMENT_SEED};

/// The first bytes of every preprocessing file.
pub const MAGIC: &[u8; 8] = b"JOLTPREP";
/// The file format this build reads and writes.
pub const FORMAT_VERSION: u32 = 2;
/// What prover and verifier both derive from the program and the maximum
/// trace length.
pub struct Preprocessing<F: Field> {
    pub memory: MemoryPreprocessing,
    pub lookups: SurgePreprocessing<F>,
    pub r1cs: UniformR1cs<F>,
    pub entry: u32,
    /// Traces of up to `2^max_log_cycles` cycles are proven.
    pub max_log_cycles: usize,
    /// The loaded ELF all of the above comes from.
    pub elf: ElfProgram,
}

impl<F: Field> Preprocessing<F> {
    /// # Errors
    /// If `max_log_cycles` is not in `1..=MAX_LOG_ROWS` (28), or the
    /// program does not fit its layout ([`ElfProgram::check`]: a program
    /// built with [`Program::from_loaded`] is not checked before).
    pub fn new(program: &Program, max_log_cycles: usize) -> Result<Self, PreprocessingError> {
        if !(1..=MAX_LOG_ROWS).contains(&max_log_cycles) {
            return Err(PreprocessingError::MaxLogCycles(max_log_cycles));
        }
        program.elf().check(program.layout())?;
        Ok(Self {
            memory: MemoryPreprocessing::new(program),
            lookups: lookup_preprocessing(),
            r1cs: vm_r1cs(program.layout()),
            entry: program.entry(),
            max_log_cycles,
            elf: program.elf().clone(),
        })
    }

    /// The number of variables a key must support for every polynomial
    /// fixed by the preprocessing: a full-length trace, the bytecode and
    /// the subtables. (The memory domain depends on the addresses a run
    /// touches; the prover reports a key too small for it.)
    pub fn key_num_vars(&self) -> usize {
        self.max_log_cycles
            .max(self.memory.bytecode.log_size())
            .max(self.lookups.log_m())
    }

    fn body(&self, setup: &Setup) -> Body {
        let layout = &self.memory.layout;
        Body {
            max_log_cycles: self.max_log_cycles as u32,
            ram_size: layout.ram_size(),
            stack_size: layout.stack_size(),
            max_input: layout.max_input(),
            max_output: layout.max_output(),
            entry: self.elf.entry,
            segments: self
                .elf
                .segments
                .iter()
                .map(|s| SegmentRecord {
                    vaddr: s.vaddr,
                    mem_size: s.mem_size,
                    executable: s.executable,
                    writable: s.writable,
                    data: s.data.clone(),
                })
                .collect(),
            setup: setup.to_bytes(),
        }
    }
}

/// The prover's preprocessing: the shared part, the program to run, the
/// commitment key and the setup it came from.
/// Its parts are read-only (getters), so the digest always matches them.
pub struct ProverPreprocessing<F: Field, PCS: CommitmentScheme<F>> {
    /// Shared with the verifier preprocessings derived from this one.
    shared: Arc<Preprocessing<F>>,
    program: Program,
    pk: PCS::ProverKey,
    setup: Setup,
    digest: [u8; 32],
}

/// The verifier's preprocessing: the shared part, the verifier key and the
/// setup record.
/// Its parts are read-only (getters), so the digest always matches them.
pub struct VerifierPreprocessing<F: Field, PCS: CommitmentScheme<F>> {
    shared: Arc<Preprocessing<F>>,
    vk: PCS::VerifierKey,
    setup: Setup,
    digest: [u8; 32],
    /// Whether the caller accepts proofs under a development key (never
    /// stored: every loaded or derived preprocessing starts refusing).
    allow_development_key: bool,
}

impl<F: Field, PCS: CommitmentScheme<F>> ProverPreprocessing<F, PCS> {
    /// Preprocesses `program` for traces of up to `2^max_log_cycles`
    /// cycles, with `pk` (which must support every polynomial the proofs
    /// commit: the trace, the bytecode, the memory domain and the
    /// subtables; the prover says which is too large) from `origin`. The
    /// setup record names the key by its identity; a key whose secret is
    /// the development seed's is recorded as development whatever `origin`
    /// says.
    pub fn new(
        program: Program,
        max_log_cycles: usize,
        pk: PCS::ProverKey,
        origin: SetupOrigin,
    ) -> Result<Self, PreprocessingError> {
        let vk = PCS::verifier_key(&pk);
        let setup = Setup::for_key::<F, PCS>(origin, &vk);
        Self::with_setup(program, max_log_cycles, pk, setup)
    }

    fn with_setup(
        program: Program,
        max_log_cycles: usize,
        pk: PCS::ProverKey,
        setup: Setup,
    ) -> Result<Self, PreprocessingError> {
        let shared = Arc::new(Preprocessing::new(&program, max_log_cycles)?);
        Ok(Self::from_parts(shared, program, pk, setup))
    }

    /// The preprocessing of `program` from its shared part (made from it).
    fn from_parts(
        shared: Arc<Preprocessing<F>>,
        program: Program,
        pk: PCS::ProverKey,
        setup: Setup,
    ) -> Self {
        let digest = digest(&verifier_bytes::<F, PCS>(
            &shared,
            &setup,
            &PCS::verifier_key(&pk),
        ));
        Self {
            shared,
            program,
            pk,
            setup,
            digest,
        }
    }

    /// [`ProverPreprocessing::new`] with a key derived from
    /// [`DEVELOPMENT_SEED`], sized by [`Preprocessing::key_num_vars`].
    /// **Anyone can forge proofs under this key**: for tests and
    /// development only (the setup record says so).
    pub fn development(
        program: Program,
        max_log_cycles: usize,
    ) -> Result<Self, PreprocessingError> {
        Self::sized_key(program, max_log_cycles, |n| {
            let pk = PCS::setup_from_seed(n, DEVELOPMENT_SEED);
            let setup =
                Setup::for_key::<F, PCS>(SetupOrigin::development(), &PCS::verifier_key(&pk));
            Ok((pk, setup))
        })
    }

    /// [`ProverPreprocessing::new`] with the key of the key file at `key`
    /// (`jolt setup`), read only as far as
    /// [`Preprocessing::key_num_vars`] needs, its setup record checked.
    pub fn from_key_file(
        program: Program,
        max_log_cycles: usize,
        key: &std::path::Path,
    ) -> Result<Self, PreprocessingError> {
        Self::sized_key(program, max_log_cycles, |n| {
            Ok(super::setup::read_key_file::<F, PCS>(key, Some(n))?)
        })
    }

    /// Decodes `program` once, then takes the key (and its setup) that
    /// `key` gives for [`Preprocessing::key_num_vars`] variables.
    fn sized_key(
        program: Program,
        max_log_cycles: usize,
        key: impl FnOnce(usize) -> Result<(PCS::ProverKey, Setup), PreprocessingError>,
    ) -> Result<Self, PreprocessingError> {
        let shared = Arc::new(Preprocessing::<F>::new(&program, max_log_cycles)?);
        let (pk, setup) = key(shared.key_num_vars())?;
        Ok(Self::from_parts(shared, program, pk, setup))
    }

    pub fn shared(&self) -> &Preprocessing<F> {
        &self.shared
    }

    /// The program the prover runs.
    pub fn program(&self) -> &Program {
        &self.program
    }

    pub fn pk(&self) -> &PCS::ProverKey {
        &self.pk
    }

    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// The digest of the verifier preprocessing (see the module docs).
    pub fn digest(&self) -> [u8; 32] {
        self.digest
    }

    /// The verifier's side, sharing the decoded program (which, like every
    /// verifier preprocessing, refuses proofs under a development key until
    /// [`VerifierPreprocessing::allow_insecure_development_key`]).
    pub fn verifier(&self) -> VerifierPreprocessing<F, PCS> {
        VerifierPreprocessing {
            shared: Arc::clone(&self.shared),
            vk: PCS::verifier_key(&self.pk),
            setup: self.setup.clone(),
            digest: self.digest,
            allow_development_key: false,
        }
    }

    /// The file format (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = header::<F, PCS>(Kind::Prover);
        write(&mut bytes, &self.shared.body(&self.setup), Compress::Yes);
        write(&mut bytes, &self.pk, Compress::No);
        bytes
    }

    /// Reads the file format; anything else is an error naming the cause.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, PreprocessingError> {
        let (body, key) = read_header::<F, PCS>(bytes, Kind::Prover)?;
        let mut reader = key;
        let pk = PCS::ProverKey::deserialize_with_mode(&mut reader, Compress::No, Validate::Yes)
            .map_err(|e| PreprocessingError::Malformed(format!("prover key: {e}")))?;
        let (program, max_log_cycles, record) = body.into_program(reader)?;
        let setup = record.check::<F, PCS>(&PCS::verifier_key(&pk))?;
        let pre = Self::with_setup(program, max_log_cycles, pk, setup)?;
        canonical(bytes, &pre.to_bytes())?;
        Ok(pre)
    }
}

impl<F: Field, PCS: CommitmentScheme<F>> VerifierPreprocessing<F, PCS> {
    /// The verifier side of [`ProverPreprocessing::development`] (the same
    /// digest), without deriving the prover key: what a verifier of
    /// development proofs needs, in milliseconds.
    pub fn development(
        program: &Program,
        max_log_cycles: usize,
    ) -> Result<Self, PreprocessingError> {
        let shared = Arc::new(Preprocessing::<F>::new(program, max_log_cycles)?);
        let vk = PCS::verifier_key_from_seed(shared.key_num_vars(), DEVELOPMENT_SEED);
        let setup = Setup::for_key::<F, PCS>(SetupOrigin::development(), &vk);
        let digest = digest(&verifier_bytes::<F, PCS>(&shared, &setup, &vk));
        Ok(Self {
            shared,
            vk,
            setup,
            digest,
            allow_development_key: false,
        })
    }

    /// Accepts proofs under a development key, whose secret anyone can
    /// recompute (so anyone can forge them). Only for tests, examples and
    /// development: without it, [`crate::zkvm::verify`] refuses every proof
    /// under such a key, whatever the key's label says.
    pub fn allow_insecure_development_key(mut self) -> Self {
        self.allow_development_key = true;
        self
    }

    /// Whether [`Self::allow_insecure_development_key`] was called.
    pub fn allows_development_key(&self) -> bool {
        self.allow_development_key
    }

    pub fn shared(&self) -> &Preprocessing<F> {
        &self.shared
    }

    pub fn vk(&self) -> &PCS::VerifierKey {
        &self.vk
    }

    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// The digest the transcript absorbs first (see the module docs).
    pub fn digest(&self) -> [u8; 32] {
        self.digest
    }

    /// The file format (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        verifier_bytes::<F, PCS>(&self.shared, &self.setup, &self.vk)
    }

    /// Reads the file format; anything else is an error naming the cause.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, PreprocessingError> {
        let (body, key) = read_header::<F, PCS>(bytes, Kind::Verifier)?;
        let mut reader = key;
        let vk = PCS::VerifierKey::deserialize_with_mode(&mut reader, Compress::Yes, Validate::Yes)
            .map_err(|e| PreprocessingError::Malformed(format!("verifier key: {e}")))?;
        let (program, max_log_cycles, record) = body.into_program(reader)?;
        let setup = record.check::<F, PCS>(&vk)?;
        let shared = Arc::new(Preprocessing::new(&program, max_log_cycles)?);
        let encoded = verifier_bytes::<F, PCS>(&shared, &setup, &vk);
        canonical(bytes, &encoded)?;
        Ok(Self {
            shared,
            vk,
            setup,
            digest: digest(&encoded),
            allow_development_key: false,
        })
    }
}

/// Why a program could not be preprocessed, or a preprocessing file not
/// read.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum PreprocessingError {
    #[error("the maximum trace length 2^{0} is outside 2^1..=2^{MAX_LOG_ROWS}")]
    MaxLogCycles(usize),
    #[error("not a preprocessing file (it does not start with {:?})", std::str::from_utf8(MAGIC).unwrap())]
    NotPreprocessing,
    #[error(
        "preprocessing file format version {found}, but this build reads version {supported}: \
         preprocess the program again with this build"
    )]
    Version { found: u32, supported: u32 },
    #[error("this is a {found} preprocessing file; a {expected} preprocessing file is needed")]
    WrongKind {
        found: &'static str,
        expected: &'static str,
    },
    #[error("the preprocessing is for the commitment scheme {found:?}, but this build uses {expected:?}")]
    Scheme {
        found: String,
        expected: &'static str,
    },
    #[error("malformed preprocessing file: {0}")]
    Malformed(String),
    #[error("the memory layout is invalid: {0}")]
    Layout(#[from] LayoutError),
    #[error("the program does not fit its memory layout: {0}")]
    Elf(#[from] ElfError),
    #[error("the setup: {0}")]
    Setup(#[from] SetupError),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Verifier,
    Prover,
}

impl Kind {
    fn byte(self) -> u8 {
        match self {
            Kind::Verifier => b'V',
            Kind::Prover => b'P',
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Verifier => "verifier",
            Kind::Prover => "prover",
        }
    }
}

/// The body of a preprocessing file: the sources of everything derived.
#[derive(CanonicalSerialize, CanonicalDeserialize)]
struct Body {
    max_log_cycles: u32,
    ram_size: u32,
    stack_size: u32,
    max_input: u32,
    max_output: u32,
    entry: u32,
    segments: Vec<SegmentRecord>,
    setup: Vec<u8>,
}

#[derive(CanonicalSerialize, CanonicalDeserialize)]
struct SegmentRecord {
    vaddr: u32,
    mem_size: u32,
    executable: bool,
    writable: bool,
    data: Vec<u8>,
}

impl Body {
    /// Rebuilds and checks the program (as loading its ELF would), once the
    /// key has been read from `rest`, which must then be empty.
    fn into_program(
        self,
        rest: &[u8],
    ) -> Result<(Program, usize, SetupRecord), PreprocessingError> {
        if !rest.is_empty() {
            return Err(PreprocessingError::Malformed(format!(
                "{} trailing bytes",
                rest.len()
            )));
        }
        let layout = MemoryLayout::with_stack(
            self.ram_size,
            self.stack_size,
            self.max_input,
            self.max_output,
        )?;
        let elf = ElfProgram {
            entry: self.entry,
            segments: self
                .segments
                .into_iter()
                .map(|s| Segment {
                    vaddr: s.vaddr,
                    data: s.data,
                    mem_size: s.mem_size,
                    executable: s.executable,
                    writable: s.writable,
                })
                .collect(),
        };
        elf.check(&layout)?;
        let setup = SetupRecord::from_bytes(&self.setup)?;
        Ok((
            Program::from_loaded(&elf, &layout),
            self.max_log_cycles as usize,
            setup,
        ))
    }
}

fn header<F: Field, PCS: CommitmentScheme<F>>(kind: Kind) -> Vec<u8> {
    let mut bytes = MAGIC.to_vec();
    bytes.extend(FORMAT_VERSION.to_le_bytes());
    bytes.push(kind.byte());
    bytes.push(PCS::NAME.len() as u8);
    bytes.extend(PCS::NAME.as_bytes());
    bytes
}

fn write<T: CanonicalSerialize>(bytes: &mut Vec<u8>, value: &T, compress: Compress) {
    value
        .serialize_with_mode(bytes, compress)
        .expect("serializing into a Vec cannot fail");
}

fn verifier_bytes<F: Field, PCS: CommitmentScheme<F>>(
    shared: &Preprocessing<F>,
    setup: &Setup,
    vk: &PCS::VerifierKey,
) -> Vec<u8> {
    let mut bytes = header::<F, PCS>(Kind::Verifier);
    write(&mut bytes, &shared.body(setup), Compress::Yes);
    write(&mut bytes, vk, Compress::Yes);
    bytes
}

/// Checks the header and parses the body; returns it and the key's bytes.
fn read_header<F: Field, PCS: CommitmentScheme<F>>(
    bytes: &[u8],
    expected: Kind,
) -> Result<(Body, &[u8]), PreprocessingError> {
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or(PreprocessingError::NotPreprocessing)?;
    let truncated = || PreprocessingError::Malformed("truncated header".into());
    let (version, rest) = rest.split_first_chunk::<4>().ok_or_else(truncated)?;
    let found = u32::from_le_bytes(*version);
    if found != FORMAT_VERSION {
        return Err(PreprocessingError::Version {
            found,
            supported: FORMAT_VERSION,
        });
    }
    let (&kind, rest) = rest.split_first().ok_or_else(truncated)?;
    let kind = [Kind::Verifier, Kind::Prover]
        .into_iter()
        .find(|k| k.byte() == kind)
        .ok_or_else(|| PreprocessingError::Malformed(format!("unknown kind byte {kind:#04x}")))?;
    if kind != expected {
        return Err(PreprocessingError::WrongKind {
            found: kind.name(),
            expected: expected.name(),
        });
    }
    let (&len, rest) = rest.split_first().ok_or_else(truncated)?;
    let name = rest.get(..len as usize).ok_or_else(truncated)?;
    if name != PCS::NAME.as_bytes() {
        return Err(PreprocessingError::Scheme {
            found: String::from_utf8_lossy(name).into_owned(),
            expected: PCS::NAME,
        });
    }
    let mut reader = &rest[len as usize..];
    let body = Body::deserialize_with_mode(&mut reader, Compress::Yes, Validate::Yes)
        .map_err(|e| PreprocessingError::Malformed(format!("body: {e}")))?;
    Ok((body, reader))
}

/// One preprocessing, one encoding: refuses bytes that do not re-encode to
/// themselves.
fn canonical(bytes: &[u8], encoded: &[u8]) -> Result<(), PreprocessingError> {
    if bytes == encoded {
        Ok(())
    } else {
        Err(PreprocessingError::Malformed(
            "not the canonical encoding of its contents".into(),
        ))
    }
}

fn digest(verifier_bytes: &[u8]) -> [u8; 32] {
    let mut transcript = Transcript::new(b"jolt preprocessing digest");
    transcript.append_bytes(b"verifier preprocessing", verifier_bytes);
    transcript.challenge_bytes(b"digest")
}
