//! The zkVM proper: the guest ABI ([`memory_layout`]), ELF loading
//! ([`elf`]), the tracer ([`tracer`]) and offline memory checking of
//! bytecode, registers and RAM ([`memory`]); the R1CS, prove and verify
//! come in later issues.

pub mod elf;
pub mod lookups;
pub mod memory;
pub mod memory_layout;
pub mod r1cs;
pub mod tracer;

pub use crate::elf::{layout_from_elf, load_elf, ElfError, ElfProgram, Segment};
pub use memory_layout::{LayoutError, MemoryLayout};
pub use tracer::{
    instruction_histogram, trace_elf, BytecodeRow, Emulator, Program, RamAccess, Trace, TraceError,
    TraceOptions, TraceRow,
};
