//! Surge: the Lasso lookup argument for a family of decomposable tables used
//! together (Setty, Thaler, Wahby, eprint 2023/1216, section on Surge).
//!
//! # Statement
//!
//! For `N = 2^n` rows, a family of tables `T_0..T_{k-1}` (each a
//! [`DecomposableTable`](crate::lookup::DecomposableTable) over subtables of
//! `M = 2^log_m` entries) and commitments to the polynomials below: every
//! row `i` has exactly one flag `flag_t[i] = 1`, and the committed output is
//! `a[i] = T_t[index_i]` where `index_i` is the index whose `C_t` chunks are
//! `dim_0[i]..dim_{C_t-1}[i]`. The output, dimension and flag commitments
//! are what a caller (the zkVM's R1CS) ties to its own values; the rest is
//! internal to the argument. Padding rows are real lookups of entry 0 of
//! table 0, so that flags are one-hot on every row.
//!
//! # Memories
//!
//! [`SurgePreprocessing`] lists the distinct *memories*, pairs (subtable,
//! chunk position): a subtable read at the same chunk by two tables is one
//! memory (LTU and EQ share their EQ memories). Table `t`'s `g_t` reads the
//! memories `pp.table_memories(t)`, in the order of its `combine`. Every row
//! reads every memory, at the address `dim_c[i]` of the memory's chunk `c`.
//!
//! Memory checking is done per chunk position: all memories of chunk `c`
//! are read at the same addresses, so they form one read-only memory whose
//! cell `k` holds the tuple `(S_1[k], .., S_j[k])` of their subtables
//! (`pp.chunk_memories(c)`), and they share one read-count and one
//! final-count polynomial. With the five-table family at `log_m = 16` that
//! is 4 memory checks (not 20) and 4 + 4 count polynomials (not 40).
//!
//! # Committed polynomials
//!
//! | polynomial | size | meaning |
//! |---|---|---|
//! | `dim_c`, `c < C` | `N` | chunk `c` of the row's index (0 if its table has fewer chunks) |
//! | `E_m`, per memory | `N` | `S_m[dim_{c(m)}[i]]`, the value memory `m` returns to row `i` |
//! | `read_c`, `c < C` | `N` | number of earlier reads of address `dim_c[i]` at chunk `c` |
//! | `final_c`, `c < C` | `M` | total reads of each address at chunk `c` |
//! | `flag_t`, per table | `N` | 1 where the row looks up table `t` |
//! | `a` | `N` | the lookup results |
//!
//! All are small integers and commit as compact polynomials (cheap MSMs).
//! The statement (`n`, `log_m`, table names, chunk counts, degrees,
//! memories) and then all commitments are absorbed before any challenge.
//!
//! # Protocol
//!
//! 1. Challenges `gamma`, `tau` (memory checking), `r` in `F^n`,
//!    `b_0..b_{k-1}` (booleanity).
//! 2. The prover sends `a~(r)`. **Primary sum-check** (degree
//!    `max(3, 2 + max_t deg g_t)`):
//!    `a~(r) = sum_x eq(r, x) [sum_t flag_t(x) g_t(E(x)) + sum_t b_t (flag_t(x)^2 - flag_t(x))]`.
//!    It ends at a point `r_z`; the prover sends `E_m~(r_z)` and
//!    `flag_t~(r_z)`, and the verifier recomputes the integrand from them.
//!    Since `r` and the `b_t` are random, the identity forces both
//!    `a(x) = sum_t flag_t(x) g_t(E(x))` and `flag_t(x) in {0, 1}` on the
//!    whole hypercube (up to `(n + 1) / |F|`).
//! 3. **One-hot**: the verifier checks `sum_t flag_t~(r_z) = 1`. The
//!    multilinear `sum_t flag_t - 1` was committed before `r_z` was drawn,
//!    so it vanishes on the hypercube, and with booleanity every row has
//!    exactly one flag.
//! 4. **Offline memory checking** of every chunk `c` (memories `m_1..m_j`,
//!    subtables `S_1..S_j`) as a read-only memory of the
//!    [`memory_checking`](crate::memory_checking) engine, with fingerprints
//!    `h(a, v_1..v_j, t) = t + a gamma + sum_l v_l gamma^(l+1) - tau`:
//!    init `(k, S_1[k]..S_j[k], 0)`, read
//!    `(dim_c[i], E_{m_1}[i]..E_{m_j}[i], read_c[i])`, write the same with
//!    `read_c[i] + 1`, final `(k, S_1[k]..S_j[k], final_c[k])`. The engine's
//!    two batched grand products prove the products of the `2C` read and write vectors
//!    (length `N`) and of the `2C` init and final vectors (length `M`). The
//!    verifier checks `init * write = read * final` per chunk and that no
//!    product is zero (a zero would make the check vacuous), then the grand
//!    products' final claims: read and write at their point `r_rw` are
//!    affine in the sent `dim_c~`, `E_m~`, `read_c~` at `r_rw`
//!    (write = read + 1); init and final at `r_if` use
//!    `id~(r_if) = sum_j 2^(log_m-1-j) r_j`, the `S_l~(r_if)` the verifier
//!    computes in `O(log M)`, and the sent `final_c~(r_if)`. The multiset
//!    equality forces every read to return the tuple stored at `dim_c[i]`
//!    and every `dim_c[i]` to be an address below `M`: a tuple with any
//!    other address or value would have to balance its own `+1`s, which
//!    takes a multiple of the characteristic many reads. So
//!    `E_m = S_m[dim]` with no range check on the counts.
//! 5. **Openings**: `a~(r)`; at `r_z` the `E_m` and `flag_t`; at `r_rw` the
//!    `dim_c`, `E_m`, `read_c`; at `r_if` the `final_c`. Claims at one point
//!    are merged by a random linear combination (`rho` drawn after the
//!    values are absorbed; the verifier combines the commitments
//!    homomorphically), and the four resulting claims go into the
//!    [`ProverOpeningAccumulator`](crate::pcs::accumulator::ProverOpeningAccumulator),
//!    which proves them with one batched opening.
//!
//! # Using it
//!
//! ```
//! use lasso::field::Fr;
//! use lasso::lookup::surge::{self, SurgeLookup, SurgePreprocessing};
//! use lasso::lookup::tables::{interleave_operands, operand_family};
//! use lasso::pcs::{hyperkzg::HyperKzg, CommitmentScheme};
//! use lasso::Transcript;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let log_m = 8;
//! // Tables 0..5: AND, OR, XOR, EQ, LTU on 32-bit operands.
//! let pp = SurgePreprocessing::<Fr>::new(operand_family(log_m), log_m)?;
//! let lookups = [
//!     SurgeLookup::new(0, interleave_operands(0b1100, 0b1010, log_m)),
//!     SurgeLookup::new(4, interleave_operands(3, 7, log_m)),
//! ];
//! let pk = HyperKzg::setup_from_seed(log_m, b"example");
//! let (proof, num_vars, outputs, _timings) = surge::prove_lookups::<Fr, HyperKzg>(
//!     &pp, &pk, &lookups, &mut Transcript::new(b"example"),
//! )?;
//! assert_eq!(outputs[..2], [0b1000, 1]);
//! // The verifier, holding its own commitment to the results.
//! let results = surge::commit_outputs::<Fr, HyperKzg>(&pp, &pk, &outputs, num_vars);
//! let vk = HyperKzg::verifier_key(&pk);
//! surge::verify_with_outputs::<Fr, HyperKzg>(
//!     &pp, &vk, &proof, num_vars, &results, &mut Transcript::new(b"example"),
//! )?;
//! # Ok(())
//! # }
//! ```

