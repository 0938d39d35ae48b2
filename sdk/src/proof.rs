//! A proof as users hand it around: the zkVM proof together with the
//! statement it proves (input, output, panic flag) and the identity of the
//! preprocessing it was made under, in one self-describing file.
//!
//! The statement travels with the proof for convenience only: a verifier
//! decides which statement it checks (by default the one in the file, or
//! the input and output it is given), and the proof is checked against
//! that. The digest and the maximum trace length name the preprocessing,
//! so that a verifier holding only the program can rebuild a development
//! preprocessing and can say "this proof is for another program" instead
//! of a bare rejection; neither is trusted, since the transcript absorbs
//! the verifier's own digest first.
//!
//! File format (little-endian):
//!
//! ```text
//! magic "JOLTPRF\0" | version u32 | digest [32] | max_log_cycles u32
//! | setup record: len u32, bytes | input: len u32, bytes
//! | output: len u32, bytes | panicked u8 | the JoltProof's canonical bytes
//! ```

use crate::{Pcs, F};
use jolt_core::memory::MAX_LOG_ROWS;
use jolt_core::zkvm::{JoltProof, SetupRecord};
use thiserror::Error;

/// The first bytes of a proof file.
pub const PROOF_MAGIC: &[u8; 8] = b"JOLTPRF\0";
/// The proof file format this build reads and writes.
pub const PROOF_FORMAT_VERSION: u32 = 2;

/// The statement a proof shows (the one type every layer uses).
pub use jolt_core::Statement;

/// A zkVM proof with its statement and the preprocessing it was made under.
#[derive(Clone, Debug, PartialEq)]
pub struct Proof {
    /// The digest of the verifier preprocessing the proof was made under.
    pub digest: [u8; 32],
    /// That preprocessing's maximum trace length (log2 of the cycles).
    pub max_log_cycles: usize,
    /// That preprocessing's setup record (a label until a verifier checks
    /// the proof under its own preprocessing).
    pub setup: SetupRecord,
    pub statement: Statement,
    pub proof: JoltProof<F, Pcs>,
}

/// Why bytes are not a proof file.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ProofFileError {
    #[error("not a proof file (it does not start with \"JOLTPRF\"): give the file `jolt prove -o` wrote")]
    NotAProof,
    #[error("proof file format version {found}; this build reads version {expected} (prove again with this build)")]
    Version { found: u32, expected: u32 },
    #[error("the proof file is truncated: it ends inside {0}")]
    Truncated(&'static str),
    #[error("the proof file is corrupted: {0}")]
    Corrupted(String),
}

impl Proof {
    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(PROOF_MAGIC);
        out.extend_from_slice(&PROOF_FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&self.digest);
        out.extend_from_slice(&(self.max_log_cycles as u32).to_le_bytes());
        write_bytes(&mut out, &self.setup.to_bytes());
        write_bytes(&mut out, &self.statement.input);
        write_bytes(&mut out, &self.statement.output);
        out.push(self.statement.panicked as u8);
        out.extend_from_slice(&self.proof.to_bytes());
        out
    }

    /// Reads a proof file; anything else is an error naming the cause.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProofFileError> {
        if !bytes.starts_with(PROOF_MAGIC) {
            return Err(ProofFileError::NotAProof);
        }
        let mut r = Reader(&bytes[PROOF_MAGIC.len()..]);
        let version = r.u32("the version")?;
        if version != PROOF_FORMAT_VERSION {
            return Err(ProofFileError::Version {
                found: version,
                expected: PROOF_FORMAT_VERSION,
            });
        }
        let digest = r.take(32, "the digest")?.try_into().expect("32 bytes");
        let max_log_cycles = r.u32("the maximum trace length")? as usize;
        if !(1..=MAX_LOG_ROWS).contains(&max_log_cycles) {
            return Err(ProofFileError::Corrupted(format!(
                "its maximum trace length 2^{max_log_cycles} is outside 2^1..=2^{MAX_LOG_ROWS}"
            )));
        }
        let setup = SetupRecord::from_bytes(r.bytes("the setup record")?)
            .map_err(|e| ProofFileError::Corrupted(e.to_string()))?;
        let input = r.bytes("the input")?.to_vec();
        let output = r.bytes("the output")?.to_vec();
        let panicked = match r.take(1, "the panic flag")?[0] {
            0 => false,
            1 => true,
            v => return Err(ProofFileError::Corrupted(format!("panic flag {v}"))),
        };
        if r.0.is_empty() {
            return Err(ProofFileError::Truncated("the proof"));
        }
        let proof = JoltProof::from_bytes(r.0).map_err(|e| {
            ProofFileError::Corrupted(format!("the proof is truncated or altered ({e})"))
        })?;
        Ok(Self {
            digest,
            max_log_cycles,
            setup,
            statement: Statement {
                input,
                output,
                panicked,
            },
            proof,
        })
    }
}

fn write_bytes(out: &mut Vec<u8>, data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
}

/// Reads the file front to back; every read names what it reads, so a
/// short file says where it ends.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], ProofFileError> {
        if self.0.len() < n {
            return Err(ProofFileError::Truncated(what));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u32(&mut self, what: &'static str) -> Result<u32, ProofFileError> {
        Ok(u32::from_le_bytes(
            self.take(4, what)?.try_into().expect("4 bytes"),
        ))
    }

    fn bytes(&mut self, what: &'static str) -> Result<&'a [u8], ProofFileError> {
        let len = self.u32(what)? as usize;
        self.take(len, what)
    }
}
