//! Offline memory checking: the one engine behind every memory of the VM
//! (bytecode, registers and RAM, the timestamp range check).
//!
//! # Statement
//!
//! A *memory* is a domain of `2^d` cells and `k` access slots per row over
//! `2^n` rows. Each access reads a tuple `(ts, address, v_1..v_j)` and
//! writes one back. The memory behaves (reads return what was last
//! written, or the initial contents) if and only if, as multisets of tuples,
//!
//! ```text
//! Init ∪ Writes = Reads ∪ Final
//! ```
//!
//! where `Init` holds `(0, a_k, init_k)` for every cell `k` and `Final`
//! holds `(final_ts_k, a_k, final_k)`, together with a timestamp condition
//! that depends on the kind of memory (below).
//!
//! # Fingerprints and grand products
//!
//! With challenges `gamma`, `tau` drawn after every commitment the tuples
//! depend on, a tuple `t = (t_0, .., t_w)` has the fingerprint
//!
//! ```text
//! h(t) = t_0 + t_1 gamma + t_2 gamma^2 + .. + t_w gamma^w - tau
//! ```
//!
//! and the multiset equality becomes one equation of four products:
//! `prod Init * prod_s prod Writes_s = prod_s prod Reads_s * prod Final`.
//! Every vector of fingerprints goes into the batched grand product
//! ([`crate::grand_product`]), one batch per vector length, so all read and
//! write vectors of all memories share one proof. The verifier checks the
//! equation and that no product is zero (a zero product makes the equation
//! vacuous; an honest prover hits one only if some fingerprint equals
//! `tau`-dependent zero, with probability `size / |F|`).
//!
//! The grand products end in claims `h~(r) = c` on the multilinear
//! extension of each fingerprint vector at a random point. Since `h` is
//! affine in the tuple, `h~(r) = sum_j gamma^j t_j~(r) - tau`, where each
//! column `t_j~(r)` is a [`Column`] the caller evaluates: a committed
//! polynomial's opening, a function the verifier computes (the row index,
//! a constant, a table's MLE), or an affine mix of these. Tuples are
//! written once, generic over what stands for a polynomial
//! ([`Column<P, F>`]): the prover instantiates them with polynomials, the
//! verifier with their evaluations, so the two cannot disagree on a
//! tuple's shape.
//!
//! # The three kinds used by the VM
//!
//! * **Read-only** ([`MemoryTuples::read_only`]): the cells hold a table the
//!   verifier can evaluate (bytecode; a range). The timestamp is a read
//!   *count*: read `(c, a, v)`, write `(c + 1, a, v)`, final counts
//!   committed. No ordering is needed: a read of a wrong value or of an
//!   address outside the domain would need a tuple that only its own
//!   `+1`s could balance, which takes a multiple of the characteristic many
//!   reads.
//! * **Read-write** ([`MemoryTuples::read_write`]): read `(t_r, a, v_r)`,
//!   write `(t_w, a, v_w)` with `t_w` the access's own position in time,
//!   fixed by the statement (distinct for every access, larger than 0).
//!   The multiset equality alone does not order the accesses (a read could
//!   consume a tuple written later), so every read timestamp must also be
//!   proven smaller than its access's: `t_r < t_w`.
//! * **Range check** ([`range_check`]): proving `t_w - 1 - t_r` lies in
//!   `[0, 2^b)` is a read-only lookup into the identity table of `2^b`
//!   cells (Lasso with one chunk). The looked-up value is the address
//!   itself, so nothing but the read counts and the final counts is
//!   committed; the address column is affine in the committed `t_r`.
//!
//! # Soundness of the read-write memory
//!
//! Take one address and its accesses in time order `t_1 < t_2 < ..`. Each
//! consumes one element of `Init ∪ Writes` at that address whose timestamp
//! is below its own (range check), and every such element is consumed
//! exactly once (multiset equality; elements are distinct because write
//! timestamps are). The access at `t_1` can only consume the initial tuple;
//! by induction the access at `t_i` consumes the tuple written at
//! `t_{i-1}`, since every earlier one is used up: it reads the last value
//! written. `Final` takes what is left, the last write. An access to an
//! address outside the domain has no initial tuple and no earlier write to
//! consume, so it cannot exist. The range check's bound `2^b` must only be
//! small against the field (`2^b + max t_w < |F|`): a read timestamp that
//! equals some real timestamp in `[0, max t_w]` and passes `t_w - 1 - t_r
//! in [0, 2^b)` cannot have wrapped around the modulus.

