//! The one error type verifiers return.

use thiserror::Error;

/// Why a verifier rejected, or why proof bytes could not be read.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ProofError {
    /// A sum-check round polynomial is inconsistent with the running claim.
    #[error("sum-check failed in round {round}: {reason}")]
    SumcheckRound { round: usize, reason: &'static str },
    /// The last sum-check claim disagrees with the claimed evaluations.
    #[error("sum-check final claim does not match the evaluations ({0})")]
    SumcheckFinal(&'static str),
    /// A proof has the wrong number of parts (rounds, layers, evaluations).
    #[error("malformed proof: {0}")]
    Malformed(String),
    /// A grand-product layer or output claim does not hold.
    #[error("grand product check failed: {0}")]
    GrandProduct(String),
    /// A polynomial-commitment opening does not verify.
    #[error("opening proof rejected: {0}")]
    Opening(String),
    /// A claim the protocol relies on does not hold.
    #[error("verification failed: {0}")]
    Invalid(String),
    /// Bytes could not be deserialized.
    #[error("could not deserialize: {0}")]
    Deserialization(String),
}

impl From<ark_serialize::SerializationError> for ProofError {
    fn from(e: ark_serialize::SerializationError) -> Self {
        ProofError::Deserialization(e.to_string())
    }
}
