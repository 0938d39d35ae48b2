//! The engine on small synthetic memories: a read-write memory with its
//! timestamp range check, and a read-only table.

use ark_ff::{One, Zero};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use rand::{Rng, SeedableRng};

use super::range_check;
use super::*;
use crate::field::Fr;
use crate::poly::CompactPolynomial;

const SLOTS: usize = 2;
const LOG_ROWS: usize = 4;
const LOG_DOMAIN: usize = 3;
const ROWS: usize = 1 << LOG_ROWS;
const CELLS: usize = 1 << LOG_DOMAIN;
/// Timestamps run to `SLOTS * ROWS`.
const RANGE_BITS: usize = 5;

/// Columns of the read-write memory and its range check, generic over what
/// stands for a polynomial (so that prover and verifier build the same
/// tuples).
#[derive(Clone)]
struct Columns<P> {
    address: Vec<P>,
    read_value: Vec<P>,
    read_ts: Vec<P>,
    write_value: Vec<P>,
    init: P,
    final_value: P,
    final_ts: P,
    range_lows: Vec<P>,
    range_reads: Vec<P>,
    range_final: P,
}

impl<P: Copy> Columns<P> {
    fn tuples(&self) -> Vec<MemoryTuples<P, Fr>> {
        let accesses = (0..SLOTS)
            .map(|s| ReadWriteAccess {
                address: Column::poly(self.address[s]),
                read_value: Column::poly(self.read_value[s]),
                read_ts: self.read_ts[s],
                write_value: Column::poly(self.write_value[s]),
                write_ts: write_ts(s),
            })
            .collect();
        let rw = MemoryTuples::read_write(
            accesses,
            Column::index(Fr::one(), Fr::zero()),
            Column::poly(self.init),
            self.final_value,
            self.final_ts,
        );
        let gaps = (0..SLOTS)
            .map(|s| write_ts(s).plus(-Fr::one()).minus_poly(self.read_ts[s]))
            .collect();
        let range = range_check::tuples(
            gaps,
            self.range_lows.clone(),
            range_check::limb_bits(RANGE_BITS),
            self.range_reads.clone(),
            self.range_final,
        );
        vec![rw, range]
    }
}

impl<P> Columns<P> {
    fn map<'a, Q>(&'a self, f: impl Fn(&'a P) -> Q) -> Columns<Q> {
        let all = |v: &'a [P]| v.iter().map(&f).collect();
        Columns {
            address: all(&self.address),
            read_value: all(&self.read_value),
            read_ts: all(&self.read_ts),
            write_value: all(&self.write_value),
            init: f(&self.init),
            final_value: f(&self.final_value),
            final_ts: f(&self.final_ts),
            range_lows: all(&self.range_lows),
            range_reads: all(&self.range_reads),
            range_final: f(&self.range_final),
        }
    }
}

/// `t_w = SLOTS * i + s + 1`.
fn write_ts<P>(s: usize) -> Column<P, Fr> {
    Column::index(Fr::from_u64(SLOTS as u64), Fr::from_u64(s as u64 + 1))
}

fn shapes() -> Vec<MemoryShape> {
    vec![
        MemoryShape {
            slots: SLOTS,
            log_rows: LOG_ROWS,
            log_domain: LOG_DOMAIN,
        },
        MemoryShape {
            slots: 2 * SLOTS,
            log_rows: LOG_ROWS,
            log_domain: range_check::limb_bits(RANGE_BITS),
        },
    ]
}

/// The raw values of an execution: accesses per slot and row, then what
/// the honest witness derives from them.
#[derive(Clone, Debug)]
struct Execution {
    address: Vec<Vec<u64>>,
    read_value: Vec<Vec<u64>>,
    read_ts: Vec<Vec<u64>>,
    write_value: Vec<Vec<u64>>,
    init: Vec<u64>,
    final_value: Vec<u64>,
    final_ts: Vec<u64>,
}

