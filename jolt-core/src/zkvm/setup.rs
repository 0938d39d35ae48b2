//! The setup: which commitment key a preprocessing uses, where it came
//! from, and the key file that carries it.
//!
//! # What a setup record says, and what binds it
//!
//! A [`Setup`] is the key's *identity* (`key_id`: SHA-256 of the scheme's
//! [`CommitmentScheme::key_identity`], for HyperKZG the points `G1`, `G2`
//! and `tau G2`) and its *origin*: the development seed, or the ceremony
//! file it was converted from (name and BLAKE2b-512 of the file, the hash
//! snarkjs publishes). Every file that carries a record (key file,
//! preprocessing files) is checked on load: the record's `key_id` must be
//! the hash of the key the file holds. The origin is a label; the identity
//! is not, so a reader compares the `key_id` with the one it trusts (the
//! one `jolt setup` printed for the ceremony file it converted).
//!
//! Whether proofs under a key can be forged is decided from the key, not
//! from the label: [`Setup::for_key`] marks a key as development when its
//! secret is the one [`DEVELOPMENT_SEED`] gives (or the label says so),
//! whatever the label claims. A verifier refuses such a key unless its
//! caller opted in (`VerifierPreprocessing::allow_insecure_development_key`).
//!
//! # Key file format (version 1)
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `JOLTKEY\0` |
//! | 4 | format version, little-endian |
//! | 1 + n | the commitment scheme's name (length, then UTF-8) |
//! | 4 + m | the setup record (length, then its encoding) |
//! | rest | the prover key, uncompressed (ark-serialize) |
//!
//! The prover key comes last so that a converter can stream it (a 2^24
//! key is a gigabyte) after a header it knows up front.

use std::io::{BufReader, Read, Write};
use std::path::Path;

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use lasso::field::Field;
use lasso::pcs::CommitmentScheme;
use sha2::{Digest, Sha256};
use thiserror::Error;

/// The seed development keys derive their secret from: public, so anyone
/// can forge proofs under such a key.
pub const DEVELOPMENT_SEED: &[u8] = b"jolt development setup";
/// The first bytes of every key file.
pub const KEY_MAGIC: &[u8; 8] = b"JOLTKEY\0";
/// The key file format this build reads and writes.
pub const KEY_FORMAT_VERSION: u32 = 1;

/// Where a key came from (a label: see the module docs for what binds it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetupOrigin {
    /// Derived from a public seed: anyone who knows the seed can prove
    /// anything. For tests and development only.
    Development { seed: Vec<u8> },
    /// Converted from a powers-of-tau ceremony file: its name and its
    /// BLAKE2b-512 hash.
    Ceremony { name: String, file_blake2b: Vec<u8> },
}

impl SetupOrigin {
    /// The origin of keys derived from [`DEVELOPMENT_SEED`].
    pub fn development() -> Self {
        SetupOrigin::Development {
            seed: DEVELOPMENT_SEED.to_vec(),
        }
    }
}

/// A key's identity and origin, as files record it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setup {
    origin: SetupOrigin,
    key_id: [u8; 32],
    development: bool,
}

/// SHA-256 of the key's identity bytes.
pub fn key_id<F: Field, PCS: CommitmentScheme<F>>(vk: &PCS::VerifierKey) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(PCS::NAME.as_bytes());
    h.update([0]);
    h.update(PCS::key_identity(vk));
    h.finalize().into()
}

impl Setup {
    /// The record of `vk` with this origin: the identity is computed, and
    /// the key is recognised as development if its secret is the
    /// development seed's, whatever `origin` says.
    pub fn for_key<F: Field, PCS: CommitmentScheme<F>>(
        origin: SetupOrigin,
        vk: &PCS::VerifierKey,
    ) -> Self {
        let development = matches!(origin, SetupOrigin::Development { .. })
            || PCS::derived_from_seed(vk, DEVELOPMENT_SEED);
        Self {
            origin,
            key_id: key_id::<F, PCS>(vk),
            development,
        }
    }

    /// A record read from a file, checked against the key the file holds.
    fn checked<F: Field, PCS: CommitmentScheme<F>>(
        record: SetupRecord,
        vk: &PCS::VerifierKey,
    ) -> Result<Self, SetupError> {
        let setup = Self::for_key::<F, PCS>(record.origin, vk);
        if setup.key_id != record.key_id {
            return Err(SetupError::KeyIdMismatch {
                recorded: hex(&record.key_id),
                actual: hex(&setup.key_id),
            });
        }
        Ok(setup)
    }

