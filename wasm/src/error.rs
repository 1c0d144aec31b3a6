//! Every failure becomes a JavaScript `Error` with a stable `code` property (and `pc` where one
//! applies). Codes:
//!
//! | code | meaning |
//! |---|---|
//! | `INVALID_ARGUMENT` | an argument or option has the wrong type or value |
//! | `MALFORMED_PROGRAM` | the bytes are not an RV32IM ELF PocketVM accepts (or a 32-byte digest) |
//! | `EXECUTION_ERROR` | the program failed while running (`pc` names the instruction) |
//! | `CYCLE_LIMIT` | the program did not exit within `maxCycles` |
//! | `UNPROVABLE` | the run executed but cannot be proven (too long, timestamp gap) |
//! | `CANCELLED` | `onProgress` returned `false` |
//! | `MALFORMED_PROOF` | the proof bytes do not decode |
//! | `INVALID_PROOF` | the proof decodes but is rejected for this statement |
//! | `INTERNAL` | a PocketVM bug; please report it |

use pocketvm_core::{ElfError, ExecError, ProofDecodeError, ProveError, VerifyError};
use wasm_bindgen::JsValue;

/// An error with its code, message and optional pc.
#[derive(Debug)]
pub struct Failure {
    code: &'static str,
    message: String,
    pc: Option<u32>,
}

impl Failure {
    /// A failure with a code and message.
    pub fn new(code: &'static str, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
            pc: None,
        }
    }

    /// Bad input from JavaScript.
    pub fn argument(message: impl Into<String>) -> Failure {
        Failure::new("INVALID_ARGUMENT", message)
    }

    /// An `INTERNAL` failure: a defect of this package.
    pub fn internal(message: impl Into<String>) -> Failure {
        Failure::new("INTERNAL", message)
    }

    /// The `Error` JavaScript sees.
    pub fn into_js(self) -> JsValue {
        let error = js_sys::Error::new(&self.message);
        error.set_name("PocketVmError");
        let value: JsValue = error.into();
        let _ = js_sys::Reflect::set(&value, &"code".into(), &self.code.into());
        if let Some(pc) = self.pc {
            let _ = js_sys::Reflect::set(&value, &"pc".into(), &pc.into());
        }
        value
    }
}

impl From<ElfError> for Failure {
    fn from(e: ElfError) -> Failure {
        Failure::new("MALFORMED_PROGRAM", e.to_string())
    }
}

impl From<ExecError> for Failure {
    fn from(e: ExecError) -> Failure {
        let code = match e {
            ExecError::CycleLimit { .. } => "CYCLE_LIMIT",
            ExecError::InputTooLarge { .. } => "INVALID_ARGUMENT",
            _ => "EXECUTION_ERROR",
        };
        Failure {
            code,
            message: e.to_string(),
            pc: e.pc(),
        }
    }
}

impl From<ProveError> for Failure {
    fn from(e: ProveError) -> Failure {
        match e {
            ProveError::Execution(e) => e.into(),
            ProveError::Cancelled => Failure::new("CANCELLED", e.to_string()),
            ProveError::TooLong(_) | ProveError::TooLarge(_) | ProveError::Unprovable(_) => {
                Failure::new("UNPROVABLE", e.to_string())
            }
            e => Failure::new("INTERNAL", e.to_string()),
        }
    }
}

impl From<ProofDecodeError> for Failure {
    fn from(e: ProofDecodeError) -> Failure {
        Failure::new("MALFORMED_PROOF", e.to_string())
    }
}

impl From<VerifyError> for Failure {
    fn from(e: VerifyError) -> Failure {
        Failure::new("INVALID_PROOF", e.to_string())
    }
}
