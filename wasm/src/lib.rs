//! # PocketVM for JavaScript
//!
//! wasm-bindgen bindings over `pocketvm-core`: prove and verify RV32IM programs in a browser or
//! in Node, single-threaded. A thin layer: conversions live in `convert`, error codes in
//! `error`, and all proving logic in the core. Every failure is a JavaScript `Error` with a
//! stable `code` (see `error`); nothing reachable from JavaScript traps.
//!
//! ```js
//! import init, { prove, verify } from "pocketvm";
//! await init();
//! const { proof, output } = prove(elfBytes, { input: new TextEncoder().encode("1000") });
//! const { valid } = verify(elfBytes, proof, { input: new TextEncoder().encode("1000") });
//! ```

mod convert;
mod error;

use convert::{
    now_ms, object, optional_bool, optional_bytes, optional_function, optional_u64, uint8_array,
};
use error::Failure;
use pocketvm_core::{Input, Phase, Program, Proof, ProveOptions, RunOptions};
use std::sync::Once;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A phase of proving, reported to `onProgress`. */
export type ProvePhase = "execute" | "trace" | "commit" | "interaction" | "prove";

export interface RunOptions {
  /** Public input (fd 0), part of the statement. */
  input?: Uint8Array;
  /** Private input (fd 3), known only to the prover. Proofs are not zero-knowledge. */
  privateInput?: Uint8Array;
  /** Stop with CYCLE_LIMIT after this many instructions (default 2^26). */
  maxCycles?: number;
}

export interface ProveOptions extends RunOptions {
  /** Embed the program in the proof so it can be verified against `programDigest` alone. */
  embedProgram?: boolean;
  /** Prove in segments of at most 2^k cycles (8 to 27, default 18): memory grows with k. */
  segmentLogCycles?: number;
  /** Called as proving advances; return `false` (or throw) to cancel with CANCELLED. */
  onProgress?: (phase: ProvePhase, fraction: number) => boolean | void;
}

export interface VerifyOptions {
  /** The public input the program ran on. */
  input?: Uint8Array;
}

export interface RunResult {
  output: Uint8Array;
  /** Text the program wrote to fd 2 (not proven). */
  debug: Uint8Array;
  exitCode: number;
  cycles: number;
}

/** What a proof proves, from its parameters and shape (docs/security.md). */
export interface Security {
  /** The regime of `provenBits`: always "UDR" (unique decoding). */
  regime: "UDR";
  /** Proven bits in the unique decoding regime (at least 96 for any accepted proof). */
  provenBits: number;
  /** Proven bits in the Johnson bound regime. */
  jbrBits: number;
  /** stwo's conjectured figure (a refuted conjecture; for comparison only). */
  conjecturedBits: number;
  logBlowup: number;
  queries: number;
  powBits: number;
  foldStep: number;
  /** The weakest round, e.g. "part 0: batching". */
  weakest: string;
}

export interface ProveResult {
  /** The proof: versioned binary, byte-identical to the native CLI's. */
  proof: Uint8Array;
  output: Uint8Array;
  exitCode: number;
  cycles: number;
  proveMs: number;
  security: Security;
}

export interface VerifyResult {
  valid: true;
  output: Uint8Array;
  exitCode: number;
  cycles: number;
  verifyMs: number;
  security: Security;
}

/** Stable error codes; every thrown error is an `Error` with one of these in `code`. */
export type PocketVmErrorCode =
  | "INVALID_ARGUMENT" | "MALFORMED_PROGRAM" | "EXECUTION_ERROR" | "CYCLE_LIMIT"
  | "UNPROVABLE" | "CANCELLED" | "MALFORMED_PROOF" | "INVALID_PROOF" | "INTERNAL";

export interface PocketVmError extends Error {
  code: PocketVmErrorCode;
  /** The instruction address, for EXECUTION_ERROR and CYCLE_LIMIT. */
  pc?: number;
}
"#;

