//! Each instruction's lookup: which table, which combination of operands
//! forms the index, and how the result is used.
//!
//! [`lookup_spec`] is the static description per opcode (what the R1CS
//! encodes); [`lookup_query`] evaluates it on concrete operand values (what
//! the witness generator records per cycle). Instructions that expand into
//! virtual sequences (SLL, SRL, SRA, MULH, MULHSU, DIV, DIVU, REM, REMU, LB, LBU, LH, LHU,
//! SB, SH) and the unsupported ECALL/EBREAK have no lookup of their own:
//! each step of their sequence has one.

use crate::constants::{C, LOG_M};
use crate::instruction::{Instruction, Opcode};
use crate::tables::TableId;

/// A value an index is formed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operand {
    /// The value read from `rs1`.
    Rs1,
    /// The value read from `rs2`.
    Rs2,
    /// The immediate as a 32-bit two's-complement word (`imm mod 2^32`).
    Imm,
    /// The instruction's address.
    Pc,
    /// The advice value of a virtual advice instruction (prover-chosen).
    Advice,
    /// The constant 0.
    Zero,
}

/// How the lookup index is formed from two operands `x`, `y` (each below
/// `2^32`). `h = LOG_M / 2`, `x_i` = the `i`-th `h`-bit piece of `x`, most
/// significant first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IndexKind {
    /// Chunk `i` is `x_i * 2^h + y_i`: [`interleave`].
    Interleaved(Operand, Operand),
    /// Chunk `i` is `x_i * 2^h + (y mod 2^h)`: [`interleave_shift`].
    Shift(Operand, Operand),
    /// `z = x + y` (below `2^33`).
    Sum(Operand, Operand),
    /// `z = x + 2^32 - y` (below `2^33`; its low 32 bits are `x - y`).
    Difference(Operand, Operand),
    /// `z = x * y` (below `2^64`, unsigned product).
    Product(Operand, Operand),
    /// `z = x`.
    Single(Operand),
}

/// What the lookup result is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResultUse {
    /// Written to `rd` (discarded when `rd = x0`).
    WriteRd,
    /// The branch is taken iff the result is 1: next pc is `pc + imm`, else
    /// `pc + 4`.
    BranchTaken,
    /// The next pc (JAL, JALR); `rd := pc + 4` separately.
    JumpTarget,
    /// The memory address of LW/SW (the RAM access is at this address; LW
    /// writes the loaded word to `rd`, SW stores `rs2`).
    MemoryAddress,
    /// Must equal 1 (virtual assertions); nothing is written.
    AssertTrue,
    /// Not used (FENCE): the index is 0 and so is the result.
    Unused,
}

/// The lookup of one opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LookupSpec {
    pub table: TableId,
    pub index: IndexKind,
    pub result: ResultUse,
}

