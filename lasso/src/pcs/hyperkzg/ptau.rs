//! Reading snarkjs powers-of-tau (`.ptau`) ceremony files into a
//! [`HyperKzgSrs`].
//!
//! A `.ptau` file is the output of a powers-of-tau ceremony run with snarkjs
//! (`snarkjs powersoftau new / contribute / beacon`), such as the Hermez
//! files whose BLAKE2b-512 hashes the snarkjs README publishes. It holds
//! `tau^i G1` and `tau^i G2` for a secret `tau` that no single contributor
//! knows. HyperKZG needs `tau^i G1` for `i < 2^n` and `tau G2`; this module
//! streams exactly those out of the file, checks them, and writes them in the
//! [`HyperKzgSrs`] serialization.
//!
//! # Layout read
//!
//! (Checked against snarkjs 0.7.6: `binfileutils` `createBinFile` /
//! `startWriteSection`, `powersoftau_utils.js` `writePTauHeader`,
//! `powersoftau_new.js` and `powersoftau_contribute.js`, and against files it
//! wrote.) All integers are little-endian.
//!
//! ```text
//! magic        "ptau"                                       4 bytes
//! version      u32 (1)                                      4 bytes
//! nSections    u32                                          4 bytes
//! nSections times, in any order:
//!   type       u32                                          4 bytes
//!   size       u64                                          8 bytes
//!   data       `size` bytes
//! section 1 (header):
//!   n8         u32: bytes per base-field element (32 for BN254)
//!   q          the base-field modulus, n8 bytes LE
//!   power      u32: the file holds 2^power (G2) powers
//!   ceremonyPower u32: the power of the ceremony it was cut from
//! section 2 (tauG1): 2^(power+1) - 1 points tau^i G1, 2 n8 bytes each
//! section 3 (tauG2): 2^power points tau^i G2, 4 n8 bytes each
//! sections 4..7 (alpha, beta, contributions) and, after
//! `prepare phase2`, 12..15 (Lagrange bases): not read here.
//! ```
//!
//! A G1 point is `x, y`; a G2 point is `x.c0, x.c1, y.c0, y.c1` (the real
//! part of each `Fq2` coordinate first). Every coordinate is written as its
//! Montgomery form `value * 2^256 mod q`, n8 bytes little-endian (the wasm
//! field's in-memory representation, written as it is: ffjavascript's
//! `toRprLEM`). The point at infinity is all-zero bytes (`x = y = 0`, which
//! is on neither curve since `b != 0`).
//!
//! # Checks
//!
//! * The file: the magic, version 1, a section table that stays inside the
//!   file and ends exactly at its end, exactly one each of sections 1, 2 and
//!   3, a header of exactly `12 + n8` bytes, and sections 2 and 3 of exactly
//!   the sizes `power` gives them. Any other size, a missing or duplicated
//!   section or a truncation is an error that names it; nothing is allocated
//!   from a length before it has been checked against the file's size.
//! * The curve: `n8 = 32` and `q` the BN254 base-field modulus (snarkjs's
//!   `bn128`); anything else is [`PtauError::OtherCurve`].
//! * The points read: every coordinate below `q`; every point on its curve
//!   and not the identity; the two G2 points in the prime-order subgroup (G1
//!   has cofactor 1); `tauG1[0] = G1` and `tauG2[0] = G2` (the standard
//!   arkworks / Ethereum generators, which snarkjs uses); and
//!   `tauG2[1] = tau G2` not in `{0, G2, -G2}`, i.e. `tau` not 0, 1 or -1.
//! * The powers: a randomised pairing check (below) that the `2^n` G1 points
//!   converted are `tau^i G1` for the `tau` of `tauG2[1]`.
//!
//! The contributions' transcript (section 7) is not verified here: that is
//! `snarkjs powersoftau verify`. What the pairing check proves is that the
//! file is a well-formed SRS for *some* `tau`; that nobody knows `tau` rests
//! on the ceremony, so use a file whose hash ([`blake2b_512_file`]) matches
//! one published by a ceremony you trust.
//!
//! # Soundness of the randomised pairing check
//!
//! Let `P_0 .. P_{n-1}` be the converted G1 points and `T = tauG2[1]`, with
//! `tauG2[0] = G2` checked. G2 has prime order `r`, so `T = tau G2` for a
//! unique `tau` in `Fr`, and `D_i = P_{i+1} - tau P_i` (`i < n-1`) are well
//! defined points of G1 (also of order `r`). After the points are read, fresh
//! coefficients `c_0 .. c_{n-2}` are drawn uniformly from `Fr` (a ChaCha20
//! stream seeded from the operating system), and the check is
//!
//! ```text
//! e(A, G2) = e(B, T)   with  A = sum_i c_i P_{i+1},  B = sum_i c_i P_i,
//! ```
//!
//! i.e. `e(A - tau B, G2) = 1`, i.e. (the pairing being non-degenerate)
//! `sum_i c_i D_i = 0`. If every `D_i = 0` the check passes, and then
//! `P_i = tau^i P_0 = tau^i G1` for all `i`. If some `D_k = d_k G1` with
//! `d_k != 0`, writing `D_i = d_i G1` the check passes iff
//! `sum_i c_i d_i = 0 mod r`, a nonzero linear equation in the `c_i`, which a
//! uniform `c` (drawn independently of the `d_i`, which are fixed by the
//! bytes already read) satisfies with probability exactly `1/r < 2^-253`.
//! `A` and `B` are accumulated chunk by chunk (`A` takes `c_{j-1} P_j`,
//! `B` takes `c_j P_j`), so the check costs two MSMs over the points and
//! one two-term multi-pairing, and the memory is that of one chunk.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use ark_bn254::{Bn254, Fq, Fq2, Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::pairing::Pairing;
use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ff::{BigInt, BigInteger, PrimeField, UniformRand, Zero};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use rayon::prelude::*;
use thiserror::Error;

