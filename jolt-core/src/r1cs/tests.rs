//! The builder, the checker and uniform Spartan on a small system: a
//! Fibonacci recurrence between consecutive cycles while `active`, with a
//! product and booleanity constraints. Proofs are checked end to end, the
//! column openings through HyperKZG and the accumulator.

// The witness is column-major: cycles index several columns at once.
#![allow(clippy::needless_range_loop)]

use std::sync::OnceLock;

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use lasso::field::{Field, Fr};
use lasso::pcs::accumulator::{ProverOpeningAccumulator, VerifierOpeningAccumulator};
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;
use lasso::poly::{CompactPolynomial, Polynomial};
use lasso::transcript::Transcript;
use lasso::ProofError;

use super::builder::{ConstraintBuilder, Lc, UniformR1cs};
use super::spartan::{self, SpartanProof};

const A: usize = 0;
const B: usize = 1;
const PRODUCT: usize = 2;
const ACTIVE: usize = 3;
const FLAG: usize = 4;
const COLUMNS: usize = 5;
const LOG_CYCLES: usize = 4;
const CYCLES: usize = 1 << LOG_CYCLES;

fn system() -> UniformR1cs<Fr> {
    UniformR1cs::build(COLUMNS, |b: &mut dyn ConstraintBuilder<Fr>| {
        let active = b.cur(ACTIVE);
        b.assert_bool("active is boolean", active.clone());
        b.assert_bool("flag is boolean", b.cur(FLAG));
        b.constrain("a * b = product", b.cur(A), b.cur(B), b.cur(PRODUCT));
        b.assert_eq_if("next a is b", active.clone(), b.next(A), b.cur(B));
        b.assert_eq_if(
            "next b is a + b",
            active.clone(),
            b.next(B),
            b.cur(A) + b.cur(B),
        );
        // Once inactive, always inactive.
        b.constrain(
            "active only ends",
            b.next(ACTIVE),
            Lc::one() - active,
            Lc::zero(),
        );
        b.assert_eq_if("flag means a = 3", b.cur(FLAG), b.cur(A), Lc::from(3));
    })
}

/// A satisfying witness: Fibonacci for 10 transitions, then zeros.
fn witness() -> Vec<Vec<u64>> {
    let mut w = vec![vec![0u64; CYCLES]; COLUMNS];
    let (mut a, mut b) = (1u64, 1u64);
    for i in 0..CYCLES {
        if i <= 10 {
            w[A][i] = a;
            w[B][i] = b;
            (a, b) = (b, a + b);
        }
        w[PRODUCT][i] = w[A][i] * w[B][i];
        w[ACTIVE][i] = (i < 10) as u64;
        w[FLAG][i] = (w[A][i] == 3) as u64;
    }
    w
}

fn polys(w: &[Vec<u64>]) -> Vec<Polynomial<Fr>> {
    w.iter()
        .map(|c| CompactPolynomial::<u64, Fr>::new(c.clone()).into())
        .collect()
}

fn key() -> &'static <HyperKzg as CommitmentScheme<Fr>>::ProverKey {
    static KEY: OnceLock<<HyperKzg as CommitmentScheme<Fr>>::ProverKey> = OnceLock::new();
    KEY.get_or_init(|| HyperKzg::setup_from_seed(LOG_CYCLES, b"spartan tests"))
}

type Commitment = <HyperKzg as CommitmentScheme<Fr>>::Commitment;
type Opening = lasso::pcs::accumulator::BatchedOpeningProof<Fr, HyperKzg>;

/// Commits, proves and opens: what a caller of Spartan does.
fn prove(w: &[Vec<u64>]) -> (Vec<Commitment>, SpartanProof<Fr>, Opening) {
    let ps = polys(w);
    let refs: Vec<&Polynomial<Fr>> = ps.iter().collect();
    let commitments = HyperKzg::batch_commit(key(), &refs);
    let mut t = Transcript::new(b"spartan-test");
    t.append_serializable(b"commitments", &commitments);
    let (proof, claims) = spartan::prove(&system(), &refs, &mut t);
    let mut acc = ProverOpeningAccumulator::<Fr, HyperKzg>::new();
    let comm_refs: Vec<&Commitment> = commitments.iter().collect();
    acc.append_merged(
        &refs,
        &comm_refs,
        claims.cycle_point.clone(),
        &claims.evals,
        &mut t,
    );
    let shifted: Vec<&Polynomial<Fr>> = claims.shift_columns.iter().map(|&c| refs[c]).collect();
    let shifted_comms: Vec<&Commitment> = claims
        .shift_columns
        .iter()
        .map(|&c| &commitments[c])
        .collect();
    acc.append_merged(
        &shifted,
        &shifted_comms,
        claims.shift_point,
        &claims.shift_evals,
        &mut t,
    );
    let opening = acc.prove(key(), &mut t);
    (commitments, proof, opening)
}

fn verify(
    commitments: &[Commitment],
    proof: &SpartanProof<Fr>,
    opening: &Opening,
) -> Result<(), ProofError> {
    let mut t = Transcript::new(b"spartan-test");
    t.append_serializable(b"commitments", &commitments.to_vec());
    let claims = spartan::verify(&system(), LOG_CYCLES, proof, &mut t)?;
    let mut acc = VerifierOpeningAccumulator::<Fr, HyperKzg>::new();
    let refs: Vec<&Commitment> = commitments.iter().collect();
    acc.append_merged(&refs, claims.cycle_point, &claims.evals, &mut t)?;
    let shifted: Vec<&Commitment> = claims
        .shift_columns
        .iter()
        .map(|&c| &commitments[c])
        .collect();
    acc.append_merged(&shifted, claims.shift_point, &claims.shift_evals, &mut t)?;
    acc.verify(&HyperKzg::verifier_key(key()), opening, &mut t)
}