impl Execution {
    /// Random accesses; slot 0 only reads, slot 1 reads and writes.
    fn random(seed: u64) -> Self {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        let init: Vec<u64> = (0..CELLS).map(|_| rng.gen_range(0..100)).collect();
        let mut value = init.clone();
        let mut last = vec![0u64; CELLS];
        let mut e = Execution {
            address: vec![vec![0; ROWS]; SLOTS],
            read_value: vec![vec![0; ROWS]; SLOTS],
            read_ts: vec![vec![0; ROWS]; SLOTS],
            write_value: vec![vec![0; ROWS]; SLOTS],
            init,
            final_value: Vec::new(),
            final_ts: Vec::new(),
        };
        for i in 0..ROWS {
            for s in 0..SLOTS {
                let a = rng.gen_range(0..CELLS);
                let t = (SLOTS * i + s + 1) as u64;
                e.address[s][i] = a as u64;
                e.read_value[s][i] = value[a];
                e.read_ts[s][i] = last[a];
                let w = if s == 0 {
                    value[a]
                } else {
                    rng.gen_range(0..100)
                };
                e.write_value[s][i] = w;
                value[a] = w;
                last[a] = t;
            }
        }
        e.final_value = value;
        e.final_ts = last;
        e
    }

    fn polys(&self) -> Columns<Polynomial<Fr>> {
        let poly = |v: &[u64]| Polynomial::from(CompactPolynomial::<u64, Fr>::new(v.to_vec()));
        let range = range_check::RangeCheckWitness::new(SLOTS, ROWS, RANGE_BITS, |s, i| {
            ((SLOTS * i + s) as u64).checked_sub(self.read_ts[s][i])
        });
        let counts_poly =
            |v: &[u32]| Polynomial::from(CompactPolynomial::<u32, Fr>::new(v.to_vec()));
        Columns {
            address: self.address.iter().map(|v| poly(v)).collect(),
            read_value: self.read_value.iter().map(|v| poly(v)).collect(),
            read_ts: self.read_ts.iter().map(|v| poly(v)).collect(),
            write_value: self.write_value.iter().map(|v| poly(v)).collect(),
            init: poly(&self.init),
            final_value: poly(&self.final_value),
            final_ts: poly(&self.final_ts),
            range_lows: range.lows.iter().map(|v| counts_poly(v)).collect(),
            range_reads: range.read_counts.iter().map(|v| counts_poly(v)).collect(),
            range_final: counts_poly(&range.final_counts),
        }
    }
}

fn prove_columns(columns: &Columns<Polynomial<Fr>>) -> (MemoryCheckingProof<Fr>, MemoryClaims<Fr>) {
    let refs = columns.map(|p| p);
    let mut t = Transcript::new(b"memory-test");
    let challenges = MemoryChallenges::draw(&mut t);
    prove(&refs.tuples(), &shapes(), &challenges, &mut t)
}

/// The verifier, with openings replaced by direct evaluations of the
/// polynomials at the points (each polynomial's point is that of its size).
fn verify_columns(
    columns: &Columns<Polynomial<Fr>>,
    proof: &MemoryCheckingProof<Fr>,
) -> Result<(), ProofError> {
    let mut t = Transcript::new(b"memory-test");
    let challenges = MemoryChallenges::draw(&mut t);
    let claims = verify(proof, &shapes(), &mut t)?;
    let evals = columns.map(|p| p.evaluate(claims.point(p.num_vars())));
    claims.check(&challenges, &evals.tuples())
}

fn prove_and_verify(e: &Execution) -> Result<(), ProofError> {
    let columns = e.polys();
    let (proof, _) = prove_columns(&columns);
    verify_columns(&columns, &proof)
}

#[test]
fn honest_memories_verify_and_the_prover_claims_the_true_evaluations() {
    for seed in 0..4 {
        let e = Execution::random(seed);
        let columns = e.polys();
        let (proof, claims) = prove_columns(&columns);
        verify_columns(&columns, &proof).unwrap_or_else(|err| panic!("seed {seed}: {err}"));
        let mut t = Transcript::new(b"memory-test");
        let challenges = MemoryChallenges::draw(&mut t);
        let evals = columns.map(|p| p.evaluate(claims.point(p.num_vars())));
        claims.check(&challenges, &evals.tuples()).unwrap();
        assert_eq!(claims.claims().len(), (2 * SLOTS + 2) + (4 * SLOTS + 2));
    }
}

