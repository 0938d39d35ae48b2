//! The tracer: runs a guest program on the instructions crate's semantics
//! and records one [`TraceRow`] per cycle, where a cycle is one row of the
//! bytecode: a real instruction, or one step of the virtual sequence that
//! replaces it (see [`instructions::virtual_sequence`]).
//!
//! The program is decoded and expanded once, into the [`Program`]'s
//! bytecode, exactly as the prover's bytecode will hold it; the emulator
//! then walks that bytecode, so no word is decoded twice and no row
//! allocates.

use crate::elf::{load_elf, ElfError, ElfProgram};
use crate::memory_layout::{bytes_to_words, MemoryLayout, RAM_BASE};
use instructions::constants::NUM_REGISTERS;
use instructions::{
    decode, execute_step, expand, lookup_for_outcome, lookup_spec, DecodeError, ExecErrorKind,
    Instruction, LookupQuery, LookupSpec, Machine, MemoryAccess, MemoryError, Opcode, Operand,
    ResultUse, VirtualStep,
};
use thiserror::Error;

/// Register number of the stack pointer.
pub const SP: u8 = 2;
/// Default cycle limit: 2^26 rows.
pub const DEFAULT_MAX_CYCLES: u64 = 1 << 26;

/// A guest ready to run: its bytecode (decoded and expanded), its initial
/// memory image and its layout.
#[derive(Clone, Debug)]
pub struct Program {
    layout: MemoryLayout,
    entry: u32,
    /// Every row of the bytecode, in address order; the rows of one real
    /// instruction are consecutive.
    bytecode: Vec<BytecodeRow>,
    /// First address of the code window `code_index` covers.
    code_base: u32,
    /// For each word address `code_base + 4 i`: the index of its first
    /// bytecode row, or `ILLEGAL | j` with `j` indexing `illegal`.
    code_index: Vec<u32>,
    illegal: Vec<DecodeError>,
    /// Initial RAM contents (word-granular, from the ELF segments).
    image: Vec<(u32, Vec<u32>)>,
    /// The loaded ELF everything above was derived from (what a
    /// preprocessing file stores).
    elf: ElfProgram,
}

const ILLEGAL: u32 = 1 << 31;
const NOT_CODE: u32 = u32::MAX;

/// One bytecode row, with what the emulator precomputes about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BytecodeRow {
    /// The (possibly virtual) instruction, its address and its position in
    /// the virtual sequence.
    pub step: VirtualStep,
    /// The row's lookup (table, how the index is formed, how the result is
    /// used); `None` only for ECALL/EBREAK, which do not execute.
    pub lookup: Option<LookupSpec>,
    /// Whether the row after this one is the first row of the instruction
    /// at `address + 4` (so falling through needs no address lookup).
    pub falls_through: bool,
}

/// Everything the prover needs about one cycle, in 32 bytes.
///
/// The executed instruction, its address and its position in a virtual
/// sequence are in the program's bytecode at `bytecode_index`
/// ([`TraceRow::step`]); so are the lookup's table and how its operands form
/// the index ([`LookupSpec`]). The row keeps the values; what two fields
/// would hold twice is kept once: the RAM address of a load or store (LW,
/// SW) *is* its lookup result, and so is an advice value. The accessors
/// [`TraceRow::ram`], [`TraceRow::advice`], [`TraceRow::rd_write`] and
/// [`TraceRow::lookup`] give the full picture.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TraceRow {
    /// Index of the executed row in [`Program::bytecode`].
    pub bytecode_index: u32,
    /// The value read from `rs1` (0 when the instruction reads none).
    pub rs1_value: u32,
    /// The value read from `rs2` (0 when the instruction reads none).
    pub rs2_value: u32,
    /// `rd`'s value before and after the cycle (both 0 when the instruction
    /// writes no register or writes `x0`).
    pub rd_old: u32,
    pub rd_new: u32,
    /// The accessed word's value before and after the cycle (equal for a
    /// load; 0 without access).
    pub ram_old: u32,
    pub ram_new: u32,
    /// The lookup result (every table's entries fit 32 bits).
    pub lookup_result: u32,
}

