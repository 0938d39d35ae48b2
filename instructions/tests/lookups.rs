//! Every instruction's decomposed lookup against the reference semantics.

mod common;

use std::collections::HashMap;
use std::sync::Arc;

use common::{Rng, EDGE};
use instructions::constants::{C, LOG_M};
use instructions::lookup::{lookup_for_outcome, lookup_spec, LookupQuery, ResultUse};
use instructions::subtables::all_subtables;
use instructions::{
    execute, execute_step, expand, ExecErrorKind, InstructionSubtable, InstructionTable, Opcode,
    SimpleMachine, SubtableKind, TableId, ALL_OPCODES, ALL_TABLES,
};
use instructions::{Instruction, Outcome};
use lasso::field::{Field, Fr};
use lasso::lookup::table::{check_subtable_mle, combined_entry, split_into_chunks};
use lasso::lookup::DecomposableTable;

/// Materialised subtables with the chunks each is read at.
type Reads = Vec<(Arc<Vec<u64>>, Vec<usize>)>;

/// Evaluates `g` over materialised subtables, caching each subtable once.
struct Decomposer {
    log_m: usize,
    c: usize,
    subtables: HashMap<String, Arc<Vec<u64>>>,
    reads: HashMap<TableId, Reads>,
}

impl Decomposer {
    fn new(c: usize, log_m: usize) -> Self {
        Decomposer {
            log_m,
            c,
            subtables: HashMap::new(),
            reads: HashMap::new(),
        }
    }

    /// `g(T_1[chunk], ...)` for `index`, through the `DecomposableTable`
    /// trait's subtable reads.
    fn combined(&mut self, id: TableId, index: u64) -> Fr {
        let table = InstructionTable::new(id, self.c);
        let log_m = self.log_m;
        if !self.reads.contains_key(&id) {
            let mut reads = vec![];
            for read in DecomposableTable::<Fr>::subtable_reads(&table, log_m) {
                let entries = self
                    .subtables
                    .entry(read.subtable.name())
                    .or_insert_with(|| Arc::new(read.subtable.materialize(log_m)))
                    .clone();
                reads.push((entries, read.chunks));
            }
            // Every chunk is read at least once (range check).
            let mut seen = vec![false; self.c];
            for (_, chunks) in &reads {
                for &c in chunks {
                    seen[c] = true;
                }
            }
            assert!(seen.iter().all(|&s| s), "{id:?} leaves a chunk unread");
            self.reads.insert(id, reads);
        }
        let chunks = split_into_chunks(index, self.c, log_m);
        let values: Vec<Fr> = self.reads[&id]
            .iter()
            .flat_map(|(entries, cs)| {
                cs.iter()
                    .map(|&c| Fr::from_u64(entries[chunks[c] as usize]))
            })
            .collect();
        DecomposableTable::<Fr>::combine(&table, &values, log_m)
    }

    /// Checks that the direct entry and the decomposition agree at `index`.
    fn check(&mut self, id: TableId, index: u64) -> u64 {
        let table = InstructionTable::new(id, self.c);
        let direct = DecomposableTable::<Fr>::evaluate(&table, index, self.log_m);
        assert_eq!(
            self.combined(id, index),
            Fr::from_u64(direct),
            "{id:?}: g over subtables differs from the table at index {index:#018x}"
        );
        direct
    }
}

#[test]
fn every_subtable_mle_agrees_with_its_table() {
    for kind in all_subtables() {
        check_subtable_mle::<Fr>(&InstructionSubtable(kind), LOG_M, 2);
    }
    // Other sizes (the subtables are defined for any even log_m; shifts need
    // log_m >= 10).
    for kind in all_subtables() {
        let shift = matches!(
            kind,
            SubtableKind::Sll(_) | SubtableKind::Srl(_) | SubtableKind::SraSign
        );
        for log_m in [4usize, 8, 10, 12] {
            if shift && log_m < 10 {
                continue;
            }
            check_subtable_mle::<Fr>(&InstructionSubtable(kind), log_m, 3);
        }
    }
}

#[test]
fn subtable_names_are_unique() {
    let mut names: Vec<String> = all_subtables().iter().map(|k| k.name()).collect();
    names.sort();
    let n = names.len();
    names.dedup();
    assert_eq!(n, names.len());
}