fn check(w: &[Vec<u64>]) -> Result<(), super::Violation> {
    system().check(CYCLES, |c, i| Fr::from_u64(w[c][i]))
}

#[test]
fn a_satisfying_witness_checks_proves_and_verifies() {
    let w = witness();
    check(&w).unwrap();
    let (c, p, o) = prove(&w);
    verify(&c, &p, &o).unwrap();
    assert_eq!(
        p.shifted.len(),
        3,
        "a, b and active are read at the next cycle"
    );
}

#[test]
fn each_constraint_violated_alone_is_named_and_rejected() {
    // (column, cycle, new value, the constraint that alone breaks)
    let cases = [
        (ACTIVE, 10, 2, "active is boolean"),
        (FLAG, 5, 2, "flag is boolean"),
        (PRODUCT, 7, 1, "a * b = product"),
        (A, 6, 1000, "next a is b"),
        (ACTIVE, 11, 1, "active only ends"),
        (FLAG, 0, 1, "flag means a = 3"),
    ];
    for (column, cycle, value, name) in cases {
        let mut w = witness();
        w[column][cycle] = value;
        if column == A {
            // Keep the product consistent so only the recurrence breaks.
            w[PRODUCT][cycle] = w[A][cycle] * w[B][cycle];
        }
        let violation = check(&w).unwrap_err();
        assert_eq!(violation.name, name, "{violation}");
        let (c, p, o) = prove(&w);
        assert!(verify(&c, &p, &o).is_err(), "{name}: accepted");
    }
    // "next b is a + b" alone: change b and everything after consistently
    // except the recurrence.
    let mut w = witness();
    w[B][3] += 1;
    w[PRODUCT][3] = w[A][3] * w[B][3];
    let violation = check(&w).unwrap_err();
    assert!(violation.name.starts_with("next"), "{violation}");
}

#[test]
fn the_next_cycle_after_the_last_reads_zero() {
    // Fibonacci on every cycle, active throughout: only the last cycle's
    // transition fails, because the trace does not wrap around.
    let mut w = vec![vec![0u64; CYCLES]; COLUMNS];
    let (mut a, mut b) = (1u64, 1u64);
    for i in 0..CYCLES {
        w[A][i] = a;
        w[B][i] = b;
        w[PRODUCT][i] = a * b;
        w[ACTIVE][i] = 1;
        w[FLAG][i] = (a == 3) as u64;
        (a, b) = (b, a + b);
    }
    let violation = check(&w).unwrap_err();
    assert_eq!(
        (violation.cycle, violation.name.as_str()),
        (CYCLES - 1, "next a is b")
    );
    let (c, p, o) = prove(&w);
    assert!(verify(&c, &p, &o).is_err());
}

#[test]
fn every_altered_proof_field_is_rejected() {
    let (c, p, o) = prove(&witness());
    let one = Fr::from_u64(1);
    let mut tampered: Vec<(String, SpartanProof<Fr>)> = Vec::new();
    for r in 0..p.outer.round_polys.len() {
        for e in 0..p.outer.round_polys[r].len() {
            let mut q = p.clone();
            q.outer.round_polys[r][e] += one;
            tampered.push((format!("outer round {r} eval {e}"), q));
        }
    }
    for i in 0..p.evals.len() {
        let mut q = p.clone();
        q.evals[i] += one;
        tampered.push((format!("eval {i}"), q));
    }
    for i in 0..p.shifted.len() {
        let mut q = p.clone();
        q.shifted[i] += one;
        tampered.push((format!("shifted {i}"), q));
        let mut q = p.clone();
        q.shift_evals[i] += one;
        tampered.push((format!("shift eval {i}"), q));
    }
    for r in 0..p.shift_sumcheck.round_polys.len() {
        let mut q = p.clone();
        q.shift_sumcheck.round_polys[r][0] += one;
        tampered.push((format!("shift round {r}"), q));
    }
    let mut q = p.clone();
    q.evals.pop();
    tampered.push(("missing eval".into(), q));
    for (name, q) in tampered {
        assert!(verify(&c, &q, &o).is_err(), "{name}: accepted");
    }
    // A commitment to another column.
    let mut other = c.clone();
    other.swap(A, B);
    assert!(verify(&other, &p, &o).is_err(), "swapped commitments");
}

#[test]
fn a_proof_is_about_its_own_system() {
    // The same columns, a system whose flag constraint says a = 5: the
    // proof (made for a = 3) is rejected.
    let (c, p, o) = prove(&witness());
    let other = UniformR1cs::build(COLUMNS, |b: &mut dyn ConstraintBuilder<Fr>| {
        for constraint in system().constraints() {
            b.constrain(
                &constraint.name,
                constraint.a.clone(),
                constraint.b.clone(),
                constraint.c.clone(),
            );
        }
        b.assert_eq_if("flag means a = 5", b.cur(FLAG), b.cur(A), Lc::from(5));
    });
    let mut t = Transcript::new(b"spartan-test");
    t.append_serializable(b"commitments", &c);
    assert!(spartan::verify(&other, LOG_CYCLES, &p, &mut t).is_err());
    verify(&c, &p, &o).unwrap();
}

#[test]
fn proof_bytes_round_trip_and_garbage_is_an_error() {
    let (c, p, o) = prove(&witness());
    let mut bytes = Vec::new();
    p.serialize_compressed(&mut bytes).unwrap();
    let back = SpartanProof::<Fr>::deserialize_compressed(&bytes[..]).unwrap();
    verify(&c, &back, &o).unwrap();
    for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
        assert!(SpartanProof::<Fr>::deserialize_compressed(&bytes[..cut]).is_err());
    }
}
