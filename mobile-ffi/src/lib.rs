//! # PocketVM for Swift, Kotlin and Python
//!
//! uniffi bindings over `pocketvm-core`: prove that an RV32IM program, on a public input and a
//! private input, produced an output and exit code, and verify such proofs. A thin layer: the
//! error mapping lives in [`error`], progress and cancellation in [`progress`], and all proving
//! logic in the core. Every failure is a typed [`PocketVmError`]; nothing here panics (uniffi
//! would turn a panic into an internal error, but none is reachable).
//!
//! Kotlin (the generated package is `uniffi.pocketvm`):
//! ```kotlin
//! val result = prove(elf, input = "1000".toByteArray())
//! val checked = verify(elf, result.proof, input = "1000".toByteArray())
//! ```
//! Swift: `let result = try prove(elf: elf, input: Data("1000".utf8))`.
//!
//! Proofs are sound but not zero-knowledge: a proof may reveal information about the private
//! input.

// uniffi's scaffolding macros expand to `extern "C"` functions with unsafe blocks.
#![allow(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
pub mod progress;

pub use error::PocketVmError;
pub use progress::{CancelHandle, ProgressListener, ProvePhase};

use pocketvm_core::{Input, Phase, Program, Proof, ProveOptions, RunOptions};
use std::sync::Arc;
use std::time::Instant;

uniffi::setup_scaffolding!("pocketvm");

/// A finished proof and what it proves.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ProveResult {
    /// The proof: the versioned binary format, byte-identical to the CLI's and the npm package's.
    pub proof: Vec<u8>,
    /// What the program wrote to fd 1 (part of the statement).
    pub output: Vec<u8>,
    /// The exit code the program passed to `exit` (part of the statement).
    pub exit_code: u32,
    /// Instructions executed.
    pub cycles: u64,
    /// Wall time of proving, in milliseconds.
    pub prove_ms: f64,
}

/// What a valid proof states, returned by `verify`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct VerifyResult {
    /// The proven output.
    pub output: Vec<u8>,
    /// The proven exit code.
    pub exit_code: u32,
    /// The proven number of instructions.
    pub cycles: u64,
    /// Wall time of verification, in milliseconds.
    pub verify_ms: f64,
    /// Proven security of this proof, in bits (unique decoding regime; at least 96).
    pub proven_bits: f64,
}

/// The result of running a program without proving it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RunResult {
    /// What the program wrote to fd 1.
    pub output: Vec<u8>,
    /// What the program wrote to fd 2 (debug text; never proven).
    pub debug: Vec<u8>,
    /// The exit code.
    pub exit_code: u32,
    /// Instructions executed.
    pub cycles: u64,
}

fn run_options(max_cycles: Option<u64>) -> RunOptions {
    let mut options = RunOptions::default();
    if let Some(max) = max_cycles {
        options.max_cycles = max;
    }
    options
}

/// Runs `elf` on `input` (fd 0) and `private_input` (fd 3), both empty if absent, without
/// proving. `max_cycles` bounds
/// the run (default 2^26 instructions).
#[uniffi::export(default(input = None, private_input = None, max_cycles = None))]
pub fn run(
    elf: Vec<u8>,
    input: Option<Vec<u8>>,
    private_input: Option<Vec<u8>>,
    max_cycles: Option<u64>,
) -> Result<RunResult, PocketVmError> {
    let program = Program::from_elf(&elf)?;
    let input = Input {
        public: input.as_deref().unwrap_or_default(),
        private: private_input.as_deref().unwrap_or_default(),
    };
    let execution = pocketvm_core::run(&program, input, &run_options(max_cycles))?;
    Ok(RunResult {
        output: execution.output,
        debug: execution.debug,
        exit_code: execution.exit_code,
        cycles: execution.stats.cycles,
    })
}

