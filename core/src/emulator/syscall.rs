//! System calls (design.md §2): `exit` (93), `read` (63) and `write` (64), with the Linux
//! RISC-V numbers. `read` takes bytes from the public input (fd 0) or the private input (fd 3);
//! `write` appends to the public output (fd 1) or the debug text (fd 2). Buffers may have any
//! address and length; bytes outside `[buf, buf + n)` are left as they were.

use super::machine::{Halt, Machine};
use super::{ExecError, Observer, MAX_IO_LEN};
use crate::isa::Family;
use crate::trace::{Syscall, WordAccess};

const SYS_EXIT: u32 = 93;
const SYS_READ: u32 = 63;
const SYS_WRITE: u32 = 64;

/// The I/O streams of one run.
pub(crate) struct Io<'a> {
    pub(crate) public: &'a [u8],
    pub(crate) public_pos: usize,
    pub(crate) private: &'a [u8],
    pub(crate) private_pos: usize,
    pub(crate) output: Vec<u8>,
    pub(crate) debug: Vec<u8>,
    /// Memory words moved by `read` and `write` calls (one prover row each).
    pub(crate) words_moved: u64,
}

impl<'a> Io<'a> {
    pub(crate) fn new(public: &'a [u8], private: &'a [u8]) -> Result<Io<'a>, ExecError> {
        for (which, input) in [("public", public), ("private", private)] {
            if input.len() as u64 >= MAX_IO_LEN {
                return Err(ExecError::InputTooLarge {
                    which,
                    len: input.len(),
                });
            }
        }
        let (output, debug) = (Vec::new(), Vec::new());
        Ok(Io {
            public,
            public_pos: 0,
            private,
            private_pos: 0,
            output,
            debug,
            words_moved: 0,
        })
    }
}

impl Machine<'_> {
    /// Executes the ECALL at `self.pc`; returns the family it counts in and, for `exit`, the
    /// halt.
    pub(crate) fn ecall<O: Observer>(
        &mut self,
        observer: &mut O,
    ) -> Result<(Family, Option<Halt>), ExecError> {
        let (pc, clk) = (self.pc, self.clk as u32);
        let [fd, buf, len] = [self.regs[10], self.regs[11], self.regs[12]];
        match self.regs[17] {
            SYS_EXIT => {
                observer.ecall(clk, pc, Syscall::Exit { code: fd });
                Ok((Family::EcallExit, Some(Halt { exit_code: fd })))
            }
            SYS_READ => {
                let call = "read";
                check_buffer(pc, call, buf, len)?;
                let (stream, position) = match fd {
                    0 => (self.io.public, &mut self.io.public_pos),
                    3 => (self.io.private, &mut self.io.private_pos),
                    _ => return Err(ExecError::BadFd { pc, call, fd }),
                };
                let start = *position;
                let n = (len as usize).min(stream.len() - start);
                *position += n;
                let bytes = &stream[start..start + n];
                self.io.words_moved +=
                    self.move_bytes(buf, n as u32, observer, |word, offset, k| {
                        let shift = 8 * offset;
                        (word & !(0xff << shift)) | (u32::from(bytes[k]) << shift)
                    })?;
                self.regs[10] = n as u32;
                let call = Syscall::Read {
                    fd,
                    buf,
                    len,
                    read: n as u32,
                    position: start as u32,
                };
                observer.ecall(clk, pc, call);
                Ok((Family::EcallRead, None))
            }
            SYS_WRITE => {
                let call = "write";
                check_buffer(pc, call, buf, len)?;
                if fd != 1 && fd != 2 {
                    return Err(ExecError::BadFd { pc, call, fd });
                }
                let total = if fd == 1 {
                    self.io.output.len()
                } else {
                    self.io.debug.len()
                };
                if total as u64 + u64::from(len) >= MAX_IO_LEN {
                    return Err(ExecError::IoTooLong {
                        pc,
                        call,
                        len: total as u64 + u64::from(len),
                    });
                }
                let mut bytes = Vec::with_capacity(len as usize);
                let words = self.move_bytes(buf, len, observer, |word, offset, _| {
                    bytes.push((word >> (8 * offset)) as u8);
                    word
                })?;
                if fd == 1 {
                    // Debug text (fd 2) is not proven, so only fd 1 words cost prover rows.
                    self.io.words_moved += words;
                    self.io.output.extend_from_slice(&bytes);
                } else {
                    self.io.debug.extend_from_slice(&bytes);
                }
                self.regs[10] = len;
                let position = total as u32;
                observer.ecall(
                    clk,
                    pc,
                    Syscall::Write {
                        fd,
                        buf,
                        len,
                        position,
                    },
                );
                Ok((Family::EcallWrite, None))
            }
            number => Err(ExecError::UnknownSyscall { pc, number }),
        }
    }

    /// Visits the bytes `[buf, buf + len)` word by word: `byte(word, offset, k)` gets the word's
    /// value, the byte's offset in the word and its index in the buffer, and returns the new
    /// word value. Reports each word to the observer and returns how many words it visited.
    fn move_bytes<O: Observer>(
        &mut self,
        buf: u32,
        len: u32,
        observer: &mut O,
        mut byte: impl FnMut(u32, u32, usize) -> u32,
    ) -> Result<u64, ExecError> {
        if len == 0 {
            return Ok(0);
        }
        let (first, last) = (buf >> 2, (buf + (len - 1)) >> 2);
        for word in first..=last {
            let before = self.memory.read(word).map_err(|e| self.out_of_memory(e))?;
            let mut after = before;
            for offset in 0..4 {
                let addr = word * 4 + offset;
                if addr >= buf && addr - buf < len {
                    after = byte(after, offset, (addr - buf) as usize);
                }
            }
            if after != before {
                self.memory
                    .write(word, after)
                    .map_err(|e| self.out_of_memory(e))?;
            }
            observer.io_word(WordAccess {
                word,
                before,
                after,
            });
        }
        Ok(u64::from(last - first + 1))
    }
}

fn check_buffer(pc: u32, call: &'static str, buf: u32, len: u32) -> Result<(), ExecError> {
    if u64::from(len) >= MAX_IO_LEN {
        return Err(ExecError::IoTooLong {
            pc,
            call,
            len: u64::from(len),
        });
    }
    if u64::from(buf) + u64::from(len) > 1 << 32 {
        return Err(ExecError::BufferWraps { pc, call, buf, len });
    }
    Ok(())
}
