//! The guest ABI's memory map: the single definition from which the linker
//! script, the C header's constants and the Rust guest runtime take their
//! addresses.
//!
//! ```text
//!   0x8000_0000 + ram_size  ── top of RAM
//!   top - 12 .. top - 16    ── debug port: print length, print address
//!   top - 16                ── initial stack pointer
//!        ...                   stack (grows down), heap (grows up)
//!   0x8000_0000             ── RAM base: ELF segments start here
//!   ram_base - 4            ── termination word  (store => halt)
//!   ram_base - 8            ── panic word        (nonzero => panicked)
//!   ram_base - 12           ── output length word (bytes written so far)
//!   ram_base - 16           ── input length word
//!   output_start            ── output region, max_output bytes (rounded to 4)
//!   input_start             ── input region, max_input bytes
//! ```
//!
//! Everything below `input_start` and everything at or above the top of RAM
//! is unmapped: an access there is an error.

use thiserror::Error;

/// Where RAM starts. Fixed by the ABI; everything else is relative to it.
pub const RAM_BASE: u32 = 0x8000_0000;
/// Default RAM size: 16 MiB.
pub const DEFAULT_RAM_SIZE: u32 = 16 << 20;
/// Default stack reservation at the top of RAM: 256 KiB.
pub const DEFAULT_STACK_SIZE: u32 = 256 << 10;
/// Default maximum input length in bytes.
pub const DEFAULT_MAX_INPUT: u32 = 4096;
/// Default maximum output length in bytes.
pub const DEFAULT_MAX_OUTPUT: u32 = 4096;
/// Largest allowed RAM: the whole upper half of the 32-bit address space.
pub const MAX_RAM_SIZE: u32 = 0x8000_0000;
/// Largest allowed input or output maximum: 256 MiB each.
pub const MAX_IO_SIZE: u32 = 256 << 20;

/// The memory layout of a guest: RAM and the memory-mapped I/O just below it.
///
/// `ram_size`, `max_input` and `max_output` are statement fields: a proof is
/// about one layout, and the verifier must know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MemoryLayout {
    ram_size: u32,
    stack_size: u32,
    max_input: u32,
    max_output: u32,
}

/// A layout whose parameters do not fit the address space or each other.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum LayoutError {
    #[error("RAM size {0:#x} must be a nonzero multiple of 4096 and at most {MAX_RAM_SIZE:#x}")]
    RamSize(u32),
    #[error("stack size {stack:#x} must be a multiple of 16 and smaller than RAM ({ram:#x})")]
    StackSize { stack: u32, ram: u32 },
    #[error("maximum {what} size {size:#x} exceeds {MAX_IO_SIZE:#x}")]
    IoSize { what: &'static str, size: u32 },
}

impl Default for MemoryLayout {
    fn default() -> Self {
        Self {
            ram_size: DEFAULT_RAM_SIZE,
            stack_size: DEFAULT_STACK_SIZE,
            max_input: DEFAULT_MAX_INPUT,
            max_output: DEFAULT_MAX_OUTPUT,
        }
    }
}

/// Packs bytes little-endian into words, the last padded with zeros: how
/// the input, the output and the ELF's segments sit in word-addressed
/// memory.
pub fn bytes_to_words(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.chunks(4).map(|c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        u32::from_le_bytes(w)
    })
}

const fn round4(x: u32) -> u32 {
    (x + 3) & !3
}

impl MemoryLayout {
    /// A layout with the given RAM size and I/O maxima and the default stack.
    pub fn new(ram_size: u32, max_input: u32, max_output: u32) -> Result<Self, LayoutError> {
        Self::with_stack(
            ram_size,
            DEFAULT_STACK_SIZE.min(ram_size / 2),
            max_input,
            max_output,
        )
    }

    /// A layout with every parameter given.
    pub fn with_stack(
        ram_size: u32,
        stack_size: u32,
        max_input: u32,
        max_output: u32,
    ) -> Result<Self, LayoutError> {
        if ram_size == 0 || ram_size % 4096 != 0 || ram_size > MAX_RAM_SIZE {
            return Err(LayoutError::RamSize(ram_size));
        }
        if stack_size % 16 != 0 || stack_size >= ram_size {
            return Err(LayoutError::StackSize {
                stack: stack_size,
                ram: ram_size,
            });
        }
        if max_input > MAX_IO_SIZE {
            return Err(LayoutError::IoSize {
                what: "input",
                size: max_input,
            });
        }
        if max_output > MAX_IO_SIZE {
            return Err(LayoutError::IoSize {
                what: "output",
                size: max_output,
            });
        }
        Ok(Self {
            ram_size,
            stack_size,
            max_input,
            max_output,
        })
    }

