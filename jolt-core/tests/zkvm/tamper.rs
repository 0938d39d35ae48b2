//! Every field of a proof altered in turn: each commitment, each round of
//! each sum-check (grand-product layers included), each claimed
//! evaluation, each part of the opening, the sizes; the verifier rejects
//! every altered proof.

use super::*;
use lasso::grand_product::BatchedGrandProductProof;
use lasso::memory_checking::MemoryCheckingProof;
use lasso::sumcheck::SumcheckProof;

/// One group of scalars of the proof: a sum-check round, a layer's claims,
/// a vector of evaluations.
type Groups<'a> = Vec<(String, Vec<&'a mut Fr>)>;

fn sumcheck<'a>(out: &mut Groups<'a>, name: &str, s: &'a mut SumcheckProof<Fr>) {
    for (i, round) in s.round_polys.iter_mut().enumerate() {
        out.push((format!("{name} round {i}"), round.iter_mut().collect()));
    }
}

fn grand_products<'a>(out: &mut Groups<'a>, name: &str, g: &'a mut [BatchedGrandProductProof<Fr>]) {
    for (b, batch) in g.iter_mut().enumerate() {
        for (l, layer) in batch.layers.iter_mut().enumerate() {
            let name = format!("{name} grand product {b} layer {l}");
            sumcheck(out, &name, &mut layer.sumcheck);
            out.push((format!("{name} left"), layer.left.iter_mut().collect()));
            out.push((format!("{name} right"), layer.right.iter_mut().collect()));
        }
    }
}

fn memory_checking<'a>(out: &mut Groups<'a>, name: &str, m: &'a mut MemoryCheckingProof<Fr>) {
    for (k, p) in m.products.iter_mut().enumerate() {
        let mut all: Vec<&mut Fr> = p.reads.iter_mut().chain(p.writes.iter_mut()).collect();
        all.extend([&mut p.init, &mut p.finals]);
        out.push((format!("{name} products of memory {k}"), all));
    }
    grand_products(out, name, &mut m.grand_products);
}

/// Every scalar of the proof, grouped.
fn scalar_groups(p: &mut Proof) -> Groups<'_> {
    let mut out = Groups::new();
    let m = &mut p.memory;
    memory_checking(&mut out, "memory", &mut m.memory);
    out.push(("memory evals".into(), m.evals.iter_mut().collect()));
    sumcheck(&mut out, "memory final-I/O", &mut m.io_sumcheck);
    out.push(("memory final-I/O eval".into(), vec![&mut m.io_final_eval]));

    let l = &mut p.lookups;
    out.push(("lookups output eval".into(), vec![&mut l.output_eval]));
    sumcheck(&mut out, "lookups primary", &mut l.primary_sumcheck);
    out.push((
        "lookups primary E evals".into(),
        l.primary_e_evals.iter_mut().collect(),
    ));
    out.push((
        "lookups primary flag evals".into(),
        l.primary_flag_evals.iter_mut().collect(),
    ));
    memory_checking(&mut out, "lookups", &mut l.memory);
    out.push((
        "lookups dim evals".into(),
        l.rw_dim_evals.iter_mut().collect(),
    ));
    out.push(("lookups E evals".into(), l.rw_e_evals.iter_mut().collect()));
    out.push((
        "lookups read count evals".into(),
        l.rw_read_cts_evals.iter_mut().collect(),
    ));
    out.push((
        "lookups final count evals".into(),
        l.final_cts_evals.iter_mut().collect(),
    ));

    let s = &mut p.r1cs.spartan;
    sumcheck(&mut out, "spartan outer", &mut s.outer);
    out.push(("spartan evals".into(), s.evals.iter_mut().collect()));
    out.push(("spartan shifted".into(), s.shifted.iter_mut().collect()));
    sumcheck(&mut out, "spartan shift", &mut s.shift_sumcheck);
    out.push((
        "spartan shift evals".into(),
        s.shift_evals.iter_mut().collect(),
    ));

    let o = &mut p.opening;
    sumcheck(&mut out, "opening reduction", &mut o.sumcheck);
    out.push(("opening evals".into(), o.evals.iter_mut().collect()));
    out.push((
        "opening at r".into(),
        o.opening.evals_at_r.iter_mut().collect(),
    ));
    out.push((
        "opening at -r".into(),
        o.opening.evals_at_minus_r.iter_mut().collect(),
    ));
    out.push((
        "opening at r^2".into(),
        o.opening.evals_at_r_squared.iter_mut().collect(),
    ));
    out.retain(|(_, g)| !g.is_empty());
    out
}

/// Every curve point of the proof: the commitments and the opening's.
fn points(p: &mut Proof) -> Vec<(String, &mut ark_bn254::G1Affine)> {
    let c = &mut p.lookups.commitments;
    let named = |name: &'static str, v: &'static str| move |(i, x)| (format!("{name} {v} {i}"), x);
    let mut out: Vec<(String, &mut ark_bn254::G1Affine)> = Vec::new();
    out.extend(
        p.memory
            .commitments
            .iter_mut()
            .map(|c| &mut c.0)
            .enumerate()
            .map(named("memory", "commitment")),
    );
    for (v, list) in [
        ("dim", &mut c.dims),
        ("E", &mut c.e),
        ("read count", &mut c.read_cts),
        ("final count", &mut c.final_cts),
        ("flag", &mut c.flags),
    ] {
        out.extend(
            list.iter_mut()
                .map(|c| &mut c.0)
                .enumerate()
                .map(named("lookups", v)),
        );
    }
    out.push(("lookups output commitment".into(), &mut c.outputs.0));
    out.extend(
        p.r1cs
            .aux_commitments
            .iter_mut()
            .map(|c| &mut c.0)
            .enumerate()
            .map(named("r1cs", "commitment")),
    );
    let o = &mut p.opening.opening;
    out.extend(
        o.folded_commitments
            .iter_mut()
            .enumerate()
            .map(named("opening", "fold")),
    );
    out.extend(
        o.witnesses
            .iter_mut()
            .enumerate()
            .map(named("opening", "witness")),
    );
    out
}