mod preprocessing;
mod prover;
mod verifier;
mod witness;

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use thiserror::Error;

pub use preprocessing::{Memory, SurgePreprocessing};
pub use prover::{commit_outputs, prove, prove_deferred, prove_lookups, SurgeProverTimings};
pub use verifier::{verify, verify_deferred, verify_with_outputs};
pub use witness::{
    num_vars_for, outputs_polynomial, padding_lookup, small_polynomial, SurgeLookup, SurgeWitness,
};

use crate::field::Field;
use crate::memory_checking::{Column, MemoryCheckingProof, MemoryTuples, ReadOnlyAccess};
use crate::pcs::accumulator::BatchedOpeningProof;
use crate::pcs::CommitmentScheme;
use crate::sumcheck::SumcheckProof;

/// Why a Surge instance or witness could not be built (the verifier reports
/// [`ProofError`](crate::errors::ProofError)s instead).
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SurgeError {
    #[error("surge preprocessing: {0}")]
    Preprocessing(String),
    #[error("surge witness: {0}")]
    Witness(String),
}

/// The commitments of a Surge proof, in the witness's order.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct SurgeCommitments<C: CanonicalSerialize + CanonicalDeserialize> {
    /// `dim_c`, one per chunk position.
    pub dims: Vec<C>,
    /// `E_m`, one per memory.
    pub e: Vec<C>,
    /// `read_c`, one per chunk position.
    pub read_cts: Vec<C>,
    /// `final_c`, one per chunk position (`log_m` variables).
    pub final_cts: Vec<C>,
    /// `flag_t`, one per table.
    pub flags: Vec<C>,
    /// The lookup results `a`.
    pub outputs: C,
}

