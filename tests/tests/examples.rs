//! The example guests in tests/fixtures/elf produce the outputs their documentation promises
//! (guests/README.md), computed here by independent host-side models, through both emulator
//! passes.

use pocketvm_core::{record, run, ExecStats, Execution, Input, Program, RunOptions};
use pocketvm_tests::models;
use pocketvm_tests::rng::Rng;
use sha2::{Digest, Sha256};

fn load(name: &str) -> Program {
    let path = format!("{}/fixtures/elf/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Program::from_elf(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Runs both passes and checks they agree; returns the execution.
fn execute(program: &Program, public: &[u8], private: &[u8]) -> Execution {
    let input = Input { public, private };
    let options = RunOptions::default();
    let counted = run(program, input, &options).unwrap_or_else(|e| panic!("{e}"));
    let (recorded, trace) =
        record(program, input, &options, Some(&counted.stats)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counted, recorded, "the two passes disagree");
    let steps: usize = trace.steps.iter().map(Vec::len).sum();
    assert_eq!((steps + trace.ecalls.len()) as u64, counted.stats.cycles);
    counted
}

#[test]
fn fib_prints_f_n_mod_2_32() {
    let program = load("fib.elf");
    for (n, input) in [
        (0, "0"),
        (1, "1"),
        (10, "10"),
        (47, " 47\n"),
        (1000, "1000"),
        (100_000, "100000\n"),
    ] {
        let execution = execute(&program, input.as_bytes(), b"");
        assert_eq!(
            execution.exit_code,
            0,
            "n = {n}: {}",
            String::from_utf8_lossy(&execution.debug)
        );
        assert_eq!(
            execution.output,
            format!("{}\n", models::fib(n)).into_bytes(),
            "n = {n}"
        );
    }
}

#[test]
fn fib_cycles_grow_linearly() {
    let program = load("fib.elf");
    let cycles = |n: u32| {
        execute(&program, n.to_string().as_bytes(), b"")
            .stats
            .cycles
    };
    let (small, large) = (cycles(1000), cycles(101_000));
    let per_step = (large - small) as f64 / 100_000.0;
    assert!(
        (2.0..12.0).contains(&per_step),
        "{per_step} cycles per Fibonacci step"
    );
}

#[test]
fn fib_rejects_garbage_with_a_panic_exit() {
    let execution = execute(&load("fib.elf"), b"ten", b"");
    assert_eq!(execution.exit_code, 101);
    assert!(String::from_utf8_lossy(&execution.debug).starts_with("panicked"));
}

fn pseudo_random(len: usize, seed: u64) -> Vec<u8> {
    Rng::new(seed).bytes(len)
}

#[test]
fn sha256_digests_the_public_input() {
    let program = load("sha256.elf");
    for len in [0usize, 3, 55, 56, 64, 128, 512, 2048, 5000] {
        let input = pseudo_random(len, 0x1234_5678 + len as u64);
        let execution = execute(&program, &input, b"");
        assert_eq!(execution.exit_code, 0);
        assert_eq!(
            execution.output,
            Sha256::digest(&input).to_vec(),
            "{len} bytes"
        );
    }
    let abc = execute(&program, b"abc", b"");
    assert_eq!(
        hex::encode(abc.output),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn sort_outputs_count_and_position_weighted_checksum() {
    let program = load("sort.elf");
    for words in [0usize, 1, 2, 100, 1000] {
        let private = pseudo_random(4 * words, 99 + words as u64);
        let mut values: Vec<u32> = private
            .chunks(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        values.sort_unstable();
        let checksum = values.iter().enumerate().fold(0u32, |acc, (i, &v)| {
            acc.wrapping_add((i as u32 + 1).wrapping_mul(v))
        });
        let mut expected = (words as u32).to_le_bytes().to_vec();
        expected.extend(checksum.to_le_bytes());
        let execution = execute(&program, b"", &private);
        assert_eq!(execution.exit_code, 0);
        assert_eq!(execution.output, expected, "{words} words");
        assert_eq!(execution.stats.private_input_read, private.len() as u64);
    }
}

#[test]
fn sort_panics_on_a_partial_word() {
    let execution = execute(&load("sort.elf"), b"", &[1, 2, 3, 4, 5]);
    assert_eq!(execution.exit_code, 101);
    assert!(execution.output.is_empty());
    assert!(String::from_utf8_lossy(&execution.debug).contains("multiple of 4"));
}

#[test]
fn crc32_c_example() {
    let program = load("crc32.elf");
    for input in [&b""[..], b"123456789", &pseudo_random(1001, 7)] {
        let execution = execute(&program, input, b"");
        assert_eq!(execution.exit_code, 0);
        assert_eq!(execution.output, models::crc32_output(input));
    }
}

#[test]
fn stats_are_plausible() {
    let execution = execute(&load("sha256.elf"), &[7u8; 2048], b"");
    let stats: ExecStats = execution.stats;
    assert_eq!(stats.public_input_read, 2048);
    assert!(stats.touched_words > 512, "the input alone is 512 words");
    assert!(stats.io_words >= 512 + 8);
    let rows: u64 = stats.rows.iter().sum();
    assert_eq!(rows, stats.cycles);
}
