//! The memory proof: prover and verifier of the protocol in the module
//! documentation of [`super`].

use std::time::{Duration, Instant};

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use lasso::errors::ProofError;
use lasso::field::Field;
use lasso::memory_checking::{
    self, range_check, MemoryChallenges, MemoryCheckingProof, MemoryShape,
};
use lasso::pcs::accumulator::{
    BatchedOpeningProof, ProverOpeningAccumulator, VerifierOpeningAccumulator,
};
use lasso::pcs::CommitmentScheme;
use lasso::poly::{
    eq_eval, evaluate_many, CompactPolynomial, DensePolynomial, EqPolynomial,
    MultilinearPolynomial, Polynomial,
};
use lasso::sumcheck::{self, ProductSumcheck, SumcheckProof};
use lasso::transcript::Transcript;

use super::bytecode::NUM_BYTECODE_FIELDS;
use super::columns::{tuples, KnownColumns, MemoryColumns, NUM_COLUMNS, SLOTS};
use super::domain::{bits, io_words, MemoryDomain};
use super::{
    init_cells, io_final_words, MemoryError, MemoryPreprocessing, MemoryWitness, Statement,
    MAX_LOG_ROWS,
};

/// A proof that the memories of one execution are consistent with the
/// program and the statement. `O` is its opening: the batched opening of
/// its claims, or `()` when a caller's accumulator proves them
/// ([`prove_deferred`], [`verify_deferred`]).
#[derive(Clone, Debug, PartialEq, CanonicalSerialize, CanonicalDeserialize)]
pub struct MemoryProof<
    F: Field,
    PCS: CommitmentScheme<F>,
    O: CanonicalSerialize + CanonicalDeserialize + Send + Sync = BatchedOpeningProof<F, PCS>,
> {
    /// `log2` of the padded cycle count.
    pub log_rows: u8,
    /// The domain's segment sizes ([`MemoryDomain::new`]).
    pub log_low: u8,
    pub log_stack: Option<u8>,
    /// One per [`MemoryColumns`] entry, in [`MemoryColumns::to_vec`] order.
    pub commitments: Vec<PCS::Commitment>,
    pub memory: MemoryCheckingProof<F>,
    /// Every committed polynomial at the grand-product point of its size.
    pub evals: Vec<F>,
    /// The final-I/O sum-check and `final~` at its point.
    pub io_sumcheck: SumcheckProof<F>,
    pub io_final_eval: F,
    pub opening: O,
}

/// A memory proof whose claims are left in the caller's accumulator.
pub type DeferredMemoryProof<F, PCS> = MemoryProof<F, PCS, ()>;

impl<F: Field, PCS: CommitmentScheme<F>> DeferredMemoryProof<F, PCS> {
    /// The same proof with its opening.
    pub fn with_opening(self, opening: BatchedOpeningProof<F, PCS>) -> MemoryProof<F, PCS> {
        MemoryProof {
            log_rows: self.log_rows,
            log_low: self.log_low,
            log_stack: self.log_stack,
            commitments: self.commitments,
            memory: self.memory,
            evals: self.evals,
            io_sumcheck: self.io_sumcheck,
            io_final_eval: self.io_final_eval,
            opening,
        }
    }
}

impl<F: Field, PCS: CommitmentScheme<F>> MemoryProof<F, PCS> {
    /// Size in bytes, compressed.
    pub fn size_in_bytes(&self) -> usize {
        self.compressed_size()
    }

    /// The proof's canonical bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        lasso::serialize::to_bytes(self)
    }

    /// Reads a proof from its canonical bytes; anything else (truncated,
    /// trailing or non-canonical bytes, invalid points) is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProofError> {
        lasso::serialize::from_bytes(bytes)
    }
}

/// Where the prover's time went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemoryProverTimings {
    pub commit: Duration,
    pub grand_products: Duration,
    pub evaluations: Duration,
    pub final_io: Duration,
    pub opening: Duration,
    pub total: Duration,
}

