//! Memory checking of whole executions: honest runs verify; altered
//! proofs, wrong statements and corrupted witnesses (one value, then the
//! real prover) are rejected.
mod common;
use common::*;

use std::sync::OnceLock;

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use jolt_core::memory::columns::{SLOTS, SLOT_RAM, SLOT_RD};
use jolt_core::memory::{
    self, proof::check_statement, MemoryPreprocessing, MemoryProof, MemoryWitness, Statement,
};
use jolt_core::{MemoryLayout, Program, Trace, TraceOptions};
use lasso::field::Fr;
use lasso::pcs::hyperkzg::HyperKzg;
use lasso::pcs::CommitmentScheme;
use lasso::transcript::Transcript;
use lasso::ProofError;

type Pcs = HyperKzg;
type Key = <Pcs as CommitmentScheme<Fr>>::ProverKey;

fn key() -> &'static Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(|| Pcs::setup_from_seed(15, b"memory tests"))
}

/// A program touching every kind of memory: reads the input word, runs a
/// loop storing to and loading from the stack, stores to and loads a byte
/// from the heap, writes a 4-byte output and optionally panics.
fn program_words(iterations: i32, panic: bool) -> Vec<u32> {
    let layout = MemoryLayout::default();
    let mut code = Vec::new();
    code.extend(li(5, layout.output_start()));
    code.extend(li(6, layout.input_start()));
    code.push(lw(7, 6, 0));
    code.push(addi(8, 0, iterations));
    // loop: x7 += x8; stack[-16] = x7; x9 = stack[-16]; x8 -= 1
    code.push(add(7, 7, 8));
    code.push(sw(7, 2, -16));
    code.push(lw(9, 2, -16));
    code.push(addi(8, 8, -1));
    code.push(bne(8, 0, -16));
    // heap: a byte store and load at RAM_BASE + 0x800
    code.extend(li(12, layout.ram_base() + 0x800));
    code.push(sb(9, 12, 1));
    code.push(lbu(13, 12, 1));
    code.push(add(9, 9, 13));
    code.push(sw(9, 5, 0));
    code.extend(li(10, layout.output_len()));
    code.push(addi(11, 0, 4));
    code.push(sw(11, 10, 0));
    if panic {
        code.extend(li(10, layout.panic()));
        code.push(addi(11, 0, 1));
        code.push(sw(11, 10, 0));
    }
    code.extend(halt1());
    code
}

struct Run {
    program: Program,
    pre: MemoryPreprocessing,
    statement: Statement,
    trace: Trace,
}

fn run(iterations: i32, panic: bool, input: &[u8]) -> Run {
    let layout = MemoryLayout::default();
    let program = Program::from_elf(&program(&program_words(iterations, panic)), &layout).unwrap();
    let trace = program.trace(input, &TraceOptions::default()).unwrap();
    let statement = Statement {
        input: input.to_vec(),
        output: trace.output.clone(),
        panicked: trace.panicked,
    };
    Run {
        pre: MemoryPreprocessing::new(&program),
        program,
        statement,
        trace,
    }
}

fn witness(r: &Run) -> MemoryWitness<Fr> {
    MemoryWitness::generate(&r.pre, &r.program, &r.statement.input, &r.trace).unwrap()
}

fn prove(r: &Run, w: &MemoryWitness<Fr>) -> MemoryProof<Fr, Pcs> {
    let mut t = Transcript::new(b"memory");
    memory::prove::<Fr, Pcs>(&r.pre, key(), &r.statement, w, &mut t)
        .unwrap()
        .0
}

fn verify_with(
    r: &Run,
    statement: &Statement,
    proof: &MemoryProof<Fr, Pcs>,
) -> Result<(), ProofError> {
    let vk = Pcs::verifier_key(key());
    let mut t = Transcript::new(b"memory");
    memory::verify::<Fr, Pcs>(&r.pre, &vk, statement, proof, 16, &mut t)
}

fn verify(r: &Run, proof: &MemoryProof<Fr, Pcs>) -> Result<(), ProofError> {
    verify_with(r, &r.statement, proof)
}

/// One shared honest execution and proof (2^8 cycles).
fn fixture() -> &'static (Run, MemoryWitness<Fr>, MemoryProof<Fr, Pcs>) {
    static F: OnceLock<(Run, MemoryWitness<Fr>, MemoryProof<Fr, Pcs>)> = OnceLock::new();
    F.get_or_init(|| {
        let r = run(40, false, &[7, 0, 0, 0]);
        let w = witness(&r);
        let p = prove(&r, &w);
        (r, w, p)
    })
}

