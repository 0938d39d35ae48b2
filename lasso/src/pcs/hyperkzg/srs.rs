//! The HyperKZG structured reference string (SRS): powers of a secret `tau`
//! in G1 and `(G2, tau G2)`.
//!
//! # Where an SRS comes from
//!
//! * [`HyperKzgSrs::from_seed`] derives `tau` from a byte string. **This is
//!   for tests and development only**: anyone who knows the seed recomputes
//!   `tau` and can then forge openings of any commitment. Every proof made
//!   with such an SRS is worthless as evidence.
//! * A real deployment needs an SRS from a powers-of-tau ceremony, in which no
//!   single party learns `tau`. Convert the ceremony's output into the file
//!   format below and load it with [`HyperKzgSrs::load_from_file`]; run
//!   [`HyperKzgSrs::check_consistency`] once on a file of unknown provenance.
//!
//! # File format
//!
//! An SRS file is the 8-byte magic [`SRS_FILE_MAGIC`] followed by the
//! arkworks *uncompressed* serialization of [`HyperKzgSrs`]:
//!
//! ```text
//! magic  "HKZGSRS1"                       8 bytes
//! n      number of G1 powers, u64 LE      8 bytes
//! g1[i]  tau^i G1, i < n, uncompressed   64 bytes each (x, y; flags in the top bits)
//! g2     G2 generator, uncompressed     128 bytes
//! tau_g2 tau G2, uncompressed           128 bytes
//! ```
//!
//! Uncompressed points make loading fast (no square roots); every point is
//! still checked to be on the curve and in the prime-order subgroup when it
//! is read, and the file must end exactly where the SRS ends.

use std::io::{BufWriter, Read, Write};
use std::path::Path;

use ark_bn254::{Fq, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup, VariableBaseMSM};
use ark_ff::{AdditiveGroup as _, Field as _, One, PrimeField, Zero};
use ark_serialize::{
    CanonicalDeserialize, CanonicalSerialize, Compress, SerializationError, Valid, Validate,
};
use rayon::prelude::*;
use thiserror::Error;

/// The first bytes of every SRS file (format version 1).
pub const SRS_FILE_MAGIC: &[u8; 8] = b"HKZGSRS1";

/// Largest number of variables a seed-derived SRS may be built for (2^32
/// powers would already be 256 GiB).
pub const MAX_SEED_SRS_NUM_VARS: usize = 32;

/// Powers of `tau` in G1 (`g1_powers[i] = tau^i G1`), with `G2` and `tau G2`.
///
/// Supports polynomials of up to `floor(log2(g1_powers.len()))` variables.
#[derive(Clone, PartialEq, Eq)]
pub struct HyperKzgSrs {
    pub(super) g1_powers: Vec<G1Affine>,
    pub(super) g2: G2Affine,
    pub(super) tau_g2: G2Affine,
}

/// Why an SRS could not be read, written or trusted.
#[derive(Debug, Error)]
pub enum SrsError {
    #[error("SRS file {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("not an SRS file (expected magic {expected:?} at the start)")]
    BadMagic { expected: &'static str },
    #[error("malformed SRS: {0}")]
    Deserialization(#[from] SerializationError),
    #[error("SRS has {0} trailing bytes after its end")]
    TrailingBytes(usize),
    #[error("invalid SRS: {0}")]
    Invalid(String),
}

impl std::fmt::Debug for HyperKzgSrs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HyperKzgSrs")
            .field("num_g1_powers", &self.g1_powers.len())
            .field("g2", &self.g2)
            .field("tau_g2", &self.tau_g2)
            .finish()
    }
}

/// `tau` from a seed: 64 bytes squeezed from a merlin transcript over the
/// seed, reduced modulo the field order; zero (probability ~2^-254) is
/// skipped by squeezing again. `tau` does not depend on the size, so the SRS
/// for fewer variables is a prefix of the one for more.
pub(super) fn tau_from_seed(seed: &[u8]) -> Fr {
    let mut t = merlin::Transcript::new(b"HyperKZG SRS from seed: INSECURE, tests only");
    t.append_message(b"seed", seed);
    loop {
        let mut bytes = [0u8; 64];
        t.challenge_bytes(b"tau", &mut bytes);
        let tau = Fr::from_le_bytes_mod_order(&bytes);
        if !tau.is_zero() {
            return tau;
        }
    }
}

