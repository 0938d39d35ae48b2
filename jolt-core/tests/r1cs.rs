//! The VM's R1CS on whole executions: honest witnesses satisfy it and
//! prove; every constraint, violated alone, is named by the checker and
//! rejected by the verifier; the bug classes that broke other zkVMs are
//! caught; every field of the proof is bound.
mod common;
use common::*;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use jolt_core::lookups::lookup_preprocessing;
use jolt_core::memory::bytecode::{self as bc, NUM_BYTECODE_FIELDS};
use jolt_core::memory::MemoryPreprocessing;
use jolt_core::r1cs::proof::{self, R1csProof, NUM_EXTERNAL_COLUMNS};
use jolt_core::r1cs::vm::LayoutConstants;
use jolt_core::r1cs::vm::{col, vm_r1cs, DECODE_FIELDS};
use jolt_core::r1cs::witness::{AuxColumns, VmWitness};
use jolt_core::r1cs::UniformR1cs;
use jolt_core::{MemoryLayout, Program, Trace, TraceOptions};
use lasso::field::{Field, Fr};
use lasso::lookup::surge::SurgePreprocessing;
use lasso::pcs::accumulator::{
    BatchedOpeningProof, ProverOpeningAccumulator, VerifierOpeningAccumulator,
};
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;
use lasso::poly::{CompactPolynomial, DensePolynomial, MultilinearPolynomial, Polynomial};
use lasso::transcript::Transcript;

type Pcs = HyperKzg;
type Key = <Pcs as CommitmentScheme<Fr>>::ProverKey;
type Commitment = <Pcs as CommitmentScheme<Fr>>::Commitment;

fn key() -> &'static Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(|| Pcs::setup_from_seed(12, b"r1cs tests"))
}

fn pp() -> &'static SurgePreprocessing<Fr> {
    static PP: OnceLock<SurgePreprocessing<Fr>> = OnceLock::new();
    PP.get_or_init(lookup_preprocessing)
}

struct Run {
    program: Program,
    pre: MemoryPreprocessing,
    trace: Trace,
    input: Vec<u8>,
    r1cs: UniformR1cs<Fr>,
}

fn run(words: &[u32], input: &[u8]) -> Run {
    let layout = MemoryLayout::default();
    let program = Program::from_elf(&program(words), &layout).unwrap();
    let trace = program.trace(input, &TraceOptions::default()).unwrap();
    Run {
        pre: MemoryPreprocessing::new(&program),
        r1cs: vm_r1cs(&layout),
        program,
        trace,
        input: input.to_vec(),
    }
}

fn witness(r: &Run) -> VmWitness<Fr> {
    VmWitness::generate(&r.pre, pp(), &r.program, &r.input, &r.trace).unwrap()
}

fn fixture() -> &'static (Run, VmWitness<Fr>) {
    static F: OnceLock<(Run, VmWitness<Fr>)> = OnceLock::new();
    F.get_or_init(|| {
        let r = run(&mixed_program_words(), &[0x35, 0x82, 0x01, 0x90]);
        let w = witness(&r);
        (r, w)
    })
}

/// The R1CS columns as integers (every column but `halt_inv` is small;
/// that one is kept as field elements).
#[derive(Clone)]
struct Columns {
    n: usize,
    values: Vec<Vec<Fr>>,
}

impl Columns {
    fn of(w: &VmWitness<Fr>) -> Self {
        let polys = w.columns(pp());
        let n = w.log_rows();
        Self {
            n,
            values: polys
                .iter()
                .map(|p| (0..1 << n).map(|i| p.get(i)).collect())
                .collect(),
        }
    }

    fn get(&self, c: usize, i: usize) -> Fr {
        self.values[c][i]
    }

    fn set(&mut self, c: usize, i: usize, v: Fr) {
        self.values[c][i] = v;
    }

    fn cycles(&self) -> usize {
        1 << self.n
    }

    fn polys(&self) -> Vec<Polynomial<Fr>> {
        self.values
            .iter()
            .map(
                |v| match v.iter().map(|x| x.to_u64()).collect::<Option<Vec<u64>>>() {
                    Some(small) => CompactPolynomial::<u64, Fr>::new(small).into(),
                    None => DensePolynomial::new(v.clone()).into(),
                },
            )
            .collect()
    }

