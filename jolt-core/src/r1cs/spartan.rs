//! Spartan for a uniform R1CS: proves that committed columns satisfy the
//! same constraints at every cycle, without building the matrices.
//!
//! # Statement
//!
//! Columns `z_0..z_{V-1}` of `N = 2^n` cycles (committed by the caller) and
//! a [`UniformR1cs`] of `K` constraints `A_j(z, z') * B_j(z, z') =
//! C_j(z, z')`, where `A_j`, `B_j`, `C_j` are affine in the cycle's values
//! `z` and the next cycle's `z'` (which read 0 after the last cycle): they
//! hold at every cycle.
//!
//! # Protocol
//!
//! 1. `tau in F^n`, `beta in F`. **Outer sum-check** (degree 3) of
//!    `0 = sum_x eq(tau, x) sum_j beta^j (A_j B_j - C_j)(z~(x), zs~(x))`
//!    over the cycles, where `zs_c` is column `c` shifted by one cycle
//!    (`zs_c[i] = z_c[i + 1]`), for the columns read at the next cycle. If a
//!    constraint fails at a cycle, the `beta`-combination is nonzero there
//!    except with probability `K / |F|`, and then the sum is a nonzero
//!    multilinear polynomial in `tau`, zero with probability `n / |F|`.
//!    Batching the constraints by `beta` first is what the uniform
//!    structure buys: the sum-check runs over the `N` cycles, not the `N K`
//!    rows of the matrices, and the prover holds the columns (small
//!    integers until the first bind), never `Az`, `Bz`, `Cz`.
//! 2. The sum-check ends at `r`; the prover sends every `z_c~(r)` and the
//!    shifted columns' `zs_c~(r)`, and the verifier evaluates the integrand
//!    itself from them and the constraint list
//!    ([`UniformR1cs::evaluate_at`]): the matrices' side costs it
//!    `O(terms)`, so Spartan's inner sum-check (which reduces a matrix-vector
//!    product to one witness evaluation) has nothing left to do.
//! 3. **Shift sum-check** (degree 2) for the shifted values, batched with
//!    random `mu_c`: `sum_c mu_c zs_c~(r) = sum_y shift(r, y)
//!    sum_c mu_c z_c(y)`, where `shift(x, y)` is 1 iff `y = x + 1`
//!    ([`lasso::poly::shift_eval`], `O(n)` for the verifier). It ends at
//!    `r_s`; the prover sends `z_c~(r_s)`.
//! 4. The caller opens `z_c~(r)` for every column and `z_c~(r_s)` for the
//!    shifted ones through its accumulator ([`SpartanClaims`]).
//!
//! The prover's work is `O(N (V + T))` field operations for `T` terms in
//! all the constraints, in `O(N V)` memory (half of it after the first
//! round, whose values are still small integers); a constraint whose `A`
//! vanishes on both halves of a pair (a flag that is off, most of them) is
//! skipped.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use lasso::errors::ProofError;
use lasso::field::Field;
use lasso::poly::{
    eq_eval, evaluate_many, shift_eval, CompactPolynomial, DensePolynomial, EqPolynomial,
    MultilinearPolynomial, Polynomial,
};
use lasso::sumcheck::{self, ProductSumcheck, SumcheckInstance, SumcheckProof};
use lasso::transcript::Transcript;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;

use super::builder::{UniformR1cs, Var};

/// A Spartan proof (see the module documentation for each part).
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct SpartanProof<F: Field> {
    pub outer: SumcheckProof<F>,
    /// Every column at the outer point `r`.
    pub evals: Vec<F>,
    /// `zs_c~(r)` for every column read at the next cycle.
    pub shifted: Vec<F>,
    pub shift_sumcheck: SumcheckProof<F>,
    /// Those columns at `r_s`.
    pub shift_evals: Vec<F>,
}

impl<F: Field> SpartanProof<F> {
    pub fn size_in_bytes(&self) -> usize {
        self.compressed_size()
    }
}

/// The openings a Spartan proof leaves to the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpartanClaims<F> {
    /// Every column `c` at `cycle_point` (the outer point) is `evals[c]`.
    pub cycle_point: Vec<F>,
    pub evals: Vec<F>,
    /// Column `shift_columns[t]` at `shift_point` is `shift_evals[t]`.
    pub shift_point: Vec<F>,
    pub shift_columns: Vec<usize>,
    pub shift_evals: Vec<F>,
}