use super::srs::HyperKzgSrs;

const MAGIC: &[u8; 4] = b"ptau";
const VERSION: u32 = 1;
const SECTION_HEADER: u32 = 1;
const SECTION_TAU_G1: u32 = 2;
const SECTION_TAU_G2: u32 = 3;
/// Bytes of one BN254 base-field element.
const N8: usize = 32;
/// Bytes of one G1 point in the file (x, y) and in the SRS (uncompressed).
const G1_BYTES: usize = 2 * N8;
/// Bytes of one G2 point in the file (x.c0, x.c1, y.c0, y.c1).
const G2_BYTES: usize = 4 * N8;
/// G1 points converted per chunk: 4 MiB of file, 4 MiB of output.
const CHUNK_POINTS: usize = 1 << 16;
/// Largest `n8` looked at (snarkjs's largest curve, BLS12-381, has 48).
const MAX_N8: u32 = 1024;
/// Largest power accepted (keeps every size computation far from overflow;
/// a file of power 40 would already be 140 TB).
const MAX_POWER: u32 = 48;

/// Why a ptau file could not be read or converted.
#[derive(Debug, Error)]
pub enum PtauError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("not a ptau file: it starts with {found:?}, not \"ptau\"")]
    NotPtau { found: [u8; 4] },
    #[error("unsupported ptau file version {0} (only version 1 exists)")]
    Version(u32),
    #[error("truncated ptau file: {0}")]
    Truncated(String),
    #[error("malformed ptau file: {0}")]
    Malformed(String),
    #[error("ptau file for another curve: {0}")]
    OtherCurve(String),
    #[error("invalid ptau file: {0}")]
    Invalid(String),
    #[error(
        "the ptau file's G1 powers are not successive powers of the secret in its tau G2 \
         (randomised pairing check failed)"
    )]
    Inconsistent,
    #[error(
        "the ptau file supports at most {available} variables (2^{available} G1 powers), \
         {needed} were asked for"
    )]
    TooSmall { needed: usize, available: usize },
}

impl PtauError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        PtauError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    fn output(source: std::io::Error) -> Self {
        PtauError::Io {
            path: "the SRS output".into(),
            source,
        }
    }
}