    pub fn origin(&self) -> &SetupOrigin {
        &self.origin
    }

    /// SHA-256 of the key's identity (see the module docs).
    pub fn key_id(&self) -> [u8; 32] {
        self.key_id
    }

    /// Whether anyone can forge proofs under this key: its secret is the
    /// development seed's, or its label says development.
    pub fn is_development(&self) -> bool {
        self.development
    }

    /// One line for users: which key, where from, and what proofs under it
    /// are worth.
    pub fn describe(&self) -> String {
        let id = hex(&self.key_id);
        match &self.origin {
            SetupOrigin::Development { seed } => format!(
                "the development key {id} (from the public seed {:?}): anyone can forge proofs \
                 under it; for tests and development only",
                String::from_utf8_lossy(seed)
            ),
            SetupOrigin::Ceremony { name, .. } if self.development => format!(
                "the development key {id}, labelled as converted from the ceremony file \
                 {name:?}, which it is not: anyone can forge proofs under it"
            ),
            SetupOrigin::Ceremony { name, file_blake2b } => format!(
                "key {id} converted from the ceremony file {name:?} (BLAKE2b-512 {})",
                hex(file_blake2b)
            ),
        }
    }

    /// The record files carry (and a proof file shows).
    pub fn record(&self) -> SetupRecord {
        SetupRecord {
            origin: self.origin.clone(),
            key_id: self.key_id,
        }
    }

    /// The record's encoding, as every file carries it.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.record().to_bytes()
    }
}

/// A setup record as read from a file, before it is checked against a key
/// (a proof file carries one for display only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupRecord {
    pub origin: SetupOrigin,
    pub key_id: [u8; 32],
}

#[derive(CanonicalSerialize, CanonicalDeserialize)]
struct RecordBytes {
    kind: u8,
    label: Vec<u8>,
    file_hash: Vec<u8>,
    key_id: Vec<u8>,
}

impl SetupRecord {
    pub fn to_bytes(&self) -> Vec<u8> {
        let (kind, label, file_hash) = match &self.origin {
            SetupOrigin::Development { seed } => (0, seed.clone(), Vec::new()),
            SetupOrigin::Ceremony { name, file_blake2b } => {
                (1, name.as_bytes().to_vec(), file_blake2b.clone())
            }
        };
        let mut out = Vec::new();
        RecordBytes {
            kind,
            label,
            file_hash,
            key_id: self.key_id.to_vec(),
        }
        .serialize_compressed(&mut out)
        .expect("serializing into a Vec cannot fail");
        out
    }

    /// Reads exactly one record's encoding.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SetupError> {
        let mut reader = bytes;
        let r = RecordBytes::deserialize_compressed(&mut reader)
            .map_err(|e| SetupError::Malformed(format!("setup record: {e}")))?;
        if !reader.is_empty() {
            return Err(SetupError::Malformed("setup record: trailing bytes".into()));
        }
        let key_id: [u8; 32] = r
            .key_id
            .try_into()
            .map_err(|_| SetupError::Malformed("setup record: key id is not 32 bytes".into()))?;
        let origin = match r.kind {
            0 if r.file_hash.is_empty() => SetupOrigin::Development { seed: r.label },
            1 if r.file_hash.len() == 64 => SetupOrigin::Ceremony {
                name: String::from_utf8(r.label).map_err(|_| {
                    SetupError::Malformed("setup record: ceremony name is not UTF-8".into())
                })?,
                file_blake2b: r.file_hash,
            },
            k => {
                return Err(SetupError::Malformed(format!(
                    "setup record: unknown kind {k} (or a hash of the wrong length)"
                )))
            }
        };
        Ok(Self { origin, key_id })
    }

    /// Checks the record against the key a file holds.
    pub fn check<F: Field, PCS: CommitmentScheme<F>>(
        self,
        vk: &PCS::VerifierKey,
    ) -> Result<Setup, SetupError> {
        Setup::checked::<F, PCS>(self, vk)
    }

    /// One line for a record not yet checked against a key.
    pub fn describe(&self) -> String {
        let id = hex(&self.key_id);
        match &self.origin {
            SetupOrigin::Development { .. } => format!("the development key {id}"),
            SetupOrigin::Ceremony { name, .. } => {
                format!("key {id} converted from the ceremony file {name:?}")
            }
        }
    }
}

