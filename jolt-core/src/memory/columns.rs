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

/// Every committed polynomial of the memory checks. Per cycle (`2^n` rows)
/// unless said otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct MemoryColumns<P> {
    /// The bytecode row each cycle fetches (0 on padding cycles).
    pub bytecode_index: P,
    /// That row's fields ([`super::bytecode`]).
    pub bytecode_fields: [P; NUM_BYTECODE_FIELDS],
    pub bytecode_read_count: P,
    pub rs1_value: P,
    pub rs2_value: P,
    /// `rd`'s value before and after the cycle.
    pub rd_read: P,
    pub rd_write: P,
    /// The RAM slot's cell address ([`super::domain`]); register `x0`'s
    /// cell (address 0) when the cycle makes no RAM access.
    pub ram_address: P,
    pub ram_read: P,
    pub ram_write: P,
    /// The timestamp each slot's read returns.
    pub read_ts: [P; SLOTS],
    /// Low limbs of the timestamp gaps `4 i + s - read_ts`, per slot.
    pub range_low: [P; SLOTS],
    /// Read counts of the range check's limb lookups (low and high limb
    /// of slot 0, then slot 1, ..).
    pub range_read_counts: [P; 2 * SLOTS],
    /// Over the bytecode rows.
    pub bytecode_final_count: P,
    /// Over the registers-and-RAM domain.
    pub final_value: P,
    pub final_ts: P,
    /// Over the range check's limb table (`2^h` cells,
    /// `h = ceil((n + 2) / 2)`).
    pub range_final_count: P,
}

/// Number of committed polynomials.
pub const NUM_COLUMNS: usize = 1 + NUM_BYTECODE_FIELDS + 8 + 4 * SLOTS + 4;

/// Each column's position in [`MemoryColumns::to_vec`] (what
/// [`super::MemoryWitness::set`] and the tests address).
pub mod index {
    use super::{NUM_BYTECODE_FIELDS, SLOTS};
    pub const BYTECODE_INDEX: usize = 0;
    /// The first bytecode field; field `f` is at `BYTECODE_FIELD + f`.
    pub const BYTECODE_FIELD: usize = 1;
    pub const BYTECODE_READ_COUNT: usize = BYTECODE_FIELD + NUM_BYTECODE_FIELDS;
    pub const RS1_VALUE: usize = BYTECODE_READ_COUNT + 1;
    pub const RS2_VALUE: usize = RS1_VALUE + 1;
    pub const RD_READ: usize = RS2_VALUE + 1;
    pub const RD_WRITE: usize = RD_READ + 1;
    pub const RAM_ADDRESS: usize = RD_WRITE + 1;
    pub const RAM_READ: usize = RAM_ADDRESS + 1;
    pub const RAM_WRITE: usize = RAM_READ + 1;
    /// Slot `s`'s read timestamp is at `READ_TS + s`.
    pub const READ_TS: usize = RAM_WRITE + 1;
    pub const RANGE_LOW: usize = READ_TS + SLOTS;
    pub const RANGE_READ_COUNTS: usize = RANGE_LOW + SLOTS;
    pub const BYTECODE_FINAL_COUNT: usize = RANGE_READ_COUNTS + 2 * SLOTS;
    pub const FINAL_VALUE: usize = BYTECODE_FINAL_COUNT + 1;
    pub const FINAL_TS: usize = FINAL_VALUE + 1;
    pub const RANGE_FINAL_COUNT: usize = FINAL_TS + 1;
    const _: () = assert!(RANGE_FINAL_COUNT + 1 == super::NUM_COLUMNS);
}

impl<P> MemoryColumns<P> {
    /// Every column, in the fixed order of commitments and evaluations.
    pub fn to_vec(&self) -> Vec<&P> {
        let mut v = vec![&self.bytecode_index];
        v.extend(&self.bytecode_fields);
        v.extend([
            &self.bytecode_read_count,
            &self.rs1_value,
            &self.rs2_value,
            &self.rd_read,
            &self.rd_write,
            &self.ram_address,
            &self.ram_read,
            &self.ram_write,
        ]);
        v.extend(&self.read_ts);
        v.extend(&self.range_low);
        v.extend(&self.range_read_counts);
        v.extend([
            &self.bytecode_final_count,
            &self.final_value,
            &self.final_ts,
            &self.range_final_count,
        ]);
        v
    }

    /// The inverse of [`Self::to_vec`]; `None` if `items` has the wrong
    /// length.
    pub fn from_vec(items: Vec<P>) -> Option<Self> {
        if items.len() != NUM_COLUMNS {
            return None;
        }
        let mut it = items.into_iter();
        let mut next = || it.next().expect("length checked");
        Some(Self {
            bytecode_index: next(),
            bytecode_fields: std::array::from_fn(|_| next()),
            bytecode_read_count: next(),
            rs1_value: next(),
            rs2_value: next(),
            rd_read: next(),
            rd_write: next(),
            ram_address: next(),
            ram_read: next(),
            ram_write: next(),
            read_ts: std::array::from_fn(|_| next()),
            range_low: std::array::from_fn(|_| next()),
            range_read_counts: std::array::from_fn(|_| next()),
            bytecode_final_count: next(),
            final_value: next(),
            final_ts: next(),
            range_final_count: next(),
        })
    }

    pub fn map<'a, Q>(&'a self, f: impl Fn(&'a P) -> Q) -> MemoryColumns<Q> {
        let items: Vec<Q> = self.to_vec().into_iter().map(f).collect();
        MemoryColumns::from_vec(items).expect("same length")
    }
}

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
