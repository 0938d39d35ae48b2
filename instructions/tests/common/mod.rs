//! Shared test support: a deterministic PRNG (no extra dependency) and an
//! encoder for RV32IM written from the ISA manual's field layouts,
//! independently of the decoder.
#![allow(dead_code)]

use instructions::{Format, Instruction, Opcode};

/// SplitMix64.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }
    pub fn below(&mut self, n: u32) -> u32 {
        (self.next_u64() % n as u64) as u32
    }
    /// A word biased towards interesting values half of the time.
    pub fn operand(&mut self) -> u32 {
        match self.below(8) {
            0 => EDGE[self.below(EDGE.len() as u32) as usize],
            1 => self.below(64),
            2 => self.below(64).wrapping_neg(),
            _ => self.next_u32(),
        }
    }
}

/// Edge operands named in the issue, and a few more.
pub const EDGE: [u32; 14] = [
    0,
    1,
    u32::MAX,    // -1
    0x8000_0000, // i32::MIN
    0x7fff_ffff, // i32::MAX
    31,
    32,          // low five bits 0, whole value 32
    33,          // low five bits 1
    0xffff_ffe0, // low five bits 0, negative
    0x8000_001f, // low five bits 31
    2,
    0xffff_fffe, // -2
    0x0001_0000,
    0x0000_ffff,
];

/// The (opcode, funct3, funct7) of an R-type or the (opcode, funct3) of
/// others, straight from the ISA manual's opcode map.
fn fields(op: Opcode) -> (u32, u32, u32) {
    use Opcode::*;
    match op {
        Lui => (0x37, 0, 0),
        Auipc => (0x17, 0, 0),
        Jal => (0x6f, 0, 0),
        Jalr => (0x67, 0, 0),
        Beq => (0x63, 0, 0),
        Bne => (0x63, 1, 0),
        Blt => (0x63, 4, 0),
        Bge => (0x63, 5, 0),
        Bltu => (0x63, 6, 0),
        Bgeu => (0x63, 7, 0),
        Lb => (0x03, 0, 0),
        Lh => (0x03, 1, 0),
        Lw => (0x03, 2, 0),
        Lbu => (0x03, 4, 0),
        Lhu => (0x03, 5, 0),
        Sb => (0x23, 0, 0),
        Sh => (0x23, 1, 0),
        Sw => (0x23, 2, 0),
        Addi => (0x13, 0, 0),
        Slti => (0x13, 2, 0),
        Sltiu => (0x13, 3, 0),
        Xori => (0x13, 4, 0),
        Ori => (0x13, 6, 0),
        Andi => (0x13, 7, 0),
        Slli => (0x13, 1, 0x00),
        Srli => (0x13, 5, 0x00),
        Srai => (0x13, 5, 0x20),
        Add => (0x33, 0, 0x00),
        Sub => (0x33, 0, 0x20),
        Sll => (0x33, 1, 0x00),
        Slt => (0x33, 2, 0x00),
        Sltu => (0x33, 3, 0x00),
        Xor => (0x33, 4, 0x00),
        Srl => (0x33, 5, 0x00),
        Sra => (0x33, 5, 0x20),
        Or => (0x33, 6, 0x00),
        And => (0x33, 7, 0x00),
        Mul => (0x33, 0, 1),
        Mulh => (0x33, 1, 1),
        Mulhsu => (0x33, 2, 1),
        Mulhu => (0x33, 3, 1),
        Div => (0x33, 4, 1),
        Divu => (0x33, 5, 1),
        Rem => (0x33, 6, 1),
        Remu => (0x33, 7, 1),
        Fence => (0x0f, 0, 0),
        Ecall | Ebreak => (0x73, 0, 0),
        _ => panic!("{op} has no encoding"),
    }
}

/// Encodes an RV32IM instruction (immediates must be in range).
pub fn encode(ins: &Instruction) -> u32 {
    let (opc, f3, f7) = fields(ins.opcode);
    let rd = (ins.rd as u32) << 7;
    let rs1 = (ins.rs1 as u32) << 15;
    let rs2 = (ins.rs2 as u32) << 20;
    let f3 = f3 << 12;
    let imm = ins.imm as u32;
    let bit = |i: u32| (imm >> i) & 1;
    let range = |hi: u32, lo: u32| (imm >> lo) & ((1 << (hi - lo + 1)) - 1);
    match ins.opcode {
        Opcode::Slli | Opcode::Srli | Opcode::Srai => {
            (f7 << 25) | ((imm & 31) << 20) | rs1 | f3 | rd | opc
        }
        Opcode::Ecall => 0x0000_0073,
        Opcode::Ebreak => 0x0010_0073,
        Opcode::Fence => 0x0ff0_000f, // fence iorw, iorw
        op => match op.format() {
            Format::R => (f7 << 25) | rs2 | rs1 | f3 | rd | opc,
            Format::I => (range(11, 0) << 20) | rs1 | f3 | rd | opc,
            Format::S => (range(11, 5) << 25) | rs2 | rs1 | f3 | (range(4, 0) << 7) | opc,
            Format::B => {
                (bit(12) << 31)
                    | (range(10, 5) << 25)
                    | rs2
                    | rs1
                    | f3
                    | (range(4, 1) << 8)
                    | (bit(11) << 7)
                    | opc
            }
            Format::U => (imm & 0xffff_f000) | rd | opc,
            Format::J => {
                (bit(20) << 31)
                    | (range(10, 1) << 21)
                    | (bit(11) << 20)
                    | (range(19, 12) << 12)
                    | rd
                    | opc
            }
            Format::System => unreachable!(),
        },
    }
}

/// A random valid instruction with opcode `op` (a real RV32IM opcode).
pub fn random_instruction(op: Opcode, rng: &mut Rng) -> Instruction {
    let reg = |rng: &mut Rng| rng.below(32) as u8;
    let sext = |v: u32, bits: u32| ((v << (32 - bits)) as i32) >> (32 - bits);
    let (rd, rs1, rs2) = (reg(rng), reg(rng), reg(rng));
    let raw = rng.next_u32();
    match op {
        Opcode::Slli | Opcode::Srli | Opcode::Srai => {
            Instruction::new(op, rd, rs1, 0, (raw & 31) as i32)
        }
        Opcode::Fence | Opcode::Ecall | Opcode::Ebreak => Instruction::new(op, 0, 0, 0, 0),
        _ => match op.format() {
            Format::R => Instruction::new(op, rd, rs1, rs2, 0),
            Format::I => Instruction::new(op, rd, rs1, 0, sext(raw, 12)),
            Format::S => Instruction::new(op, 0, rs1, rs2, sext(raw, 12)),
            Format::B => Instruction::new(op, 0, rs1, rs2, sext(raw & !1, 13)),
            Format::U => Instruction::new(op, rd, 0, 0, (raw & 0xffff_f000) as i32),
            Format::J => Instruction::new(op, rd, 0, 0, sext(raw & !1, 21)),
            Format::System => unreachable!(),
        },
    }
}