    /// Every constraint violated at cycle `i - 1` or `i` (the cycles a change
    /// at cycle `i` can touch).
    fn violations_near(&self, r1cs: &UniformR1cs<Fr>, i: usize) -> BTreeSet<usize> {
        let n = self.cycles();
        let mut out = BTreeSet::new();
        for cycle in [i.wrapping_sub(1), i] {
            if cycle >= n {
                continue;
            }
            let at = |v: jolt_core::r1cs::Var| {
                let row = cycle + v.next as usize;
                if row < n {
                    self.values[v.column][row]
                } else {
                    Fr::from_u64(0)
                }
            };
            for (k, c) in r1cs.constraints().iter().enumerate() {
                if c.a.evaluate(at) * c.b.evaluate(at) != c.c.evaluate(at) {
                    out.insert(k);
                }
            }
        }
        out
    }

    fn check(&self, r1cs: &UniformR1cs<Fr>) -> Result<(), jolt_core::r1cs::Violation> {
        r1cs.check(self.cycles(), |c, i| self.values[c][i])
    }
}

/// Commits every column, proves the R1CS through an accumulator and opens
/// it: the R1CS component as a whole proof would run it.
struct Proven {
    external: Vec<Commitment>,
    proof: R1csProof<Fr, Pcs>,
    opening: BatchedOpeningProof<Fr, Pcs>,
}

fn prove_columns(r1cs: &UniformR1cs<Fr>, cols: &Columns) -> Proven {
    let entry = cols.get(col::field(bc::PC), 0).to_u64().unwrap() as u32;
    let polys = cols.polys();
    let refs: Vec<&Polynomial<Fr>> = polys.iter().collect();
    let external = Pcs::batch_commit(key(), &refs[..NUM_EXTERNAL_COLUMNS]);
    let aux = AuxColumns::from_vec(polys[NUM_EXTERNAL_COLUMNS..].to_vec()).unwrap();
    let mut t = Transcript::new(b"r1cs test");
    let mut acc = ProverOpeningAccumulator::<Fr, Pcs>::new();
    let (proof, _) = proof::prove(r1cs, entry, key(), &refs, &external, &aux, &mut acc, &mut t);
    let opening = acc.prove(key(), &mut t);
    Proven {
        external,
        proof,
        opening,
    }
}

fn verify_proven(r1cs: &UniformR1cs<Fr>, n: usize, p: &Proven) -> Result<(), lasso::ProofError> {
    verify_from(r1cs, fixture().0.program.entry(), n, p)
}

fn verify_from(
    r1cs: &UniformR1cs<Fr>,
    entry: u32,
    n: usize,
    p: &Proven,
) -> Result<(), lasso::ProofError> {
    let vk = Pcs::verifier_key(key());
    let mut t = Transcript::new(b"r1cs test");
    let mut acc = VerifierOpeningAccumulator::<Fr, Pcs>::new();
    proof::verify(r1cs, entry, n, &p.external, &p.proof, &mut acc, &mut t)?;
    acc.verify(&vk, &p.opening, &mut t)
}

#[test]
fn honest_executions_satisfy_the_constraints_and_prove() {
    let (r, w) = fixture();
    assert!(w.log_rows() <= 9, "{} cycles", r.trace.rows.len());
    let cols = Columns::of(w);
    cols.check(&r.r1cs).unwrap();
    let proven = prove_columns(&r.r1cs, &cols);
    verify_proven(&r.r1cs, w.log_rows(), &proven).unwrap();
    // The same program on other inputs (other branch outcomes and signs).
    for input in [[0u8; 4], [0xff; 4], [7, 0, 0, 0]] {
        let r = run(&mixed_program_words(), &input);
        Columns::of(&witness(&r)).check(&r.r1cs).unwrap();
    }
}

#[test]
fn the_system_is_small() {
    let r1cs = vm_r1cs::<Fr>(&MemoryLayout::default());
    assert_eq!(r1cs.constraints().len(), 30);
    assert_eq!(r1cs.num_columns(), col::NUM_COLUMNS);
    assert_eq!(col::NUM_COLUMNS, 70);
    assert_eq!(DECODE_FIELDS.len() + 3, NUM_BYTECODE_FIELDS);
    // The verifier reads each constraint's name from the same code.
    let names: BTreeSet<&str> = r1cs.constraints().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), r1cs.constraints().len(), "names are unique");
}