    /// First byte of RAM.
    pub const fn ram_base(&self) -> u32 {
        RAM_BASE
    }
    /// RAM size in bytes.
    pub const fn ram_size(&self) -> u32 {
        self.ram_size
    }
    /// One past the last byte of RAM, as a 64-bit value (it may be 2^32).
    pub const fn ram_end(&self) -> u64 {
        RAM_BASE as u64 + self.ram_size as u64
    }
    /// Bytes reserved for the stack at the top of RAM (the heap stops there).
    pub const fn stack_size(&self) -> u32 {
        self.stack_size
    }
    /// Initial stack pointer: the top of RAM, less 16 so it stays a valid
    /// 32-bit address even when RAM reaches the end of the address space.
    pub const fn stack_top(&self) -> u32 {
        (self.ram_end() - 16) as u32
    }
    /// The debug port: two RAM words above the initial stack pointer, which
    /// the stack never reaches. A guest prints `len` bytes at `addr` by
    /// storing `addr` to this word and then `len` to the next
    /// ([`MemoryLayout::debug_port_len`]); the tracer shows the text. They
    /// are ordinary RAM stores, proven like any other, and the text is not
    /// part of the statement.
    pub const fn debug_port(&self) -> u32 {
        self.stack_top()
    }
    /// The debug port's length word: a store here prints.
    pub const fn debug_port_len(&self) -> u32 {
        self.stack_top() + 4
    }
    /// Lowest address the heap may not reach (bottom of the stack).
    pub const fn heap_end(&self) -> u32 {
        self.stack_top() - self.stack_size
    }
    /// Maximum input length in bytes.
    pub const fn max_input(&self) -> u32 {
        self.max_input
    }
    /// Maximum output length in bytes.
    pub const fn max_output(&self) -> u32 {
        self.max_output
    }
    /// The word whose store halts the guest.
    pub const fn termination(&self) -> u32 {
        RAM_BASE - 4
    }
    /// The word a panicking guest sets to a nonzero value before halting.
    pub const fn panic(&self) -> u32 {
        RAM_BASE - 8
    }
    /// The word holding the number of output bytes written.
    pub const fn output_len(&self) -> u32 {
        RAM_BASE - 12
    }
    /// The word holding the input length.
    pub const fn input_len(&self) -> u32 {
        RAM_BASE - 16
    }
    /// First byte of the output region.
    pub const fn output_start(&self) -> u32 {
        self.input_len() - round4(self.max_output)
    }
    /// First byte of the input region.
    pub const fn input_start(&self) -> u32 {
        self.output_start() - round4(self.max_input)
    }
    /// Lowest memory-mapped I/O address.
    pub const fn io_start(&self) -> u32 {
        self.input_start()
    }
    /// One past the highest memory-mapped I/O address (the RAM base).
    pub const fn io_end(&self) -> u32 {
        RAM_BASE
    }
    /// Whether `[addr, addr + len)` lies inside RAM.
    pub const fn in_ram(&self, addr: u32, len: u32) -> bool {
        addr >= RAM_BASE && (addr as u64 + len as u64) <= self.ram_end()
    }
    /// Whether `[addr, addr + len)` intersects the I/O area.
    pub const fn overlaps_io(&self, addr: u32, len: u64) -> bool {
        (addr as u64) < self.io_end() as u64 && addr as u64 + len > self.io_start() as u64
    }
    /// Whether the guest may store to this (aligned) address of the I/O area:
    /// the output region, the output length, panic and termination words.
    pub const fn io_writable(&self, addr: u32) -> bool {
        addr >= self.output_start() && addr < self.io_end() && addr != self.input_len()
    }

    /// Every named constant, as `(name, value)`, in address order from the
    /// top; the C header, the Rust guest runtime and the linker script are
    /// generated from this list.
    pub fn constants(&self) -> Vec<(&'static str, u32)> {
        vec![
            ("RAM_BASE", self.ram_base()),
            ("RAM_SIZE", self.ram_size()),
            ("DEBUG_PORT", self.debug_port()),
            ("STACK_TOP", self.stack_top()),
            ("STACK_SIZE", self.stack_size()),
            ("HEAP_END", self.heap_end()),
            ("TERMINATION", self.termination()),
            ("PANIC", self.panic()),
            ("OUTPUT_LEN", self.output_len()),
            ("INPUT_LEN", self.input_len()),
            ("OUTPUT_START", self.output_start()),
            ("MAX_OUTPUT", self.max_output()),
            ("INPUT_START", self.input_start()),
            ("MAX_INPUT", self.max_input()),
        ]
    }