/// `[1, tau, ..., tau^(n-1)]`, computed in parallel chunks (each chunk starts
/// from one exponentiation).
pub(super) fn powers_of(tau: Fr, n: usize) -> Vec<Fr> {
    const CHUNK: usize = 1 << 12;
    let mut powers = vec![Fr::zero(); n];
    powers
        .par_chunks_mut(CHUNK)
        .enumerate()
        .for_each(|(k, chunk)| {
            let mut p = tau.pow([(k * CHUNK) as u64]);
            for x in chunk {
                *x = p;
                p *= tau;
            }
        });
    powers
}

/// Window width (in bits) for [`fixed_base_batch_mul`]: the one minimising
/// the number of additions, `windows * (scalars + table entries per window)`,
/// capped at 14 (a table of at most 19 * 2^14 points, about 22 MB). Wider
/// windows save additions but not time: with 2^20 scalars, widths 12 to 16
/// measured the same (random table lookups start missing the cache).
fn window_width(num_scalars: usize) -> usize {
    let bits = Fr::MODULUS_BIT_SIZE as usize;
    (2..=14)
        .min_by_key(|&w| bits.div_ceil(w) * (num_scalars + (1 << w)))
        .expect("non-empty range")
}

/// Bits `[start, start + width)` of a 256-bit little-endian integer
/// (`width <= 16`; bits past the end read as zero).
#[inline]
fn digit(limbs: &[u64; 4], start: usize, width: usize) -> usize {
    let (limb, offset) = (start / 64, start % 64);
    let mut v = limbs[limb] >> offset;
    if offset + width > 64 && limb + 1 < 4 {
        v |= limbs[limb + 1] << (64 - offset);
    }
    (v & ((1u64 << width) - 1)) as usize
}

/// Montgomery's trick: inverts every (nonzero) element with one inversion.
fn serial_batch_inverse(v: &mut [Fq]) {
    let mut prefix = Vec::with_capacity(v.len());
    let mut acc = Fq::one();
    for x in v.iter() {
        prefix.push(acc);
        acc *= x;
    }
    let mut inv = acc.inverse().expect("batch inversion of nonzero elements");
    for (x, p) in v.iter_mut().zip(prefix).rev() {
        let next = inv * *x;
        *x = inv * p;
        inv = next;
    }
}

