//! Fiat-Shamir transcript over merlin (STROBE).
//!
//! Every append and challenge carries a label, so two protocols that absorb
//! the same bytes in a different role produce different challenges. Field
//! elements are absorbed in their canonical compressed serialization; curve
//! points likewise (compressed, so one point has one encoding). Challenges are
//! drawn as 64 uniform bytes reduced modulo the field order, whose bias is
//! negligible.

use ark_ec::CurveGroup;
use ark_serialize::CanonicalSerialize;

use crate::field::Field;

/// A Fiat-Shamir transcript. Cloning forks it (the verifier and prover in a
/// test each start from a clone of the same initial state).
#[derive(Clone)]
pub struct Transcript {
    inner: merlin::Transcript,
}

impl Transcript {
    /// A fresh transcript for the protocol named `domain`.
    pub fn new(domain: &'static [u8]) -> Self {
        Self {
            inner: merlin::Transcript::new(domain),
        }
    }

    pub fn append_bytes(&mut self, label: &'static [u8], bytes: &[u8]) {
        self.inner.append_message(label, bytes);
    }

    pub fn append_u64(&mut self, label: &'static [u8], x: u64) {
        self.inner.append_u64(label, x);
    }

    pub fn append_scalar<F: Field>(&mut self, label: &'static [u8], x: &F) {
        let mut bytes = Vec::with_capacity(F::NUM_BYTES);
        x.serialize_compressed(&mut bytes)
            .expect("serializing into a Vec cannot fail");
        self.inner.append_message(label, &bytes);
    }

    /// Appends the length, then every element, so that `[a, b]` and `[a], [b]`
    /// absorb differently.
    pub fn append_scalars<F: Field>(&mut self, label: &'static [u8], xs: &[F]) {
        self.inner.append_message(label, b"begin_scalars");
        self.inner.append_u64(b"len", xs.len() as u64);
        for x in xs {
            self.append_scalar(b"scalar", x);
        }
        self.inner.append_message(label, b"end_scalars");
    }

    pub fn append_point<G: CurveGroup>(&mut self, label: &'static [u8], p: &G) {
        let mut bytes = Vec::new();
        p.into_affine()
            .serialize_compressed(&mut bytes)
            .expect("serializing into a Vec cannot fail");
        self.inner.append_message(label, &bytes);
    }

    pub fn append_points<G: CurveGroup>(&mut self, label: &'static [u8], ps: &[G]) {
        self.inner.append_message(label, b"begin_points");
        self.inner.append_u64(b"len", ps.len() as u64);
        for p in G::normalize_batch(ps) {
            let mut bytes = Vec::new();
            p.serialize_compressed(&mut bytes)
                .expect("serializing into a Vec cannot fail");
            self.inner.append_message(b"point", &bytes);
        }
        self.inner.append_message(label, b"end_points");
    }

    /// Absorbs any serializable value (a commitment, a proof part).
    pub fn append_serializable<T: CanonicalSerialize>(&mut self, label: &'static [u8], value: &T) {
        let mut bytes = Vec::new();
        value
            .serialize_compressed(&mut bytes)
            .expect("serializing into a Vec cannot fail");
        self.inner.append_message(label, &bytes);
    }

    pub fn challenge_scalar<F: Field>(&mut self, label: &'static [u8]) -> F {
        let mut bytes = [0u8; 64];
        self.inner.challenge_bytes(label, &mut bytes);
        F::from_le_bytes_mod_order(&bytes)
    }

    /// Uniform challenge bytes (a hash of everything absorbed so far, for
    /// digests).
    pub fn challenge_bytes<const N: usize>(&mut self, label: &'static [u8]) -> [u8; N] {
        let mut bytes = [0u8; N];
        self.inner.challenge_bytes(label, &mut bytes);
        bytes
    }

    pub fn challenge_scalars<F: Field>(&mut self, label: &'static [u8], n: usize) -> Vec<F> {
        (0..n).map(|_| self.challenge_scalar(label)).collect()
    }

    /// `[1, rho, rho^2, ...]` for one challenge `rho`: the coefficients of a
    /// random linear combination.
    pub fn challenge_powers<F: Field>(&mut self, label: &'static [u8], n: usize) -> Vec<F> {
        let rho: F = self.challenge_scalar(label);
        std::iter::successors(Some(F::one()), |p| Some(*p * rho))
            .take(n)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Fr;

    #[test]
    fn same_appends_give_same_challenges() {
        let mut a = Transcript::new(b"test");
        let mut b = Transcript::new(b"test");
        for t in [&mut a, &mut b] {
            t.append_u64(b"n", 5);
            t.append_scalars(b"xs", &[Fr::from(1u64), Fr::from(2u64)]);
        }
        let ca: Fr = a.challenge_scalar(b"c");
        let cb: Fr = b.challenge_scalar(b"c");
        assert_eq!(ca, cb);
    }

    #[test]
    fn every_input_changes_the_challenge() {
        let base = || {
            let mut t = Transcript::new(b"test");
            t.append_u64(b"n", 5);
            t
        };
        let reference: Fr = base().challenge_scalar(b"c");

        let mut other_value = Transcript::new(b"test");
        other_value.append_u64(b"n", 6);
        let mut other_label = Transcript::new(b"test");
        other_label.append_u64(b"m", 5);
        let mut other_domain = Transcript::new(b"tesT");
        other_domain.append_u64(b"n", 5);
        for mut t in [other_value, other_label, other_domain] {
            assert_ne!(reference, t.challenge_scalar::<Fr>(b"c"));
        }
        // Splitting a vector differently changes the challenge too.
        let mut joined = base();
        joined.append_scalars(b"xs", &[Fr::from(1u64), Fr::from(2u64)]);
        let mut split = base();
        split.append_scalars(b"xs", &[Fr::from(1u64)]);
        split.append_scalars(b"xs", &[Fr::from(2u64)]);
        assert_ne!(
            joined.challenge_scalar::<Fr>(b"c"),
            split.challenge_scalar::<Fr>(b"c")
        );
    }

    #[test]
    fn successive_challenges_differ_and_powers_are_powers() {
        let mut t = Transcript::new(b"test");
        let a: Fr = t.challenge_scalar(b"c");
        let b: Fr = t.challenge_scalar(b"c");
        assert_ne!(a, b);
        let powers: Vec<Fr> = t.challenge_powers(b"rho", 4);
        assert_eq!(powers[0], Fr::from(1u64));
        assert_eq!(powers[2], powers[1] * powers[1]);
        assert_eq!(powers[3], powers[2] * powers[1]);
    }
}
