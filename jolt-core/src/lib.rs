//! The zkVM proper: the guest ABI ([`memory_layout`]), ELF loading
//! ([`elf`]), the tracer ([`tracer`]), offline memory checking of
//! bytecode, registers and RAM ([`memory`]), the instruction lookups
//! ([`lookups`]), the R1CS ([`r1cs`]) and the proof of a whole execution
//! ([`zkvm`]: [`zkvm::prove`], [`zkvm::verify`]).

#[macro_use]
pub mod columns;
pub mod elf;
#[cfg(feature = "fault-injection")]
pub mod fault;
pub mod lookups;
pub mod memory;
pub mod memory_layout;
pub mod r1cs;
pub mod statement;
pub mod tracer;
pub mod zkvm;

pub use crate::elf::{layout_from_elf, load_elf, ElfError, ElfProgram, Segment};
pub use memory_layout::{LayoutError, MemoryLayout};
pub use statement::Statement;
pub use tracer::{
    instruction_histogram, trace_elf, BytecodeRow, Emulator, Program, RamAccess, Trace, TraceError,
    TraceOptions, TraceRow,
};