/// A value to try in place of `v`: nearby values, small constants, and the
/// field's `-1`.
fn candidates(v: Fr) -> Vec<Fr> {
    let one = Fr::from_u64(1);
    vec![
        v + one,
        v - one,
        Fr::from_u64(0),
        one,
        Fr::from_u64(2),
        -one,
    ]
}

/// For every constraint, a one-value change of the honest witness that
/// violates that constraint and no other: the checker names it, and the
/// verifier rejects the proof of the changed witness.
#[test]
fn every_constraint_violated_alone_is_caught() {
    let (r, w) = fixture();
    let honest = Columns::of(w);
    let total = r.r1cs.constraints().len();
    let mut found: Vec<Option<(usize, usize, Fr)>> = vec![None; total];
    let cycles = r.trace.rows.len() + 2; // real cycles, the first padding ones
    'search: for i in 0..cycles.min(honest.cycles()) {
        for c in 0..col::NUM_COLUMNS {
            for v in candidates(honest.get(c, i)) {
                if v == honest.get(c, i) {
                    continue;
                }
                let mut bad = honest.clone();
                bad.set(c, i, v);
                let violated = bad.violations_near(&r.r1cs, i);
                if violated.len() == 1 {
                    let k = *violated.iter().next().unwrap();
                    found[k].get_or_insert((c, i, v));
                    if found.iter().all(Option::is_some) {
                        break 'search;
                    }
                }
            }
        }
    }
    // Three constraints share their columns with others so that no single
    // change isolates them; each gets a crafted change of several values.
    let name_index = |name: &str| {
        r.r1cs
            .constraints()
            .iter()
            .position(|c| c.name == name)
            .unwrap()
    };
    let mut crafted: Vec<(usize, Columns)> = Vec::new();
    let k = LayoutConstants::new(r.program.layout());
    let layout = r.program.layout();
    let real = r.trace.rows.len();
    let field = |c: &Columns, f: usize, i: usize| c.get(col::field(f), i);
    let one = Fr::from_u64(1);
    let zero = Fr::from_u64(0);
    {
        // RAM segment 2 on a load, its offset and the cell (a field
        // element: 4 cell = 2^34 + a - io_start + offset) matching.
        let i = (0..real)
            .find(|&i| field(&honest, bc::IS_LOAD, i) == one)
            .unwrap();
        let mut bad = honest.clone();
        let a = honest.get(col::OUTPUT, i);
        let b = Fr::from_u64((1 << 34) + k.ram_end - 4 + k.io_start) - Fr::from_u64(2) * a;
        let offset = Fr::from_u64(2) * b;
        let four_cell = Fr::from_u64(1 << 34) + a - Fr::from_u64(k.io_start) + offset;
        bad.set(col::RAM_SEGMENT, i, Fr::from_u64(2));
        bad.set(col::RAM_OFFSET, i, offset);
        bad.set(col::RAM_ADDRESS, i, four_cell / Fr::from_u64(4));
        crafted.push((name_index("RAM segment is a bit"), bad));
    }
    {
        // The stack segment on a cycle without RAM access, its offset
        // matching (nothing else reads either there).
        let i = (0..real)
            .find(|&i| field(&honest, bc::IS_LOAD, i) + field(&honest, bc::IS_STORE, i) == zero)
            .unwrap();
        let mut bad = honest.clone();
        let b = Fr::from_u64((1 << 34) + k.ram_end - 4 + k.io_start)
            - Fr::from_u64(2) * honest.get(col::OUTPUT, i);
        bad.set(col::RAM_SEGMENT, i, one);
        bad.set(col::RAM_OFFSET, i, b);
        crafted.push((name_index("no RAM segment without an access"), bad));
    }
    {
        // The halt names the cell after the termination word's (its address
        // moved with it).
        let i = real - 1;
        assert_eq!(honest.get(col::HALT, i), one);
        let mut bad = honest.clone();
        bad.set(col::RAM_ADDRESS, i, honest.get(col::RAM_ADDRESS, i) + one);
        bad.set(col::OUTPUT, i, honest.get(col::OUTPUT, i) + Fr::from_u64(4));
        crafted.push((name_index("halt only at the termination word"), bad));
    }
    {
        // A store in the middle of the run redirected to the termination
        // word and flagged as the halt: the run goes on after it.
        let out = Fr::from_u64(layout.output_start() as u64);
        let i = (0..real - 1)
            .find(|&i| field(&honest, bc::IS_STORE, i) == one && honest.get(col::OUTPUT, i) == out)
            .unwrap();
        let mut bad = honest.clone();
        bad.set(col::OUTPUT, i, Fr::from_u64(layout.termination() as u64));
        bad.set(col::RAM_ADDRESS, i, Fr::from_u64(k.termination_cell));
        bad.set(col::HALT, i, one);
        bad.set(col::HALT_INV, i, zero);
        crafted.push((name_index("the last real cycle halts, and only it"), bad));
    }
    for (k, bad) in &crafted {
        found[*k].get_or_insert((usize::MAX, 0, zero));
        let violations: BTreeSet<String> = (0..bad.cycles())
            .flat_map(|i| bad.violations_near(&r.r1cs, i))
            .map(|k| r.r1cs.constraints()[k].name.clone())
            .collect();
        let name = &r.r1cs.constraints()[*k].name;
        assert_eq!(
            violations,
            BTreeSet::from([name.clone()]),
            "crafted change for {name}"
        );
        assert!(
            verify_proven(&r.r1cs, w.log_rows(), &prove_columns(&r.r1cs, bad)).is_err(),
            "{name}: accepted"
        );
    }
    let missing: Vec<&str> = found
        .iter()
        .enumerate()
        .filter(|(_, f)| f.is_none())
        .map(|(k, _)| r.r1cs.constraints()[k].name.as_str())
        .collect();
    assert!(missing.is_empty(), "no change violates only: {missing:?}");
    for (k, change) in found.iter().enumerate() {
        let (c, i, v) = change.unwrap();
        if c == usize::MAX {
            continue; // crafted above
        }
        let mut bad = honest.clone();
        bad.set(c, i, v);
        let name = &r.r1cs.constraints()[k].name;
        let violation = bad.check(&r.r1cs).unwrap_err();
        assert_eq!(&violation.name, name, "column {c} at cycle {i}");
        let proven = prove_columns(&r.r1cs, &bad);
        assert!(
            verify_proven(&r.r1cs, w.log_rows(), &proven).is_err(),
            "{name}: accepted"
        );
    }
}

