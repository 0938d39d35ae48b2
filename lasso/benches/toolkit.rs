//! Criterion benchmarks of the toolkit's kernels at the sizes the zkVM runs
//! them: commitments of field-valued and small-valued polynomials at
//! 2^16..2^20, sum-check of degree 2 and 3 at 2^20, a grand product of 2^20,
//! a HyperKZG batch opening at 2^20, and our full-scalar MSM against
//! arkworks' at 2^16..2^20.
//!
//! `cargo bench -p lasso --bench toolkit`; narrow with a filter, e.g.
//! `cargo bench -p lasso --bench toolkit -- commit`.

use std::time::Duration;

use ark_bn254::{G1Affine, G1Projective};
use ark_ec::{CurveGroup, PrimeGroup, VariableBaseMSM};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use lasso::field::{Field, Fr};
use lasso::grand_product;
use lasso::msm;
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;
use lasso::poly::{CompactPolynomial, DensePolynomial, MultilinearPolynomial, Polynomial};
use lasso::sumcheck::{self, ProductSumcheck};
use lasso::Transcript;
use rand::{Rng, SeedableRng};

const MAX_LOG_SIZE: usize = 20;

fn rng() -> rand_chacha::ChaCha20Rng {
    rand_chacha::ChaCha20Rng::seed_from_u64(7)
}

fn random_dense(log_size: usize) -> DensePolynomial<Fr> {
    let mut rng = rng();
    DensePolynomial::new((0..1 << log_size).map(|_| Fr::random(&mut rng)).collect())
}

fn commit(c: &mut Criterion) {
    let pk = HyperKzg::setup_from_seed(MAX_LOG_SIZE, b"toolkit bench");
    let mut group = c.benchmark_group("commit");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for log_size in [16, 18, 20] {
        let mut rng = rng();
        let len = 1usize << log_size;
        let polys: Vec<(&str, Polynomial<Fr>)> = vec![
            ("field", random_dense(log_size).into()),
            (
                "u64",
                CompactPolynomial::<u64, Fr>::new((0..len).map(|_| rng.gen()).collect()).into(),
            ),
            (
                "u32",
                CompactPolynomial::<u32, Fr>::new((0..len).map(|_| rng.gen()).collect()).into(),
            ),
            (
                "u16",
                CompactPolynomial::<u16, Fr>::new((0..len).map(|_| rng.gen()).collect()).into(),
            ),
            (
                "u8",
                CompactPolynomial::<u8, Fr>::new((0..len).map(|_| rng.gen()).collect()).into(),
            ),
        ];
        for (kind, poly) in &polys {
            group.bench_with_input(
                BenchmarkId::new(*kind, format!("2^{log_size}")),
                poly,
                |b, poly| b.iter(|| HyperKzg::commit(&pk, poly)),
            );
        }
    }
    group.finish();
}

fn sumcheck_bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("sumcheck");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    let log_size = 20;
    for degree in [2usize, 3] {
        let polys: Vec<DensePolynomial<Fr>> = (0..degree).map(|_| random_dense(log_size)).collect();
        group.bench_function(format!("prove degree {degree} 2^{log_size}"), |b| {
            b.iter_batched(
                || polys.clone(),
                |polys| {
                    let product = |v: &[Fr]| v.iter().product::<Fr>();
                    let mut instance =
                        ProductSumcheck::new_with_computed_claim(polys, product, degree);
                    let mut t = Transcript::new(b"bench");
                    sumcheck::prove(&mut instance, &mut t)
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

fn grand_product_bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("grand_product");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    let log_size = 20;
    let input = random_dense(log_size).into_evals();
    group.bench_function(format!("prove 1 x 2^{log_size}"), |b| {
        b.iter_batched(
            || vec![input.clone()],
            |inputs| {
                let mut t = Transcript::new(b"bench");
                grand_product::prove(inputs, &mut t)
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn opening_bench(c: &mut Criterion) {
    let log_size = 20;
    let pk = HyperKzg::setup_from_seed(log_size, b"toolkit bench");
    let vk = HyperKzg::verifier_key(&pk);
    let polys: Vec<Polynomial<Fr>> = (0..4).map(|_| random_dense(log_size).into()).collect();
    let refs: Vec<&Polynomial<Fr>> = polys.iter().collect();
    let mut rng = rng();
    let point: Vec<Fr> = (0..log_size).map(|_| Fr::random(&mut rng)).collect();
    let evals: Vec<Fr> = polys.iter().map(|p| p.evaluate(&point)).collect();
    let commitments = HyperKzg::batch_commit(&pk, &refs);

    let mut group = c.benchmark_group("hyperkzg");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function(format!("batch open 4 x 2^{log_size}"), |b| {
        b.iter(|| {
            let mut t = Transcript::new(b"bench");
            HyperKzg::batch_prove(&pk, &refs, &point, &evals, &mut t)
        })
    });
    let mut t = Transcript::new(b"bench");
    let proof = HyperKzg::batch_prove(&pk, &refs, &point, &evals, &mut t);
    let com_refs: Vec<_> = commitments.iter().collect();
    group.bench_function(format!("batch verify 4 x 2^{log_size}"), |b| {
        b.iter(|| {
            let mut t = Transcript::new(b"bench");
            HyperKzg::batch_verify(&vk, &com_refs, &point, &evals, &proof, &mut t)
                .expect("honest proof verifies")
        })
    });
    group.finish();
}

fn msm_bench(c: &mut Criterion) {
    let mut rng = rng();
    // Bases R + i S: distinct points, far cheaper to make than 2^20 random
    // scalar multiplications.
    let step = G1Projective::generator() * Fr::random(&mut rng);
    let mut p = G1Projective::generator() * Fr::random(&mut rng);
    let projective: Vec<G1Projective> = (0..1 << MAX_LOG_SIZE)
        .map(|_| {
            p += step;
            p
        })
        .collect();
    let bases: Vec<G1Affine> = G1Projective::normalize_batch(&projective);
    let mut group = c.benchmark_group("msm");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for log_size in [16, 18, 20] {
        let scalars = random_dense(log_size).into_evals();
        let bases = &bases[..scalars.len()];
        group.bench_with_input(
            BenchmarkId::new("arkworks", format!("2^{log_size}")),
            &scalars,
            |b, scalars| b.iter(|| G1Projective::msm_unchecked(bases, scalars)),
        );
        group.bench_with_input(
            BenchmarkId::new("batch-affine", format!("2^{log_size}")),
            &scalars,
            |b, scalars| b.iter(|| msm::msm(bases, scalars)),
        );
    }
    group.finish();
}

criterion_group!(
    benches,
    commit,
    sumcheck_bench,
    grand_product_bench,
    opening_bench,
    msm_bench
);
criterion_main!(benches);
