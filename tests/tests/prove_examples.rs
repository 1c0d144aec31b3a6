//! Every example guest proves and verifies through the public API, and the proof is bound to
//! its statement: another input, output, exit code or program is rejected.

use pocketvm_core::{prove, verify, Input, Program, ProveOptions};
use pocketvm_tests::models;
use pocketvm_tests::rng::Rng;
use sha2::{Digest, Sha256};

fn load(name: &str) -> Program {
    let path = format!("{}/fixtures/elf/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Program::from_elf(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Proves, checks the output against `expected`, verifies, and checks that edited statements
/// are rejected.
fn prove_and_verify(program: &Program, public: &[u8], private: &[u8], expected: &[u8]) {
    let input = Input { public, private };
    let (execution, proof) = prove(program, input, &ProveOptions::default(), &mut |_, _| true)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(execution.output, expected);
    let code = execution.exit_code;
    verify(program, public, expected, code, &proof).unwrap_or_else(|e| panic!("{e}"));

    let mut other_output = expected.to_vec();
    other_output.push(b'!');
    let mut edited = proof.clone();
    edited.claim.output = other_output.clone();
    assert!(
        verify(program, public, &other_output, code, &edited).is_err(),
        "edited output"
    );
    let mut edited = proof.clone();
    edited.claim.exit_code ^= 1;
    assert!(
        verify(program, public, expected, code ^ 1, &edited).is_err(),
        "edited exit code"
    );
    if !public.is_empty() {
        let mut other_input = public.to_vec();
        other_input[0] ^= 1;
        assert!(
            verify(program, &other_input, expected, code, &proof).is_err(),
            "edited input"
        );
    }
}

#[test]
fn fib_proves() {
    prove_and_verify(&load("fib.elf"), b"10", b"", b"55\n");
    prove_and_verify(
        &load("fib.elf"),
        b"1000",
        b"",
        format!("{}\n", models::fib(1000)).as_bytes(),
    );
}

#[test]
fn sha256_proves() {
    let program = load("sha256.elf");
    for input in [b"abc".to_vec(), Rng::new(7).bytes(300)] {
        prove_and_verify(&program, &input, b"", &Sha256::digest(&input));
    }
}

#[test]
fn sort_proves() {
    let private = Rng::new(9).bytes(4 * 64);
    prove_and_verify(
        &load("sort.elf"),
        b"",
        &private,
        &models::sort_output(&private),
    );
}

#[test]
fn crc32_proves() {
    prove_and_verify(&load("crc32.elf"), b"123456789", b"", b"cbf43926\n");
}

#[test]
fn another_program_is_rejected() {
    let fib = load("fib.elf");
    let (execution, proof) = prove(
        &fib,
        Input {
            public: b"10",
            private: b"",
        },
        &ProveOptions::default(),
        &mut |_, _| true,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let crc = load("crc32.elf");
    assert!(verify(&crc, b"10", &execution.output, execution.exit_code, &proof).is_err());
}
