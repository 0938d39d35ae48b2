use std::sync::Arc;

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;

use super::*;
use crate::errors::ProofError;
use crate::field::{Field, Fr};
use crate::lookup::table::{DecomposableTable, Subtable};
use crate::lookup::tables::{
    interleave_operands, operand_family, range_check_family, RangeCheck32,
};
use crate::pcs::hyperkzg::HyperKzg;
use crate::poly::{DensePolynomial, MultilinearPolynomial, Polynomial};
use crate::transcript::Transcript;

type Pcs = HyperKzg;
type Proof = SurgeProof<Fr, Pcs>;
type Tamper = Box<dyn Fn(&mut Proof)>;
type ProverKey = <Pcs as CommitmentScheme<Fr>>::ProverKey;
type VerifierKey = <Pcs as CommitmentScheme<Fr>>::VerifierKey;

const LOG_M: usize = 8;
/// The memory checks' grand products, shortest vectors first: the 2^5-row
/// read/write vectors of the tamper tests, then the 2^8-cell init/final ones.
const RW: usize = 0;
const IF: usize = 1;

struct Setup {
    pp: SurgePreprocessing<Fr>,
    pk: ProverKey,
    vk: VerifierKey,
}

fn setup(tables: Vec<Arc<dyn DecomposableTable<Fr>>>, log_m: usize, max_rows_log: usize) -> Setup {
    let pp = SurgePreprocessing::new(tables, log_m).unwrap();
    let pk = Pcs::setup_from_seed(max_rows_log.max(log_m), b"surge tests");
    let vk = Pcs::verifier_key(&pk);
    Setup { pp, pk, vk }
}

fn transcript() -> Transcript {
    Transcript::new(b"surge-test")
}

fn prove_witness(s: &Setup, witness: &SurgeWitness<Fr>) -> Proof {
    prove::<Fr, Pcs>(&s.pp, &s.pk, witness, &mut transcript())
        .unwrap()
        .0
}

fn check(s: &Setup, proof: &Proof, num_vars: usize) -> Result<(), ProofError> {
    verify::<Fr, Pcs>(&s.pp, &s.vk, proof, num_vars, &mut transcript())
}

/// Proves `lookups` honestly; checks the outputs against the tables and the
/// proof against the verifier (with the caller's own output commitment).
fn prove_and_verify(s: &Setup, lookups: &[SurgeLookup]) -> Result<(), ProofError> {
    let (proof, n, outputs, _) =
        prove_lookups::<Fr, Pcs>(&s.pp, &s.pk, lookups, &mut transcript()).unwrap();
    assert_eq!(outputs.len(), 1 << n);
    for (lookup, out) in lookups.iter().zip(&outputs) {
        let table = &s.pp.tables()[lookup.table];
        assert_eq!(*out, table.evaluate(lookup.index, s.pp.log_m()));
    }
    let real: Vec<u64> = outputs[..lookups.len()].to_vec();
    let commitment = commit_outputs::<Fr, Pcs>(&s.pp, &s.pk, &real, n);
    verify_with_outputs::<Fr, Pcs>(&s.pp, &s.vk, &proof, n, &commitment, &mut transcript())
}

fn random_operand_lookups(rng: &mut ChaCha20Rng, count: usize, log_m: usize) -> Vec<SurgeLookup> {
    (0..count)
        .map(|_| {
            let x: u32 = rng.gen();
            // One in four pairs equal, one in four nearly equal.
            let y: u32 = match rng.gen_range(0..4) {
                0 => x,
                1 => x ^ (1 << rng.gen_range(0..32)),
                _ => rng.gen(),
            };
            SurgeLookup::new(rng.gen_range(0..5), interleave_operands(x, y, log_m))
        })
        .collect()
}

fn operand_setup(max_rows_log: usize) -> Setup {
    setup(operand_family(LOG_M), LOG_M, max_rows_log)
}

/// The operand family and a range check together: tables with 8 and 4
/// chunks in one instance.
fn mixed_setup(max_rows_log: usize) -> Setup {
    let mut tables = operand_family::<Fr>(LOG_M);
    tables.extend(range_check_family::<Fr>(LOG_M));
    setup(tables, LOG_M, max_rows_log)
}