fn absorb_statement(
    transcript: &mut Transcript,
    pre: &MemoryPreprocessing,
    statement: &Statement,
    log_rows: usize,
    domain: &MemoryDomain,
) {
    transcript.append_bytes(b"memory_program", &pre.to_bytes());
    transcript.append_bytes(b"memory_input", &statement.input);
    transcript.append_bytes(b"memory_output", &statement.output);
    transcript.append_u64(b"memory_panicked", statement.panicked as u64);
    transcript.append_u64(b"memory_log_rows", log_rows as u64);
    transcript.append_u64(b"memory_log_low", domain.log_low() as u64);
    transcript.append_u64(
        b"memory_log_stack",
        domain.log_stack().map_or(u64::MAX, |l| l as u64),
    );
}

/// The limb width of the timestamp range check over `2^log_rows` cycles:
/// gaps are below `4 * 2^log_rows`.
fn range_limb_bits(log_rows: usize) -> usize {
    range_check::limb_bits(log_rows + 2)
}

fn shapes(log_rows: usize, log_bytecode: usize, domain: &MemoryDomain) -> Vec<MemoryShape> {
    vec![
        MemoryShape {
            slots: 1,
            log_rows,
            log_domain: log_bytecode,
        },
        MemoryShape {
            slots: SLOTS,
            log_rows,
            log_domain: domain.log_size(),
        },
        MemoryShape {
            slots: 2 * SLOTS,
            log_rows,
            log_domain: range_limb_bits(log_rows),
        },
    ]
}

/// The number of variables of every committed column, in order.
fn column_sizes(log_rows: usize, log_bytecode: usize, log_domain: usize) -> Vec<usize> {
    let per_cycle = NUM_COLUMNS - 4;
    let mut v = vec![log_rows; per_cycle];
    v.extend([
        log_bytecode,
        log_domain,
        log_domain,
        range_limb_bits(log_rows),
    ]);
    v
}

/// Column indices grouped by size, smallest first: one merged opening per
/// group (each size is one grand product's point).
fn groups(sizes: &[usize]) -> Vec<(usize, Vec<usize>)> {
    let mut distinct = sizes.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    distinct
        .into_iter()
        .map(|n| (n, (0..sizes.len()).filter(|&i| sizes[i] == n).collect()))
        .collect()
}

/// `sum_k value_k eq(point, k)` over sparse cells, with `eq` split into a
/// high and a low half table (`O(2^(d/2))` setup, one product per cell).
fn sparse_mle<F: Field>(cells: &[(usize, u32)], point: &[F]) -> F {
    let low_bits = point.len() / 2;
    let (high, low) = point.split_at(point.len() - low_bits);
    let (eq_high, eq_low) = (EqPolynomial::evals(high), EqPolynomial::evals(low));
    let mask = (1usize << low_bits) - 1;
    cells
        .iter()
        .map(|(k, v)| eq_high[k >> low_bits] * eq_low[k & mask] * F::from_u32(*v))
        .sum()
}

/// The I/O block: the point prefix selecting it, its mask and the
/// statement's words, padded to the block.
struct IoBlock<F> {
    prefix: Vec<F>,
    mask: Vec<F>,
    expected: Vec<F>,
    base: usize,
}

fn io_block<F: Field>(
    domain: &MemoryDomain,
    statement: &Statement,
) -> Result<IoBlock<F>, MemoryError> {
    let (base, c) = domain.io_block();
    let words = io_final_words(domain.layout(), statement)?;
    let size = 1usize << c;
    let mut mask = vec![F::zero(); size];
    let mut expected = vec![F::zero(); size];
    // The input words and the input length are writable memory whose
    // initial contents the statement fixes; their final contents are the
    // guest's business. Everything from the output region up is pinned.
    let layout = domain.layout();
    let pinned_from = ((layout.output_start() - layout.io_start()) / 4) as usize;
    let input_len = ((layout.input_len() - layout.io_start()) / 4) as usize;
    for (j, w) in words.iter().enumerate() {
        if j >= pinned_from && j != input_len {
            mask[j] = F::one();
            expected[j] = F::from_u32(*w);
        }
    }
    debug_assert_eq!(words.len(), io_words(domain.layout()));
    Ok(IoBlock {
        prefix: bits(base >> c, domain.log_size() - c),
        mask,
        expected,
        base,
    })
}