/// An open `.ptau` file whose header and section table have been checked.
#[derive(Debug)]
pub struct PtauFile {
    file: File,
    path: PathBuf,
    len: u64,
    power: u32,
    ceremony_power: u32,
    /// Offset of the first tauG1 point.
    tau_g1_start: u64,
    /// Offset of the first tauG2 point.
    tau_g2_start: u64,
}

/// A section's data: where it starts and how long it is.
#[derive(Clone, Copy)]
struct Section {
    start: u64,
    size: u64,
}

/// Sequential reads from the section table, with bounds checked against the
/// file's length before reading.
struct TableReader<'a> {
    inner: std::io::BufReader<&'a File>,
    pos: u64,
    len: u64,
    path: &'a Path,
}

impl TableReader<'_> {
    fn read<const K: usize>(&mut self, what: &dyn Fn() -> String) -> Result<[u8; K], PtauError> {
        if self.len - self.pos < K as u64 {
            return Err(PtauError::Truncated(format!(
                "{} needs bytes {}..{}, but the file has {} bytes",
                what(),
                self.pos,
                self.pos + K as u64,
                self.len
            )));
        }
        let mut buf = [0u8; K];
        read_exact(&mut self.inner, &mut buf, self.path, what)?;
        self.pos += K as u64;
        Ok(buf)
    }

    fn u32(&mut self, what: &dyn Fn() -> String) -> Result<u32, PtauError> {
        self.read::<4>(what).map(u32::from_le_bytes)
    }

    fn u64(&mut self, what: &dyn Fn() -> String) -> Result<u64, PtauError> {
        self.read::<8>(what).map(u64::from_le_bytes)
    }

    /// Skips `n` bytes, already checked to be inside the file.
    fn skip(&mut self, n: u64) -> Result<(), PtauError> {
        debug_assert!(n <= self.len - self.pos);
        let n = i64::try_from(n).expect("bounded by the file length");
        self.inner
            .seek_relative(n)
            .map_err(|e| PtauError::io(self.path, e))?;
        self.pos += n as u64;
        Ok(())
    }
}

/// `read_exact`, with an early end of file reported as a truncation (the
/// file may shrink after it was opened).
fn read_exact(
    r: &mut impl Read,
    buf: &mut [u8],
    path: &Path,
    what: &dyn Fn() -> String,
) -> Result<(), PtauError> {
    r.read_exact(buf).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            PtauError::Truncated(format!("the file ended while reading {}", what()))
        } else {
            PtauError::io(path, e)
        }
    })
}

fn section_name(ty: u32) -> &'static str {
    match ty {
        SECTION_HEADER => "section 1 (header)",
        SECTION_TAU_G1 => "section 2 (tauG1)",
        SECTION_TAU_G2 => "section 3 (tauG2)",
        _ => "section",
    }
}

/// A modulus as big-endian hex (`n8` little-endian bytes in).
fn modulus_hex(le: &[u8]) -> String {
    let hex: String = le.iter().rev().map(|b| format!("{b:02x}")).collect();
    let trimmed = hex.trim_start_matches('0');
    format!("0x{}", if trimmed.is_empty() { "0" } else { trimmed })
}

/// The BLS12-381 base-field modulus, big-endian hex, to name the curve of
/// snarkjs's other common ceremony files.
const BLS12_381_Q_HEX: &str = "0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab";

/// A base-field element from its Montgomery form (`N8` bytes LE), or `None`
/// when that is not below the modulus.
fn fq_from_montgomery_le(bytes: &[u8]) -> Option<Fq> {
    let mut limbs = [0u64; 4];
    for (limb, b) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
        *limb = u64::from_le_bytes(b.try_into().expect("8 bytes"));
    }
    let mont = BigInt::new(limbs);
    (mont < Fq::MODULUS).then(|| Fq::new_unchecked(mont))
}

/// A point of G1 as snarkjs writes it (`G1_BYTES` bytes; all zeros is the
/// identity), checked to be on the curve (so in the group: the cofactor is
/// 1). The error says why not.
fn decode_g1(bytes: &[u8]) -> Result<G1Affine, &'static str> {
    let (x, y) = bytes.split_at(N8);
    let (Some(x), Some(y)) = (fq_from_montgomery_le(x), fq_from_montgomery_le(y)) else {
        return Err("a coordinate is not below the field modulus");
    };
    if x.is_zero() && y.is_zero() {
        return Ok(G1Affine::zero());
    }
    let p = G1Affine::new_unchecked(x, y);
    if !p.is_on_curve() {
        return Err("not on the BN254 G1 curve");
    }
    Ok(p)
}

