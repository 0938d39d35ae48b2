//! The bytecode table: what instruction fetch reads, decoded once.
//!
//! Row 0 is the no-op that padding cycles (after the halt) fetch; row
//! `j + 1` is row `j` of [`Program::bytecode`] (real instructions and the
//! steps of their virtual sequences). Each row holds
//! [`NUM_BYTECODE_FIELDS`] small integers: the registers memory checking
//! addresses, and the static decode the R1CS reads (see the book's R1CS
//! page), all derived from the instructions crate's
//! [`lookup_spec`](instructions::lookup_spec):
//!
//! | field | value |
//! |---|---|
//! | `PC` | address of the real instruction |
//! | `POSITION` | step in the virtual sequence (0 for a plain instruction) |
//! | `RD` | destination register, 0 when the instruction writes none |
//! | `RS1`, `RS2` | source registers, 0 when not read |
//! | `TABLE` | the lookup's table ([`instructions::ALL_TABLES`] order) |
//! | `X_CONST` | the first operand's constant part: `pc` (AUIPC, JAL), `imm` (LUI), else 0 |
//! | `Y_CONST` | the second operand when it is the immediate, else 0 |
//! | `Y_IS_RS2` | 1 when the second operand is `rs2`'s value |
//! | `TARGET` | a branch's taken target `(pc + imm) mod 2^32`; `(pc + 4) mod 2^32` on other rows (a jump's link) |
//! | `IS_REAL` | 1 on every row but the no-op |
//! | `NOT_LAST` | 1 on the steps of a sequence before its last |
//! | `IS_INTERLEAVED`, `IS_SHIFT`, `IS_SUM`, `IS_DIFF`, `IS_PRODUCT` | how the index is formed (`IS_SUM` also for single-operand indices, with `y = 0`; none for advice) |
//! | `WRITE_RESULT`, `WRITE_LINK`, `WRITE_LOAD` | what `rd` receives (the result, `pc + 4`, the loaded word); all 0 when `rd = x0` |
//! | `IS_JUMP`, `IS_LOAD`, `IS_STORE`, `IS_ASSERT` | how the result is used |
//!
//! ECALL and EBREAK (which the tracer refuses to execute) decode as an
//! assertion that `x0 != x0`, so no proof can execute them.
//!
//! The table is fixed by the program, so the verifier evaluates its
//! multilinear extension itself; it is never committed.

use instructions::{lookup_spec, IndexKind, Operand, ResultUse, TableId, VirtualStep};
use lasso::field::Field;
use lasso::poly::EqPolynomial;
use rayon::prelude::*;

use crate::tracer::Program;

/// Fields per bytecode row.
pub const NUM_BYTECODE_FIELDS: usize = 24;
/// Field positions in a row.
pub const PC: usize = 0;
pub const POSITION: usize = 1;
pub const RD: usize = 2;
pub const RS1: usize = 3;
pub const RS2: usize = 4;
pub const TABLE: usize = 5;
pub const X_CONST: usize = 6;
pub const Y_CONST: usize = 7;
pub const Y_IS_RS2: usize = 8;
pub const TARGET: usize = 9;
pub const IS_REAL: usize = 10;
pub const NOT_LAST: usize = 11;
pub const IS_INTERLEAVED: usize = 12;
pub const IS_SHIFT: usize = 13;
pub const IS_SUM: usize = 14;
pub const IS_DIFF: usize = 15;
pub const IS_PRODUCT: usize = 16;
pub const WRITE_RESULT: usize = 17;
pub const WRITE_LINK: usize = 18;
pub const WRITE_LOAD: usize = 19;
pub const IS_JUMP: usize = 20;
pub const IS_LOAD: usize = 21;
pub const IS_STORE: usize = 22;
pub const IS_ASSERT: usize = 23;

/// The fields' names, in order (for messages and the book).
pub const FIELD_NAMES: [&str; NUM_BYTECODE_FIELDS] = [
    "pc",
    "position",
    "rd",
    "rs1",
    "rs2",
    "table",
    "x_const",
    "y_const",
    "y_is_rs2",
    "target",
    "is_real",
    "not_last",
    "is_interleaved",
    "is_shift",
    "is_sum",
    "is_diff",
    "is_product",
    "write_result",
    "write_link",
    "write_load",
    "is_jump",
    "is_load",
    "is_store",
    "is_assert",
];