#[test]
fn memories_are_shared_between_tables() {
    let pp = SurgePreprocessing::<Fr>::new(operand_family(LOG_M), LOG_M).unwrap();
    // AND, OR, XOR, EQ, LTU at 8 chunks each; LTU's EQ reads reuse EQ's.
    assert_eq!(pp.memories().len(), 5 * 8);
    assert_eq!(pp.num_chunks(), 8);
    assert_eq!(pp.table_memories(4).len(), 8 + 7);
    assert_eq!(pp.table_memories(4)[8..], pp.table_memories(3)[..7]);
    assert_eq!(pp.primary_degree(), 2 + 8);
}

#[test]
fn honest_random_lookups_verify() {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let s = operand_setup(7);
    prove_and_verify(&s, &random_operand_lookups(&mut rng, 128, LOG_M)).unwrap();
    // Not a power of two: padded with lookups of entry 0 of table 0.
    prove_and_verify(&s, &random_operand_lookups(&mut rng, 37, LOG_M)).unwrap();

    let s = setup(range_check_family(LOG_M), LOG_M, 6);
    let lookups: Vec<_> = (0..64)
        .map(|_| SurgeLookup::new(0, rng.gen::<u32>() as u64))
        .collect();
    prove_and_verify(&s, &lookups).unwrap();
}

#[test]
fn honest_mixed_family_verifies() {
    let mut rng = ChaCha20Rng::seed_from_u64(2);
    let s = mixed_setup(6);
    let mut lookups = random_operand_lookups(&mut rng, 40, LOG_M);
    lookups.extend((0..24).map(|_| SurgeLookup::new(5, rng.gen::<u32>() as u64)));
    prove_and_verify(&s, &lookups).unwrap();
}

#[test]
fn production_log_m_16_verifies() {
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let s = setup(range_check_family(16), 16, 4);
    let lookups: Vec<_> = (0..16)
        .map(|_| SurgeLookup::new(0, rng.gen::<u32>() as u64))
        .collect();
    prove_and_verify(&s, &lookups).unwrap();
}

#[test]
fn adversarial_honest_lookups_verify() {
    let s = mixed_setup(6);
    let max = interleave_operands(u32::MAX, u32::MAX, LOG_M);
    // Every query identical: one address of every memory read N times.
    for table in 0..5 {
        prove_and_verify(&s, &vec![SurgeLookup::new(table, max); 64]).unwrap();
        prove_and_verify(&s, &vec![SurgeLookup::new(table, 0); 32]).unwrap();
    }
    prove_and_verify(&s, &vec![SurgeLookup::new(5, u32::MAX as u64); 64]).unwrap();
    prove_and_verify(&s, &vec![SurgeLookup::new(5, 0); 16]).unwrap();
    // A single row (n = 0), and a single lookup padded to two rows.
    prove_and_verify(&s, &[SurgeLookup::new(4, interleave_operands(3, 9, LOG_M))]).unwrap();
    prove_and_verify(&s, &[SurgeLookup::new(5, 77)]).unwrap();
    let w = SurgeWitness::generate_with_num_vars(&s.pp, &[SurgeLookup::new(2, max)], 1).unwrap();
    check(&s, &prove_witness(&s, &w), 1).unwrap();
    // No lookup at all: one padding row.
    prove_and_verify(&s, &[]).unwrap();
}

#[test]
fn witness_generation_refuses_bad_lookups() {
    let s = mixed_setup(4);
    assert!(SurgeWitness::generate(&s.pp, &[SurgeLookup::new(6, 0)]).is_err());
    // The range check has 2^32 entries.
    assert!(SurgeWitness::generate(&s.pp, &[SurgeLookup::new(5, 1 << 32)]).is_err());
    let lookups = vec![SurgeLookup::new(0, 0); 5];
    assert!(SurgeWitness::generate_with_num_vars(&s.pp, &lookups, 2).is_err());
}

fn sample_witness(s: &Setup, seed: u64, count: usize) -> SurgeWitness<Fr> {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    SurgeWitness::generate(&s.pp, &random_operand_lookups(&mut rng, count, LOG_M)).unwrap()
}

/// The polynomial with entry `i` replaced by `value`.
fn with_entry(p: &Polynomial<Fr>, i: usize, value: Fr) -> Polynomial<Fr> {
    let mut evals = p.to_field_evals();
    evals[i] = value;
    DensePolynomial::new(evals).into()
}

