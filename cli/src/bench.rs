//! `pocketvm bench`: emulator and prover speed on built-in workloads.
//!
//! The emulator table times the counting pass (best of several runs) and the recording pass
//! and reports millions of instructions per second. The prover table proves fib at about
//! 10^4 … 5·10^6 cycles and sha256 over 128 … 16,384 bytes, each in a child
//! `pocketvm prove --json` (so the peak RSS is that workload's own) verified by a child
//! `pocketvm verify --json`. `--json FILE` writes every row for `scripts/plot-bench.py`. The
//! example ELFs are compiled into the binary, so the command works from any directory.

use crate::Failure;
use clap::Args;
use pocketvm_core::isa::{encode, Instruction, Opcode};
use pocketvm_core::program::Segment;
use pocketvm_core::{record, run, Input, Program, RunOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const FIB_ELF: &[u8] = include_bytes!("../../tests/fixtures/elf/fib.elf");
const SHA256_ELF: &[u8] = include_bytes!("../../tests/fixtures/elf/sha256.elf");
const SORT_ELF: &[u8] = include_bytes!("../../tests/fixtures/elf/sort.elf");

/// fib(n) runs about 5 n + 450 cycles: these land just under 10^4 (so the row also answers
/// "a program of at most 10,000 cycles") and just over 10^5, 10^6, 2·10^6 and 5·10^6.
const FIB_NS: [u32; 5] = [1_900, 20_000, 200_000, 400_000, 1_000_000];
/// sha256 input lengths in bytes (input byte i is (i·37) mod 251, as in tests/js/bench.cjs).
const SHA256_LENS: [usize; 5] = [128, 512, 2_048, 8_192, 16_384];
/// `--quick`: the smallest of each.
const QUICK_FIB_NS: [u32; 1] = [1_900];
const QUICK_SHA256_LENS: [usize; 1] = [128];

/// A program family of the prover table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Family {
    Fib,
    Sha256,
}

#[derive(Args, Debug)]
pub(crate) struct BenchArgs {
    /// Small workloads and one repetition: checks that the benchmark runs, measures little.
    #[arg(long)]
    quick: bool,
    /// Timed repetitions of the counting pass (the best is reported).
    #[arg(long, default_value_t = 5)]
    repeat: u32,
    /// Measure the emulator only, not the prover.
    #[arg(long, conflicts_with = "prover_only")]
    emulator_only: bool,
    /// Measure the prover only, not the emulator.
    #[arg(long)]
    prover_only: bool,
    /// Prover table: only this program family.
    #[arg(long, value_enum, value_name = "fib|sha256")]
    only: Option<Family>,
    /// Prover table: skip workloads that run more than N cycles.
    #[arg(long, value_name = "N")]
    max_cycles: Option<u64>,
    /// Write every row (and the machine) as JSON to FILE, rewritten after each prover row so a
    /// long run that is stopped keeps what it measured. Read by scripts/plot-bench.py.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Extra argument for each child `pocketvm prove` (repeatable), e.g.
    /// `--prove-arg=--check-constraints`.
    #[arg(long, value_name = "ARG", allow_hyphen_values = true)]
    prove_arg: Vec<String>,
}

struct Workload {
    name: String,
    program: Program,
    public: Vec<u8>,
    private: Vec<u8>,
}

/// A tight loop of `iterations` × 5 instructions (addi, xor, add, addi, bne), then exit.
fn loop_program(iterations: u32) -> Result<Program, Failure> {
    use Opcode::*;
    let i = |op, rd, rs1, rs2, imm: i32| Instruction::new(op, rd, rs1, rs2, imm as u32);
    let upper = iterations.wrapping_add(0x800) & 0xffff_f000;
    let code = [
        i(Lui, 5, 0, 0, upper as i32),
        i(Addi, 5, 5, 0, iterations.wrapping_sub(upper) as i32),
        i(Addi, 6, 6, 0, 1),
        i(Xor, 7, 7, 6, 0),
        i(Add, 8, 8, 7, 0),
        i(Addi, 5, 5, 0, -1),
        i(Bne, 0, 5, 0, -16),
        i(Addi, 17, 0, 0, 93),
        i(Addi, 10, 0, 0, 0),
        i(Ecall, 0, 0, 0, 0),
    ];
    let data: Vec<u8> = code.iter().flat_map(|i| encode(i).to_le_bytes()).collect();
    let segment = Segment {
        vaddr: 0x1_0000,
        mem_size: data.len() as u32,
        data,
        executable: true,
    };
    Program::new(0x1_0000, vec![segment]).map_err(|e| Failure::usage(e.to_string()))
}

