//! Every bad ELF gives its own error, and no input makes the loader panic.
mod common;
use common::*;
use jolt_core::{load_elf, ElfError, MemoryLayout};

fn layout() -> MemoryLayout {
    MemoryLayout::default()
}

fn good() -> Vec<u8> {
    let mut code = vec![addi(10, 0, 7)];
    code.extend(halt());
    program(&code)
}

#[test]
fn a_good_program_loads() {
    let p = load_elf(&good(), &layout()).unwrap();
    assert_eq!(p.entry, 0x8000_0000);
    assert_eq!(p.segments.len(), 1);
    assert!(p.segments[0].executable);
    assert_eq!(p.segments[0].data.len(), 12);
}

#[test]
fn random_bytes_are_not_an_elf() {
    let mut x = 0x1234_5678u32;
    let bytes: Vec<u8> = (0..1000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 24) as u8
        })
        .collect();
    assert_eq!(load_elf(&bytes, &layout()), Err(ElfError::NotElf));
    assert_eq!(load_elf(&[], &layout()), Err(ElfError::NotElf));
    assert_eq!(load_elf(b"#!/bin/sh\n", &layout()), Err(ElfError::NotElf));
}

#[test]
fn truncated_files_are_reported_as_truncated() {
    let elf = good();
    assert!(matches!(
        load_elf(&elf[..10], &layout()),
        Err(ElfError::Truncated(_))
    ));
    assert_eq!(
        load_elf(&elf[..40], &layout()),
        Err(ElfError::Truncated("file header"))
    );
    assert_eq!(
        load_elf(&elf[..60], &layout()),
        Err(ElfError::Truncated("program headers"))
    );
    assert_eq!(
        load_elf(&elf[..elf.len() - 1], &layout()),
        Err(ElfError::Truncated("segment data"))
    );
    // Every prefix is an error, never a panic.
    for n in 0..elf.len() {
        assert!(
            load_elf(&elf[..n], &layout()).is_err(),
            "prefix of {n} bytes"
        );
    }
}

#[test]
fn an_x86_64_elf_is_not_32_bit_and_an_i386_elf_is_not_risc_v() {
    let me = std::fs::read(std::env::current_exe().unwrap()).unwrap();
    assert_eq!(load_elf(&me, &layout()), Err(ElfError::Not32Bit(2)));
    let h = Header {
        machine: 3,
        ..Header::default()
    };
    assert_eq!(
        load_elf(&elf32(&h, &[]), &layout()),
        Err(ElfError::NotRiscV(3))
    );
}

#[test]
fn a_64_bit_risc_v_elf_is_rejected() {
    let h = Header {
        class: 2,
        ..Header::default()
    };
    assert_eq!(
        load_elf(&elf32(&h, &[]), &layout()),
        Err(ElfError::Not32Bit(2))
    );
}

#[test]
fn big_endian_and_non_executable_files_are_rejected() {
    let h = Header {
        data: 2,
        ..Header::default()
    };
    assert_eq!(
        load_elf(&elf32(&h, &[]), &layout()),
        Err(ElfError::NotLittleEndian)
    );
    let h = Header {
        e_type: 3,
        ..Header::default()
    };
    assert_eq!(
        load_elf(&elf32(&h, &[]), &layout()),
        Err(ElfError::NotExecutable(3))
    );
}

fn code_seg() -> Seg {
    Seg {
        vaddr: 0x8000_0000,
        data: vec![0x13, 0, 0, 0],
        mem_size: 4,
        flags: PF_R | PF_X,
    }
}

#[test]
fn a_segment_outside_ram_is_rejected() {
    let l = layout();
    let below = Seg {
        vaddr: 0x1000,
        data: vec![1; 8],
        mem_size: 8,
        flags: PF_R,
    };
    let e = load_elf(&elf32(&Header::default(), &[code_seg(), below]), &l).unwrap_err();
    assert!(
        matches!(e, ElfError::SegmentOutsideRam { vaddr: 0x1000, .. }),
        "{e}"
    );
    // Past the end of RAM (bss reaching beyond it).
    let end = (l.ram_end() - 16) as u32;
    let above = Seg {
        vaddr: end,
        data: vec![],
        mem_size: 32,
        flags: PF_R | PF_W,
    };
    let e = load_elf(&elf32(&Header::default(), &[code_seg(), above]), &l).unwrap_err();
    assert!(matches!(e, ElfError::SegmentOutsideRam { .. }), "{e}");
    assert!(e.to_string().contains("outside RAM"));
}

#[test]
fn overlapping_segments_are_rejected_and_a_shared_word_is_not() {
    let l = layout();
    let data = |vaddr: u32, len: u32| Seg {
        vaddr,
        data: vec![7; len as usize],
        mem_size: len,
        flags: PF_R | PF_W,
    };
    let e = load_elf(
        &elf32(&Header::default(), &[code_seg(), data(0x8000_0003, 4)]),
        &l,
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            ElfError::SegmentsOverlap {
                first: 0x8000_0000,
                second: 0x8000_0003
            }
        ),
        "{e}"
    );
    let shared = Seg {
        data: vec![0x13, 0, 0, 0, 1, 2],
        mem_size: 6,
        ..code_seg()
    };
    load_elf(
        &elf32(&Header::default(), &[shared, data(0x8000_0006, 2)]),
        &l,
    )
    .unwrap();
}