/// `g_t` on row `i`'s `E` values.
fn g_on_row(s: &Setup, w: &SurgeWitness<Fr>, t: usize, i: usize) -> Fr {
    let values: Vec<Fr> =
        s.pp.table_memories(t)
            .iter()
            .map(|&m| w.e[m].get(i))
            .collect();
    s.pp.tables()[t].combine(&values, LOG_M)
}

#[test]
fn a_wrong_lookup_result_is_rejected() {
    let s = operand_setup(5);
    let w = sample_witness(&s, 4, 32);
    for i in [0, 13, 31] {
        let mut bad = w.clone();
        bad.outputs = with_entry(&w.outputs, i, w.outputs.get(i) + Fr::from_u64(1));
        assert!(check(&s, &prove_witness(&s, &bad), 5).is_err(), "row {i}");
    }
    // An honest proof with another output vector claimed by the caller.
    let (proof, n, mut outputs, _) = prove_lookups::<Fr, Pcs>(
        &s.pp,
        &s.pk,
        &random_operand_lookups(&mut ChaCha20Rng::seed_from_u64(5), 32, LOG_M),
        &mut transcript(),
    )
    .unwrap();
    outputs[7] ^= 1;
    let other = commit_outputs::<Fr, Pcs>(&s.pp, &s.pk, &outputs, n);
    assert!(
        verify_with_outputs::<Fr, Pcs>(&s.pp, &s.vk, &proof, n, &other, &mut transcript()).is_err()
    );
}

#[test]
fn flags_that_are_not_one_hot_are_rejected() {
    let s = operand_setup(5);
    let w = sample_witness(&s, 6, 32);
    let i = 9;
    let t1 = (0..5)
        .find(|&t| w.flags[t].get(i) == Fr::from_u64(1))
        .unwrap();
    let t2 = (t1 + 1) % 5;
    let (g1, g2) = (g_on_row(&s, &w, t1, i), g_on_row(&s, &w, t2, i));
    let (zero, one, two) = (Fr::from_u64(0), Fr::from_u64(1), Fr::from_u64(2));
    // Each case: flags of t1 and t2 on row i, and the output that makes the
    // flag-weighted sum of g consistent.
    let cases = [
        ("two flags set", one, one, g1 + g2, true),
        ("no flag set", zero, zero, zero, true),
        ("a flag equal to 2", two, zero, two * g1, false),
        ("flags 2 and -1", two, -one, two * g1 - g2, false),
    ];
    for (name, f1, f2, output, boolean) in cases {
        let mut bad = w.clone();
        bad.flags[t1] = with_entry(&w.flags[t1], i, f1);
        bad.flags[t2] = with_entry(&w.flags[t2], i, f2);
        bad.outputs = with_entry(&w.outputs, i, output);
        let result = check(&s, &prove_witness(&s, &bad), 5);
        if boolean {
            // Boolean flags pass the sum-check; the sum-to-one check catches them.
            assert!(
                matches!(result, Err(ProofError::Invalid(ref m)) if m.contains("sum to one")),
                "{name}: {result:?}"
            );
        } else {
            // The booleanity term makes the sum-check fail (the implied
            // s(1) carries the wrong claim through to the final check).
            assert!(
                matches!(
                    result,
                    Err(ProofError::SumcheckRound { .. } | ProofError::SumcheckFinal(_))
                ),
                "{name}: {result:?}"
            );
        }
    }
}