/// The first row `> i` at which slot 1 accesses the same cell as (slot, i),
/// with a write in between that changed the value.
fn stale_candidate(e: &Execution) -> Option<(usize, usize)> {
    for i in 0..ROWS {
        let a = e.address[1][i];
        if e.write_value[1][i] == e.read_value[1][i] {
            continue;
        }
        for j in i + 1..ROWS {
            if e.address[1][j] == a && e.address[0][j] != a {
                return Some((i, j));
            }
            if e.address[0][j] == a {
                break;
            }
        }
    }
    None
}

#[test]
fn a_read_of_a_stale_value_is_rejected() {
    // Slot 1 at row j reads the tuple that row i consumed (the value and
    // timestamp before row i's write): a consistent-looking, stale read.
    let (e, i, j) = (0..50)
        .find_map(|seed| {
            let e = Execution::random(seed);
            stale_candidate(&e).map(|(i, j)| (e, i, j))
        })
        .expect("a seed with a stale-read candidate");
    assert!(e.read_ts[1][j] > e.read_ts[1][i]);
    let mut bad = e.clone();
    bad.read_value[1][j] = e.read_value[1][i];
    bad.read_ts[1][j] = e.read_ts[1][i];
    let err = prove_and_verify(&bad).unwrap_err();
    assert!(err.to_string().contains("memory 0"), "{err}");
}

#[test]
fn a_read_from_the_future_passes_the_multisets_but_not_the_range_check() {
    // Two accesses by slot 1 to one cell, at rows i < j, the last two to that
    // cell: i reads (v0, t0) and writes v1; j reads (v1, t_i) and writes v2.
    // The forgery lets i read what j writes, and j read (v0, t0). The
    // multisets still balance once the final tuple is (v1, t_i); only the
    // range check (i reads a timestamp from its future) rejects.
    let found = (0..200).find_map(|seed| {
        let e = Execution::random(seed);
        (0..ROWS).find_map(|j| {
            let a = e.address[1][j];
            let later = (j + 1..ROWS).any(|k| e.address[0][k] == a || e.address[1][k] == a);
            let i = (0..j)
                .rev()
                .find(|&i| e.address[0][i] == a || e.address[1][i] == a)?;
            let clean = e.address[1][i] == a
                && e.address[0][i] != a
                && e.address[0][j] != a
                && !later
                && (i + 1..j).all(|k| e.address[0][k] != a);
            clean.then(|| (e.clone(), i, j, a as usize))
        })
    });
    let (e, i, j, a) = found.expect("a seed with two final accesses to one cell");
    let t_j = (SLOTS * j + 2) as u64;
    let t_i = (SLOTS * i + 2) as u64;
    let mut bad = e.clone();
    bad.read_value[1][i] = e.write_value[1][j];
    bad.read_ts[1][i] = t_j;
    bad.read_value[1][j] = e.read_value[1][i];
    bad.read_ts[1][j] = e.read_ts[1][i];
    bad.final_value[a] = e.write_value[1][i];
    bad.final_ts[a] = t_i;
    let err = prove_and_verify(&bad).unwrap_err();
    assert!(
        err.to_string().contains("memory 1"),
        "expected the range check (memory 1) to reject: {err}"
    );
}

/// A column of an execution, for fault injection.
type ExecColumn = fn(&mut Execution) -> &mut Vec<Vec<u64>>;

