//! Loading a guest ELF: checks that it is a 32-bit little-endian RISC-V
//! executable whose loadable segments lie in RAM, and extracts its segments,
//! entry point and (when present) the layout it was linked for.

use crate::memory_layout::{MemoryLayout, RAM_BASE};
use elf::abi::{EM_RISCV, ET_EXEC, PF_W, PF_X, PT_LOAD};
use elf::endian::LittleEndian;
use elf::ElfBytes;
use thiserror::Error;

/// Why an ELF file cannot be run.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ElfError {
    #[error("not an ELF file (bad magic number)")]
    NotElf,
    #[error("truncated ELF file: {0}")]
    Truncated(&'static str),
    #[error("not a 32-bit ELF file (class {0}; 2 means 64-bit)")]
    Not32Bit(u8),
    #[error("not a little-endian ELF file")]
    NotLittleEndian,
    #[error("not a RISC-V ELF file (machine {0:#x}, RISC-V is 0xf3)")]
    NotRiscV(u16),
    #[error("not an executable ELF file (type {0}; 2 is executable)")]
    NotExecutable(u16),
    #[error("ELF has no entry point")]
    NoEntryPoint,
    #[error("entry point {0:#010x} is not a 4-byte aligned address inside an executable segment")]
    BadEntryPoint(u32),
    #[error("ELF has no loadable segment")]
    NoLoadableSegment,
    #[error("segment at {vaddr:#010x} of {size:#x} bytes overlaps the I/O region [{io_start:#010x}, {io_end:#010x})")]
    SegmentOverlapsIo {
        vaddr: u32,
        size: u64,
        io_start: u32,
        io_end: u32,
    },
    #[error("segment at {vaddr:#010x} of {size:#x} bytes lies outside RAM [{ram_base:#010x}, {ram_end:#x})")]
    SegmentOutsideRam {
        vaddr: u32,
        size: u64,
        ram_base: u32,
        ram_end: u64,
    },
    #[error("segments at {first:#010x} and {second:#010x} overlap")]
    SegmentsOverlap { first: u32, second: u32 },
    #[error("malformed ELF file: {0}")]
    Malformed(String),
    #[error("executable segments span {span:#x} bytes, more than the {max:#x} a program may")]
    CodeTooLarge { span: u64, max: u64 },
}

/// The largest span of executable file bytes a program may have (64 MiB:
/// far beyond any guest, and a bound on the tracer's address index).
pub const MAX_CODE_SPAN: u64 = 1 << 26;

/// One loadable segment, as it will be placed in RAM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// First address.
    pub vaddr: u32,
    /// Bytes from the file; the rest up to `mem_size` is zero.
    pub data: Vec<u8>,
    /// Size in memory (at least `data.len()`).
    pub mem_size: u32,
    /// Whether the segment holds code.
    pub executable: bool,
    /// Whether the segment is writable.
    pub writable: bool,
}

/// A loaded guest program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElfProgram {
    /// Address of the first instruction.
    pub entry: u32,
    /// Loadable segments, in file order.
    pub segments: Vec<Segment>,
}

impl ElfProgram {
    /// Checks the loaded program against `layout`: every segment in RAM and
    /// clear of the I/O region, no two segments sharing a byte, and the
    /// entry point an aligned address of file bytes in an executable
    /// segment. [`load_elf`] runs it; so does reading a program back from a
    /// preprocessing file.
    pub fn check(&self, layout: &MemoryLayout) -> Result<(), ElfError> {
        for s in &self.segments {
            let (vaddr, size) = (s.vaddr, s.mem_size as u64);
            if size == 0 {
                return Err(ElfError::Malformed(format!(
                    "segment at {vaddr:#010x} is empty (loading skips empty segments)"
                )));
            }
            if s.data.len() as u64 > size {
                return Err(ElfError::Malformed(format!(
                    "segment at {vaddr:#010x} has more file bytes than memory bytes"
                )));
            }
            if layout.overlaps_io(vaddr, size) {
                return Err(ElfError::SegmentOverlapsIo {
                    vaddr,
                    size,
                    io_start: layout.io_start(),
                    io_end: layout.io_end(),
                });
            }
            if vaddr < RAM_BASE || vaddr as u64 + size > layout.ram_end() {
                return Err(ElfError::SegmentOutsideRam {
                    vaddr,
                    size,
                    ram_base: RAM_BASE,
                    ram_end: layout.ram_end(),
                });
            }
        }
        if self.segments.is_empty() {
            return Err(ElfError::NoLoadableSegment);
        }
        // Segments may share a word (one ends where the next begins, unaligned)
        // but not a byte: the initial memory is their union.
        let mut spans: Vec<(u64, u64)> = self
            .segments
            .iter()
            .map(|s| (s.vaddr as u64, s.vaddr as u64 + s.mem_size as u64))
            .collect();
        spans.sort_unstable();
        if let Some(w) = spans.windows(2).find(|w| w[1].0 < w[0].1) {
            return Err(ElfError::SegmentsOverlap {
                first: w[0].0 as u32,
                second: w[1].0 as u32,
            });
        }
        // The decoder reads whole words of file data: code is at most that
        // span, so the tracer's address index stays small.
        let code: Vec<&Segment> = self.segments.iter().filter(|s| s.executable).collect();
        if let (Some(lo), Some(hi)) = (
            code.iter().map(|s| s.vaddr as u64).min(),
            code.iter()
                .map(|s| s.vaddr as u64 + s.data.len() as u64)
                .max(),
        ) {
            if hi - lo > MAX_CODE_SPAN {
                return Err(ElfError::CodeTooLarge {
                    span: hi - lo,
                    max: MAX_CODE_SPAN,
                });
            }
        }
        if self.entry == 0 {
            return Err(ElfError::NoEntryPoint);
        }
        // The entry's whole word must be file data (the decoder reads only
        // whole words).
        let in_code = code.iter().any(|s| {
            self.entry >= s.vaddr && self.entry as u64 + 4 <= s.vaddr as u64 + s.data.len() as u64
        });
        if !in_code || self.entry % 4 != 0 {
            return Err(ElfError::BadEntryPoint(self.entry));
        }
        Ok(())
    }
}

