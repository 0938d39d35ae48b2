//! The RV32IM constraints: what ties one cycle's fetch, operands, lookup,
//! registers, RAM and next pc together, written once.
//!
//! # Columns
//!
//! Per cycle, in [`col`] order: 21 static decode fields of the fetched
//! bytecode row ([`crate::memory::bytecode`]; the register numbers are
//! memory checking's business and not read here), the fetched row's index
//! and the 7 register and RAM values of memory checking, the lookup's 4
//! dimensions, 8 operand bytes, 21 table flags and result (Surge), and 7
//! columns of the R1CS's own ([`super::witness::AuxColumns`]). Every one but the last 7 is
//! committed by another component; Spartan opens them through the shared
//! accumulator.
//!
//! Notation: `z = sum_c 2^(16 (3 - c)) dim_c` (the lookup index),
//! `X = sum_c 2^(8 (3 - c)) x_c`, `Y = sum_c 2^(8 (3 - c)) y_c` (the operand
//! bytes of each chunk), `a` the lookup result, `xval = rs1 + X_CONST` (the
//! first operand: every row whose first operand is not `rs1` reads `x0`,
//! which is 0), `y` the second operand (an auxiliary column), `'` the next
//! cycle.
//!
//! # Soundness
//!
//! Each constraint's reason is in the book's R1CS page; the facts it relies
//! on from elsewhere: every decode field is the fetched row's (bytecode
//! memory checking), every register and RAM value is below `2^32` (the
//! memories start with words, and every write is a word: a lookup result,
//! `pc + 4`, a loaded word or `rs2`), every `dim_c < 2^16` and every
//! operand byte is the matching half of its chunk (Surge's memory
//! checking), the flags are one-hot (Surge), and `a` is the table's entry
//! (Surge). So all the identities below are identities of integers below
//! `2^66`, far from the field's characteristic: no equation wraps.

use lasso::field::Field;

use super::builder::{ConstraintBuilder, Lc, UniformR1cs};
use crate::memory::bytecode::{self as bc, NUM_BYTECODE_FIELDS};
use crate::memory::domain::MemoryDomain;
use crate::memory_layout::MemoryLayout;
use instructions::constants::C;
use instructions::ALL_TABLES;

/// Number of tables (one flag each).
pub const NUM_TABLES: usize = ALL_TABLES.len();

/// The bytecode fields the R1CS reads, in column order: all but the three
/// register numbers.
pub const DECODE_FIELDS: [usize; NUM_BYTECODE_FIELDS - 3] = [
    bc::PC,
    bc::POSITION,
    bc::TABLE,
    bc::X_CONST,
    bc::Y_CONST,
    bc::Y_IS_RS2,
    bc::TARGET,
    bc::IS_REAL,
    bc::NOT_LAST,
    bc::IS_INTERLEAVED,
    bc::IS_SHIFT,
    bc::IS_SUM,
    bc::IS_DIFF,
    bc::IS_PRODUCT,
    bc::WRITE_RESULT,
    bc::WRITE_LINK,
    bc::WRITE_LOAD,
    bc::IS_JUMP,
    bc::IS_LOAD,
    bc::IS_STORE,
    bc::IS_ASSERT,
];

/// Column positions.
pub mod col {
    use super::{C, DECODE_FIELDS, NUM_TABLES};
    use crate::memory::bytecode as bc;
    use crate::r1cs::witness::AuxColumns;

    /// The column of bytecode field `f` (not one of the register numbers).
    pub const fn field(f: usize) -> usize {
        assert!(f != bc::RD && f != bc::RS1 && f != bc::RS2);
        if f < bc::RD {
            f
        } else {
            f - 3
        }
    }
    pub const BYTECODE_INDEX: usize = DECODE_FIELDS.len();
    pub const RS1_VALUE: usize = BYTECODE_INDEX + 1;
    pub const RS2_VALUE: usize = RS1_VALUE + 1;
    pub const RD_READ: usize = RS2_VALUE + 1;
    pub const RD_WRITE: usize = RD_READ + 1;
    pub const RAM_ADDRESS: usize = RD_WRITE + 1;
    pub const RAM_READ: usize = RAM_ADDRESS + 1;
    pub const RAM_WRITE: usize = RAM_READ + 1;
    /// `dim_c` at `DIM + c`.
    pub const DIM: usize = RAM_WRITE + 1;
    pub const OPERAND_X: usize = DIM + C;
    pub const OPERAND_Y: usize = OPERAND_X + C;
    /// Table `t`'s flag at `FLAG + t`.
    pub const FLAG: usize = OPERAND_Y + C;
    pub const OUTPUT: usize = FLAG + NUM_TABLES;
    /// The R1CS's own columns ([`AuxColumns`]), after the others.
    pub const AUX: usize = OUTPUT + 1;
    const A: AuxColumns<usize> = AuxColumns::INDEX;
    pub const Y: usize = AUX + A.y;
    pub const PRODUCT: usize = AUX + A.product;
    pub const RAM_SEGMENT: usize = AUX + A.ram_segment;
    pub const RAM_OFFSET: usize = AUX + A.ram_offset;
    pub const HALT: usize = AUX + A.halt;
    pub const HALT_INV: usize = AUX + A.halt_inv;
    pub const NEXT_PC: usize = AUX + A.next_pc;
    pub const NUM_COLUMNS: usize = AUX + AuxColumns::<()>::COUNT;