fn elf(bytes: &[u8]) -> Result<Program, Failure> {
    Program::from_elf(bytes).map_err(|e| Failure::usage(format!("built-in ELF: {e}")))
}

fn workloads(quick: bool) -> Result<Vec<Workload>, Failure> {
    let scale = if quick { 100 } else { 1 };
    let loop_iterations = 4_000_000 / scale;
    let fib_n = 1_000_000 / scale;
    let sha_bytes = 65_536 / scale as usize;
    let sort_words = 20_000 / scale as usize;
    let mut seed = 0x2545_f491_u32;
    let mut random = || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    let sha_input: Vec<u8> = (0..sha_bytes).map(|_| random() as u8).collect();
    let sort_input: Vec<u8> = (0..sort_words)
        .flat_map(|_| random().to_le_bytes())
        .collect();
    Ok(vec![
        Workload {
            name: format!("loop ({loop_iterations} iterations)"),
            program: loop_program(loop_iterations as u32)?,
            public: Vec::new(),
            private: Vec::new(),
        },
        Workload {
            name: format!("fib (n = {fib_n})"),
            program: elf(FIB_ELF)?,
            public: fib_n.to_string().into_bytes(),
            private: Vec::new(),
        },
        Workload {
            name: format!("sha256 ({sha_bytes} B)"),
            program: elf(SHA256_ELF)?,
            public: sha_input,
            private: Vec::new(),
        },
        Workload {
            name: format!("sort ({sort_words} words)"),
            program: elf(SORT_ELF)?,
            public: Vec::new(),
            private: sort_input,
        },
    ])
}

fn mips(cycles: u64, time: Duration) -> f64 {
    cycles as f64 / time.as_secs_f64() / 1e6
}

/// Peak resident set size of this process, from /proc (Linux only).
pub(crate) fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// One row of the emulator table.
#[derive(Debug, serde::Serialize)]
struct EmulatorRow {
    workload: String,
    cycles: u64,
    count_minstr_per_s: f64,
    record_minstr_per_s: f64,
    events_bytes: u64,
}

/// One row of the prover table, and of the `rows` that `--json` writes.
#[derive(Debug, serde::Serialize)]
struct ProverRow {
    workload: String,
    /// "fib" or "sha256".
    program: &'static str,
    /// fib's n, or sha256's input length in bytes.
    param: u64,
    cycles: u64,
    prove_s: f64,
    /// Cycles per prove second, in thousands.
    khz: f64,
    /// The child `pocketvm prove`'s peak resident set (VmHWM); null where /proc is missing.
    peak_rss_bytes: Option<u64>,
    proof_bytes: u64,
    /// Segments in the proof, when `pocketvm prove --json` reports them.
    segments: Option<u64>,
    verify_ms: f64,
    /// Proven bits (unique decoding regime), as `pocketvm verify --json` reports them.
    proven_bits: f64,
}

/// A prover workload whose child process failed (the others still run).
#[derive(Debug, serde::Serialize)]
struct FailedRow {
    workload: String,
    program: &'static str,
    param: u64,
    cycles: u64,
    error: String,
}

