//! The panic handler: `panicked: <message>\n` on the debug stream, then
//! exit code 101 (the code a panicking Rust program exits with on Linux).

use core::fmt::{self, Write};
use core::panic::PanicInfo;
use core::sync::atomic::{AtomicBool, Ordering::Relaxed};

use crate::syscall;

/// The exit code of a guest that panicked.
pub const PANIC_EXIT_CODE: u32 = 101;

/// Size of the stack buffer the message is formatted into.
const BUF_LEN: usize = 256;
/// Appended to a message that did not fit.
const ELLIPSIS: &[u8] = b"...";

/// Set while the handler runs, so that a panic inside a `Display` impl of
/// the message cannot recurse forever.
static PANICKING: AtomicBool = AtomicBool::new(false);

/// A fixed buffer that keeps the beginning of what is written to it.
struct Truncating {
    buf: [u8; BUF_LEN],
    len: usize,
    truncated: bool,
}

impl Truncating {
    /// Room for text, keeping space for the ellipsis and the newline.
    const TEXT_MAX: usize = BUF_LEN - ELLIPSIS.len() - 1;

    fn push(&mut self, bytes: &[u8]) {
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }
}

impl Write for Truncating {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = Self::TEXT_MAX - self.len;
        if s.len() <= room {
            self.push(s.as_bytes());
            return Ok(());
        }
        // Cut at a character boundary so that the output stays UTF-8.
        let mut cut = room;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        self.push(&s.as_bytes()[..cut]);
        self.truncated = true;
        // Stop formatting: nothing more fits.
        Err(fmt::Error)
    }
}

#[panic_handler]
fn panic(info: &PanicInfo<'_>) -> ! {
    if PANICKING.load(Relaxed) {
        syscall::write_slice(syscall::FD_DEBUG, b"panicked while panicking\n");
        syscall::exit(PANIC_EXIT_CODE);
    }
    PANICKING.store(true, Relaxed);

    let mut out = Truncating {
        buf: [0; BUF_LEN],
        len: 0,
        truncated: false,
    };
    // An error here only means that the message was cut.
    let _ = write!(out, "panicked: {}", info.message());
    if out.truncated {
        out.push(ELLIPSIS);
    }
    out.push(b"\n");
    // One write, so the line is not interleaved with anything else.
    syscall::write_slice(syscall::FD_DEBUG, &out.buf[..out.len]);
    syscall::exit(PANIC_EXIT_CODE)
}
