//! HyperKZG: a multilinear polynomial commitment from univariate KZG over
//! BN254, in the style of Gemini (Bünz et al., eprint 2022/420).
//!
//! # Commitment
//!
//! A multilinear `f` of `n` variables is stored as its `2^n` evaluations
//! `f[0..2^n]`. HyperKZG reads them as the coefficients of the univariate
//! polynomial `f_0(X) = sum_j f[j] X^j` and commits with KZG:
//! `C = f_0(tau) G1 = sum_j f[j] (tau^j G1)`, one MSM against the SRS powers.
//! A polynomial of fewer variables has a shorter coefficient vector, so its
//! commitment equals that of its zero-padding at the top, as
//! [`CommitmentScheme`] requires. Small-valued polynomials
//! ([`Polynomial::U8`] .. [`Polynomial::U64`]) commit with small-scalar MSMs.
//!
//! # Opening `f(u) = v`
//!
//! The point `u = (u_0, ..., u_{n-1})` is MSB-first: `u_0` belongs to the
//! most significant bit of the evaluation index. Bit 0 of the index is the
//! least significant variable, and it is the one split off by even/odd:
//!
//! ```text
//! f_i(X) = E_i(X^2) + X O_i(X^2)
//! f_{i+1}(Y) = (1 - u_{n-1-i}) E_i(Y) + u_{n-1-i} O_i(Y)      i = 0..n-1
//! ```
//!
//! so `f_{i+1}` is `f_i` with its bottom variable bound, the point is
//! consumed from its last coordinate to its first, `f_i` has `2^(n-i)`
//! coefficients and `f_n` is the constant `f(u) = v`.
//!
//! Protocol (everything sent is absorbed before the next challenge; the caller
//! has already absorbed `C`, and the opening absorbs `n`, `u` and `v` first):
//!
//! 1. The prover commits `C_i = [f_i(tau)]` for `i = 1..n-1` (`C_0 = C`).
//! 2. Challenge `r`. The prover sends `f_i(r)`, `f_i(-r)`, `f_i(r^2)` for
//!    `i = 0..n-1`.
//! 3. Challenge `q`; let `B(X) = sum_i q^i f_i(X)`, committed as
//!    `C_B = sum_i q^i C_i`, and `y_a = B(a) = sum_i q^i f_i(a)` for `a` in
//!    `S = {r, -r, r^2}` (computed from the sent values). The three
//!    openings of `B` are proven together in the style of Shplonk (Boneh,
//!    Drake, Fisch, Gabizon, eprint 2020/081), with two witnesses instead of
//!    one per point. Let `Z(X) = (X - r)(X + r)(X - r^2)` vanish on `S` and
//!    `I(X)` be the quadratic through the three `(a, y_a)`. The prover
//!    commits `W = [Q(tau)]` for the quotient `Q = (B - I) / Z` (the quotient
//!    of `B` divided by `Z`: its remainder is `I`).
//! 4. Challenge `z`. `L(X) = B(X) - I(z) - Z(z) Q(X)` vanishes at `z`; the
//!    prover commits `W' = [(L(X) / (X - z))(tau)]` (absorbed too, so later
//!    challenges of an enclosing protocol depend on it).
//!
//! The verifier checks
//!    * folding: since `E_i(r^2) = (f_i(r) + f_i(-r)) / 2` and
//!      `O_i(r^2) = (f_i(r) - f_i(-r)) / (2r)`, for every `i`
//!      `(1 - u_{n-1-i}) E_i(r^2) + u_{n-1-i} O_i(r^2)` equals `f_{i+1}(r^2)`
//!      (sent) for `i < n-1`, and `v` for `i = n-1`;
//!    * the openings of `B`: `[L(tau)] = C_B - I(z) G1 - Z(z) W`, and
//!      `L(tau) = (tau - z) W'(tau)` reads `[L] + z W' = tau W'`: one pairing
//!      product `e([L] + z W', G2) e(-W', tau G2) = 1`.
//!
//! Soundness sketch: the second check makes `B - I(z) - Z(z) Q*` vanish at
//! `z` for the committed `B` and `Q*`. If `B` disagreed with some `y_a`,
//! `B - I` would not be divisible by `Z`, so `(B - I) - Z Q*` would be a
//! nonzero polynomial of degree at most the SRS size, vanishing at the
//! random `z` with probability `< 2^N / |Fr|`. As the values were absorbed
//! before `q`, wrong `f_i(a)` give wrong `y_a` except with probability
//! `< n / |Fr|`. The folding check at a random `r` then forces each
//! `f_{i+1}` to be the fold of `f_i` (a nonzero difference of polynomials of
//! degree `< 2^n` vanishes at `r^2` with probability `< 2^n / |Fr|`), and the
//! last fold, a constant, to be `v`. The verifier rejects `r` in
//! `{0, 1, -1}` (it divides by `2r`, and the three points must differ).
//!
//! Prover cost: the folds' commitments (MSMs of `2^(n-1) + ... + 2` scalars)
//! and two witness MSMs of about `2^n` scalars each.
//!
//! A constant polynomial (`n = 0`) has the empty proof; the verifier checks
//! `C = v G1` directly.
//!
//! Proof size: `n - 1 + 2` G1 points and `3n` field elements.
//!
//! The SRS (and its file format) lives in [`srs`]; a seed-derived SRS is for
//! tests and development only.