/// The RAM access of one cycle, as [`TraceRow::ram`] reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RamAccess {
    /// No RAM access.
    None,
    /// A load of the word at `address`.
    Read { address: u32, value: u32 },
    /// A store to the word at `address`, which held `old` and now `new`.
    Write { address: u32, old: u32, new: u32 },
}

impl TraceRow {
    /// The bytecode row this cycle executed.
    pub fn step<'a>(&self, program: &'a Program) -> &'a VirtualStep {
        &program.bytecode[self.bytecode_index as usize].step
    }

    /// The address of the (real) instruction.
    pub fn pc(&self, program: &Program) -> u32 {
        self.step(program).address
    }

    /// The register write `(rd, old, new)`, if the cycle wrote one (never
    /// `x0`).
    pub fn rd_write(&self, program: &Program) -> Option<(u8, u32, u32)> {
        let i = &self.step(program).instruction;
        (i.opcode.writes_rd() && i.rd != 0).then_some((i.rd, self.rd_old, self.rd_new))
    }

    /// The cycle's lookup: table, operands, index and result (`None` only
    /// for rows without a lookup, which never execute).
    pub fn lookup(&self, program: &Program) -> Option<LookupQuery> {
        let row = &program.bytecode[self.bytecode_index as usize];
        let spec = row.lookup?;
        let instr = &row.step.instruction;
        let value = |op: Operand| match op {
            Operand::Rs1 => self.rs1_value,
            Operand::Rs2 => self.rs2_value,
            Operand::Imm => instr.imm as u32,
            Operand::Pc => row.step.address,
            Operand::Advice => self.lookup_result,
            Operand::Zero => 0,
        };
        let (ox, oy) = spec.index.operands();
        let (x, y) = (value(ox), value(oy));
        Some(LookupQuery {
            table: spec.table,
            index_kind: spec.index,
            result_use: spec.result,
            x,
            y,
            index: spec.index.index(x, y),
            result: self.lookup_result as u64,
        })
    }

    /// The RAM access (loads are LW, stores SW: byte and half-word accesses
    /// are expanded into those by their virtual sequences).
    pub fn ram(&self, program: &Program) -> RamAccess {
        match self.step(program).instruction.opcode {
            Opcode::Lw => RamAccess::Read {
                address: self.lookup_result,
                value: self.ram_old,
            },
            Opcode::Sw => RamAccess::Write {
                address: self.lookup_result,
                old: self.ram_old,
                new: self.ram_new,
            },
            _ => RamAccess::None,
        }
    }

    /// The advice value of a virtual advice instruction (its lookup is the
    /// advice itself, truncated to a word: the identity).
    pub fn advice(&self, program: &Program) -> Option<u32> {
        matches!(
            self.step(program).instruction.opcode,
            Opcode::VirtualAdviceDivu | Opcode::VirtualAdviceRemu
        )
        .then_some(self.lookup_result)
    }
}

/// The result of running a guest to its halt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    /// One row per cycle (empty when recording is off).
    pub rows: Vec<TraceRow>,
    /// Cycles executed (bytecode rows, counting every virtual step).
    pub cycles: u64,
    /// Real instructions retired.
    pub instructions: u64,
    /// The output bytes at halt.
    pub output: Vec<u8>,
    /// Whether the guest set the panic word.
    pub panicked: bool,
    /// The termination and panic words at halt. A provable halt leaves them
    /// at 1 and at 0 or 1 (see the guest ABI); the prover checks.
    pub termination_word: u32,
    pub panic_word: u32,
    /// `x0..x31` at halt.
    pub registers: [u32; 32],
    /// What the guest printed through the debug port (at most
    /// [`MAX_DEBUG_OUTPUT`] bytes; not part of any statement).
    pub debug_output: Vec<u8>,
}

/// The most debug text a run keeps; later prints are dropped.
pub const MAX_DEBUG_OUTPUT: usize = 1 << 20;