/// `[s_0 G, s_1 G, ...]` in affine form, by fixed-base windowed
/// multiplication with batched affine additions.
///
/// With windows of `w` bits, `table[k][j] = (j + 1) 2^(k w) G`, and
/// `s G = sum_k table[k][digit_k(s) - 1]` (zero digits skipped). The sums are
/// accumulated in affine coordinates, window by window over a chunk of
/// scalars, so that the slope denominators of a whole chunk share one field
/// inversion: about 6 multiplications per addition instead of 11 for a
/// mixed projective addition, and no final normalisation.
///
/// The accumulator before window `k` is `a G` with `0 <= a < 2^(k w)` and the
/// added point is `d 2^(k w) G` with `a + d 2^(k w) <= s < r`, so the two
/// never share an x coordinate unless the accumulator is the identity; the
/// general-case fallback is kept anyway.
pub(super) fn fixed_base_batch_mul(base: G1Projective, scalars: &[Fr]) -> Vec<G1Affine> {
    const CHUNK: usize = 1 << 10;
    let bits = Fr::MODULUS_BIT_SIZE as usize;
    let w = window_width(scalars.len());
    let num_windows = bits.div_ceil(w);

    let mut window_bases = Vec::with_capacity(num_windows);
    let mut g = base;
    for _ in 0..num_windows {
        window_bases.push(g);
        for _ in 0..w {
            g.double_in_place();
        }
    }
    let table: Vec<Vec<G1Affine>> = window_bases
        .par_iter()
        .map(|gk| {
            let mut multiples = Vec::with_capacity((1 << w) - 1);
            let mut acc = *gk;
            for _ in 0..(1 << w) - 1 {
                multiples.push(acc);
                acc += gk;
            }
            G1Projective::normalize_batch(&multiples)
        })
        .collect();

    let mut out = vec![G1Affine::zero(); scalars.len()];
    out.par_chunks_mut(CHUNK)
        .zip(scalars.par_chunks(CHUNK))
        .for_each(|(out, scalars)| {
            let limbs: Vec<[u64; 4]> = scalars.iter().map(|s| s.into_bigint().0).collect();
            for (o, l) in out.iter_mut().zip(&limbs) {
                let d = digit(l, 0, w);
                if d != 0 {
                    *o = table[0][d - 1];
                }
            }
            let mut pending: Vec<(usize, G1Affine)> = Vec::with_capacity(out.len());
            let mut denominators: Vec<Fq> = Vec::with_capacity(out.len());
            for (k, table_k) in table.iter().enumerate().skip(1) {
                pending.clear();
                denominators.clear();
                for (i, l) in limbs.iter().enumerate() {
                    let d = digit(l, k * w, w);
                    if d == 0 {
                        continue;
                    }
                    let q = table_k[d - 1];
                    let p = out[i];
                    if p.is_zero() {
                        out[i] = q;
                    } else if p.x == q.x {
                        out[i] = (p.into_group() + q).into_affine();
                    } else {
                        pending.push((i, q));
                        denominators.push(q.x - p.x);
                    }
                }
                if pending.is_empty() {
                    continue;
                }
                serial_batch_inverse(&mut denominators);
                for ((i, q), inv) in pending.iter().zip(&denominators) {
                    let p = out[*i];
                    let lambda = (q.y - p.y) * inv;
                    let x = lambda.square() - p.x - q.x;
                    let y = lambda * (p.x - x) - p.y;
                    out[*i] = G1Affine::new_unchecked(x, y);
                }
            }
        });
    out
}

impl HyperKzgSrs {
    /// The SRS for polynomials of up to `max_num_vars` variables, with `tau`
    /// derived deterministically from `seed`.
    ///
    /// **Insecure: for tests and development only.** The secret `tau` is
    /// recomputable from the seed, so whoever knows the seed can open any
    /// commitment to any value. Use a ceremony SRS
    /// ([`HyperKzgSrs::load_from_file`]) for anything real.
    ///
    /// # Panics
    /// If `max_num_vars > MAX_SEED_SRS_NUM_VARS`.
    pub fn from_seed(max_num_vars: usize, seed: &[u8]) -> Self {
        assert!(
            max_num_vars <= MAX_SEED_SRS_NUM_VARS,
            "HyperKZG SRS of 2^{max_num_vars} powers is too large"
        );
        Self::from_secret(1 << max_num_vars, tau_from_seed(seed))
    }

    /// The SRS with `num_powers` G1 powers of a known `tau` (fixed-base batch
    /// multiplication of the G1 generator by the powers).
    fn from_secret(num_powers: usize, tau: Fr) -> Self {
        let powers = powers_of(tau, num_powers);
        let g1_powers = fixed_base_batch_mul(G1Projective::generator(), &powers);
        let g2 = G2Projective::generator();
        Self {
            g1_powers,
            g2: g2.into_affine(),
            tau_g2: (g2 * tau).into_affine(),
        }
    }

    /// Builds an SRS from its parts (e.g. converted from a ceremony's output),
    /// checking only its shape; see [`HyperKzgSrs::check_consistency`].
    pub fn from_parts(
        g1_powers: Vec<G1Affine>,
        g2: G2Affine,
        tau_g2: G2Affine,
    ) -> Result<Self, SrsError> {
        let srs = Self {
            g1_powers,
            g2,
            tau_g2,
        };
        srs.check_shape()?;
        Ok(srs)
    }

