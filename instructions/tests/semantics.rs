mod common;

use common::{Rng, EDGE};
use instructions::semantics::{div, divu, rem, remu};
use instructions::{
    execute, execute_expanded, expand, sequence_length, ExecErrorKind, Instruction, MemoryAccess,
    Opcode, SimpleMachine,
};

fn run(op: Opcode, x: u32, y: u32) -> u32 {
    let mut m = SimpleMachine::new();
    m.registers[1] = x;
    m.registers[2] = y;
    let out = execute(&Instruction::new(op, 3, 1, 2, 0), 0x1000, &mut m).unwrap();
    assert_eq!(out.next_pc, 0x1004);
    m.registers[3]
}

#[test]
fn m_extension_edge_cases() {
    use Opcode::*;
    let min = 0x8000_0000u32;
    assert_eq!(run(Div, 7, 0), u32::MAX);
    assert_eq!(run(Divu, 7, 0), u32::MAX);
    assert_eq!(run(Rem, 7, 0), 7);
    assert_eq!(run(Remu, 7, 0), 7);
    assert_eq!(run(Div, min, u32::MAX), min);
    assert_eq!(run(Rem, min, u32::MAX), 0);
    assert_eq!(run(Div, (-7i32) as u32, 2), (-3i32) as u32);
    assert_eq!(run(Rem, (-7i32) as u32, 2), (-1i32) as u32);
    assert_eq!(run(Rem, 7, (-2i32) as u32), 1);
    assert_eq!(run(Mulh, min, min), 0x4000_0000);
    assert_eq!(run(Mulhsu, u32::MAX, u32::MAX), u32::MAX);
    assert_eq!(run(Mulhu, u32::MAX, u32::MAX), 0xffff_fffe);
    assert_eq!(run(Mul, 0x1_0001, 0x1_0001), 0x0002_0001);
    assert_eq!(run(Sll, 1, 33), 2);
    assert_eq!(run(Sra, min, 0xffff_ffff), u32::MAX);
    assert_eq!(run(Srl, min, 31), 1);
    assert_eq!(run(Slt, min, 0), 1);
    assert_eq!(run(Sltu, min, 0), 0);
}

#[test]
fn x0_is_never_written() {
    let mut m = SimpleMachine::new();
    m.registers[1] = 5;
    let out = execute(&Instruction::new(Opcode::Addi, 0, 1, 0, 3), 0, &mut m).unwrap();
    assert_eq!(out.rd_write, None);
    assert_eq!(m.registers[0], 0);
    let out = execute(&Instruction::new(Opcode::Jal, 0, 0, 0, 8), 0, &mut m).unwrap();
    assert_eq!((out.rd_write, out.next_pc), (None, 8));
}

#[test]
fn control_flow_and_errors() {
    use Opcode::*;
    let mut m = SimpleMachine::new();
    m.registers[1] = 0x2001;
    let out = execute(&Instruction::new(Jalr, 5, 1, 0, 3), 0x100, &mut m).unwrap();
    assert_eq!((out.next_pc, m.registers[5]), (0x2004, 0x104));
    let e = execute(&Instruction::new(Jalr, 5, 1, 0, 1), 0x100, &mut m).unwrap_err();
    assert_eq!(e.kind, ExecErrorKind::MisalignedJump { target: 0x2002 });
    assert_eq!(e.pc, 0x100);
    let e = execute(&Instruction::new(Lw, 5, 1, 0, 0), 0x100, &mut m).unwrap_err();
    assert!(matches!(
        e.kind,
        ExecErrorKind::MisalignedLoad { width: 4, .. }
    ));
    let e = execute(&Instruction::new(Sh, 0, 1, 2, 0), 0x100, &mut m).unwrap_err();
    assert!(matches!(
        e.kind,
        ExecErrorKind::MisalignedStore { width: 2, .. }
    ));
    for op in [Ecall, Ebreak] {
        let e = execute(&Instruction::new(op, 0, 0, 0, 0), 0x100, &mut m).unwrap_err();
        assert_eq!(e.kind, ExecErrorKind::Unsupported(op));
        assert!(e.to_string().contains("0x00000100"));
    }
    let before = m.clone();
    let out = execute(&Instruction::new(Fence, 0, 0, 0, 0), 0x100, &mut m).unwrap();
    assert_eq!((out.next_pc, out.rd_write, out.memory), (0x104, None, None));
    assert_eq!(m, before);
    // Not-taken branch to a misaligned target is fine; taken is an error.
    m.registers[2] = 1;
    assert!(execute(&Instruction::new(Beq, 0, 1, 2, 6), 0, &mut m).is_ok());
    assert!(execute(&Instruction::new(Bne, 0, 1, 2, 6), 0, &mut m).is_err());
}