/// Options of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceOptions {
    /// Stop with an error after this many cycles.
    pub max_cycles: u64,
    /// Record a [`TraceRow`] per cycle (off: only count, for speed tests).
    pub record: bool,
    /// Check every row's lookup result against
    /// [`instructions::lookup_for_outcome`] (slow; for tests).
    pub check_lookups: bool,
}

impl Default for TraceOptions {
    fn default() -> Self {
        Self {
            max_cycles: DEFAULT_MAX_CYCLES,
            record: true,
            check_lookups: false,
        }
    }
}

/// Why a run failed. Every run-time error names the pc and the cause.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum TraceError {
    #[error(transparent)]
    Elf(#[from] ElfError),
    #[error("input of {len} bytes exceeds the maximum of {max}")]
    InputTooLong { len: usize, max: u32 },
    #[error("at pc {pc:#010x}: illegal instruction: {error}")]
    IllegalInstruction { pc: u32, error: DecodeError },
    #[error("at pc {pc:#010x}: pc is outside the program's code")]
    PcOutsideCode { pc: u32 },
    #[error("at pc {pc:#010x}: misaligned {width}-byte {kind} at address {address:#010x}")]
    Misaligned {
        pc: u32,
        kind: &'static str,
        width: u32,
        address: u32,
    },
    #[error("at pc {pc:#010x}: jump or taken branch to misaligned address {target:#010x}")]
    MisalignedJump { pc: u32, target: u32 },
    #[error(
        "at pc {pc:#010x}: access at address {address:#010x} is outside RAM and the I/O region"
    )]
    OutOfRange { pc: u32, address: u32 },
    #[error("at pc {pc:#010x}: {opcode} is not supported (a guest halts by writing the termination word)")]
    Unsupported { pc: u32, opcode: Opcode },
    #[error("at pc {pc:#010x}: virtual instruction {opcode} failed its assertion")]
    AssertionFailed { pc: u32, opcode: Opcode },
    #[error("at pc {pc:#010x}: cycle limit of {limit} reached without halting")]
    CycleLimit { pc: u32, limit: u64 },
    #[error("at halt (pc {pc:#010x}): output length word {len} exceeds the maximum output of {max} bytes")]
    OutputTooLong { pc: u32, len: u32, max: u32 },
    #[error("at pc {pc:#010x}: lookup check failed: {detail}")]
    LookupMismatch { pc: u32, detail: String },
}

impl Program {
    /// Loads an ELF for `layout`.
    pub fn from_elf(bytes: &[u8], layout: &MemoryLayout) -> Result<Self, TraceError> {
        Ok(Self::from_loaded(&load_elf(bytes, layout)?, layout))
    }

    /// Decodes and expands a loaded ELF. Words of executable segments that
    /// are not instructions become errors only if executed.
    pub fn from_loaded(elf: &ElfProgram, layout: &MemoryLayout) -> Self {
        let code: Vec<_> = elf.segments.iter().filter(|s| s.executable).collect();
        let code_base = code.iter().map(|s| s.vaddr & !3).min().unwrap_or(RAM_BASE);
        let code_end = code
            .iter()
            .map(|s| (s.vaddr as u64 + s.data.len() as u64 + 3) & !3)
            .max()
            .unwrap_or(code_base as u64);
        let words = ((code_end - code_base as u64) / 4) as usize;
        let mut code_index = vec![NOT_CODE; words];
        let mut bytecode = Vec::new();
        let mut illegal = Vec::new();
        for seg in &code {
            // Only whole words of file data are code.
            // In u64: a segment may end at the top of the address space.
            let first = (seg.vaddr as u64 + 3) & !3;
            let skip = (first - seg.vaddr as u64) as usize;
            for (k, w) in seg.data[skip.min(seg.data.len())..]
                .chunks_exact(4)
                .enumerate()
            {
                let address = (first + 4 * k as u64) as u32;
                let word = u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
                let slot = &mut code_index[((address - code_base) / 4) as usize];
                match decode(word) {
                    Ok(instr) => {
                        *slot = bytecode.len() as u32;
                        bytecode.extend(expand(&instr, address).into_iter().map(|step| {
                            BytecodeRow {
                                lookup: lookup_spec(step.instruction.opcode),
                                step,
                                falls_through: false,
                            }
                        }));
                    }
                    Err(e) => {
                        *slot = ILLEGAL | illegal.len() as u32;
                        illegal.push(e);
                    }
                }
            }
        }
        let rows = bytecode.len();
        for (i, row) in bytecode.iter_mut().enumerate() {
            let step = row.step;
            if step.position + 1 == step.length && i + 1 < rows {
                let next = step.address.wrapping_add(4).wrapping_sub(code_base) / 4;
                row.falls_through = code_index
                    .get(next as usize)
                    .is_some_and(|&j| j as usize == i + 1);
            }
        }
        let image = elf
            .segments
            .iter()
            .map(|s| {
                // Word-align the segment start; pad the bytes into words.
                let base = s.vaddr & !3;
                let lead = (s.vaddr - base) as usize;
                let mut bytes = vec![0u8; lead];
                bytes.extend_from_slice(&s.data);
                let words = bytes_to_words(&bytes).collect();
                (base, words)
            })
            .collect();
        Program {
            layout: *layout,
            entry: elf.entry,
            bytecode,
            code_base,
            code_index,
            illegal,
            image,
            elf: elf.clone(),
        }
    }