#[test]
fn honest_executions_verify() {
    let (r, w, p) = fixture();
    assert_eq!(w.log_rows, 8, "{} cycles", r.trace.rows.len());
    assert!(
        w.domain.log_stack().is_some(),
        "the stack has its own segment"
    );
    assert!(
        w.domain.log_size() <= 14,
        "domain of 2^{}",
        w.domain.log_size()
    );
    check_statement(w, &r.statement).unwrap();
    verify(r, p).unwrap();
    // And a panicking one, with a trace that is not a power of two long.
    let r = run(3, true, &[1, 2, 3, 4, 5]);
    assert!(r.statement.panicked);
    let w = witness(&r);
    verify(&r, &prove(&r, &w)).unwrap();
}

#[test]
fn segments_sharing_a_word_load_merged_in_the_tracer_and_the_proof() {
    // The code segment ends two bytes into a word; a data segment fills the
    // word's other two bytes. The guest loads that word and outputs it.
    let layout = MemoryLayout::default();
    let mut code = Vec::new();
    code.extend(li(5, layout.output_start()));
    code.extend(li(6, 0)); // patched below: the shared word's address
    code.push(lw(7, 6, 0));
    code.push(sw(7, 5, 0));
    code.extend(li(10, layout.output_len()));
    code.push(addi(11, 0, 4));
    code.push(sw(11, 10, 0));
    code.extend(halt1());
    let shared = layout.ram_base() + 4 * code.len() as u32;
    let patch = li(6, shared);
    code[2] = patch[0];
    code[3] = patch[1];
    let mut bytes: Vec<u8> = code.iter().flat_map(|w| w.to_le_bytes()).collect();
    bytes.extend([0xaa, 0xbb]);
    let len = bytes.len() as u32;
    let elf = elf32(
        &Header::default(),
        &[
            Seg {
                vaddr: layout.ram_base(),
                data: bytes,
                mem_size: len,
                flags: PF_R | PF_X,
            },
            Seg {
                vaddr: layout.ram_base() + len,
                data: vec![0xcc, 0xdd],
                mem_size: 2,
                flags: PF_R | PF_W,
            },
        ],
    );
    let program = Program::from_elf(&elf, &layout).unwrap();
    let trace = program.trace(&[], &TraceOptions::default()).unwrap();
    assert_eq!(trace.output, [0xaa, 0xbb, 0xcc, 0xdd]);
    let r = Run {
        pre: MemoryPreprocessing::new(&program),
        statement: Statement {
            input: vec![],
            output: trace.output.clone(),
            panicked: false,
        },
        program,
        trace,
    };
    let w = witness(&r);
    verify(&r, &prove(&r, &w)).unwrap();
}

#[test]
fn wrong_statements_are_rejected() {
    let (r, _, p) = fixture();
    let mut s = r.statement.clone();
    s.output[0] ^= 1;
    assert!(verify_with(r, &s, p).is_err(), "output");
    let mut s = r.statement.clone();
    s.output.push(0);
    assert!(verify_with(r, &s, p).is_err(), "longer output");
    let mut s = r.statement.clone();
    s.panicked = true;
    assert!(verify_with(r, &s, p).is_err(), "panic flag");
    let mut s = r.statement.clone();
    s.input[0] ^= 1;
    assert!(verify_with(r, &s, p).is_err(), "input");
    let mut s = r.statement.clone();
    s.input.push(0);
    assert!(verify_with(r, &s, p).is_err(), "input length");
    // Another program (one more loop iteration) with the same statement.
    let other = run(41, false, &r.statement.input);
    assert!(
        verify_with(&other, &r.statement, p).is_err(),
        "other program"
    );
}

#[test]
fn the_proven_output_must_be_what_the_guest_wrote() {
    // The prover, honest about memory, claims another output: only the
    // final-I/O check stands between it and acceptance.
    let (r, w, _) = fixture();
    let mut claimed = r.statement.clone();
    claimed.output = vec![1, 2, 3, 4];
    assert!(check_statement(w, &claimed).is_err());
    let mut t = Transcript::new(b"memory");
    let (p, _) = memory::prove::<Fr, Pcs>(&r.pre, key(), &claimed, w, &mut t).unwrap();
    match verify_with(r, &claimed, &p) {
        Err(ProofError::SumcheckFinal(msg)) => assert!(msg.contains("final I/O"), "{msg}"),
        other => panic!("expected the final-I/O check to reject: {other:?}"),
    }
}

