//! Raw PocketVM system calls.
//!
//! A call is an `ecall` with the call number in `a7` and the arguments in
//! `a0`..`a2`; the result comes back in `a0`. The numbers are the Linux
//! RISC-V ones, so the same ELF also runs under `qemu-riscv32`:
//!
//! | `a7` | call    | arguments                         | result                   |
//! |------|---------|-----------------------------------|--------------------------|
//! | 93   | `exit`  | `a0` = exit code                  | does not return          |
//! | 63   | `read`  | `a0` = fd, `a1` = buf, `a2` = len | bytes read, 0 at the end |
//! | 64   | `write` | `a0` = fd, `a1` = buf, `a2` = len | `len`                    |
//!
//! `read` takes fd [`FD_PUBLIC_INPUT`] or [`FD_PRIVATE_INPUT`]; `write` takes
//! [`FD_PUBLIC_OUTPUT`] or [`FD_DEBUG`]. Buffers need no alignment.
//!
//! This module holds all of the runtime's system-call assembly, apart from
//! the `exit(0)` at the end of `_start`. [`read()`] and [`write()`] are
//! `unsafe` because they hand raw pointers to the machine; the slice
//! functions below and the crate's top-level API wrap them safely. Under PocketVM a call returns exactly what the
//! table says. Under qemu-user the Linux kernel semantics apply instead: a
//! call may move fewer bytes than asked, and fails with a negative errno,
//! for example `-9` (EBADF) when fd 3 was not opened with `3< file`.

use core::arch::asm;
use core::mem::MaybeUninit;

/// Call number of `exit(code)`.
pub const SYS_EXIT: u32 = 93;
/// Call number of `read(fd, buf, len)`.
pub const SYS_READ: u32 = 63;
/// Call number of `write(fd, buf, len)`.
pub const SYS_WRITE: u32 = 64;

/// fd of the public input stream (part of the proven statement).
pub const FD_PUBLIC_INPUT: u32 = 0;
/// fd of the public output stream (part of the proven statement).
pub const FD_PUBLIC_OUTPUT: u32 = 1;
/// fd of the debug text stream: printed by the host, not proven.
pub const FD_DEBUG: u32 = 2;
/// fd of the private input stream, known only to the prover.
pub const FD_PRIVATE_INPUT: u32 = 3;

/// `exit(code)`: halts the machine with `code` as the exit code.
#[inline]
pub fn exit(code: u32) -> ! {
    // SAFETY: `exit` reads only a0 and a7 and never returns.
    unsafe {
        asm!(
            "ecall",
            in("a0") code,
            in("a7") SYS_EXIT,
            options(noreturn, nostack),
        );
    }
}

/// `read(fd, buf, len)`: copies up to `len` bytes of input stream `fd` into
/// `buf` and returns how many it copied (0 at the end of the stream), or a
/// negative errno under qemu-user.
///
/// # Safety
///
/// `buf` must be valid for writes of `len` bytes.
#[inline]
pub unsafe fn read(fd: u32, buf: *mut u8, len: usize) -> isize {
    let ret: isize;
    // SAFETY: the caller guarantees that buf..buf+len is writable; the call
    // writes nothing else and does not touch the stack.
    unsafe {
        asm!(
            "ecall",
            inlateout("a0") fd as isize => ret,
            in("a1") buf,
            in("a2") len,
            in("a7") SYS_READ,
            options(nostack),
        );
    }
    ret
}

/// `write(fd, buf, len)`: appends `len` bytes from `buf` to output stream
/// `fd` and returns `len` (under qemu-user: the bytes written or a negative
/// errno).
///
/// # Safety
///
/// `buf` must be valid for reads of `len` bytes.
#[inline]
pub unsafe fn write(fd: u32, buf: *const u8, len: usize) -> isize {
    let ret: isize;
    // SAFETY: the caller guarantees that buf..buf+len is readable; the call
    // only reads that memory.
    unsafe {
        asm!(
            "ecall",
            inlateout("a0") fd as isize => ret,
            in("a1") buf,
            in("a2") len,
            in("a7") SYS_WRITE,
            options(nostack, readonly),
        );
    }
    ret
}

/// One `read` call into a slice. Returns the number of bytes read, 0 at the
/// end of the stream; an error (negative result, only possible under
/// qemu-user) also counts as the end.
#[inline]
pub fn read_slice(fd: u32, buf: &mut [u8]) -> usize {
    // SAFETY: the slice is valid for writes of its length.
    let n = unsafe { read(fd, buf.as_mut_ptr(), buf.len()) };
    clamp(n, buf.len())
}

/// One `read` call into possibly uninitialised memory. The first `n` bytes
/// of `buf`, where `n` is the result, are initialised afterwards.
#[inline]
pub fn read_uninit(fd: u32, buf: &mut [MaybeUninit<u8>]) -> usize {
    // SAFETY: the slice is valid for writes of its length; the machine only
    // stores bytes into it, which initialises them.
    let n = unsafe { read(fd, buf.as_mut_ptr().cast::<u8>(), buf.len()) };
    clamp(n, buf.len())
}

/// One `write` call from a slice. Returns the number of bytes written; an
/// error counts as 0.
#[inline]
pub fn write_slice(fd: u32, buf: &[u8]) -> usize {
    // SAFETY: the slice is valid for reads of its length.
    let n = unsafe { write(fd, buf.as_ptr(), buf.len()) };
    clamp(n, buf.len())
}

/// Maps a raw result to a byte count in `0..=len`, so that callers can
/// slice with it without further checks.
#[inline]
fn clamp(ret: isize, len: usize) -> usize {
    if ret <= 0 {
        0
    } else {
        (ret as usize).min(len)
    }
}
