//! The toolkit end to end at a realistic size: the README's main job until
//! the zkVM can prove a guest program.
//!
//! It proves and verifies, at 2^n evaluations (n = 20 unless `--log-size`
//! says otherwise):
//! 1. a degree-3 sum-check `sum_x a(x) b(x) c(x) = S` over committed `a, b, c`;
//! 2. a batched grand product of two committed vectors;
//! 3. one HyperKZG batch opening of every evaluation claim the first two
//!    left behind (through the opening accumulator),
//!
//! and prints what it did, how long each step took, and the proof sizes.

use std::time::{Duration, Instant};

use ark_serialize::CanonicalSerialize;
use lasso::field::{Field, Fr};
use lasso::grand_product;
use lasso::pcs::accumulator::{ProverOpeningAccumulator, VerifierOpeningAccumulator};
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;
use lasso::poly::{CompactPolynomial, DensePolynomial, Polynomial};
use lasso::sumcheck::{self, ProductSumcheck, SumcheckInstance};
use lasso::Transcript;
use rand::{Rng, SeedableRng};

const USAGE: &str = "usage: toolkit-demo [--log-size N]   (N in 1..=24, default 20)";

fn parse_log_size() -> Result<usize, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => Ok(20),
        [flag, value] if flag == "--log-size" => match value.parse::<usize>() {
            Ok(n) if (1..=24).contains(&n) => Ok(n),
            _ => Err(format!(
                "--log-size must be an integer in 1..=24, got {value:?}"
            )),
        },
        [flag] if flag == "--help" || flag == "-h" => Err(String::new()),
        _ => Err(format!("unexpected arguments {args:?}")),
    }
}

struct Report {
    rows: Vec<(String, Duration)>,
}

impl Report {
    fn time<T>(&mut self, what: &str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        let elapsed = start.elapsed();
        println!("  {what:<58} {:>9.3} s", elapsed.as_secs_f64());
        self.rows.push((what.to_string(), elapsed));
        out
    }
}

fn size_of<T: CanonicalSerialize>(value: &T) -> usize {
    value.compressed_size()
}

