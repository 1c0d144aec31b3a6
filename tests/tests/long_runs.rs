//! Long runs prove and verify within the memory budget (issue 13's acceptance): fib with
//! n = 1,200,000 (6.0 M cycles) and n = 6,000,000 (30 M cycles), and a program that leaves
//! registers and a memory word untouched for 20 M cycles. Each is minutes of proving, so they
//! are ignored by default; run them in release, one at a time, by hand:
//!
//! ```text
//! cargo test --release -p pocketvm-tests --test long_runs -- --ignored --test-threads 1
//! ```
//!
//! Each checks the proof against the expected exit code and output and asserts that the
//! process's peak resident memory (`VmHWM`, which includes every earlier test of the same
//! process) stayed below 512 MiB.

use pocketvm_core::isa::Opcode;
use pocketvm_core::{prove, verify, Input, Program, ProveOptions};
use pocketvm_tests::asm::{reg, sys, Asm};
use pocketvm_tests::elf_builder::{ElfBuilder, SegmentSpec, CODE_BASE};

const FIB_ELF: &[u8] = include_bytes!("../fixtures/elf/fib.elf");
const BUDGET: u64 = 512 << 20;

/// Peak resident memory of this process so far, from /proc (Linux only; 0 elsewhere).
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb << 10)
}

fn prove_and_verify(name: &str, program: &Program, public: &[u8], exit_code: u32) -> Vec<u8> {
    let start = std::time::Instant::now();
    let (execution, proof) = prove(
        program,
        Input {
            public,
            private: b"",
        },
        &ProveOptions::default(),
        &mut |_, _| true,
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(execution.exit_code, exit_code, "{name}");
    let report = verify(program, public, &execution.output, exit_code, &proof)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let peak = peak_rss();
    eprintln!(
        "{name}: {} cycles, {seconds:.1} s, {} parts, {} proof bytes, peak {} MiB, {:.1} bits",
        execution.stats.cycles,
        proof.segments.len(),
        proof.encoded_len(),
        peak >> 20,
        report.udr.bits
    );
    assert!(peak < BUDGET, "{name}: peak {} MiB", peak >> 20);
    execution.output
}

fn fib(n: u32) {
    let program = Program::from_elf(FIB_ELF).unwrap_or_else(|e| panic!("{e}"));
    prove_and_verify(&format!("fib({n})"), &program, n.to_string().as_bytes(), 0);
}

#[test]
#[ignore = "minutes of proving; run by hand in release"]
fn fib_of_1_200_000_proves() {
    fib(1_200_000);
}

#[test]
#[ignore = "minutes of proving; run by hand in release"]
fn fib_of_6_000_000_proves() {
    fib(6_000_000);
}

#[test]
#[ignore = "minutes of proving; run by hand in release"]
fn cells_untouched_for_20_million_cycles_prove() {
    // Store a word below the stack pointer, count down from 10^7 (two instructions an
    // iteration) with t0 alone, then load the word back and add every register the loop left
    // alone since the start (sp was last read by the store; s1, s2, a1, a2 never written).
    let mut asm = Asm::new(CODE_BASE);
    asm.li(reg::A0, 40)
        .store(Opcode::Sw, reg::A0, reg::SP, -4)
        .li(5, 10_000_000);
    let top = asm.pc();
    asm.i(Opcode::Addi, 5, 5, -1);
    let here = asm.pc();
    asm.branch(Opcode::Bne, 5, reg::ZERO, top as i32 - here as i32)
        .i(Opcode::Lw, reg::A0, reg::SP, -4);
    for r in [reg::S1, reg::S2, reg::A1, reg::A2] {
        asm.r(Opcode::Add, reg::A0, reg::A0, r);
    }
    asm.i(Opcode::Addi, reg::A0, reg::A0, 2);
    asm.ecall(sys::EXIT);
    let elf = ElfBuilder::with_segments(vec![SegmentSpec::code(CODE_BASE, &asm.words())])
        .entry(u64::from(CODE_BASE))
        .build();
    let program = Program::from_elf(&elf).unwrap_or_else(|e| panic!("{e}"));
    prove_and_verify("untouched for 20 M cycles", &program, b"", 42);
}
