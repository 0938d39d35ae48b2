//! Fault injection through the real prover: one witness value of one
//! column, changed between witness generation and commitment, for every
//! class of column (register and RAM values, lookup operands and results,
//! flags, next pc, timestamps, bytecode fields, counts), at the first, a
//! middle and the last real cycle and on padding; the verifier rejects
//! every proof for the honest statement (or the prover refuses to prove).

use super::*;
use jolt_core::fault::WitnessColumn;
use jolt_core::r1cs::witness::VmWitness;
use lasso::field::Field;
use lasso::poly::MultilinearPolynomial;

fn honest_witness(f: &Fixture) -> VmWitness<Fr> {
    let s = f.pre.shared();
    let trace = f
        .pre
        .program()
        .trace(&INPUT, &jolt_core::TraceOptions::default())
        .unwrap();
    VmWitness::generate(&s.memory, &s.lookups, f.pre.program(), &INPUT, &trace).unwrap()
}

/// A different value of the same kind: a small integer with its lowest bit
/// flipped (keeps bits bits and bytes bytes), a field element plus one.
fn changed(v: Fr) -> Fr {
    match v.to_u64() {
        Some(x) => Fr::from_u64(x ^ 1),
        None => v + Fr::from_u64(1),
    }
}

fn injected_fault_is_rejected(f: &Fixture, c: WitnessColumn, row: usize) -> Result<(), String> {
    let proved = zkvm::prove_with_fault(&f.pre, &INPUT, |w| {
        let v = w.column(c).get(row);
        w.set(c, row, changed(v));
    });
    // Only the statement and the key can make proving fail, and this run's
    // are honest: a fault must give a proof, which must be rejected.
    let (_, _, proof) = proved.map_err(|e| format!("{} at row {row}: no proof: {e}", c.name()))?;
    match zkvm::verify(
        &f.pre.verifier().allow_insecure_development_key(),
        &Statement::new(&INPUT, &f.output, f.panicked),
        &proof,
    ) {
        Ok(()) => Err(format!("{} at row {row} accepted", c.name())),
        Err(_) => Ok(()),
    }
}