pub mod range_check;

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use rayon::prelude::*;

use crate::errors::ProofError;
use crate::field::Field;
use crate::grand_product::{self, BatchedGrandProductProof};
use crate::lookup::tables::identity_mle;
use crate::poly::{MultilinearPolynomial, Polynomial};
use crate::transcript::Transcript;

/// One column of a multiset's tuples, over rows (or cells) `i`:
/// `constant + index * i + sum_t coeff_t * p_t[i]` for at most
/// [`MAX_TERMS`] polynomials `p_t`.
///
/// `P` is what stands for a polynomial: `&Polynomial<F>` for the prover
/// (which reads `p[i]`), `F` for the verifier (which holds `p~(r)`). The
/// column's multilinear extension at `r` is `constant + index * id~(r) +
/// sum_t coeff_t * p_t~(r)`, which is what the verifier computes.
#[derive(Clone, Copy, Debug)]
pub struct Column<P, F> {
    pub terms: [Option<(F, P)>; MAX_TERMS],
    pub index: F,
    pub constant: F,
}

/// Polynomial terms a [`Column`] may hold.
pub const MAX_TERMS: usize = 2;

impl<P, F: Field> Column<P, F> {
    /// The polynomial itself.
    pub fn poly(p: P) -> Self {
        Self {
            terms: [Some((F::one(), p)), None],
            index: F::zero(),
            constant: F::zero(),
        }
    }

    /// A constant column.
    pub fn constant(c: F) -> Self {
        Self {
            terms: [None, None],
            index: F::zero(),
            constant: c,
        }
    }

    /// `scale * i + offset`: the row (or cell) index, affinely.
    pub fn index(scale: F, offset: F) -> Self {
        Self {
            terms: [None, None],
            index: scale,
            constant: offset,
        }
    }

    /// The column plus a constant.
    pub fn plus(mut self, c: F) -> Self {
        self.constant += c;
        self
    }

    /// The column plus `coeff * p`.
    ///
    /// # Panics
    /// If the column already holds [`MAX_TERMS`] polynomials.
    pub fn plus_poly(mut self, coeff: F, p: P) -> Self {
        let slot = self
            .terms
            .iter_mut()
            .find(|t| t.is_none())
            .expect("a column holds at most MAX_TERMS polynomials");
        *slot = Some((coeff, p));
        self
    }

    /// The column minus `p`.
    pub fn minus_poly(self, p: P) -> Self {
        self.plus_poly(-F::one(), p)
    }

    /// The column times a constant.
    pub fn scaled(mut self, c: F) -> Self {
        for (coeff, _) in self.terms.iter_mut().flatten() {
            *coeff *= c;
        }
        self.index *= c;
        self.constant *= c;
        self
    }
}

impl<F: Field> Column<&Polynomial<F>, F> {
    /// The column's value at row `i`.
    #[inline]
    pub fn value(&self, i: usize) -> F {
        let mut v = self.constant;
        if !self.index.is_zero() {
            v += self.index * F::from_u64(i as u64);
        }
        for (c, p) in self.terms.iter().flatten() {
            let x = p.get(i);
            v += if *c == F::one() { x } else { *c * x };
        }
        v
    }
}

impl<F: Field> Column<F, F> {
    /// The column's multilinear extension at `point`, given `p~(point)` in
    /// place of each polynomial.
    pub fn evaluate(&self, point: &[F]) -> F {
        let mut v = self.constant;
        if !self.index.is_zero() {
            v += self.index * identity_mle(point);
        }
        for (c, p) in self.terms.iter().flatten() {
            v += *c * p;
        }
        v
    }
}