pub mod ptau;
pub mod srs;

pub use srs::{HyperKzgSrs, SrsError, MAX_SEED_SRS_NUM_VARS, SRS_FILE_MAGIC};

use std::io::{Read, Write};
use std::sync::Arc;

use ark_bn254::{Bn254, Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::pairing::Pairing;
use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ff::{Field as _, One, Zero};
use ark_serialize::{
    CanonicalDeserialize, CanonicalSerialize, Compress, SerializationError, Valid, Validate,
};
use rayon::prelude::*;

use super::CommitmentScheme;
use crate::errors::ProofError;
use crate::msm;
use crate::poly::{DensePolynomial, MultilinearPolynomial, Polynomial};
use crate::transcript::Transcript;

/// Sizes at or above which the prover's loops go parallel.
const PAR_THRESHOLD: usize = 1 << 12;

/// The HyperKZG commitment scheme over BN254 (see the module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HyperKzg;

/// The prover's key: the SRS, shared (cloning is cheap).
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct HyperKzgProverKey {
    srs: Arc<HyperKzgSrs>,
}

impl HyperKzgProverKey {
    pub fn new(srs: HyperKzgSrs) -> Self {
        Self { srs: Arc::new(srs) }
    }

    pub fn srs(&self) -> &HyperKzgSrs {
        &self.srs
    }

    pub fn max_num_vars(&self) -> usize {
        self.srs.max_num_vars()
    }

    /// The verifier's key for this prover key.
    pub fn verifier_key(&self) -> HyperKzgVerifierKey {
        HyperKzgVerifierKey {
            g1: self.srs.g1_powers[0],
            g2: self.srs.g2,
            tau_g2: self.srs.tau_g2,
            max_num_vars: self.max_num_vars() as u64,
        }
    }
}

impl From<HyperKzgSrs> for HyperKzgProverKey {
    fn from(srs: HyperKzgSrs) -> Self {
        Self::new(srs)
    }
}

/// The verifier's key: `G1`, `G2`, `tau G2`, and the size bound of the SRS
/// (points of more variables are rejected).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HyperKzgVerifierKey {
    pub g1: G1Affine,
    pub g2: G2Affine,
    pub tau_g2: G2Affine,
    pub max_num_vars: u64,
}

impl CanonicalSerialize for HyperKzgVerifierKey {
    fn serialize_with_mode<W: Write>(
        &self,
        mut writer: W,
        compress: Compress,
    ) -> Result<(), SerializationError> {
        self.g1.serialize_with_mode(&mut writer, compress)?;
        self.g2.serialize_with_mode(&mut writer, compress)?;
        self.tau_g2.serialize_with_mode(&mut writer, compress)?;
        self.max_num_vars.serialize_with_mode(&mut writer, compress)
    }

    fn serialized_size(&self, compress: Compress) -> usize {
        self.g1.serialized_size(compress)
            + self.g2.serialized_size(compress)
            + self.tau_g2.serialized_size(compress)
            + self.max_num_vars.serialized_size(compress)
    }
}

impl HyperKzgVerifierKey {
    /// Identity generators, and `tau G2 = +-G2` (tau = 1 or -1, a secret
    /// anyone knows, as [`HyperKzgSrs::check_consistency`] refuses too).
    fn check_shape(&self) -> Result<(), SerializationError> {
        if self.g1.is_zero() || self.g2.is_zero() || self.tau_g2.is_zero() {
            return Err(SerializationError::InvalidData);
        }
        if self.tau_g2 == self.g2 || self.tau_g2 == -self.g2 {
            return Err(SerializationError::InvalidData);
        }
        Ok(())
    }
}

impl Valid for HyperKzgVerifierKey {
    fn check(&self) -> Result<(), SerializationError> {
        self.g1.check()?;
        self.g2.check()?;
        self.tau_g2.check()?;
        self.check_shape()
    }
}

