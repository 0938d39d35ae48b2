//! The reference semantics: the one definition of what every instruction
//! does, shared by the tracer, the witness generator and the tests.
//!
//! # Machine model
//!
//! * 64 registers of 32 bits: `x0..x31` and the virtual registers `32..64`
//!   (used only inside virtual sequences). `x0` reads as zero and writes to
//!   it are discarded: [`execute`] never calls [`Machine::write_register`]
//!   with register 0 and reports no register write for `rd = x0`. The R1CS
//!   must force this too (the value written to `x0` is zero / no write).
//! * Memory is **word-addressed**: the machine only offers aligned 32-bit
//!   word loads and stores ([`Machine::load_word`], [`Machine::store_word`],
//!   address a multiple of 4). Byte and half-word accesses are defined here
//!   on top of words (a store is a read-modify-write of the containing word)
//!   and, in the prover's bytecode, are expanded into virtual sequences
//!   that do exactly that (see [`crate::virtual_sequence`]).
//! * Natural alignment is required: a word access at an address that is not
//!   a multiple of 4, or a half-word access at an odd address, is an error
//!   ([`ExecErrorKind::MisalignedLoad`] / [`ExecErrorKind::MisalignedStore`]).
//!   A taken branch or jump to an address that is not a multiple of 4 is an
//!   error ([`ExecErrorKind::MisalignedJump`]), as in RV32I without C.
//! * FENCE is a no-op (the VM is single-threaded with no caches).
//!   ECALL and EBREAK are not supported: executing one is
//!   [`ExecErrorKind::Unsupported`]. The guest halts by writing the
//!   termination word of the memory map instead (see the guest ABI).
//! * Arithmetic is on 32-bit words, wrapping; division follows the M
//!   extension exactly (`x / 0 = -1` (all ones), `x % 0 = x`,
//!   `i32::MIN / -1 = i32::MIN`, `i32::MIN % -1 = 0`).

use thiserror::Error;

use crate::instruction::{Instruction, Opcode, Register};

/// An error the machine reports for a memory access (e.g. out of range).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("memory access at {address:#010x}: {message}")]
pub struct MemoryError {
    pub address: u32,
    pub message: String,
}

/// The state [`execute`] runs against: registers and word-addressed memory.
pub trait Machine {
    /// The value of register `reg` (`1..64`; [`execute`] never asks for `x0`).
    fn read_register(&mut self, reg: Register) -> u32;
    /// Sets register `reg` (`1..64`; never called with `x0`).
    fn write_register(&mut self, reg: Register, value: u32);
    /// Loads the word at `address` (always a multiple of 4).
    fn load_word(&mut self, address: u32) -> Result<u32, MemoryError>;
    /// Stores the word at `address` (always a multiple of 4).
    fn store_word(&mut self, address: u32, value: u32) -> Result<(), MemoryError>;
}

/// The one memory access an instruction makes (word granularity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemoryAccess {
    /// A load of the aligned word at `address`.
    Load { address: u32, value: u32 },
    /// A store to the aligned word at `address`; `before` is the word's old
    /// value, `after` its new one (for byte/half-word stores the other bytes
    /// are unchanged).
    Store {
        address: u32,
        before: u32,
        after: u32,
    },
}

/// What executing one instruction did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The instruction's address.
    pub pc: u32,
    /// The address of the next instruction (for a step inside a virtual
    /// sequence, see [`crate::virtual_sequence::execute_step`]).
    pub next_pc: u32,
    /// The value of `rs1` read (0 when the format has no `rs1`).
    pub rs1_value: u32,
    /// The value of `rs2` read (0 when the format has no `rs2`).
    pub rs2_value: u32,
    /// The register write, if any: `None` when the instruction writes no
    /// register or `rd = x0`.
    pub rd_write: Option<(Register, u32)>,
    /// The memory access, if any.
    pub memory: Option<MemoryAccess>,
    /// The advice value a virtual advice instruction produced.
    pub advice: Option<u32>,
}

/// Why an instruction could not execute.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("at pc {pc:#010x}: {kind}")]
pub struct ExecError {
    pub pc: u32,
    pub kind: ExecErrorKind,
}