fn rejected(p: &Proof) -> bool {
    let f = fixture();
    zkvm::verify(
        &f.pre.verifier().allow_insecure_development_key(),
        &Statement::new(&INPUT, &f.output, f.panicked),
        p,
    )
    .is_err()
}

#[test]
fn every_scalar_group_altered_is_rejected() {
    // One scalar per group (a different position in each, so that over the
    // groups every position kind is hit): 439 groups at the fixture's size.
    let f = fixture();
    let mut template = f.proof.clone();
    let groups: Vec<(String, usize)> = scalar_groups(&mut template)
        .into_iter()
        .enumerate()
        .map(|(g, (name, v))| (name, g % v.len()))
        .collect();
    assert!(groups.len() > 400, "{} groups", groups.len());
    let accepted: Vec<String> = groups
        .iter()
        .enumerate()
        .filter_map(|(g, (name, k))| {
            let mut p = f.proof.clone();
            *scalar_groups(&mut p)[g].1[*k] += Fr::from(1u64);
            (!rejected(&p)).then(|| format!("{name}[{k}]"))
        })
        .collect();
    assert!(accepted.is_empty(), "accepted: {accepted:#?}");
}

#[test]
fn every_commitment_and_opening_point_altered_is_rejected() {
    use ark_ec::{AffineRepr, CurveGroup};
    let f = fixture();
    let count = points(&mut f.proof.clone()).len();
    let accepted: Vec<String> = (0..count)
        .filter_map(|k| {
            let mut p = f.proof.clone();
            let mut all = points(&mut p);
            let name = all[k].0.clone();
            let x = &mut *all[k].1;
            *x = (x.into_group() + ark_bn254::G1Affine::generator()).into_affine();
            drop(all);
            (!rejected(&p)).then_some(name)
        })
        .collect();
    assert!(accepted.is_empty(), "accepted: {accepted:#?}");
}

#[test]
fn altered_sizes_and_shapes_are_rejected() {
    let f = fixture();
    type Edit = Box<dyn Fn(&mut Proof)>;
    let edits: Vec<(&str, Edit)> = vec![
        ("log_rows + 1", Box::new(|p| p.memory.log_rows += 1)),
        ("log_rows - 1", Box::new(|p| p.memory.log_rows -= 1)),
        ("log_low + 1", Box::new(|p| p.memory.log_low += 1)),
        (
            "log_stack toggled",
            Box::new(|p| {
                p.memory.log_stack = match p.memory.log_stack {
                    Some(_) => None,
                    None => Some(4),
                }
            }),
        ),
        (
            "a memory commitment dropped",
            Box::new(|p| {
                p.memory.commitments.pop();
            }),
        ),
        (
            "a memory eval dropped",
            Box::new(|p| {
                p.memory.evals.pop();
            }),
        ),
        (
            "a memory eval added",
            Box::new(|p| p.memory.evals.push(Fr::from(0u64))),
        ),
        (
            "an I/O round dropped",
            Box::new(|p| {
                p.memory.io_sumcheck.round_polys.pop();
            }),
        ),
        (
            "a lookup flag commitment dropped",
            Box::new(|p| {
                p.lookups.commitments.flags.pop();
            }),
        ),
        (
            "a lookup E eval dropped",
            Box::new(|p| {
                p.lookups.rw_e_evals.pop();
            }),
        ),
        (
            "a primary round's coefficient dropped",
            Box::new(|p| {
                p.lookups.primary_sumcheck.round_polys[0].pop();
            }),
        ),
        (
            "an R1CS commitment dropped",
            Box::new(|p| {
                p.r1cs.aux_commitments.pop();
            }),
        ),
        (
            "a Spartan round added",
            Box::new(|p| {
                let last = p.r1cs.spartan.outer.round_polys.last().unwrap().clone();
                p.r1cs.spartan.outer.round_polys.push(last);
            }),
        ),
        (
            "a Spartan eval dropped",
            Box::new(|p| {
                p.r1cs.spartan.evals.pop();
            }),
        ),
        (
            "an opening eval dropped",
            Box::new(|p| {
                p.opening.evals.pop();
            }),
        ),
        (
            "an opening fold dropped",
            Box::new(|p| {
                p.opening.opening.folded_commitments.pop();
            }),
        ),
        (
            "the opening's witnesses swapped",
            Box::new(|p| p.opening.opening.witnesses.swap(0, 1)),
        ),
        (
            "the lookups' memory proof emptied",
            Box::new(|p| p.lookups.memory.grand_products.clear()),
        ),
        (
            "a grand-product layer dropped",
            Box::new(|p| {
                p.memory.memory.grand_products[0].layers.pop();
            }),
        ),
    ];
    for (name, edit) in edits {
        let mut p = f.proof.clone();
        edit(&mut p);
        assert_ne!(p, f.proof, "{name} changed nothing");
        assert!(rejected(&p), "{name} accepted");
    }
}
