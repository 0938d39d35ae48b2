//! A regression test, on whole proofs, for each class of bug that has
//! broken real zkVMs (DESIGN.md): the forged run is made by the real prover
//! from a corrupted witness (the values such a bug would leave free,
//! changed together), or the statement is changed, and the verifier
//! rejects. The R1CS's own versions of these, one constraint
//! at a time, are in `tests/r1cs.rs` (`bug_classes_of_other_zkvms_are_caught`).

use super::*;
use jolt_core::fault::WitnessColumn::{self, Aux, LookupOutput, Memory};
use jolt_core::memory::bytecode as bc;
use jolt_core::memory::columns::{write_ts, SLOT_RS1};
use jolt_core::r1cs::witness::VmWitness;
use lasso::field::Field;
use lasso::poly::MultilinearPolynomial;

const NEXT_PC: WitnessColumn = Aux(6);
const HALT: WitnessColumn = Aux(4);

fn field(f: usize) -> WitnessColumn {
    Memory(MEM.bytecode_fields[f])
}

fn value(w: &VmWitness<Fr>, c: WitnessColumn, i: usize) -> u64 {
    w.column(c).get(i).to_u64().expect("a small value")
}

/// The cycle of the first real row for which `pick` holds.
fn cycle_where(w: &VmWitness<Fr>, pick: impl Fn(&VmWitness<Fr>, usize) -> bool) -> usize {
    (0..1usize << w.log_rows())
        .take_while(|&i| value(w, field(bc::IS_REAL), i) == 1)
        .find(|&i| pick(w, i))
        .expect("the mixed program has such a cycle")
}

/// Proves with `forge` applied to the witness and checks the proof is
/// rejected for the honest statement.
fn forged_run_is_rejected(what: &str, forge: impl Fn(&mut VmWitness<Fr>)) {
    let f = fixture();
    // The statement and key are honest, so the forgery must give a proof.
    let (_, _, proof) = zkvm::prove_with_fault(&f.pre, &INPUT, forge)
        .unwrap_or_else(|e| panic!("{what}: no proof: {e}"));
    assert!(
        zkvm::verify(
            &f.pre.verifier().allow_insecure_development_key(),
            &Statement::new(&INPUT, &f.output, f.panicked),
            &proof
        )
        .is_err(),
        "{what}: accepted"
    );
}

#[test]
fn a_branch_taken_the_other_way_is_rejected() {
    // A taken branch (next pc is not pc + 4, the row is not a jump) whose
    // comparison result and next pc say "not taken".
    forged_run_is_rejected("branch taken the other way", |w| {
        let i = cycle_where(w, |w, i| {
            value(w, field(bc::IS_JUMP), i) == 0
                && value(w, field(bc::NOT_LAST), i) == 0
                && value(w, NEXT_PC, i) != value(w, field(bc::PC), i) + 4
        });
        let pc = value(w, field(bc::PC), i);
        w.set(LookupOutput, i, Fr::from_u64(0));
        w.set(NEXT_PC, i, Fr::from_u64(pc + 4));
    });
}

#[test]
fn a_write_to_x0_is_rejected() {
    forged_run_is_rejected("x0 written", |w| {
        let i = cycle_where(w, |w, i| value(w, field(bc::RD), i) == 0);
        w.set(Memory(MEM.rd_write), i, Fr::from_u64(5));
    });
}

#[test]
fn a_run_that_stops_early_is_rejected() {
    // A halt claimed at a store to another word in the middle of the run,
    // with its inverse set as on the real halt: only "halt only at the
    // termination word" (and the halt not being the last real cycle) can
    // refuse it.
    forged_run_is_rejected("early halt", |w| {
        let i = cycle_where(w, |w, i| {
            i > 8 && value(w, field(bc::IS_STORE), i) == 1 && value(w, HALT, i) == 0
        });
        w.set(HALT, i, Fr::from_u64(1));
        w.set(Aux(5), i, Fr::from_u64(0));
    });
}

#[test]
fn a_result_wrapped_past_2_pow_32_is_rejected() {
    // A register written with result + 2^32: the same value modulo 2^32,
    // another one in the field.
    forged_run_is_rejected("wrapped result", |w| {
        let i = cycle_where(w, |w, i| value(w, field(bc::WRITE_RESULT), i) == 1);
        let v = value(w, Memory(MEM.rd_write), i);
        w.set(Memory(MEM.rd_write), i, Fr::from_u64(v + (1 << 32)));
    });
}

#[test]
fn a_read_from_the_future_is_rejected() {
    // rs1's read timestamp past the cycle's own: the range check on
    // timestamp gaps must refuse it.
    forged_run_is_rejected("read from the future", |w| {
        let i = 4;
        let future = write_ts(SLOT_RS1, i + 2) as u64;
        w.set(Memory(MEM.read_ts[SLOT_RS1]), i, Fr::from_u64(future));
    });
}

#[test]
fn statement_fields_the_prover_might_choose_are_bound() {
    let f = fixture();
    // Another memory layout for the same program.
    let layout = MemoryLayout::with_stack(1 << 20, 1 << 12, 1024, 1024).unwrap();
    assert_ne!(layout, MemoryLayout::default());
    let program = Program::from_elf(&program(&mixed_program_words()), &layout).unwrap();
    let other = Pre::new(
        program,
        MAX_LOG_CYCLES,
        f.pre.pk().clone(),
        dev(b"zkvm tests"),
    )
    .unwrap();
    assert!(rejects_fixture(&other));
    // A verifier whose maximum trace length is below the proof's.
    let short = Pre::new(
        f.pre.program().clone(),
        4,
        f.pre.pk().clone(),
        dev(b"zkvm tests"),
    )
    .unwrap();
    assert!(f.proof.memory.log_rows > 4);
    assert!(rejects_fixture(&short));
    // I/O larger than the layout allows: an error, not a panic.
    let v = f.pre.verifier().allow_insecure_development_key();
    let huge = vec![0u8; MemoryLayout::default().max_input() as usize + 4];
    assert!(zkvm::verify(&v, &Statement::new(&huge, &f.output, f.panicked), &f.proof).is_err());
    let huge = vec![0u8; MemoryLayout::default().max_output() as usize + 4];
    assert!(zkvm::verify(&v, &Statement::new(&INPUT, &huge, f.panicked), &f.proof).is_err());
}