/// A tuple: `[timestamp or count, address, values..]`.
pub type Tuple<P, F> = Vec<Column<P, F>>;

/// The four multisets of one memory: read and write tuples per access slot
/// over `2^log_rows` rows, initial and final tuples over `2^log_domain`
/// cells.
#[derive(Clone, Debug)]
pub struct MemoryTuples<P, F> {
    pub reads: Vec<Tuple<P, F>>,
    pub writes: Vec<Tuple<P, F>>,
    pub init: Tuple<P, F>,
    pub finals: Tuple<P, F>,
}

/// One access slot of a read-only memory: the address and values it reads,
/// and its read count.
pub struct ReadOnlyAccess<P, F> {
    pub count: P,
    pub address: Column<P, F>,
    pub values: Vec<Column<P, F>>,
}

/// One access slot of a read-write memory. `write_ts` is fixed by the
/// statement (the access's time); the rest is the prover's.
pub struct ReadWriteAccess<P, F> {
    pub address: Column<P, F>,
    pub read_value: Column<P, F>,
    pub read_ts: P,
    pub write_value: Column<P, F>,
    pub write_ts: Column<P, F>,
}

impl<P: Copy, F: Field> MemoryTuples<P, F> {
    /// A read-only memory whose cell `k` holds `(cell_address, cell_values)`
    /// (columns over cells), read by `accesses`; `final_counts` is how
    /// often each cell was read.
    pub fn read_only(
        accesses: Vec<ReadOnlyAccess<P, F>>,
        cell_address: Column<P, F>,
        cell_values: Vec<Column<P, F>>,
        final_counts: P,
    ) -> Self {
        let mut reads = Vec::with_capacity(accesses.len());
        let mut writes = Vec::with_capacity(accesses.len());
        for a in accesses {
            let tail: Vec<Column<P, F>> = std::iter::once(a.address).chain(a.values).collect();
            let count = Column::poly(a.count);
            reads.push(std::iter::once(count).chain(tail.iter().copied()).collect());
            writes.push(std::iter::once(count.plus(F::one())).chain(tail).collect());
        }
        let cells: Vec<Column<P, F>> = std::iter::once(cell_address).chain(cell_values).collect();
        Self {
            reads,
            writes,
            init: std::iter::once(Column::constant(F::zero()))
                .chain(cells.iter().copied())
                .collect(),
            finals: std::iter::once(Column::poly(final_counts))
                .chain(cells)
                .collect(),
        }
    }

    /// A read-write memory whose cell `k` has address `cell_address`, holds
    /// `init_value` at the start and `final_value` (last written at
    /// `final_ts`) at the end.
    pub fn read_write(
        accesses: Vec<ReadWriteAccess<P, F>>,
        cell_address: Column<P, F>,
        init_value: Column<P, F>,
        final_value: P,
        final_ts: P,
    ) -> Self {
        let mut reads = Vec::with_capacity(accesses.len());
        let mut writes = Vec::with_capacity(accesses.len());
        for a in accesses {
            reads.push(vec![Column::poly(a.read_ts), a.address, a.read_value]);
            writes.push(vec![a.write_ts, a.address, a.write_value]);
        }
        Self {
            reads,
            writes,
            init: vec![Column::constant(F::zero()), cell_address, init_value],
            finals: vec![
                Column::poly(final_ts),
                cell_address,
                Column::poly(final_value),
            ],
        }
    }

    fn width(&self) -> usize {
        self.reads
            .iter()
            .chain(&self.writes)
            .chain([&self.init, &self.finals])
            .map(|t| t.len())
            .max()
            .unwrap_or(0)
    }
}

/// The counts of a read-only memory: `read_counts[s][i]` is the number of
/// earlier reads of the address slot `s` reads at row `i` (rows first, then
/// slots), `final_counts[k]` the total reads of cell `k`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadCounts {
    pub read_counts: Vec<Vec<u32>>,
    pub final_counts: Vec<u32>,
}