/// The cause of an [`ExecError`].
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ExecErrorKind {
    #[error("misaligned {width}-byte load at address {address:#010x}")]
    MisalignedLoad { address: u32, width: u32 },
    #[error("misaligned {width}-byte store at address {address:#010x}")]
    MisalignedStore { address: u32, width: u32 },
    #[error("jump or taken branch to misaligned address {target:#010x}")]
    MisalignedJump { target: u32 },
    #[error(transparent)]
    Memory(#[from] MemoryError),
    #[error("{0} is not supported by the VM (the guest halts by writing the termination word)")]
    Unsupported(Opcode),
    #[error("virtual assertion {0} failed")]
    AssertionFailed(Opcode),
}

/// `x / y` as DIVU defines it.
pub fn divu(x: u32, y: u32) -> u32 {
    x.checked_div(y).unwrap_or(u32::MAX)
}

/// `x % y` as REMU defines it.
pub fn remu(x: u32, y: u32) -> u32 {
    if y == 0 {
        x
    } else {
        x % y
    }
}

/// `x / y` as DIV defines it (operands and result as words).
pub fn div(x: u32, y: u32) -> u32 {
    let (x, y) = (x as i32, y as i32);
    if y == 0 {
        u32::MAX
    } else {
        x.wrapping_div(y) as u32
    }
}

/// `x % y` as REM defines it (operands and result as words).
pub fn rem(x: u32, y: u32) -> u32 {
    let (x, y) = (x as i32, y as i32);
    if y == 0 {
        x as u32
    } else {
        x.wrapping_rem(y) as u32
    }
}

/// The value a register-writing, non-memory, non-control-flow instruction
/// computes from its two operands: `x` is `rs1`'s value, `y` is `rs2`'s value
/// or the immediate as a word. Returns `None` for opcodes that are not of
/// that kind (LUI/AUIPC/jumps/branches/loads/stores/system/advice/asserts).
pub fn alu(opcode: Opcode, x: u32, y: u32) -> Option<u32> {
    use Opcode::*;
    let v = match opcode {
        Add | Addi => x.wrapping_add(y),
        Sub => x.wrapping_sub(y),
        Slt | Slti => ((x as i32) < (y as i32)) as u32,
        Sltu | Sltiu => (x < y) as u32,
        Xor | Xori => x ^ y,
        Or | Ori => x | y,
        And | Andi => x & y,
        Sll | Slli | VirtualSll => x << (y & 31),
        Srl | Srli | VirtualSrl => x >> (y & 31),
        Sra | Srai | VirtualSra => ((x as i32) >> (y & 31)) as u32,
        Mul => x.wrapping_mul(y),
        Mulh => ((x as i32 as i64 * y as i32 as i64) >> 32) as u32,
        Mulhsu => ((x as i32 as i64 * y as u64 as i64) >> 32) as u32,
        Mulhu => ((x as u64 * y as u64) >> 32) as u32,
        Div => div(x, y),
        Divu => divu(x, y),
        Rem => rem(x, y),
        Remu => remu(x, y),
        VirtualMovsign => {
            if (x as i32) < 0 {
                u32::MAX
            } else {
                0
            }
        }
        VirtualQuotientSign => {
            if y != 0 && ((x ^ y) as i32) < 0 {
                u32::MAX
            } else {
                0
            }
        }
        _ => return None,
    };
    Some(v)
}

/// Whether a branch (or virtual assertion, read as "holds") is taken for
/// operands `x = rs1`, `y = rs2`. `None` for other opcodes.
pub fn condition(opcode: Opcode, x: u32, y: u32) -> Option<bool> {
    use Opcode::*;
    let c = match opcode {
        Beq | VirtualAssertEq => x == y,
        Bne => x != y,
        Blt => (x as i32) < (y as i32),
        Bge => (x as i32) >= (y as i32),
        Bltu => x < y,
        Bgeu => x >= y,
        VirtualAssertLteu => x <= y,
        VirtualAssertValidUnsignedRemainder => y == 0 || x < y,
        VirtualAssertValidDiv0 => x != 0 || y == u32::MAX,
        VirtualAssertHalfwordAligned => x & 1 == 0,
        _ => return None,
    };
    Some(c)
}

fn read<M: Machine + ?Sized>(m: &mut M, reg: Register) -> u32 {
    if reg == 0 {
        0
    } else {
        m.read_register(reg)
    }
}

/// Executes `instr` at address `pc` against `m`: reads its operands, writes
/// `rd` (never `x0`), performs its memory access, and returns what happened
/// and the next pc (`pc + 4` unless a jump or taken branch).
///
/// Virtual instructions execute too (advice values are computed here, from
/// the operand registers); inside a sequence use
/// [`crate::virtual_sequence::execute_step`], which also fixes the next pc.
pub fn execute<M: Machine + ?Sized>(
    instr: &Instruction,
    pc: u32,
    m: &mut M,
) -> Result<Outcome, ExecError> {
    use Opcode::*;
    let op = instr.opcode;
    let fail = |kind| ExecError { pc, kind };
    let rs1_value = if op.reads_rs1() {
        read(m, instr.rs1)
    } else {
        0
    };
    let rs2_value = if op.reads_rs2() {
        read(m, instr.rs2)
    } else {
        0
    };
    let imm = instr.imm_u32();
    let mut next_pc = pc.wrapping_add(4);
    let mut rd_value: Option<u32> = None;
    let mut memory = None;
    let mut advice = None;

    let jump = |target: u32| -> Result<u32, ExecError> {
        if target & 3 != 0 {
            Err(fail(ExecErrorKind::MisalignedJump { target }))
        } else {
            Ok(target)
        }
    };

    match op {
        Lui => rd_value = Some(imm),
        Auipc => rd_value = Some(pc.wrapping_add(imm)),
        Jal => {
            next_pc = jump(pc.wrapping_add(imm))?;
            rd_value = Some(pc.wrapping_add(4));
        }
        Jalr => {
            next_pc = jump(rs1_value.wrapping_add(imm) & !1)?;
            rd_value = Some(pc.wrapping_add(4));
        }
        Beq | Bne | Blt | Bge | Bltu | Bgeu => {
            if condition(op, rs1_value, rs2_value).expect("branch") {
                next_pc = jump(pc.wrapping_add(imm))?;
            }
        }
        Lb | Lh | Lw | Lbu | Lhu => {
            let address = rs1_value.wrapping_add(imm);
            let width = match op {
                Lb | Lbu => 1,
                Lh | Lhu => 2,
                _ => 4,
            };
            if address % width != 0 {
                return Err(fail(ExecErrorKind::MisalignedLoad { address, width }));
            }
            let aligned = address & !3;
            let word = m.load_word(aligned).map_err(|e| fail(e.into()))?;
            memory = Some(MemoryAccess::Load {
                address: aligned,
                value: word,
            });
            let shifted = word >> (8 * (address & 3));
            rd_value = Some(match op {
                Lb => shifted as u8 as i8 as i32 as u32,
                Lbu => shifted as u8 as u32,
                Lh => shifted as u16 as i16 as i32 as u32,
                Lhu => shifted as u16 as u32,
                _ => word,
            });
        }
        Sb | Sh | Sw => {
            let address = rs1_value.wrapping_add(imm);
            let width = match op {
                Sb => 1,
                Sh => 2,
                _ => 4,
            };
            if address % width != 0 {
                return Err(fail(ExecErrorKind::MisalignedStore { address, width }));
            }
            let aligned = address & !3;
            let before = m.load_word(aligned).map_err(|e| fail(e.into()))?;
            let after = if width == 4 {
                rs2_value
            } else {
                let shift = 8 * (address & 3);
                let mask = (if width == 1 { 0xffu32 } else { 0xffff }) << shift;
                (before & !mask) | ((rs2_value << shift) & mask)
            };
            m.store_word(aligned, after).map_err(|e| fail(e.into()))?;
            memory = Some(MemoryAccess::Store {
                address: aligned,
                before,
                after,
            });
        }
        Fence => {}
        Ecall | Ebreak => return Err(fail(ExecErrorKind::Unsupported(op))),
        VirtualAdviceDivu => {
            let a = divu(rs1_value, rs2_value);
            advice = Some(a);
            rd_value = Some(a);
        }
        VirtualAdviceRemu => {
            let a = remu(rs1_value, rs2_value);
            advice = Some(a);
            rd_value = Some(a);
        }
        VirtualAssertEq
        | VirtualAssertLteu
        | VirtualAssertValidUnsignedRemainder
        | VirtualAssertValidDiv0
        | VirtualAssertHalfwordAligned => {
            if !condition(op, rs1_value, rs2_value).expect("assertion") {
                return Err(fail(ExecErrorKind::AssertionFailed(op)));
            }
        }
        _ => {
            let y = if op.reads_rs2() { rs2_value } else { imm };
            rd_value = Some(alu(op, rs1_value, y).expect("every remaining opcode is an ALU op"));
        }
    }

    let rd_write = match rd_value {
        Some(v) if instr.rd != 0 => {
            m.write_register(instr.rd, v);
            Some((instr.rd, v))
        }
        _ => None,
    };
    Ok(Outcome {
        pc,
        next_pc,
        rs1_value,
        rs2_value,
        rd_write,
        memory,
        advice,
    })
}

/// A minimal [`Machine`]: 64 registers and a sparse word memory where every
/// aligned address is valid and unwritten words read as zero. For tests and
/// examples; the tracer has its own machine with the guest memory map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimpleMachine {
    pub registers: [u32; crate::constants::NUM_REGISTERS],
    pub memory: std::collections::BTreeMap<u32, u32>,
}

impl SimpleMachine {
    pub fn new() -> Self {
        SimpleMachine {
            registers: [0; crate::constants::NUM_REGISTERS],
            memory: Default::default(),
        }
    }
}

impl Default for SimpleMachine {
    fn default() -> Self {
        Self::new()
    }
}

impl Machine for SimpleMachine {
    fn read_register(&mut self, reg: Register) -> u32 {
        self.registers[reg as usize]
    }
    fn write_register(&mut self, reg: Register, value: u32) {
        assert_ne!(reg, 0, "x0 is never written");
        self.registers[reg as usize] = value;
    }
    fn load_word(&mut self, address: u32) -> Result<u32, MemoryError> {
        debug_assert_eq!(address % 4, 0);
        Ok(self.memory.get(&address).copied().unwrap_or(0))
    }
    fn store_word(&mut self, address: u32, value: u32) -> Result<(), MemoryError> {
        debug_assert_eq!(address % 4, 0);
        self.memory.insert(address, value);
        Ok(())
    }
}
