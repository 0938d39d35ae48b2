//! Runtime for Rust guests: program entry, stack, a bump allocator, the panic
//! handler and the I/O of the guest ABI.
//!
//! A guest crate is a `#![no_std] #![no_main]` binary that names its entry
//! function with [`entry!`]:
//!
//! ```ignore
//! #![no_std]
//! #![no_main]
//! jolt_guest::entry!(main);
//! fn main() {
//!     let input = jolt_guest::input();
//!     jolt_guest::write_output(input);
//! }
//! ```
//!
//! Every address comes from the `__jolt_*` symbols that the sdk's linker
//! script defines from `jolt_core::MemoryLayout`, so this crate holds no
//! numeric constant of the memory map.
#![no_std]

extern crate alloc;

use core::alloc::{GlobalAlloc, Layout};
use core::ptr::{read_volatile, write_volatile};

pub use alloc::{boxed::Box, string::String, vec, vec::Vec};

extern "C" {
    static __jolt_TERMINATION: u8;
    static __jolt_PANIC: u8;
    static __jolt_OUTPUT_LEN: u8;
    static __jolt_INPUT_LEN: u8;
    static __jolt_OUTPUT_START: u8;
    static __jolt_INPUT_START: u8;
    static __jolt_MAX_OUTPUT: u8;
    static __jolt_MAX_INPUT: u8;
    static __jolt_HEAP_END: u8;
    static __jolt_DEBUG_PORT: u8;
    static __jolt_heap_start: u8;
}

/// The value of an absolute linker symbol (its "address"). Taking the
/// address of an extern static is safe (Rust 1.82+; the guest toolchains
/// are newer), so no `unsafe` here: an unneeded one warns in every user's
/// guest build.
macro_rules! sym {
    ($s:ident) => {
        core::ptr::addr_of!($s) as usize
    };
}

// Program entry: set the stack pointer to the top of RAM and call the guest's
// `__jolt_main`, then halt. Placed first in .text by the linker script.
core::arch::global_asm!(
    ".section .text.jolt_start, \"ax\"",
    ".globl _start",
    "_start:",
    "    lui sp, %hi(__jolt_STACK_TOP)",
    "    addi sp, sp, %lo(__jolt_STACK_TOP)",
    "    call __jolt_rust_start",
    "1:  j 1b",
);

#[doc(hidden)]
#[no_mangle]
pub extern "C" fn __jolt_rust_start() -> ! {
    extern "Rust" {
        fn __jolt_main();
    }
    unsafe { __jolt_main() };
    halt()
}

/// Names the guest's entry function, which takes no argument and returns `()`.
#[macro_export]
macro_rules! entry {
    ($path:path) => {
        #[doc(hidden)]
        #[no_mangle]
        pub fn __jolt_main() {
            let f: fn() = $path;
            f()
        }
    };
}

/// The input bytes.
pub fn input() -> &'static [u8] {
    let len = unsafe { read_volatile(sym!(__jolt_INPUT_LEN) as *const u32) } as usize;
    let len = len.min(sym!(__jolt_MAX_INPUT));
    unsafe { core::slice::from_raw_parts(sym!(__jolt_INPUT_START) as *const u8, len) }
}

/// Number of output bytes written so far.
pub fn output_len() -> usize {
    unsafe { read_volatile(sym!(__jolt_OUTPUT_LEN) as *const u32) as usize }
}

/// Appends bytes to the output; panics when they do not fit the maximum.
pub fn write_output(bytes: &[u8]) {
    let len = output_len();
    if bytes.len() > sym!(__jolt_MAX_OUTPUT) - len {
        panic!("output exceeds its maximum size");
    }
    unsafe {
        let dst = (sym!(__jolt_OUTPUT_START) + len) as *mut u8;
        for (i, b) in bytes.iter().enumerate() {
            write_volatile(dst.add(i), *b);
        }
        write_volatile(
            sym!(__jolt_OUTPUT_LEN) as *mut u32,
            (len + bytes.len()) as u32,
        );
    }
}