impl ReadCounts {
    /// Counts the reads of address `address(slot, row)` for `slots` slots
    /// over `rows` rows in a domain of `2^bits` cells. An address outside
    /// the domain (only a dishonest witness has one) is not counted: its
    /// read count is 0, and the proof will be rejected.
    pub fn new(
        slots: usize,
        rows: usize,
        bits: usize,
        address: impl Fn(usize, usize) -> Option<u64>,
    ) -> Self {
        let size = 1usize << bits;
        let mut final_counts = vec![0u32; size];
        let mut read_counts = vec![vec![0u32; rows]; slots];
        for i in 0..rows {
            for (s, counts) in read_counts.iter_mut().enumerate() {
                if let Some(d) = address(s, i).filter(|d| *d < size as u64) {
                    let c = &mut final_counts[d as usize];
                    counts[i] = *c;
                    *c += 1;
                }
            }
        }
        Self {
            read_counts,
            final_counts,
        }
    }
}

/// The sizes of one memory, which the verifier knows from the statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryShape {
    /// Access slots per row.
    pub slots: usize,
    pub log_rows: usize,
    pub log_domain: usize,
}

impl<P, F> MemoryTuples<P, F> {
    pub fn shape(&self, log_rows: usize, log_domain: usize) -> MemoryShape {
        MemoryShape {
            slots: self.reads.len(),
            log_rows,
            log_domain,
        }
    }
}

/// `gamma` and `tau`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryChallenges<F> {
    gamma_powers: Vec<F>,
    tau: F,
}

/// Tuples wider than this are refused (no memory of the VM comes close).
const MAX_TUPLE_WIDTH: usize = 32;

impl<F: Field> MemoryChallenges<F> {
    /// Draws `gamma` and `tau`. The caller must have absorbed the statement
    /// and every commitment the tuples depend on.
    pub fn draw(transcript: &mut Transcript) -> Self {
        let gamma_powers = transcript.challenge_powers(b"memory_gamma", MAX_TUPLE_WIDTH);
        let tau = transcript.challenge_scalar(b"memory_tau");
        Self { gamma_powers, tau }
    }

    /// `h(t) = sum_j gamma^j t_j - tau`.
    #[inline]
    pub fn fingerprint(&self, tuple: &[F]) -> F {
        tuple
            .iter()
            .zip(&self.gamma_powers)
            .map(|(t, g)| *t * g)
            .sum::<F>()
            - self.tau
    }

    /// The fingerprints of `tuple` at rows `0..len`, in parallel.
    pub fn fingerprints(&self, tuple: &[Column<&Polynomial<F>, F>], len: usize) -> Vec<F> {
        assert!(tuple.len() <= MAX_TUPLE_WIDTH, "tuple too wide");
        let row = |i: usize| {
            tuple
                .iter()
                .zip(&self.gamma_powers)
                .map(|(c, g)| {
                    let v = c.value(i);
                    if *g == F::one() {
                        v
                    } else {
                        v * g
                    }
                })
                .sum::<F>()
                - self.tau
        };
        (0..len).into_par_iter().map(row).collect()
    }

    /// `h(write) - h(read)` when the two tuples differ only by constants
    /// (the same polynomials with the same coefficients, the same index
    /// terms), which makes the write vector the read vector shifted.
    fn constant_shift(
        &self,
        read: &[Column<&Polynomial<F>, F>],
        write: &[Column<&Polynomial<F>, F>],
    ) -> Option<F> {
        if read.len() != write.len() {
            return None;
        }
        let mut delta = F::zero();
        for ((r, w), g) in read.iter().zip(write).zip(&self.gamma_powers) {
            let same_poly = r.terms.iter().zip(&w.terms).all(|pair| match pair {
                (None, None) => true,
                (Some((a, p)), Some((b, q))) => a == b && std::ptr::eq(*p, *q),
                _ => false,
            });
            if !same_poly || r.index != w.index {
                return None;
            }
            delta += (w.constant - r.constant) * g;
        }
        Some(delta)
    }

