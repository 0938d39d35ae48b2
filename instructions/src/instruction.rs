//! Typed RV32IM instructions (and the VM's virtual instructions).

use std::fmt;

/// A register number: `0..32` are `x0..x31`, `32..64` are virtual registers
/// (see [`crate::constants::FIRST_VIRTUAL_REGISTER`]).
pub type Register = u8;

/// Every opcode the VM's bytecode can hold: the 48 RV32IM instructions and
/// the virtual instructions that only appear inside virtual sequences
/// (see [`crate::virtual_sequence`]). The decoder never produces a virtual
/// opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Opcode {
    // RV32I
    Lui,
    Auipc,
    Jal,
    Jalr,
    Beq,
    Bne,
    Blt,
    Bge,
    Bltu,
    Bgeu,
    Lb,
    Lh,
    Lw,
    Lbu,
    Lhu,
    Sb,
    Sh,
    Sw,
    Addi,
    Slti,
    Sltiu,
    Xori,
    Ori,
    Andi,
    Slli,
    Srli,
    Srai,
    Add,
    Sub,
    Sll,
    Slt,
    Sltu,
    Xor,
    Srl,
    Sra,
    Or,
    And,
    Fence,
    Ecall,
    Ebreak,
    // M extension
    Mul,
    Mulh,
    Mulhsu,
    Mulhu,
    Div,
    Divu,
    Rem,
    Remu,
    // Virtual instructions (only inside virtual sequences).
    /// `rd := x / y` (unsigned; `2^32 - 1` when `y = 0`), advice from the
    /// prover. `rs1`, `rs2` name `x`, `y` so the executor can compute it.
    VirtualAdviceDivu,
    /// `rd := x % y` (unsigned; `x` when `y = 0`), advice from the prover.
    VirtualAdviceRemu,
    /// `rd := 0xffff_ffff` if `rs1` is negative, else `0`.
    VirtualMovsign,
    /// `rd := 0xffff_ffff` if `rs2 != 0` and the signs of `rs1`, `rs2`
    /// differ, else `0` (the sign mask of a signed quotient).
    VirtualQuotientSign,
    /// Asserts `rs1 == rs2`.
    VirtualAssertEq,
    /// Asserts `rs1 <= rs2` (unsigned).
    VirtualAssertLteu,
    /// Asserts `rs1 < rs2` (unsigned) or `rs2 == 0`: `rs1` is a valid
    /// remainder for divisor `rs2`.
    VirtualAssertValidUnsignedRemainder,
    /// Asserts `rs1 != 0` or `rs2 == 0xffff_ffff`: quotient `rs2` is valid
    /// for a division by `rs1 = 0`.
    VirtualAssertValidDiv0,
    /// Asserts `rs1` is even (a half-word address is aligned).
    VirtualAssertHalfwordAligned,
    /// `rd := rs1 << rs2`, for a shift amount `rs2 < 32` that the sequence
    /// has already reduced (SLL is `ANDI v, rs2, 31` then this step): the
    /// R1CS reads the amount as one byte of the lookup index, and only a
    /// value below `2^8` fits it.
    VirtualSll,
    /// `rd := rs1 >> rs2` (logical), `rs2 < 32`; see [`Opcode::VirtualSll`].
    VirtualSrl,
    /// `rd := rs1 >> rs2` (arithmetic), `rs2 < 32`; see [`Opcode::VirtualSll`].
    VirtualSra,
}

/// Every opcode, in declaration order.
pub const ALL_OPCODES: [Opcode; 60] = {
    use Opcode::*;
    [
        Lui,
        Auipc,
        Jal,
        Jalr,
        Beq,
        Bne,
        Blt,
        Bge,
        Bltu,
        Bgeu,
        Lb,
        Lh,
        Lw,
        Lbu,
        Lhu,
        Sb,
        Sh,
        Sw,
        Addi,
        Slti,
        Sltiu,
        Xori,
        Ori,
        Andi,
        Slli,
        Srli,
        Srai,
        Add,
        Sub,
        Sll,
        Slt,
        Sltu,
        Xor,
        Srl,
        Sra,
        Or,
        And,
        Fence,
        Ecall,
        Ebreak,
        Mul,
        Mulh,
        Mulhsu,
        Mulhu,
        Div,
        Divu,
        Rem,
        Remu,
        VirtualAdviceDivu,
        VirtualAdviceRemu,
        VirtualMovsign,
        VirtualQuotientSign,
        VirtualAssertEq,
        VirtualAssertLteu,
        VirtualAssertValidUnsignedRemainder,
        VirtualAssertValidDiv0,
        VirtualAssertHalfwordAligned,
        VirtualSll,
        VirtualSrl,
        VirtualSra,
    ]
};

/// The encoding format of an opcode (for virtual opcodes: the format whose
/// fields they use).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    R,
    I,
    S,
    B,
    U,
    J,
    /// FENCE, ECALL, EBREAK: no register or immediate fields are used.
    System,
}

impl Opcode {
    /// True for opcodes that only occur inside virtual sequences.
    pub fn is_virtual(self) -> bool {
        self >= Opcode::VirtualAdviceDivu
    }