#[test]
fn each_corrupted_witness_value_is_rejected() {
    let e = Execution::random(7);
    for row in [0, ROWS / 2, ROWS - 1] {
        for s in 0..SLOTS {
            let fields: [(&str, ExecColumn); 4] = [
                ("address", |e| &mut e.address),
                ("read value", |e| &mut e.read_value),
                ("read ts", |e| &mut e.read_ts),
                ("write value", |e| &mut e.write_value),
            ];
            for (name, field) in fields {
                let mut bad = e.clone();
                let v = &mut field(&mut bad)[s][row];
                *v = (*v + 1) % CELLS as u64;
                assert!(
                    prove_and_verify(&bad).is_err(),
                    "{name} of slot {s} at row {row}"
                );
            }
        }
    }
    for cell in [0, CELLS - 1] {
        let mut bad = e.clone();
        bad.final_value[cell] += 1;
        assert!(prove_and_verify(&bad).is_err(), "final value {cell}");
        let mut bad = e.clone();
        bad.final_ts[cell] += 1;
        assert!(prove_and_verify(&bad).is_err(), "final ts {cell}");
        let mut bad = e.clone();
        bad.init[cell] += 1;
        assert!(prove_and_verify(&bad).is_err(), "init {cell}");
    }
}

#[test]
fn an_address_outside_the_domain_is_rejected() {
    // Cell CELLS does not exist: even a self-consistent access chain to it
    // (read what was "initially" there at ts 0) has no initial tuple.
    let mut e = Execution::random(3);
    let i = ROWS - 1;
    e.address[1][i] = CELLS as u64;
    e.read_value[1][i] = 0;
    e.read_ts[1][i] = 0;
    assert!(prove_and_verify(&e).is_err());
}

#[test]
fn altered_proofs_are_rejected() {
    let e = Execution::random(11);
    let columns = e.polys();
    let (proof, _) = prove_columns(&columns);
    verify_columns(&columns, &proof).unwrap();
    let one = Fr::one();
    for m in 0..2 {
        for s in 0..proof.products[m].reads.len() {
            let mut p = proof.clone();
            p.products[m].reads[s] += one;
            assert!(
                verify_columns(&columns, &p).is_err(),
                "read product {m} {s}"
            );
            let mut p = proof.clone();
            p.products[m].writes[s] += one;
            assert!(
                verify_columns(&columns, &p).is_err(),
                "write product {m} {s}"
            );
        }
        let mut p = proof.clone();
        p.products[m].init += one;
        assert!(verify_columns(&columns, &p).is_err(), "init product {m}");
        let mut p = proof.clone();
        p.products[m].finals += one;
        assert!(verify_columns(&columns, &p).is_err(), "final product {m}");
    }
    for g in 0..proof.grand_products.len() {
        for k in 0..proof.grand_products[g].layers.len() {
            let mut p = proof.clone();
            p.grand_products[g].layers[k].left[0] += one;
            assert!(verify_columns(&columns, &p).is_err(), "gp {g} layer {k}");
        }
    }
    // Zero products make the equation vacuous: refused outright.
    let mut p = proof.clone();
    p.products[0].init = Fr::zero();
    p.products[0].reads[0] = Fr::zero();
    assert!(matches!(
        verify_columns(&columns, &p),
        Err(ProofError::Invalid(_))
    ));
    let mut p = proof.clone();
    p.products[1].reads.pop();
    assert!(matches!(
        verify_columns(&columns, &p),
        Err(ProofError::Malformed(_))
    ));
    let mut p = proof.clone();
    p.grand_products.pop();
    assert!(matches!(
        verify_columns(&columns, &p),
        Err(ProofError::Malformed(_))
    ));
}

#[test]
fn proofs_round_trip_and_garbage_is_an_error() {
    let e = Execution::random(5);
    let columns = e.polys();
    let (proof, _) = prove_columns(&columns);
    let mut bytes = Vec::new();
    proof.serialize_compressed(&mut bytes).unwrap();
    let back = MemoryCheckingProof::<Fr>::deserialize_compressed(&bytes[..]).unwrap();
    assert_eq!(back, proof);
    for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
        assert!(MemoryCheckingProof::<Fr>::deserialize_compressed(&bytes[..cut]).is_err());
    }
    let garbage: Vec<u8> = (0..bytes.len()).map(|i| (i * 37 + 11) as u8).collect();
    assert!(MemoryCheckingProof::<Fr>::deserialize_compressed(&garbage[..]).is_err());
}