    /// The fingerprint's multilinear extension at `point` from the columns'
    /// evaluations there.
    pub fn fingerprint_at(&self, tuple: &[Column<F, F>], point: &[F]) -> F {
        let values: Vec<F> = tuple.iter().map(|c| c.evaluate(point)).collect();
        self.fingerprint(&values)
    }
}

/// The products of one memory's multisets.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct MemoryProducts<F: Field> {
    pub reads: Vec<F>,
    pub writes: Vec<F>,
    pub init: F,
    pub finals: F,
}

/// The memory-checking proof of a batch of memories.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct MemoryCheckingProof<F: Field> {
    /// One entry per memory, in the caller's order.
    pub products: Vec<MemoryProducts<F>>,
    /// One batched grand product per distinct vector length, shortest
    /// first.
    pub grand_products: Vec<BatchedGrandProductProof<F>>,
}

/// Where a fingerprint vector sits: memory, and which multiset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Read(usize),
    Write(usize),
    Init,
    Final,
}

/// The fingerprint vectors of all memories, in a fixed order, with their
/// sizes: `(memory, slot, num_vars)`.
fn layout(shapes: &[MemoryShape]) -> Vec<(usize, Slot, usize)> {
    let mut out = Vec::new();
    for (m, s) in shapes.iter().enumerate() {
        for j in 0..s.slots {
            out.push((m, Slot::Read(j), s.log_rows));
            out.push((m, Slot::Write(j), s.log_rows));
        }
        out.push((m, Slot::Init, s.log_domain));
        out.push((m, Slot::Final, s.log_domain));
    }
    out
}

/// The distinct vector sizes, ascending: one grand product each.
fn sizes(shapes: &[MemoryShape]) -> Vec<usize> {
    let mut v: Vec<usize> = layout(shapes).into_iter().map(|(_, _, n)| n).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The random points at which the grand products left their claims, and
/// the claimed fingerprint evaluations, which [`MemoryClaims::check`] must
/// compare with the tuples' evaluations.
#[must_use = "the claims are only checked by MemoryClaims::check"]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryClaims<F: Field> {
    shapes: Vec<MemoryShape>,
    /// `(num_vars, point)` per grand product.
    points: Vec<(usize, Vec<F>)>,
    /// Per fingerprint vector in [`layout`] order.
    claims: Vec<F>,
}

impl<F: Field> MemoryClaims<F> {
    /// The point of the vectors with `num_vars` variables.
    pub fn point(&self, num_vars: usize) -> &[F] {
        &self
            .points
            .iter()
            .find(|(n, _)| *n == num_vars)
            .expect("a grand product of that size")
            .1
    }

    /// The point of memory `m`'s read and write vectors.
    pub fn rows_point(&self, m: usize) -> &[F] {
        self.point(self.shapes[m].log_rows)
    }

    /// The point of memory `m`'s init and final vectors.
    pub fn domain_point(&self, m: usize) -> &[F] {
        self.point(self.shapes[m].log_domain)
    }

    /// The prover's view: claimed fingerprint evaluations (equal to the
    /// honest ones when the vectors were honest).
    #[cfg(test)]
    pub(crate) fn claims(&self) -> &[F] {
        &self.claims
    }

    /// Checks every claim against the memories' tuples evaluated at the
    /// points (`tuples[m]` built with the evaluations of memory `m`'s
    /// columns at [`Self::rows_point`] and [`Self::domain_point`]).
    pub fn check(
        &self,
        challenges: &MemoryChallenges<F>,
        tuples: &[MemoryTuples<F, F>],
    ) -> Result<(), ProofError> {
        if tuples.len() != self.shapes.len() {
            return Err(ProofError::Malformed(format!(
                "{} memories' tuples for {} memories",
                tuples.len(),
                self.shapes.len()
            )));
        }
        for ((m, slot, _), claim) in layout(&self.shapes).into_iter().zip(&self.claims) {
            let t = &tuples[m];
            if t.reads.len() != self.shapes[m].slots || t.writes.len() != self.shapes[m].slots {
                return Err(ProofError::Malformed(format!(
                    "memory {m}: tuples for the wrong number of slots"
                )));
            }
            let (tuple, point, what) = match slot {
                Slot::Read(j) => (&t.reads[j], self.rows_point(m), "read"),
                Slot::Write(j) => (&t.writes[j], self.rows_point(m), "write"),
                Slot::Init => (&t.init, self.domain_point(m), "init"),
                Slot::Final => (&t.finals, self.domain_point(m), "final"),
            };
            if challenges.fingerprint_at(tuple, point) != *claim {
                return Err(ProofError::GrandProduct(format!(
                    "memory {m}: the {what} fingerprints do not match the openings"
                )));
            }
        }
        Ok(())
    }
}