/// Why a key file or setup record was refused.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SetupError {
    #[error("cannot read it ({detail})")]
    Io { path: String, detail: String },
    #[error("not a key file (it does not start with \"JOLTKEY\"): make one with `jolt setup`")]
    NotAKey,
    #[error("key file format version {found}; this build reads version {supported} (convert the ceremony file again with `jolt setup`)")]
    Version { found: u32, supported: u32 },
    #[error("the key is for the commitment scheme {found:?}, but this build uses {expected:?}")]
    Scheme {
        found: String,
        expected: &'static str,
    },
    #[error(
        "the setup record names key {recorded}, but the key held is {actual}: the file was \
         altered or mislabelled"
    )]
    KeyIdMismatch { recorded: String, actual: String },
    #[error("the key supports polynomials of 2^{available} entries; 2^{needed} are needed (convert a larger ceremony file)")]
    TooSmall { needed: usize, available: usize },
    #[error("malformed key file: {0}")]
    Malformed(String),
}

/// The header of a key file holding a key with this record (the prover
/// key's bytes follow it).
pub fn write_key_header<F: Field, PCS: CommitmentScheme<F>>(
    out: &mut impl Write,
    record: &SetupRecord,
) -> std::io::Result<()> {
    out.write_all(KEY_MAGIC)?;
    out.write_all(&KEY_FORMAT_VERSION.to_le_bytes())?;
    out.write_all(&[PCS::NAME.len() as u8])?;
    out.write_all(PCS::NAME.as_bytes())?;
    let record = record.to_bytes();
    out.write_all(&(record.len() as u32).to_le_bytes())?;
    out.write_all(&record)
}

/// Reads a key file's header: the record, unchecked (cheap: the key is
/// not read).
pub fn read_key_record<F: Field, PCS: CommitmentScheme<F>>(
    reader: &mut impl Read,
) -> Result<SetupRecord, SetupError> {
    let mut take = |n: usize, what: &str| -> Result<Vec<u8>, SetupError> {
        let mut buf = vec![0; n];
        reader
            .read_exact(&mut buf)
            .map_err(|_| SetupError::Malformed(format!("truncated inside {what}")))?;
        Ok(buf)
    };
    if take(8, "the magic").map_err(|_| SetupError::NotAKey)? != KEY_MAGIC {
        return Err(SetupError::NotAKey);
    }
    let version = u32::from_le_bytes(take(4, "the version")?.try_into().expect("4 bytes"));
    if version != KEY_FORMAT_VERSION {
        return Err(SetupError::Version {
            found: version,
            supported: KEY_FORMAT_VERSION,
        });
    }
    let len = take(1, "the scheme name")?[0] as usize;
    let name = take(len, "the scheme name")?;
    if name != PCS::NAME.as_bytes() {
        return Err(SetupError::Scheme {
            found: String::from_utf8_lossy(&name).into_owned(),
            expected: PCS::NAME,
        });
    }
    let len = u32::from_le_bytes(take(4, "the setup record")?.try_into().expect("4 bytes"));
    if len > 1 << 16 {
        return Err(SetupError::Malformed(format!(
            "a setup record of {len} bytes"
        )));
    }
    SetupRecord::from_bytes(&take(len as usize, "the setup record")?)
}

/// Reads a key file: the prover key (every point validated), cut to
/// `max_num_vars` variables when given (without reading the powers past
/// them), and its setup, checked against the key.
pub fn read_key_file<F: Field, PCS: CommitmentScheme<F>>(
    path: &Path,
    max_num_vars: Option<usize>,
) -> Result<(PCS::ProverKey, Setup), SetupError> {
    let io = |e: std::io::Error| SetupError::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let mut reader = BufReader::with_capacity(1 << 20, std::fs::File::open(path).map_err(io)?);
    let record = read_key_record::<F, PCS>(&mut reader)?;
    let pk = PCS::read_prover_key(&mut reader, max_num_vars)
        .map_err(|e| SetupError::Malformed(format!("the key: {e}")))?;
    let mut rest = [0u8; 1];
    if reader.read(&mut rest).map_err(io)? != 0 {
        return Err(SetupError::Malformed("trailing bytes after the key".into()));
    }
    let setup = record.check::<F, PCS>(&PCS::verifier_key(&pk))?;
    let pk = match max_num_vars {
        None => pk,
        Some(n) => PCS::trim(&pk, n).ok_or(SetupError::TooSmall {
            needed: n,
            available: PCS::max_num_vars(&pk),
        })?,
    };
    Ok((pk, setup))
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
