//! `pocketvm prove` and `pocketvm verify`.

use crate::bench::peak_rss_bytes;
use crate::{load_program, read_file, read_optional, Failure};
use clap::Args;
use pocketvm_core::emulator::DEFAULT_MAX_CYCLES;
use pocketvm_core::prover::DEFAULT_SEGMENT_LOG_CYCLES;
use pocketvm_core::schedule::DEFAULT_PARAMS;
use pocketvm_core::security::{udr_queries_for, SecuritySummary, MIN_PROVEN_BITS};
use pocketvm_core::{
    prove, security_report, verify_claim, Input, Phase, Proof, ProveError, ProveOptions, RunOptions,
};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Args, Debug)]
pub(crate) struct ProveArgs {
    /// The RV32IM ELF executable.
    elf: PathBuf,
    /// File with the public input (fd 0); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// File with the private input (fd 3).
    #[arg(long, value_name = "FILE")]
    private_input: Option<PathBuf>,
    /// Where to write the proof.
    #[arg(short, long, value_name = "PROOF")]
    output: PathBuf,
    /// Stop with an error after this many instructions.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CYCLES)]
    max_cycles: u64,
    /// Check every trace row before proving (slow; pinpoints PocketVM bugs).
    #[arg(long)]
    check_constraints: bool,
    /// Embed the program in the proof, so it can be verified against the program digest alone.
    #[arg(long)]
    embed_program: bool,
    /// Prove in segments of at most 2^K cycles (8 to 27): peak memory grows with K, the proof
    /// with the number of segments.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_SEGMENT_LOG_CYCLES,
          value_parser = clap::value_parser!(u32).range(8..=27))]
    segment_log_cycles: u32,
    /// log2 of the FRI blowup (1 to 3).
    #[arg(long, value_name = "B", default_value_t = DEFAULT_PARAMS.log_blowup,
          value_parser = clap::value_parser!(u32).range(1..=3))]
    log_blowup: u32,
    /// Proof-of-work bits before the FRI queries.
    #[arg(long, value_name = "BITS", default_value_t = DEFAULT_PARAMS.pow_bits,
          value_parser = clap::value_parser!(u32).range(0..=30))]
    pow_bits: u32,
    /// FRI queries (default: the fewest that give 96 proven bits with the blowup and work).
    #[arg(long, value_name = "N")]
    queries: Option<u32>,
    /// Print one JSON object: exit_code, cycles, output_hex, proof_bytes, segments (parts),
    /// prove_seconds, peak_rss_bytes, security.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub(crate) struct VerifyArgs {
    /// The RV32IM ELF executable the proof is about.
    elf: PathBuf,
    /// The proof file.
    proof: PathBuf,
    /// File with the public input the program ran on; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// Print one JSON object: exit_code, cycles, output_hex, verify_ms, security.
    #[arg(long)]
    json: bool,
}

#[derive(serde::Serialize)]
struct ProveReport {
    program_digest: String,
    exit_code: u32,
    cycles: u64,
    output_hex: String,
    proof_bytes: usize,
    segments: usize,
    prove_seconds: f64,
    peak_rss_bytes: Option<u64>,
    security: SecuritySummary,
}