#[test]
fn memory_checking_catches_a_dishonest_witness() {
    let s = operand_setup(5);
    let w = sample_witness(&s, 7, 32);
    let i = 11;
    let t = (0..5)
        .find(|&t| w.flags[t].get(i) == Fr::from_u64(1))
        .unwrap();
    let m = s.pp.table_memories(t)[0];
    let c = s.pp.memories()[m].chunk;
    let memory_failure = |bad: &SurgeWitness<Fr>, name: &str| {
        let result = check(&s, &prove_witness(&s, bad), 5);
        assert!(
            matches!(result, Err(ProofError::Invalid(ref msg)) if msg.contains("init * write")),
            "{name}: {result:?}"
        );
    };

    // E_m returns a value that is not in the subtable at that address, with
    // the output made consistent with it.
    let mut bad = w.clone();
    bad.e[m] = with_entry(&w.e[m], i, w.e[m].get(i) + Fr::from_u64(1));
    let g = g_on_row(&s, &bad, t, i);
    bad.outputs = with_entry(&w.outputs, i, g);
    memory_failure(&bad, "wrong subtable value");

    // The same with the values kept compact (the prover's table-driven
    // fingerprinting must notice the row is not honest).
    let mut bad = w.clone();
    let mut values: Vec<u64> = (0..32).map(|k| w.e[m].get(k).to_u64().unwrap()).collect();
    values[i] ^= 1;
    bad.e[m] = small_polynomial(values);
    assert!(matches!(bad.e[m], Polynomial::U8(_) | Polynomial::U16(_)));
    let g = g_on_row(&s, &bad, t, i);
    bad.outputs = with_entry(&w.outputs, i, g);
    memory_failure(&bad, "wrong compact subtable value");

    // An address beyond the subtable.
    let mut bad = w.clone();
    bad.dims[c] = with_entry(&w.dims[c], i, Fr::from_u64(1 << LOG_M));
    memory_failure(&bad, "address out of range");

    // A read count or final count off by one.
    let mut bad = w.clone();
    bad.read_cts[c] = with_entry(&w.read_cts[c], i, w.read_cts[c].get(i) + Fr::from_u64(1));
    memory_failure(&bad, "read count");
    let mut bad = w.clone();
    bad.final_cts[c] = with_entry(&w.final_cts[c], 3, w.final_cts[c].get(3) + Fr::from_u64(1));
    memory_failure(&bad, "final count");
}

/// An honest proof, then every part of it altered in turn.
#[test]
fn every_altered_proof_part_is_rejected() {
    let s = operand_setup(5);
    let w = sample_witness(&s, 8, 32);
    let proof = prove_witness(&s, &w);
    check(&s, &proof, 5).unwrap();
    let other = prove_witness(&s, &sample_witness(&s, 9, 32));
    let one = Fr::from_u64(1);
    let double = |c: &<Pcs as CommitmentScheme<Fr>>::Commitment| {
        Pcs::combine_commitments(&[c], &[Fr::from_u64(2)])
    };

    let mut tampers: Vec<(&str, Tamper)> = vec![
        (
            "dim commitment",
            Box::new(move |p| p.commitments.dims[1] = double(&p.commitments.dims[1])),
        ),
        (
            "E commitment",
            Box::new(move |p| p.commitments.e[3] = double(&p.commitments.e[3])),
        ),
        (
            "read-count commitment",
            Box::new(move |p| p.commitments.read_cts[0] = double(&p.commitments.read_cts[0])),
        ),
        (
            "final-count commitment",
            Box::new(move |p| p.commitments.final_cts[2] = double(&p.commitments.final_cts[2])),
        ),
        (
            "flag commitment",
            Box::new(move |p| p.commitments.flags[4] = double(&p.commitments.flags[4])),
        ),
        (
            "output commitment",
            Box::new(move |p| p.commitments.outputs = double(&p.commitments.outputs)),
        ),
        ("output evaluation", Box::new(move |p| p.output_eval += one)),
        (
            "primary E evaluation",
            Box::new(move |p| p.primary_e_evals[5] += one),
        ),
        (
            "primary flag evaluation",
            Box::new(move |p| p.primary_flag_evals[1] += one),
        ),
        (
            "read/write product",
            Box::new(move |p| p.memory.products[1].writes[0] += one),
        ),
        (
            "init/final product",
            Box::new(move |p| p.memory.products[3].init += one),
        ),
        (
            "dimension evaluation",
            Box::new(move |p| p.rw_dim_evals[2] += one),
        ),
        (
            "read/write E evaluation",
            Box::new(move |p| p.rw_e_evals[7] += one),
        ),
        (
            "read-count evaluation",
            Box::new(move |p| p.rw_read_cts_evals[0] += one),
        ),
        (
            "final-count evaluation",
            Box::new(move |p| p.final_cts_evals[5] += one),
        ),
        (
            "opening sum-check",
            Box::new(move |p| p.opening.sumcheck.round_polys[0][0] += one),
        ),
        (
            "opening evaluation",
            Box::new(move |p| p.opening.evals[1] += one),
        ),
        (
            "opening proof",
            Box::new(move |p| p.opening.opening = other.opening.opening.clone()),
        ),
        (
            "products swapped",
            Box::new(move |p| {
                let m = &mut p.memory.products[0];
                std::mem::swap(&mut m.reads[0], &mut m.writes[0]);
            }),
        ),
    ];
    for round in 0..5 {
        for k in 0..s.pp.primary_degree() {
            tampers.push((
                "primary sum-check round",
                Box::new(move |p| p.primary_sumcheck.round_polys[round][k] += one),
            ));
        }
    }
    for layer in 0..5 {
        tampers.push((
            "read/write layer left",
            Box::new(move |p| p.memory.grand_products[RW].layers[layer].left[layer] += one),
        ));
        tampers.push((
            "read/write layer right",
            Box::new(move |p| p.memory.grand_products[RW].layers[layer].right[1] += one),
        ));
    }
    tampers.push((
        "read/write layer sum-check",
        Box::new(move |p| p.memory.grand_products[RW].layers[3].sumcheck.round_polys[1][2] += one),
    ));
    for layer in 0..LOG_M {
        tampers.push((
            "init/final layer left",
            Box::new(move |p| p.memory.grand_products[IF].layers[layer].left[0] += one),
        ));
        tampers.push((
            "init/final layer right",
            Box::new(move |p| p.memory.grand_products[IF].layers[layer].right[layer] += one),
        ));
    }
    tampers.push((
        "init/final layer sum-check",
        Box::new(move |p| p.memory.grand_products[IF].layers[6].sumcheck.round_polys[4][0] += one),
    ));

    for (name, tamper) in &tampers {
        let mut bad = proof.clone();
        tamper(&mut bad);
        assert_ne!(bad, proof, "{name}: the tamper changed nothing");
        assert!(check(&s, &bad, 5).is_err(), "{name} was accepted");
    }
}

