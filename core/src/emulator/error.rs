//! Execution errors. Every one names the pc of the instruction that caused it.

/// Why a program's execution stopped without reaching `exit`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExecError {
    /// The program ran for the whole cycle budget without exiting.
    #[error("cycle limit of {limit} reached at pc {pc:#010x} without an exit call")]
    CycleLimit {
        /// The limit in force.
        limit: u64,
        /// The pc of the next instruction when the limit was hit.
        pc: u32,
    },
    /// Control reached an address outside the program's code.
    #[error("pc {pc:#010x} lies outside the program's code (jumped from {from:#010x})")]
    PcOutsideCode {
        /// The target.
        pc: u32,
        /// The instruction that transferred control there.
        from: u32,
    },
    /// Control reached an address that is not a multiple of 4.
    #[error("misaligned pc {pc:#010x} (jumped from {from:#010x})")]
    MisalignedPc {
        /// The target.
        pc: u32,
        /// The instruction that transferred control there.
        from: u32,
    },
    /// The word at pc is not an RV32IM instruction.
    #[error("illegal instruction {word:#010x} at pc {pc:#010x}")]
    IllegalInstruction {
        /// Where.
        pc: u32,
        /// The instruction word.
        word: u32,
    },
    /// EBREAK was executed.
    #[error("ebreak at pc {pc:#010x}")]
    Ebreak {
        /// Where.
        pc: u32,
    },
    /// A half-word or word access to an address that is not a multiple of its size.
    #[error("misaligned {size}-byte access to {addr:#010x} at pc {pc:#010x}")]
    MisalignedAccess {
        /// The instruction.
        pc: u32,
        /// The byte address.
        addr: u32,
        /// Access size in bytes (2 or 4).
        size: u32,
    },
    /// An ECALL whose a7 is not one of exit (93), read (63), write (64).
    #[error("unknown system call {number} (a7) at pc {pc:#010x}")]
    UnknownSyscall {
        /// The ECALL.
        pc: u32,
        /// The call number.
        number: u32,
    },
    /// `read` from an fd other than 0 and 3, or `write` to one other than 1 and 2.
    #[error("{call} on unsupported file descriptor {fd} at pc {pc:#010x}")]
    BadFd {
        /// The ECALL.
        pc: u32,
        /// "read" or "write".
        call: &'static str,
        /// The file descriptor.
        fd: u32,
    },
    /// A `read` or `write` whose buffer wraps around the end of the address space.
    #[error("{call} buffer {buf:#010x} + {len} wraps around the address space at pc {pc:#010x}")]
    BufferWraps {
        /// The ECALL.
        pc: u32,
        /// "read" or "write".
        call: &'static str,
        /// Buffer address.
        buf: u32,
        /// Length.
        len: u32,
    },
    /// A `read` or `write` of [`crate::emulator::MAX_IO_LEN`] bytes or more in one call, or
    /// output growing to that size in all (the prover's bound on I/O lengths).
    #[error("{call} of {len} bytes at pc {pc:#010x} exceeds the I/O limit of {} bytes", crate::emulator::MAX_IO_LEN - 1)]
    IoTooLong {
        /// The ECALL.
        pc: u32,
        /// "read" or "write".
        call: &'static str,
        /// The length asked for (or the total output length).
        len: u64,
    },
    /// The program touched more memory than the limit allows.
    #[error("memory limit of {limit_bytes} bytes exceeded at pc {pc:#010x}")]
    MemoryLimit {
        /// The instruction.
        pc: u32,
        /// The limit in force.
        limit_bytes: u64,
    },
    /// An input stream is longer than the prover's bound.
    #[error("{which} input of {len} bytes exceeds the limit of {} bytes", crate::emulator::MAX_IO_LEN - 1)]
    InputTooLarge {
        /// "public" or "private".
        which: &'static str,
        /// Its length.
        len: usize,
    },
}

impl ExecError {
    /// The pc of the instruction at fault, when there is one.
    pub fn pc(&self) -> Option<u32> {
        use ExecError::*;
        match *self {
            CycleLimit { pc, .. }
            | IllegalInstruction { pc, .. }
            | Ebreak { pc }
            | MisalignedAccess { pc, .. }
            | UnknownSyscall { pc, .. }
            | BadFd { pc, .. }
            | BufferWraps { pc, .. }
            | IoTooLong { pc, .. }
            | MemoryLimit { pc, .. } => Some(pc),
            PcOutsideCode { from, .. } | MisalignedPc { from, .. } => Some(from),
            InputTooLarge { .. } => None,
        }
    }
}