/// A point of G2 as snarkjs writes it (`G2_BYTES` bytes; all zeros is the
/// identity), checked to be on the curve and in the prime-order subgroup.
fn decode_g2(bytes: &[u8]) -> Result<G2Affine, &'static str> {
    let mut c = [Fq::zero(); 4];
    for (c, b) in c.iter_mut().zip(bytes.chunks_exact(N8)) {
        *c = fq_from_montgomery_le(b).ok_or("a coordinate is not below the field modulus")?;
    }
    if c.iter().all(Zero::is_zero) {
        return Ok(G2Affine::zero());
    }
    let p = G2Affine::new_unchecked(Fq2::new(c[0], c[1]), Fq2::new(c[2], c[3]));
    if !p.is_on_curve() {
        return Err("not on the BN254 G2 curve");
    }
    if !p.is_in_correct_subgroup_assuming_on_curve() {
        return Err("not in the prime-order subgroup of BN254 G2");
    }
    Ok(p)
}

impl PtauFile {
    /// Opens a ptau file and checks its header and section table (see the
    /// module docs); reads no points.
    pub fn open(path: &Path) -> Result<Self, PtauError> {
        let file = File::open(path).map_err(|e| PtauError::io(path, e))?;
        let len = file.metadata().map_err(|e| PtauError::io(path, e))?.len();
        let mut r = TableReader {
            inner: std::io::BufReader::new(&file),
            pos: 0,
            len,
            path,
        };

        let magic = r.read::<4>(&|| "the magic \"ptau\"".into())?;
        if &magic != MAGIC {
            return Err(PtauError::NotPtau { found: magic });
        }
        let version = r.u32(&|| "the version".into())?;
        if version != VERSION {
            return Err(PtauError::Version(version));
        }
        let num_sections = r.u32(&|| "the number of sections".into())?;

        // Each section header takes 12 bytes of the file, so this loop ends
        // (with an error) after at most len / 12 rounds.
        let mut found: [Option<Section>; 3] = [None; 3];
        for i in 0..num_sections {
            let what = || format!("the header of section table entry {i} (of {num_sections})");
            let ty = r.u32(&what)?;
            let size = r.u64(&what)?;
            let start = r.pos;
            if size > len - start {
                return Err(PtauError::Truncated(format!(
                    "{} (table entry {i}) claims {size} bytes from offset {start}, \
                     but the file ends {} bytes after it",
                    section_name(ty),
                    len - start
                )));
            }
            if (SECTION_HEADER..=SECTION_TAU_G2).contains(&ty) {
                let slot = &mut found[(ty - SECTION_HEADER) as usize];
                if slot.is_some() {
                    return Err(PtauError::Malformed(format!(
                        "{} appears more than once",
                        section_name(ty)
                    )));
                }
                *slot = Some(Section { start, size });
            }
            r.skip(size)?;
        }
        if r.pos != len {
            return Err(PtauError::Malformed(format!(
                "{} bytes after the last of the {num_sections} sections",
                len - r.pos
            )));
        }
        let [header, tau_g1, tau_g2] = [SECTION_HEADER, SECTION_TAU_G1, SECTION_TAU_G2].map(|ty| {
            found[(ty - SECTION_HEADER) as usize]
                .ok_or_else(|| PtauError::Malformed(format!("no {}", section_name(ty))))
        });
        let (header, tau_g1, tau_g2) = (header?, tau_g1?, tau_g2?);
        drop(r);

        let mut file = file;
        let (power, ceremony_power) = read_header(&mut file, path, header)?;

        // Exact sizes (u128: no overflow for any power up to MAX_POWER).
        let num_g1 = (1u128 << (power + 1)) - 1;
        let num_g2 = 1u128 << power;
        for (section, ty, count, bytes) in [
            (tau_g1, SECTION_TAU_G1, num_g1, G1_BYTES),
            (tau_g2, SECTION_TAU_G2, num_g2, G2_BYTES),
        ] {
            let expected = count * bytes as u128;
            if u128::from(section.size) != expected {
                return Err(PtauError::Malformed(format!(
                    "{} is {} bytes, but power {power} needs {expected} ({count} points of \
                     {bytes} bytes)",
                    section_name(ty),
                    section.size
                )));
            }
        }

        Ok(Self {
            file,
            path: path.to_path_buf(),
            len,
            power,
            ceremony_power,
            tau_g1_start: tau_g1.start,
            tau_g2_start: tau_g2.start,
        })
    }