    /// The assembler mnemonic (virtual ones prefixed with `v.`).
    pub fn mnemonic(self) -> &'static str {
        use Opcode::*;
        match self {
            Lui => "lui",
            Auipc => "auipc",
            Jal => "jal",
            Jalr => "jalr",
            Beq => "beq",
            Bne => "bne",
            Blt => "blt",
            Bge => "bge",
            Bltu => "bltu",
            Bgeu => "bgeu",
            Lb => "lb",
            Lh => "lh",
            Lw => "lw",
            Lbu => "lbu",
            Lhu => "lhu",
            Sb => "sb",
            Sh => "sh",
            Sw => "sw",
            Addi => "addi",
            Slti => "slti",
            Sltiu => "sltiu",
            Xori => "xori",
            Ori => "ori",
            Andi => "andi",
            Slli => "slli",
            Srli => "srli",
            Srai => "srai",
            Add => "add",
            Sub => "sub",
            Sll => "sll",
            Slt => "slt",
            Sltu => "sltu",
            Xor => "xor",
            Srl => "srl",
            Sra => "sra",
            Or => "or",
            And => "and",
            Fence => "fence",
            Ecall => "ecall",
            Ebreak => "ebreak",
            Mul => "mul",
            Mulh => "mulh",
            Mulhsu => "mulhsu",
            Mulhu => "mulhu",
            Div => "div",
            Divu => "divu",
            Rem => "rem",
            Remu => "remu",
            VirtualAdviceDivu => "v.advice_divu",
            VirtualAdviceRemu => "v.advice_remu",
            VirtualMovsign => "v.movsign",
            VirtualQuotientSign => "v.quotient_sign",
            VirtualAssertEq => "v.assert_eq",
            VirtualAssertLteu => "v.assert_lteu",
            VirtualAssertValidUnsignedRemainder => "v.assert_valid_unsigned_remainder",
            VirtualAssertValidDiv0 => "v.assert_valid_div0",
            VirtualAssertHalfwordAligned => "v.assert_halfword_aligned",
            VirtualSll => "v.sll",
            VirtualSrl => "v.srl",
            VirtualSra => "v.sra",
        }
    }

    /// The format (which of `rd`, `rs1`, `rs2`, `imm` are meaningful).
    pub fn format(self) -> Format {
        use Opcode::*;
        match self {
            Lui | Auipc => Format::U,
            Jal => Format::J,
            Beq | Bne | Blt | Bge | Bltu | Bgeu => Format::B,
            Sb | Sh | Sw => Format::S,
            Jalr | Lb | Lh | Lw | Lbu | Lhu | Addi | Slti | Sltiu | Xori | Ori | Andi | Slli
            | Srli | Srai => Format::I,
            Fence | Ecall | Ebreak => Format::System,
            Add | Sub | Sll | Slt | Sltu | Xor | Srl | Sra | Or | And | Mul | Mulh | Mulhsu
            | Mulhu | Div | Divu | Rem | Remu => Format::R,
            VirtualAdviceDivu | VirtualAdviceRemu | VirtualQuotientSign => Format::R,
            VirtualSll | VirtualSrl | VirtualSra => Format::R,
            VirtualMovsign => Format::I,
            VirtualAssertEq
            | VirtualAssertLteu
            | VirtualAssertValidUnsignedRemainder
            | VirtualAssertValidDiv0 => Format::B,
            VirtualAssertHalfwordAligned => Format::B,
        }
    }

    /// Whether the instruction writes `rd` (formats R, I, U, J).
    pub fn writes_rd(self) -> bool {
        matches!(self.format(), Format::R | Format::I | Format::U | Format::J)
    }

    /// Whether the instruction reads `rs1`.
    pub fn reads_rs1(self) -> bool {
        matches!(self.format(), Format::R | Format::I | Format::S | Format::B)
    }

    /// Whether the instruction reads `rs2`.
    pub fn reads_rs2(self) -> bool {
        matches!(self.format(), Format::R | Format::S | Format::B)
            && self != Opcode::VirtualAssertHalfwordAligned
    }
}

impl fmt::Display for Opcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.mnemonic())
    }
}

/// One decoded instruction (or virtual instruction).
///
/// Fields an opcode's format does not use are zero. `imm` is the immediate
/// exactly as the ISA manual defines its value, sign-extended to 32 bits:
/// for U-type it is the full value `imm[31:12] << 12`, for B- and J-type the
/// byte offset (bit 0 is zero), for shifts by an immediate the shift amount
/// `0..32`. Virtual instructions may carry any 32-bit `imm` (they are never
/// encoded as words).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instruction {
    pub opcode: Opcode,
    pub rd: Register,
    pub rs1: Register,
    pub rs2: Register,
    pub imm: i32,
}

impl Instruction {
    /// An instruction from its fields (no validation; the decoder is the
    /// validating constructor).
    pub const fn new(opcode: Opcode, rd: Register, rs1: Register, rs2: Register, imm: i32) -> Self {
        Instruction {
            opcode,
            rd,
            rs1,
            rs2,
            imm,
        }
    }

    /// `imm` as the 32-bit two's-complement word it contributes to
    /// arithmetic.
    pub fn imm_u32(&self) -> u32 {
        self.imm as u32
    }
}

impl fmt::Display for Instruction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = |x: Register| {
            if x >= crate::constants::FIRST_VIRTUAL_REGISTER {
                format!("v{}", x)
            } else {
                format!("x{}", x)
            }
        };
        match self.opcode.format() {
            Format::R => write!(
                f,
                "{} {}, {}, {}",
                self.opcode,
                r(self.rd),
                r(self.rs1),
                r(self.rs2)
            ),
            Format::I => write!(
                f,
                "{} {}, {}, {}",
                self.opcode,
                r(self.rd),
                r(self.rs1),
                self.imm
            ),
            Format::S | Format::B => write!(
                f,
                "{} {}, {}, {}",
                self.opcode,
                r(self.rs1),
                r(self.rs2),
                self.imm
            ),
            Format::U | Format::J => write!(f, "{} {}, {}", self.opcode, r(self.rd), self.imm),
            Format::System => write!(f, "{}", self.opcode),
        }
    }
}
