use ark_ff::Zero;
use ark_std::test_rng;
use rand::Rng;

use super::*;
use crate::field::{Field, Fr};

/// Reference evaluation straight from the definition
/// `p(r) = sum_x p(x) prod_j (r_j x_j + (1 - r_j)(1 - x_j))`, MSB first.
fn naive_evaluate(evals: &[Fr], r: &[Fr]) -> Fr {
    let n = r.len();
    (0..evals.len())
        .map(|x| {
            let weight: Fr = (0..n)
                .map(|j| {
                    let bit = (x >> (n - 1 - j)) & 1 == 1;
                    if bit {
                        r[j]
                    } else {
                        Fr::from_u64(1) - r[j]
                    }
                })
                .product();
            weight * evals[x]
        })
        .sum()
}

fn random_point(n: usize) -> Vec<Fr> {
    let mut rng = test_rng();
    (0..n).map(|_| Fr::random(&mut rng)).collect()
}

#[test]
fn dense_evaluation_matches_definition_and_boolean_points() {
    let mut rng = test_rng();
    for n in 0..7 {
        let evals: Vec<Fr> = (0..1 << n).map(|_| Fr::random(&mut rng)).collect();
        let p = DensePolynomial::new(evals.clone());
        let r = random_point(n);
        assert_eq!(p.evaluate(&r), naive_evaluate(&evals, &r));
        for (x, expected) in evals.iter().enumerate() {
            let boolean: Vec<Fr> = (0..n)
                .map(|j| Fr::from_u64(((x >> (n - 1 - j)) & 1) as u64))
                .collect();
            assert_eq!(p.evaluate(&boolean), *expected);
        }
    }
}

#[test]
fn binding_top_and_bottom_agree_with_evaluation() {
    // Large enough to take the parallel paths too.
    for n in [1usize, 3, 8, 15] {
        let mut rng = test_rng();
        let evals: Vec<Fr> = (0..1 << n).map(|_| Fr::random(&mut rng)).collect();
        let r = random_point(n);
        let expected = naive_evaluate(&evals, &r);

        let mut top = DensePolynomial::new(evals.clone());
        for r_j in &r {
            top.bind_top_variable(*r_j);
        }
        assert_eq!(top.get(0), expected);

        let mut bottom = DensePolynomial::new(evals.clone());
        for r_j in r.iter().rev() {
            bottom.bind_bottom_variable(*r_j);
        }
        assert_eq!(bottom.get(0), expected);
    }
}

fn compact_matches_dense<T: SmallScalar>(values: Vec<T>) {
    let n = values.len().trailing_zeros() as usize;
    let dense = DensePolynomial::new(values.iter().map(|v| v.to_field::<Fr>()).collect());
    let compact = CompactPolynomial::<T, Fr>::new(values);
    let r = random_point(n);
    assert_eq!(compact.evaluate(&r), dense.evaluate(&r));
    assert_eq!(compact.to_field_evals(), dense.evals());

    let (mut c_top, mut d_top) = (compact.clone(), dense.clone());
    let (mut c_bot, mut d_bot) = (compact.clone(), dense.clone());
    for (k, r_j) in r.iter().enumerate() {
        c_top.bind_top_variable(*r_j);
        d_top.bind_top_variable(*r_j);
        c_bot.bind_bottom_variable(*r_j);
        d_bot.bind_bottom_variable(*r_j);
        assert!(c_top.is_bound());
        assert_eq!(c_top.to_field_evals(), d_top.evals(), "top, round {k}");
        assert_eq!(c_bot.to_field_evals(), d_bot.evals(), "bottom, round {k}");
        let rest = &r[k + 1..];
        assert_eq!(c_top.evaluate(rest), d_top.evaluate(rest));
    }
}

#[test]
fn compact_representations_behave_like_dense() {
    let mut rng = test_rng();
    for n in [1usize, 4, 14] {
        let len = 1 << n;
        compact_matches_dense::<u8>((0..len).map(|_| rng.gen()).collect());
        compact_matches_dense::<u16>((0..len).map(|_| rng.gen()).collect());
        compact_matches_dense::<u32>((0..len).map(|_| rng.gen()).collect());
        compact_matches_dense::<u64>((0..len).map(|_| rng.gen()).collect());
        // Sparse and repetitive values exercise the shortcuts.
        compact_matches_dense::<u8>((0..len).map(|i| (i % 3 == 0) as u8).collect());
        compact_matches_dense::<u64>(vec![u64::MAX; len]);
        // Values below the number of bind results take the lookup-table
        // path of the first bind, in both directions of each pair.
        let below_half = (len as u64 / 2).max(1);
        compact_matches_dense::<u16>(
            (0..len)
                .map(|_| rng.gen_range(0..below_half) as u16)
                .collect(),
        );
        compact_matches_dense::<u64>((0..len).map(|_| rng.gen_range(0..below_half)).collect());
    }
}

#[test]
fn is_zero_at_reads_every_representation() {
    let values: Vec<u8> = (0..16).map(|i| (i % 3 == 0) as u8).collect();
    let compact = Polynomial::from(CompactPolynomial::<u8, Fr>::new(values.clone()));
    let mut dense = compact.clone();
    dense.bind_top_variable(Fr::from(5u64));
    for (i, v) in values.iter().enumerate() {
        assert_eq!(compact.is_zero_at(i), *v == 0);
    }
    for i in 0..8 {
        assert_eq!(dense.is_zero_at(i), dense.get(i).is_zero());
    }
}