#[test]
fn g_over_subtables_equals_every_table_on_arbitrary_indices() {
    let mut rng = Rng::new(11);
    let mut d = Decomposer::new(C, LOG_M);
    for id in ALL_TABLES {
        for _ in 0..20_000 {
            // Arbitrary 64-bit indices, plus indices with equal/zero chunks.
            let index = match rng.below(4) {
                0 => rng.next_u64(),
                1 => rng.next_u64() & 0x00ff_00ff_00ff_00ff,
                2 => {
                    let k = rng.next_u64() & 0xffff;
                    k * 0x0001_0001_0001_0001
                }
                _ => rng.next_u64() >> rng.below(64),
            };
            d.check(id, index);
        }
        // The lasso helper (materialises on each call: a few indices only).
        let table = id.table();
        for index in [0u64, u64::MAX, 0x8000_0000_7fff_ffff] {
            assert_eq!(
                combined_entry::<Fr>(&table, index, LOG_M),
                Fr::from_u64(DecomposableTable::<Fr>::evaluate(&table, index, LOG_M)),
                "{id:?}"
            );
        }
    }
    // Smaller parameters: C = 8 chunks of 8 bits (no shifts: they need 5
    // bits of shift amount per chunk).
    let mut d = Decomposer::new(8, 8);
    for id in ALL_TABLES {
        if matches!(id, TableId::Sll | TableId::Srl | TableId::Sra) {
            continue;
        }
        for _ in 0..5_000 {
            d.check(id, rng.next_u64());
        }
    }
}

#[test]
fn g_has_the_stated_degree() {
    let mut rng = Rng::new(99);
    for id in ALL_TABLES {
        let table = id.table();
        let n: usize = table.reads(LOG_M).iter().map(|(_, c)| c.len()).sum();
        let deg = table.degree();
        // p(t) = g(u + t w) has degree exactly `deg` for random u, w: its
        // (deg+1)-th finite difference vanishes and its deg-th does not.
        let u: Vec<Fr> = (0..n).map(|_| random_fr(&mut rng)).collect();
        let w: Vec<Fr> = (0..n).map(|_| random_fr(&mut rng)).collect();
        let p: Vec<Fr> = (0..deg + 2)
            .map(|t| {
                let t = Fr::from_u64(t as u64);
                let v: Vec<Fr> = u.iter().zip(&w).map(|(a, b)| *a + t * b).collect();
                table.combine_values(&v, LOG_M)
            })
            .collect();
        let diff = |mut p: Vec<Fr>, order: usize| {
            for _ in 0..order {
                p = p.windows(2).map(|x| x[1] - x[0]).collect();
            }
            p
        };
        assert!(
            diff(p.clone(), deg + 1)
                .iter()
                .all(|x| *x == Fr::from_u64(0)),
            "{id:?}"
        );
        assert!(
            diff(p, deg).iter().any(|x| *x != Fr::from_u64(0)),
            "{id:?} degree below {deg}"
        );
    }
}

/// A pseudo-random field element (no `RngCore` dependency needed).
fn random_fr(rng: &mut Rng) -> Fr {
    Fr::from_u64(rng.next_u64()) * Fr::from_u64(rng.next_u64()) * Fr::from_u64(rng.next_u64())
        + Fr::from_u64(rng.next_u64())
}

