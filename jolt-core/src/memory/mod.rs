//! Offline memory checking of the VM: instruction fetch reads the program's
//! bytecode, and every register and RAM read returns the last value
//! written, starting from the memory the statement fixes and ending in the
//! output it claims.
//!
//! # Statement
//!
//! For a program (its [`MemoryPreprocessing`]: bytecode table, memory
//! layout, initial image) and a [`Statement`] (input bytes, output
//! bytes, panic flag): there are committed per-cycle columns
//! ([`MemoryColumns`]) over `2^n` cycles such that
//!
//! * **bytecode**: every cycle's fetched row (`bytecode_index` and its seven
//!   fields) is a row of the program's bytecode table;
//! * **registers and RAM**: one read-write memory ([`domain`]) with four
//!   accesses per cycle in time order, `rs1`, `rs2`, `rd` (the registers the
//!   fetched row names) and one RAM word, whose reads return the last value
//!   written; it starts as the statement's initial memory (the image, the
//!   input bytes and length, the stack pointer) and ends with the I/O
//!   region holding the statement's output bytes and length, the panic word
//!   (0 or 1) and the termination word 1 (the guest halted); the input
//!   words are writable and their final values are not pinned.
//!
//! What ties the fetched fields to the operands, and the RAM address to
//! the instruction, is the R1CS's job; this module proves the memories.
//! The R1CS must in particular enforce, per cycle:
//!
//! * `rs1_value`, `rs2_value`, `rd_read`, `rd_write` are the instruction's
//!   operands and result, and `rd_write = rd_read` when the fetched `rd`
//!   is 0, so `x0` stays 0 (memory checking alone lets a write to `x0`
//!   stick);
//! * on a load or store, `ram_address` is the cell address of the byte
//!   address `A` the instruction computes: `2^32 + (A - io_start) / 4` or
//!   `2^33 + (ram_end - 4 - A) / 4` (which one: a boolean the prover
//!   picks; a wrong pick names no cell and is rejected), with `A`
//!   word-aligned (a misaligned `A` makes the division leave the small
//!   integers and names no cell); loads have `ram_write = ram_read`;
//! * on every other cycle `ram_address = 0` (the cell of `x0`) and
//!   `ram_write = ram_read`;
//! * a store to the termination word is the last cycle before padding
//!   (the final check only sees that the word ends at 1).
//!
//! # Committed polynomials
//!
//! All are small integers, committed as compact polynomials: per cycle the
//! fetched index, its 7 fields and the fetch read count; `rs1`, `rs2`,
//! `rd`-before, `rd`-after, the RAM cell address, RAM-before, RAM-after;
//! 4 read timestamps; the range check's 4 low limbs and 8 limb read counts
//! (32 per cycle); the bytecode's final counts; the domain's final values
//! and timestamps; the range check's `2^h` final counts. Timestamps are
//! `4 i + s + 1` for slot `s` at cycle `i`, which the verifier knows, so
//! write timestamps are not committed.
//!
//! # Protocol
//!
//! 1. The statement (program, layout, input, output, panic flag), the sizes
//!    (`n`, the domain's segments) and all commitments are absorbed.
//! 2. `gamma`, `tau`; the three memories' multiset equations through
//!    [`lasso::memory_checking`] (bytecode read-only; registers and RAM
//!    read-write; the range check `4 i + s - read_ts in [0, 2^(2h))`,
//!    `h = ceil((n + 2) / 2)`, as two `h`-bit limb lookups into one
//!    identity table), one batched grand product per vector length.
//! 3. The prover sends every committed polynomial's evaluation at the point
//!    of its length; the verifier rebuilds each memory's tuples from them
//!    and from what it computes itself (bytecode table MLE, cell
//!    addresses, initial memory, timestamps) and checks the grand products'
//!    claims ([`columns::tuples`], the same code the prover used).
//! 4. **Final I/O**: for `r'` drawn now, a degree-3 sum-check over the
//!    aligned block of `2^c` cells holding the I/O region proves
//!    `sum_j eq(r', j) io(j) final(base + j) = e~(r')`, where `io` is 1 on
//!    the pinned cells (output, output length, panic and termination words)
//!    and `e` holds the words the statement fixes. Since `final` was
//!    committed before `r'`, this forces `final = e` on every pinned cell
//!    (Schwartz-Zippel over `c` variables).
//! 5. Every evaluation (same-point claims merged) goes into the opening
//!    accumulator, proven by one batched opening.
//!
//! # Soundness
//!
//! The memory-checking argument is in [`lasso::memory_checking`]; the
//! domain's in [`domain`]. The initial memory is the verifier's own
//! computation, so the first read of every cell returns the statement's
//! value; the final values of the I/O cells are pinned by step 4, so the
//! last write to each is the statement's output; a halt is a write of 1 to
//! the termination word, which starts at 0.

pub mod bytecode;
pub mod columns;
pub mod domain;
pub mod proof;
pub mod witness;

use thiserror::Error;

use crate::memory_layout::{bytes_to_words, MemoryLayout};
use crate::tracer::{Program, SP};

pub use bytecode::BytecodeTable;
pub use columns::{MemoryColumns, NUM_COLUMNS};
pub use domain::{DomainError, MemoryDomain};
pub use proof::{prove, prove_deferred, verify, verify_deferred, DeferredMemoryProof, MemoryProof};
pub use witness::MemoryWitness;

/// Longest trace the memory checks prove: 2^28 cycles.
pub const MAX_LOG_ROWS: usize = 28;

