//! The zkVM proper. This issue brings the guest ABI ([`memory_layout`]), ELF
//! loading ([`elf`]) and the tracer ([`tracer`]); witness generation, memory
//! checking, the R1CS, prove and verify come in later issues.

pub mod elf;
pub mod memory_layout;
pub mod tracer;

pub use crate::elf::{layout_from_elf, load_elf, ElfError, ElfProgram, Segment};
pub use memory_layout::{LayoutError, MemoryLayout};
pub use tracer::{
    instruction_histogram, trace_elf, BytecodeRow, Emulator, Program, RamAccess, Trace, TraceError,
    TraceOptions, TraceRow,
};