#[test]
fn a_read_only_table_checks_values_and_addresses() {
    // Table cell k holds (k, 3k + 1); two slots read it.
    let rows = 8;
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    let table: Vec<u64> = (0..CELLS as u64).map(|k| 3 * k + 1).collect();
    let addresses: Vec<Vec<u64>> = (0..2)
        .map(|_| (0..rows).map(|_| rng.gen_range(0..CELLS as u64)).collect())
        .collect();
    let run = |addresses: &[Vec<u64>], values: &[Vec<u64>]| -> Result<(), ProofError> {
        let counts = ReadCounts::new(2, rows, LOG_DOMAIN, |s, i| Some(addresses[s][i]));
        let poly64 = |v: &[u64]| Polynomial::from(CompactPolynomial::<u64, Fr>::new(v.to_vec()));
        let poly32 = |v: &[u32]| Polynomial::from(CompactPolynomial::<u32, Fr>::new(v.to_vec()));
        let a: Vec<_> = addresses.iter().map(|v| poly64(v)).collect();
        let v: Vec<_> = values.iter().map(|v| poly64(v)).collect();
        let c: Vec<_> = counts.read_counts.iter().map(|v| poly32(v)).collect();
        let f = poly32(&counts.final_counts);
        let t = poly64(&table);
        let shape = [MemoryShape {
            slots: 2,
            log_rows: 3,
            log_domain: LOG_DOMAIN,
        }];
        let mut tp = Transcript::new(b"ro");
        let ch = MemoryChallenges::draw(&mut tp);
        let tuples = read_only_tuples(&refs(&a), &refs(&v), &refs(&c), &t, &f);
        let (proof, _) = prove(&[tuples], &shape, &ch, &mut tp);
        let mut tv = Transcript::new(b"ro");
        let ch = MemoryChallenges::draw(&mut tv);
        let claims = verify(&proof, &shape, &mut tv)?;
        let (rp, dp) = (
            claims.rows_point(0).to_vec(),
            claims.domain_point(0).to_vec(),
        );
        let ev = |x: &[Polynomial<Fr>]| x.iter().map(|p| p.evaluate(&rp)).collect::<Vec<Fr>>();
        let (ae, ve, ce) = (ev(&a), ev(&v), ev(&c));
        let accesses = (0..2)
            .map(|s| ReadOnlyAccess {
                count: ce[s],
                address: Column::poly(ae[s]),
                values: vec![Column::poly(ve[s])],
            })
            .collect();
        let tuples = MemoryTuples::read_only(
            accesses,
            Column::index(Fr::one(), Fr::zero()),
            vec![Column::poly(t.evaluate(&dp))],
            f.evaluate(&dp),
        );
        claims.check(&ch, &[tuples])
    };
    let honest: Vec<Vec<u64>> = addresses
        .iter()
        .map(|v| v.iter().map(|&k| table[k as usize]).collect())
        .collect();
    run(&addresses, &honest).unwrap();
    let mut wrong = honest.clone();
    wrong[1][5] += 1;
    assert!(run(&addresses, &wrong).is_err(), "a wrong value");
    // Address CELLS, reading a value that fits the table's formula.
    let mut outside = addresses.clone();
    outside[0][2] = CELLS as u64;
    let mut values = honest.clone();
    values[0][2] = 3 * CELLS as u64 + 1;
    assert!(
        run(&outside, &values).is_err(),
        "an address outside the table"
    );
}

fn refs(x: &[Polynomial<Fr>]) -> Vec<&Polynomial<Fr>> {
    x.iter().collect()
}

fn read_only_tuples<'a>(
    a: &[&'a Polynomial<Fr>],
    v: &[&'a Polynomial<Fr>],
    c: &[&'a Polynomial<Fr>],
    table: &'a Polynomial<Fr>,
    final_counts: &'a Polynomial<Fr>,
) -> MemoryTuples<&'a Polynomial<Fr>, Fr> {
    let accesses = (0..a.len())
        .map(|s| ReadOnlyAccess {
            count: c[s],
            address: Column::poly(a[s]),
            values: vec![Column::poly(v[s])],
        })
        .collect();
    MemoryTuples::read_only(
        accesses,
        Column::index(Fr::one(), Fr::zero()),
        vec![Column::poly(table)],
        final_counts,
    )
}