/// The constraints a crafted witness violates anywhere.
fn all_violations(r1cs: &UniformR1cs<Fr>, c: &Columns) -> BTreeSet<String> {
    (0..c.cycles())
        .flat_map(|i| c.violations_near(r1cs, i))
        .map(|k| r1cs.constraints()[k].name.clone())
        .collect()
}

/// `bad` violates `name` (among others, perhaps), the checker reports a
/// violation, and the verifier rejects its proof.
fn assert_caught(r: &Run, n: usize, bad: &Columns, name: &str, what: &str) {
    let violations = all_violations(&r.r1cs, bad);
    assert!(
        violations.contains(name),
        "{what}: expected {name:?} among {violations:?}"
    );
    assert!(bad.check(&r.r1cs).is_err(), "{what}: the checker accepts");
    assert!(
        verify_proven(&r.r1cs, n, &prove_columns(&r.r1cs, bad)).is_err(),
        "{what}: the verifier accepts"
    );
}

/// The cycles executing `opcode` (outside sequences unless it is virtual).
fn cycles_of(r: &Run, opcode: instructions::Opcode) -> Vec<usize> {
    (0..r.trace.rows.len())
        .filter(|&i| r.trace.rows[i].step(&r.program).instruction.opcode == opcode)
        .collect()
}

/// Sets the lookup index of cycle `i` to `z` (its chunks and their bytes).
fn set_index(c: &mut Columns, i: usize, z: u64) {
    for k in 0..4 {
        let chunk = (z >> (16 * (3 - k))) & 0xffff;
        c.set(col::DIM + k, i, Fr::from_u64(chunk));
        c.set(col::OPERAND_X + k, i, Fr::from_u64(chunk >> 8));
        c.set(col::OPERAND_Y + k, i, Fr::from_u64(chunk & 0xff));
    }
}

