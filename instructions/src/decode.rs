//! The RV32IM decoder.
//!
//! [`decode`] turns a 32-bit word into an [`Instruction`] or a
//! [`DecodeError`] that names the word and the cause. Only RV32IM is
//! accepted: compressed (16-bit) encodings, other extensions (CSR, FENCE.I,
//! atomics, floating point) and reserved encodings are errors.
//!
//! Immediates are sign-extended as the ISA manual says (I, S, B, J: from
//! bit 31 of the word; U: the upper 20 bits, low 12 zero). FENCE ignores
//! its `fm`, `pred`, `succ`, `rs1` and `rd` fields, as the manual requires
//! of base implementations; ECALL and EBREAK must be the exact words
//! `0x00000073` and `0x00100073`.

use thiserror::Error;

use crate::instruction::{Instruction, Opcode};

/// Why a word is not an RV32IM instruction.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("illegal instruction word {word:#010x}: {reason}")]
pub struct DecodeError {
    pub word: u32,
    pub reason: DecodeErrorReason,
}

/// The cause of a [`DecodeError`].
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DecodeErrorReason {
    #[error("compressed (16-bit) encoding; the VM runs RV32IM without the C extension")]
    Compressed,
    #[error("opcode {0:#09b} is not an RV32IM major opcode")]
    UnknownOpcode(u32),
    #[error("funct3 {funct3:#05b} is reserved for opcode {opcode}")]
    ReservedFunct3 { opcode: &'static str, funct3: u32 },
    #[error("funct7 {funct7:#09b} is reserved for {opcode} with funct3 {funct3:#05b}")]
    ReservedFunct7 {
        opcode: &'static str,
        funct3: u32,
        funct7: u32,
    },
    #[error("SYSTEM instruction other than ECALL/EBREAK (CSR instructions and privileged encodings are not RV32IM)")]
    UnsupportedSystem,
    #[error("FENCE.I (Zifencei) is not part of RV32IM")]
    FenceI,
}

fn bits(word: u32, hi: u32, lo: u32) -> u32 {
    (word >> lo) & ((1u32 << (hi - lo + 1)) - 1)
}

fn imm_i(word: u32) -> i32 {
    (word as i32) >> 20
}

fn imm_s(word: u32) -> i32 {
    (((word as i32) >> 25) << 5) | bits(word, 11, 7) as i32
}

fn imm_b(word: u32) -> i32 {
    // imm[12|10:5] rs2 rs1 funct3 imm[4:1|11]
    let sign = ((word as i32) >> 31) << 12;
    sign | ((bits(word, 7, 7) << 11) | (bits(word, 30, 25) << 5) | (bits(word, 11, 8) << 1)) as i32
}

fn imm_u(word: u32) -> i32 {
    (word & 0xffff_f000) as i32
}

fn imm_j(word: u32) -> i32 {
    // imm[20|10:1|11|19:12] rd opcode
    let sign = ((word as i32) >> 31) << 20;
    sign | ((bits(word, 19, 12) << 12) | (bits(word, 20, 20) << 11) | (bits(word, 30, 21) << 1))
        as i32
}

/// Decodes one instruction word.
pub fn decode(word: u32) -> Result<Instruction, DecodeError> {
    let err = |reason| DecodeError { word, reason };
    if word & 0b11 != 0b11 {
        return Err(err(DecodeErrorReason::Compressed));
    }
    let opcode = bits(word, 6, 0);
    let rd = bits(word, 11, 7) as u8;
    let funct3 = bits(word, 14, 12);
    let rs1 = bits(word, 19, 15) as u8;
    let rs2 = bits(word, 24, 20) as u8;
    let funct7 = bits(word, 31, 25);
    let f3 = |name: &'static str| {
        err(DecodeErrorReason::ReservedFunct3 {
            opcode: name,
            funct3,
        })
    };
    let f7 = |name: &'static str| {
        err(DecodeErrorReason::ReservedFunct7 {
            opcode: name,
            funct3,
            funct7,
        })
    };
    use Opcode::*;
    let instr = match opcode {
        0b0110111 => Instruction::new(Lui, rd, 0, 0, imm_u(word)),
        0b0010111 => Instruction::new(Auipc, rd, 0, 0, imm_u(word)),
        0b1101111 => Instruction::new(Jal, rd, 0, 0, imm_j(word)),
        0b1100111 => {
            if funct3 != 0 {
                return Err(f3("JALR"));
            }
            Instruction::new(Jalr, rd, rs1, 0, imm_i(word))
        }
        0b1100011 => {
            let op = match funct3 {
                0b000 => Beq,
                0b001 => Bne,
                0b100 => Blt,
                0b101 => Bge,
                0b110 => Bltu,
                0b111 => Bgeu,
                _ => return Err(f3("BRANCH")),
            };
            Instruction::new(op, 0, rs1, rs2, imm_b(word))
        }
        0b0000011 => {
            let op = match funct3 {
                0b000 => Lb,
                0b001 => Lh,
                0b010 => Lw,
                0b100 => Lbu,
                0b101 => Lhu,
                _ => return Err(f3("LOAD")),
            };
            Instruction::new(op, rd, rs1, 0, imm_i(word))
        }
        0b0100011 => {
            let op = match funct3 {
                0b000 => Sb,
                0b001 => Sh,
                0b010 => Sw,
                _ => return Err(f3("STORE")),
            };
            Instruction::new(op, 0, rs1, rs2, imm_s(word))
        }
        0b0010011 => {
            let (op, imm) = match funct3 {
                0b000 => (Addi, imm_i(word)),
                0b010 => (Slti, imm_i(word)),
                0b011 => (Sltiu, imm_i(word)),
                0b100 => (Xori, imm_i(word)),
                0b110 => (Ori, imm_i(word)),
                0b111 => (Andi, imm_i(word)),
                0b001 => {
                    if funct7 != 0 {
                        return Err(f7("OP-IMM (SLLI)"));
                    }
                    (Slli, rs2 as i32)
                }
                0b101 => match funct7 {
                    0b0000000 => (Srli, rs2 as i32),
                    0b0100000 => (Srai, rs2 as i32),
                    _ => return Err(f7("OP-IMM (SRLI/SRAI)")),
                },
                _ => unreachable!("funct3 has three bits"),
            };
            Instruction::new(op, rd, rs1, 0, imm)
        }
        0b0110011 => {
            let op = match (funct7, funct3) {
                (0b0000000, 0b000) => Add,
                (0b0100000, 0b000) => Sub,
                (0b0000000, 0b001) => Sll,
                (0b0000000, 0b010) => Slt,
                (0b0000000, 0b011) => Sltu,
                (0b0000000, 0b100) => Xor,
                (0b0000000, 0b101) => Srl,
                (0b0100000, 0b101) => Sra,
                (0b0000000, 0b110) => Or,
                (0b0000000, 0b111) => And,
                (0b0000001, 0b000) => Mul,
                (0b0000001, 0b001) => Mulh,
                (0b0000001, 0b010) => Mulhsu,
                (0b0000001, 0b011) => Mulhu,
                (0b0000001, 0b100) => Div,
                (0b0000001, 0b101) => Divu,
                (0b0000001, 0b110) => Rem,
                (0b0000001, 0b111) => Remu,
                _ => return Err(f7("OP")),
            };
            Instruction::new(op, rd, rs1, rs2, 0)
        }
        0b0001111 => match funct3 {
            0b000 => Instruction::new(Fence, 0, 0, 0, 0),
            0b001 => return Err(err(DecodeErrorReason::FenceI)),
            _ => return Err(f3("MISC-MEM")),
        },
        0b1110011 => match word {
            0x0000_0073 => Instruction::new(Ecall, 0, 0, 0, 0),
            0x0010_0073 => Instruction::new(Ebreak, 0, 0, 0, 0),
            _ => return Err(err(DecodeErrorReason::UnsupportedSystem)),
        },
        _ => return Err(err(DecodeErrorReason::UnknownOpcode(opcode))),
    };
    Ok(instr)
}