/// Checks that the witness's final I/O cells are what the statement says
/// (an honest prover's check before proving; the proof enforces it).
pub fn check_statement<F: Field>(
    witness: &MemoryWitness<F>,
    statement: &Statement,
) -> Result<(), MemoryError> {
    let block = io_block::<F>(&witness.domain, statement)?;
    for (j, (m, e)) in block.mask.iter().zip(&block.expected).enumerate() {
        if m.is_one() && witness.columns.final_value.get(block.base + j) != *e {
            return Err(MemoryError::StatementMismatch(format!(
                "I/O word {j} (address {:#010x})",
                witness.domain.layout().io_start() + 4 * j as u32
            )));
        }
    }
    Ok(())
}

/// Proves the memories of `witness` for `statement`. The witness is taken
/// as given (a dishonest one yields a proof the verifier rejects); errors
/// only when the statement itself is malformed.
pub fn prove<F: Field, PCS: CommitmentScheme<F>>(
    pre: &MemoryPreprocessing,
    pk: &PCS::ProverKey,
    statement: &Statement,
    witness: &MemoryWitness<F>,
    transcript: &mut Transcript,
) -> Result<(MemoryProof<F, PCS>, MemoryProverTimings), MemoryError> {
    let mut accumulator = ProverOpeningAccumulator::<F, PCS>::new();
    let (proof, mut timings) =
        prove_deferred(pre, pk, statement, witness, &mut accumulator, transcript)?;
    let clock = Instant::now();
    let opening = accumulator.prove(pk, transcript);
    timings.opening += clock.elapsed();
    timings.total += clock.elapsed();
    Ok((proof.with_opening(opening), timings))
}