#[test]
fn malformed_proofs_and_statements_are_rejected() {
    let s = operand_setup(5);
    let proof = prove_witness(&s, &sample_witness(&s, 10, 32));
    let shorten: Vec<(&str, Tamper)> = vec![
        (
            "dims",
            Box::new(|p| {
                p.commitments.dims.pop();
            }),
        ),
        (
            "e",
            Box::new(|p| {
                p.commitments.e.pop();
            }),
        ),
        (
            "read_cts",
            Box::new(|p| {
                p.commitments.read_cts.pop();
            }),
        ),
        (
            "final_cts",
            Box::new(|p| {
                p.commitments.final_cts.pop();
            }),
        ),
        (
            "flags",
            Box::new(|p| {
                p.commitments.flags.pop();
            }),
        ),
        (
            "primary e",
            Box::new(|p| {
                p.primary_e_evals.pop();
            }),
        ),
        (
            "primary flags",
            Box::new(|p| {
                p.primary_flag_evals.pop();
            }),
        ),
        (
            "rw products",
            Box::new(|p| {
                p.memory.products[0].reads.pop();
            }),
        ),
        (
            "if products",
            Box::new(|p| {
                let extra = p.memory.products[0].clone();
                p.memory.products.push(extra);
            }),
        ),
        (
            "rw dims",
            Box::new(|p| {
                p.rw_dim_evals.pop();
            }),
        ),
        (
            "rw e",
            Box::new(|p| {
                p.rw_e_evals.pop();
            }),
        ),
        (
            "rw read",
            Box::new(|p| {
                p.rw_read_cts_evals.pop();
            }),
        ),
        (
            "final evals",
            Box::new(|p| {
                p.final_cts_evals.pop();
            }),
        ),
        (
            "sum-check rounds",
            Box::new(|p| {
                p.primary_sumcheck.round_polys.pop();
            }),
        ),
        (
            "gp layers",
            Box::new(|p| {
                p.memory.grand_products[RW].layers.pop();
            }),
        ),
        (
            "opening evals",
            Box::new(|p| {
                p.opening.evals.pop();
            }),
        ),
    ];
    for (name, f) in &shorten {
        let mut bad = proof.clone();
        f(&mut bad);
        assert!(
            matches!(check(&s, &bad, 5), Err(ProofError::Malformed(_))),
            "{name}"
        );
    }
    // Other sizes and other families are other statements.
    for n in [0, 4, 6] {
        assert!(check(&s, &proof, n).is_err(), "num_vars {n}");
    }
    let other_family = setup(range_check_family(LOG_M), LOG_M, 5);
    assert!(verify::<Fr, Pcs>(&other_family.pp, &s.vk, &proof, 5, &mut transcript()).is_err());
    let mut reordered = operand_family::<Fr>(LOG_M);
    reordered.swap(0, 1);
    let reordered = SurgePreprocessing::new(reordered, LOG_M).unwrap();
    assert!(verify::<Fr, Pcs>(&reordered, &s.vk, &proof, 5, &mut transcript()).is_err());
    let mut other_domain = Transcript::new(b"another protocol");
    assert!(verify::<Fr, Pcs>(&s.pp, &s.vk, &proof, 5, &mut other_domain).is_err());
}