impl CanonicalDeserialize for HyperKzgVerifierKey {
    /// Points are validated with `Validate::Yes`; identity generators are
    /// always rejected.
    fn deserialize_with_mode<R: Read>(
        mut reader: R,
        compress: Compress,
        validate: Validate,
    ) -> Result<Self, SerializationError> {
        let vk = Self {
            g1: G1Affine::deserialize_with_mode(&mut reader, compress, validate)?,
            g2: G2Affine::deserialize_with_mode(&mut reader, compress, validate)?,
            tau_g2: G2Affine::deserialize_with_mode(&mut reader, compress, validate)?,
            max_num_vars: u64::deserialize_with_mode(&mut reader, compress, validate)?,
        };
        vk.check_shape()?;
        Ok(vk)
    }
}

/// A commitment: the affine point `f_0(tau) G1` (affine, so equality and
/// serialization are canonical).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, CanonicalSerialize, CanonicalDeserialize)]
pub struct HyperKzgCommitment(pub G1Affine);

/// An opening proof for a point of `n >= 1` variables (all empty for
/// `n = 0`).
#[derive(Clone, Debug, Default, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct HyperKzgProof {
    /// `C_1, ..., C_{n-1}`: commitments of the folded polynomials.
    pub folded_commitments: Vec<G1Affine>,
    /// `f_i(r)` for `i = 0..n-1`.
    pub evals_at_r: Vec<Fr>,
    /// `f_i(-r)` for `i = 0..n-1`.
    pub evals_at_minus_r: Vec<Fr>,
    /// `f_i(r^2)` for `i = 0..n-1`.
    pub evals_at_r_squared: Vec<Fr>,
    /// `[W, W']`: the commitment to the quotient `(B - I) / Z` and the
    /// witness that `L` vanishes at `z` (empty for `n = 0`).
    pub witnesses: Vec<G1Affine>,
}

/// MSM of field scalars against (a prefix of) the SRS powers: the
/// prover's dense MSMs (commitments, folded commitments, witnesses), with
/// the batch-affine MSM of [`crate::msm`] (about 1.3-1.5x faster than
/// arkworks' at 2^16..2^20 on 2 cores).
fn msm_field(bases: &[G1Affine], scalars: &[Fr]) -> G1Projective {
    msm::msm(&bases[..scalars.len()], scalars)
}

/// `C = sum_j evals[j] tau^j G1`, with small-scalar MSMs for small values.
fn commit_poly(srs: &HyperKzgSrs, poly: &Polynomial<Fr>) -> G1Projective {
    let len = poly.len();
    assert!(
        len <= srs.g1_powers.len(),
        "HyperKZG: cannot commit to a polynomial of {} variables with a key for {}",
        poly.num_vars(),
        srs.max_num_vars()
    );
    let bases = &srs.g1_powers[..len];
    match poly {
        Polynomial::Dense(p) => msm_field(bases, p.evals()),
        Polynomial::U8(p) => match p.small_values() {
            Some(v) => G1Projective::msm_u8(bases, v),
            None => msm_field(bases, &p.to_field_evals()),
        },
        // u16..u64: our batch-affine MSM over 16..64-bit windows (1.1x,
        // 1.4x and 1.45x faster than arkworks' at 2^20 on 2 cores), arkworks'
        // below its size threshold.
        Polynomial::U16(p) => match p.small_values() {
            Some(v) => {
                msm::msm_small(bases, v, 16).unwrap_or_else(|| G1Projective::msm_u16(bases, v))
            }
            None => msm_field(bases, &p.to_field_evals()),
        },
        Polynomial::U32(p) => match p.small_values() {
            Some(v) => {
                msm::msm_small(bases, v, 32).unwrap_or_else(|| G1Projective::msm_u32(bases, v))
            }
            None => msm_field(bases, &p.to_field_evals()),
        },
        Polynomial::U64(p) => match p.small_values() {
            Some(v) => {
                msm::msm_small(bases, v, 64).unwrap_or_else(|| G1Projective::msm_u64(bases, v))
            }
            None => msm_field(bases, &p.to_field_evals()),
        },
    }
}

/// `g(Y) = (1 - u) E(Y) + u O(Y)` for `f(X) = E(X^2) + X O(X^2)`: binds the
/// bottom variable of the multilinear `f` to `u`.
fn fold(f: &[Fr], u: Fr) -> Vec<Fr> {
    let step = |p: &[Fr]| p[0] + u * (p[1] - p[0]);
    if f.len() >= PAR_THRESHOLD {
        f.par_chunks(2).map(step).collect()
    } else {
        f.chunks(2).map(step).collect()
    }
}