/// [`prove`], leaving the claims in `accumulator` for the caller's batched
/// opening.
pub fn prove_deferred<F: Field, PCS: CommitmentScheme<F>>(
    pre: &MemoryPreprocessing,
    pk: &PCS::ProverKey,
    statement: &Statement,
    witness: &MemoryWitness<F>,
    accumulator: &mut ProverOpeningAccumulator<F, PCS>,
    transcript: &mut Transcript,
) -> Result<(DeferredMemoryProof<F, PCS>, MemoryProverTimings), MemoryError> {
    let start = Instant::now();
    let mut timings = MemoryProverTimings::default();
    let (log_rows, domain) = (witness.log_rows, &witness.domain);
    let log_bytecode = pre.bytecode.log_size();
    let block = io_block::<F>(domain, statement)?;
    absorb_statement(transcript, pre, statement, log_rows, domain);

    let clock = Instant::now();
    let columns: Vec<&Polynomial<F>> = witness.columns.to_vec();
    let commitments = PCS::batch_commit(pk, &columns);
    transcript.append_serializable(b"memory_commitments", &commitments);
    timings.commit = clock.elapsed();

    let clock = Instant::now();
    let challenges = MemoryChallenges::draw(transcript);
    let known = KnownColumns {
        bytecode_fields: std::array::from_fn::<_, NUM_BYTECODE_FIELDS, _>(|f| {
            Polynomial::from(CompactPolynomial::<u32, F>::new(
                pre.bytecode.field(f).to_vec(),
            ))
        }),
        cell_address: CompactPolynomial::<u64, F>::new(domain.cell_addresses()).into(),
        init_value: {
            let mut init = vec![0u32; 1 << domain.log_size()];
            for (k, v) in init_cells(pre, domain, &statement.input)? {
                init[k] = v;
            }
            CompactPolynomial::<u32, F>::new(init).into()
        },
    };
    let memories = tuples(
        &witness.columns.map(|p| p),
        &known.map(|p| p),
        range_limb_bits(log_rows),
    );
    let shapes = shapes(log_rows, log_bytecode, domain);
    let (memory, claims) = memory_checking::prove(&memories, &shapes, &challenges, transcript);
    timings.grand_products = clock.elapsed();

    let clock = Instant::now();
    let sizes = column_sizes(log_rows, log_bytecode, domain.log_size());
    let mut evals = vec![F::zero(); NUM_COLUMNS];
    for (n, members) in groups(&sizes) {
        let polys: Vec<&Polynomial<F>> = members.iter().map(|&i| columns[i]).collect();
        for (i, e) in members.iter().zip(evaluate_many(&polys, claims.point(n))) {
            evals[*i] = e;
        }
    }
    transcript.append_scalars(b"memory_evals", &evals);
    timings.evaluations = clock.elapsed();

    // Final I/O: sum_j eq(r', j) io(j) final(base + j) = e~(r').
    let clock = Instant::now();
    let c = block.mask.len().trailing_zeros() as usize;
    let r_io: Vec<F> = transcript.challenge_scalars(b"memory_io_point", c);
    let finals: Vec<F> = (0..1usize << c)
        .map(|j| witness.columns.final_value.get(block.base + j))
        .collect();
    let mut io = ProductSumcheck::new_with_computed_claim(
        vec![
            DensePolynomial::new(EqPolynomial::evals(&r_io)),
            DensePolynomial::new(block.mask.clone()),
            DensePolynomial::new(finals),
        ],
        |v: &[F]| v[0] * v[1] * v[2],
        3,
    );
    let (io_sumcheck, z) = sumcheck::prove(&mut io, transcript);
    let io_final_eval = io.final_evaluations()[2];
    transcript.append_scalar(b"memory_io_final", &io_final_eval);
    timings.final_io = clock.elapsed();

    let clock = Instant::now();
    for (n, members) in groups(&sizes) {
        let polys: Vec<&Polynomial<F>> = members.iter().map(|&i| columns[i]).collect();
        let comms: Vec<&PCS::Commitment> = members.iter().map(|&i| &commitments[i]).collect();
        let values: Vec<F> = members.iter().map(|&i| evals[i]).collect();
        accumulator.append_merged(
            &polys,
            &comms,
            claims.point(n).to_vec(),
            &values,
            transcript,
        );
    }
    let io_point: Vec<F> = block.prefix.iter().copied().chain(z).collect();
    let final_commitment = MemoryColumns::from_vec(commitments.clone())
        .expect("one commitment per column")
        .final_value;
    accumulator.append(
        witness.columns.final_value.clone(),
        final_commitment,
        io_point,
        io_final_eval,
    );
    timings.opening = clock.elapsed();
    timings.total = start.elapsed();

    Ok((
        MemoryProof {
            log_rows: log_rows as u8,
            log_low: domain.log_low() as u8,
            log_stack: domain.log_stack().map(|l| l as u8),
            commitments,
            memory,
            evals,
            io_sumcheck,
            io_final_eval,
            opening: (),
        },
        timings,
    ))
}

/// Verifies a memory proof for `statement` about the program of `pre`, for
/// traces of at most `2^max_log_rows` cycles.
pub fn verify<F: Field, PCS: CommitmentScheme<F>>(
    pre: &MemoryPreprocessing,
    vk: &PCS::VerifierKey,
    statement: &Statement,
    proof: &MemoryProof<F, PCS>,
    max_log_rows: usize,
    transcript: &mut Transcript,
) -> Result<(), ProofError> {
    let mut accumulator = VerifierOpeningAccumulator::<F, PCS>::new();
    verify_deferred(
        pre,
        statement,
        proof,
        max_log_rows,
        &mut accumulator,
        transcript,
    )?;
    accumulator.verify(vk, &proof.opening, transcript)
}

/// [`verify`] but for the opening: on success the proof's claims are in
/// `accumulator`, for the caller's batched opening to settle.
pub fn verify_deferred<
    F: Field,
    PCS: CommitmentScheme<F>,
    O: CanonicalSerialize + CanonicalDeserialize + Send + Sync,