/// A Surge proof (see the module documentation for each part's role).
/// `O` is its opening: the accumulator's batched opening of its claims, or
/// `()` when the caller's accumulator proves them with its own
/// ([`prove_deferred`], [`verify_deferred`]).
#[derive(Clone, Debug, PartialEq, CanonicalSerialize, CanonicalDeserialize)]
pub struct SurgeProof<
    F: Field,
    PCS: CommitmentScheme<F>,
    O: CanonicalSerialize + CanonicalDeserialize + Send + Sync = BatchedOpeningProof<F, PCS>,
> {
    pub commitments: SurgeCommitments<PCS::Commitment>,
    /// `a~(r)`, the primary sum-check's claim.
    pub output_eval: F,
    pub primary_sumcheck: SumcheckProof<F>,
    /// `E_m~(r_z)`.
    pub primary_e_evals: Vec<F>,
    /// `flag_t~(r_z)`.
    pub primary_flag_evals: Vec<F>,
    /// The memory checks of the chunk positions (one memory each).
    pub memory: MemoryCheckingProof<F>,
    /// `dim_c~(r_rw)`.
    pub rw_dim_evals: Vec<F>,
    /// `E_m~(r_rw)`.
    pub rw_e_evals: Vec<F>,
    /// `read_c~(r_rw)`.
    pub rw_read_cts_evals: Vec<F>,
    /// `final_c~(r_if)`.
    pub final_cts_evals: Vec<F>,
    /// The accumulator's one batched opening of every claim above.
    pub opening: O,
}

/// A Surge proof whose claims are left in the caller's accumulator.
pub type DeferredSurgeProof<F, PCS> = SurgeProof<F, PCS, ()>;

impl<
        F: Field,
        PCS: CommitmentScheme<F>,
        O: CanonicalSerialize + CanonicalDeserialize + Send + Sync,
    > SurgeProof<F, PCS, O>
{
    /// The same proof with another opening.
    pub fn with_opening<P: CanonicalSerialize + CanonicalDeserialize + Send + Sync>(
        self,
        opening: P,
    ) -> SurgeProof<F, PCS, P> {
        SurgeProof {
            commitments: self.commitments,
            output_eval: self.output_eval,
            primary_sumcheck: self.primary_sumcheck,
            primary_e_evals: self.primary_e_evals,
            primary_flag_evals: self.primary_flag_evals,
            memory: self.memory,
            rw_dim_evals: self.rw_dim_evals,
            rw_e_evals: self.rw_e_evals,
            rw_read_cts_evals: self.rw_read_cts_evals,
            final_cts_evals: self.final_cts_evals,
            opening,
        }
    }
}

impl<
        F: Field,
        PCS: CommitmentScheme<F>,
        O: CanonicalSerialize + CanonicalDeserialize + Send + Sync,
    > SurgeProof<F, PCS, O>
{
    /// Size in bytes, compressed.
    pub fn size_in_bytes(&self) -> usize {
        self.compressed_size()
    }
}

/// The read-only memory of chunk position `c`: row `i` reads cell
/// `dim_c[i]`, holding the tuple of the chunk's subtables, with read count
/// `read_c[i]`. `e[m]` and `tables[id]` stand for every memory's `E_m` and
/// every subtable (polynomials for the prover, evaluations for the
/// verifier).
pub(crate) fn chunk_tuples<P: Copy, F: Field>(
    pp: &SurgePreprocessing<F>,
    c: usize,
    dim: P,
    e: &[P],
    read_count: P,
    final_count: P,
    tables: &[P],
) -> MemoryTuples<P, F> {
    let memories = pp.chunk_memories(c);
    MemoryTuples::read_only(
        vec![ReadOnlyAccess {
            count: read_count,
            address: Column::poly(dim),
            values: memories.iter().map(|&m| Column::poly(e[m])).collect(),
        }],
        Column::index(F::one(), F::zero()),
        memories
            .iter()
            .map(|&m| Column::poly(tables[pp.memories()[m].subtable_id]))
            .collect(),
        final_count,
    )
}

#[cfg(test)]
mod tests;
