//! Virtual sequences: instructions that are not one lookup expand, in the
//! prover's bytecode, into a fixed sequence of steps, each of which is one
//! lookup (and at most one register write and one memory access).
//!
//! Expanded instructions (see the book for the soundness argument of each):
//!
//! | instruction | length | why |
//! |---|---|---|
//! | SLL, SRL, SRA | 2 | the shift amount is reduced mod 32 first (ANDI): the R1CS reads it as one byte of the lookup index |
//! | MULH | 7 | the signed high product needs the operands' signs |
//! | MULHSU | 4 | same, one signed operand |
//! | DIVU, REMU | 11 | quotient and remainder are advice, checked by lookups |
//! | DIV | 19 | magnitudes, unsigned division core, sign fix-up |
//! | REM | 18 | same, remainder's sign fix-up |
//! | LB, LBU | 8 | RAM is word-addressed: load the word, shift the byte out |
//! | LH, LHU | 9 | same, plus an alignment assertion |
//! | SB | 13 | read-modify-write of the containing word |
//! | SH | 14 | same, plus an alignment assertion |
//!
//! Every other instruction "expands" into itself (a sequence of length 1).
//!
//! Temporaries live in the virtual registers `32..48`. A sequence reads the
//! real instruction's `rs1`/`rs2` only before its last step and writes the
//! real `rd` (or memory) only in its last step, so `rd` may alias `rs1` or
//! `rs2`. Each step records its position and the sequence length so the
//! R1CS can forbid entering a sequence anywhere but position 0 and leaving it
//! before the last step: inside a sequence the pc does not advance (every
//! step carries the real instruction's address); after the last step it
//! becomes `address + 4`.

use crate::instruction::{Instruction, Opcode, Register};
use crate::semantics::{execute, ExecError, ExecErrorKind, Machine, Outcome};

/// One row of the prover's bytecode: an instruction (real or virtual), the
/// address of the real instruction it belongs to, and its place in that
/// instruction's sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VirtualStep {
    /// The instruction this step executes.
    pub instruction: Instruction,
    /// The address of the real instruction (same for every step).
    pub address: u32,
    /// The real instruction's opcode.
    pub expanded_from: Opcode,
    /// Position in the sequence, `0..length`.
    pub position: u16,
    /// Length of the sequence (1 for instructions that are not expanded).
    pub length: u16,
}

impl VirtualStep {
    /// Steps left after this one (`length - 1 - position`); the R1CS can use
    /// it to tie consecutive rows of one sequence together.
    pub fn remaining(&self) -> u16 {
        self.length - 1 - self.position
    }

    /// Whether this step is the last of its sequence.
    pub fn is_last(&self) -> bool {
        self.position + 1 == self.length
    }

    /// Whether this step belongs to a proper sequence (length > 1).
    pub fn is_virtual(&self) -> bool {
        self.length > 1
    }
}

/// Whether an opcode expands into a sequence of more than one step.
pub fn is_expanded(opcode: Opcode) -> bool {
    use Opcode::*;
    matches!(
        opcode,
        Sll | Srl | Sra | Mulh | Mulhsu | Div | Divu | Rem | Remu | Lb | Lbu | Lh | Lhu | Sb | Sh
    )
}

/// The sequence length of an opcode (1 if not expanded).
pub fn sequence_length(opcode: Opcode) -> usize {
    use Opcode::*;
    match opcode {
        Sll | Srl | Sra => 2,
        Mulh => 7,
        Mulhsu => 4,
        Divu | Remu => 11,
        Div => 19,
        Rem => 18,
        Lb | Lbu => 8,
        Lh | Lhu => 9,
        Sb => 13,
        Sh => 14,
        _ => 1,
    }
}

const fn v(i: u8) -> Register {
    crate::constants::FIRST_VIRTUAL_REGISTER + i
}

fn r(op: Opcode, rd: Register, rs1: Register, rs2: Register) -> Instruction {
    Instruction::new(op, rd, rs1, rs2, 0)
}

fn i(op: Opcode, rd: Register, rs1: Register, imm: i32) -> Instruction {
    Instruction::new(op, rd, rs1, 0, imm)
}

fn assert(op: Opcode, rs1: Register, rs2: Register) -> Instruction {
    Instruction::new(op, 0, rs1, rs2, 0)
}

/// The checked unsigned division core: advice `Q = x / y` in `v32`,
/// `R = x % y` in `v33`, temporaries `v34..v37`.
fn division_core(x: Register, y: Register, out: &mut Vec<Instruction>) {
    use Opcode::*;
    let (q, rem, h, l, s) = (v(0), v(1), v(2), v(3), v(4));
    out.extend([
        r(VirtualAdviceDivu, q, x, y),
        r(VirtualAdviceRemu, rem, x, y),
        assert(VirtualAssertValidUnsignedRemainder, rem, y),
        assert(VirtualAssertValidDiv0, y, q),
        r(Mulhu, h, q, y),
        assert(VirtualAssertEq, h, 0),
        r(Mul, l, q, y),
        assert(VirtualAssertLteu, l, x),
        r(Add, s, l, rem),
        assert(VirtualAssertEq, s, x),
    ]);
}