fn main() {
    let n = match parse_log_size() {
        Ok(n) => n,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("error: {msg}");
            }
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };
    let len = 1usize << n;
    println!(
        "toolkit demo: 2^{n} = {len} evaluations, BN254, HyperKZG, {} threads",
        rayon::current_num_threads()
    );
    let mut report = Report { rows: Vec::new() };
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2024);

    let pk = report.time("HyperKZG setup from a seed (development SRS)", || {
        HyperKzg::setup_from_seed(n, b"toolkit demo")
    });
    let vk = HyperKzg::verifier_key(&pk);

    // Witness: three field-valued polynomials for the sum-check, two small-valued
    // vectors (nonzero u16) for the grand product.
    let (a, b, c) = report.time("sample witness polynomials", || {
        let mut random_poly =
            || DensePolynomial::new((0..len).map(|_| Fr::random(&mut rng)).collect());
        (random_poly(), random_poly(), random_poly())
    });
    let gp_values: Vec<Vec<u16>> = (0..2)
        .map(|_| (0..len).map(|_| rng.gen_range(1..=u16::MAX)).collect())
        .collect();
    let gp_polys: Vec<Polynomial<Fr>> = gp_values
        .iter()
        .map(|v| CompactPolynomial::<u16, Fr>::new(v.clone()).into())
        .collect();
    let sc_polys: Vec<Polynomial<Fr>> = vec![a.clone().into(), b.clone().into(), c.clone().into()];

    // ---------------- prover ----------------
    println!("prover:");
    let prover_start = Instant::now();
    let mut transcript = Transcript::new(b"toolkit demo");
    let sc_commitments = report.time("commit a, b, c (field elements)", || {
        HyperKzg::batch_commit(&pk, &sc_polys.iter().collect::<Vec<_>>())
    });
    let gp_commitments = report.time("commit two grand-product vectors (u16 values)", || {
        HyperKzg::batch_commit(&pk, &gp_polys.iter().collect::<Vec<_>>())
    });
    for com in sc_commitments.iter().chain(&gp_commitments) {
        transcript.append_serializable(b"commitment", com);
    }

    let mut accumulator = ProverOpeningAccumulator::<Fr, HyperKzg>::new();
    let (sc_proof, sc_claim, sc_evals) = report.time("sum-check of a*b*c (degree 3)", || {
        let product = |v: &[Fr]| v[0] * v[1] * v[2];
        let mut instance = ProductSumcheck::new_with_computed_claim(vec![a, b, c], product, 3);
        let claim = instance.claim();
        let (proof, point) = sumcheck::prove(&mut instance, &mut transcript);
        let evals = instance.final_evaluations();
        transcript.append_scalars(b"sc_evals", &evals);
        for ((poly, com), eval) in sc_polys.iter().zip(&sc_commitments).zip(&evals) {
            accumulator.append(poly.clone(), com.clone(), point.clone(), *eval);
        }
        (proof, claim, evals)
    });
    let (gp_proof, products) = report.time("batched grand product of 2 vectors", || {
        let inputs: Vec<Vec<Fr>> = gp_values
            .iter()
            .map(|v| v.iter().map(|x| Fr::from_u16(*x)).collect())
            .collect();
        let (proof, products, claims) = grand_product::prove(inputs, &mut transcript);
        for ((poly, com), eval) in gp_polys.iter().zip(&gp_commitments).zip(&claims.claims) {
            accumulator.append(poly.clone(), com.clone(), claims.point.clone(), *eval);
        }
        (proof, products)
    });
    let openings = accumulator.len();
    let opening_proof = report.time(
        &format!("HyperKZG batch opening of {openings} claims"),
        || accumulator.prove(&pk, &mut transcript),
    );
    let prover_total = prover_start.elapsed();

    // ---------------- verifier ----------------
    println!("verifier:");
    let verify_start = Instant::now();
    let result = report.time("verify everything", || -> Result<(), lasso::ProofError> {
        let mut transcript = Transcript::new(b"toolkit demo");
        for com in sc_commitments.iter().chain(&gp_commitments) {
            transcript.append_serializable(b"commitment", com);
        }
        let mut accumulator = VerifierOpeningAccumulator::<Fr, HyperKzg>::new();
        let (point, final_claim) = sumcheck::verify(&sc_proof, sc_claim, n, 3, &mut transcript)?;
        if final_claim != sc_evals.iter().product::<Fr>() {
            return Err(lasso::ProofError::SumcheckFinal("a(r) b(r) c(r)"));
        }
        transcript.append_scalars(b"sc_evals", &sc_evals);
        for (com, eval) in sc_commitments.iter().zip(&sc_evals) {
            accumulator.append(com.clone(), point.clone(), *eval);
        }
        let claims = grand_product::verify(&gp_proof, &products, n, &mut transcript)?;
        for (com, eval) in gp_commitments.iter().zip(&claims.claims) {
            accumulator.append(com.clone(), claims.point.clone(), *eval);
        }
        accumulator.verify(&vk, &opening_proof, &mut transcript)
    });
    let verify_total = verify_start.elapsed();
    let expected_products: Vec<Fr> = gp_values
        .iter()
        .map(|v| v.iter().map(|x| Fr::from_u16(*x)).product())
        .collect();
    let products_right = expected_products == products;

    let proof_bytes =
        size_of(&sc_proof) + size_of(&sc_evals) + size_of(&gp_proof) + size_of(&opening_proof);
    println!("summary:");
    println!("  prover total       {:>9.3} s", prover_total.as_secs_f64());
    println!("  verifier total     {:>9.3} s", verify_total.as_secs_f64());
    println!(
        "  proof size         {proof_bytes} bytes (sum-check {}, grand product {}, opening {})",
        size_of(&sc_proof) + size_of(&sc_evals),
        size_of(&gp_proof),
        size_of(&opening_proof)
    );
    println!("  products correct   {products_right}");
    println!(
        "  setup              DEVELOPMENT SRS from a public seed: anyone can forge proofs \
         against it; real use loads a ceremony SRS (HyperKzgSrs::load_from_file)"
    );
    match result {
        Ok(()) if products_right => println!("  verification       ACCEPTED"),
        Ok(()) => {
            println!("  verification       accepted, but the products are wrong");
            std::process::exit(1);
        }
        Err(e) => {
            println!("  verification       REJECTED: {e}");
            std::process::exit(1);
        }
    }
}
