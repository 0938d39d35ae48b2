//! The committed columns of the VM's memories and the tuples they form,
//! written once for prover and verifier.
//!
//! [`MemoryColumns<P>`] and [`KnownColumns<P>`] are generic over what
//! stands for a polynomial: the prover builds them from polynomials, the
//! verifier from their evaluations, and both call [`tuples`], so the
//! multisets checked are by construction the ones proven.

use lasso::field::Field;
use lasso::memory_checking::{range_check, Column, MemoryTuples, ReadOnlyAccess, ReadWriteAccess};

use super::bytecode::{NUM_BYTECODE_FIELDS, RD, RS1, RS2};

/// Access slots of the registers-and-RAM memory per cycle, in time order.
pub const SLOTS: usize = 4;
pub const SLOT_RS1: usize = 0;
pub const SLOT_RS2: usize = 1;
pub const SLOT_RD: usize = 2;
pub const SLOT_RAM: usize = 3;

/// The write timestamp of slot `s` at cycle `i`: `4 i + s + 1` (0 is the
/// initial memory's).
pub fn write_ts(slot: usize, cycle: usize) -> u32 {
    (SLOTS * cycle + slot + 1) as u32
}

column_set! {
    /// Every committed polynomial of the memory checks. Per cycle (`2^n`
    /// rows) unless said otherwise. Positions: [`MemoryColumns::INDEX`].
    pub struct MemoryColumns<P> {
        /// The bytecode row each cycle fetches (0 on padding cycles).
        bytecode_index,
        /// That row's fields ([`super::bytecode`]).
        bytecode_fields: [NUM_BYTECODE_FIELDS],
        bytecode_read_count,
        rs1_value,
        rs2_value,
        /// `rd`'s value before and after the cycle.
        rd_read,
        rd_write,
        /// The RAM slot's cell address ([`super::domain`]); register `x0`'s
        /// cell (address 0) when the cycle makes no RAM access.
        ram_address,
        ram_read,
        ram_write,
        /// The timestamp each slot's read returns.
        read_ts: [SLOTS],
        /// Low limbs of the timestamp gaps `4 i + s - read_ts`, per slot.
        range_low: [SLOTS],
        /// Read counts of the range check's limb lookups (low and high limb
        /// of slot 0, then slot 1, ..).
        range_read_counts: [2 * SLOTS],
        /// Over the bytecode rows.
        bytecode_final_count,
        /// Over the registers-and-RAM domain.
        final_value,
        final_ts,
        /// Over the range check's limb table (`2^h` cells,
        /// `h = ceil((n + 2) / 2)`).
        range_final_count,
    }
}

/// Number of committed polynomials.
pub const NUM_COLUMNS: usize = MemoryColumns::<()>::COUNT;

/// Columns the verifier computes itself, over the domains: the bytecode
/// table's fields, the registers-and-RAM cells' addresses and initial
/// values.
#[derive(Clone, Debug)]
pub struct KnownColumns<P> {
    pub bytecode_fields: [P; NUM_BYTECODE_FIELDS],
    pub cell_address: P,
    pub init_value: P,
}

/// The three memories, in order: bytecode (read-only), registers and RAM
/// (read-write), the timestamp range check (read-only, limbs of
/// `range_limb_bits`).
pub fn tuples<P: Copy, F: Field>(
    c: &MemoryColumns<P>,
    known: &KnownColumns<P>,
    range_limb_bits: usize,
) -> Vec<MemoryTuples<P, F>> {
    let bytecode = MemoryTuples::read_only(
        vec![ReadOnlyAccess {
            count: c.bytecode_read_count,
            address: Column::poly(c.bytecode_index),
            values: c.bytecode_fields.iter().map(|p| Column::poly(*p)).collect(),
        }],
        Column::index(F::one(), F::zero()),
        known
            .bytecode_fields
            .iter()
            .map(|p| Column::poly(*p))
            .collect(),
        c.bytecode_final_count,
    );

    let ts = |s: usize| Column::index(F::from_u64(SLOTS as u64), F::from_u64(s as u64 + 1));
    // Registers are cells 0..64 at addresses 0..64: the address is the
    // register number the bytecode row names.
    let register = |field: usize, read: P, write: P, s: usize| ReadWriteAccess {
        address: Column::poly(c.bytecode_fields[field]),
        read_value: Column::poly(read),
        read_ts: c.read_ts[s],
        write_value: Column::poly(write),
        write_ts: ts(s),
    };
    let accesses = vec![
        register(RS1, c.rs1_value, c.rs1_value, SLOT_RS1),
        register(RS2, c.rs2_value, c.rs2_value, SLOT_RS2),
        register(RD, c.rd_read, c.rd_write, SLOT_RD),
        ReadWriteAccess {
            address: Column::poly(c.ram_address),
            read_value: Column::poly(c.ram_read),
            read_ts: c.read_ts[SLOT_RAM],
            write_value: Column::poly(c.ram_write),
            write_ts: ts(SLOT_RAM),
        },
    ];
    let registers_and_ram = MemoryTuples::read_write(
        accesses,
        Column::poly(known.cell_address),
        Column::poly(known.init_value),
        c.final_value,
        c.final_ts,
    );

    // read_ts < write_ts, as write_ts - 1 - read_ts = 4 i + s - read_ts in
    // [0, 2^(2h)) with 2^(2h) >= 4 * 2^n.
    let gaps = (0..SLOTS)
        .map(|s| {
            Column::index(F::from_u64(SLOTS as u64), F::from_u64(s as u64)).minus_poly(c.read_ts[s])
        })
        .collect();
    let range = range_check::tuples(
        gaps,
        c.range_low.to_vec(),
        range_limb_bits,
        c.range_read_counts.to_vec(),
        c.range_final_count,
    );
    vec![bytecode, registers_and_ram, range]
}