/// Horner evaluation of `sum_j coeffs[j] x^j` at three points at once.
fn horner3(coeffs: &[Fr], xs: &[Fr; 3]) -> [Fr; 3] {
    let mut acc = [Fr::zero(); 3];
    for c in coeffs.iter().rev() {
        for (a, x) in acc.iter_mut().zip(xs) {
            *a = *a * x + c;
        }
    }
    acc
}

/// `sum_j coeffs[j] x^j` at three points; large inputs are split into chunks
/// evaluated in parallel and recombined with Horner in `x^CHUNK`.
fn evaluate_univariate(coeffs: &[Fr], xs: &[Fr; 3]) -> [Fr; 3] {
    const CHUNK: usize = 1 << 12;
    if coeffs.len() <= CHUNK {
        return horner3(coeffs, xs);
    }
    let partial: Vec<[Fr; 3]> = coeffs.par_chunks(CHUNK).map(|c| horner3(c, xs)).collect();
    let ys = xs.map(|x| x.pow([CHUNK as u64]));
    let mut acc = [Fr::zero(); 3];
    for p in partial.iter().rev() {
        for k in 0..3 {
            acc[k] = acc[k] * ys[k] + p[k];
        }
    }
    acc
}

/// The quotient of `b(X)` divided by `X - a` (the remainder `b(a)` is
/// dropped), by synthetic division: `w_{k-1} = b_k + a w_k` from the top
/// coefficient down.
fn divide_by_linear(b: &[Fr], a: Fr) -> Vec<Fr> {
    if b.len() <= 1 {
        return Vec::new();
    }
    let d = b.len() - 1;
    let mut w = vec![Fr::zero(); d];
    let mut carry = Fr::zero();
    for k in (1..=d).rev() {
        carry = b[k] + a * carry;
        w[k - 1] = carry;
    }
    w
}

/// The quotient of `b(X)` divided by `prod_j (X - roots_j)`. Dividing by one
/// factor after another gives it: each step's remainder has degree below
/// that step's divisor and so only lands in the final remainder.
fn divide_by_roots(b: &[Fr], roots: &[Fr]) -> Vec<Fr> {
    roots
        .iter()
        .fold(b.to_vec(), |acc, a| divide_by_linear(&acc, *a))
}

/// The three opening points `[r, -r, r^2]`, or `None` when they are not
/// distinct or `r = 0` (the folding check divides by `2r`).
fn opening_points(r: Fr) -> Option<[Fr; 3]> {
    let points = [r, -r, r.square()];
    let distinct = points[0] != points[1] && points[0] != points[2] && points[1] != points[2];
    distinct.then_some(points)
}

/// `Z(z) = prod_j (z - a_j)`, shared by prover and verifier.
fn vanishing_at(points: &[Fr; 3], z: Fr) -> Fr {
    points.iter().map(|a| z - a).product()
}

/// `Z(z) = prod_j (z - a_j)` and `I(z)`, where `I` is the polynomial of
/// degree below 3 through `(a_j, y_j)`, by Lagrange's formula
/// `I(z) = sum_j y_j prod_{k != j} (z - a_k) / (a_j - a_k)`. The points must
/// be distinct.
fn vanishing_and_interpolant_at(points: &[Fr; 3], values: &[Fr; 3], z: Fr) -> (Fr, Fr) {
    let vanishing = vanishing_at(points, z);
    let mut denominators = [Fr::one(); 3];
    let mut numerators = [Fr::one(); 3];
    for j in 0..3 {
        for k in (0..3).filter(|&k| k != j) {
            denominators[j] *= points[j] - points[k];
            numerators[j] *= z - points[k];
        }
    }
    ark_ff::batch_inversion(&mut denominators);
    let interpolant = (0..3)
        .map(|j| values[j] * numerators[j] * denominators[j])
        .sum();
    (vanishing, interpolant)
}

/// Absorbs G1 points in the transcript's canonical (compressed affine) form.
fn append_g1(transcript: &mut Transcript, label: &'static [u8], points: &[G1Affine]) {
    let projective: Vec<G1Projective> = points.iter().map(|p| p.into_group()).collect();
    transcript.append_points(label, &projective);
}

/// The statement of one opening: number of variables, point, value.
fn append_statement(transcript: &mut Transcript, point: &[Fr], eval: Fr) {
    transcript.append_u64(b"hyperkzg_num_vars", point.len() as u64);
    transcript.append_scalars(b"hyperkzg_point", point);
    transcript.append_scalar(b"hyperkzg_eval", &eval);
}

