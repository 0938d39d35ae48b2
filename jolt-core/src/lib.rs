//! The zkVM proper. This issue brings the guest ABI ([`memory_layout`]), ELF
//! loading ([`elf`]) and the tracer ([`tracer`]); witness generation, memory
//! checking, the R1CS, prove and verify come in later issues.

pub mod elf;
pub mod memory_layout;

pub use crate::elf::{load_elf, ElfError, ElfProgram, Segment};
pub use memory_layout::{LayoutError, MemoryLayout};