fn init() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| std::panic::set_hook(Box::new(console_error_panic_hook::hook)));
}

fn load(elf: &[u8]) -> Result<Program, Failure> {
    Ok(Program::from_elf(elf)?)
}

fn run_options(options: &JsValue) -> Result<RunOptions, Failure> {
    let mut run = RunOptions::default();
    if let Some(max) = optional_u64(options, "maxCycles")? {
        run.max_cycles = max;
    }
    Ok(run)
}

/// Executes `elf` without proving.
///
/// `options`: `{ input?: Uint8Array, privateInput?: Uint8Array, maxCycles?: number }`.
/// Returns `{ output: Uint8Array, debug: Uint8Array, exitCode: number, cycles: number }`.
#[wasm_bindgen(unchecked_return_type = "RunResult")]
pub fn run(
    elf: &[u8],
    #[wasm_bindgen(unchecked_optional_param_type = "RunOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    init();
    run_inner(elf, &options).map_err(Failure::into_js)
}

fn run_inner(elf: &[u8], options: &JsValue) -> Result<JsValue, Failure> {
    let program = load(elf)?;
    let public = optional_bytes(options, "input")?;
    let private = optional_bytes(options, "privateInput")?;
    let input = Input {
        public: &public,
        private: &private,
    };
    let execution = pocketvm_core::run(&program, input, &run_options(options)?)?;
    Ok(object(&[
        ("output", uint8_array(&execution.output)),
        ("debug", uint8_array(&execution.debug)),
        ("exitCode", execution.exit_code.into()),
        ("cycles", (execution.stats.cycles as f64).into()),
    ]))
}

/// Executes `elf` and proves the run.
///
/// `options`: `{ input?: Uint8Array, privateInput?: Uint8Array, maxCycles?: number,
/// embedProgram?: boolean, segmentLogCycles?: number, onProgress?: (phase: string, fraction:
/// number) => boolean | void }`.
/// `onProgress` is called as proving advances; returning `false` (or throwing) cancels with
/// code `CANCELLED`. Returns `{ proof: Uint8Array, output: Uint8Array, exitCode: number,
/// cycles: number, proveMs: number }`.
#[wasm_bindgen(unchecked_return_type = "ProveResult")]
pub fn prove(
    elf: &[u8],
    #[wasm_bindgen(unchecked_optional_param_type = "ProveOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    init();
    prove_inner(elf, &options).map_err(Failure::into_js)
}

fn prove_inner(elf: &[u8], options: &JsValue) -> Result<JsValue, Failure> {
    let program = load(elf)?;
    let public = optional_bytes(options, "input")?;
    let private = optional_bytes(options, "privateInput")?;
    let mut prove_options = ProveOptions {
        run: run_options(options)?,
        embed_program: optional_bool(options, "embedProgram")?,
        ..ProveOptions::default()
    };
    if let Some(k) = optional_u64(options, "segmentLogCycles")? {
        let (lo, hi) = pocketvm_core::prover::SEGMENT_LOG_CYCLES_RANGE;
        if !(u64::from(lo)..=u64::from(hi)).contains(&k) {
            return Err(Failure::argument(format!(
                "segmentLogCycles must be between {lo} and {hi}, not {k}"
            )));
        }
        prove_options.segment_log_cycles = k as u32;
    }
    let on_progress = optional_function(options, "onProgress")?;
    let mut progress = |phase: Phase, fraction: f32| match &on_progress {
        None => true,
        Some(callback) => {
            match callback.call2(
                &JsValue::NULL,
                &phase.name().into(),
                &f64::from(fraction).into(),
            ) {
                Ok(answer) => answer.as_bool() != Some(false),
                Err(_) => false,
            }
        }
    };
    let start = now_ms();
    let input = Input {
        public: &public,
        private: &private,
    };
    let (execution, proof) = pocketvm_core::prove(&program, input, &prove_options, &mut progress)?;
    let prove_ms = now_ms() - start;
    let security = pocketvm_core::security_report(&program, &public, &proof)?;
    Ok(object(&[
        ("proof", uint8_array(&proof.to_bytes())),
        ("output", uint8_array(&execution.output)),
        ("exitCode", execution.exit_code.into()),
        ("cycles", (execution.stats.cycles as f64).into()),
        ("proveMs", prove_ms.into()),
        ("security", security_object(&security.summary())),
    ]))
}