/// The verifier's side of the Fiat-Shamir schedule after the statement:
/// absorbs the folded commitments, draws `r`; absorbs the evaluations, draws
/// `q`; absorbs `W`, draws `z`; absorbs `W'`. Must mirror the prover exactly.
/// The proof must have its two witnesses.
fn verifier_challenges(transcript: &mut Transcript, proof: &HyperKzgProof) -> [Fr; 3] {
    append_g1(transcript, b"hyperkzg_folds", &proof.folded_commitments);
    let r: Fr = transcript.challenge_scalar(b"hyperkzg_r");
    transcript.append_scalars(b"hyperkzg_evals_r", &proof.evals_at_r);
    transcript.append_scalars(b"hyperkzg_evals_minus_r", &proof.evals_at_minus_r);
    transcript.append_scalars(b"hyperkzg_evals_r2", &proof.evals_at_r_squared);
    let q: Fr = transcript.challenge_scalar(b"hyperkzg_q");
    append_g1(transcript, b"hyperkzg_quotient", &proof.witnesses[..1]);
    let z: Fr = transcript.challenge_scalar(b"hyperkzg_z");
    append_g1(
        transcript,
        b"hyperkzg_opening_witness",
        &proof.witnesses[1..],
    );
    [r, q, z]
}

/// `sum_i q^i e_i`: a value of `B` from the values of the `f_i`.
fn combine_with_powers(values: &[Fr], q_powers: &[Fr]) -> Fr {
    values.iter().zip(q_powers).map(|(e, qi)| *e * qi).sum()
}

/// `[1, x, ..., x^(n-1)]`.
fn powers(x: Fr, n: usize) -> Vec<Fr> {
    std::iter::successors(Some(Fr::one()), |p| Some(*p * x))
        .take(n)
        .collect()
}

/// How [`HyperKzg::open_impl`] cheats, for the soundness tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cheat {
    None,
    /// Adds `delta` to coefficient 0 of `f_{i+1}` right after it is folded
    /// (later folds start from the corrupted one).
    #[cfg_attr(not(test), allow(dead_code))]
    CorruptFold(usize, Fr),
    /// Opens a polynomial of more variables than the point has, folding it
    /// as if it had as many (a commitment does not say its size).
    #[cfg_attr(not(test), allow(dead_code))]
    Oversized,
}

impl HyperKzg {
    /// The opening prover (see the module docs).
    ///
    /// # Panics
    /// If `poly` does not have `point.len()` variables or is larger than the
    /// key (programming errors).
    pub fn open(
        pk: &HyperKzgProverKey,
        poly: &DensePolynomial<Fr>,
        point: &[Fr],
        eval: Fr,
        transcript: &mut Transcript,
    ) -> HyperKzgProof {
        Self::open_impl(pk, poly, point, eval, transcript, Cheat::None)
    }