/// Regressions for the bug classes that broke other zkVMs.
#[test]
fn bug_classes_of_other_zkvms_are_caught() {
    use instructions::Opcode::*;
    let (r, w) = fixture();
    let honest = Columns::of(w);
    let n = w.log_rows();
    let one = Fr::from_u64(1);
    let zero = Fr::from_u64(0);

    // A branch that may go either way: the taken BNE made to fall
    // through, and the not-taken one made to jump, each with a result and
    // next pc consistent with the lie (Surge alone would not notice a
    // wrong next pc; the R1CS must).
    let bnes = cycles_of(r, Bne);
    let taken = *bnes
        .iter()
        .find(|&&i| honest.get(col::OUTPUT, i) == one)
        .unwrap();
    let not_taken = *bnes
        .iter()
        .find(|&&i| honest.get(col::OUTPUT, i) == zero)
        .unwrap();
    let pc = |i: usize| honest.get(col::field(bc::PC), i);
    let mut bad = honest.clone();
    bad.set(col::OUTPUT, taken, zero);
    bad.set(col::NEXT_PC, taken, pc(taken) + Fr::from_u64(4));
    assert_caught(
        r,
        n,
        &bad,
        "falls through or branches to next pc",
        "taken branch falls through",
    );
    let mut bad = honest.clone();
    bad.set(
        col::NEXT_PC,
        not_taken,
        honest.get(col::field(bc::TARGET), not_taken),
    );
    assert_caught(
        r,
        n,
        &bad,
        "next pc: pc + 4, or the target if the branch is taken",
        "untaken branch jumps",
    );

    // LUI and AUIPC immediates altered: index, result and rd all agree on
    // another value.
    for op in [Lui, Auipc] {
        let i = cycles_of(r, op)[0];
        let v = honest.get(col::OUTPUT, i).to_u64().unwrap() + 0x1000;
        let mut bad = honest.clone();
        set_index(&mut bad, i, v);
        bad.set(col::OUTPUT, i, Fr::from_u64(v));
        bad.set(col::RD_WRITE, i, Fr::from_u64(v));
        assert_caught(r, n, &bad, "sum: z = x + y", &format!("{op:?} immediate"));
    }

    // A write to x0 that sticks.
    let i = (0..r.trace.rows.len())
        .find(|&i| {
            let s = r.trace.rows[i].step(&r.program);
            s.instruction.opcode == Addi && s.instruction.rd == 0 && s.instruction.imm == 5
        })
        .unwrap();
    let mut bad = honest.clone();
    bad.set(col::RD_WRITE, i, honest.get(col::OUTPUT, i));
    assert_caught(r, n, &bad, "rd unchanged unless written", "write to x0");

    // A virtual sequence entered mid-way: the cycle after a DIV's first
    // step fetches the sequence's third step instead of its second.
    let first = (0..r.trace.rows.len())
        .find(|&i| {
            let s = r.trace.rows[i].step(&r.program);
            s.expanded_from == Div && s.position == 0
        })
        .unwrap();
    let mut bad = honest.clone();
    for f in DECODE_FIELDS {
        bad.set(
            col::field(f),
            first + 1,
            honest.get(col::field(f), first + 2),
        );
    }
    bad.set(
        col::BYTECODE_INDEX,
        first + 1,
        honest.get(col::BYTECODE_INDEX, first + 2),
    );
    assert_caught(
        r,
        n,
        &bad,
        "a sequence runs on to its next step",
        "sequence skips a step",
    );
    // ... and entered at its middle from the instruction before it.
    let mut bad = honest.clone();
    for k in first..r.trace.rows.len() - 1 {
        for c in 0..col::NUM_COLUMNS {
            bad.set(c, k, honest.get(c, k + 1));
        }
    }
    assert_caught(
        r,
        n,
        &bad,
        "an instruction starts at its first step",
        "sequence entered mid-way",
    );

    // A sequence left early: after the DIV's first step, the instruction
    // after the sequence.
    let after = (first..r.trace.rows.len())
        .find(|&i| r.trace.rows[i].step(&r.program).expanded_from != Div)
        .unwrap();
    let mut bad = honest.clone();
    bad.set(
        col::BYTECODE_INDEX,
        first + 1,
        honest.get(col::BYTECODE_INDEX, after),
    );
    assert_caught(
        r,
        n,
        &bad,
        "a sequence runs on to its next step",
        "sequence left early",
    );

    // A next pc chosen freely: an ADD that claims to continue 8 bytes on.
    let i = cycles_of(r, Add)[0];
    let mut bad = honest.clone();
    bad.set(col::NEXT_PC, i, pc(i) + Fr::from_u64(8));
    assert_caught(
        r,
        n,
        &bad,
        "next pc: pc + 4, or the target if the branch is taken",
        "free next pc",
    );

    // An address computed modulo the field: `sw x25, -16(sp)` with the
    // index `sp - 16` in the field rather than `sp + (2^32 - 16)`.
    let i = cycles_of(r, Sw)
        .into_iter()
        .find(|&i| r.trace.rows[i].step(&r.program).instruction.imm == -16)
        .unwrap();
    let sp = honest.get(col::RS1_VALUE, i).to_u64().unwrap();
    let mut bad = honest.clone();
    set_index(&mut bad, i, sp - 16);
    assert_caught(r, n, &bad, "sum: z = x + y", "address modulo the field");
}