/// What the memory checks need of a program; the same for prover and
/// verifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryPreprocessing {
    pub layout: MemoryLayout,
    pub bytecode: BytecodeTable,
    /// The ELF's initial RAM words: `(word-aligned address, words)`.
    pub image: Vec<(u32, Vec<u32>)>,
}

impl MemoryPreprocessing {
    pub fn new(program: &Program) -> Self {
        Self {
            layout: *program.layout(),
            bytecode: BytecodeTable::new(program),
            image: program.image().to_vec(),
        }
    }

    /// Bytes fixing the program for the transcript (every variable-length
    /// part prefixed with its length, so the encoding is unambiguous).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        for (_, value) in self.layout.constants() {
            bytes.extend(value.to_le_bytes());
        }
        bytes.extend((self.bytecode.log_size() as u32).to_le_bytes());
        bytes.extend(self.bytecode.to_bytes());
        bytes.extend((self.image.len() as u32).to_le_bytes());
        for (base, words) in &self.image {
            bytes.extend(base.to_le_bytes());
            bytes.extend((words.len() as u32).to_le_bytes());
            bytes.extend(words.iter().flat_map(|w| w.to_le_bytes()));
        }
        bytes
    }
}

/// The public part of a run that memory binds: input, output, panic flag.
pub use crate::statement::Statement;

/// Why a memory witness or proof could not be made.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum MemoryError {
    #[error("trace of {cycles} cycles exceeds the maximum of 2^{MAX_LOG_ROWS}")]
    TraceTooLong { cycles: usize },
    #[error("input of {len} bytes exceeds the layout's maximum of {max}")]
    InputTooLong { len: usize, max: u32 },
    #[error("output of {len} bytes exceeds the layout's maximum of {max}")]
    OutputTooLong { len: usize, max: u32 },
    #[error("cycle {cycle}: bytecode index {index} is not a row of the program")]
    BadBytecodeIndex { cycle: usize, index: u32 },
    #[error("cycle {cycle}: RAM address {address:#010x} has no cell in the memory domain")]
    AddressOutsideDomain { cycle: usize, address: u32 },
    #[error(
        "cycle {cycle}, slot {slot}: the trace read {found:#x} where memory holds {expected:#x}"
    )]
    TraceInconsistent {
        cycle: usize,
        slot: usize,
        expected: u32,
        found: u32,
    },
    #[error("the final memory does not match the statement: {0}")]
    StatementMismatch(String),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

/// The word offset of byte address `a` in the I/O region.
fn io_offset(layout: &MemoryLayout, a: u32) -> usize {
    ((a - layout.io_start()) / 4) as usize
}

/// The I/O region's words at the start: the input and its length.
pub fn io_initial_words(layout: &MemoryLayout, input: &[u8]) -> Result<Vec<u32>, MemoryError> {
    if input.len() > layout.max_input() as usize {
        return Err(MemoryError::InputTooLong {
            len: input.len(),
            max: layout.max_input(),
        });
    }
    let mut io = vec![0u32; domain::io_words(layout)];
    let start = io_offset(layout, layout.input_start());
    for (k, w) in bytes_to_words(input).enumerate() {
        io[start + k] = w;
    }
    io[io_offset(layout, layout.input_len())] = input.len() as u32;
    Ok(io)
}

/// The I/O region's words at the halt, as the statement says: the output
/// (zero beyond its length), its length, the panic word (0 or 1) and the
/// termination word 1. The input words and the input length are as at the
/// start here, but the final check does not pin them: the guest may write
/// them.
pub fn io_final_words(
    layout: &MemoryLayout,
    statement: &Statement,
) -> Result<Vec<u32>, MemoryError> {
    if statement.output.len() > layout.max_output() as usize {
        return Err(MemoryError::OutputTooLong {
            len: statement.output.len(),
            max: layout.max_output(),
        });
    }
    let mut io = io_initial_words(layout, &statement.input)?;
    let start = io_offset(layout, layout.output_start());
    for (k, w) in bytes_to_words(&statement.output).enumerate() {
        io[start + k] = w;
    }
    io[io_offset(layout, layout.output_len())] = statement.output.len() as u32;
    io[io_offset(layout, layout.panic())] = statement.panicked as u32;
    io[io_offset(layout, layout.termination())] = 1;
    Ok(io)
}

/// The nonzero cells of the initial memory: the stack pointer, the input
/// and its length, the program image (words outside the domain have no
/// cell and are left out).
pub fn init_cells(
    pre: &MemoryPreprocessing,
    domain: &MemoryDomain,
    input: &[u8],
) -> Result<Vec<(usize, u32)>, MemoryError> {
    let layout = &pre.layout;
    let mut cells = vec![(domain.register_cell(SP), layout.stack_top())];
    let io = io_initial_words(layout, input)?;
    for (k, w) in io.iter().enumerate() {
        let address = layout.io_start() + 4 * k as u32;
        if *w != 0 {
            cells.push((
                domain
                    .cell_of(address)
                    .expect("the I/O region is in the domain"),
                *w,
            ));
        }
    }
    for (base, image) in &pre.image {
        for (j, w) in image.iter().enumerate() {
            if *w == 0 {
                continue;
            }
            if let Some(k) = domain.cell_of(base + 4 * j as u32) {
                cells.push((k, *w));
            }
        }
    }
    // Two segments may share a word (never a byte): their words merge, as
    // in the tracer.
    cells.sort_unstable_by_key(|(k, _)| *k);
    cells.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 |= later.1;
        }
        same
    });
    Ok(cells)
}