/// The faults: every class of column at the first, a middle and the last
/// real cycle (columns over cycles), or at the first, middle and last
/// entry (columns over the bytecode, the memory domain or a subtable), and
/// a few columns on the last padding cycle.
fn faults(f: &Fixture, w: &VmWitness<Fr>) -> Vec<(WitnessColumn, usize)> {
    use jolt_core::memory::bytecode as bc;
    use jolt_core::memory::columns::{SLOT_RAM, SLOT_RD, SLOT_RS2};
    use WitnessColumn::*;
    let pp = &f.pre.shared().lookups;
    let real = (0..1usize << w.log_rows())
        .take_while(|&i| {
            w.column(Memory(MEM.bytecode_fields[bc::IS_REAL])).get(i) == Fr::from_u64(1)
        })
        .count();
    let cycles = [0, real / 2, real - 1];
    let (operand_x, operand_y) = jolt_core::lookups::operand_memories(pp);
    let per_cycle = [
        // register values
        Memory(MEM.rs1_value),
        Memory(MEM.rs2_value),
        Memory(MEM.rd_write),
        // RAM
        Memory(MEM.ram_address),
        Memory(MEM.ram_read),
        Memory(MEM.ram_write),
        // timestamps
        Memory(MEM.read_ts[SLOT_RS2]),
        Memory(MEM.read_ts[SLOT_RAM]),
        Memory(MEM.range_low[SLOT_RD]),
        // the fetched bytecode row and its decode (flags among them)
        Memory(MEM.bytecode_index),
        Memory(MEM.bytecode_fields[bc::PC]),
        Memory(MEM.bytecode_fields[bc::TABLE]),
        Memory(MEM.bytecode_fields[bc::Y_CONST]),
        Memory(MEM.bytecode_fields[bc::TARGET]),
        Memory(MEM.bytecode_fields[bc::IS_REAL]),
        Memory(MEM.bytecode_fields[bc::WRITE_RESULT]),
        Memory(MEM.bytecode_fields[bc::IS_STORE]),
        // counts read per cycle
        Memory(MEM.bytecode_read_count),
        LookupReadCount(0),
        // lookup operands, index chunks and results
        LookupDim(0),
        LookupDim(w.lookups.dims.len() - 1),
        LookupValue(operand_x[0]),
        LookupValue(operand_y[operand_y.len() - 1]),
        LookupValue(0),
        LookupOutput,
        // the R1CS's own columns: operand, product, RAM segment and
        // offset, halt and its inverse, next pc
        Aux(0),
        Aux(1),
        Aux(2),
        Aux(3),
        Aux(4),
        Aux(5),
        Aux(6),
    ];
    let mut all: Vec<(WitnessColumn, usize)> = per_cycle
        .iter()
        .flat_map(|&c| cycles.map(|i| (c, i)))
        .collect();
    // The flag of the table each chosen cycle looks up (1 -> 0), and
    // another table's (0 -> 1).
    for i in cycles {
        let t = (0..w.lookups.flags.len())
            .find(|&t| w.column(LookupFlag(t)).get(i) == Fr::from_u64(1))
            .expect("every cycle looks up one table");
        all.push((LookupFlag(t), i));
        all.push((LookupFlag((t + 1) % w.lookups.flags.len()), i));
    }
    let finals = [
        Memory(MEM.bytecode_final_count),
        Memory(MEM.final_value),
        Memory(MEM.final_ts),
        Memory(MEM.range_final_count),
        LookupFinalCount(0),
    ];
    for c in finals {
        let len = w.column(c).len();
        all.extend([0, len / 2, len - 1].map(|i| (c, i)));
    }
    // Padding: the last cycle, for what would let a run continue or end
    // elsewhere.
    let last = (1 << w.log_rows()) - 1;
    assert!(last >= real, "the fixture has padding");
    all.extend(
        [
            Memory(MEM.bytecode_fields[bc::IS_REAL]),
            Memory(MEM.rd_write),
            LookupOutput,
            Aux(4),
            Aux(6),
        ]
        .map(|c| (c, last)),
    );
    all
}

#[test]
fn a_segment_and_offset_changed_together_are_rejected() {
    // The two R1CS columns that are only free together: on a cycle
    // without RAM access, the stack segment with its matching offset.
    use jolt_core::memory::bytecode as bc;
    use WitnessColumn::{Aux, Memory};
    let f = fixture();
    let layout = jolt_core::MemoryLayout::default();
    let proved = zkvm::prove_with_fault(&f.pre, &INPUT, |w| {
        let is = |c, i| w.column(Memory(MEM.bytecode_fields[c])).get(i) == Fr::from_u64(1);
        let i = (0..64)
            .find(|&i| !is(bc::IS_LOAD, i) && !is(bc::IS_STORE, i))
            .unwrap();
        let a = w.lookups.outputs.get(i);
        let offset = Fr::from_u64((1 << 34) + layout.ram_end() - 4 + layout.io_start() as u64)
            - Fr::from_u64(2) * a;
        w.set(Aux(2), i, Fr::from_u64(1));
        w.set(Aux(3), i, offset);
    });
    let (_, _, proof) = proved.unwrap();
    assert!(zkvm::verify(
        &f.pre.verifier().allow_insecure_development_key(),
        &Statement::new(&INPUT, &f.output, f.panicked),
        &proof
    )
    .is_err());
}

#[test]
fn every_injected_fault_is_rejected() {
    let f = fixture();
    let w = honest_witness(f);
    let faults = faults(f, &w);
    let accepted: Vec<String> = faults
        .iter()
        .filter_map(|&(c, row)| injected_fault_is_rejected(f, c, row).err())
        .collect();
    assert!(
        accepted.is_empty(),
        "{} of {} faults accepted: {accepted:#?}",
        accepted.len(),
        faults.len()
    );
}