    /// The file's power: it holds `2^(power+1) - 1` G1 and `2^power` G2
    /// powers of tau.
    pub fn power(&self) -> u32 {
        self.power
    }

    /// The power of the ceremony the file was cut from (`>= power` for
    /// snarkjs's truncated files); informational only.
    pub fn ceremony_power(&self) -> u32 {
        self.ceremony_power
    }

    /// The number of variables a HyperKZG SRS from this file supports:
    /// `floor(log2(2^(power+1) - 1)) = power`.
    pub fn max_num_vars(&self) -> usize {
        self.power as usize
    }

    /// Fills `buf` from `offset` of the file.
    fn read_at(
        &mut self,
        offset: u64,
        buf: &mut [u8],
        what: &dyn Fn() -> String,
    ) -> Result<(), PtauError> {
        debug_assert!(offset + buf.len() as u64 <= self.len);
        self.file
            .seek(SeekFrom::Start(offset))
            .map_err(|e| PtauError::io(&self.path, e))?;
        read_exact(&mut self.file, buf, &self.path, what)
    }

    /// `(tauG2[0], tauG2[1]) = (G2, tau G2)`, checked: both on the curve and
    /// in the prime-order subgroup, the first the G2 generator, the second
    /// not the identity, `G2` or `-G2` (`tau` not 0, 1 or -1).
    pub fn tau_g2(&mut self) -> Result<(G2Affine, G2Affine), PtauError> {
        let mut buf = [0u8; 2 * G2_BYTES];
        self.read_at(self.tau_g2_start, &mut buf, &|| "tauG2[0..2]".into())?;
        let point = |i: usize| {
            decode_g2(&buf[i * G2_BYTES..(i + 1) * G2_BYTES])
                .map_err(|why| PtauError::Invalid(format!("tauG2[{i}]: {why}")))
        };
        let (g2, tau_g2) = (point(0)?, point(1)?);
        if g2 != G2Affine::generator() {
            return Err(PtauError::Invalid(
                "tauG2[0] is not the BN254 G2 generator".into(),
            ));
        }
        if tau_g2.is_zero() {
            return Err(PtauError::Invalid(
                "tauG2[1] is the point at infinity: tau = 0".into(),
            ));
        }
        if tau_g2 == g2 {
            return Err(PtauError::Invalid("tauG2[1] is G2: tau = 1".into()));
        }
        if tau_g2 == -g2 {
            return Err(PtauError::Invalid("tauG2[1] is -G2: tau = -1".into()));
        }
        Ok((g2, tau_g2))
    }

    /// Writes the [`HyperKzgSrs`] of `2^num_vars` G1 powers to `out`, in
    /// exactly the bytes of `HyperKzgSrs::serialize_uncompressed` (no file
    /// magic: prefix [`super::SRS_FILE_MAGIC`] for the SRS file format),
    /// streaming the points a chunk at a time and checking them (see the
    /// module docs).
    ///
    /// The G2 points are written last, only after every check has passed: on
    /// an error, what was written is an incomplete SRS that does not parse,
    /// and should be discarded.
    pub fn write_srs(&mut self, num_vars: usize, out: &mut impl Write) -> Result<(), PtauError> {
        self.write_srs_chunked(num_vars, out, CHUNK_POINTS)
    }