    /// The memory layout the program runs with.
    pub fn layout(&self) -> &MemoryLayout {
        &self.layout
    }

    /// The entry point.
    pub fn entry(&self) -> u32 {
        self.entry
    }

    /// The bytecode: every real instruction's rows (itself, or its virtual
    /// sequence), in address order.
    pub fn bytecode(&self) -> &[BytecodeRow] {
        &self.bytecode
    }

    /// The initial RAM contents from the ELF: `(word-aligned address,
    /// words)` per loadable segment; all other RAM starts at zero.
    pub fn image(&self) -> &[(u32, Vec<u32>)] {
        &self.image
    }

    /// The loaded ELF the program was decoded from.
    pub fn elf(&self) -> &ElfProgram {
        &self.elf
    }

    /// Runs the program on `input` until it halts.
    pub fn trace(&self, input: &[u8], opts: &TraceOptions) -> Result<Trace, TraceError> {
        self.trace_reusing(input, opts, Vec::new())
    }

    /// [`Program::trace`] recording into `rows` (cleared first), whose
    /// memory is reused: pass the `rows` of an earlier trace to avoid
    /// asking the system for fresh pages again.
    pub fn trace_reusing(
        &self,
        input: &[u8],
        opts: &TraceOptions,
        rows: Vec<TraceRow>,
    ) -> Result<Trace, TraceError> {
        let mut emu = Emulator::new(self, input)?;
        emu.run_into(opts, rows)
    }
}

/// The machine state: registers, RAM and the memory-mapped I/O words.
struct State {
    regs: [u32; NUM_REGISTERS],
    ram: Vec<u32>,
    io: Vec<u32>,
    io_start: u32,
    termination: u32,
    debug_port_len: u32,
    debug_output: Vec<u8>,
    halted: bool,
    fault: Option<Fault>,
}

#[derive(Clone, Copy)]
enum Fault {
    OutOfRange(u32),
}

impl State {
    #[inline(always)]
    fn slot(&mut self, address: u32) -> Option<&mut u32> {
        let r = address.wrapping_sub(RAM_BASE) as usize >> 2;
        if r < self.ram.len() {
            return Some(&mut self.ram[r]);
        }
        let i = address.wrapping_sub(self.io_start) as usize >> 2;
        self.io.get_mut(i)
    }

    /// A store of `len` to the debug port: keep the `len` bytes at the
    /// address in the port's first word. Unmapped bytes are skipped: a
    /// print never changes the run.
    #[cold]
    fn print_debug(&mut self, len: u32) {
        let Some(start) = self.slot(self.debug_port_len - 4).map(|w| *w) else {
            return;
        };
        let room = MAX_DEBUG_OUTPUT - self.debug_output.len();
        for a in (0..len.min(room as u32)).map(|i| start.wrapping_add(i)) {
            if let Some(w) = self.slot(a & !3).map(|w| *w) {
                let byte = w.to_le_bytes()[(a & 3) as usize];
                self.debug_output.push(byte);
            }
        }
    }