/// Shows `bytes` on the host (the tracer prints what the guest sends to
/// the debug port). Two stores, whatever the length; the text is not
/// part of the statement, so a proof says nothing about it.
pub fn print_bytes(bytes: &[u8]) {
    let port = sym!(__jolt_DEBUG_PORT) as *mut u32;
    // The bytes must be in memory before the tracer reads them.
    core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::SeqCst);
    unsafe {
        write_volatile(port, bytes.as_ptr() as u32);
        write_volatile(port.add(1), bytes.len() as u32);
    }
}

/// [`print_bytes`] of a string.
pub fn print_str(s: &str) {
    print_bytes(s.as_bytes())
}

#[doc(hidden)]
pub fn print_fmt(args: core::fmt::Arguments) {
    // Formats into a stack buffer, sent whenever it fills: no allocation.
    struct Port {
        buf: [u8; 128],
        len: usize,
    }
    impl Port {
        fn flush(&mut self) {
            print_bytes(&self.buf[..self.len]);
            self.len = 0;
        }
    }
    impl core::fmt::Write for Port {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            for &b in s.as_bytes() {
                if self.len == self.buf.len() {
                    self.flush();
                }
                self.buf[self.len] = b;
                self.len += 1;
            }
            Ok(())
        }
    }
    let mut port = Port {
        buf: [0; 128],
        len: 0,
    };
    let _ = core::fmt::write(&mut port, args);
    port.flush();
}

/// Like `std::print!`: the text goes to the host's tracer, not the output.
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => { $crate::print_fmt(format_args!($($arg)*)) };
}

/// Like `std::println!`: the text goes to the host's tracer, not the output.
#[macro_export]
macro_rules! println {
    () => { $crate::print_str("\n") };
    ($($arg:tt)*) => { $crate::print_fmt(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Stops the guest; the output is what has been written.
pub fn halt() -> ! {
    unsafe { write_volatile(sym!(__jolt_TERMINATION) as *mut u32, 1) };
    #[allow(clippy::empty_loop)]
    loop {}
}

/// Sets the panic flag and stops the guest.
pub fn panic_and_halt() -> ! {
    unsafe { write_volatile(sym!(__jolt_PANIC) as *mut u32, 1) };
    halt()
}

/// Prints the panic's message and location on the debug port (so
/// `jolt run` shows why), then sets the panic flag and halts.
#[panic_handler]
fn on_panic(info: &core::panic::PanicInfo) -> ! {
    print_fmt(format_args!("guest panicked: {info}\n"));
    panic_and_halt()
}

/// A bump allocator over `[end of image, bottom of stack)`; it never frees,
/// which suits programs that run once and halt.
struct BumpAllocator;

static mut HEAP_NEXT: usize = 0;

unsafe impl GlobalAlloc for BumpAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let next = core::ptr::addr_of_mut!(HEAP_NEXT);
        let mut start = *next;
        if start == 0 {
            start = sym!(__jolt_heap_start);
        }
        let start = (start + layout.align() - 1) & !(layout.align() - 1);
        match start.checked_add(layout.size()) {
            Some(end) if end <= sym!(__jolt_HEAP_END) => {
                *next = end;
                start as *mut u8
            }
            _ => core::ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}

#[global_allocator]
static ALLOCATOR: BumpAllocator = BumpAllocator;

/// The I/O of `#[provable]` guests: the input is the arguments as one
/// postcard tuple, the output the postcard-encoded result.
#[cfg(feature = "provable")]
pub mod provable {
    /// The arguments, decoded from the input; input that does not decode
    /// is a guest panic (so it is proven as one, never misread).
    pub fn read_arguments<T: serde::de::DeserializeOwned>() -> T {
        match postcard::from_bytes(super::input()) {
            Ok(args) => args,
            Err(_) => panic!("the input does not decode as the arguments"),
        }
    }

    /// Encodes the result into the output.
    pub fn write_result<T: serde::Serialize>(result: &T) {
        match postcard::to_allocvec(result) {
            Ok(bytes) => super::write_output(&bytes),
            Err(_) => panic!("the result does not encode"),
        }
    }
}
