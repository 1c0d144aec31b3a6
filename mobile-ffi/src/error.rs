//! The one error type every exported function returns. Each variant mirrors a kind of failure in
//! the core; Kotlin sees `PocketVmException.<Variant>`, Swift `PocketVmError.<variant>`, Python
//! `PocketVmError.<Variant>`, each with the fields below and a readable `reason`
//! (a field is not called `message`, which would clash with Kotlin's `Throwable.message`).

use pocketvm_core::{ElfError, ExecError, ProofDecodeError, ProveError, VerifyError};

/// Why a PocketVM call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum PocketVmError {
    /// An argument has an unusable value (for example an input over the 16 MiB limit).
    #[error("invalid argument: {reason}")]
    InvalidArgument {
        /// What is wrong.
        reason: String,
    },
    /// The bytes are not an RV32IM ELF that PocketVM accepts (or not a 32-byte digest).
    #[error("malformed program: {reason}")]
    MalformedProgram {
        /// What is wrong with the ELF.
        reason: String,
    },
    /// The program failed while running: illegal instruction, misaligned access, bad jump,
    /// unknown syscall... `pc` is the instruction at fault.
    #[error("execution error at pc {pc:#010x}: {reason}")]
    Execution {
        /// The address of the faulting instruction (for a bad jump, of the jump).
        pc: u32,
        /// What happened.
        reason: String,
    },
    /// The program did not exit within the cycle limit.
    #[error("cycle limit of {limit} reached at pc {pc:#010x}")]
    CycleLimit {
        /// The limit in force.
        limit: u64,
        /// The pc of the next instruction when the limit was hit.
        pc: u32,
    },
    /// The run executed but cannot be proven (too long for one proof, or a memory cell left
    /// untouched for too long).
    #[error("not provable: {reason}")]
    Unprovable {
        /// Why.
        reason: String,
    },
    /// Proving stopped because the `CancelHandle` was cancelled.
    #[error("proving was cancelled")]
    Cancelled,
    /// The progress listener threw; proving stopped.
    #[error("the progress listener failed: {reason}")]
    Listener {
        /// What the listener threw.
        reason: String,
    },
    /// The proof bytes do not decode (not a PocketVM proof, or an unsupported format version).
    #[error("malformed proof: {reason}")]
    MalformedProof {
        /// What is wrong with the bytes.
        reason: String,
    },
    /// The proof decodes but is rejected for this program and input.
    #[error("invalid proof: {reason}")]
    InvalidProof {
        /// Which check failed.
        reason: String,
    },
    /// A PocketVM bug; please report it.
    #[error("internal error: {reason}")]
    Internal {
        /// Details.
        reason: String,
    },
}

impl PocketVmError {
    pub(crate) fn argument(reason: impl Into<String>) -> PocketVmError {
        PocketVmError::InvalidArgument {
            reason: reason.into(),
        }
    }
}

impl From<ElfError> for PocketVmError {
    fn from(e: ElfError) -> PocketVmError {
        PocketVmError::MalformedProgram {
            reason: e.to_string(),
        }
    }
}

impl From<ExecError> for PocketVmError {
    fn from(e: ExecError) -> PocketVmError {
        match e {
            ExecError::CycleLimit { limit, pc } => PocketVmError::CycleLimit { limit, pc },
            ExecError::InputTooLarge { .. } => PocketVmError::argument(e.to_string()),
            _ => PocketVmError::Execution {
                pc: e.pc().unwrap_or(0),
                reason: e.to_string(),
            },
        }
    }
}

impl From<ProveError> for PocketVmError {
    fn from(e: ProveError) -> PocketVmError {
        match e {
            ProveError::Execution(e) => e.into(),
            ProveError::Cancelled => PocketVmError::Cancelled,
            ProveError::TooLong(_) | ProveError::TooLarge(_) | ProveError::Unprovable(_) => {
                PocketVmError::Unprovable {
                    reason: e.to_string(),
                }
            }
            e => PocketVmError::Internal {
                reason: e.to_string(),
            },
        }
    }
}

impl From<ProofDecodeError> for PocketVmError {
    fn from(e: ProofDecodeError) -> PocketVmError {
        PocketVmError::MalformedProof {
            reason: e.to_string(),
        }
    }
}

impl From<VerifyError> for PocketVmError {
    fn from(e: VerifyError) -> PocketVmError {
        PocketVmError::InvalidProof {
            reason: e.to_string(),
        }
    }
}

/// An exception a foreign `ProgressListener` threw that is not a `PocketVmError`. The bindings
/// pass the whole stack trace; the first line (exception class and message) is kept.
impl From<uniffi::UnexpectedUniFFICallbackError> for PocketVmError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> PocketVmError {
        let first = e.reason.lines().next().unwrap_or_default().trim();
        PocketVmError::Listener {
            reason: first.to_string(),
        }
    }
}