pub(crate) fn prove_command(args: &ProveArgs) -> Result<(), Failure> {
    let program = load_program(&args.elf)?;
    let public = read_optional(&args.input, "input file")?;
    let private = read_optional(&args.private_input, "private input file")?;
    let options = ProveOptions {
        run: RunOptions {
            max_cycles: args.max_cycles,
            ..RunOptions::default()
        },
        check_constraints: args.check_constraints,
        embed_program: args.embed_program,
        segment_log_cycles: args.segment_log_cycles,
        params: pocketvm_core::security::StarkParams {
            log_blowup: args.log_blowup,
            pow_bits: args.pow_bits,
            queries: args.queries.unwrap_or_else(|| {
                udr_queries_for(MIN_PROVEN_BITS, args.log_blowup, args.pow_bits)
            }),
            ..DEFAULT_PARAMS
        },
    };
    let start = Instant::now();
    let show_progress = !args.json;
    let mut last = None;
    let mut progress = |phase: Phase, fraction: f32| {
        if show_progress && last != Some(phase) {
            eprintln!(
                "[{:>5.1}s] {:<12} {:>3.0}%",
                start.elapsed().as_secs_f64(),
                phase.name(),
                fraction * 100.0
            );
            last = Some(phase);
        }
        true
    };
    let input = Input {
        public: &public,
        private: &private,
    };
    let (execution, proof) =
        prove(&program, input, &options, &mut progress).map_err(|e| match e {
            ProveError::Execution(e) => Failure::execution(&e),
            e => Failure {
                message: e.to_string(),
                status: 3,
            },
        })?;
    let prove_seconds = start.elapsed().as_secs_f64();
    let bytes = proof.to_bytes();
    std::fs::write(&args.output, &bytes)
        .map_err(|e| Failure::usage(format!("cannot write {}: {e}", args.output.display())))?;

    let _ = std::io::stderr().write_all(&execution.debug);
    let security = security_report(&program, &public, &proof).map_err(|e| Failure {
        message: format!("internal error: the new proof is malformed: {e}"),
        status: 3,
    })?;
    let report = ProveReport {
        program_digest: hex::encode(proof.claim.program_digest),
        exit_code: execution.exit_code,
        cycles: execution.stats.cycles,
        output_hex: hex::encode(&execution.output),
        proof_bytes: bytes.len(),
        segments: proof.segments.len(),
        prove_seconds,
        peak_rss_bytes: peak_rss_bytes(),
        security: security.summary(),
    };
    if args.json {
        print_json(&report)
    } else {
        eprintln!(
            "proved {} cycles in {:.2} s ({:.1} kHz); exit code {}; proof {} bytes ({} part{}, {:.1} bits proven) -> {}",
            report.cycles,
            prove_seconds,
            report.cycles as f64 / prove_seconds / 1e3,
            report.exit_code,
            report.proof_bytes,
            report.segments,
            if report.segments == 1 { "" } else { "s" },
            report.security.proven_bits,
            args.output.display()
        );
        write_stdout(&execution.output)
    }
}

#[derive(serde::Serialize)]
struct VerifyReport {
    program_digest: String,
    exit_code: u32,
    cycles: u32,
    output_hex: String,
    verify_ms: f64,
    security: SecuritySummary,
}

pub(crate) fn verify_command(args: &VerifyArgs) -> Result<(), Failure> {
    let program = load_program(&args.elf)?;
    let public = read_optional(&args.input, "input file")?;
    let bytes = read_file(&args.proof, "proof file")?;
    let proof = Proof::from_bytes(&bytes)
        .map_err(|e| Failure::usage(format!("{}: {e}", args.proof.display())))?;
    let start = Instant::now();
    let security = verify_claim(&program, &public, &proof).map_err(|e| Failure {
        message: format!("proof rejected: {e}"),
        status: 1,
    })?;
    let verify_ms = start.elapsed().as_secs_f64() * 1e3;
    let claim = &proof.claim;
    if args.json {
        print_json(&VerifyReport {
            program_digest: hex::encode(claim.program_digest),
            exit_code: claim.exit_code,
            cycles: claim.cycles,
            output_hex: hex::encode(&claim.output),
            verify_ms,
            security: security.summary(),
        })
    } else {
        eprintln!(
            "valid proof: {} cycles, exit code {}, {:.1} bits proven (unique decoding) ({verify_ms:.1} ms)",
            claim.cycles,
            claim.exit_code,
            security.udr.bits
        );
        write_stdout(&claim.output)
    }
}

fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let json = serde_json::to_string(value)
        .map_err(|e| Failure::usage(format!("cannot encode JSON: {e}")))?;
    write_stdout(format!("{json}\n").as_bytes())
}

pub(crate) fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::usage(format!("cannot write the output: {e}")))
}

#[derive(Args, Debug)]
pub(crate) struct DigestArgs {
    /// The RV32IM ELF executable.
    elf: PathBuf,
}

/// Prints the program digest (64 hex digits).
pub(crate) fn digest_command(args: &DigestArgs) -> Result<(), Failure> {
    let program = load_program(&args.elf)?;
    let digest = pocketvm_core::program_digest(&program);
    write_stdout(format!("{}\n", hex::encode(digest)).as_bytes())
}