/// Every field of the R1CS proof, altered in turn, is rejected.
#[test]
fn every_altered_proof_field_is_rejected() {
    let (r, w) = fixture();
    let honest = prove_columns(&r.r1cs, &Columns::of(w));
    let n = w.log_rows();
    verify_proven(&r.r1cs, n, &honest).unwrap();
    let one = Fr::from_u64(1);
    let reject = |p: &Proven, what: &str| {
        assert!(
            verify_proven(&r.r1cs, n, p).is_err(),
            "{what} altered but accepted"
        );
    };
    for i in 0..honest.proof.aux_commitments.len() {
        let mut p = clone(&honest);
        p.proof.aux_commitments[i] = honest.external[i].clone();
        reject(&p, &format!("aux commitment {i}"));
    }
    for i in [0, col::DIM, NUM_EXTERNAL_COLUMNS - 1] {
        let mut p = clone(&honest);
        p.external[i] = honest.proof.aux_commitments[i % 7].clone();
        reject(&p, &format!("column commitment {i}"));
    }
    let s = &honest.proof.spartan;
    for round in 0..s.outer.round_polys.len() {
        for k in 0..s.outer.round_polys[round].len() {
            let mut p = clone(&honest);
            p.proof.spartan.outer.round_polys[round][k] += one;
            reject(&p, &format!("outer round {round} coefficient {k}"));
        }
    }
    for round in 0..s.shift_sumcheck.round_polys.len() {
        let mut p = clone(&honest);
        p.proof.spartan.shift_sumcheck.round_polys[round][0] += one;
        reject(&p, &format!("shift round {round}"));
    }
    for k in 0..s.evals.len() {
        let mut p = clone(&honest);
        p.proof.spartan.evals[k] += one;
        reject(&p, &format!("column evaluation {k}"));
    }
    for k in 0..s.shifted.len() {
        let mut p = clone(&honest);
        p.proof.spartan.shifted[k] += one;
        reject(&p, &format!("shifted evaluation {k}"));
        let mut p = clone(&honest);
        p.proof.spartan.shift_evals[k] += one;
        reject(&p, &format!("shift opening {k}"));
    }
    let mut p = clone(&honest);
    p.proof.spartan.evals.pop();
    reject(&p, "a missing evaluation");
    let mut p = clone(&honest);
    p.proof.aux_commitments.pop();
    reject(&p, "a missing commitment");
    let mut p = clone(&honest);
    p.opening.evals[0] += one;
    reject(&p, "the opening");
    // Another number of cycles.
    assert!(verify_proven(&r.r1cs, n + 1, &honest).is_err());
    // Another entry point: the run must start at the program's.
    let entry = r.program.entry();
    assert!(verify_from(&r.r1cs, entry + 4, n, &honest).is_err());
}

/// A run that starts anywhere but the entry point satisfies every
/// constraint (they only relate neighbouring cycles) and is rejected by
/// the entry claim alone.
#[test]
fn a_run_that_skips_the_first_instructions_is_rejected() {
    let (r, w) = fixture();
    let honest = Columns::of(w);
    let skip = 2;
    let mut bad = honest.clone();
    for i in 0..bad.cycles() {
        for c in 0..col::NUM_COLUMNS {
            let v = if i + skip < honest.cycles() {
                honest.get(c, i + skip)
            } else {
                honest.get(c, honest.cycles() - 1)
            };
            bad.set(c, i, v);
        }
    }
    bad.check(&r.r1cs).unwrap();
    let proven = prove_columns(&r.r1cs, &bad);
    assert!(verify_proven(&r.r1cs, w.log_rows(), &proven).is_err());
}

fn clone(p: &Proven) -> Proven {
    Proven {
        external: p.external.clone(),
        proof: p.proof.clone(),
        opening: p.opening.clone(),
    }
}