/// Whether field `f` holds more than a byte (it is committed as u32, or
/// u16 for the position; the others as u8).
pub fn field_width(f: usize) -> usize {
    match f {
        PC | X_CONST | Y_CONST | TARGET => 32,
        POSITION => 16,
        _ => 8,
    }
}

/// The index of `table` among the family's tables.
pub fn table_index(table: TableId) -> u32 {
    instructions::ALL_TABLES
        .iter()
        .position(|t| *t == table)
        .expect("every table is in the family") as u32
}

/// The fields of one bytecode row.
pub fn decode_row(step: &VirtualStep) -> [u32; NUM_BYTECODE_FIELDS] {
    let i = &step.instruction;
    let op = i.opcode;
    let pc = step.address;
    let imm = i.imm as u32;
    let mut row = [0u32; NUM_BYTECODE_FIELDS];
    row[PC] = pc;
    row[POSITION] = step.position as u32;
    row[IS_REAL] = 1;
    row[NOT_LAST] = !step.is_last() as u32;
    row[TARGET] = pc.wrapping_add(4);
    let Some(spec) = lookup_spec(op) else {
        // ECALL, EBREAK: `assert x0 != x0` never holds.
        row[TABLE] = table_index(TableId::Ne);
        row[IS_INTERLEAVED] = 1;
        row[IS_ASSERT] = 1;
        return row;
    };
    let rd = if op.writes_rd() { i.rd as u32 } else { 0 };
    row[RD] = rd;
    row[RS1] = if op.reads_rs1() { i.rs1 as u32 } else { 0 };
    row[RS2] = if op.reads_rs2() { i.rs2 as u32 } else { 0 };
    row[TABLE] = table_index(spec.table);
    let (x, y) = spec.index.operands();
    row[X_CONST] = match x {
        Operand::Pc => pc,
        Operand::Imm => imm,
        _ => 0,
    };
    match y {
        // A shift's index holds the amount's low byte (`imm mod 2^8`, which
        // drops SRAI's funct7 bit); the R1CS wants the byte itself.
        Operand::Imm if matches!(spec.index, IndexKind::Shift(..)) => row[Y_CONST] = imm & 0xff,
        Operand::Imm => row[Y_CONST] = imm,
        Operand::Rs2 => row[Y_IS_RS2] = 1,
        _ => {}
    }
    let kind = match spec.index {
        IndexKind::Interleaved(..) => Some(IS_INTERLEAVED),
        IndexKind::Shift(..) => Some(IS_SHIFT),
        IndexKind::Sum(..) => Some(IS_SUM),
        IndexKind::Difference(..) => Some(IS_DIFF),
        IndexKind::Product(..) => Some(IS_PRODUCT),
        IndexKind::Single(Operand::Advice) => None,
        IndexKind::Single(_) => Some(IS_SUM),
    };
    if let Some(k) = kind {
        row[k] = 1;
    }
    let writes = rd != 0;
    match spec.result {
        ResultUse::WriteRd => row[WRITE_RESULT] = writes as u32,
        ResultUse::BranchTaken => row[TARGET] = pc.wrapping_add(imm),
        ResultUse::JumpTarget => {
            row[IS_JUMP] = 1;
            row[WRITE_LINK] = writes as u32;
        }
        ResultUse::MemoryAddress if op == instructions::Opcode::Sw => row[IS_STORE] = 1,
        ResultUse::MemoryAddress => {
            row[IS_LOAD] = 1;
            row[WRITE_LOAD] = writes as u32;
        }
        ResultUse::AssertTrue => row[IS_ASSERT] = 1,
        ResultUse::Unused => {}
    }
    row
}

/// The bytecode table, column by column, padded to a power of two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BytecodeTable {
    /// `fields[f][k]`: field `f` of row `k`.
    fields: Vec<Vec<u32>>,
}

impl BytecodeTable {
    pub fn new(program: &Program) -> Self {
        let rows = program.bytecode().len() + 1;
        let size = rows.next_power_of_two();
        let mut fields = vec![vec![0u32; size]; NUM_BYTECODE_FIELDS];
        // The no-op: nothing but a fall-through target that keeps the
        // next-pc rule trivial (`target - pc - 4 = 0`).
        fields[TARGET].fill(4);
        for (j, row) in program.bytecode().iter().enumerate() {
            for (f, v) in decode_row(&row.step).into_iter().enumerate() {
                fields[f][j + 1] = v;
            }
        }
        Self { fields }
    }

