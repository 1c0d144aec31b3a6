//! Event types. Cycle numbers (`clk`) count executed instructions from 0.

use crate::isa::Instruction;

/// One aligned memory word accessed by an instruction or a system call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordAccess {
    /// Word index (byte address / 4).
    pub word: u32,
    /// Value before the access.
    pub before: u32,
    /// Value after the access (equal to `before` for reads).
    pub after: u32,
}

/// One executed instruction other than ECALL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepEvent {
    /// Cycle at which it ran.
    pub clk: u32,
    /// Its address.
    pub pc: u32,
    /// The address of the next instruction.
    pub next_pc: u32,
    /// The decoded instruction.
    pub instruction: Instruction,
    /// Value of rs1 when read (0 if the instruction reads no rs1).
    pub rs1_value: u32,
    /// Value of rs2 when read (0 if the instruction reads no rs2).
    pub rs2_value: u32,
    /// Value written to rd (0 for instructions that write no register, and when rd is x0 the
    /// value computed, which the register file discards).
    pub rd_value: u32,
    /// The memory word a load or store accessed.
    pub memory: Option<WordAccess>,
}

/// A system call, with the arguments it was made with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syscall {
    /// `exit(code)`.
    Exit {
        /// a0.
        code: u32,
    },
    /// `read(fd, buf, len)` that returned `read` bytes taken from the stream at `position`.
    Read {
        /// 0 (public input) or 3 (private input).
        fd: u32,
        /// Buffer address.
        buf: u32,
        /// Length asked for.
        len: u32,
        /// Bytes delivered: min(len, bytes left).
        read: u32,
        /// Stream position before the call.
        position: u32,
    },
    /// `write(fd, buf, len)`; for fd 1 the bytes were appended to the public output at
    /// `position`.
    Write {
        /// 1 (public output) or 2 (debug text).
        fd: u32,
        /// Buffer address.
        buf: u32,
        /// Length.
        len: u32,
        /// Length of the fd's stream before the call.
        position: u32,
    },
}

/// One executed ECALL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcallEvent {
    /// Cycle at which it ran.
    pub clk: u32,
    /// Its address.
    pub pc: u32,
    /// What was called.
    pub call: Syscall,
    /// The words the call moved, as a range into [`super::ExecutionRecord::io_words`], in
    /// address order.
    pub io_words: core::ops::Range<u32>,
}

/// A memory word's value at the start and the end of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoundaryWord {
    /// Word index (byte address / 4).
    pub word: u32,
    /// Value in the program's initial image (zero outside it).
    pub initial: u32,
    /// Value when the program exited.
    pub last: u32,
}