/// Verifies `proof` for the program `elfOrDigest` (the ELF bytes, or its 32-byte digest when
/// the proof embeds the program) on `options.input`.
///
/// Returns `{ valid: true, output: Uint8Array, exitCode: number, cycles: number, verifyMs }`
/// for a valid proof; throws `INVALID_PROOF` for a rejected one, `MALFORMED_PROOF` for bytes
/// that are not a proof, `MALFORMED_PROGRAM` for an unusable program.
#[wasm_bindgen(unchecked_return_type = "VerifyResult")]
pub fn verify(
    #[wasm_bindgen(js_name = elfOrDigest)] elf_or_digest: &[u8],
    proof: &[u8],
    #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    init();
    verify_inner(elf_or_digest, proof, &options).map_err(Failure::into_js)
}

fn verify_inner(elf_or_digest: &[u8], proof: &[u8], options: &JsValue) -> Result<JsValue, Failure> {
    let public = optional_bytes(options, "input")?;
    let proof = Proof::from_bytes(proof)?;
    let program = match <&[u8; 32]>::try_from(elf_or_digest) {
        Ok(digest) if !elf_or_digest.starts_with(b"\x7fELF") => {
            pocketvm_core::embedded_program(digest, &proof)?
        }
        _ => load(elf_or_digest)?,
    };
    let start = now_ms();
    let security = pocketvm_core::verify_claim(&program, &public, &proof)?;
    let verify_ms = now_ms() - start;
    let claim = &proof.claim;
    Ok(object(&[
        ("valid", true.into()),
        ("output", uint8_array(&claim.output)),
        ("exitCode", claim.exit_code.into()),
        ("cycles", claim.cycles.into()),
        ("verifyMs", verify_ms.into()),
        ("security", security_object(&security.summary())),
    ]))
}

fn security_object(summary: &pocketvm_core::SecuritySummary) -> JsValue {
    object(&[
        ("regime", summary.regime.as_str().into()),
        ("provenBits", summary.proven_bits.into()),
        ("jbrBits", summary.jbr_bits.into()),
        ("conjecturedBits", summary.conjectured_bits.into()),
        ("logBlowup", summary.log_blowup.into()),
        ("queries", summary.queries.into()),
        ("powBits", summary.pow_bits.into()),
        ("foldStep", summary.fold_step.into()),
        ("weakest", summary.weakest.as_str().into()),
    ])
}

/// The 32-byte digest of a program: what a proof is bound to, and what `verify` accepts in
/// place of the ELF when the proof embeds its program.
#[wasm_bindgen(js_name = programDigest)]
pub fn program_digest(elf: &[u8]) -> Result<js_sys::Uint8Array, JsValue> {
    init();
    let program = load(elf).map_err(Failure::into_js)?;
    Ok(js_sys::Uint8Array::from(
        &pocketvm_core::program_digest(&program)[..],
    ))
}

/// Bytes of linear memory this module holds. Linear memory never shrinks, so after a proof this
/// is the peak the proof needed (plus what earlier calls left).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) as f64) * 65536.0
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// The proven security every proof this verifier accepts reaches, in bits (unique decoding
/// regime; a proof's own figure, often higher, is in `security.provenBits`).
#[wasm_bindgen(js_name = securityBits)]
pub fn security_bits() -> u32 {
    pocketvm_core::security_bits()
}