#[test]
fn every_altered_proof_field_is_rejected() {
    let (r, _, p) = fixture();
    let one = Fr::from(1u64);
    let check = |q: &MemoryProof<Fr, Pcs>, what: &str| {
        assert!(verify(r, q).is_err(), "{what} altered but accepted");
    };
    for i in 0..p.commitments.len() {
        let mut q = p.clone();
        // Another commitment of the proof (columns that are zero in this
        // program, such as unused decode flags, share one commitment).
        let other = (1..p.commitments.len())
            .map(|d| &p.commitments[(i + d) % p.commitments.len()])
            .find(|c| **c != p.commitments[i])
            .expect("a different commitment");
        q.commitments[i] = other.clone();
        check(&q, &format!("commitment {i}"));
    }
    for i in 0..p.evals.len() {
        let mut q = p.clone();
        q.evals[i] += one;
        check(&q, &format!("evaluation {i}"));
    }
    for m in 0..p.memory.products.len() {
        let mut q = p.clone();
        q.memory.products[m].init += one;
        check(&q, &format!("init product {m}"));
        let mut q = p.clone();
        q.memory.products[m].reads[0] += one;
        check(&q, &format!("read product {m}"));
    }
    for g in 0..p.memory.grand_products.len() {
        let layers = &p.memory.grand_products[g].layers;
        for k in [0, layers.len() / 2, layers.len() - 1] {
            let mut q = p.clone();
            q.memory.grand_products[g].layers[k].right[0] += one;
            check(&q, &format!("grand product {g} layer {k}"));
            if k > 0 {
                let mut q = p.clone();
                q.memory.grand_products[g].layers[k].sumcheck.round_polys[0][0] += one;
                check(&q, &format!("grand product {g} layer {k} round 0"));
            }
        }
    }
    for round in 0..p.io_sumcheck.round_polys.len() {
        let mut q = p.clone();
        q.io_sumcheck.round_polys[round][1] += one;
        check(&q, &format!("I/O sum-check round {round}"));
    }
    let mut q = p.clone();
    q.io_final_eval += one;
    check(&q, "I/O final evaluation");
    for i in 0..p.opening.evals.len() {
        let mut q = p.clone();
        q.opening.evals[i] += one;
        check(&q, &format!("opening evaluation {i}"));
    }
    let mut q = p.clone();
    q.opening.sumcheck.round_polys[0][0] += one;
    check(&q, "opening sum-check");
    let mut q = p.clone();
    q.log_rows += 1;
    check(&q, "trace length");
    let mut q = p.clone();
    q.log_low += 1;
    check(&q, "low segment size");
    let mut q = p.clone();
    q.log_stack = None;
    check(&q, "stack segment");
    let mut q = p.clone();
    q.log_low = 40;
    assert!(matches!(verify(r, &q), Err(ProofError::Invalid(_))));
    let mut q = p.clone();
    q.commitments.pop();
    assert!(matches!(verify(r, &q), Err(ProofError::Malformed(_))));
}

use jolt_core::memory::bytecode::NUM_BYTECODE_FIELDS;
/// Column numbers in `MemoryColumns::to_vec` order.
use jolt_core::memory::columns::MemoryColumns;

const MEM: MemoryColumns<usize> = MemoryColumns::INDEX;

fn assert_rejected(w: &MemoryWitness<Fr>, what: &str) {
    let (r, _, _) = fixture();
    let p = prove(r, w);
    assert!(verify(r, &p).is_err(), "{what}: accepted");
}

#[test]
fn a_corrupted_witness_value_is_rejected() {
    let (r, w, _) = fixture();
    let cycles = r.trace.rows.len();
    // The first, a middle and the last cycle of the trace (the last before
    // padding), and a padding cycle.
    let rows = [0, cycles / 2, cycles - 1, (1 << w.log_rows) - 1];
    let mut columns: Vec<(usize, String)> = vec![
        (MEM.bytecode_index, "bytecode index".into()),
        (MEM.rs1_value, "rs1 value".into()),
        (MEM.rs2_value, "rs2 value".into()),
        (MEM.rd_read, "rd read value".into()),
        (MEM.rd_write, "rd write value".into()),
        (MEM.ram_address, "RAM address".into()),
        (MEM.ram_read, "RAM read value".into()),
        (MEM.ram_write, "RAM write value".into()),
    ];
    columns.extend(
        (0..NUM_BYTECODE_FIELDS).map(|f| (MEM.bytecode_fields[f], format!("bytecode field {f}"))),
    );
    columns.extend((0..SLOTS).map(|s| (MEM.read_ts[s], format!("read timestamp {s}"))));
    columns.extend((0..SLOTS).map(|s| (MEM.range_low[s], format!("range-check low limb {s}"))));
    for (column, name) in &columns {
        for &row in &rows {
            let mut bad = w.clone();
            let v = bad.get(*column, row);
            bad.set(*column, row, v + 1);
            assert_rejected(&bad, &format!("{name} at cycle {row}"));
        }
    }
    // Final values and timestamps: a register, the output word, the
    // termination word.
    let layout = r.program.layout();
    let cells = [
        w.domain.register_cell(7),
        w.domain.cell_of(layout.output_start()).unwrap(),
        w.domain.cell_of(layout.termination()).unwrap(),
    ];
    for cell in cells {
        for (column, name) in [(MEM.final_value, "final value"), (MEM.final_ts, "final ts")] {
            let mut bad = w.clone();
            let v = bad.get(column, cell);
            bad.set(column, cell, v + 1);
            assert_rejected(&bad, &format!("{name} of cell {cell}"));
        }
    }
}