/// The instructions of `instr`'s sequence (just `instr` if not expanded).
pub fn sequence(instr: &Instruction) -> Vec<Instruction> {
    use Opcode::*;
    let Instruction {
        opcode,
        rd,
        rs1,
        rs2,
        imm,
    } = *instr;
    let mut out = Vec::with_capacity(sequence_length(opcode));
    match opcode {
        Sll | Srl | Sra => {
            let shift = match opcode {
                Sll => VirtualSll,
                Srl => VirtualSrl,
                _ => VirtualSra,
            };
            out.extend([i(Andi, v(0), rs2, 31), r(shift, rd, rs1, v(0))]);
        }
        Mulh => out.extend([
            i(VirtualMovsign, v(0), rs1, 0),
            i(VirtualMovsign, v(1), rs2, 0),
            r(Mulhu, v(2), rs1, rs2),
            r(Mul, v(3), v(0), rs2),
            r(Mul, v(4), v(1), rs1),
            r(Add, v(5), v(2), v(3)),
            r(Add, rd, v(5), v(4)),
        ]),
        Mulhsu => out.extend([
            i(VirtualMovsign, v(0), rs1, 0),
            r(Mulhu, v(1), rs1, rs2),
            r(Mul, v(2), v(0), rs2),
            r(Add, rd, v(1), v(2)),
        ]),
        Divu | Remu => {
            division_core(rs1, rs2, &mut out);
            let result = if opcode == Divu { v(0) } else { v(1) };
            out.push(i(Addi, rd, result, 0));
        }
        Div | Rem => {
            let (sx, sy, ax, ay) = (v(8), v(9), v(11), v(13));
            out.extend([
                i(VirtualMovsign, sx, rs1, 0),
                i(VirtualMovsign, sy, rs2, 0),
                r(Xor, v(10), rs1, sx),
                r(Sub, ax, v(10), sx),
                r(Xor, v(12), rs2, sy),
                r(Sub, ay, v(12), sy),
            ]);
            division_core(ax, ay, &mut out);
            if opcode == Div {
                out.extend([
                    r(VirtualQuotientSign, v(14), rs1, rs2),
                    r(Xor, v(15), v(0), v(14)),
                    r(Sub, rd, v(15), v(14)),
                ]);
            } else {
                out.extend([r(Xor, v(15), v(1), sx), r(Sub, rd, v(15), sx)]);
            }
        }
        Lb | Lbu | Lh | Lhu => {
            let half = matches!(opcode, Lh | Lhu);
            let (a, w, word, s, t) = (v(0), v(1), v(2), v(3), v(4));
            out.push(i(Addi, a, rs1, imm));
            if half {
                out.push(assert(VirtualAssertHalfwordAligned, a, 0));
            }
            out.extend([
                i(Andi, w, a, -4),
                i(Lw, word, w, 0),
                // The byte offset `a mod 4` (the virtual shift's amount must
                // be below 32, not only right mod 32).
                r(Sub, s, a, w),
                i(Xori, s, s, if half { 2 } else { 3 }),
                i(Slli, s, s, 3),
                r(VirtualSll, t, word, s),
            ]);
            let shift = if half { 16 } else { 24 };
            let op = if matches!(opcode, Lb | Lh) {
                Srai
            } else {
                Srli
            };
            out.push(i(op, rd, t, shift));
        }
        Sb | Sh => {
            let half = opcode == Sh;
            let (a, w, word, s, mask, data) = (v(0), v(1), v(2), v(3), v(4), v(5));
            out.push(i(Addi, a, rs1, imm));
            if half {
                out.push(assert(VirtualAssertHalfwordAligned, a, 0));
            }
            out.extend([
                i(Andi, w, a, -4),
                i(Lw, word, w, 0),
                r(Sub, s, a, w),
                i(Slli, s, s, 3),
                i(Addi, mask, 0, if half { 0xffff } else { 0xff }),
                r(VirtualSll, mask, mask, s),
                r(VirtualSll, data, rs2, s),
                r(And, data, data, mask),
                i(Xori, mask, mask, -1),
                r(And, word, word, mask),
                r(Or, word, word, data),
                Instruction::new(Sw, 0, w, word, 0),
            ]);
        }
        _ => out.push(*instr),
    }
    debug_assert_eq!(out.len(), sequence_length(opcode));
    out
}

/// The bytecode rows of the real instruction `instr` at `address`.
pub fn expand(instr: &Instruction, address: u32) -> Vec<VirtualStep> {
    let steps = sequence(instr);
    let length = steps.len() as u16;
    steps
        .into_iter()
        .enumerate()
        .map(|(position, instruction)| VirtualStep {
            instruction,
            address,
            expanded_from: instr.opcode,
            position: position as u16,
            length,
        })
        .collect()
}

/// Executes one bytecode row: [`execute`] on its instruction at the real
/// instruction's address, except that inside a sequence the next pc is the
/// same address (the next row of the sequence), and a failed alignment
/// assertion is reported as the misaligned access it guards.
pub fn execute_step<M: Machine + ?Sized>(
    step: &VirtualStep,
    m: &mut M,
) -> Result<Outcome, ExecError> {
    let mut outcome = execute(&step.instruction, step.address, m).map_err(|mut e| {
        if e.kind == ExecErrorKind::AssertionFailed(Opcode::VirtualAssertHalfwordAligned) {
            let address = m_read(m, step.instruction.rs1);
            e.kind = match step.expanded_from {
                Opcode::Sh => ExecErrorKind::MisalignedStore { address, width: 2 },
                _ => ExecErrorKind::MisalignedLoad { address, width: 2 },
            };
        }
        e
    })?;
    if !step.is_last() {
        outcome.next_pc = step.address;
    }
    Ok(outcome)
}

fn m_read<M: Machine + ?Sized>(m: &mut M, reg: Register) -> u32 {
    if reg == 0 {
        0
    } else {
        m.read_register(reg)
    }
}

/// Expands `instr` and executes every step; returns the outcome of each step.
pub fn execute_expanded<M: Machine + ?Sized>(
    instr: &Instruction,
    pc: u32,
    m: &mut M,
) -> Result<Vec<Outcome>, ExecError> {
    expand(instr, pc)
        .iter()
        .map(|step| execute_step(step, m))
        .collect()
}
