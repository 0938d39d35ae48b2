//! The RV32IM instruction set of the zkVM: decoding, the reference semantics,
//! virtual sequences, and each instruction's lookup into a decomposable
//! table.
//!
//! * [`decode()`] turns a word into a typed [`Instruction`] or a
//!   [`DecodeError`] naming the cause.
//! * [`execute`] is the single reference semantics, against any [`Machine`]
//!   (registers and word-addressed memory).
//! * [`expand`] gives the bytecode rows ([`VirtualStep`]) of an instruction:
//!   itself, or the fixed virtual sequence that replaces it;
//!   [`execute_step`] runs one row.
//! * [`lookup_spec`] / [`lookup_query`] give each instruction's lookup into
//!   one of the [`tables`], built from the [`subtables`].
//! * [`constants`] fixes the lookup parameters (C, M, operand interleaving).

pub mod constants;
pub mod decode;
pub mod instruction;
pub mod lookup;
pub mod semantics;
pub mod subtables;
pub mod tables;
pub mod virtual_sequence;

pub use decode::{decode, DecodeError, DecodeErrorReason};
pub use instruction::{Format, Instruction, Opcode, Register, ALL_OPCODES};
pub use lookup::{
    lookup_for_outcome, lookup_query, lookup_spec, IndexKind, LookupQuery, LookupSpec, Operand,
    ResultUse,
};
pub use semantics::{
    execute, ExecError, ExecErrorKind, Machine, MemoryAccess, MemoryError, Outcome, SimpleMachine,
};
pub use subtables::{InstructionSubtable, SubtableKind};
pub use tables::{InstructionTable, TableId, ALL_TABLES};
pub use virtual_sequence::{
    execute_expanded, execute_step, expand, is_expanded, sequence, sequence_length, VirtualStep,
};