#[test]
fn a_segment_overlapping_io_is_rejected() {
    let l = layout();
    for (vaddr, size) in [
        (l.input_start(), 4),
        (l.termination(), 4),
        (l.io_start() - 4, 8),
        (0x7fff_fff0, 0x20),
    ] {
        let seg = Seg {
            vaddr,
            data: vec![],
            mem_size: size,
            flags: PF_R | PF_W,
        };
        let e = load_elf(&elf32(&Header::default(), &[code_seg(), seg]), &l).unwrap_err();
        assert!(
            matches!(e, ElfError::SegmentOverlapsIo { .. }),
            "{vaddr:#x}: {e}"
        );
    }
}

#[test]
fn a_missing_or_bad_entry_point_is_rejected() {
    let h = Header {
        entry: 0,
        ..Header::default()
    };
    assert_eq!(
        load_elf(&elf32(&h, &[code_seg()]), &layout()),
        Err(ElfError::NoEntryPoint)
    );
    let h = Header {
        entry: 0x8000_1000,
        ..Header::default()
    };
    assert_eq!(
        load_elf(&elf32(&h, &[code_seg()]), &layout()),
        Err(ElfError::BadEntryPoint(0x8000_1000))
    );
    let h = Header {
        entry: 0x8000_0002,
        ..Header::default()
    };
    assert_eq!(
        load_elf(&elf32(&h, &[code_seg()]), &layout()),
        Err(ElfError::BadEntryPoint(0x8000_0002))
    );
    // Entry in a data segment.
    let data = Seg {
        vaddr: 0x8000_1000,
        data: vec![0; 8],
        mem_size: 8,
        flags: PF_R | PF_W,
    };
    let h = Header {
        entry: 0x8000_1000,
        ..Header::default()
    };
    assert_eq!(
        load_elf(&elf32(&h, &[code_seg(), data]), &layout()),
        Err(ElfError::BadEntryPoint(0x8000_1000))
    );
    assert_eq!(
        load_elf(&elf32(&Header::default(), &[]), &layout()),
        Err(ElfError::NoLoadableSegment)
    );
}

#[test]
fn mutated_files_never_panic() {
    let elf = good();
    let mut x = 99u32;
    for _ in 0..20_000 {
        let mut m = elf.clone();
        for _ in 0..3 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let pos = (x >> 8) as usize % m.len();
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            m[pos] = (x >> 16) as u8;
        }
        let _ = load_elf(&m, &layout());
        let _ = jolt_core::Program::from_elf(&m, &layout());
    }
}

/// What a preprocessing file's program (a loaded ELF, not ELF bytes) must
/// satisfy: the checks `load_elf` runs, and no program the tracer could
/// not index.
#[test]
fn loaded_programs_are_checked_like_elf_files() {
    use jolt_core::{ElfProgram, Program, Segment};
    let big = MemoryLayout::with_stack(0x8000_0000, 1 << 12, 1024, 1024).unwrap();
    let seg = |vaddr: u32, data: Vec<u8>, executable: bool| Segment {
        vaddr,
        mem_size: data.len() as u32,
        data,
        executable,
        writable: false,
    };
    let nop = 0x0000_0013u32.to_le_bytes().to_vec();
    let good = ElfProgram {
        entry: 0x8000_0000,
        segments: vec![seg(0x8000_0000, nop.clone(), true)],
    };
    good.check(&big).unwrap();
    // An empty segment (loading skips them).
    let mut empty = good.clone();
    empty.segments.push(seg(0x8000_1000, vec![], false));
    assert!(matches!(empty.check(&big), Err(ElfError::Malformed(_))));
    // An entry whose word is not all file data.
    let partial = ElfProgram {
        entry: 0x8000_0000,
        segments: vec![seg(0x8000_0000, vec![0x13, 0, 0], true)],
    };
    assert_eq!(
        partial.check(&big),
        Err(ElfError::BadEntryPoint(0x8000_0000))
    );
    // Code spread over 2 GiB (a 2 GiB index for the tracer).
    let mut spread = good.clone();
    spread.segments.push(seg(0xffff_fff8, nop.clone(), true));
    assert!(matches!(
        spread.check(&big),
        Err(ElfError::CodeTooLarge { .. })
    ));
    // A code segment ending at the top of the address space decodes
    // without overflow.
    let top = ElfProgram {
        entry: 0xffff_fff0,
        segments: vec![
            seg(0xffff_fff0, [nop.clone(), nop.clone()].concat(), true),
            seg(0xffff_fffd, vec![1, 2, 3], true),
        ],
    };
    top.check(&big).unwrap();
    let program = Program::from_loaded(&top, &big);
    assert_eq!(program.bytecode().len(), 2);
}