    /// The prover, with a hook for soundness tests ([`Cheat`]).
    fn open_impl(
        pk: &HyperKzgProverKey,
        poly: &DensePolynomial<Fr>,
        point: &[Fr],
        eval: Fr,
        transcript: &mut Transcript,
        cheat: Cheat,
    ) -> HyperKzgProof {
        let n = point.len();
        assert!(
            poly.num_vars() == n || (cheat == Cheat::Oversized && poly.num_vars() > n),
            "HyperKZG: opening a polynomial of {} variables at a point of {n}",
            poly.num_vars()
        );
        assert!(
            n <= pk.max_num_vars(),
            "HyperKZG: polynomial of {n} variables exceeds the key's {}",
            pk.max_num_vars()
        );
        append_statement(transcript, point, eval);
        if n == 0 {
            return HyperKzgProof::default();
        }
        let bases = pk.srs.g1_powers.as_slice();

        // f_1..f_{n-1}: f_{i+1} binds the bottom variable of f_i to u_{n-1-i}.
        let mut folds: Vec<Vec<Fr>> = Vec::with_capacity(n - 1);
        for i in 0..n - 1 {
            let prev = if i == 0 {
                poly.evals()
            } else {
                folds[i - 1].as_slice()
            };
            let mut next = fold(prev, point[n - 1 - i]);
            if let Cheat::CorruptFold(j, delta) = cheat {
                if j == i {
                    next[0] += delta;
                }
            }
            folds.push(next);
        }
        let fold_comms: Vec<G1Projective> = folds.iter().map(|f| msm_field(bases, f)).collect();
        let folded_commitments = G1Projective::normalize_batch(&fold_comms);
        append_g1(transcript, b"hyperkzg_folds", &folded_commitments);

        let r: Fr = transcript.challenge_scalar(b"hyperkzg_r");
        // r in {0, 1, -1} has probability 3 / |Fr|; the verifier rejects it.
        let points = [r, -r, r.square()];
        let all: Vec<&[Fr]> = std::iter::once(poly.evals())
            .chain(folds.iter().map(|f| f.as_slice()))
            .collect();
        let evals: Vec<[Fr; 3]> = all
            .iter()
            .map(|f| evaluate_univariate(f, &points))
            .collect();
        let evals_at_r: Vec<Fr> = evals.iter().map(|e| e[0]).collect();
        let evals_at_minus_r: Vec<Fr> = evals.iter().map(|e| e[1]).collect();
        let evals_at_r_squared: Vec<Fr> = evals.iter().map(|e| e[2]).collect();
        transcript.append_scalars(b"hyperkzg_evals_r", &evals_at_r);
        transcript.append_scalars(b"hyperkzg_evals_minus_r", &evals_at_minus_r);
        transcript.append_scalars(b"hyperkzg_evals_r2", &evals_at_r_squared);

        // B(X) = sum_i q^i f_i(X).
        let q: Fr = transcript.challenge_scalar(b"hyperkzg_q");
        let q_powers = powers(q, n);
        let mut b = poly.evals().to_vec();
        for (f, qi) in folds.iter().zip(&q_powers[1..]) {
            if f.len() >= PAR_THRESHOLD {
                b.par_iter_mut()
                    .zip(f.par_iter())
                    .for_each(|(bj, fj)| *bj += *qi * fj);
            } else {
                b.iter_mut().zip(f).for_each(|(bj, fj)| *bj += *qi * fj);
            }
        }

        // W = [Q], Q = (B - I) / Z.
        let quotient = divide_by_roots(&b, &points);
        let w = msm_field(bases, &quotient).into_affine();
        append_g1(transcript, b"hyperkzg_quotient", &[w]);

        // W' = [(B - Z(z) Q - L_0) / (X - z)]: the constant of L does not
        // change the quotient by X - z, so it is left out.
        let z: Fr = transcript.challenge_scalar(b"hyperkzg_z");
        let vanishing_at_z = vanishing_at(&points, z);
        let scaled = |(bj, qj): (&mut Fr, &Fr)| *bj -= vanishing_at_z * qj;
        if quotient.len() >= PAR_THRESHOLD {
            b.par_iter_mut().zip(quotient.par_iter()).for_each(scaled);
        } else {
            b.iter_mut().zip(quotient.iter()).for_each(scaled);
        }
        let w_prime = msm_field(bases, &divide_by_linear(&b, z)).into_affine();
        append_g1(transcript, b"hyperkzg_opening_witness", &[w_prime]);
        let witnesses = vec![w, w_prime];

        HyperKzgProof {
            folded_commitments,
            evals_at_r,
            evals_at_minus_r,
            evals_at_r_squared,
            witnesses,
        }
    }