/// The cycles at which the RAM slot loads a word, with the cycle of the
/// store it reads from.
fn loads_after_stores(w: &MemoryWitness<Fr>) -> Vec<(usize, usize)> {
    let n = 1usize << w.log_rows;
    (0..n)
        .filter_map(|i| {
            let ts = w.get(MEM.read_ts[SLOT_RAM], i) as usize;
            let read = w.get(MEM.ram_read, i);
            let write = w.get(MEM.ram_write, i);
            let address = w.get(MEM.ram_address, i);
            (ts > 0 && read == write && address != 0 && (ts - 1) % SLOTS == SLOT_RAM)
                .then(|| (i, (ts - 1) / SLOTS))
        })
        .collect()
}

#[test]
fn a_read_of_a_stale_value_is_rejected() {
    // A load reads the tuple its store consumed (the value and timestamp
    // from before that store): a well-formed but stale read.
    let (_, w, _) = fixture();
    let (load, store) = loads_after_stores(w)
        .into_iter()
        .find(|&(_, s)| w.get(MEM.ram_read, s) != w.get(MEM.ram_write, s))
        .expect("a load of a word stored over an older value");
    let mut bad = w.clone();
    bad.set(MEM.ram_read, load, w.get(MEM.ram_read, store));
    bad.set(MEM.ram_write, load, w.get(MEM.ram_read, store));
    bad.set(
        MEM.read_ts[SLOT_RAM],
        load,
        w.get(MEM.read_ts[SLOT_RAM], store),
    );
    assert_rejected(&bad, "stale load");
}

#[test]
fn a_read_timestamp_from_the_future_is_rejected() {
    // The register read at some cycle claims the timestamp and value of
    // the next write to that register.
    let (_, w, _) = fixture();
    let n = 1usize << w.log_rows;
    let (i, j) = (0..n)
        .find_map(|j| {
            let ts = w.get(MEM.read_ts[SLOT_RD], j) as usize;
            (ts > 0
                && (ts - 1) % SLOTS == SLOT_RD
                && w.get(MEM.rd_write, j) != w.get(MEM.rd_read, j))
            .then(|| ((ts - 1) / SLOTS, j))
        })
        .expect("two writes to one register");
    let mut bad = w.clone();
    bad.set(MEM.rd_read, i, w.get(MEM.rd_write, j));
    bad.set(MEM.read_ts[SLOT_RD], i, (SLOTS * j + SLOT_RD + 1) as u64);
    assert_rejected(&bad, "read from the future");
}

#[test]
fn a_trace_that_is_not_of_the_program_is_an_error() {
    let (r, _, _) = fixture();
    let mut trace = r.trace.clone();
    trace.rows[3].bytecode_index = u32::MAX;
    let e =
        MemoryWitness::<Fr>::generate(&r.pre, &r.program, &r.statement.input, &trace).unwrap_err();
    assert!(e.to_string().contains("cycle 3"), "{e}");
    let mut trace = r.trace.clone();
    trace.rows[5].rs1_value ^= 1;
    let e =
        MemoryWitness::<Fr>::generate(&r.pre, &r.program, &r.statement.input, &trace).unwrap_err();
    assert!(
        matches!(e, memory::MemoryError::TraceInconsistent { cycle: 5, .. }),
        "{e}"
    );
}

#[test]
fn proof_bytes_round_trip_and_garbage_is_an_error() {
    let (r, _, p) = fixture();
    let bytes = p.to_bytes();
    assert_eq!(bytes.len(), p.size_in_bytes());
    let back = MemoryProof::<Fr, Pcs>::from_bytes(&bytes).unwrap();
    verify(r, &back).unwrap();
    for cut in [0, 1, 100, bytes.len() / 2, bytes.len() - 1] {
        assert!(MemoryProof::<Fr, Pcs>::from_bytes(&bytes[..cut]).is_err());
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(
        MemoryProof::<Fr, Pcs>::from_bytes(&longer).is_err(),
        "trailing byte"
    );
    let garbage: Vec<u8> = (0..bytes.len()).map(|i| (i * 131 + 17) as u8).collect();
    assert!(MemoryProof::<Fr, Pcs>::from_bytes(&garbage).is_err());
    // The same through arkworks directly, as a caller might.
    let mut raw = Vec::new();
    p.serialize_compressed(&mut raw).unwrap();
    assert_eq!(raw, bytes);
    assert!(MemoryProof::<Fr, Pcs>::deserialize_compressed(&garbage[..]).is_err());
}