fn absorb_shape<F: Field>(transcript: &mut Transcript, r1cs: &UniformR1cs<F>, n: usize) {
    transcript.append_u64(b"spartan_log_cycles", n as u64);
    r1cs.absorb(transcript);
}

fn shift_columns<F: Field>(r1cs: &UniformR1cs<F>) -> Vec<usize> {
    (0..r1cs.num_columns())
        .filter(|&c| r1cs.reads_next(c))
        .collect()
}

/// Proves that `columns` (all of `2^n` entries, already committed and
/// absorbed by the caller) satisfy `r1cs` at every cycle. An unsatisfying
/// witness yields a proof the verifier rejects.
pub fn prove<F: Field>(
    r1cs: &UniformR1cs<F>,
    columns: &[&Polynomial<F>],
    transcript: &mut Transcript,
) -> (SpartanProof<F>, SpartanClaims<F>) {
    assert_eq!(
        columns.len(),
        r1cs.num_columns(),
        "one polynomial per column"
    );
    assert!(!columns.is_empty(), "a system of no column");
    let n = columns[0].num_vars();
    assert!(
        columns.iter().all(|p| p.num_vars() == n),
        "columns of different lengths"
    );
    let cycles = 1usize << n;
    absorb_shape(transcript, r1cs, n);
    let tau: Vec<F> = transcript.challenge_scalars(b"spartan_tau", n);
    let beta: F = transcript.challenge_scalar(b"spartan_beta");

    let shift_cols = shift_columns(r1cs);
    let mut outer = OuterZerocheck::new(r1cs, columns, &shift_cols, &tau, beta);
    let (outer_proof, r) = sumcheck::prove(&mut outer, transcript);
    let (evals, shifted) = outer.final_values(columns, &shift_cols, &r);
    drop(outer);
    transcript.append_scalars(b"spartan_evals", &evals);
    transcript.append_scalars(b"spartan_shifted", &shifted);

    let (shift_sumcheck, shift_point, shift_evals) = if shift_cols.is_empty() {
        (
            SumcheckProof {
                round_polys: Vec::new(),
            },
            Vec::new(),
            Vec::new(),
        )
    } else {
        let mu: Vec<F> = transcript.challenge_powers(b"spartan_mu", shift_cols.len());
        // shift(r, y) = eq(r, y - 1) for y >= 1.
        let eq_r = EqPolynomial::evals(&r);
        let mut weights = vec![F::zero(); cycles];
        weights[1..].copy_from_slice(&eq_r[..cycles - 1]);
        drop(eq_r);
        let combined: Vec<F> = (0..cycles)
            .into_par_iter()
            .map(|y| {
                shift_cols
                    .iter()
                    .zip(&mu)
                    .map(|(&c, m)| *m * columns[c].get(y))
                    .sum()
            })
            .collect();
        let claim: F = shifted.iter().zip(&mu).map(|(s, m)| *s * m).sum();
        let mut instance = ProductSumcheck::new(
            vec![
                DensePolynomial::new(weights),
                DensePolynomial::new(combined),
            ],
            |v: &[F]| v[0] * v[1],
            2,
            claim,
        );
        let (proof, point) = sumcheck::prove(&mut instance, transcript);
        let polys: Vec<&Polynomial<F>> = shift_cols.iter().map(|&c| columns[c]).collect();
        let values = evaluate_many(&polys, &point);
        transcript.append_scalars(b"spartan_shift_evals", &values);
        (proof, point, values)
    };

    (
        SpartanProof {
            outer: outer_proof,
            evals: evals.clone(),
            shifted,
            shift_sumcheck,
            shift_evals: shift_evals.clone(),
        },
        SpartanClaims {
            cycle_point: r,
            evals,
            shift_point,
            shift_columns: shift_cols,
            shift_evals,
        },
    )
}

