//! The advice checks of the division sequences are sound: any advice other
//! than the honest quotient and remainder makes some assertion lookup
//! return 0, including advice crafted so that `q * y + r = x (mod 2^32)`.

mod common;

use common::{Rng, EDGE};
use instructions::lookup::{lookup_for_outcome, ResultUse};
use instructions::{execute, execute_step, expand, Instruction, Opcode, SimpleMachine};

/// Runs `ins`'s sequence with the advice steps' values replaced by
/// `tamper(honest_q_or_r, position)`; returns `Ok(rd)` when every assertion
/// lookup returned 1, `Err(position)` of the first failing assertion.
fn run_with_advice(
    ins: &Instruction,
    x: u32,
    y: u32,
    mut advice: impl FnMut(Opcode, u32) -> u32,
) -> Result<u32, usize> {
    let mut m = SimpleMachine::new();
    m.registers[1] = x;
    m.registers[2] = y;
    for step in expand(ins, 0x100) {
        let op = step.instruction.opcode;
        if matches!(op, Opcode::VirtualAdviceDivu | Opcode::VirtualAdviceRemu) {
            let honest = execute_step(&step, &mut m).unwrap().advice.unwrap();
            let value = advice(op, honest);
            m.registers[step.instruction.rd as usize] = value;
            continue;
        }
        // Assertions are judged by their lookup, not by `execute`.
        let mut probe = m.clone();
        let out = match execute(&step.instruction, step.address, &mut probe) {
            Ok(o) => o,
            Err(_) => {
                // Compute the operands by hand for the lookup.
                let i = step.instruction;
                instructions::Outcome {
                    pc: 0x100,
                    next_pc: 0,
                    rs1_value: m.registers[i.rs1 as usize],
                    rs2_value: m.registers[i.rs2 as usize],
                    rd_write: None,
                    memory: None,
                    advice: None,
                }
            }
        };
        let query = lookup_for_outcome(&step.instruction, &out).unwrap();
        if query.result_use == ResultUse::AssertTrue {
            if query.result != 1 {
                return Err(step.position as usize);
            }
            continue;
        }
        m = probe;
    }
    Ok(m.registers[3])
}

fn candidates(rng: &mut Rng, x: u32, y: u32, q: u32, r: u32) -> Vec<(u32, u32)> {
    let mut qs = vec![
        q.wrapping_add(1),
        q.wrapping_sub(1),
        q.wrapping_add(0x8000_0000),
        q ^ (1 << rng.below(32)),
        rng.next_u32(),
        u32::MAX,
        0,
        q,
    ];
    if y != 0 {
        // q' with q' y = q y (mod 2^32): the overflow attack.
        let tz = y.trailing_zeros();
        qs.push(q.wrapping_add(1u32.wrapping_shl(32 - tz)));
    }
    let mut out = vec![];
    for q2 in qs {
        out.push((q2, x.wrapping_sub(q2.wrapping_mul(y)))); // sum check passes
        out.push((q2, r));
        out.push((q2, r.wrapping_add(y)));
        out.push((q2, rng.next_u32()));
    }
    out
}

#[test]
fn honest_advice_passes_and_any_other_advice_fails() {
    let mut rng = Rng::new(41);
    for op in [Opcode::Divu, Opcode::Remu, Opcode::Div, Opcode::Rem] {
        let ins = Instruction::new(op, 3, 1, 2, 0);
        let mut pairs: Vec<(u32, u32)> = vec![];
        for &x in &EDGE {
            for &y in &EDGE {
                pairs.push((x, y));
            }
        }
        for _ in 0..3_000 {
            pairs.push((rng.operand(), rng.operand()));
        }
        let mut rejected = 0usize;
        for (x, y) in pairs {
            let mut m = SimpleMachine::new();
            m.registers[1] = x;
            m.registers[2] = y;
            let expected = execute(&ins, 0, &mut m).unwrap().rd_write.unwrap().1;
            assert_eq!(run_with_advice(&ins, x, y, |_, h| h), Ok(expected));
            // The advice is computed on magnitudes for DIV/REM.
            let (ax, ay) = if matches!(op, Opcode::Div | Opcode::Rem) {
                ((x as i32).unsigned_abs(), (y as i32).unsigned_abs())
            } else {
                (x, y)
            };
            let (q, r) = (
                instructions::semantics::divu(ax, ay),
                instructions::semantics::remu(ax, ay),
            );
            for (q2, r2) in candidates(&mut rng, ax, ay, q, r) {
                let res = run_with_advice(&ins, x, y, |op, _| {
                    if op == Opcode::VirtualAdviceDivu {
                        q2
                    } else {
                        r2
                    }
                });
                if (q2, r2) == (q, r) {
                    assert_eq!(res, Ok(expected));
                } else {
                    assert!(
                        res.is_err(),
                        "{ins}: x={x:#x} y={y:#x} accepted q'={q2:#x} r'={r2:#x} (honest q={q:#x} r={r:#x}), rd={res:?}"
                    );
                    rejected += 1;
                }
            }
        }
        assert!(rejected > 10_000);
    }
}