    fn out_of_range(&mut self, address: u32) -> MemoryError {
        self.fault = Some(Fault::OutOfRange(address));
        MemoryError {
            address,
            message: "outside RAM and the I/O region".into(),
        }
    }
}

impl Machine for State {
    #[inline(always)]
    fn read_register(&mut self, reg: u8) -> u32 {
        self.regs[reg as usize & (NUM_REGISTERS - 1)]
    }

    #[inline(always)]
    fn write_register(&mut self, reg: u8, value: u32) {
        self.regs[reg as usize & (NUM_REGISTERS - 1)] = value;
    }

    #[inline(always)]
    fn load_word(&mut self, address: u32) -> Result<u32, MemoryError> {
        match self.slot(address) {
            Some(w) => Ok(*w),
            None => Err(self.out_of_range(address)),
        }
    }

    #[inline(always)]
    fn store_word(&mut self, address: u32, value: u32) -> Result<(), MemoryError> {
        if address == self.termination {
            self.halted = true;
        }
        if address == self.debug_port_len {
            self.print_debug(value);
        }
        match self.slot(address) {
            Some(w) => {
                *w = value;
                Ok(())
            }
            None => Err(self.out_of_range(address)),
        }
    }
}

/// The emulator: a [`Program`] and the machine state it runs on.
pub struct Emulator<'p> {
    program: &'p Program,
    state: State,
}

impl<'p> Emulator<'p> {
    /// A machine with the program's image loaded, the input in place and
    /// the stack pointer at the top of RAM.
    pub fn new(program: &'p Program, input: &[u8]) -> Result<Self, TraceError> {
        let l = &program.layout;
        if input.len() > l.max_input() as usize {
            return Err(TraceError::InputTooLong {
                len: input.len(),
                max: l.max_input(),
            });
        }
        let mut state = State {
            regs: [0; NUM_REGISTERS],
            ram: vec![0; (l.ram_size() / 4) as usize],
            io: vec![0; ((l.io_end() - l.io_start()) / 4) as usize],
            io_start: l.io_start(),
            termination: l.termination(),
            debug_port_len: l.debug_port_len(),
            debug_output: Vec::new(),
            halted: false,
            fault: None,
        };
        // Segments share no byte, but may share a word: merge, not overwrite.
        for (base, words) in &program.image {
            let start = ((base - RAM_BASE) / 4) as usize;
            for (dst, w) in state.ram[start..start + words.len()].iter_mut().zip(words) {
                *dst |= *w;
            }
        }
        let ii = ((l.input_start() - l.io_start()) / 4) as usize;
        for (k, w) in bytes_to_words(input).enumerate() {
            state.io[ii + k] = w;
        }
        state.io[((l.input_len() - l.io_start()) / 4) as usize] = input.len() as u32;
        state.regs[SP as usize] = l.stack_top();
        Ok(Emulator { program, state })
    }

    /// The current registers `x0..x31`.
    pub fn registers(&self) -> [u32; 32] {
        let mut r = [0; 32];
        r.copy_from_slice(&self.state.regs[..32]);
        r
    }

    /// Reads a word of RAM or I/O (for inspection; `None` if unmapped).
    pub fn read_word(&mut self, address: u32) -> Option<u32> {
        self.state.slot(address & !3).map(|w| *w)
    }

    fn first_row(&self, pc: u32) -> Result<usize, TraceError> {
        let p = self.program;
        let off = pc.wrapping_sub(p.code_base);
        let slot = p
            .code_index
            .get((off / 4) as usize)
            .copied()
            .unwrap_or(NOT_CODE);
        if off % 4 != 0 || slot == NOT_CODE {
            return Err(TraceError::PcOutsideCode { pc });
        }
        if slot & ILLEGAL != 0 {
            let error = p.illegal[(slot & !ILLEGAL) as usize].clone();
            return Err(TraceError::IllegalInstruction { pc, error });
        }
        Ok(slot as usize)
    }

