//! The one place that fixes the lookup parameters and the register layout.
//!
//! Every lookup index is a `u64` split into [`C`] chunks of [`LOG_M`] bits,
//! most significant chunk first; every subtable has `M = 2^LOG_M` entries.
//! Two-operand lookups put, in chunk `i`, the `i`-th `LOG_M / 2`-bit piece of
//! the first operand `x` (high half of the chunk) next to the matching piece
//! of the second operand `y` (low half): see [`crate::lookup::interleave`].
//! Single-operand lookups use the operand itself (up to 64 bits) as the index.

/// Width of a RISC-V word.
pub const WORD_BITS: usize = 32;

/// Number of chunks a lookup index splits into.
pub const C: usize = 4;

/// Bits per chunk: subtables have `2^LOG_M` entries.
pub const LOG_M: usize = 16;

/// Subtable size.
pub const M: usize = 1 << LOG_M;

/// Bits of each operand in one chunk of a two-operand (interleaved) index.
pub const OPERAND_CHUNK_BITS: usize = LOG_M / 2;

/// Bits of a lookup index.
pub const INDEX_BITS: usize = C * LOG_M;

/// Number of architectural registers `x0..x31`.
pub const NUM_ARCH_REGISTERS: usize = 32;

/// Registers the VM has: `x0..x31`, then virtual registers used only by
/// virtual sequences.
pub const NUM_REGISTERS: usize = 64;

/// First virtual register (virtual registers are `32..64`).
pub const FIRST_VIRTUAL_REGISTER: u8 = 32;

// The parameters must describe a 64-bit index holding two 32-bit operands.
const _: () = assert!(C * LOG_M == 64);
const _: () = assert!(C * OPERAND_CHUNK_BITS == WORD_BITS);
const _: () = assert!(LOG_M & 1 == 0 && OPERAND_CHUNK_BITS >= 5);