/// Everything `--json` writes.
#[derive(Debug, serde::Serialize)]
struct Report {
    benchmark: &'static str,
    target: &'static str,
    version: &'static str,
    arch: &'static str,
    os: &'static str,
    cpu: Option<String>,
    cpus: usize,
    memory_bytes: Option<u64>,
    threads: u32,
    quick: bool,
    unix_time: u64,
    prove_args: Vec<String>,
    emulator: Vec<EmulatorRow>,
    rows: Vec<ProverRow>,
    failures: Vec<FailedRow>,
    skipped: Vec<String>,
}

/// A `key: value` line of a /proc file (Linux only).
fn proc_field(file: &str, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    let line = text.lines().find(|l| l.starts_with(key))?;
    Some(line.split_once(':')?.1.trim().to_string())
}

impl Report {
    fn new(args: &BenchArgs) -> Report {
        let memory_bytes = proc_field("/proc/meminfo", "MemTotal")
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .map(|kib| kib * 1024);
        Report {
            benchmark: "pocketvm bench",
            target: "native",
            version: env!("CARGO_PKG_VERSION"),
            arch: std::env::consts::ARCH,
            os: std::env::consts::OS,
            cpu: proc_field("/proc/cpuinfo", "model name"),
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_bytes,
            threads: 1,
            quick: args.quick,
            unix_time: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            prove_args: args.prove_arg.clone(),
            emulator: Vec::new(),
            rows: Vec::new(),
            failures: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Writes the report to `--json FILE`, if given.
    fn save(&self, path: Option<&Path>) -> Result<(), Failure> {
        let Some(path) = path else { return Ok(()) };
        let json = serde_json::to_string_pretty(self)
            .map_err(|e| Failure::usage(format!("cannot encode JSON: {e}")))?;
        std::fs::write(path, json + "\n")
            .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))
    }
}

pub(crate) fn bench(args: &BenchArgs) -> Result<(), Failure> {
    let mut report = Report::new(args);
    let json = args.json.as_deref();
    // Fail early on an unwritable --json path, not after minutes of proving.
    report.save(json)?;
    if !args.prover_only {
        bench_emulator(args, &mut report)?;
        report.save(json)?;
    }
    if !args.emulator_only {
        if !args.prover_only {
            println!();
        }
        bench_prover(args, &mut report)?;
    }
    if report.failures.is_empty() {
        Ok(())
    } else {
        let names: Vec<&str> = report
            .failures
            .iter()
            .map(|f| f.workload.as_str())
            .collect();
        Err(Failure {
            message: format!("prover workloads failed: {}", names.join(", ")),
            status: 3,
        })
    }
}

fn bench_emulator(args: &BenchArgs, report: &mut Report) -> Result<(), Failure> {
    let repeat = if args.quick { 1 } else { args.repeat.max(1) };
    let options = RunOptions::default();
    println!(
        "PocketVM emulator benchmark ({} build, single thread)",
        std::env::consts::ARCH
    );
    println!(
        "{:<26} {:>12} {:>14} {:>16} {:>12}",
        "workload", "cycles", "count Minstr/s", "record Minstr/s", "events MiB"
    );
    for workload in workloads(args.quick)? {
        let input = Input {
            public: &workload.public,
            private: &workload.private,
        };
        let mut best = Duration::MAX;
        let mut stats = None;
        for _ in 0..repeat {
            let start = Instant::now();
            let execution =
                run(&workload.program, input, &options).map_err(|e| Failure::execution(&e))?;
            best = best.min(start.elapsed());
            stats = Some(execution.stats);
        }
        let Some(stats) = stats else { continue };
        let cycles = stats.cycles;
        // The recording pass as the prover runs it: sized by the counting pass.
        let start = Instant::now();
        let (_, trace) = record(&workload.program, input, &options, Some(&stats))
            .map_err(|e| Failure::execution(&e))?;
        let record_time = start.elapsed();
        let events = trace.steps.iter().map(|s| s.capacity()).sum::<usize>()
            * size_of::<pocketvm_core::trace::StepEvent>();
        drop(trace);
        let row = EmulatorRow {
            workload: workload.name,
            cycles,
            count_minstr_per_s: mips(cycles, best),
            record_minstr_per_s: mips(cycles, record_time),
            events_bytes: events as u64,
        };
        println!(
            "{:<26} {:>12} {:>14.1} {:>16.1} {:>12.1}",
            row.workload,
            row.cycles,
            row.count_minstr_per_s,
            row.record_minstr_per_s,
            events as f64 / (1 << 20) as f64
        );
        report.emulator.push(row);
    }
    if let Some(rss) = peak_rss_bytes() {
        println!("peak RSS: {:.1} MiB", rss as f64 / (1 << 20) as f64);
    }
    Ok(())
}