    /// `tau^i G1` for every `i` held.
    pub fn g1_powers(&self) -> &[G1Affine] {
        &self.g1_powers
    }

    pub fn g2(&self) -> G2Affine {
        self.g2
    }

    pub fn tau_g2(&self) -> G2Affine {
        self.tau_g2
    }

    /// Largest number of variables supported: `floor(log2(#G1 powers))`.
    pub fn max_num_vars(&self) -> usize {
        self.g1_powers.len().ilog2() as usize
    }

    /// Keeps only the powers needed for `max_num_vars` variables.
    ///
    /// # Panics
    /// If the SRS is smaller than that.
    pub fn trim(mut self, max_num_vars: usize) -> Self {
        assert!(
            max_num_vars <= self.max_num_vars(),
            "cannot trim an SRS of {} variables to {max_num_vars}",
            self.max_num_vars()
        );
        self.g1_powers.truncate(1 << max_num_vars);
        self
    }

    /// Cheap structural checks that keep later code from panicking: at least
    /// one G1 power, and neither the G1 nor the G2 generator is the identity.
    fn check_shape(&self) -> Result<(), SrsError> {
        match self.g1_powers.first() {
            None => return Err(SrsError::Invalid("no G1 powers".into())),
            Some(g) if g.is_zero() => {
                return Err(SrsError::Invalid("G1 generator is the identity".into()))
            }
            Some(_) => {}
        }
        if self.g2.is_zero() {
            return Err(SrsError::Invalid("G2 generator is the identity".into()));
        }
        Ok(())
    }

    /// Checks that the powers really are `tau^i G1` for the `tau` of
    /// `tau G2`, and that `tau` is not 0, 1 or -1, with one randomized
    /// pairing equation:
    /// `e(sum_i c_i P_{i+1}, G2) = e(sum_i c_i P_i, tau G2)` for random `c_i`
    /// (a wrong power passes with probability about `1/|Fr|`). Costs two
    /// MSMs of the SRS size; run it once on a file of unknown provenance.
    pub fn check_consistency(&self) -> Result<(), SrsError> {
        use ark_bn254::Bn254;
        use ark_ec::pairing::Pairing;
        use rand::RngCore;

        self.check_shape()?;
        // tau in {0, 1, -1} makes every power public (0, G1 or +-G1): anyone
        // could then open any commitment to anything.
        if self.tau_g2.is_zero() {
            return Err(SrsError::Invalid("tau G2 is the identity (tau = 0)".into()));
        }
        if self.tau_g2 == self.g2 {
            return Err(SrsError::Invalid("tau G2 is G2 (tau = 1)".into()));
        }
        if self.tau_g2 == -self.g2 {
            return Err(SrsError::Invalid("tau G2 is -G2 (tau = -1)".into()));
        }
        let n = self.g1_powers.len();
        if n < 2 {
            return Ok(());
        }
        let mut rng = rand::thread_rng();
        let coeffs: Vec<Fr> = (0..n - 1)
            .map(|_| {
                let mut bytes = [0u8; 64];
                rng.fill_bytes(&mut bytes);
                Fr::from_le_bytes_mod_order(&bytes)
            })
            .collect();
        let shifted = G1Projective::msm_unchecked(&self.g1_powers[1..], &coeffs);
        let base = G1Projective::msm_unchecked(&self.g1_powers[..n - 1], &coeffs);
        let ok = Bn254::final_exponentiation(Bn254::multi_miller_loop(
            [shifted.into_affine(), (-base).into_affine()],
            [self.g2, self.tau_g2],
        ))
        .is_some_and(|out| out.is_zero());
        if ok {
            Ok(())
        } else {
            Err(SrsError::Invalid(
                "G1 powers are not successive powers of the G2 secret".into(),
            ))
        }
    }