/// A column as the first round reads it: small integers while unbound.
enum View<'a, F> {
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
    U64(&'a [u64]),
    Field(&'a [F]),
}

impl<'a, F: Field> View<'a, F> {
    fn of(p: &'a Polynomial<F>) -> Self {
        let small = match p {
            Polynomial::U8(c) => c.small_values().map(View::U8),
            Polynomial::U16(c) => c.small_values().map(View::U16),
            Polynomial::U32(c) => c.small_values().map(View::U32),
            Polynomial::U64(c) => c.small_values().map(View::U64),
            Polynomial::Dense(d) => Some(View::Field(d.evals())),
        };
        small.expect("the zerocheck's slots are unbound before its first round")
    }

    fn is_small(&self) -> bool {
        !matches!(self, View::Field(_))
    }

    #[inline]
    fn small(&self, i: usize) -> i128 {
        match self {
            View::U8(v) => v[i] as i128,
            View::U16(v) => v[i] as i128,
            View::U32(v) => v[i] as i128,
            View::U64(v) => v[i] as i128,
            View::Field(_) => unreachable!("a field-valued slot read as small"),
        }
    }

    #[inline]
    fn field(&self, i: usize) -> F {
        match self {
            View::Field(v) => v[i],
            _ => F::from_i128(self.small(i)),
        }
    }
}

/// A change between the two halves of a pair: an integer while the values
/// are small.
enum Delta<F> {
    Small(i128),
    Field(F),
}

impl<F: Field> Delta<F> {
    fn is_zero(&self) -> bool {
        match self {
            Delta::Small(x) => *x == 0,
            Delta::Field(x) => x.is_zero(),
        }
    }

    fn field(&self) -> F {
        match self {
            Delta::Small(x) => F::from_i128(*x),
            Delta::Field(x) => *x,
        }
    }

    fn times(&self, other: &Self) -> F {
        match (self, other) {
            (Delta::Small(a), Delta::Small(b)) => match a.checked_mul(*b) {
                Some(p) => F::from_i128(p),
                None => F::from_i128(*a) * F::from_i128(*b),
            },
            _ => self.field() * other.field(),
        }
    }
}

/// A field element that is a small signed integer, if it is one.
fn as_small<F: Field>(x: F) -> Option<i128> {
    x.to_u64()
        .map(|v| v as i128)
        .or_else(|| (-x).to_u64().map(|v| -(v as i128)))
}

/// One affine combination, compiled against the zerocheck's slots
/// (columns, then shifted columns).
struct SlotLc<F> {
    terms: Vec<(usize, F)>,
    constant: F,
    /// The same in integers, when every coefficient is small (the first
    /// round then runs in `i128` on the slots that are small).
    small: Option<(Vec<(usize, i128)>, i128)>,
}

impl<F: Field> SlotLc<F> {
    fn from_terms(terms: Vec<(usize, F)>, constant: F) -> Self {
        let small = terms
            .iter()
            .map(|(s, c)| as_small(*c).map(|c| (*s, c)))
            .collect::<Option<Vec<_>>>()
            .zip(as_small(constant));
        Self {
            terms,
            constant,
            small,
        }
    }

    /// The value at entry `i` as an integer, when every slot it reads is
    /// small (no overflow: values below `2^64`, a few terms with
    /// coefficients below `2^50`).
    #[inline]
    fn eval_small(&self, views: &[View<'_, F>], small_slots: &[bool], i: usize) -> Option<i128> {
        let (terms, constant) = self.small.as_ref()?;
        if !terms.iter().all(|(s, _)| small_slots[*s]) {
            return None;
        }
        Some(
            terms
                .iter()
                .fold(*constant, |acc, (s, c)| acc + c * views[*s].small(i)),
        )
    }

    /// The value at entry `i` of the first round's views: in integers when
    /// everything is small (no overflow: values below `2^64`, a few terms
    /// with coefficients below `2^50`).
    #[inline]
    fn eval_first(&self, views: &[View<'_, F>], small_slots: &[bool], i: usize) -> F {
        if let Some(v) = self.eval_small(views, small_slots, i) {
            return F::from_i128(v);
        }
        self.terms
            .iter()
            .fold(self.constant, |acc, (s, c)| acc + *c * views[*s].field(i))
    }

    #[inline]
    fn eval(&self, row: &[F]) -> F {
        self.terms.iter().fold(self.constant, |acc, (s, c)| {
            let v = row[*s];
            if c.is_one() {
                acc + v
            } else {
                acc + *c * v
            }
        })
    }

    fn is_zero(&self) -> bool {
        self.terms.is_empty() && self.constant.is_zero()
    }
}

/// The zerocheck's slots: variables (a column now or at the next cycle)
/// that every combination reads in the same proportions share one slot,
/// `S = sum_v lambda_v z_v`. The 21 table flags only ever appear as
/// `sum_t t flag_t`, the four dimensions as the index `z`, the operand
/// bytes as `X` and `Y`: merging them keeps the per-pair work and memory
/// proportional to the distinct linear forms, not to the columns.
struct SlotGroups<F: Field> {
    /// Per slot, its variables and their `lambda`.
    members: Vec<Vec<(Var, F)>>,
    /// Per variable that some combination reads, its slot.
    slot_of: HashMap<Var, usize>,
    /// Per slot and combination (`3 j + m` for `A_j`, `B_j`, `C_j`), the
    /// slot's coefficient.
    signatures: Vec<HashMap<usize, F>>,
}

impl<F: Field> SlotGroups<F> {
    fn new(r1cs: &UniformR1cs<F>, num_columns: usize, shift_cols: &[usize]) -> Self {
        // Every variable's occurrences, as (combination, coefficient).
        let mut occurrences: HashMap<Var, Vec<(usize, F)>> = HashMap::new();
        for (j, c) in r1cs.constraints().iter().enumerate() {
            for (m, lc) in [&c.a, &c.b, &c.c].into_iter().enumerate() {
                let mut summed: HashMap<Var, F> = HashMap::new();
                for (v, coeff) in &lc.terms {
                    *summed.entry(*v).or_insert_with(F::zero) += *coeff;
                }
                for (v, coeff) in summed {
                    if !coeff.is_zero() {
                        occurrences.entry(v).or_default().push((3 * j + m, coeff));
                    }
                }
            }
        }
        // Variables in a fixed order: the columns, then the shifted ones.
        let vars = (0..num_columns)
            .map(|column| Var {
                column,
                next: false,
            })
            .chain(shift_cols.iter().map(|&column| Var { column, next: true }));
        let mut members: Vec<Vec<(Var, F)>> = Vec::new();
        let mut signatures: Vec<HashMap<usize, F>> = Vec::new();
        let mut by_signature: HashMap<Vec<(usize, F)>, usize> = HashMap::new();
        let mut slot_of = HashMap::new();
        for v in vars {
            let Some(occ) = occurrences.get_mut(&v) else {
                continue;
            };
            occ.sort_by_key(|(lc, _)| *lc);
            let lambda = occ[0].1;
            let inverse = lambda.inverse().expect("nonzero coefficient");
            let normalized: Vec<(usize, F)> =
                occ.iter().map(|(lc, c)| (*lc, *c * inverse)).collect();
            let slot = *by_signature.entry(normalized.clone()).or_insert_with(|| {
                members.push(Vec::new());
                signatures.push(normalized.into_iter().collect());
                members.len() - 1
            });
            members[slot].push((v, lambda));
            slot_of.insert(v, slot);
        }
        // A slot of one variable holds the variable itself.
        for (slot, m) in members.iter_mut().enumerate() {
            if let [(_, lambda)] = m.as_mut_slice() {
                for c in signatures[slot].values_mut() {
                    *c *= *lambda;
                }
                *lambda = F::one();
            }
        }
        Self {
            members,
            slot_of,
            signatures,
        }
    }

    /// The terms of combination `id` (`lc`) over the slots.
    fn terms(&self, id: usize, lc: &super::builder::Lc<F>) -> Vec<(usize, F)> {
        // (A variable whose coefficients cancel has no slot.)
        let mut slots: Vec<usize> = lc
            .terms
            .iter()
            .filter_map(|(v, _)| self.slot_of.get(v).copied())
            .collect();
        slots.sort_unstable();
        slots.dedup();
        slots
            .into_iter()
            .filter_map(|s| self.signatures[s].get(&id).map(|c| (s, *c)))
            .collect()
    }

    /// Whether some combination reads `var`.
    fn reads(&self, var: Var) -> bool {
        self.slot_of.contains_key(&var)
    }

    /// The slot holding `var` alone, if it is not merged.
    fn single_slot(&self, var: Var) -> Option<usize> {
        let slot = *self.slot_of.get(&var)?;
        (self.members[slot].len() == 1).then_some(slot)
    }
}

/// A slot's polynomial: its variable, or `sum_v lambda_v z_v` (compact when
/// the combination has small nonnegative integer values).
fn slot_polynomial<'a, F: Field>(
    columns: &[&'a Polynomial<F>],
    members: &[(Var, F)],
) -> Cow<'a, Polynomial<F>> {
    let poly = |v: Var| {
        if v.next {
            columns[v.column].shifted_by_one()
        } else {
            columns[v.column].clone()
        }
    };
    if let [(v, _)] = members {
        return if v.next {
            Cow::Owned(poly(*v))
        } else {
            Cow::Borrowed(columns[v.column])
        };
    }
    let parts: Vec<Polynomial<F>> = members.iter().map(|(v, _)| poly(*v)).collect();
    let len = parts[0].len();
    let lambdas: Option<Vec<u64>> = members.iter().map(|(_, l)| l.to_u64()).collect();
    if let Some(lambdas) = lambdas {
        let views: Vec<View<'_, F>> = parts.iter().map(View::of).collect();
        if views.iter().all(View::is_small) {
            let values: Option<Vec<u64>> = (0..len)
                .into_par_iter()
                .map(|i| {
                    views.iter().zip(&lambdas).try_fold(0u64, |acc, (v, l)| {
                        (v.small(i) as u64).checked_mul(*l)?.checked_add(acc)
                    })
                })
                .collect();
            if let Some(values) = values {
                return Cow::Owned(CompactPolynomial::<u64, F>::new(values).into());
            }
        }
    }
    let values: Vec<F> = (0..len)
        .into_par_iter()
        .map(|i| {
            members
                .iter()
                .zip(&parts)
                .map(|((_, l), p)| *l * p.get(i))
                .sum()
        })
        .collect();
    Cow::Owned(DensePolynomial::new(values).into())
}

/// The outer sum-check's prover: the columns and their shifts (the
/// *slots*), and `eq(tau, .)`. Before the first round the slots are the
/// caller's small-valued columns; the first bind lays them out row-major
/// (`rows[i * S + s]`), so each later round reads two contiguous rows per
/// pair instead of one entry of each of `S` vectors.
struct OuterZerocheck<'a, F: Field> {
    slots: Vec<Cow<'a, Polynomial<F>>>,
    groups: SlotGroups<F>,
    rows: Vec<F>,
    num_slots: usize,
    eq: DensePolynomial<F>,
    constraints: Vec<[SlotLc<F>; 3]>,
    /// `beta^j`, and whether `C_j` is identically zero (so that a zero `A_j`
    /// or `B_j` on both halves lets the prover skip the constraint).
    weights: Vec<(F, bool)>,
    first_round: bool,
}

impl<'a, F: Field> OuterZerocheck<'a, F> {
    fn new(
        r1cs: &UniformR1cs<F>,
        columns: &[&'a Polynomial<F>],
        shift_cols: &[usize],
        tau: &[F],
        beta: F,
    ) -> Self {
        let groups = SlotGroups::new(r1cs, columns.len(), shift_cols);
        let slots: Vec<Cow<'a, Polynomial<F>>> = groups
            .members
            .par_iter()
            .map(|members| slot_polynomial(columns, members))
            .collect();
        let constraints: Vec<[SlotLc<F>; 3]> = r1cs
            .constraints()
            .iter()
            .enumerate()
            .map(|(j, c)| {
                std::array::from_fn(|m| {
                    let lc = [&c.a, &c.b, &c.c][m];
                    SlotLc::from_terms(groups.terms(3 * j + m, lc), lc.constant)
                })
            })
            .collect();
        let mut power = F::one();
        let weights = constraints
            .iter()
            .map(|c| {
                let w = (power, c[2].is_zero());
                power *= beta;
                w
            })
            .collect();
        Self {
            num_slots: slots.len(),
            slots,
            groups,
            rows: Vec::new(),
            eq: DensePolynomial::new(EqPolynomial::evals(tau)),
            constraints,
            weights,
            first_round: true,
        }
    }

    /// Adds `sum_j beta^j (A_j B_j - C_j)` at `X = 0..4` to `out`, from each
    /// combination's values at `X = 0` and `X = 1` (they are affine in `X`).
    #[inline]
    fn accumulate(&self, eval: impl Fn(&SlotLc<F>, usize) -> F, out: &mut [F; 4]) {
        for (lcs, &(w, c_is_zero)) in self.constraints.iter().zip(&self.weights) {
            let (a0, a1) = (eval(&lcs[0], 0), eval(&lcs[0], 1));
            if c_is_zero && a0.is_zero() && a1.is_zero() {
                continue;
            }
            let (b0, b1) = (eval(&lcs[1], 0), eval(&lcs[1], 1));
            if c_is_zero && b0.is_zero() && b1.is_zero() {
                continue;
            }
            let (c0, c1) = if c_is_zero {
                (F::zero(), F::zero())
            } else {
                (eval(&lcs[2], 0), eval(&lcs[2], 1))
            };
            let (da, db, dc) = (a1 - a0, b1 - b0, c1 - c0);
            let (mut a, mut b, mut c) = (a0, b0, c0);
            for (t, o) in out.iter_mut().enumerate() {
                if t > 0 {
                    a += da;
                    b += db;
                    c += dc;
                }
                *o += w * (a * b - c);
            }
        }
    }

    /// Every column's and every shifted column's evaluation at the point
    /// the sum-check ended at: a slot of one variable holds it; the members
    /// of merged slots are evaluated on their own.
    /// The first round's integrand for the pair `(i, i + half)`, for a
    /// witness that satisfies the constraints on the hypercube (the honest
    /// prover's): at `X = 0, 1` every constraint holds, so
    /// `A(X) B(X) - C(X) = X (X - 1) dA dB` with `dA = A(1) - A(0)` and
    /// `dB` alike (the affine `C` cancels), and only constraints whose `A`
    /// and `B` both change contribute. A witness that does not satisfy
    /// them gets a first message that is not its sum-check's, and is
    /// rejected like any other.
    fn first_round_pair(
        &self,
        views: &[View<'_, F>],
        small: &[bool],
        i: usize,
        half: usize,
    ) -> [F; 4] {
        let delta = |lc: &SlotLc<F>| -> Delta<F> {
            match (
                lc.eval_small(views, small, i),
                lc.eval_small(views, small, i + half),
            ) {
                (Some(x0), Some(x1)) => Delta::Small(x1 - x0),
                _ => Delta::Field(
                    lc.eval_first(views, small, i + half) - lc.eval_first(views, small, i),
                ),
            }
        };
        let mut sum = F::zero();
        for (lcs, &(w, _)) in self.constraints.iter().zip(&self.weights) {
            let da = delta(&lcs[0]);
            if da.is_zero() {
                continue;
            }
            let db = delta(&lcs[1]);
            if db.is_zero() {
                continue;
            }
            sum += w * da.times(&db);
        }
        let two = sum + sum;
        [F::zero(), F::zero(), two, two + two + two]
    }

    fn final_values(
        &self,
        columns: &[&Polynomial<F>],
        shift_cols: &[usize],
        point: &[F],
    ) -> (Vec<F>, Vec<F>) {
        let slot_values: Vec<F> = if self.first_round {
            self.slots.iter().map(|p| p.get(0)).collect()
        } else {
            self.rows[..self.num_slots].to_vec()
        };
        // The merged variables, evaluated together (one `eq` table).
        let vars = (0..columns.len())
            .map(|column| Var {
                column,
                next: false,
            })
            .chain(shift_cols.iter().map(|&column| Var { column, next: true }));
        let (single, merged): (Vec<Var>, Vec<Var>) =
            vars.partition(|v| self.groups.single_slot(*v).is_some() || !self.groups.reads(*v));
        let shifted_polys: Vec<Polynomial<F>> = merged
            .iter()
            .filter(|v| v.next)
            .map(|v| columns[v.column].shifted_by_one())
            .collect();
        let mut shifted_iter = shifted_polys.iter();
        let merged_polys: Vec<&Polynomial<F>> = merged
            .iter()
            .map(|v| {
                if v.next {
                    shifted_iter.next().expect("one per shifted variable")
                } else {
                    columns[v.column]
                }
            })
            .collect();
        let mut value: HashMap<Var, F> = merged
            .iter()
            .copied()
            .zip(evaluate_many(&merged_polys, point))
            .collect();
        for v in single {
            let x = match self.groups.single_slot(v) {
                Some(slot) => slot_values[slot],
                // Read by no constraint: evaluated for the caller's claims.
                None if v.next => columns[v.column].shifted_by_one().evaluate(point),
                None => columns[v.column].evaluate(point),
            };
            value.insert(v, x);
        }
        let evals = (0..columns.len())
            .map(|column| {
                value[&Var {
                    column,
                    next: false,
                }]
            })
            .collect();
        let shifted = shift_cols
            .iter()
            .map(|&column| value[&Var { column, next: true }])
            .collect();
        (evals, shifted)
    }

    /// Sums `f(i)` (the integrand's four values for the pair `(i, i +
    /// half)`), weighted by `eq`, over the pairs, in parallel.
    fn sum_pairs(&self, half: usize, f: impl Fn(usize) -> [F; 4] + Sync) -> Vec<F> {
        let e = self.eq.evals();
        let add = |mut a: [F; 4], b: [F; 4]| {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
            a
        };
        (0..half)
            .into_par_iter()
            .fold(
                || [F::zero(); 4],
                |acc, i| {
                    let inner = f(i);
                    let (e0, de) = (e[i], e[i + half] - e[i]);
                    let mut eq_t = e0;
                    let mut weighted = [F::zero(); 4];
                    for (t, w) in weighted.iter_mut().enumerate() {
                        if t > 0 {
                            eq_t += de;
                        }
                        *w = eq_t * inner[t];
                    }
                    add(acc, weighted)
                },
            )
            .reduce(|| [F::zero(); 4], add)
            .to_vec()
    }
}

impl<F: Field> SumcheckInstance<F> for OuterZerocheck<'_, F> {
    fn num_vars(&self) -> usize {
        self.eq.num_vars()
    }

    fn degree(&self) -> usize {
        3
    }

    fn claim(&self) -> F {
        F::zero()
    }

    fn round_evals(&self) -> Vec<F> {
        let half = self.eq.len() / 2;
        if self.first_round {
            // Small integers: the combinations in i128, one conversion each.
            let views: Vec<View<'_, F>> = self.slots.iter().map(|p| View::of(p)).collect();
            let small: Vec<bool> = views.iter().map(View::is_small).collect();
            self.sum_pairs(half, |i| self.first_round_pair(&views, &small, i, half))
        } else {
            let k = self.num_slots;
            self.sum_pairs(half, |i| {
                let rows = [
                    &self.rows[i * k..(i + 1) * k],
                    &self.rows[(i + half) * k..(i + half + 1) * k],
                ];
                let mut out = [F::zero(); 4];
                self.accumulate(|lc, x| lc.eval(rows[x]), &mut out);
                out
            })
        }
    }

    fn bind(&mut self, r: F) {
        let k = self.num_slots;
        let half = self.eq.len() / 2;
        if self.first_round {
            let views: Vec<View<'_, F>> = self.slots.iter().map(|p| View::of(p)).collect();
            let mut rows = vec![F::zero(); half * k];
            rows.par_chunks_mut(k).enumerate().for_each(|(i, row)| {
                for (s, v) in views.iter().enumerate() {
                    let (v0, v1) = (v.field(i), v.field(i + half));
                    row[s] = if v0 == v1 { v0 } else { v0 + r * (v1 - v0) };
                }
            });
            self.rows = rows;
            self.slots = Vec::new();
            self.first_round = false;
        } else {
            let (low, high) = self.rows.split_at_mut(half * k);
            low.par_chunks_mut(k)
                .zip(high.par_chunks(k))
                .for_each(|(a, b)| {
                    for (x, y) in a.iter_mut().zip(b) {
                        if *x != *y {
                            *x += r * (*y - *x);
                        }
                    }
                });
            self.rows.truncate(half * k);
        }
        self.eq.bind_top_variable(r);
    }
}

/// Verifies a Spartan proof over `2^n` cycles; on success returns the
/// claims the caller must open against its commitments (absorbed before
/// this call).
pub fn verify<F: Field>(
    r1cs: &UniformR1cs<F>,
    n: usize,
    proof: &SpartanProof<F>,
    transcript: &mut Transcript,
) -> Result<SpartanClaims<F>, ProofError> {
    let shift_cols = shift_columns(r1cs);
    let expect = |what: &str, got: usize, want: usize| {
        if got == want {
            Ok(())
        } else {
            Err(ProofError::Malformed(format!(
                "Spartan: {got} {what}, expected {want}"
            )))
        }
    };
    expect("column evaluations", proof.evals.len(), r1cs.num_columns())?;
    expect("shifted evaluations", proof.shifted.len(), shift_cols.len())?;
    expect("shift openings", proof.shift_evals.len(), shift_cols.len())?;
    absorb_shape(transcript, r1cs, n);
    let tau: Vec<F> = transcript.challenge_scalars(b"spartan_tau", n);
    let beta: F = transcript.challenge_scalar(b"spartan_beta");

    let (r, final_claim) = sumcheck::verify(&proof.outer, F::zero(), n, 3, transcript)?;
    let mut next = vec![F::zero(); r1cs.num_columns()];
    for (&col, s) in shift_cols.iter().zip(&proof.shifted) {
        next[col] = *s;
    }
    if eq_eval(&tau, &r) * r1cs.evaluate_at(&proof.evals, &next, beta) != final_claim {
        return Err(ProofError::SumcheckFinal(
            "Spartan outer sum-check: the constraints do not hold at the columns' evaluations",
        ));
    }
    transcript.append_scalars(b"spartan_evals", &proof.evals);
    transcript.append_scalars(b"spartan_shifted", &proof.shifted);
    let r_i = &r[..];

    let shift_point = if shift_cols.is_empty() {
        if !proof.shift_sumcheck.round_polys.is_empty() {
            return Err(ProofError::Malformed(
                "Spartan: a shift sum-check with no shifted column".into(),
            ));
        }
        Vec::new()
    } else {
        let mu: Vec<F> = transcript.challenge_powers(b"spartan_mu", shift_cols.len());
        let claim: F = proof.shifted.iter().zip(&mu).map(|(s, m)| *s * m).sum();
        let (point, final_claim) =
            sumcheck::verify(&proof.shift_sumcheck, claim, n, 2, transcript)?;
        let combined: F = proof.shift_evals.iter().zip(&mu).map(|(e, m)| *e * m).sum();
        if shift_eval(r_i, &point) * combined != final_claim {
            return Err(ProofError::SumcheckFinal(
                "Spartan shift sum-check: the next-cycle values do not match",
            ));
        }
        transcript.append_scalars(b"spartan_shift_evals", &proof.shift_evals);
        point
    };
    Ok(SpartanClaims {
        cycle_point: r_i.to_vec(),
        evals: proof.evals.clone(),
        shift_point,
        shift_columns: shift_cols,
        shift_evals: proof.shift_evals.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lasso::field::Fr;

    /// The VM's variables that always appear in the same proportions (the
    /// flags with `TABLE`, the dimensions, the operand bytes, `rs1` with
    /// `x_const`, ..) share slots.
    #[test]
    fn the_vm_system_merges_into_41_slots() {
        let r1cs = super::super::vm::vm_r1cs::<Fr>(&crate::MemoryLayout::default());
        let shift = shift_columns(&r1cs);
        assert_eq!(shift.len(), 4);
        let groups = SlotGroups::new(&r1cs, r1cs.num_columns(), &shift);
        let sizes: Vec<usize> = groups.members.iter().map(Vec::len).collect();
        assert_eq!(sizes.len(), 41, "{sizes:?}");
        let mut merged: Vec<usize> = sizes.into_iter().filter(|&s| s > 1).collect();
        merged.sort_unstable();
        assert_eq!(merged, vec![2, 2, 4, 4, 4, 21]);
    }
}