/// Runs `elf` on `input` (public, fd 0) and `private_input` (fd 3) and proves the run.
///
/// `max_cycles` bounds the run; `embed_program` puts the program in the proof so it can be
/// verified against `program_digest` alone. `listener` hears each phase; `cancel` stops the
/// proof from another thread. Blocks the calling thread for the whole proof (seconds): call it
/// off the main thread.
#[uniffi::export(default(
    input = None,
    private_input = None,
    max_cycles = None,
    embed_program = false,
    listener = None,
    cancel = None
))]
pub fn prove(
    elf: Vec<u8>,
    input: Option<Vec<u8>>,
    private_input: Option<Vec<u8>>,
    max_cycles: Option<u64>,
    embed_program: bool,
    listener: Option<Arc<dyn ProgressListener>>,
    cancel: Option<Arc<CancelHandle>>,
) -> Result<ProveResult, PocketVmError> {
    let program = Program::from_elf(&elf)?;
    let options = ProveOptions {
        run: run_options(max_cycles),
        embed_program,
        ..ProveOptions::default()
    };
    // The core's callback answers "go on?"; remember why it said no.
    let mut stopped: Option<PocketVmError> = None;
    let mut progress = |phase: Phase, fraction: f32| {
        if cancel.as_ref().is_some_and(|c| c.is_cancelled()) {
            stopped = Some(PocketVmError::Cancelled);
            return false;
        }
        if let Some(listener) = &listener {
            if let Err(e) = listener.on_progress(phase.into(), fraction) {
                stopped = Some(e);
                return false;
            }
        }
        true
    };
    let start = Instant::now();
    let input = Input {
        public: input.as_deref().unwrap_or_default(),
        private: private_input.as_deref().unwrap_or_default(),
    };
    let proved = pocketvm_core::prove(&program, input, &options, &mut progress);
    let prove_ms = start.elapsed().as_secs_f64() * 1e3;
    let (execution, proof) = proved.map_err(|e| match (e, stopped.take()) {
        (pocketvm_core::ProveError::Cancelled, Some(reason)) => reason,
        (e, _) => e.into(),
    })?;
    Ok(ProveResult {
        proof: proof.to_bytes(),
        output: execution.output,
        exit_code: execution.exit_code,
        cycles: execution.stats.cycles,
        prove_ms,
    })
}

/// Verifies `proof` for the program `elf` on the public `input`. Returns what the proof states;
/// fails with `InvalidProof` if it is rejected and `MalformedProof` if the bytes are not a proof.
#[uniffi::export(default(input = None))]
pub fn verify(
    elf: Vec<u8>,
    proof: Vec<u8>,
    input: Option<Vec<u8>>,
) -> Result<VerifyResult, PocketVmError> {
    let proof = Proof::from_bytes(&proof)?;
    let program = Program::from_elf(&elf)?;
    verify_against(&program, &proof, input.as_deref().unwrap_or_default())
}

/// Verifies a proof made with `embed_program = true` against the 32-byte `program_digest` of
/// the program alone, without its ELF.
#[uniffi::export(default(input = None))]
pub fn verify_with_digest(
    digest: Vec<u8>,
    proof: Vec<u8>,
    input: Option<Vec<u8>>,
) -> Result<VerifyResult, PocketVmError> {
    let digest = <[u8; 32]>::try_from(digest.as_slice()).map_err(|_| {
        PocketVmError::argument(format!(
            "a program digest is 32 bytes, not {}",
            digest.len()
        ))
    })?;
    let proof = Proof::from_bytes(&proof)?;
    let program = pocketvm_core::embedded_program(&digest, &proof)?;
    verify_against(&program, &proof, input.as_deref().unwrap_or_default())
}

fn verify_against(
    program: &Program,
    proof: &Proof,
    input: &[u8],
) -> Result<VerifyResult, PocketVmError> {
    let start = Instant::now();
    let security = pocketvm_core::verify_claim(program, input, proof)?;
    let verify_ms = start.elapsed().as_secs_f64() * 1e3;
    Ok(VerifyResult {
        output: proof.claim.output.clone(),
        exit_code: proof.claim.exit_code,
        cycles: u64::from(proof.claim.cycles),
        verify_ms,
        proven_bits: security.summary().proven_bits,
    })
}

/// The 32-byte digest of a program: what every proof is bound to.
#[uniffi::export]
pub fn program_digest(elf: Vec<u8>) -> Result<Vec<u8>, PocketVmError> {
    let program = Program::from_elf(&elf)?;
    Ok(pocketvm_core::program_digest(&program).to_vec())
}

/// The proven security every proof this verifier accepts reaches, in bits (unique decoding
/// regime, docs/security.md).
#[uniffi::export]
pub fn security_bits() -> u32 {
    pocketvm_core::security_bits()
}

/// The version of this library (and of the proof format it writes, after the slash), e.g.
/// `0.1.0/2`.
#[uniffi::export]
pub fn version() -> String {
    format!(
        "{}/{}",
        env!("CARGO_PKG_VERSION"),
        pocketvm_core::proof::FORMAT_VERSION
    )
}