    /// The SRS in the file format (magic, then uncompressed serialization).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(8 + self.uncompressed_size());
        bytes.extend_from_slice(SRS_FILE_MAGIC);
        self.serialize_uncompressed(&mut bytes)
            .expect("serializing into a Vec cannot fail");
        bytes
    }

    /// Parses the file format, validating every point.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SrsError> {
        let body = bytes
            .strip_prefix(SRS_FILE_MAGIC.as_slice())
            .ok_or(SrsError::BadMagic {
                expected: "HKZGSRS1",
            })?;
        let mut reader = body;
        let srs = Self::deserialize_uncompressed(&mut reader)?;
        if !reader.is_empty() {
            return Err(SrsError::TrailingBytes(reader.len()));
        }
        Ok(srs)
    }

    /// Writes the SRS to `path` in the file format.
    pub fn write_to_file(&self, path: impl AsRef<Path>) -> Result<(), SrsError> {
        let path = path.as_ref();
        let io_err = |source| SrsError::Io {
            path: path.display().to_string(),
            source,
        };
        let file = std::fs::File::create(path).map_err(io_err)?;
        let mut w = BufWriter::new(file);
        w.write_all(SRS_FILE_MAGIC).map_err(io_err)?;
        self.serialize_uncompressed(&mut w).map_err(|e| match e {
            SerializationError::IoError(source) => io_err(source),
            other => SrsError::Deserialization(other),
        })?;
        w.flush().map_err(io_err)
    }

    /// Reads an SRS written by [`HyperKzgSrs::write_to_file`] and runs
    /// [`HyperKzgSrs::check_consistency`] on it (two MSMs of its size: about
    /// as long as one commitment to a polynomial of the SRS's size). Errors
    /// (never panics) on a missing file, a wrong magic, truncated or trailing
    /// bytes, points off the curve or outside the subgroup, powers that are
    /// not successive powers of one secret, and a degenerate secret.
    pub fn load_from_file(path: impl AsRef<Path>) -> Result<Self, SrsError> {
        let srs = Self::load_from_file_unchecked(path)?;
        srs.check_consistency()?;
        Ok(srs)
    }

    /// [`HyperKzgSrs::load_from_file`] without the consistency check: only
    /// for a file this program wrote itself or checked before.
    pub fn load_from_file_unchecked(path: impl AsRef<Path>) -> Result<Self, SrsError> {
        let path = path.as_ref();
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|source| SrsError::Io {
                path: path.display().to_string(),
                source,
            })?;
        Self::from_bytes(&bytes)
    }
}

impl CanonicalSerialize for HyperKzgSrs {
    fn serialize_with_mode<W: Write>(
        &self,
        mut writer: W,
        compress: Compress,
    ) -> Result<(), SerializationError> {
        self.g1_powers.serialize_with_mode(&mut writer, compress)?;
        self.g2.serialize_with_mode(&mut writer, compress)?;
        self.tau_g2.serialize_with_mode(&mut writer, compress)
    }

    fn serialized_size(&self, compress: Compress) -> usize {
        self.g1_powers.serialized_size(compress)
            + self.g2.serialized_size(compress)
            + self.tau_g2.serialized_size(compress)
    }
}

impl Valid for HyperKzgSrs {
    fn check(&self) -> Result<(), SerializationError> {
        G1Affine::batch_check(self.g1_powers.iter())?;
        self.g2.check()?;
        self.tau_g2.check()?;
        self.check_shape()
            .map_err(|_| SerializationError::InvalidData)
    }
}

impl CanonicalDeserialize for HyperKzgSrs {
    /// Points are validated as they are read (with `Validate::Yes`); the
    /// shape checks (non-empty, non-identity generators) always run.
    fn deserialize_with_mode<R: Read>(
        mut reader: R,
        compress: Compress,
        validate: Validate,
    ) -> Result<Self, SerializationError> {
        let srs = Self {
            g1_powers: Vec::deserialize_with_mode(&mut reader, compress, validate)?,
            g2: G2Affine::deserialize_with_mode(&mut reader, compress, validate)?,
            tau_g2: G2Affine::deserialize_with_mode(&mut reader, compress, validate)?,
        };
        srs.check_shape()
            .map_err(|_| SerializationError::InvalidData)?;
        Ok(srs)
    }
}