/// A prover workload: a built-in program and its public input.
struct ProverCase {
    name: String,
    family: Family,
    param: u64,
    elf: &'static [u8],
    input: Vec<u8>,
}

impl Family {
    fn name(self) -> &'static str {
        match self {
            Family::Fib => "fib",
            Family::Sha256 => "sha256",
        }
    }
}

/// The prover table's workloads: fib at about 10^4 … 5·10^6 cycles, then sha256 over
/// 128 … 16,384 bytes.
fn prover_cases(quick: bool, only: Option<Family>) -> Vec<ProverCase> {
    let (fib_ns, sha_lens): (&[u32], &[usize]) = if quick {
        (&QUICK_FIB_NS, &QUICK_SHA256_LENS)
    } else {
        (&FIB_NS, &SHA256_LENS)
    };
    let mut cases = Vec::new();
    for &n in fib_ns {
        cases.push(ProverCase {
            name: format!("fib (n = {n})"),
            family: Family::Fib,
            param: n.into(),
            elf: FIB_ELF,
            input: n.to_string().into_bytes(),
        });
    }
    for &len in sha_lens {
        cases.push(ProverCase {
            name: format!("sha256 ({len} B)"),
            family: Family::Sha256,
            param: len as u64,
            elf: SHA256_ELF,
            input: (0..len).map(|i| (i * 37 % 251) as u8).collect(),
        });
    }
    cases.retain(|c| only.is_none_or(|f| f == c.family));
    cases
}

