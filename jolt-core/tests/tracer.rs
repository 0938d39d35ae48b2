//! The tracer on hand-assembled programs: what a row records, and every
//! run-time error with its pc and cause.
mod common;
use common::*;
use jolt_core::tracer::{RamAccess, TraceError, TraceOptions};
use jolt_core::{MemoryLayout, Program};

const BASE: u32 = 0x8000_0000;

fn opts() -> TraceOptions {
    TraceOptions {
        max_cycles: 10_000,
        record: true,
        check_lookups: true,
    }
}

fn load(code: &[u32]) -> Program {
    Program::from_elf(&program(code), &MemoryLayout::default()).unwrap()
}

fn run(code: &[u32], input: &[u8]) -> Result<jolt_core::Trace, TraceError> {
    load(code).trace(input, &opts())
}

/// The address of the `k`-th word of the program.
fn pc(k: u32) -> u32 {
    BASE + 4 * k
}

#[test]
fn rows_record_registers_memory_and_lookups() {
    let l = MemoryLayout::default();
    let mut code = vec![];
    code.extend(li(5, l.output_start())); // 0,1
    code.push(addi(6, 0, 41)); // 2
    code.push(addi(6, 6, 1)); // 3: x6 41 -> 42
    code.push(sw(6, 5, 0)); // 4: output[0..4] = 42
    code.extend(li(7, l.output_len())); // 5,6
    code.push(addi(8, 0, 4)); // 7
    code.push(sw(8, 7, 0)); // 8: output length 4
    code.push(lw(9, 5, 0)); // 9: x9 = 42
    code.extend(halt()); // 10, 11
    let p = load(&code);
    let t = p.trace(&[], &opts()).unwrap();
    assert_eq!(t.output, vec![42, 0, 0, 0]);
    assert!(!t.panicked);
    assert_eq!(t.cycles, 12);
    assert_eq!(t.instructions, 12);
    assert_eq!(t.rows.len(), 12);
    assert_eq!(t.registers[6], 42);
    assert_eq!(t.registers[9], 42);
    assert_eq!(t.registers[2], l.stack_top(), "sp starts at the top of RAM");

    let r3 = &t.rows[3];
    assert_eq!(r3.pc(&p), pc(3));
    assert_eq!(r3.rs1_value, 41);
    assert_eq!(r3.rd_write(&p), Some((6, 41, 42)));
    assert_eq!(r3.lookup_result, 42);
    let q = r3.lookup(&p).unwrap();
    assert_eq!((q.x, q.y, q.index, q.result), (41, 1, 42, 42));

    let r4 = &t.rows[4];
    assert_eq!(r4.rd_write(&p), None);
    assert_eq!(
        r4.ram(&p),
        RamAccess::Write {
            address: l.output_start(),
            old: 0,
            new: 42
        }
    );
    let r9 = &t.rows[9];
    assert_eq!(
        r9.ram(&p),
        RamAccess::Read {
            address: l.output_start(),
            value: 42
        }
    );
    assert_eq!(r9.rd_write(&p), Some((9, 0, 42)));
    assert_eq!(
        t.rows[11].ram(&p),
        RamAccess::Write {
            address: l.termination(),
            old: 0,
            new: 0
        }
    );
}

#[test]
fn division_runs_as_its_virtual_sequence() {
    let mut code = vec![addi(5, 0, -7), addi(6, 0, 2), div(7, 5, 6)];
    code.extend(halt());
    let p = load(&code);
    let t = p.trace(&[], &opts()).unwrap();
    assert_eq!(t.registers[7] as i32, -3);
    let div_rows: Vec<_> = t.rows.iter().filter(|r| r.pc(&p) == pc(2)).collect();
    let len = div_rows.len();
    assert!(len > 1, "DIV expands into a sequence");
    for (k, r) in div_rows.iter().enumerate() {
        let s = r.step(&p);
        assert_eq!((s.position as usize, s.length as usize), (k, len));
        assert_eq!(s.expanded_from, instructions::Opcode::Div);
    }
    // Advice rows carry the quotient and remainder of |x| / |y|.
    let advice: Vec<u32> = div_rows.iter().filter_map(|r| r.advice(&p)).collect();
    assert_eq!(advice, vec![3, 1]);
    assert_eq!(t.cycles as usize, 5 + len - 1);
    assert_eq!(t.instructions, 5);
}