#[test]
fn byte_and_halfword_memory() {
    use Opcode::*;
    let mut m = SimpleMachine::new();
    m.memory.insert(0x100, 0x8899_aabb);
    m.registers[1] = 0x100;
    let load = |m: &mut SimpleMachine, op, imm| {
        execute(&Instruction::new(op, 3, 1, 0, imm), 0, m).unwrap();
        m.registers[3]
    };
    assert_eq!(load(&mut m, Lb, 0), 0xffff_ffbb);
    assert_eq!(load(&mut m, Lbu, 1), 0xaa);
    assert_eq!(load(&mut m, Lh, 2), 0xffff_8899);
    assert_eq!(load(&mut m, Lhu, 0), 0xaabb);
    assert_eq!(load(&mut m, Lw, 0), 0x8899_aabb);
    m.registers[2] = 0x1234_5677;
    let out = execute(&Instruction::new(Sb, 0, 1, 2, 2), 0, &mut m).unwrap();
    assert_eq!(
        out.memory,
        Some(MemoryAccess::Store {
            address: 0x100,
            before: 0x8899_aabb,
            after: 0x8877_aabb
        })
    );
    execute(&Instruction::new(Sh, 0, 1, 2, 0), 0, &mut m).unwrap();
    assert_eq!(m.memory[&0x100], 0x8877_5677);
}

fn reference_and_sequence(op: Opcode, x: u32, y: u32, imm: i32, word: u32) {
    let ins = Instruction::new(op, 3, 1, 2, imm);
    let mut a = SimpleMachine::new();
    a.registers[1] = x;
    a.registers[2] = y;
    a.memory.insert(x.wrapping_add(imm as u32) & !3, word);
    let mut b = a.clone();
    let native = execute(&ins, 0x400, &mut a);
    let steps = execute_expanded(&ins, 0x400, &mut b);
    match (native, steps) {
        (Ok(n), Ok(s)) => {
            assert_eq!(s.len(), sequence_length(op));
            assert_eq!(s.last().unwrap().next_pc, n.next_pc);
            assert!(s[..s.len() - 1].iter().all(|o| o.next_pc == 0x400));
            // Same architectural state and memory; virtual registers may differ.
            assert_eq!(
                a.registers[..32],
                b.registers[..32],
                "{ins} x={x:#x} y={y:#x}"
            );
            assert_eq!(a.memory, b.memory, "{ins} x={x:#x} y={y:#x}");
        }
        (Err(n), Err(s)) => assert_eq!(n, s, "{ins}"),
        (n, s) => panic!("{ins} x={x:#x} y={y:#x}: native {n:?}, sequence {s:?}"),
    }
}

#[test]
fn virtual_sequences_reproduce_the_instructions_they_replace() {
    use Opcode::*;
    let ops = [Mulh, Mulhsu, Div, Divu, Rem, Remu, Lb, Lbu, Lh, Lhu, Sb, Sh];
    let mut rng = Rng::new(3);
    for op in ops {
        assert!(expand(&Instruction::new(op, 3, 1, 2, 0), 0).len() > 1);
        let is_mem = matches!(op, Lb | Lbu | Lh | Lhu | Sb | Sh);
        if is_mem {
            for base in [0x100u32, 0x101, 0x102, 0x103, 0xffff_fffc] {
                for imm in [-1, 0, 1, 2, 3, 6, -2048, 2047] {
                    reference_and_sequence(op, base, 0x1234_5678, imm, 0x8899_aabb);
                    reference_and_sequence(op, base, 0xffff_ff80, imm, 0x0102_0380);
                }
            }
            for _ in 0..100_000 {
                let imm = (rng.below(4096) as i32) - 2048;
                reference_and_sequence(op, rng.next_u32(), rng.next_u32(), imm, rng.next_u32());
            }
        } else {
            for &x in &EDGE {
                for &y in &EDGE {
                    reference_and_sequence(op, x, y, 0, 0);
                }
            }
            for _ in 0..100_000 {
                reference_and_sequence(op, rng.operand(), rng.operand(), 0, 0);
            }
        }
    }
    // Aliasing: rd equal to rs1 or rs2.
    for op in ops {
        for (rd, rs1, rs2) in [(1, 1, 2), (2, 1, 2), (1, 1, 1), (0, 1, 2)] {
            let ins = Instruction::new(op, rd, rs1, rs2, 0);
            let mut a = SimpleMachine::new();
            a.registers[1] = 0x8000_0104;
            a.registers[2] = 0xffff_fffd;
            let mut b = a.clone();
            let n = execute(&ins, 0, &mut a);
            let s = execute_expanded(&ins, 0, &mut b);
            assert_eq!(n.is_ok(), s.is_ok(), "{ins}");
            assert_eq!(a.registers[..32], b.registers[..32], "{ins}");
        }
    }
}

