//! Long runs prove and verify within the memory budget (issue 13's acceptance): fib with
//! n = 1,200,000 (6.0 M cycles) and n = 6,000,000 (30 M cycles), and a program that leaves
//! registers and a memory word untouched for 20 M cycles. Each is minutes of proving, so they
//! are ignored by default; run them in release, one at a time, by hand:
//!
//! ```text
//! cargo test --release -p pocketvm-cli --test long_runs -- --ignored --test-threads 1
//! ```
//!
//! Each proves with the `pocketvm` binary as a user would (single thread, its allocator), checks
//! the exit code and the peak resident memory `prove --json` reports (below 512 MiB), and
//! verifies the proof with `pocketvm verify`.

use pocketvm_core::isa::Opcode;
use pocketvm_tests::asm::{reg, sys, Asm};
use pocketvm_tests::elf_builder::{ElfBuilder, SegmentSpec, CODE_BASE};
use std::path::{Path, PathBuf};
use std::process::Command;

const BUDGET: u64 = 512 << 20;

fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pocketvm-long-runs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    path
}

fn pocketvm(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_pocketvm"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot start pocketvm: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "pocketvm {args:?}: {stderr}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"))
}

fn prove_and_verify(name: &str, elf: &Path, public: &[u8], exit_code: u64) {
    let input = scratch(&format!("{name}.in"), public);
    let proof = input.with_extension("proof");
    let (elf, input, proof) = (
        elf.to_string_lossy(),
        input.to_string_lossy(),
        proof.to_string_lossy(),
    );
    let proved = pocketvm(&["prove", &elf, "--input", &input, "-o", &proof, "--json"]);
    eprintln!("{name}: {proved}");
    assert_eq!(proved["exit_code"].as_u64(), Some(exit_code), "{name}");
    let peak = proved["peak_rss_bytes"].as_u64().unwrap_or(0);
    assert!(peak > 0 && peak < BUDGET, "{name}: peak {} MiB", peak >> 20);
    let verified = pocketvm(&["verify", &elf, &proof, "--input", &input, "--json"]);
    assert!(
        verified["security"]["proven_bits"].as_f64() >= Some(96.0),
        "{name}: {verified}"
    );
}

fn fib(n: u32) {
    let elf = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/elf/fib.elf");
    prove_and_verify(&format!("fib-{n}"), &elf, n.to_string().as_bytes(), 0);
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
    let path = scratch("untouched.elf", &elf);
    prove_and_verify("untouched", &path, b"", 42);
}
