//! Canonical proof bytes: one proof, one encoding.
//!
//! arkworks' compressed encoding accepts some non-canonical inputs: an
//! encoding with the infinity flag set reads back as the identity whatever
//! its other bytes hold. A verifier that accepted such bytes
//! would accept many encodings of one proof (a malleability a caller
//! hashing or deduplicating proofs would trip over). [`from_bytes`] reads
//! with full validation (points on the curve and in the subgroup, field
//! elements below the modulus), refuses trailing bytes, and re-encodes the
//! value, refusing any input that is not the value's own encoding.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

use crate::errors::ProofError;

/// The compressed encoding of `value`.
pub fn to_bytes<T: CanonicalSerialize>(value: &T) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(value.compressed_size());
    value
        .serialize_compressed(&mut bytes)
        .expect("serializing into a Vec cannot fail");
    bytes
}

/// Reads a value from its canonical compressed encoding (see the module
/// documentation); any other input is an error, never a panic.
pub fn from_bytes<T: CanonicalSerialize + CanonicalDeserialize>(
    bytes: &[u8],
) -> Result<T, ProofError> {
    let mut reader = bytes;
    let value = T::deserialize_compressed(&mut reader)?;
    if !reader.is_empty() {
        return Err(ProofError::Deserialization(format!(
            "{} trailing bytes",
            reader.len()
        )));
    }
    if to_bytes(&value) != bytes {
        return Err(ProofError::Deserialization(
            "not the canonical encoding of its value".into(),
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use ark_bn254::G1Affine;
    use ark_ec::AffineRepr;

    use super::*;
    use crate::field::{Field, Fr};
    use crate::grand_product;
    use crate::transcript::Transcript;

    #[test]
    fn an_identity_point_with_stray_bytes_is_refused() {
        let bytes = to_bytes(&G1Affine::zero());
        assert_eq!(from_bytes::<G1Affine>(&bytes).unwrap(), G1Affine::zero());
        let mut stray = bytes.clone();
        stray[0] ^= 0x5a;
        // arkworks alone reads it as the identity...
        assert_eq!(
            G1Affine::deserialize_compressed(&stray[..]).unwrap(),
            G1Affine::zero()
        );
        // ...the canonical reader does not.
        assert!(from_bytes::<G1Affine>(&stray).is_err());
    }

    #[test]
    fn proofs_round_trip_and_other_bytes_are_refused() {
        let inputs: Vec<Vec<Fr>> = (0..2)
            .map(|j| (0..8).map(|i| Fr::from_u64(i * 7 + j + 1)).collect())
            .collect();
        let (proof, _, _) = grand_product::prove(inputs, &mut Transcript::new(b"bytes"));
        let bytes = to_bytes(&proof);
        assert_eq!(
            from_bytes::<grand_product::BatchedGrandProductProof<Fr>>(&bytes).unwrap(),
            proof
        );
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(from_bytes::<grand_product::BatchedGrandProductProof<Fr>>(&longer).is_err());
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                from_bytes::<grand_product::BatchedGrandProductProof<Fr>>(&bytes[..cut]).is_err()
            );
        }
        // A field element at or above the modulus.
        let mut big = bytes.clone();
        let last = big.len() - 1;
        big[last] = 0xff;
        big[last - 1] = 0xff;
        assert!(from_bytes::<grand_product::BatchedGrandProductProof<Fr>>(&big).is_err());
    }
}
