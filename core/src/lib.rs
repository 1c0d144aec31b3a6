//! # PocketVM core
//!
//! PocketVM executes RV32IM programs and (with the prover, coming next) proves with S-two
//! circle STARKs that a program, on a given public input and a private input, produced a given
//! public output and exit code.
//!
//! This crate holds the pieces every front end (CLI, wasm, mobile) shares:
//! - [`elf`]: loading and validating an RV32IM ELF into a [`Program`];
//! - [`isa`]: decoding instructions and grouping them into families;
//! - [`emulator`]: the interpreter, with a fast counting pass ([`run`]) and a recording pass
//!   ([`record`]) that emits typed events;
//! - [`trace`]: the events the recording pass emits.
//!
//! ```no_run
//! use pocketvm_core::{run, Input, Program, RunOptions};
//! let elf = std::fs::read("tests/fixtures/elf/fib.elf")?;
//! let program = Program::from_elf(&elf)?;
//! let input = Input { public: b"1000", private: &[] };
//! let execution = run(&program, input, &RunOptions::default())?;
//! println!("exit {} after {} cycles", execution.exit_code, execution.stats.cycles);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The core is single-threaded and has no I/O of its own; it builds for `wasm32`.

#![warn(missing_docs)]

pub mod air;
pub mod elf;
pub mod emulator;
pub mod isa;
pub mod program;
pub mod proof;
#[cfg(feature = "prover")]
pub mod prover;
pub mod schedule;
pub mod security;
pub mod trace;
pub mod verifier;

pub use elf::ElfError;
pub use emulator::{
    record, run, ExecError, ExecStats, Execution, Input, RunOptions, SegmentRecorder,
};
pub use program::Program;
pub use proof::{Proof, ProofDecodeError};
#[cfg(feature = "prover")]
pub use prover::{prove, Phase, ProveError, ProveOptions};
pub use schedule::{program_digest, security_bits};
pub use security::{SecurityReport, SecuritySummary};
pub use trace::ExecutionRecord;
pub use verifier::{
    embedded_program, security_report, verify, verify_claim, verify_digest, VerifyError,
};