#[test]
fn byte_and_half_word_stores_update_their_word() {
    let l = MemoryLayout::default();
    let mut code = vec![];
    code.extend(li(5, BASE + 0x1000)); // scratch RAM
    code.extend(li(6, 0x1234_5678));
    code.push(sw(6, 5, 0));
    code.push(addi(7, 0, 0xab));
    code.push(sb(7, 5, 1));
    code.push(sh(7, 5, 2));
    code.push(lh(8, 5, 2));
    code.push(lbu(9, 5, 1));
    code.extend(halt());
    let p = load(&code);
    let t = p.trace(&[], &opts()).unwrap();
    assert_eq!(t.registers[8], 0xab);
    assert_eq!(t.registers[9], 0xab);
    let writes: Vec<_> = t
        .rows
        .iter()
        .filter_map(|r| match r.ram(&p) {
            RamAccess::Write { address, old, new } if address == BASE + 0x1000 => Some((old, new)),
            _ => None,
        })
        .collect();
    assert_eq!(
        writes,
        vec![
            (0, 0x1234_5678),
            (0x1234_5678, 0x1234_ab78),
            (0x1234_ab78, 0x00ab_ab78)
        ]
    );
    let _ = l;
}

#[test]
fn input_is_readable_and_panic_is_reported() {
    let l = MemoryLayout::default();
    let mut code = vec![];
    code.extend(li(5, l.input_start()));
    code.push(lw(6, 5, 0));
    code.extend(li(7, l.input_len()));
    code.push(lw(8, 7, 0));
    code.extend(li(9, l.panic()));
    code.push(addi(10, 0, 1));
    code.push(sw(10, 9, 0));
    code.extend(halt());
    let t = run(&code, &[1, 2, 3, 4, 5]).unwrap();
    assert_eq!(t.registers[6], 0x0403_0201);
    assert_eq!(t.registers[8], 5);
    assert!(t.panicked);
    assert!(t.output.is_empty());
}

#[test]
fn illegal_instruction() {
    let e = run(&[addi(5, 0, 1), 0xffff_ffff], &[]).unwrap_err();
    assert!(
        matches!(e, TraceError::IllegalInstruction { pc: p, .. } if p == pc(1)),
        "{e}"
    );
    assert!(e.to_string().contains("0x80000004") && e.to_string().contains("illegal"));
    // All-zero words (padding) are illegal too.
    let e = run(&[0], &[]).unwrap_err();
    assert!(matches!(e, TraceError::IllegalInstruction { .. }), "{e}");
}

#[test]
fn misaligned_accesses() {
    let mut code = li(5, BASE + 0x1002).to_vec();
    code.push(lw(6, 5, 0));
    let e = run(&code, &[]).unwrap_err();
    assert_eq!(
        e,
        TraceError::Misaligned {
            pc: pc(2),
            kind: "load",
            width: 4,
            address: BASE + 0x1002
        }
    );

    let mut code = li(5, BASE + 0x1001).to_vec();
    code.push(sw(6, 5, 1));
    let e = run(&code, &[]).unwrap_err();
    assert_eq!(
        e,
        TraceError::Misaligned {
            pc: pc(2),
            kind: "store",
            width: 4,
            address: BASE + 0x1002
        }
    );

    let mut code = li(5, BASE + 0x1001).to_vec();
    code.push(lh(6, 5, 0));
    let e = run(&code, &[]).unwrap_err();
    assert_eq!(
        e,
        TraceError::Misaligned {
            pc: pc(2),
            kind: "load",
            width: 2,
            address: BASE + 0x1001
        }
    );

    let mut code = li(5, BASE + 0x1001).to_vec();
    code.push(sh(6, 5, 0));
    let e = run(&code, &[]).unwrap_err();
    assert_eq!(
        e,
        TraceError::Misaligned {
            pc: pc(2),
            kind: "store",
            width: 2,
            address: BASE + 0x1001
        }
    );

    let mut code = li(5, BASE + 2).to_vec();
    code.push(jalr(0, 5, 0));
    let e = run(&code, &[]).unwrap_err();
    assert_eq!(
        e,
        TraceError::MisalignedJump {
            pc: pc(2),
            target: BASE + 2
        }
    );
    assert!(e.to_string().contains("at pc 0x80000008"));
}

