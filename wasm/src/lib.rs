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

use convert::{function, now_ms, result};
use error::Failure;
use pocketvm_core::{Input, Phase, Program, Proof, ProveOptions, RunOptions};
use serde::{Deserialize, Serialize};
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
  /** Prove in segments of at most 2^k cycles (8 to 27; default 18, and 17 for runs over 2^24
   *  cycles): memory grows with k. */
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

/// `RunOptions` of the TypeScript declarations (and the fields `ProveOptions` adds).
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsOptions {
    #[serde(default, with = "serde_bytes")]
    input: Option<Vec<u8>>,
    #[serde(default, with = "serde_bytes")]
    private_input: Option<Vec<u8>>,
    max_cycles: Option<u64>,
    embed_program: Option<bool>,
    segment_log_cycles: Option<u64>,
    /// Kept as the JavaScript value (checked to be a function by `convert::function`).
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    on_progress: JsValue,
}

impl JsOptions {
    fn run(&self) -> RunOptions {
        let mut run = RunOptions::default();
        if let Some(max) = self.max_cycles {
            run.max_cycles = max;
        }
        run
    }
}

/// `RunResult` of the TypeScript declarations.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunResult<'a> {
    #[serde(with = "serde_bytes")]
    output: &'a [u8],
    #[serde(with = "serde_bytes")]
    debug: &'a [u8],
    exit_code: u32,
    cycles: u64,
}

/// `ProveResult` of the TypeScript declarations.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProveResult<'a> {
    #[serde(with = "serde_bytes")]
    proof: &'a [u8],
    #[serde(with = "serde_bytes")]
    output: &'a [u8],
    exit_code: u32,
    cycles: u64,
    prove_ms: f64,
    security: Security<'a>,
}

/// `VerifyResult` of the TypeScript declarations.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VerifyResult<'a> {
    valid: bool,
    #[serde(with = "serde_bytes")]
    output: &'a [u8],
    exit_code: u32,
    cycles: u32,
    verify_ms: f64,
    security: Security<'a>,
}

/// `Security` of the TypeScript declarations: the core's summary in camelCase.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Security<'a> {
    regime: &'a str,
    proven_bits: f64,
    jbr_bits: f64,
    conjectured_bits: u32,
    log_blowup: u32,
    queries: u32,
    pow_bits: u32,
    fold_step: u32,
    weakest: &'a str,
}

impl<'a> From<&'a pocketvm_core::SecuritySummary> for Security<'a> {
    fn from(s: &'a pocketvm_core::SecuritySummary) -> Security<'a> {
        Security {
            regime: &s.regime,
            proven_bits: s.proven_bits,
            jbr_bits: s.jbr_bits,
            conjectured_bits: s.conjectured_bits,
            log_blowup: s.log_blowup,
            queries: s.queries,
            pow_bits: s.pow_bits,
            fold_step: s.fold_step,
            weakest: &s.weakest,
        }
    }
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
    run_inner(elf, options).map_err(Failure::into_js)
}

fn run_inner(elf: &[u8], options: JsValue) -> Result<JsValue, Failure> {
    let program = load(elf)?;
    let options: JsOptions = convert::options(options)?;
    let input = Input {
        public: options.input.as_deref().unwrap_or_default(),
        private: options.private_input.as_deref().unwrap_or_default(),
    };
    let execution = pocketvm_core::run(&program, input, &options.run())?;
    result(&RunResult {
        output: &execution.output,
        debug: &execution.debug,
        exit_code: execution.exit_code,
        cycles: execution.stats.cycles,
    })
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
    prove_inner(elf, options).map_err(Failure::into_js)
}

fn prove_inner(elf: &[u8], options: JsValue) -> Result<JsValue, Failure> {
    let program = load(elf)?;
    let options: JsOptions = convert::options(options)?;
    let public = options.input.as_deref().unwrap_or_default();
    let private = options.private_input.as_deref().unwrap_or_default();
    let mut prove_options = ProveOptions {
        run: options.run(),
        embed_program: options.embed_program.unwrap_or(false),
        ..ProveOptions::default()
    };
    if let Some(k) = options.segment_log_cycles {
        let (lo, hi) = pocketvm_core::prover::SEGMENT_LOG_CYCLES_RANGE;
        if !(u64::from(lo)..=u64::from(hi)).contains(&k) {
            return Err(Failure::argument(format!(
                "segmentLogCycles must be between {lo} and {hi}, not {k}"
            )));
        }
        prove_options.segment_log_cycles = k as u32;
    }
    let on_progress = function(options.on_progress.clone(), "onProgress")?;
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
    let input = Input { public, private };
    let (execution, proof) = pocketvm_core::prove(&program, input, &prove_options, &mut progress)?;
    let prove_ms = now_ms() - start;
    let summary = pocketvm_core::security_report(&program, public, &proof)?.summary();
    result(&ProveResult {
        proof: &proof.to_bytes(),
        output: &execution.output,
        exit_code: execution.exit_code,
        cycles: execution.stats.cycles,
        prove_ms,
        security: Security::from(&summary),
    })
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
    verify_inner(elf_or_digest, proof, options).map_err(Failure::into_js)
}

/// `VerifyOptions` of the TypeScript declarations.
#[derive(Default, Deserialize)]
struct JsVerifyOptions {
    #[serde(default, with = "serde_bytes")]
    input: Option<Vec<u8>>,
}

fn verify_inner(elf_or_digest: &[u8], proof: &[u8], options: JsValue) -> Result<JsValue, Failure> {
    let options: JsVerifyOptions = convert::options(options)?;
    let public = options.input.unwrap_or_default();
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
    let summary = security.summary();
    result(&VerifyResult {
        valid: true,
        output: &claim.output,
        exit_code: claim.exit_code,
        cycles: claim.cycles,
        verify_ms,
        security: Security::from(&summary),
    })
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