    /// The opening verifier (see the module docs). Rejects, never panics, on
    /// a proof of the wrong shape.
    pub fn check(
        vk: &HyperKzgVerifierKey,
        commitment: &HyperKzgCommitment,
        point: &[Fr],
        eval: Fr,
        proof: &HyperKzgProof,
        transcript: &mut Transcript,
    ) -> Result<(), ProofError> {
        let n = point.len();
        if n as u64 > vk.max_num_vars {
            return Err(ProofError::Malformed(format!(
                "HyperKZG: point of {n} variables exceeds the key's {}",
                vk.max_num_vars
            )));
        }
        let (want_folds, want_evals, want_witnesses) =
            if n == 0 { (0, 0, 0) } else { (n - 1, n, 2) };
        let shape = [
            (
                "folded commitments",
                proof.folded_commitments.len(),
                want_folds,
            ),
            ("evaluations at r", proof.evals_at_r.len(), want_evals),
            (
                "evaluations at -r",
                proof.evals_at_minus_r.len(),
                want_evals,
            ),
            (
                "evaluations at r^2",
                proof.evals_at_r_squared.len(),
                want_evals,
            ),
            ("witnesses", proof.witnesses.len(), want_witnesses),
        ];
        for (what, got, want) in shape {
            if got != want {
                return Err(ProofError::Malformed(format!(
                    "HyperKZG proof for {n} variables has {got} {what}, expected {want}"
                )));
            }
        }

        append_statement(transcript, point, eval);
        if n == 0 {
            return if commitment.0 == (vk.g1 * eval).into_affine() {
                Ok(())
            } else {
                Err(ProofError::Opening(
                    "HyperKZG: constant commitment is not eval * G1".into(),
                ))
            };
        }

        let [r, q, z] = verifier_challenges(transcript, proof);
        let points = opening_points(r)
            .ok_or_else(|| ProofError::Opening("HyperKZG: challenge r is 0, 1 or -1".into()))?;

        // Folding consistency.
        let two_inv = Fr::from(2u64).inverse().expect("2 is invertible");
        let two_r_inv = (r + r).inverse().expect("r is nonzero");
        for i in 0..n {
            let u = point[n - 1 - i];
            let (at_r, at_minus_r) = (proof.evals_at_r[i], proof.evals_at_minus_r[i]);
            let even = (at_r + at_minus_r) * two_inv;
            let odd = (at_r - at_minus_r) * two_r_inv;
            let folded = even + u * (odd - even);
            let expected = if i + 1 < n {
                proof.evals_at_r_squared[i + 1]
            } else {
                eval
            };
            if folded != expected {
                return Err(ProofError::Opening(format!(
                    "HyperKZG: fold {i} does not match the next evaluation at r^2"
                )));
            }
        }

        // The openings of B at r, -r, r^2:
        // e([L] + z W', G2) e(-W', tau G2) = 1 with
        // [L] = C_B - I(z) G1 - Z(z) W and C_B = sum_i q^i C_i.
        let q_powers = powers(q, n);
        let b_values = [
            combine_with_powers(&proof.evals_at_r, &q_powers),
            combine_with_powers(&proof.evals_at_minus_r, &q_powers),
            combine_with_powers(&proof.evals_at_r_squared, &q_powers),
        ];
        let (vanishing_at_z, interpolant_at_z) =
            vanishing_and_interpolant_at(&points, &b_values, z);
        let [w, w_prime] = [proof.witnesses[0], proof.witnesses[1]];

        let mut bases: Vec<G1Affine> = Vec::with_capacity(n + 3);
        let mut scalars: Vec<Fr> = Vec::with_capacity(n + 3);
        bases.push(commitment.0);
        bases.extend_from_slice(&proof.folded_commitments);
        scalars.extend_from_slice(&q_powers);
        bases.extend([vk.g1, w, w_prime]);
        scalars.extend([-interpolant_at_z, -vanishing_at_z, z]);
        let left = G1Projective::msm_unchecked(&bases, &scalars);

        let ok = Bn254::final_exponentiation(Bn254::multi_miller_loop(
            [left.into_affine(), (-w_prime.into_group()).into_affine()],
            [vk.g2, vk.tau_g2],
        ))
        .is_some_and(|out| out.is_zero());
        if ok {
            Ok(())
        } else {
            Err(ProofError::Opening(
                "HyperKZG: the pairing check of the openings at r, -r, r^2 failed".into(),
            ))
        }
    }
}

impl CommitmentScheme<Fr> for HyperKzg {
    type ProverKey = HyperKzgProverKey;
    type VerifierKey = HyperKzgVerifierKey;
    type Commitment = HyperKzgCommitment;
    type Proof = HyperKzgProof;

    const NAME: &'static str = "hyperkzg-bn254";

    /// **Tests and development only** (see [`HyperKzgSrs::from_seed`]).
    fn setup_from_seed(max_num_vars: usize, seed: &[u8]) -> Self::ProverKey {
        HyperKzgProverKey::new(HyperKzgSrs::from_seed(max_num_vars, seed))
    }

    fn verifier_key(pk: &Self::ProverKey) -> Self::VerifierKey {
        pk.verifier_key()
    }

    /// Only `tau g2` depends on the seed: no G1 power is computed.
    fn verifier_key_from_seed(max_num_vars: usize, seed: &[u8]) -> Self::VerifierKey {
        assert!(
            max_num_vars <= MAX_SEED_SRS_NUM_VARS,
            "HyperKZG SRS of 2^{max_num_vars} powers is too large"
        );
        let g2 = G2Affine::generator();
        HyperKzgVerifierKey {
            g1: G1Affine::generator(),
            g2,
            tau_g2: (g2 * srs::tau_from_seed(seed)).into_affine(),
            max_num_vars: max_num_vars as u64,
        }
    }

    fn max_num_vars(pk: &Self::ProverKey) -> usize {
        pk.max_num_vars()
    }