#[test]
fn proofs_round_trip_through_bytes_and_garbage_fails() {
    let s = operand_setup(5);
    let proof = prove_witness(&s, &sample_witness(&s, 11, 32));
    let mut bytes = Vec::new();
    proof.serialize_compressed(&mut bytes).unwrap();
    assert_eq!(bytes.len(), proof.size_in_bytes());
    let back = Proof::deserialize_compressed(&bytes[..]).unwrap();
    assert_eq!(back, proof);
    check(&s, &back, 5).unwrap();
    for cut in [0, 1, 40, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            Proof::deserialize_compressed(&bytes[..cut]).is_err(),
            "cut {cut}"
        );
    }
    let mut rng = ChaCha20Rng::seed_from_u64(12);
    for _ in 0..4 {
        let garbage: Vec<u8> = (0..bytes.len()).map(|_| rng.gen()).collect();
        assert!(Proof::deserialize_compressed(&garbage[..]).is_err());
    }
}

#[test]
fn preprocessing_refuses_inconsistent_families() {
    assert!(SurgePreprocessing::<Fr>::new(vec![], 8).is_err());
    assert!(SurgePreprocessing::<Fr>::new(range_check_family(8), 17).is_err());
    // A table built for log_m 8 used at 8 is fine; RangeCheck32 at 16 has 2 chunks.
    let pp = SurgePreprocessing::<Fr>::new(vec![Arc::new(RangeCheck32::new(16))], 16).unwrap();
    assert_eq!(pp.num_chunks(), 2);
    assert_eq!(pp.memories().len(), 2);
}

/// Exposed memories: read at every chunk by no table, memory-checked like
/// the rest, so a wrong value in their `E` is rejected.
#[test]
fn exposed_memories_are_memory_checked() {
    use crate::lookup::tables::IdentitySubtable;
    let exposed: Arc<dyn Subtable<Fr>> = Arc::new(IdentitySubtable);
    let pp = SurgePreprocessing::<Fr>::with_exposed(operand_family(LOG_M), vec![exposed], LOG_M)
        .unwrap();
    let plain = SurgePreprocessing::<Fr>::new(operand_family(LOG_M), LOG_M).unwrap();
    let name = Subtable::<Fr>::name(&IdentitySubtable);
    assert!(plain.memory_index(&name, 0).is_none());
    let pk = Pcs::setup_from_seed(LOG_M, b"surge tests");
    let s = Setup {
        vk: Pcs::verifier_key(&pk),
        pk,
        pp,
    };
    let memories: Vec<usize> = (0..s.pp.num_chunks())
        .map(|c| s.pp.memory_index(&name, c).expect("exposed at every chunk"))
        .collect();
    assert!((0..s.pp.tables().len())
        .all(|t| memories.iter().all(|m| !s.pp.table_memories(t).contains(m))));

    let w = sample_witness(&s, 9, 32);
    check(&s, &prove_witness(&s, &w), 5).expect("honest witness verifies");
    let (i, m) = (13, memories[1]);
    let mut bad = w.clone();
    bad.e[m] = with_entry(&w.e[m], i, w.e[m].get(i) + Fr::from_u64(1));
    let result = check(&s, &prove_witness(&s, &bad), 5);
    assert!(
        matches!(result, Err(ProofError::Invalid(ref msg)) if msg.contains("init * write")),
        "{result:?}"
    );
}
