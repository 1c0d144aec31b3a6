//! `pocketvm bench`: emulator speed on built-in workloads.
//!
//! For each workload it times the counting pass (best of several runs) and the recording pass,
//! and reports millions of instructions per second. The example ELFs are compiled into the
//! binary, so the command works from any directory.

use crate::Failure;
use clap::Args;
use pocketvm_core::isa::{encode, Instruction, Opcode};
use pocketvm_core::program::Segment;
use pocketvm_core::{record, run, Input, Program, RunOptions};
use std::time::{Duration, Instant};

const FIB_ELF: &[u8] = include_bytes!("../../tests/fixtures/elf/fib.elf");
const SHA256_ELF: &[u8] = include_bytes!("../../tests/fixtures/elf/sha256.elf");
const SORT_ELF: &[u8] = include_bytes!("../../tests/fixtures/elf/sort.elf");

#[derive(Args, Debug)]
pub(crate) struct BenchArgs {
    /// Small workloads and one repetition: checks that the benchmark runs, measures little.
    #[arg(long)]
    quick: bool,
    /// Timed repetitions of the counting pass (the best is reported).
    #[arg(long, default_value_t = 5)]
    repeat: u32,
    /// Measure the emulator only, not the prover.
    #[arg(long)]
    emulator_only: bool,
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

pub(crate) fn bench(args: &BenchArgs) -> Result<(), Failure> {
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
        println!(
            "{:<26} {:>12} {:>14.1} {:>16.1} {:>12.1}",
            workload.name,
            cycles,
            mips(cycles, best),
            mips(cycles, record_time),
            events as f64 / (1 << 20) as f64
        );
    }
    if let Some(rss) = peak_rss_bytes() {
        println!("peak RSS: {:.1} MiB", rss as f64 / (1 << 20) as f64);
    }
    if !args.emulator_only {
        bench_prover(args.quick)?;
    }
    Ok(())
}

/// Proves each workload in a child `pocketvm prove --json` (so peak RSS is the workload's
/// own) and verifies it with `pocketvm verify --json`.
fn bench_prover(quick: bool) -> Result<(), Failure> {
    let exe =
        std::env::current_exe().map_err(|e| Failure::usage(format!("cannot find myself: {e}")))?;
    let dir = std::env::temp_dir().join(format!("pocketvm-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::usage(format!("cannot create {}: {e}", dir.display())))?;
    let write = |name: &str, bytes: &[u8]| -> Result<std::path::PathBuf, Failure> {
        let path = dir.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))?;
        Ok(path)
    };
    let fib = write("fib.elf", FIB_ELF)?;
    let sha = write("sha256.elf", SHA256_ELF)?;
    let mut cases: Vec<(String, std::path::PathBuf, Vec<u8>)> = Vec::new();
    let fib_ns: &[u32] = if quick {
        &[1000]
    } else {
        &[1000, 100_000, 1_000_000]
    };
    for &n in fib_ns {
        cases.push((
            format!("fib (n = {n})"),
            fib.clone(),
            n.to_string().into_bytes(),
        ));
    }
    let sha_lens: &[usize] = if quick { &[128] } else { &[128, 512, 2048] };
    for &len in sha_lens {
        let input: Vec<u8> = (0..len).map(|i| (i * 37 % 251) as u8).collect();
        cases.push((format!("sha256 ({len} B)"), sha.clone(), input));
    }
    println!();
    println!("PocketVM prover benchmark (single thread; 96-bit config: blowup 2, 76 queries, 20 PoW bits)");
    println!(
        "{:<22} {:>10} {:>10} {:>9} {:>14} {:>12} {:>10}",
        "workload", "cycles", "prove s", "kHz", "peak RSS MiB", "proof KiB", "verify ms"
    );
    for (name, elf, input) in cases {
        let input_path = write("input.bin", &input)?;
        let proof_path = dir.join("proof.bin");
        let json = |args: &[&std::ffi::OsStr]| -> Result<serde_json::Value, Failure> {
            let out = std::process::Command::new(&exe)
                .args(args)
                .output()
                .map_err(|e| Failure::usage(format!("cannot run {}: {e}", exe.display())))?;
            if !out.status.success() {
                let stderr = String::from_utf8_lossy(&out.stderr);
                return Err(Failure {
                    message: format!("{name}: {}", stderr.trim()),
                    status: 3,
                });
            }
            serde_json::from_slice(&out.stdout)
                .map_err(|e| Failure::usage(format!("{name}: bad JSON: {e}")))
        };
        let os = |s: &'static str| std::ffi::OsStr::new(s);
        let proved = json(&[
            os("prove"),
            elf.as_os_str(),
            os("--input"),
            input_path.as_os_str(),
            os("-o"),
            proof_path.as_os_str(),
            os("--json"),
        ])?;
        let verified = json(&[
            os("verify"),
            elf.as_os_str(),
            proof_path.as_os_str(),
            os("--input"),
            input_path.as_os_str(),
            os("--json"),
        ])?;
        let number = |v: &serde_json::Value, key: &str| v[key].as_f64().unwrap_or(f64::NAN);
        let (cycles, seconds) = (number(&proved, "cycles"), number(&proved, "prove_seconds"));
        println!(
            "{:<22} {:>10} {:>10.2} {:>9.1} {:>14.1} {:>12.1} {:>10.1}",
            name,
            cycles,
            seconds,
            cycles / seconds / 1e3,
            number(&proved, "peak_rss_bytes") / (1 << 20) as f64,
            number(&proved, "proof_bytes") / 1024.0,
            number(&verified, "verify_ms"),
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