/// The lookup of `opcode`, or `None` for opcodes that are expanded into
/// virtual sequences or not supported (ECALL, EBREAK).
pub fn lookup_spec(opcode: Opcode) -> Option<LookupSpec> {
    use IndexKind as K;
    use Opcode::*;
    use Operand::*;
    use ResultUse as U;
    use TableId as T;
    let s = |table, index, result| {
        Some(LookupSpec {
            table,
            index,
            result,
        })
    };
    match opcode {
        Lui => s(T::Truncate, K::Single(Imm), U::WriteRd),
        Auipc => s(T::Truncate, K::Sum(Pc, Imm), U::WriteRd),
        Jal => s(T::Truncate, K::Sum(Pc, Imm), U::JumpTarget),
        Jalr => s(T::JalrTarget, K::Sum(Rs1, Imm), U::JumpTarget),
        Beq => s(T::Eq, K::Interleaved(Rs1, Rs2), U::BranchTaken),
        Bne => s(T::Ne, K::Interleaved(Rs1, Rs2), U::BranchTaken),
        Blt => s(T::Lt, K::Interleaved(Rs1, Rs2), U::BranchTaken),
        Bge => s(T::Ge, K::Interleaved(Rs1, Rs2), U::BranchTaken),
        Bltu => s(T::Ltu, K::Interleaved(Rs1, Rs2), U::BranchTaken),
        Bgeu => s(T::Geu, K::Interleaved(Rs1, Rs2), U::BranchTaken),
        Lw | Sw => s(T::Truncate, K::Sum(Rs1, Imm), U::MemoryAddress),
        Addi => s(T::Truncate, K::Sum(Rs1, Imm), U::WriteRd),
        Slti => s(T::Lt, K::Interleaved(Rs1, Imm), U::WriteRd),
        Sltiu => s(T::Ltu, K::Interleaved(Rs1, Imm), U::WriteRd),
        Xori => s(T::Xor, K::Interleaved(Rs1, Imm), U::WriteRd),
        Ori => s(T::Or, K::Interleaved(Rs1, Imm), U::WriteRd),
        Andi => s(T::And, K::Interleaved(Rs1, Imm), U::WriteRd),
        Slli => s(T::Sll, K::Shift(Rs1, Imm), U::WriteRd),
        Srli => s(T::Srl, K::Shift(Rs1, Imm), U::WriteRd),
        Srai => s(T::Sra, K::Shift(Rs1, Imm), U::WriteRd),
        Add => s(T::Truncate, K::Sum(Rs1, Rs2), U::WriteRd),
        Sub => s(T::Truncate, K::Difference(Rs1, Rs2), U::WriteRd),
        Slt => s(T::Lt, K::Interleaved(Rs1, Rs2), U::WriteRd),
        Sltu => s(T::Ltu, K::Interleaved(Rs1, Rs2), U::WriteRd),
        Xor => s(T::Xor, K::Interleaved(Rs1, Rs2), U::WriteRd),
        Or => s(T::Or, K::Interleaved(Rs1, Rs2), U::WriteRd),
        And => s(T::And, K::Interleaved(Rs1, Rs2), U::WriteRd),
        Fence => s(T::Truncate, K::Single(Zero), U::Unused),
        Mul => s(T::Truncate, K::Product(Rs1, Rs2), U::WriteRd),
        Mulhu => s(T::High, K::Product(Rs1, Rs2), U::WriteRd),
        VirtualAdviceDivu | VirtualAdviceRemu => s(T::Truncate, K::Single(Advice), U::WriteRd),
        VirtualMovsign => s(T::Movsign, K::Single(Rs1), U::WriteRd),
        VirtualQuotientSign => s(T::QuotientSign, K::Interleaved(Rs1, Rs2), U::WriteRd),
        VirtualAssertEq => s(T::Eq, K::Interleaved(Rs1, Rs2), U::AssertTrue),
        VirtualAssertLteu => s(T::Lteu, K::Interleaved(Rs1, Rs2), U::AssertTrue),
        VirtualAssertValidUnsignedRemainder => s(
            T::ValidUnsignedRemainder,
            K::Interleaved(Rs1, Rs2),
            U::AssertTrue,
        ),
        VirtualAssertValidDiv0 => s(T::ValidDiv0, K::Interleaved(Rs1, Rs2), U::AssertTrue),
        VirtualAssertHalfwordAligned => s(T::IsEven, K::Single(Rs1), U::AssertTrue),
        VirtualSll => s(T::Sll, K::Shift(Rs1, Rs2), U::WriteRd),
        VirtualSrl => s(T::Srl, K::Shift(Rs1, Rs2), U::WriteRd),
        VirtualSra => s(T::Sra, K::Shift(Rs1, Rs2), U::WriteRd),
        Sll | Srl | Sra | Mulh | Mulhsu | Div | Divu | Rem | Remu | Lb | Lbu | Lh | Lhu | Sb
        | Sh | Ecall | Ebreak => None,
    }
}

/// The interleaved index of `x`, `y` with `c` chunks of `log_m` bits: chunk
/// `i` holds `x_i << h | y_i`.
pub fn interleave_with(x: u32, y: u32, c: usize, log_m: usize) -> u64 {
    let h = log_m / 2;
    let mask = (1u64 << h) - 1;
    (0..c).fold(0u64, |acc, i| {
        let shift = h * (c - 1 - i);
        let chunk = (((x as u64 >> shift) & mask) << h) | ((y as u64 >> shift) & mask);
        (acc << log_m) | chunk
    })
}