/// Checks one executed instruction (or sequence step): its lookup through
/// the decomposition equals the table entry, and the entry is what the
/// reference semantics did with it.
fn check_lookup(
    d: &mut Decomposer,
    ins: &Instruction,
    pc: u32,
    result: &Result<Outcome, instructions::ExecError>,
    query: &LookupQuery,
) {
    let decomposed = d.check(query.table, query.index);
    assert_eq!(decomposed, query.result);
    let r = query.result;
    let ctx = || {
        format!(
            "{ins} at {pc:#x}: x={:#x} y={:#x} result={r:#x}",
            query.x, query.y
        )
    };
    match query.result_use {
        ResultUse::WriteRd => {
            let out = result.as_ref().unwrap_or_else(|e| panic!("{}: {e}", ctx()));
            assert_ne!(ins.rd, 0);
            assert_eq!(out.rd_write, Some((ins.rd, r as u32)), "{}", ctx());
        }
        ResultUse::BranchTaken => {
            assert!(r <= 1, "{}", ctx());
            let target = if r == 1 {
                pc.wrapping_add(ins.imm as u32)
            } else {
                pc + 4
            };
            match result {
                Ok(out) => assert_eq!(out.next_pc, target, "{}", ctx()),
                Err(e) => assert_eq!(
                    e.kind,
                    ExecErrorKind::MisalignedJump { target },
                    "{}",
                    ctx()
                ),
            }
        }
        ResultUse::JumpTarget => match result {
            Ok(out) => {
                assert_eq!(out.next_pc as u64, r, "{}", ctx());
                assert_eq!(out.rd_write, Some((ins.rd, pc + 4)));
            }
            Err(e) => assert_eq!(
                e.kind,
                ExecErrorKind::MisalignedJump { target: r as u32 },
                "{}",
                ctx()
            ),
        },
        ResultUse::MemoryAddress => match result {
            Ok(out) => {
                let address = match out.memory.unwrap() {
                    instructions::MemoryAccess::Load { address, value } => {
                        assert_eq!(out.rd_write, Some((ins.rd, value)));
                        address
                    }
                    instructions::MemoryAccess::Store { address, after, .. } => {
                        assert_eq!(after, query_rs2(out));
                        address
                    }
                };
                assert_eq!(address as u64, r, "{}", ctx());
            }
            Err(e) => match e.kind {
                ExecErrorKind::MisalignedLoad { address, width: 4 }
                | ExecErrorKind::MisalignedStore { address, width: 4 } => {
                    assert_eq!(address as u64, r, "{}", ctx())
                }
                _ => panic!("{}: {e}", ctx()),
            },
        },
        ResultUse::AssertTrue => {
            assert!(r <= 1, "{}", ctx());
            assert_eq!(result.is_ok(), r == 1, "{}", ctx());
        }
        ResultUse::Unused => assert_eq!((query.index, r), (0, 0)),
    }
}

fn query_rs2(out: &Outcome) -> u32 {
    out.rs2_value
}

/// Random immediate valid for `op`'s encoding (virtual ones: any word).
fn random_imm(op: Opcode, rng: &mut Rng) -> i32 {
    use instructions::Format;
    let sext = |v: u32, bits: u32| ((v << (32 - bits)) as i32) >> (32 - bits);
    let raw = rng.next_u32();
    match op {
        Opcode::Slli | Opcode::Srli | Opcode::Srai => (raw & 31) as i32,
        Opcode::Lw | Opcode::Sw | Opcode::Jalr if rng.below(2) == 0 => sext(raw & !3, 12),
        _ => match op.format() {
            Format::I | Format::S => sext(raw, 12),
            Format::U => (raw & 0xffff_f000) as i32,
            Format::J if rng.below(4) > 0 => sext(raw & !3, 21),
            Format::J => sext(raw & !1, 21),
            Format::B if op.is_virtual() => 0,
            Format::B if rng.below(4) > 0 => 8,
            Format::B => sext(raw & !1, 13),
            _ => 0,
        },
    }
}

const EDGE_IMMS: [i32; 10] = [0, 1, -1, 2047, -2048, 31, 4, -4, 8, 0x7fff_f000];

fn run_one(d: &mut Decomposer, op: Opcode, x: u32, y: u32, imm: i32, pc: u32) {
    let ins = Instruction::new(op, 3, 1, 2, imm);
    let mut m = SimpleMachine::new();
    m.registers[1] = x;
    m.registers[2] = y;
    let result = execute(&ins, pc, &mut m);
    let out = match &result {
        Ok(o) => *o,
        // Errors still have well-defined operands: recompute them.
        Err(_) => Outcome {
            pc,
            next_pc: 0,
            rs1_value: if op.reads_rs1() { x } else { 0 },
            rs2_value: if op.reads_rs2() { y } else { 0 },
            rd_write: None,
            memory: None,
            advice: None,
        },
    };
    let query = lookup_for_outcome(&ins, &out).expect("has a lookup");
    check_lookup(d, &ins, pc, &result, &query);
}

#[test]
fn every_single_lookup_instruction_matches_the_reference_semantics() {
    let mut d = Decomposer::new(C, LOG_M);
    let mut rng = Rng::new(21);
    let ops: Vec<Opcode> = ALL_OPCODES
        .iter()
        .copied()
        .filter(|&op| {
            lookup_spec(op).is_some()
                && !matches!(op, Opcode::VirtualAdviceDivu | Opcode::VirtualAdviceRemu)
        })
        .collect();
    // All RV32IM opcodes are covered by a lookup or a sequence.
    for op in ALL_OPCODES.iter().copied().filter(|op| !op.is_virtual()) {
        assert!(
            lookup_spec(op).is_some()
                || instructions::is_expanded(op)
                || matches!(op, Opcode::Ecall | Opcode::Ebreak),
            "{op}"
        );
    }
    for &op in &ops {
        let pc = 0x8000_0000;
        for &x in &EDGE {
            for &y in &EDGE {
                run_one(&mut d, op, x, y, random_imm(op, &mut rng), pc);
            }
            for imm in EDGE_IMMS {
                let imm = if matches!(op, Opcode::Slli | Opcode::Srli | Opcode::Srai) {
                    imm & 31
                } else {
                    imm
                };
                run_one(&mut d, op, x, 0, imm, pc);
            }
        }
        for s in 0..32 {
            run_one(&mut d, op, 0x8000_0001, s, s as i32, pc);
        }
        for _ in 0..100_000 {
            let (x, y) = (rng.operand(), rng.operand());
            let pc = rng.next_u32() & !3;
            run_one(&mut d, op, x, y, random_imm(op, &mut rng), pc);
        }
    }
}