#[test]
fn polynomial_enum_dispatches_to_its_representation() {
    let values: Vec<u16> = (0..16).map(|i| i * 1000).collect();
    let compact = Polynomial::from(CompactPolynomial::<u16, Fr>::new(values));
    let dense = compact.to_dense();
    let r = random_point(4);
    assert_eq!(compact.evaluate(&r), dense.evaluate(&r));
    assert_eq!(compact.num_vars(), 4);
    assert_eq!(compact.len(), 16);
}

#[test]
fn eq_table_matches_pointwise_eq() {
    for n in [0usize, 1, 5, 14] {
        let r = random_point(n);
        let table = EqPolynomial::evals(&r);
        assert_eq!(table.len(), 1 << n);
        let probes = [0usize, (1 << n) - 1, (1 << n) / 3];
        for &x in &probes {
            let boolean: Vec<Fr> = (0..n)
                .map(|j| Fr::from_u64(((x >> (n - 1 - j)) & 1) as u64))
                .collect();
            assert_eq!(table[x], eq_eval(&r, &boolean), "n = {n}, x = {x}");
        }
        assert_eq!(table.iter().copied().sum::<Fr>(), Fr::from_u64(1));
        let scale = Fr::from_u64(7);
        let scaled = EqPolynomial::evals_scaled(&r, scale);
        assert_eq!(scaled[probes[2]], table[probes[2]] * scale);
    }
}

#[test]
fn univariate_interpolation_recovers_the_polynomial() {
    // p(x) = 3x^3 - x + 5, given at 0..=3.
    let p = |x: Fr| Fr::from_u64(3) * x * x * x - x + Fr::from_u64(5);
    let evals: Vec<Fr> = (0..4).map(|i| p(Fr::from_u64(i))).collect();
    let uni = UniPoly::from_evals(evals);
    for x in random_point(5)
        .into_iter()
        .chain([Fr::from_u64(2), Fr::from_u64(10)])
    {
        assert_eq!(uni.evaluate(x), p(x));
    }
    assert_eq!(uni.degree_bound(), 3);
}

#[test]
#[should_panic(expected = "power-of-two")]
fn non_power_of_two_is_refused() {
    let _ = DensePolynomial::new(vec![Fr::from_u64(1); 3]);
}

#[test]
fn shift_matches_its_definition_and_shifts_rows() {
    let mut rng = test_rng();
    for n in 0..6 {
        let x: Vec<Fr> = (0..n).map(|_| Fr::random(&mut rng)).collect();
        let y: Vec<Fr> = (0..n).map(|_| Fr::random(&mut rng)).collect();
        let (ex, ey) = (EqPolynomial::evals(&x), EqPolynomial::evals(&y));
        let direct: Fr = (0..(1usize << n).saturating_sub(1))
            .map(|i| ex[i] * ey[i + 1])
            .sum();
        assert_eq!(shift_eval(&x, &y), direct, "n = {n}");
        // On Boolean points it is the indicator of y = x + 1.
        let bits = |v: usize| -> Vec<Fr> {
            (0..n)
                .map(|j| Fr::from_u64(((v >> (n - 1 - j)) & 1) as u64))
                .collect()
        };
        for a in 0..1usize << n {
            for b in 0..1usize << n {
                let expected = Fr::from_u64((b == a + 1) as u64);
                assert_eq!(shift_eval(&bits(a), &bits(b)), expected, "{a} -> {b}");
            }
        }
        // sum_y shift(r, y) p(y) is the shifted vector's MLE at r.
        let p: Vec<Fr> = (0..1 << n)
            .map(|_| Fr::from_u64(rng.gen_range(0..100)))
            .collect();
        let mut shifted = p[1.min(p.len())..].to_vec();
        shifted.push(Fr::from_u64(0));
        let lhs: Fr = (0..1usize << n)
            .map(|yv| {
                let y = bits(yv);
                shift_eval(&x, &y) * p[yv]
            })
            .sum();
        assert_eq!(lhs, naive_evaluate(&shifted, &x), "n = {n}");
    }
}

#[test]
fn deserialized_dense_polynomials_keep_their_shape() {
    use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
    let p = DensePolynomial::new((0..8).map(Fr::from_u64).collect());
    let mut bytes = Vec::new();
    p.serialize_compressed(&mut bytes).unwrap();
    assert_eq!(
        DensePolynomial::<Fr>::deserialize_compressed(&bytes[..]).unwrap(),
        p
    );
    // num_vars is the first 8 bytes: claim 2 variables for 8 values, then 64.
    for bad in [2u64, 64] {
        let mut wrong = bytes.clone();
        wrong[..8].copy_from_slice(&bad.to_le_bytes());
        assert!(
            DensePolynomial::<Fr>::deserialize_compressed(&wrong[..]).is_err(),
            "{bad}"
        );
        assert!(DensePolynomial::<Fr>::deserialize_compressed_unchecked(&wrong[..]).is_err());
    }
}