/// Proves the multiset equations of `memories` (shapes `shapes`): computes
/// every fingerprint vector, proves their products with one batched grand
/// product per length, and returns the proof with the claims the caller
/// turns into openings.
pub fn prove<F: Field>(
    memories: &[MemoryTuples<&Polynomial<F>, F>],
    shapes: &[MemoryShape],
    challenges: &MemoryChallenges<F>,
    transcript: &mut Transcript,
) -> (MemoryCheckingProof<F>, MemoryClaims<F>) {
    assert_eq!(memories.len(), shapes.len(), "one shape per memory");
    for (m, s) in memories.iter().zip(shapes) {
        assert!(m.width() <= MAX_TUPLE_WIDTH, "tuple too wide");
        assert_eq!(m.reads.len(), s.slots, "slots do not match the shape");
    }
    let order = layout(shapes);
    let tuple_of = |m: usize, slot: Slot| {
        let t = &memories[m];
        match slot {
            Slot::Read(j) => &t.reads[j],
            Slot::Write(j) => &t.writes[j],
            Slot::Init => &t.init,
            Slot::Final => &t.finals,
        }
    };
    // A write tuple that is its read tuple plus constants (a read-only
    // memory's count + 1) is the read vector shifted: computed from it.
    // `layout` puts every write right after its read.
    let shifts: Vec<Option<F>> = order
        .iter()
        .map(|&(m, slot, _)| match slot {
            Slot::Write(j) => {
                challenges.constant_shift(&memories[m].reads[j], &memories[m].writes[j])
            }
            _ => None,
        })
        .collect();
    let mut vectors: Vec<Vec<F>> = order
        .par_iter()
        .zip(&shifts)
        .map(|(&(m, slot, n), shift)| match shift {
            Some(_) => Vec::new(),
            None => challenges.fingerprints(tuple_of(m, slot), 1 << n),
        })
        .collect();
    for (k, shift) in shifts.iter().enumerate() {
        if let Some(delta) = shift {
            debug_assert!(matches!(order[k - 1].1, Slot::Read(_)));
            vectors[k] = vectors[k - 1].par_iter().map(|h| *h + delta).collect();
        }
    }
    let size_list = sizes(shapes);
    let mut by_size: Vec<Vec<Vec<F>>> = size_list.iter().map(|_| Vec::new()).collect();
    let mut position = Vec::with_capacity(order.len());
    for (v, &(_, _, n)) in vectors.into_iter().zip(&order) {
        let g = size_list.iter().position(|s| *s == n).expect("size listed");
        position.push((g, by_size[g].len()));
        by_size[g].push(v);
    }
    let mut grand_products = Vec::with_capacity(size_list.len());
    let mut products_by_size = Vec::with_capacity(size_list.len());
    let mut claims_by_size = Vec::with_capacity(size_list.len());
    let mut points = Vec::with_capacity(size_list.len());
    for (inputs, n) in by_size.into_iter().zip(&size_list) {
        let (proof, products, claims) = grand_product::prove(inputs, transcript);
        grand_products.push(proof);
        products_by_size.push(products);
        claims_by_size.push(claims.claims);
        points.push((*n, claims.point));
    }
    let flat = |table: &[Vec<F>]| -> Vec<F> {
        position
            .iter()
            .map(|&(g, k)| table[g][k])
            .collect::<Vec<F>>()
    };
    let products = flat(&products_by_size);
    let claims = flat(&claims_by_size);
    (
        MemoryCheckingProof {
            products: gather_products(shapes, &products),
            grand_products,
        },
        MemoryClaims {
            shapes: shapes.to_vec(),
            points,
            claims,
        },
    )
}