    /// Runs from the entry point to the halt.
    pub fn run(&mut self, opts: &TraceOptions) -> Result<Trace, TraceError> {
        self.run_into(opts, Vec::new())
    }

    /// [`Emulator::run`], recording into `rows` (cleared first).
    pub fn run_into(
        &mut self,
        opts: &TraceOptions,
        mut rows: Vec<TraceRow>,
    ) -> Result<Trace, TraceError> {
        let program = self.program;
        let bytecode = &program.bytecode[..];
        rows.clear();
        if opts.record {
            rows.reserve(opts.max_cycles.min(1 << 16) as usize);
        }
        let mut pc = program.entry;
        let mut index = self.first_row(pc)?;
        let mut cycles = 0u64;
        let mut instructions = 0u64;
        loop {
            if cycles >= opts.max_cycles {
                return Err(TraceError::CycleLimit {
                    pc,
                    limit: opts.max_cycles,
                });
            }
            let row = &bytecode[index];
            let step = &row.step;
            let rd_old = self.state.regs[step.instruction.rd as usize & (NUM_REGISTERS - 1)];
            let outcome = match execute_step(step, &mut self.state) {
                Ok(o) => o,
                Err(e) => return Err(self.exec_error(e.pc, e.kind)),
            };
            cycles += 1;
            if opts.record {
                let lookup_result = lookup_result(row, &outcome);
                if opts.check_lookups {
                    check_lookup(step, &outcome, lookup_result)?;
                }
                let (rd_old, rd_new) = match outcome.rd_write {
                    Some((_, v)) => (rd_old, v),
                    None => (0, 0),
                };
                let (ram_old, ram_new) = match outcome.memory {
                    None => (0, 0),
                    Some(MemoryAccess::Load { value, .. }) => (value, value),
                    Some(MemoryAccess::Store { before, after, .. }) => (before, after),
                };
                rows.push(TraceRow {
                    bytecode_index: index as u32,
                    rs1_value: outcome.rs1_value,
                    rs2_value: outcome.rs2_value,
                    rd_old,
                    rd_new,
                    ram_old,
                    ram_new,
                    lookup_result: lookup_result as u32,
                });
            }
            if step.position + 1 == step.length {
                instructions += 1;
                if self.state.halted {
                    pc = step.address;
                    break;
                }
                pc = outcome.next_pc;
                if row.falls_through && pc == step.address.wrapping_add(4) {
                    index += 1;
                } else {
                    index = self.first_row(pc)?;
                }
            } else {
                index += 1;
            }
        }
        let l = &program.layout;
        let io_word = |s: &State, a: u32| s.io[((a - s.io_start) / 4) as usize];
        let out_len = io_word(&self.state, l.output_len());
        if out_len > l.max_output() {
            return Err(TraceError::OutputTooLong {
                pc,
                len: out_len,
                max: l.max_output(),
            });
        }
        let first = ((l.output_start() - l.io_start()) / 4) as usize;
        let mut output: Vec<u8> = self.state.io[first..first + out_len.div_ceil(4) as usize]
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .collect();
        output.truncate(out_len as usize);
        Ok(Trace {
            rows,
            cycles,
            instructions,
            output,
            panicked: io_word(&self.state, l.panic()) != 0,
            termination_word: io_word(&self.state, l.termination()),
            panic_word: io_word(&self.state, l.panic()),
            registers: self.registers(),
            debug_output: std::mem::take(&mut self.state.debug_output),
        })
    }

