//! Safe input, output and debug functions over the raw system calls.

use alloc::vec::Vec;
use core::fmt::{self, Write};

use crate::syscall::{self, FD_DEBUG, FD_PRIVATE_INPUT, FD_PUBLIC_INPUT, FD_PUBLIC_OUTPUT};

/// The first read of a whole stream asks for this many bytes; later reads
/// ask for at least as much again as has been read so far.
const FIRST_CHUNK: usize = 1024;

/// Reads the rest of the public input (fd 0) into a new `Vec`.
///
/// Reads in growing chunks until the stream reports its end. With the
/// runtime's allocator the vector grows in place, so nothing is copied as
/// long as nothing else is allocated meanwhile.
#[must_use]
pub fn read_input() -> Vec<u8> {
    read_to_end(FD_PUBLIC_INPUT)
}

/// Reads the rest of the private input (fd 3) into a new `Vec`.
///
/// The private input is not part of the statement a proof is checked
/// against. (It is not hidden either: proofs are not zero-knowledge yet.)
#[must_use]
pub fn read_private_input() -> Vec<u8> {
    read_to_end(FD_PRIVATE_INPUT)
}

/// Fills `buf` from the public input and returns how many bytes it read.
///
/// Keeps reading until `buf` is full or the input has ended, so a result
/// smaller than `buf.len()` means that the input is exhausted.
pub fn read_input_into(buf: &mut [u8]) -> usize {
    read_into(FD_PUBLIC_INPUT, buf)
}

/// Fills `buf` from the private input and returns how many bytes it read.
///
/// Same contract as [`read_input_into`].
pub fn read_private_input_into(buf: &mut [u8]) -> usize {
    read_into(FD_PRIVATE_INPUT, buf)
}

/// Appends `bytes` to the public output (fd 1), which a proof commits to.
pub fn write_output(bytes: &[u8]) {
    write_all(FD_PUBLIC_OUTPUT, bytes);
}

/// Writes `text` to the debug stream (fd 2). The host prints it; it is not
/// part of the statement, and it costs cycles like any other write.
pub fn debug_write(text: &str) {
    write_all(FD_DEBUG, text.as_bytes());
}

/// Formats `args` plus a newline to the debug stream; the engine of
/// [`debug!`](crate::debug).
///
/// Output is gathered in a 128-byte stack buffer, so a short line costs one
/// system call.
pub fn debug_fmt(args: fmt::Arguments<'_>) {
    let mut w = DebugWriter {
        buf: [0; 128],
        len: 0,
    };
    // DebugWriter never fails.
    let _ = w.write_fmt(args);
    let _ = w.write_str("\n");
    w.flush();
}

/// Halts the machine with exit code `code`. Output written so far stays.
pub fn exit(code: u32) -> ! {
    syscall::exit(code)
}

fn read_into(fd: u32, buf: &mut [u8]) -> usize {
    let mut filled = 0;
    while filled < buf.len() {
        let n = syscall::read_slice(fd, &mut buf[filled..]);
        if n == 0 {
            break;
        }
        filled += n;
    }
    filled
}

fn read_to_end(fd: u32) -> Vec<u8> {
    let mut data = Vec::new();
    loop {
        data.reserve(FIRST_CHUNK.max(data.len()));
        let n = syscall::read_uninit(fd, data.spare_capacity_mut());
        if n == 0 {
            return data;
        }
        // SAFETY: `read_uninit` initialised the first `n` bytes of the spare
        // capacity, and `n` is at most its length.
        unsafe { data.set_len(data.len() + n) };
    }
}

fn write_all(fd: u32, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        let n = syscall::write_slice(fd, bytes);
        if n == 0 {
            // Only possible under qemu-user (closed pipe and so on): give up
            // rather than spin.
            return;
        }
        bytes = &bytes[n..];
    }
}

struct DebugWriter {
    buf: [u8; 128],
    len: usize,
}

impl DebugWriter {
    fn flush(&mut self) {
        write_all(FD_DEBUG, &self.buf[..self.len]);
        self.len = 0;
    }
}

impl Write for DebugWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let bytes = s.as_bytes();
        if self.len + bytes.len() > self.buf.len() {
            self.flush();
            if bytes.len() > self.buf.len() {
                write_all(FD_DEBUG, bytes);
                return Ok(());
            }
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
        Ok(())
    }
}