>(
    pre: &MemoryPreprocessing,
    statement: &Statement,
    proof: &MemoryProof<F, PCS, O>,
    max_log_rows: usize,
    accumulator: &mut VerifierOpeningAccumulator<F, PCS>,
    transcript: &mut Transcript,
) -> Result<(), ProofError> {
    let log_rows = proof.log_rows as usize;
    if log_rows == 0 || log_rows > max_log_rows.min(MAX_LOG_ROWS) {
        return Err(ProofError::Invalid(format!(
            "trace length 2^{log_rows} is outside 2^1..=2^{}",
            max_log_rows.min(MAX_LOG_ROWS)
        )));
    }
    let domain = MemoryDomain::new(
        &pre.layout,
        proof.log_low as usize,
        proof.log_stack.map(|l| l as usize),
    )
    .map_err(|e| ProofError::Invalid(format!("memory domain: {e}")))?;
    if proof.commitments.len() != NUM_COLUMNS || proof.evals.len() != NUM_COLUMNS {
        return Err(ProofError::Malformed(format!(
            "{} commitments and {} evaluations, expected {NUM_COLUMNS}",
            proof.commitments.len(),
            proof.evals.len()
        )));
    }
    let block = io_block::<F>(&domain, statement)
        .map_err(|e| ProofError::Invalid(format!("statement: {e}")))?;
    let log_bytecode = pre.bytecode.log_size();
    absorb_statement(transcript, pre, statement, log_rows, &domain);
    transcript.append_serializable(b"memory_commitments", &proof.commitments);
    let challenges = MemoryChallenges::<F>::draw(transcript);

    let shapes = shapes(log_rows, log_bytecode, &domain);
    let claims = memory_checking::verify(&proof.memory, &shapes, transcript)?;
    transcript.append_scalars(b"memory_evals", &proof.evals);
    let evals = MemoryColumns::from_vec(proof.evals.clone()).expect("length checked");
    let bytecode_point = claims.domain_point(0);
    let domain_point = claims.domain_point(1);
    let bytecode_fields = pre.bytecode.evaluate(bytecode_point);
    let init = init_cells(pre, &domain, &statement.input)
        .map_err(|e| ProofError::Invalid(format!("statement: {e}")))?;
    let known = KnownColumns {
        bytecode_fields: std::array::from_fn(|f| bytecode_fields[f]),
        cell_address: domain.cell_address_mle(domain_point),
        init_value: sparse_mle(&init, domain_point),
    };
    claims.check(
        &challenges,
        &tuples(&evals, &known, range_limb_bits(log_rows)),
    )?;

    let c = block.mask.len().trailing_zeros() as usize;
    let r_io: Vec<F> = transcript.challenge_scalars(b"memory_io_point", c);
    let claim = DensePolynomial::new(block.expected.clone()).evaluate(&r_io);
    let (z, final_claim) = sumcheck::verify(&proof.io_sumcheck, claim, c, 3, transcript)?;
    let mask = DensePolynomial::new(block.mask.clone()).evaluate(&z);
    if eq_eval(&r_io, &z) * mask * proof.io_final_eval != final_claim {
        return Err(ProofError::SumcheckFinal(
            "final I/O: the output, panic or termination words differ from the statement",
        ));
    }
    transcript.append_scalar(b"memory_io_final", &proof.io_final_eval);

    let sizes = column_sizes(log_rows, log_bytecode, domain.log_size());
    for (n, members) in groups(&sizes) {
        let comms: Vec<&PCS::Commitment> = members.iter().map(|&i| &proof.commitments[i]).collect();
        let values: Vec<F> = members.iter().map(|&i| proof.evals[i]).collect();
        accumulator.append_merged(&comms, claims.point(n).to_vec(), &values, transcript)?;
    }
    let final_value = MemoryColumns::from_vec(proof.commitments.clone())
        .expect("length checked")
        .final_value;
    let io_point: Vec<F> = block.prefix.iter().copied().chain(z).collect();
    accumulator.append(final_value, io_point, proof.io_final_eval);
    Ok(())
}

impl<P> KnownColumns<P> {
    fn map<'a, Q>(&'a self, f: impl Fn(&'a P) -> Q) -> KnownColumns<Q> {
        KnownColumns {
            bytecode_fields: std::array::from_fn(|i| f(&self.bytecode_fields[i])),
            cell_address: f(&self.cell_address),
            init_value: f(&self.init_value),
        }
    }
}