    fn write_srs_chunked(
        &mut self,
        num_vars: usize,
        out: &mut impl Write,
        chunk: usize,
    ) -> Result<(), PtauError> {
        assert!(chunk >= 1);
        if num_vars > self.max_num_vars() {
            return Err(PtauError::TooSmall {
                needed: num_vars,
                available: self.max_num_vars(),
            });
        }
        let (g2, tau_g2) = self.tau_g2()?;
        let n = 1usize << num_vars;

        out.write_all(&(n as u64).to_le_bytes())
            .map_err(PtauError::output)?;

        let mut rng = ChaCha20Rng::from_entropy();
        let mut raw = vec![0u8; chunk.min(n) * G1_BYTES];
        let mut encoded = vec![0u8; chunk.min(n) * G1_BYTES];
        // A = sum_j c_{j-1} P_j and B = sum_j c_j P_j over j < n - 1.
        let mut acc_a = G1Projective::zero();
        let mut acc_b = G1Projective::zero();
        // c_{start-1}, the coefficient of the chunk's first point in A.
        let mut prev_coeff: Option<Fr> = None;

        self.file
            .seek(SeekFrom::Start(self.tau_g1_start))
            .map_err(|e| PtauError::io(&self.path, e))?;
        let mut start = 0;
        while start < n {
            let m = chunk.min(n - start);
            let raw = &mut raw[..m * G1_BYTES];
            let encoded = &mut encoded[..m * G1_BYTES];
            read_exact(&mut self.file, raw, &self.path, &|| {
                format!("tauG1[{start}..{}]", start + m)
            })?;

            let points: Vec<G1Affine> = raw
                .par_chunks(G1_BYTES)
                .zip(encoded.par_chunks_mut(G1_BYTES))
                .enumerate()
                .map(|(k, (src, dst))| {
                    let p = decode_g1(src)
                        .and_then(|p| match p.is_zero() {
                            true => Err("the point at infinity"),
                            false => Ok(p),
                        })
                        .map_err(|why| {
                            PtauError::Invalid(format!("tauG1[{}]: {why}", start + k))
                        })?;
                    p.serialize_uncompressed(dst)
                        .expect("an uncompressed G1 point is 64 bytes");
                    Ok(p)
                })
                .collect::<Result<_, PtauError>>()?;
            if start == 0 && points[0] != G1Affine::generator() {
                return Err(PtauError::Invalid(
                    "tauG1[0] is not the BN254 G1 generator".into(),
                ));
            }

            // c_j for start <= j < min(start + m, n - 1).
            let num_coeffs = m.min(n - 1 - start);
            let coeffs: Vec<Fr> = (0..num_coeffs).map(|_| Fr::rand(&mut rng)).collect();
            acc_b += G1Projective::msm_unchecked(&points[..num_coeffs], &coeffs);
            // A: P_j with c_{j-1}, for start <= j < start + m and j >= 1.
            let (bases_a, coeffs_a) = match prev_coeff {
                None => (&points[1..], coeffs.clone()),
                Some(c) => (
                    &points[..],
                    std::iter::once(c).chain(coeffs.clone()).collect(),
                ),
            };
            debug_assert!(coeffs_a.len() >= bases_a.len());
            acc_a += G1Projective::msm_unchecked(bases_a, &coeffs_a[..bases_a.len()]);
            prev_coeff = coeffs.last().copied();

            out.write_all(encoded).map_err(PtauError::output)?;
            start += m;
        }

        let consistent = Bn254::final_exponentiation(Bn254::multi_miller_loop(
            [acc_a.into_affine(), (-acc_b).into_affine()],
            [g2, tau_g2],
        ))
        .is_some_and(|gt| gt.is_zero());
        if !consistent {
            return Err(PtauError::Inconsistent);
        }

        let mut tail = Vec::with_capacity(2 * G2_BYTES);
        (g2, tau_g2)
            .serialize_uncompressed(&mut tail)
            .expect("serializing into a Vec cannot fail");
        out.write_all(&tail).map_err(PtauError::output)?;
        out.flush().map_err(PtauError::output)
    }
}

