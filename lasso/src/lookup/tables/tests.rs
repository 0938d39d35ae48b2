use rand::{Rng, SeedableRng};

use super::*;
use crate::field::Fr;
use crate::lookup::table::{check_subtable_mle, combined_entry, Subtable};

fn all_tables(log_m: usize) -> Vec<Arc<dyn DecomposableTable<Fr>>> {
    let mut tables = operand_family::<Fr>(log_m);
    if RANGE_CHECK_LOG_M.contains(&log_m) {
        tables.extend(range_check_family::<Fr>(log_m));
    }
    tables
}

#[test]
fn subtable_mles_agree_with_the_tables() {
    for log_m in [1, 2, 4, 8, 16] {
        check_subtable_mle::<Fr>(&IdentitySubtable, log_m, 3);
    }
    for log_m in [2, 4, 8, 16] {
        for op in [
            PairOp::And,
            PairOp::Or,
            PairOp::Xor,
            PairOp::Eq,
            PairOp::Ltu,
        ] {
            check_subtable_mle::<Fr>(&PairSubtable::new(op), log_m, 3);
        }
    }
}

#[test]
fn pair_subtables_hold_the_operation() {
    let entries = <PairSubtable as Subtable<Fr>>::materialize(&PairSubtable::new(PairOp::Ltu), 8);
    assert_eq!(entries[0x12], 1); // 1 < 2
    assert_eq!(entries[0x21], 0);
    assert_eq!(entries[0x33], 0);
    let entries = <PairSubtable as Subtable<Fr>>::materialize(&PairSubtable::new(PairOp::Xor), 16);
    assert_eq!(entries[0xf00f], 0xff);
    assert_eq!(entries[0xabab], 0);
}

#[test]
fn operands_interleave_and_split_back() {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    assert_eq!(
        interleave_operands(0x1234_5678, 0x9abc_def0, 16),
        0x129a_34bc_56de_78f0
    );
    assert_eq!(interleave_operands(0xab, 0xcd, 8) & 0xffff, 0xacbd);
    for log_m in OPERAND_LOG_M {
        for _ in 0..50 {
            let (x, y): (u32, u32) = (rng.gen(), rng.gen());
            assert_eq!(
                split_operands(interleave_operands(x, y, log_m), log_m),
                (x, y)
            );
        }
    }
}

/// `g` over the subtables gives the table entry, and the entry is the
/// operation on the operands.
#[test]
fn decompositions_reproduce_the_tables() {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2);
    for log_m in [2, 4, 8, 16] {
        for table in all_tables(log_m) {
            let mut operands: Vec<(u32, u32)> = vec![
                (0, 0),
                (u32::MAX, u32::MAX),
                (0, u32::MAX),
                (u32::MAX, 0),
                (5, 5),
                (0x8000_0000, 0x7fff_ffff),
                (0x0001_0000, 0x0000_ffff),
            ];
            operands.extend((0..40).map(|_| (rng.gen::<u32>(), rng.gen::<u32>())));
            // Equal and nearly equal operands exercise EQ and LTU.
            operands.extend((0..20).map(|_| {
                let x = rng.gen::<u32>();
                (x, x ^ (1 << rng.gen_range(0..32)))
            }));
            for (x, y) in operands {
                let (index, expected) = match table.name().as_str() {
                    "range_check_32" => (x as u64, x as u64),
                    name => {
                        let (x64, y64) = (x as u64, y as u64);
                        let e = match name {
                            "and_32" => x64 & y64,
                            "or_32" => x64 | y64,
                            "xor_32" => x64 ^ y64,
                            "eq_32" => (x == y) as u64,
                            "ltu_32" => (x < y) as u64,
                            other => panic!("unexpected table {other}"),
                        };
                        (interleave_operands(x, y, log_m), e)
                    }
                };
                assert_eq!(table.evaluate(index, log_m), expected, "{}", table.name());
                assert_eq!(
                    combined_entry(table.as_ref(), index, log_m),
                    Fr::from_u64(expected),
                    "{} at log_m {log_m}, operands {x:#x} {y:#x}",
                    table.name()
                );
            }
        }
    }
}

/// `combine` is a polynomial of at most the declared degree: along a random
/// line its `(d + 1)`-th finite difference vanishes.
#[test]
fn combining_functions_have_their_declared_degree() {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(3);
    for log_m in [4, 8, 16] {
        for table in all_tables(log_m) {
            let k: usize = table
                .subtable_reads(log_m)
                .iter()
                .map(|r| r.chunks.len())
                .sum();
            let d = table.g_degree();
            let a: Vec<Fr> = (0..k).map(|_| Fr::random(&mut rng)).collect();
            let b: Vec<Fr> = (0..k).map(|_| Fr::random(&mut rng)).collect();
            let mut values: Vec<Fr> = (0..=d + 1)
                .map(|t| {
                    let t = Fr::from_u64(t as u64);
                    let point: Vec<Fr> = a.iter().zip(&b).map(|(x, y)| *x + t * y).collect();
                    table.combine(&point, log_m)
                })
                .collect();
            for _ in 0..=d {
                values = values.windows(2).map(|w| w[1] - w[0]).collect();
            }
            assert_eq!(values, vec![Fr::from_u64(0)], "{}", table.name());
        }
    }
}

#[test]
fn range_check_chunks_cover_32_bits() {
    for log_m in RANGE_CHECK_LOG_M {
        let table = RangeCheck32::new(log_m);
        assert_eq!(DecomposableTable::<Fr>::num_chunks(&table) * log_m, 32);
        let chunks = DecomposableTable::<Fr>::chunk_index(&table, 0xdead_beef, log_m);
        assert!(chunks.iter().all(|c| *c < 1 << log_m));
    }
}

#[test]
#[should_panic(expected = "supports log_m")]
fn unsupported_log_m_is_refused() {
    RangeCheck32::new(3);
}