    /// The linker script for a guest with this layout. It places every
    /// loadable section in RAM, and defines `__jolt_<name>` absolute symbols
    /// for each of [`MemoryLayout::constants`] (plus `__jolt_heap_start`,
    /// the end of the loaded image), which the C header and the Rust
    /// runtime use. The tracer reads the `__jolt_RAM_SIZE`, `__jolt_MAX_INPUT`
    /// and `__jolt_MAX_OUTPUT` symbols back to recover the layout of an ELF.
    pub fn linker_script(&self) -> String {
        let mut s = String::new();
        s.push_str("/* Generated from jolt_core::MemoryLayout; do not edit. */\n");
        s.push_str("OUTPUT_ARCH(riscv)\nENTRY(_start)\n\n");
        for (name, value) in self.constants() {
            s.push_str(&format!("__jolt_{name} = {value:#010x};\n"));
        }
        s.push_str(&format!(
            "\nMEMORY\n{{\n  RAM (rwx) : ORIGIN = {:#010x}, LENGTH = {:#x}\n}}\n",
            self.ram_base(),
            self.ram_size() - self.stack_size() - 16
        ));
        s.push_str(
            r#"
SECTIONS
{
  /* Code, read-only data and writable data each start on a page of their
     own, so they form separate ELF segments whose pages any loader (and
     QEMU, for differential tests) can map with their own permissions. */
  .text : ALIGN(4) {
    KEEP(*(.text.jolt_start))
    *(.text .text.*)
  } > RAM
  .rodata : ALIGN(4096) {
    *(.srodata .srodata.*)
    *(.rodata .rodata.*)
  } > RAM
  .data : ALIGN(4096) {
    *(.sdata .sdata.*)
    *(.data .data.*)
  } > RAM
  .bss : ALIGN(4096) {
    *(.sbss .sbss.*)
    *(.bss .bss.*)
    *(COMMON)
  } > RAM
  . = ALIGN(16);
  __jolt_heap_start = .;
  /DISCARD/ : { *(.eh_frame .eh_frame_hdr .comment .note .note.*) }
}
"#,
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_map_is_ordered_and_disjoint() {
        let l = MemoryLayout::default();
        assert!(l.input_start() < l.output_start());
        assert_eq!(l.output_start() + 4096, l.input_len());
        assert_eq!(l.input_start() + 4096, l.output_start());
        assert_eq!(l.io_end(), RAM_BASE);
        assert_eq!(l.stack_top(), RAM_BASE + DEFAULT_RAM_SIZE - 16);
        // The addresses the book's memory map lists.
        assert_eq!(l.stack_top(), 0x80ff_fff0);
        assert_eq!(l.heap_end(), 0x80fb_fff0);
        assert_eq!(l.output_start(), 0x7fff_eff0);
        assert_eq!(l.input_start(), 0x7fff_dff0);
        assert_eq!((l.termination(), l.panic()), (0x7fff_fffc, 0x7fff_fff8));
        assert_eq!((l.output_len(), l.input_len()), (0x7fff_fff4, 0x7fff_fff0));
        assert!(l.io_writable(l.termination()));
        assert!(l.io_writable(l.output_start()));
        assert!(!l.io_writable(l.input_len()));
        assert!(!l.io_writable(l.input_start()));
        assert!(l.overlaps_io(l.io_start() - 4, 5));
        assert!(!l.overlaps_io(RAM_BASE, 100));
    }

    #[test]
    fn bad_layouts_are_rejected() {
        assert_eq!(MemoryLayout::new(0, 1, 1), Err(LayoutError::RamSize(0)));
        assert!(MemoryLayout::new(4097, 1, 1).is_err());
        assert!(MemoryLayout::new(4096, MAX_IO_SIZE + 1, 0).is_err());
        assert!(MemoryLayout::with_stack(8192, 8192, 0, 0).is_err());
        let big = MemoryLayout::new(MAX_RAM_SIZE, 7, 9).unwrap();
        assert_eq!(big.stack_top(), u32::MAX - 15);
        assert_eq!(big.output_start() % 4, 0);
        assert_eq!(big.input_start() % 4, 0);
    }
}
