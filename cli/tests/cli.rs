//! The `pocketvm` binary as a user meets it: output streams, JSON, exit statuses, and one
//! clear line of error (never a panic or a backtrace) for unusable input.

mod common;

use common::{fixture, path, pocketvm, scratch, text};
use std::process::Output;

/// Exactly one line on stderr, starting with "error:", and no panic.
fn assert_one_error_line(out: &Output, status: i32, needle: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(status), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "stderr: {stderr}");
    assert!(stderr.starts_with("error:"), "stderr: {stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
}

#[test]
fn run_prints_raw_output_and_json() {
    let input = scratch("n.txt", b"10\n");
    let fib = fixture("fib.elf");
    let out = pocketvm(&["run", path(&fib), "--input", path(&input)]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "55\n");

    let out = pocketvm(&["run", path(&fib), "--input", path(&input), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)));
    assert_eq!(json["exit_code"], 0);
    assert_eq!(json["output_hex"], hex::encode("55\n"));
    assert!(json["cycles"].as_u64().is_some_and(|c| c > 10));
    assert_eq!(text(&out.stdout).lines().count(), 1);
}

#[test]
fn guest_debug_text_goes_to_stderr_and_nonzero_exit_codes_are_status_0() {
    // sort panics on a private input that is not whole words: exit code 101, message on fd 2.
    let private = scratch("bad.bin", &[1, 2, 3, 4, 5]);
    let out = pocketvm(&[
        "run",
        path(&fixture("sort.elf")),
        "--private-input",
        path(&private),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["exit_code"], 101);
    assert!(
        text(&out.stderr).contains("panicked"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn malformed_elf_files_are_status_2() {
    let cases: [(&str, &[u8], &str); 3] = [
        ("empty.elf", b"", "not an ELF file"),
        ("text.elf", b"#!/bin/sh\necho hi\n", "not an ELF file"),
        (
            "truncated.elf",
            b"\x7fELF\x01\x01\x01\0\0\0\0\0\0\0\0\0\x02\0",
            "truncated",
        ),
    ];
    for (name, bytes, needle) in cases {
        let out = pocketvm(&["run", path(&scratch(name, bytes))]);
        assert_one_error_line(&out, 2, needle);
    }
    // A real ELF cut in half.
    let elf = std::fs::read(fixture("fib.elf")).unwrap_or_else(|e| panic!("{e}"));
    let out = pocketvm(&["run", path(&scratch("half.elf", &elf[..elf.len() / 2]))]);
    assert_one_error_line(&out, 2, "half.elf");
    // A 64-bit ELF header.
    let mut elf64 = elf.clone();
    elf64[4] = 2;
    let out = pocketvm(&["run", path(&scratch("elf64.elf", &elf64))]);
    assert_one_error_line(&out, 2, "64-bit");
}

#[test]
fn bad_arguments_and_files_are_status_2() {
    let fib = fixture("fib.elf");
    let out = pocketvm(&["run", "/nonexistent/prog.elf"]);
    assert_one_error_line(&out, 2, "/nonexistent/prog.elf");
    let out = pocketvm(&["run", path(&fib), "--input", "/nonexistent/input"]);
    assert_one_error_line(&out, 2, "/nonexistent/input");
    let out = pocketvm(&["run", path(&fib), "--max-cycles", "lots"]);
    assert_one_error_line(&out, 2, "--max-cycles");
    let out = pocketvm(&["run"]);
    assert_one_error_line(&out, 2, "<ELF>");
    let out = pocketvm(&["frobnicate"]);
    assert_one_error_line(&out, 2, "frobnicate");
    let out = pocketvm(&["run", path(&fib), "--no-such-flag"]);
    assert_one_error_line(&out, 2, "--no-such-flag");
    // No command at all shows the help, on stderr, with status 2.
    let out = pocketvm(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("Usage"));
}

#[test]
fn execution_errors_are_status_3_and_name_the_pc() {
    let input = scratch("n-big.txt", b"100000");
    let out = pocketvm(&[
        "run",
        path(&fixture("fib.elf")),
        "--input",
        path(&input),
        "--max-cycles",
        "1000",
    ]);
    assert_one_error_line(&out, 3, "cycle limit of 1000");
    assert!(text(&out.stderr).contains("pc 0x"), "{}", text(&out.stderr));
}

#[test]
fn help_for_every_command() {
    for args in [
        &["--help"][..],
        &["run", "--help"],
        &["bench", "--help"],
        &["help", "run"],
    ] {
        let out = pocketvm(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(text(&out.stdout).contains("Usage"), "{args:?}");
    }
    let out = pocketvm(&["run", "--help"]);
    for flag in ["--input", "--private-input", "--max-cycles", "--json"] {
        assert!(text(&out.stdout).contains(flag), "{flag}");
    }
}

#[test]
fn prove_and_verify_round_trip() {
    let input = scratch("n-prove.txt", b"20");
    let proof = std::env::temp_dir().join(format!(
        "pocketvm-cli-test-{}/fib20.proof",
        std::process::id()
    ));
    let fib = fixture("fib.elf");
    let out = pocketvm(&[
        "prove",
        path(&fib),
        "--input",
        path(&input),
        "-o",
        path(&proof),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["output_hex"], hex::encode("6765\n"));
    for key in [
        "exit_code",
        "cycles",
        "proof_bytes",
        "prove_seconds",
        "peak_rss_bytes",
    ] {
        assert!(json.get(key).is_some(), "{key} missing");
    }

    let out = pocketvm(&["verify", path(&fib), path(&proof), "--input", path(&input)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "6765\n");
    let out = pocketvm(&[
        "verify",
        path(&fib),
        path(&proof),
        "--input",
        path(&input),
        "--json",
    ]);
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["output_hex"], hex::encode("6765\n"));
    assert!(json["verify_ms"].as_f64().is_some());

    // Another input: rejected (status 1, one line with the reason).
    let other = scratch("n-other.txt", b"21");
    let out = pocketvm(&["verify", path(&fib), path(&proof), "--input", path(&other)]);
    assert_one_error_line(&out, 1, "proof rejected");

    // Another program: named as such (issue 17), with both digests.
    let sort = fixture("sort.elf");
    let out = pocketvm(&["verify", path(&sort), path(&proof), "--input", path(&input)]);
    let digest = |elf: &std::path::Path| {
        let out = pocketvm(&["digest", path(elf)]);
        text(&out.stdout).trim().to_string()
    };
    let expected = format!(
        "proof is for program {}, not {}",
        digest(&fib),
        digest(&sort)
    );
    assert_one_error_line(&out, 1, &expected);
    assert_eq!(json["program_digest"], digest(&fib));

    // Edited claims and a weak config: rejected.
    let bytes = std::fs::read(&proof).unwrap_or_else(|e| panic!("{e}"));
    let original = pocketvm_core::Proof::from_bytes(&bytes).unwrap_or_else(|e| panic!("{e}"));
    type Edit = fn(&mut pocketvm_core::Proof);
    let edits: [(&str, Edit); 3] = [
        ("output", |p| p.claim.output = b"6766\n".to_vec()),
        ("exit code", |p| p.claim.exit_code = 1),
        ("default config", |p| {
            p.segments[0].stark.0.config = Default::default()
        }),
    ];
    for (what, edit) in edits {
        let mut forged = original.clone();
        edit(&mut forged);
        let forged_path = scratch("forged.proof", &forged.to_bytes());
        let out = pocketvm(&[
            "verify",
            path(&fib),
            path(&forged_path),
            "--input",
            path(&input),
        ]);
        assert_eq!(out.status.code(), Some(1), "{what}: {}", text(&out.stderr));
    }

    // Undecodable proof bytes: status 2.
    let mut garbage = b"PVMPROOF".to_vec();
    garbage.extend_from_slice(&pocketvm_core::proof::FORMAT_VERSION.to_le_bytes());
    garbage.extend_from_slice(b"garbage");
    let garbage = scratch("garbage.proof", &garbage);
    let out = pocketvm(&[
        "verify",
        path(&fib),
        path(&garbage),
        "--input",
        path(&input),
    ]);
    assert_one_error_line(&out, 2, "malformed proof");
}