    const _: () = assert!(field(bc::IS_ASSERT) + 1 == BYTECODE_INDEX);
}

/// The layout constants the constraints use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayoutConstants {
    pub io_start: u64,
    pub ram_end: u64,
    /// The termination word's cell address ([`MemoryDomain`]).
    pub termination_cell: u64,
}

impl LayoutConstants {
    pub fn new(layout: &MemoryLayout) -> Self {
        Self {
            io_start: layout.io_start() as u64,
            ram_end: layout.ram_end(),
            termination_cell: MemoryDomain::low_cell_address(layout, layout.termination()),
        }
    }
}

fn pow2<F: Field>(e: usize) -> F {
    F::from_u128(1u128 << e)
}

/// Writes the VM's constraints.
pub fn constraints<F: Field>(k: &LayoutConstants, b: &mut dyn ConstraintBuilder<F>) {
    let f = |b: &dyn ConstraintBuilder<F>, field: usize| b.cur(col::field(field));
    let cur = |b: &dyn ConstraintBuilder<F>, c: usize| b.cur(c);
    let one = Lc::<F>::one;
    let konst = |v: u64| Lc::<F>::from(v);
    let weighted = |b: &dyn ConstraintBuilder<F>, base: usize, bits: usize| {
        (0..C).fold(Lc::zero(), |acc, c| {
            acc + b.cur(base + c) * pow2::<F>(bits * (C - 1 - c))
        })
    };

    let z = weighted(b, col::DIM, 16);
    let x_bytes = weighted(b, col::OPERAND_X, 8);
    let y_bytes = weighted(b, col::OPERAND_Y, 8);
    let a = cur(b, col::OUTPUT);
    let pc = f(b, bc::PC);
    let xval = cur(b, col::RS1_VALUE) + f(b, bc::X_CONST);
    let y = cur(b, col::Y);
    let rs2 = cur(b, col::RS2_VALUE);
    let is_mem = f(b, bc::IS_LOAD) + f(b, bc::IS_STORE);

    // The lookup: table, operands, index.
    let table_of_flags = (0..NUM_TABLES).fold(Lc::zero(), |acc, t| {
        acc + b.cur(col::FLAG + t) * F::from_u64(t as u64)
    });
    b.assert_eq("flags select TABLE", table_of_flags, f(b, bc::TABLE));
    b.constrain(
        "y is rs2 or the constant",
        f(b, bc::Y_IS_RS2),
        rs2.clone(),
        y.clone() - f(b, bc::Y_CONST),
    );
    b.constrain(
        "product = x * y",
        xval.clone(),
        y.clone(),
        cur(b, col::PRODUCT),
    );
    b.assert_eq_if(
        "interleaved or shift: X = x",
        f(b, bc::IS_INTERLEAVED) + f(b, bc::IS_SHIFT),
        x_bytes,
        xval.clone(),
    );
    b.assert_eq_if(
        "interleaved: Y = y",
        f(b, bc::IS_INTERLEAVED),
        y_bytes.clone(),
        y.clone(),
    );
    b.assert_eq_if(
        "shift: every y byte is y",
        f(b, bc::IS_SHIFT),
        y_bytes,
        y.clone() * F::from_u64(0x0101_0101),
    );
    b.assert_eq_if(
        "sum: z = x + y",
        f(b, bc::IS_SUM),
        z.clone(),
        xval.clone() + y.clone(),
    );
    b.assert_eq_if(
        "difference: z = x + 2^32 - y",
        f(b, bc::IS_DIFF),
        z.clone(),
        xval + konst(1 << 32) - y,
    );
    b.assert_eq_if(
        "product: z = x * y",
        f(b, bc::IS_PRODUCT),
        z,
        cur(b, col::PRODUCT),
    );

    // The result: rd, assertions.
    let rd_read = cur(b, col::RD_READ);
    let rd_write = cur(b, col::RD_WRITE);
    b.assert_eq_if(
        "rd unchanged unless written",
        one() - f(b, bc::WRITE_RESULT) - f(b, bc::WRITE_LINK) - f(b, bc::WRITE_LOAD),
        rd_write.clone(),
        rd_read.clone(),
    );
    b.assert_eq_if(
        "rd = result",
        f(b, bc::WRITE_RESULT),
        rd_write.clone(),
        a.clone(),
    );
    // A jump's TARGET is its link, `pc + 4 mod 2^32` (computed in the
    // bytecode, so a jump in the last word of the address space links 0).
    b.assert_eq_if(
        "rd = pc + 4",
        f(b, bc::WRITE_LINK),
        rd_write.clone(),
        f(b, bc::TARGET),
    );
    b.assert_eq_if(
        "rd = loaded word",
        f(b, bc::WRITE_LOAD),
        rd_write,
        cur(b, col::RAM_READ),
    );
    b.assert_eq_if("assertion holds", f(b, bc::IS_ASSERT), a.clone(), one());

    // RAM: the cell of the address the lookup computed, the value.
    let ram_address = cur(b, col::RAM_ADDRESS);
    let ram_read = cur(b, col::RAM_READ);
    b.constrain(
        "RAM write = rs2 on stores, else the read",
        f(b, bc::IS_STORE),
        rs2 - ram_read.clone(),
        cur(b, col::RAM_WRITE) - ram_read,
    );
    b.assert_eq_if(
        "no RAM access: x0's cell",
        one() - is_mem.clone(),
        ram_address.clone(),
        Lc::zero(),
    );
    b.assert_bool("RAM segment is a bit", cur(b, col::RAM_SEGMENT));
    // Without an access nothing else mentions the segment (and, through
    // it, the offset): fix both at 0, as every committed value is fixed.
    b.constrain(
        "no RAM segment without an access",
        one() - is_mem.clone(),
        cur(b, col::RAM_SEGMENT),
        Lc::zero(),
    );
    // low: 4 cell = 2^34 + A - io_start; stack: 4 cell = 2^35 + ram_end - 4 - A.
    let stack_minus_low =
        konst((1 << 34) + k.ram_end - 4 + k.io_start) - a.clone() * F::from_u64(2);
    b.constrain(
        "RAM offset = segment * (stack - low)",
        cur(b, col::RAM_SEGMENT),
        stack_minus_low,
        cur(b, col::RAM_OFFSET),
    );
    b.assert_eq_if(
        "RAM cell of the address",
        is_mem,
        ram_address.clone() * F::from_u64(4),
        konst(1 << 34) + a.clone() - konst(k.io_start) + cur(b, col::RAM_OFFSET),
    );

    // Halting: a store to the termination word, and the last real cycle.
    let to_termination = ram_address - konst(k.termination_cell);
    b.constrain(
        "halt iff a store to the termination word",
        to_termination.clone(),
        cur(b, col::HALT_INV),
        f(b, bc::IS_STORE) - cur(b, col::HALT),
    );
    b.constrain(
        "halt only at the termination word",
        cur(b, col::HALT),
        to_termination,
        Lc::zero(),
    );
    // The two above leave halt_inv free where the cell is the termination
    // word's (the halt, a load of that word) and are silent about other
    // cycles; every committed value is fixed, so it is 0 except on stores
    // that do not halt.
    b.constrain(
        "halt_inv is 0 except on a store that does not halt",
        one() - f(b, bc::IS_STORE) + cur(b, col::HALT),
        cur(b, col::HALT_INV),
        Lc::zero(),
    );
    let next_real = b.next(col::field(bc::IS_REAL));
    b.constrain(
        "real cycles come first",
        next_real.clone(),
        one() - f(b, bc::IS_REAL),
        Lc::zero(),
    );
    b.constrain(
        "the last real cycle halts, and only it",
        f(b, bc::IS_REAL),
        one() - next_real,
        cur(b, col::HALT),
    );

    // Control flow.
    let next_pc = cur(b, col::NEXT_PC);
    b.constrain(
        "next pc: pc + 4, or the target if the branch is taken",
        a.clone(),
        f(b, bc::TARGET) - pc.clone() - konst(4),
        next_pc.clone() - pc - konst(4),
    );
    let last = f(b, bc::IS_REAL) - f(b, bc::NOT_LAST);
    b.assert_eq_if(
        "falls through or branches to next pc",
        last.clone() - f(b, bc::IS_JUMP) - cur(b, col::HALT),
        b.next(col::field(bc::PC)),
        next_pc,
    );
    b.assert_eq_if(
        "jumps to the result",
        f(b, bc::IS_JUMP),
        b.next(col::field(bc::PC)),
        a,
    );
    b.assert_eq_if(
        "a sequence runs on to its next step",
        f(b, bc::NOT_LAST),
        b.next(col::BYTECODE_INDEX),
        cur(b, col::BYTECODE_INDEX) + one(),
    );
    b.assert_eq_if(
        "an instruction starts at its first step",
        last,
        b.next(col::field(bc::POSITION)),
        Lc::zero(),
    );
}

/// The VM's constraint system for `layout`.
pub fn vm_r1cs<F: Field>(layout: &MemoryLayout) -> UniformR1cs<F> {
    let k = LayoutConstants::new(layout);
    UniformR1cs::build(col::NUM_COLUMNS, |b| constraints(&k, b))
}
