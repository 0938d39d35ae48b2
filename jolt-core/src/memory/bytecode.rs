//! The bytecode table: what instruction fetch reads.
//!
//! Row 0 is the no-op that padding cycles (after the halt) fetch; row
//! `j + 1` is row `j` of [`Program::bytecode`] (real instructions and the
//! steps of their virtual sequences). Each row holds
//! [`NUM_BYTECODE_FIELDS`] small integers, the fields the R1CS decodes:
//!
//! | field | value |
//! |---|---|
//! | `pc` | address of the real instruction |
//! | `position` | step in the virtual sequence (0 for a plain instruction) |
//! | `opcode` | 1 + the opcode's number ([`instructions::ALL_OPCODES`] order); 0 for the no-op |
//! | `rd` | destination register, 0 when the instruction writes none |
//! | `rs1`, `rs2` | source registers, 0 when not read |
//! | `imm` | the immediate as a 32-bit two's-complement word |
//!
//! The table is fixed by the program, so the verifier evaluates its
//! multilinear extension itself; it is never committed.

use lasso::field::Field;
use lasso::poly::EqPolynomial;
use rayon::prelude::*;

use crate::tracer::Program;

/// Fields per bytecode row.
pub const NUM_BYTECODE_FIELDS: usize = 7;
/// Field positions in a row.
pub const PC: usize = 0;
pub const POSITION: usize = 1;
pub const OPCODE: usize = 2;
pub const RD: usize = 3;
pub const RS1: usize = 4;
pub const RS2: usize = 5;
pub const IMM: usize = 6;

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
        for (j, row) in program.bytecode().iter().enumerate() {
            let i = &row.step.instruction;
            let k = j + 1;
            fields[PC][k] = row.step.address;
            fields[POSITION][k] = row.step.position as u32;
            fields[OPCODE][k] = i.opcode as u32 + 1;
            fields[RD][k] = if i.opcode.writes_rd() { i.rd as u32 } else { 0 };
            fields[RS1][k] = if i.opcode.reads_rs1() {
                i.rs1 as u32
            } else {
                0
            };
            fields[RS2][k] = if i.opcode.reads_rs2() {
                i.rs2 as u32
            } else {
                0
            };
            fields[IMM][k] = i.imm as u32;
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