/// Proves each workload in a child `pocketvm prove --json` (so peak RSS is the workload's
/// own) and verifies it with `pocketvm verify --json`. A failed child is reported and the
/// remaining workloads still run.
fn bench_prover(args: &BenchArgs, report: &mut Report) -> Result<(), Failure> {
    let exe =
        std::env::current_exe().map_err(|e| Failure::usage(format!("cannot find myself: {e}")))?;
    let dir = std::env::temp_dir().join(format!("pocketvm-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::usage(format!("cannot create {}: {e}", dir.display())))?;
    let result = prove_cases(args, report, &exe, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn prove_cases(
    args: &BenchArgs,
    report: &mut Report,
    exe: &Path,
    dir: &Path,
) -> Result<(), Failure> {
    let write = |name: &str, bytes: &[u8]| -> Result<PathBuf, Failure> {
        let path = dir.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))?;
        Ok(path)
    };
    let fib = write("fib.elf", FIB_ELF)?;
    let sha = write("sha256.elf", SHA256_ELF)?;
    let extra = if args.prove_arg.is_empty() {
        String::new()
    } else {
        format!("; prove {}", args.prove_arg.join(" "))
    };
    let p = pocketvm_core::schedule::DEFAULT_PARAMS;
    println!(
        "PocketVM prover benchmark (single thread; blowup {}, {} queries, {} PoW bits: 96 bits proven, unique decoding{extra})",
        1u32 << p.log_blowup,
        p.queries,
        p.pow_bits
    );
    println!(
        "{:<22} {:>10} {:>10} {:>9} {:>14} {:>12} {:>10} {:>9} {:>10}",
        "workload",
        "cycles",
        "prove s",
        "kHz",
        "peak RSS MiB",
        "proof KiB",
        "verify ms",
        "parts",
        "UDR bits"
    );
    for case in prover_cases(args.quick, args.only) {
        let program = elf(case.elf)?;
        let input = Input {
            public: &case.input,
            private: &[],
        };
        // The counting pass (milliseconds) gives the cycle count for --max-cycles.
        let cycles = run(&program, input, &RunOptions::default())
            .map_err(|e| Failure::execution(&e))?
            .stats
            .cycles;
        if args.max_cycles.is_some_and(|max| cycles > max) {
            report
                .skipped
                .push(format!("{} ({cycles} cycles)", case.name));
            continue;
        }
        let elf_path = if case.family == Family::Fib {
            &fib
        } else {
            &sha
        };
        let input_path = write("input.bin", &case.input)?;
        let proof_path = dir.join("proof.bin");
        let mut prove_args: Vec<&std::ffi::OsStr> = vec![
            "prove".as_ref(),
            elf_path.as_os_str(),
            "--input".as_ref(),
            input_path.as_os_str(),
            "-o".as_ref(),
            proof_path.as_os_str(),
            "--json".as_ref(),
        ];
        prove_args.extend(args.prove_arg.iter().map(std::ffi::OsStr::new));
        let verify_args: [&std::ffi::OsStr; 6] = [
            "verify".as_ref(),
            elf_path.as_os_str(),
            proof_path.as_os_str(),
            "--input".as_ref(),
            input_path.as_os_str(),
            "--json".as_ref(),
        ];
        let measured = child_json(exe, &prove_args)
            .and_then(|proved| Ok((proved, child_json(exe, &verify_args)?)));
        let (proved, verified) = match measured {
            Ok(pair) => pair,
            Err(error) => {
                println!("{:<22} {cycles:>10}  FAILED: {error}", case.name);
                report.failures.push(FailedRow {
                    workload: case.name,
                    program: case.family.name(),
                    param: case.param,
                    cycles,
                    error,
                });
                report.save(args.json.as_deref())?;
                continue;
            }
        };
        let number = |v: &serde_json::Value, key: &str| v[key].as_f64().unwrap_or(f64::NAN);
        let prove_s = number(&proved, "prove_seconds");
        let cycles = proved["cycles"].as_u64().unwrap_or(cycles);
        let row = ProverRow {
            workload: case.name,
            program: case.family.name(),
            param: case.param,
            cycles,
            prove_s,
            khz: cycles as f64 / prove_s / 1e3,
            peak_rss_bytes: proved["peak_rss_bytes"].as_u64(),
            proof_bytes: proved["proof_bytes"].as_u64().unwrap_or(0),
            segments: proved["segments"].as_u64(),
            verify_ms: number(&verified, "verify_ms"),
            proven_bits: verified["security"]["proven_bits"]
                .as_f64()
                .unwrap_or(f64::NAN),
        };
        println!(
            "{:<22} {:>10} {:>10.2} {:>9.1} {:>14.1} {:>12.1} {:>10.1} {:>9} {:>10.1}",
            row.workload,
            row.cycles,
            row.prove_s,
            row.khz,
            row.peak_rss_bytes.map_or(f64::NAN, |b| b as f64) / (1 << 20) as f64,
            row.proof_bytes as f64 / 1024.0,
            row.verify_ms,
            row.segments.map_or("-".to_string(), |n| n.to_string()),
            row.proven_bits,
        );
        report.rows.push(row);
        report.save(args.json.as_deref())?;
    }
    if !report.skipped.is_empty() {
        println!("skipped (over --max-cycles): {}", report.skipped.join(", "));
    }
    Ok(())
}

/// Runs `pocketvm ARGS` and parses its JSON stdout; a failure is the child's error text.
fn child_json(exe: &Path, args: &[&std::ffi::OsStr]) -> Result<serde_json::Value, String> {
    let out = std::process::Command::new(exe)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stderr = stderr.trim();
        let why = stderr.lines().last().unwrap_or("");
        return Err(format!("{}: {}", out.status, why)
            .trim_end_matches(": ")
            .to_string());
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("bad JSON from the child: {e}"))
}