/// Per-memory products from the flat list in [`layout`] order.
fn gather_products<F: Field>(shapes: &[MemoryShape], flat: &[F]) -> Vec<MemoryProducts<F>> {
    let mut out: Vec<MemoryProducts<F>> = shapes
        .iter()
        .map(|s| MemoryProducts {
            reads: Vec::with_capacity(s.slots),
            writes: Vec::with_capacity(s.slots),
            init: F::zero(),
            finals: F::zero(),
        })
        .collect();
    for ((m, slot, _), p) in layout(shapes).into_iter().zip(flat) {
        match slot {
            Slot::Read(_) => out[m].reads.push(*p),
            Slot::Write(_) => out[m].writes.push(*p),
            Slot::Init => out[m].init = *p,
            Slot::Final => out[m].finals = *p,
        }
    }
    out
}

/// Verifies the products and their grand products; on success returns the
/// claims that [`MemoryClaims::check`] must then compare with the tuples.
pub fn verify<F: Field>(
    proof: &MemoryCheckingProof<F>,
    shapes: &[MemoryShape],
    transcript: &mut Transcript,
) -> Result<MemoryClaims<F>, ProofError> {
    if proof.products.len() != shapes.len() {
        return Err(ProofError::Malformed(format!(
            "products of {} memories, expected {}",
            proof.products.len(),
            shapes.len()
        )));
    }
    for (m, (p, s)) in proof.products.iter().zip(shapes).enumerate() {
        if p.reads.len() != s.slots || p.writes.len() != s.slots {
            return Err(ProofError::Malformed(format!(
                "memory {m}: products for {} and {} slots, expected {}",
                p.reads.len(),
                p.writes.len(),
                s.slots
            )));
        }
        let all = p.reads.iter().chain(&p.writes).chain([&p.init, &p.finals]);
        if all.into_iter().any(|x| x.is_zero()) {
            return Err(ProofError::Invalid(format!(
                "memory {m}: a fingerprint product is zero"
            )));
        }
        let lhs = p.init * p.writes.iter().copied().product::<F>();
        let rhs = p.finals * p.reads.iter().copied().product::<F>();
        if lhs != rhs {
            return Err(ProofError::Invalid(format!(
                "memory {m}: init * writes != reads * final (the memory is not consistent)"
            )));
        }
    }
    let order = layout(shapes);
    let flat: Vec<F> = order
        .iter()
        .map(|&(m, slot, _)| {
            let p = &proof.products[m];
            match slot {
                Slot::Read(j) => p.reads[j],
                Slot::Write(j) => p.writes[j],
                Slot::Init => p.init,
                Slot::Final => p.finals,
            }
        })
        .collect();
    let size_list = sizes(shapes);
    if proof.grand_products.len() != size_list.len() {
        return Err(ProofError::Malformed(format!(
            "{} grand products, expected {}",
            proof.grand_products.len(),
            size_list.len()
        )));
    }
    let mut claims = vec![F::zero(); order.len()];
    let mut points = Vec::with_capacity(size_list.len());
    for (gp, &n) in proof.grand_products.iter().zip(&size_list) {
        let members: Vec<usize> = (0..order.len()).filter(|&i| order[i].2 == n).collect();
        let products: Vec<F> = members.iter().map(|&i| flat[i]).collect();
        let out = grand_product::verify(gp, &products, n, transcript)?;
        for (&i, c) in members.iter().zip(out.claims) {
            claims[i] = c;
        }
        points.push((n, out.point));
    }
    Ok(MemoryClaims {
        shapes: shapes.to_vec(),
        points,
        claims,
    })
}

#[cfg(test)]
mod tests;