#[test]
fn out_of_range_accesses() {
    let l = MemoryLayout::default();
    for address in [0x10u32, l.io_start() - 4, l.ram_end() as u32, 0xffff_fffc] {
        let mut code = li(5, address).to_vec();
        code.push(lw(6, 5, 0));
        let e = run(&code, &[]).unwrap_err();
        assert_eq!(
            e,
            TraceError::OutOfRange { pc: pc(2), address },
            "{address:#x}"
        );
        let mut code = li(5, address).to_vec();
        code.push(sb(6, 5, 0));
        let e = run(&code, &[]).unwrap_err();
        assert!(
            matches!(e, TraceError::OutOfRange { pc: p, .. } if p == pc(2)),
            "{e}"
        );
    }
}

/// The input region and its length word are ordinary memory once the guest
/// runs: stores to them succeed and later loads see them (the statement
/// binds their initial contents, not their final ones).
#[test]
fn the_input_region_is_writable() {
    let l = MemoryLayout::default();
    for address in [l.input_start(), l.input_start() + 100, l.input_len()] {
        let mut code = li(5, address).to_vec();
        code.push(addi(6, 0, 0x5a));
        code.push(sw(6, 5, 0));
        code.push(lw(7, 5, 0));
        code.push(sb(6, 5, 1));
        code.push(lw(8, 5, 0));
        code.extend(halt());
        let t = run(&code, &[1, 2, 3, 4, 5]).unwrap();
        assert_eq!(t.registers[7], 0x5a, "{address:#x}");
        assert_eq!(t.registers[8], 0x5a5a, "{address:#x}");
    }
}

#[test]
fn the_cycle_limit() {
    // addi; j -4 (loop forever).
    let code = [addi(5, 5, 1), jal(0, -4)];
    let p = load(&code);
    let o = TraceOptions {
        max_cycles: 1000,
        ..opts()
    };
    let e = p.trace(&[], &o).unwrap_err();
    assert_eq!(
        e,
        TraceError::CycleLimit {
            pc: pc(0),
            limit: 1000
        }
    );
    assert!(e.to_string().contains("cycle limit of 1000"));
}

#[test]
fn pc_outside_code_ecall_and_io_limits() {
    // Jump into the data past the code.
    let mut code = li(5, BASE + 0x8000).to_vec();
    code.push(jalr(0, 5, 0));
    let e = run(&code, &[]).unwrap_err();
    assert_eq!(e, TraceError::PcOutsideCode { pc: BASE + 0x8000 });

    let e = run(&[ECALL], &[]).unwrap_err();
    assert!(matches!(e, TraceError::Unsupported { pc: BASE, .. }), "{e}");

    let l = MemoryLayout::default();
    let e = run(&halt(), &vec![0; l.max_input() as usize + 1]).unwrap_err();
    assert!(matches!(e, TraceError::InputTooLong { .. }), "{e}");

    let mut code = li(5, l.output_len()).to_vec();
    code.extend(li(6, l.max_output() + 1));
    code.push(sw(6, 5, 0));
    code.extend(halt());
    let e = run(&code, &[]).unwrap_err();
    assert!(matches!(e, TraceError::OutputTooLong { .. }), "{e}");
}

#[test]
fn recording_off_gives_the_same_result() {
    let mut code = vec![addi(5, 0, 100), addi(5, 5, -1), bne(5, 0, -4)];
    code.extend(halt());
    let p = load(&code);
    let a = p.trace(&[], &opts()).unwrap();
    let b = p
        .trace(
            &[],
            &TraceOptions {
                record: false,
                ..opts()
            },
        )
        .unwrap();
    assert_eq!(
        (a.cycles, a.registers, a.output.clone()),
        (b.cycles, b.registers, b.output)
    );
    assert_eq!(a.cycles, 1 + 200 + 2);
    assert!(b.rows.is_empty());
}

#[test]
fn a_reused_row_buffer_gives_the_same_trace() {
    let mut code = vec![
        addi(5, 0, 30),
        addi(6, 0, 7),
        div(7, 5, 6),
        addi(5, 5, -1),
        bne(5, 0, -8),
    ];
    code.extend(halt());
    let p = load(&code);
    let a = p.trace(&[], &opts()).unwrap();
    let stale = vec![
        jolt_core::TraceRow {
            rs1_value: 99,
            ..Default::default()
        };
        5000
    ];
    let b = p.trace_reusing(&[], &opts(), stale).unwrap();
    assert_eq!(a, b);
}
