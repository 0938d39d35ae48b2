//! Criterion benchmark of the Surge lookup argument: prover and verifier
//! time and proof size for 2^16, 2^18 and 2^20 lookups into the range-check
//! table (`RangeCheck32`) and into the five-table family (AND, OR, XOR, EQ,
//! LTU on 32-bit operands), all at `log_m = 16`, with HyperKZG.
//!
//! `cargo bench -p lasso --bench surge`. Sizes can be narrowed with
//! `SURGE_BENCH_SIZES=16,18` and benchmarks with a criterion filter, e.g.
//! `cargo bench -p lasso --bench surge -- range`. Before each size's
//! criterion runs it prints one line per family with the proof size and the
//! prover's per-stage breakdown (witness generation is outside the
//! prover's time). The `subtables` group times each distinct subtable's
//! materialisation at 2^16 entries and one evaluation of its MLE.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use lasso::field::Fr;
use lasso::lookup::surge::{self, SurgeLookup, SurgePreprocessing, SurgeWitness};
use lasso::lookup::tables::{interleave_operands, operand_family, range_check_family};
use lasso::lookup::DecomposableTable;
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;
use lasso::Transcript;
use rand::{Rng, SeedableRng};

const LOG_M: usize = 16;

type Family = Vec<Arc<dyn DecomposableTable<Fr>>>;

fn sizes() -> Vec<usize> {
    std::env::var("SURGE_BENCH_SIZES")
        .ok()
        .map(|s| {
            s.split(',')
                .map(|x| x.trim().parse().expect("a size"))
                .collect()
        })
        .unwrap_or_else(|| vec![16, 18, 20])
}

fn lookups(family: &str, log_n: usize) -> Vec<SurgeLookup> {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(log_n as u64);
    (0..1usize << log_n)
        .map(|_| match family {
            "range" => SurgeLookup::new(0, rng.gen::<u32>() as u64),
            _ => {
                let x: u32 = rng.gen();
                let y: u32 = if rng.gen_bool(0.25) { x } else { rng.gen() };
                SurgeLookup::new(rng.gen_range(0..5), interleave_operands(x, y, LOG_M))
            }
        })
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let sizes = sizes();
    let max = *sizes.iter().max().expect("a size");
    let clock = Instant::now();
    let pk = HyperKzg::setup_from_seed(max.max(LOG_M), b"surge bench");
    let vk = HyperKzg::verifier_key(&pk);
    println!(
        "surge bench: {} threads, SRS for 2^{} in {:.1} s",
        rayon::current_num_threads(),
        max.max(LOG_M),
        clock.elapsed().as_secs_f64()
    );
    let families: Vec<(&str, Family)> = vec![
        ("range", range_check_family(LOG_M)),
        ("five-table", operand_family(LOG_M)),
    ];
    for (name, tables) in families {
        let pp = SurgePreprocessing::new(tables, LOG_M).expect("preprocessing");
        let mut group = criterion.benchmark_group(format!("surge/{name}"));
        for &log_n in &sizes {
            let clock = Instant::now();
            let witness = SurgeWitness::generate(&pp, &lookups(name, log_n)).expect("witness");
            let witness_time = clock.elapsed();
            let (proof, t) = surge::prove::<Fr, HyperKzg>(
                &pp,
                &pk,
                &witness,
                &mut Transcript::new(b"surge bench"),
            )
            .expect("prove");
            let clock = Instant::now();
            surge::verify::<Fr, HyperKzg>(
                &pp,
                &vk,
                &proof,
                log_n,
                &mut Transcript::new(b"surge bench"),
            )
            .expect("the proof verifies");
            let verify_time = clock.elapsed();
            println!(
                "surge/{name} 2^{log_n}: memories {} in {} chunks, proof {} bytes, witness {:.0} ms, \
                 prove {:.0} ms = commit {:.0} + primary sum-check {:.0} + grand products {:.0} \
                 + openings {:.0}, verify {:.1} ms, {:.0} lookups/s",
                pp.memories().len(),
                pp.num_chunks(),
                proof.size_in_bytes(),
                ms(witness_time),
                ms(t.total),
                ms(t.commit),
                ms(t.primary_sumcheck),
                ms(t.grand_products),
                ms(t.openings),
                ms(verify_time),
                (1u64 << log_n) as f64 / t.total.as_secs_f64(),
            );
            group.bench_function(BenchmarkId::new("prove", format!("2^{log_n}")), |b| {
                b.iter(|| {
                    surge::prove::<Fr, HyperKzg>(
                        &pp,
                        &pk,
                        &witness,
                        &mut Transcript::new(b"surge bench"),
                    )
                    .expect("prove")
                })
            });
            group.bench_function(BenchmarkId::new("verify", format!("2^{log_n}")), |b| {
                b.iter(|| {
                    surge::verify::<Fr, HyperKzg>(
                        &pp,
                        &vk,
                        &proof,
                        log_n,
                        &mut Transcript::new(b"surge bench"),
                    )
                    .expect("verify")
                })
            });
        }
        group.finish();
    }
    subtables(&mut criterion);
    criterion.final_summary();
}

/// Subtable evaluation: materialising each distinct subtable of both
/// families at `2^LOG_M` entries (what preprocessing and the memory
/// checks' final values need) and evaluating its MLE at a random point
/// (what the verifier needs).
fn subtables(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("subtables");
    let mut seen = std::collections::HashSet::new();
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
    let point: Vec<Fr> = (0..LOG_M)
        .map(|_| <Fr as lasso::field::Field>::random(&mut rng))
        .collect();
    for table in range_check_family(LOG_M)
        .into_iter()
        .chain(operand_family(LOG_M))
    {
        for read in table.subtable_reads(LOG_M) {
            let subtable = read.subtable;
            if !seen.insert(subtable.name()) {
                continue;
            }
            group.bench_function(BenchmarkId::new("materialize", subtable.name()), |b| {
                b.iter(|| subtable.materialize(LOG_M))
            });
            group.bench_function(BenchmarkId::new("evaluate_mle", subtable.name()), |b| {
                b.iter(|| subtable.evaluate_mle(&point))
            });
        }
    }
    group.finish();
}