/// `(ram_size, max_input, max_output)` recorded by the linker script in the
/// ELF's symbol table, if the ELF was linked by the sdk and not stripped.
pub fn layout_from_elf(bytes: &[u8]) -> Option<MemoryLayout> {
    let file = ElfBytes::<LittleEndian>::minimal_parse(bytes).ok()?;
    let (symtab, strtab) = file.symbol_table().ok()??;
    let (mut ram, mut stack, mut inp, mut out) = (None, None, None, None);
    for sym in symtab.iter() {
        let Ok(name) = strtab.get(sym.st_name as usize) else {
            continue;
        };
        let v = u32::try_from(sym.st_value).ok();
        match name {
            "__jolt_RAM_SIZE" => ram = v,
            "__jolt_STACK_SIZE" => stack = v,
            "__jolt_MAX_INPUT" => inp = v,
            "__jolt_MAX_OUTPUT" => out = v,
            _ => {}
        }
    }
    MemoryLayout::with_stack(ram?, stack?, inp?, out?).ok()
}

const EHDR32_SIZE: usize = 52;

/// Parses and checks an ELF file against `layout`.
pub fn load_elf(bytes: &[u8], layout: &MemoryLayout) -> Result<ElfProgram, ElfError> {
    // Checks on the identification and header fields come first so that
    // each common mistake gets its own message.
    if bytes.len() < 4 || &bytes[..4] != b"\x7fELF" {
        return Err(ElfError::NotElf);
    }
    if bytes.len() < 16 {
        return Err(ElfError::Truncated("identification bytes"));
    }
    match bytes[4] {
        1 => {}
        c => return Err(ElfError::Not32Bit(c)),
    }
    if bytes[5] != 1 {
        return Err(ElfError::NotLittleEndian);
    }
    if bytes.len() < EHDR32_SIZE {
        return Err(ElfError::Truncated("file header"));
    }
    let e_type = u16::from_le_bytes([bytes[16], bytes[17]]);
    let machine = u16::from_le_bytes([bytes[18], bytes[19]]);
    if machine != EM_RISCV {
        return Err(ElfError::NotRiscV(machine));
    }
    if e_type != ET_EXEC {
        return Err(ElfError::NotExecutable(e_type));
    }
    let phoff = u32::from_le_bytes(bytes[28..32].try_into().unwrap()) as u64;
    let phentsize = u16::from_le_bytes([bytes[42], bytes[43]]) as u64;
    let phnum = u16::from_le_bytes([bytes[44], bytes[45]]) as u64;
    if phoff + phentsize * phnum > bytes.len() as u64 {
        return Err(ElfError::Truncated("program headers"));
    }

    let file = ElfBytes::<LittleEndian>::minimal_parse(bytes)
        .map_err(|e| ElfError::Malformed(e.to_string()))?;
    let entry = u32::try_from(file.ehdr.e_entry)
        .map_err(|_| ElfError::Malformed("entry point beyond 32 bits".into()))?;
    let phdrs = file.segments().ok_or(ElfError::NoLoadableSegment)?;

    let mut segments = Vec::new();
    for ph in phdrs.iter() {
        if ph.p_type != PT_LOAD || ph.p_memsz == 0 {
            continue;
        }
        let vaddr = u32::try_from(ph.p_vaddr)
            .map_err(|_| ElfError::Malformed("segment address beyond 32 bits".into()))?;
        let size = ph.p_memsz;
        let mem_size = u32::try_from(size).map_err(|_| ElfError::SegmentOutsideRam {
            vaddr,
            size,
            ram_base: RAM_BASE,
            ram_end: layout.ram_end(),
        })?;
        if ph.p_offset.saturating_add(ph.p_filesz) > bytes.len() as u64 {
            return Err(ElfError::Truncated("segment data"));
        }
        let data = file
            .segment_data(&ph)
            .map_err(|_| ElfError::Truncated("segment data"))?
            .to_vec();
        segments.push(Segment {
            vaddr,
            data,
            mem_size,
            executable: ph.p_flags & PF_X != 0,
            writable: ph.p_flags & PF_W != 0,
        });
    }
    let program = ElfProgram { entry, segments };
    program.check(layout)?;
    Ok(program)
}