/// Reads and checks section 1: `n8`, `q` (BN254's), `power`,
/// `ceremonyPower`.
fn read_header(file: &mut File, path: &Path, header: Section) -> Result<(u32, u32), PtauError> {
    file.seek(SeekFrom::Start(header.start))
        .map_err(|e| PtauError::io(path, e))?;
    let what = || "section 1 (header)".to_string();
    if header.size < 4 {
        return Err(PtauError::Malformed(format!(
            "section 1 (header) is {} bytes, too short for n8",
            header.size
        )));
    }
    let mut n8 = [0u8; 4];
    read_exact(file, &mut n8, path, &what)?;
    let n8 = u32::from_le_bytes(n8);
    if n8 == 0 || n8 > MAX_N8 {
        return Err(PtauError::Malformed(format!(
            "field elements of {n8} bytes (n8) is not plausible"
        )));
    }
    let expected = 4 + u64::from(n8) + 8;
    if header.size != expected {
        return Err(PtauError::Malformed(format!(
            "section 1 (header) is {} bytes; with {n8}-byte field elements it should be \
             {expected}",
            header.size
        )));
    }
    let mut q = vec![0u8; n8 as usize];
    read_exact(file, &mut q, path, &what)?;
    let bn254_q = Fq::MODULUS.to_bytes_le();
    if q != bn254_q {
        let q_hex = modulus_hex(&q);
        let name = if q_hex == BLS12_381_Q_HEX {
            " (BLS12-381, snarkjs's bls12381)"
        } else {
            ""
        };
        return Err(PtauError::OtherCurve(format!(
            "its base field has {n8}-byte elements and modulus {q_hex}{name}; this reader \
             needs BN254 (snarkjs's bn128: 32-byte elements, modulus {})",
            modulus_hex(&bn254_q)
        )));
    }
    let mut rest = [0u8; 8];
    read_exact(file, &mut rest, path, &what)?;
    let power = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes"));
    let ceremony_power = u32::from_le_bytes(rest[4..].try_into().expect("4 bytes"));
    if power == 0 {
        return Err(PtauError::Malformed(
            "power 0: the file holds no tau G2 (tauG2 has only G2)".into(),
        ));
    }
    if power > MAX_POWER {
        return Err(PtauError::Malformed(format!(
            "power {power} is larger than any ceremony (at most {MAX_POWER} accepted)"
        )));
    }
    Ok((power, ceremony_power))
}

/// The [`HyperKzgSrs`] of `2^num_vars` G1 powers (`None`: as many as the file
/// supports) from a ptau file, with every check of
/// [`PtauFile::write_srs`]. Holds the serialized SRS and the SRS itself in
/// memory at once (about 136 bytes per power).
pub fn srs_from_ptau(path: &Path, num_vars: Option<usize>) -> Result<HyperKzgSrs, PtauError> {
    let mut file = PtauFile::open(path)?;
    let num_vars = num_vars.unwrap_or(file.max_num_vars());
    if num_vars > file.max_num_vars() {
        return Err(PtauError::TooSmall {
            needed: num_vars,
            available: file.max_num_vars(),
        });
    }
    let mut bytes = Vec::with_capacity(8 + (G1_BYTES << num_vars) + 2 * G2_BYTES);
    file.write_srs(num_vars, &mut bytes)?;
    // Every point was checked while converting; parsing checks nothing again.
    let mut reader = bytes.as_slice();
    let srs = HyperKzgSrs::deserialize_uncompressed_unchecked(&mut reader)
        .map_err(|e| PtauError::Malformed(format!("the converted SRS does not parse: {e}")))?;
    debug_assert!(reader.is_empty());
    Ok(srs)
}

/// BLAKE2b-512 of a whole file, read in 1 MiB pieces: compare it with the
/// hash a ceremony publishes (snarkjs's README lists those of the Hermez
/// files; `b2sum` prints the same).
pub fn blake2b_512_file(path: &Path) -> Result<[u8; 64], PtauError> {
    use blake2::{Blake2b512, Digest};
    let mut file = File::open(path).map_err(|e| PtauError::io(path, e))?;
    let mut hasher = Blake2b512::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => hasher.update(&buf[..k]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(PtauError::io(path, e)),
        }
    }
    Ok(hasher.finalize().into())
}

#[cfg(test)]
#[path = "ptau_tests.rs"]
mod tests;