    /// `log2` of the number of rows (padded).
    pub fn log_size(&self) -> usize {
        self.fields[0].len().trailing_zeros() as usize
    }

    /// Field `f` of every row.
    pub fn field(&self, f: usize) -> &[u32] {
        &self.fields[f]
    }

    /// Every field's multilinear extension at `point`, sharing one `eq`
    /// table: `O(rows * fields)`.
    pub fn evaluate<F: Field>(&self, point: &[F]) -> Vec<F> {
        let eq = EqPolynomial::evals(point);
        self.fields
            .par_iter()
            .map(|column| {
                eq.iter()
                    .zip(column)
                    .filter(|(_, v)| **v != 0)
                    .map(|(e, v)| *e * F::from_u32(*v))
                    .sum()
            })
            .collect()
    }

    /// The rows' bytes, for the transcript.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.fields
            .iter()
            .flat_map(|c| c.iter().flat_map(|v| v.to_le_bytes()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use instructions::{Instruction, Opcode, ALL_OPCODES};

    fn step(instruction: Instruction, address: u32) -> VirtualStep {
        VirtualStep {
            instruction,
            address,
            expanded_from: instruction.opcode,
            position: 0,
            length: 1,
        }
    }

    /// The R1CS takes the first operand as `rs1 + X_CONST`: every row
    /// whose first operand is not `rs1` (nor free advice) must read `x0`.
    #[test]
    fn rows_whose_first_operand_is_not_rs1_read_x0() {
        for op in ALL_OPCODES {
            let Some(spec) = lookup_spec(op) else {
                continue;
            };
            let row = decode_row(&step(Instruction::new(op, 5, 6, 7, 8), 0x8000_0000));
            match spec.index.operands().0 {
                Operand::Rs1 | Operand::Advice => {}
                _ => assert_eq!(row[RS1], 0, "{op:?}"),
            }
            // Exactly one way of forming the index, except for advice.
            let kinds: u32 = [IS_INTERLEAVED, IS_SHIFT, IS_SUM, IS_DIFF, IS_PRODUCT]
                .iter()
                .map(|&k| row[k])
                .sum();
            let advice = matches!(spec.index, IndexKind::Single(Operand::Advice));
            assert_eq!(kinds, !advice as u32, "{op:?}");
        }
    }

    #[test]
    fn links_and_targets_wrap_at_2_to_the_32() {
        let jal = decode_row(&step(
            Instruction::new(Opcode::Jal, 1, 0, 0, 8),
            0xffff_fffc,
        ));
        assert_eq!((jal[TARGET], jal[WRITE_LINK], jal[IS_JUMP]), (0, 1, 1));
        let beq = decode_row(&step(
            Instruction::new(Opcode::Beq, 0, 1, 2, -8),
            0x8000_0000,
        ));
        assert_eq!(beq[TARGET], 0x7fff_fff8);
    }

    #[test]
    fn special_rows() {
        // SRAI's immediate carries funct7's bit 10; the index holds its low
        // byte, which is what Y_CONST must be.
        let srai = decode_row(&step(
            Instruction::new(Opcode::Srai, 1, 2, 0, 0x402),
            0x8000_0000,
        ));
        assert_eq!((srai[Y_CONST], srai[IS_SHIFT]), (2, 1));
        // SW: the index is rs1 + imm while rs2 (the stored word) is read.
        let sw = decode_row(&step(
            Instruction::new(Opcode::Sw, 0, 2, 3, -16),
            0x8000_0000,
        ));
        assert_eq!(
            (sw[Y_IS_RS2], sw[Y_CONST], sw[RS2]),
            (0, (-16i32) as u32, 3)
        );
        assert_eq!((sw[IS_STORE], sw[IS_SUM], sw[RD]), (1, 1, 0));
        // ECALL: an assertion that never holds.
        let ecall = decode_row(&step(
            Instruction::new(Opcode::Ecall, 0, 0, 0, 0),
            0x8000_0000,
        ));
        assert_eq!((ecall[IS_ASSERT], ecall[IS_INTERLEAVED]), (1, 1));
        assert_eq!(ecall[TABLE], table_index(TableId::Ne));
        // A write to x0 writes nothing.
        let addi = decode_row(&step(
            Instruction::new(Opcode::Addi, 0, 1, 0, 5),
            0x8000_0000,
        ));
        assert_eq!((addi[RD], addi[WRITE_RESULT]), (0, 0));
    }
}