/// The shift index of `x`, `y`: chunk `i` holds `x_i << h | (y mod 2^h)`.
pub fn interleave_shift_with(x: u32, y: u32, c: usize, log_m: usize) -> u64 {
    let h = log_m / 2;
    let mask = (1u64 << h) - 1;
    (0..c).fold(0u64, |acc, i| {
        let shift = h * (c - 1 - i);
        let chunk = (((x as u64 >> shift) & mask) << h) | (y as u64 & mask);
        (acc << log_m) | chunk
    })
}

/// [`interleave_with`] at the default parameters.
pub fn interleave(x: u32, y: u32) -> u64 {
    interleave_with(x, y, C, LOG_M)
}

/// [`interleave_shift_with`] at the default parameters.
pub fn interleave_shift(x: u32, y: u32) -> u64 {
    interleave_shift_with(x, y, C, LOG_M)
}

/// The operand values an index is formed from, for one execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperandValues {
    pub pc: u32,
    pub rs1: u32,
    pub rs2: u32,
    pub imm: u32,
    pub advice: u32,
}

impl OperandValues {
    pub fn get(&self, operand: Operand) -> u32 {
        match operand {
            Operand::Rs1 => self.rs1,
            Operand::Rs2 => self.rs2,
            Operand::Imm => self.imm,
            Operand::Pc => self.pc,
            Operand::Advice => self.advice,
            Operand::Zero => 0,
        }
    }
}

impl IndexKind {
    /// The two operands (`y` is [`Operand::Zero`] for [`IndexKind::Single`]).
    pub fn operands(&self) -> (Operand, Operand) {
        match *self {
            IndexKind::Interleaved(x, y)
            | IndexKind::Shift(x, y)
            | IndexKind::Sum(x, y)
            | IndexKind::Difference(x, y)
            | IndexKind::Product(x, y) => (x, y),
            IndexKind::Single(x) => (x, Operand::Zero),
        }
    }

    /// The index for operand values `x`, `y` with `c` chunks of `log_m` bits.
    pub fn index_with(&self, x: u32, y: u32, c: usize, log_m: usize) -> u64 {
        match self {
            IndexKind::Interleaved(..) => interleave_with(x, y, c, log_m),
            IndexKind::Shift(..) => interleave_shift_with(x, y, c, log_m),
            IndexKind::Sum(..) => x as u64 + y as u64,
            IndexKind::Difference(..) => x as u64 + (1u64 << 32) - y as u64,
            IndexKind::Product(..) => x as u64 * y as u64,
            IndexKind::Single(..) => x as u64,
        }
    }

    /// The index at the default parameters.
    pub fn index(&self, x: u32, y: u32) -> u64 {
        self.index_with(x, y, C, LOG_M)
    }
}

/// One lookup: the table, the operand values, the index and the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LookupQuery {
    pub table: TableId,
    pub index_kind: IndexKind,
    pub result_use: ResultUse,
    /// The first operand's value.
    pub x: u32,
    /// The second operand's value (0 for single-operand indices).
    pub y: u32,
    /// The lookup index (`C` chunks of `LOG_M` bits).
    pub index: u64,
    /// The table entry at `index`.
    pub result: u64,
}

/// The lookup of `instr` executed at `pc` with the given register values and
/// advice (0 when there is none), at the default parameters. `None` for
/// opcodes without a lookup (see [`lookup_spec`]).
pub fn lookup_query(
    instr: &Instruction,
    pc: u32,
    rs1_value: u32,
    rs2_value: u32,
    advice: Option<u32>,
) -> Option<LookupQuery> {
    let spec = lookup_spec(instr.opcode)?;
    let values = OperandValues {
        pc,
        rs1: rs1_value,
        rs2: rs2_value,
        imm: instr.imm_u32(),
        advice: advice.unwrap_or(0),
    };
    let (ox, oy) = spec.index.operands();
    let (x, y) = (values.get(ox), values.get(oy));
    let index = spec.index.index(x, y);
    let result = spec.table.table().entry(index, LOG_M);
    Some(LookupQuery {
        table: spec.table,
        index_kind: spec.index,
        result_use: spec.result,
        x,
        y,
        index,
        result,
    })
}

/// [`lookup_query`] from an execution [`crate::Outcome`].
pub fn lookup_for_outcome(instr: &Instruction, outcome: &crate::Outcome) -> Option<LookupQuery> {
    lookup_query(
        instr,
        outcome.pc,
        outcome.rs1_value,
        outcome.rs2_value,
        outcome.advice,
    )
}