/// Runs the expanded sequence of `ins`, checking every step's lookup.
fn run_sequence(d: &mut Decomposer, ins: &Instruction, m: &mut SimpleMachine, pc: u32) {
    let mut reference = m.clone();
    let native = execute(ins, pc, &mut reference);
    let steps = expand(ins, pc);
    for step in &steps {
        let result = execute_step(step, m);
        match &result {
            Ok(out) => {
                let query = lookup_for_outcome(&step.instruction, out).expect("steps are lookups");
                let mut r = result.clone();
                if let Ok(o) = &mut r {
                    if !step.is_last() {
                        // execute_step keeps the pc inside a sequence
                        assert_eq!(o.next_pc, pc);
                        o.next_pc = pc + 4;
                    }
                }
                if query.result_use == ResultUse::WriteRd && step.instruction.rd == 0 {
                    assert_eq!(out.rd_write, None);
                } else {
                    check_lookup(d, &step.instruction, pc, &r, &query);
                }
            }
            Err(e) => {
                assert_eq!(Err(e.clone()), native.clone().map(|_| ()), "{ins}");
                return;
            }
        }
    }
    assert!(native.is_ok(), "{ins}: native failed, sequence succeeded");
    assert_eq!(m.registers[..32], reference.registers[..32], "{ins}");
    assert_eq!(m.memory, reference.memory, "{ins}");
}

#[test]
fn every_virtual_sequence_step_is_a_correct_lookup() {
    use Opcode::*;
    let mut d = Decomposer::new(C, LOG_M);
    let mut rng = Rng::new(31);
    for op in [Mulh, Mulhsu, Div, Divu, Rem, Remu] {
        for rd in [3, 1, 0] {
            let ins = Instruction::new(op, rd, 1, 2, 0);
            for &x in &EDGE {
                for &y in &EDGE {
                    let mut m = SimpleMachine::new();
                    m.registers[1] = x;
                    m.registers[2] = y;
                    run_sequence(&mut d, &ins, &mut m, 0x100);
                }
            }
        }
        let ins = Instruction::new(op, 3, 1, 2, 0);
        for _ in 0..100_000 {
            let mut m = SimpleMachine::new();
            m.registers[1] = rng.operand();
            m.registers[2] = rng.operand();
            run_sequence(&mut d, &ins, &mut m, 0x100);
        }
    }
    for op in [Lb, Lbu, Lh, Lhu, Sb, Sh] {
        for _ in 0..100_000 {
            let ins = Instruction::new(op, 3, 1, 2, random_imm(op, &mut rng));
            let mut m = SimpleMachine::new();
            m.registers[1] = rng.next_u32();
            m.registers[2] = rng.operand();
            let address = m.registers[1].wrapping_add(ins.imm as u32) & !3;
            m.memory.insert(address, rng.operand());
            run_sequence(&mut d, &ins, &mut m, 0x100);
        }
    }
}

#[test]
fn interleaving_round_trips() {
    use instructions::lookup::{interleave, interleave_shift, interleave_with};
    use instructions::tables::deinterleave;
    assert_eq!(interleave(0x1122_3344, 0xaabb_ccdd), 0x11aa_22bb_33cc_44dd);
    assert_eq!(
        interleave_shift(0x1122_3344, 0xaabb_ccdd),
        0x11dd_22dd_33dd_44dd
    );
    let mut rng = Rng::new(5);
    for _ in 0..10_000 {
        let (x, y) = (rng.next_u32(), rng.next_u32());
        assert_eq!(deinterleave(interleave(x, y), C, LOG_M), (x, y));
        assert_eq!(deinterleave(interleave_with(x, y, 8, 8), 8, 8), (x, y));
    }
}