    /// Reads the count, the first `2^max_num_vars` G1 powers (validated),
    /// seeks past the others (64 bytes each, uncompressed), then reads and
    /// validates `G2` and `tau G2`.
    fn read_prover_key<R: std::io::Read + std::io::Seek>(
        reader: &mut R,
        max_num_vars: Option<usize>,
    ) -> Result<Self::ProverKey, SerializationError> {
        let (c, v) = (Compress::No, Validate::Yes);
        let n = u64::deserialize_with_mode(&mut *reader, c, v)?;
        let keep = match max_num_vars {
            Some(k) if k < 64 && (1u64 << k) < n => 1u64 << k,
            _ => n,
        };
        // Allocate only as the points arrive: `n` is the file's word.
        let mut g1_powers = Vec::new();
        for _ in 0..keep {
            g1_powers.push(G1Affine::deserialize_with_mode(&mut *reader, c, v)?);
        }
        let point_bytes = G1Affine::generator().serialized_size(c) as u64;
        let skip = (n - keep)
            .checked_mul(point_bytes)
            .and_then(|b| i64::try_from(b).ok())
            .ok_or(SerializationError::InvalidData)?;
        reader.seek(std::io::SeekFrom::Current(skip))?;
        let g2 = G2Affine::deserialize_with_mode(&mut *reader, c, v)?;
        let tau_g2 = G2Affine::deserialize_with_mode(&mut *reader, c, v)?;
        let srs = HyperKzgSrs::from_parts(g1_powers, g2, tau_g2)
            .map_err(|_| SerializationError::InvalidData)?;
        Ok(HyperKzgProverKey::new(srs))
    }

    fn trim(pk: &Self::ProverKey, max_num_vars: usize) -> Option<Self::ProverKey> {
        if max_num_vars > pk.max_num_vars() {
            return None;
        }
        if max_num_vars == pk.max_num_vars() {
            return Some(pk.clone());
        }
        Some(HyperKzgProverKey::new(HyperKzgSrs {
            g1_powers: pk.srs.g1_powers[..1 << max_num_vars].to_vec(),
            g2: pk.srs.g2,
            tau_g2: pk.srs.tau_g2,
        }))
    }

    /// `G1`, `G2` and `tau G2`, compressed: the size bound is left out, so
    /// every cut of one SRS has one identity (and the pairing check reads
    /// nothing else).
    fn key_identity(vk: &Self::VerifierKey) -> Vec<u8> {
        let mut bytes = Vec::new();
        (vk.g1, vk.g2, vk.tau_g2)
            .serialize_compressed(&mut bytes)
            .expect("serializing into a Vec cannot fail");
        bytes
    }

    /// `tau G2` compared with the seed's `tau` times the key's own `G2`: a
    /// key built on other generators from the same `tau` is caught too.
    fn derived_from_seed(vk: &Self::VerifierKey, seed: &[u8]) -> bool {
        (vk.g2 * srs::tau_from_seed(seed)).into_affine() == vk.tau_g2
    }

    /// # Panics
    /// If the polynomial has more variables than the key supports.
    fn commit(pk: &Self::ProverKey, poly: &Polynomial<Fr>) -> Self::Commitment {
        HyperKzgCommitment(commit_poly(&pk.srs, poly).into_affine())
    }

    fn batch_commit(pk: &Self::ProverKey, polys: &[&Polynomial<Fr>]) -> Vec<Self::Commitment> {
        let comms: Vec<G1Projective> = polys.par_iter().map(|p| commit_poly(&pk.srs, p)).collect();
        G1Projective::normalize_batch(&comms)
            .into_iter()
            .map(HyperKzgCommitment)
            .collect()
    }

    /// # Panics
    /// If the two slices differ in length.
    fn combine_commitments(commitments: &[&Self::Commitment], coeffs: &[Fr]) -> Self::Commitment {
        assert_eq!(
            commitments.len(),
            coeffs.len(),
            "one coefficient per commitment"
        );
        let bases: Vec<G1Affine> = commitments.iter().map(|c| c.0).collect();
        HyperKzgCommitment(G1Projective::msm_unchecked(&bases, coeffs).into_affine())
    }

    fn prove(
        pk: &Self::ProverKey,
        poly: &DensePolynomial<Fr>,
        point: &[Fr],
        eval: Fr,
        transcript: &mut Transcript,
    ) -> Self::Proof {
        Self::open(pk, poly, point, eval, transcript)
    }

    fn verify(
        vk: &Self::VerifierKey,
        commitment: &Self::Commitment,
        point: &[Fr],
        eval: Fr,
        proof: &Self::Proof,
        transcript: &mut Transcript,
    ) -> Result<(), ProofError> {
        Self::check(vk, commitment, point, eval, proof, transcript)
    }
}

#[cfg(test)]
mod tests;