    fn exec_error(&mut self, pc: u32, kind: ExecErrorKind) -> TraceError {
        match kind {
            ExecErrorKind::MisalignedLoad { address, width } => TraceError::Misaligned {
                pc,
                kind: "load",
                width,
                address,
            },
            ExecErrorKind::MisalignedStore { address, width } => TraceError::Misaligned {
                pc,
                kind: "store",
                width,
                address,
            },
            ExecErrorKind::MisalignedJump { target } => TraceError::MisalignedJump { pc, target },
            ExecErrorKind::Memory(e) => match self.state.fault.take() {
                Some(Fault::OutOfRange(address)) => TraceError::OutOfRange { pc, address },
                None => TraceError::OutOfRange {
                    pc,
                    address: e.address,
                },
            },
            ExecErrorKind::Unsupported(opcode) => TraceError::Unsupported { pc, opcode },
            ExecErrorKind::AssertionFailed(opcode) => TraceError::AssertionFailed { pc, opcode },
        }
    }
}

/// The lookup result of one executed row, read off the outcome the
/// semantics produced: the value written to `rd`, the jump target, the
/// memory address, whether the branch was taken, 1 for a passed assertion.
/// Where the outcome does not determine it (a write to `x0`; a branch whose
/// offset is 4) the instructions crate's [`lookup_for_outcome`] computes it.
/// Tests run with [`TraceOptions::check_lookups`], which compares every row
/// with [`lookup_for_outcome`].
#[inline(always)]
fn lookup_result(row: &BytecodeRow, o: &instructions::Outcome) -> u64 {
    let Some(spec) = row.lookup else { return 0 };
    let instr = &row.step.instruction;
    match spec.result {
        ResultUse::WriteRd => match o.rd_write {
            Some((_, v)) => v as u64,
            None => slow_result(instr, o),
        },
        ResultUse::BranchTaken if instr.imm != 4 => (o.next_pc != o.pc.wrapping_add(4)) as u64,
        ResultUse::BranchTaken => slow_result(instr, o),
        ResultUse::JumpTarget => o.next_pc as u64,
        ResultUse::MemoryAddress => match o.memory {
            Some(MemoryAccess::Load { address, .. })
            | Some(MemoryAccess::Store { address, .. }) => address as u64,
            None => slow_result(instr, o),
        },
        ResultUse::AssertTrue => 1,
        ResultUse::Unused => 0,
    }
}

#[cold]
fn slow_result(instr: &Instruction, o: &instructions::Outcome) -> u64 {
    lookup_for_outcome(instr, o).map(|q| q.result).unwrap_or(0)
}

fn check_lookup(
    step: &VirtualStep,
    o: &instructions::Outcome,
    result: u64,
) -> Result<(), TraceError> {
    let qr = lookup_for_outcome(&step.instruction, o)
        .map(|q| q.result)
        .unwrap_or(0);
    // The row stores the RAM address and the advice as the lookup result.
    let address = match o.memory {
        Some(MemoryAccess::Load { address, .. }) | Some(MemoryAccess::Store { address, .. }) => {
            Some(address as u64)
        }
        None => None,
    };
    let aliased = address.or(o.advice.map(u64::from));
    if qr != result || qr > u32::MAX as u64 || aliased.is_some_and(|a| a != result) {
        return Err(TraceError::LookupMismatch {
            pc: step.address,
            detail: format!(
                "{}: recorded result {result:#x}, the table gives {qr:#x}, address/advice {aliased:?}",
                step.instruction
            ),
        });
    }
    Ok(())
}

/// Loads an ELF and runs it: the one-call form of [`Program::from_elf`]
/// and [`Program::trace`].
pub fn trace_elf(
    elf: &[u8],
    layout: &MemoryLayout,
    input: &[u8],
    opts: &TraceOptions,
) -> Result<(Program, Trace), TraceError> {
    let program = Program::from_elf(elf, layout)?;
    let trace = program.trace(input, opts)?;
    Ok((program, trace))
}

/// Counts the real instructions of a trace by mnemonic, most frequent first.
pub fn instruction_histogram(program: &Program, trace: &Trace) -> Vec<(&'static str, u64)> {
    let mut counts = std::collections::BTreeMap::new();
    for row in &trace.rows {
        let step = row.step(program);
        if step.position == 0 {
            *counts.entry(step.expanded_from.mnemonic()).or_insert(0u64) += 1;
        }
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}
