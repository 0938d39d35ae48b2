//! The VM's R1CS on every example guest, in Rust and in C: the honest
//! witness satisfies every constraint at every cycle, and the short runs
//! prove and verify through uniform Spartan.
mod common;
use common::*;

use jolt_sdk::jolt_core::lookups::lookup_preprocessing;
use jolt_sdk::jolt_core::memory::MemoryPreprocessing;
use jolt_sdk::jolt_core::r1cs::proof::{self, NUM_EXTERNAL_COLUMNS};
use jolt_sdk::jolt_core::r1cs::vm::vm_r1cs;
use jolt_sdk::jolt_core::r1cs::witness::VmWitness;
use lasso::field::Fr;
use lasso::pcs::accumulator::{ProverOpeningAccumulator, VerifierOpeningAccumulator};
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;
use lasso::poly::MultilinearPolynomial;
use lasso::transcript::Transcript;

/// Runs up to this many cycles (padded) are also proven.
const PROVE_UP_TO_LOG: usize = 12;

fn check(lang: Lang) {
    let pk = HyperKzg::setup_from_seed(PROVE_UP_TO_LOG, b"sdk r1cs tests");
    let vk = HyperKzg::verifier_key(&pk);
    let pp = lookup_preprocessing::<Fr>();
    for (name, input, _, _) in cases() {
        let elf = guest(name, lang);
        let (program, trace) = trace(&elf, &input);
        let pre = MemoryPreprocessing::new(&program);
        let r1cs = vm_r1cs::<Fr>(program.layout());
        let w = VmWitness::<Fr>::generate(&pre, &pp, &program, &input, &trace)
            .unwrap_or_else(|e| panic!("{name} ({lang:?}): {e}"));
        let columns = w.columns(&pp);
        r1cs.check(1 << w.log_rows(), |c, i| columns[c].get(i))
            .unwrap_or_else(|v| panic!("{name} ({lang:?}) on {input:02x?}: {v}"));
        let proven = w.log_rows() <= PROVE_UP_TO_LOG;
        if proven {
            let external = HyperKzg::batch_commit(&pk, &columns[..NUM_EXTERNAL_COLUMNS]);
            let mut t = Transcript::new(b"sdk-r1cs");
            let mut acc = ProverOpeningAccumulator::<Fr, HyperKzg>::new();
            let (p, _) = proof::prove(
                &r1cs,
                program.entry(),
                &pk,
                &columns,
                &external,
                &w.aux,
                &mut acc,
                &mut t,
            );
            let opening = acc.prove(&pk, &mut t);
            let mut t = Transcript::new(b"sdk-r1cs");
            let mut acc = VerifierOpeningAccumulator::<Fr, HyperKzg>::new();
            proof::verify(
                &r1cs,
                program.entry(),
                w.log_rows(),
                &external,
                &p,
                &mut acc,
                &mut t,
            )
            .and_then(|()| acc.verify(&vk, &opening, &mut t))
            .unwrap_or_else(|e| panic!("{name} ({lang:?}) on {input:02x?}: {e}"));
        }
        eprintln!(
            "{name} ({lang:?}): {} cycles, 2^{} rows, {}",
            trace.rows.len(),
            w.log_rows(),
            if proven { "proven" } else { "checked" }
        );
    }
}

#[test]
fn c_guests_satisfy_the_r1cs() {
    check(Lang::C);
}

#[test]
fn rust_guests_satisfy_the_r1cs() {
    check(Lang::Rust);
}
