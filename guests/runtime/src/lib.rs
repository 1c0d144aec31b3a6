//! Runtime for PocketVM guest programs (RV32IM, `no_std`).
//!
//! A guest is a `#![no_std]`, `#![no_main]` binary that depends on this
//! crate and names its `main` with [`entry!`]. The runtime supplies the rest:
//! the `_start` entry point, the linker script, a global allocator, a panic
//! handler, and safe wrappers over the three system calls.
//!
//! # Writing a guest
//!
//! ```ignore
//! #![no_std]
//! #![no_main]
//!
//! extern crate alloc;
//! use alloc::vec::Vec;
//!
//! pocketvm_guest::entry!(main);
//!
//! fn main() {
//!     let input: Vec<u8> = pocketvm_guest::read_input(); // public input
//!     let secret = pocketvm_guest::read_private_input(); // prover only
//!     pocketvm_guest::debug!("{} + {} bytes", input.len(), secret.len());
//!     let sum = input.iter().chain(&secret).fold(0u32, |a, &b| a.wrapping_add(b as u32));
//!     pocketvm_guest::write_output(&sum.to_le_bytes()); // proven output
//! }
//! ```
//!
//! Returning from `main` exits with code 0; [`exit`] ends the run with any
//! other code, and a panic prints `panicked: <message>` on the debug stream
//! and exits with code 101. Build it inside the guest workspace (its
//! `.cargo/config.toml` sets the target, `-Zbuild-std` and `-Tpocketvm.ld`):
//! `cargo build --release`. `guests/README.md` shows the files a guest crate
//! outside that workspace needs.
//!
//! # Memory layout
//!
//! `pocketvm.ld` (shipped with this crate, also used by C guests) places:
//!
//! | address             | section   | contents                                  | segment |
//! |---------------------|-----------|-------------------------------------------|---------|
//! | `0x0001_0000`       | `.text`   | `_start` first, then the rest of the code | R-X     |
//! | next 4 KiB boundary | `.rodata` | constants                                 | R--     |
//! | next 4 KiB boundary | `.data`   | initialised statics                       | RW-     |
//! | next 4 KiB boundary | `.bss`    | zero-initialised statics                  | RW-     |
//! | next 4 KiB boundary | `.stack`  | 256 KiB; `sp` starts at `_stack_top`      | RW-     |
//! | `_stack_top`        | `.heap`   | 16 MiB, `[_heap_start, _heap_end)`        | RW-     |
//!
//! `.data` through the heap form one `PT_LOAD` segment whose bytes past
//! `.data` are zero-filled memory, not file contents. The exact addresses
//! depend on the program's size; `riscv64-unknown-elf-nm` on the ELF shows
//! `_stack_top`, `_heap_start` and `_heap_end`. A stack overflow runs into
//! `.bss`, never into the heap.
//!
//! Memory starts zeroed: PocketVM reads never-written memory as zero, and
//! qemu-user zero-fills the part of a segment beyond its file contents. So
//! `_start` does not clear `.bss`, and the allocator does not clear fresh
//! heap memory for `alloc_zeroed`.
//!
//! # Running under qemu-user
//!
//! The call numbers are Linux's, so the same ELF runs natively:
//!
//! ```text
//! qemu-riscv32 -cpu rv32,c=false,a=false,f=false,d=false guest.elf < public_input 3< private_input
//! ```
//!
//! Without `3< file`, reading the private input returns nothing.

#![no_std]
#![warn(missing_docs)]

#[cfg(not(target_arch = "riscv32"))]
compile_error!("pocketvm-guest only builds for riscv32im-unknown-none-elf (see guests/README.md)");

extern crate alloc;

mod heap;
mod io;
mod panic;
pub mod syscall;

pub use heap::{heap_capacity, heap_used};
pub use io::{
    debug_fmt, debug_write, exit, read_input, read_input_into, read_private_input,
    read_private_input_into, write_output,
};
pub use panic::PANIC_EXIT_CODE;

// The entry point. Runs with whatever the machine put in the registers:
// sets up the stack, calls the function named by `entry!`, and exits with
// code 0 when it returns. `.bss` is not cleared: memory starts zeroed (see
// the crate docs). The symbol `__pocketvm_main` comes from `entry!`.
core::arch::global_asm!(
    ".section .text._start, \"ax\", @progbits",
    ".globl _start",
    ".type _start, @function",
    "_start:",
    "    la sp, _stack_top",
    "    call __pocketvm_main",
    "    li a0, 0",
    "    li a7, 93", // exit(0)
    "    ecall",
    "1:  j 1b",
    ".size _start, . - _start",
);

/// Names the guest's main function, a `fn()`; `_start` calls it.
///
/// ```ignore
/// pocketvm_guest::entry!(main);
///
/// fn main() {
///     pocketvm_guest::write_output(b"hello");
/// }
/// ```
///
/// Use it exactly once per program: without it the link fails with an
/// undefined `__pocketvm_main`.
#[macro_export]
macro_rules! entry {
    ($main:path) => {
        const _: () = {
            #[doc(hidden)]
            #[unsafe(export_name = "__pocketvm_main")]
            extern "C" fn __pocketvm_main() {
                let main: fn() = $main;
                main()
            }
        };
    };
}

/// Formats its arguments like `format!` and writes them, plus a newline, to
/// the debug stream (fd 2). The host prints debug text; it is not proven.
///
/// ```ignore
/// pocketvm_guest::debug!("n = {}", n);
/// ```
#[macro_export]
macro_rules! debug {
    () => {
        $crate::debug_write("\n")
    };
    ($($arg:tt)*) => {
        $crate::debug_fmt(::core::format_args!($($arg)*))
    };
}
