//! The scalar field every protocol in this crate is generic over.
//!
//! [`Field`] is a narrow extension of arkworks' `PrimeField`: it adds the
//! conversions from machine integers that witness generation leans on (trace
//! values are small, and most committed polynomials hold u8..u64 entries) and
//! random sampling. The only instance shipped is the BN254 scalar field
//! [`Fr`]; nothing else in the crate names it.

use ark_ff::{PrimeField, UniformRand};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use rand_core::RngCore;

/// The BN254 scalar field, the field of every proof in this project.
pub use ark_bn254::Fr;

/// A prime field with fast paths for small integers.
pub trait Field:
    PrimeField + CanonicalSerialize + CanonicalDeserialize + Send + Sync + 'static
{
    /// Size in bytes of one serialized element.
    const NUM_BYTES: usize;

    #[inline]
    fn from_u8(x: u8) -> Self {
        Self::from_u64(x as u64)
    }
    #[inline]
    fn from_u16(x: u16) -> Self {
        Self::from_u64(x as u64)
    }
    #[inline]
    fn from_u32(x: u32) -> Self {
        Self::from_u64(x as u64)
    }
    /// Conversion from u64: one Montgomery multiplication.
    fn from_u64(x: u64) -> Self;
    /// Conversion from i64: negative values map to `p - |x|`.
    #[inline]
    fn from_i64(x: i64) -> Self {
        if x >= 0 {
            Self::from_u64(x as u64)
        } else {
            -Self::from_u64(x.unsigned_abs())
        }
    }
    #[inline]
    fn from_u128(x: u128) -> Self {
        Self::from_u64((x >> 64) as u64) * Self::from_u64(1 << 32).square()
            + Self::from_u64(x as u64)
    }
    /// Conversion from i128: negative values map to `p - |x|`.
    #[inline]
    fn from_i128(x: i128) -> Self {
        let magnitude = x.unsigned_abs();
        let v = if magnitude >> 64 == 0 {
            Self::from_u64(magnitude as u64)
        } else {
            Self::from_u128(magnitude)
        };
        if x < 0 {
            -v
        } else {
            v
        }
    }
    /// Multiplication by a small integer (cheaper than a full product when the
    /// backend specialises it; correct for every value either way).
    #[inline]
    fn mul_u64(self, x: u64) -> Self {
        self * Self::from_u64(x)
    }
    /// A uniformly random element.
    fn random<R: RngCore + ?Sized>(rng: &mut R) -> Self;
    /// The element as a u64, if it is one (used by tests and small-value
    /// detection; never by a verifier).
    fn to_u64(&self) -> Option<u64> {
        let bigint = self.into_bigint();
        let limbs: &[u64] = bigint.as_ref();
        if limbs[1..].iter().all(|&l| l == 0) {
            Some(limbs[0])
        } else {
            None
        }
    }
}

impl Field for Fr {
    const NUM_BYTES: usize = 32;

    #[inline]
    fn from_u64(x: u64) -> Self {
        Fr::from(x)
    }

    fn random<R: RngCore + ?Sized>(rng: &mut R) -> Self {
        struct Adapter<'a, R: RngCore + ?Sized>(&'a mut R);
        impl<R: RngCore + ?Sized> RngCore for Adapter<'_, R> {
            fn next_u32(&mut self) -> u32 {
                self.0.next_u32()
            }
            fn next_u64(&mut self) -> u64 {
                self.0.next_u64()
            }
            fn fill_bytes(&mut self, dest: &mut [u8]) {
                self.0.fill_bytes(dest)
            }
            fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
                self.0.try_fill_bytes(dest)
            }
        }
        <Fr as UniformRand>::rand(&mut Adapter(rng))
    }
}

/// Batch inversion in place; zeros stay zero.
pub fn batch_inverse<F: Field>(values: &mut [F]) {
    ark_ff::batch_inversion(values);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_std::test_rng;

    #[test]
    fn small_integer_conversions_agree_with_arkworks() {
        for x in [0u64, 1, 2, 255, 65535, u32::MAX as u64, u64::MAX] {
            assert_eq!(Fr::from_u64(x), Fr::from(x));
        }
        assert_eq!(Fr::from_u8(200), Fr::from(200u64));
        assert_eq!(Fr::from_u16(60000), Fr::from(60000u64));
        assert_eq!(Fr::from_u32(u32::MAX), Fr::from(u32::MAX as u64));
        assert_eq!(Fr::from_i64(-5) + Fr::from(5u64), Fr::from(0u64));
        assert_eq!(Fr::from_i64(i64::MIN), -Fr::from(1u64 << 63));
        assert_eq!(Fr::from_u128(u128::MAX), Fr::from(u128::MAX));
        assert_eq!(Fr::from_u128(1 << 64), Fr::from(1u128 << 64));
        assert_eq!(Fr::from(7u64).mul_u64(6), Fr::from(42u64));
    }

    #[test]
    fn to_u64_round_trips_small_values_only() {
        assert_eq!(Fr::from_u64(12345).to_u64(), Some(12345));
        assert_eq!((-Fr::from_u64(1)).to_u64(), None);
        let mut rng = test_rng();
        let r = Fr::random(&mut rng);
        assert_ne!(r, Fr::random(&mut rng));
    }
}