#[test]
fn division_helpers() {
    let mut rng = Rng::new(5);
    for _ in 0..100_000 {
        let (x, y) = (rng.operand(), rng.operand());
        if y != 0 {
            assert_eq!(divu(x, y).wrapping_mul(y).wrapping_add(remu(x, y)), x);
            assert_eq!(div(x, y).wrapping_mul(y).wrapping_add(rem(x, y)), x);
        }
    }
}

#[test]
fn expansion_metadata_is_consistent() {
    use instructions::{is_expanded, ALL_OPCODES};
    for op in ALL_OPCODES.iter().copied().filter(|op| !op.is_virtual()) {
        let ins = Instruction::new(op, 5, 6, 7, 0);
        let steps = expand(&ins, 0x2000);
        assert_eq!(steps.len(), sequence_length(op));
        assert_eq!(steps.len() > 1, is_expanded(op));
        for (i, s) in steps.iter().enumerate() {
            assert_eq!(s.address, 0x2000);
            assert_eq!(s.expanded_from, op);
            assert_eq!(s.position as usize, i);
            assert_eq!(s.length as usize, steps.len());
            assert_eq!(s.is_last(), i + 1 == steps.len());
            assert_eq!(s.remaining() as usize, steps.len() - 1 - i);
            // Steps are lookups (no nested expansion, no ECALL/EBREAK inside).
            if steps.len() > 1 {
                assert!(
                    !is_expanded(s.instruction.opcode),
                    "{op}: {}",
                    s.instruction
                );
                assert!(instructions::lookup_spec(s.instruction.opcode).is_some());
                // Only the last step writes a real register or memory.
                if !s.is_last() {
                    let i = s.instruction;
                    assert!(
                        !i.opcode.writes_rd() || i.rd >= 32,
                        "{op}: step {} writes a real register",
                        s.position
                    );
                    assert_ne!(i.opcode, Opcode::Sw);
                }
            }
        }
        if steps.len() == 1 {
            assert_eq!(steps[0].instruction, ins);
        }
    }
}

/// A machine whose memory ends at 0x1000.
struct Bounded(SimpleMachine);

impl instructions::Machine for Bounded {
    fn read_register(&mut self, reg: u8) -> u32 {
        self.0.read_register(reg)
    }
    fn write_register(&mut self, reg: u8, value: u32) {
        self.0.write_register(reg, value)
    }
    fn load_word(&mut self, address: u32) -> Result<u32, instructions::MemoryError> {
        if address >= 0x1000 {
            return Err(instructions::MemoryError {
                address,
                message: "out of range".into(),
            });
        }
        self.0.load_word(address)
    }
    fn store_word(&mut self, address: u32, value: u32) -> Result<(), instructions::MemoryError> {
        if address >= 0x1000 {
            return Err(instructions::MemoryError {
                address,
                message: "out of range".into(),
            });
        }
        self.0.store_word(address, value)
    }
}

#[test]
fn memory_errors_name_the_pc_and_address_and_change_nothing() {
    use Opcode::*;
    for op in [Lw, Sw, Lb, Lbu, Lh, Lhu, Sb, Sh] {
        let ins = Instruction::new(op, 3, 1, 2, 4);
        for expanded in [false, true] {
            let mut m = Bounded(SimpleMachine::new());
            m.0.registers[1] = 0x2000;
            m.0.registers[2] = 7;
            let before = m.0.clone();
            let e = if expanded {
                execute_expanded(&ins, 0x40, &mut m).unwrap_err()
            } else {
                execute(&ins, 0x40, &mut m).unwrap_err()
            };
            assert_eq!(e.pc, 0x40);
            assert!(
                matches!(&e.kind, ExecErrorKind::Memory(me) if me.address == 0x2004),
                "{e}"
            );
            assert!(e.to_string().contains("0x00000040") && e.to_string().contains("0x00002004"));
            assert_eq!(m.0.registers[..32], before.registers[..32]);
            assert_eq!(m.0.memory, before.memory);
        }
    }
}
