//! The guest developer's commands: `trace` (checked against qemu's single-step log), `profile`
//! (its cycles sum to the run's) and `new`, with their errors. The end-to-end build of a `new`
//! project runs in `scripts/test-new.sh` (it compiles a guest, which takes a minute).

mod common;

use common::{fixture, path, pocketvm, scratch, scratch_dir, text};
use pocketvm_tests::qemu::{require_qemu, QEMU, QEMU_CPU};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// One line of error on stderr, the given status, the given words.
fn assert_error(out: &Output, status: i32, needle: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(status), "stderr: {stderr}");
    assert!(stderr.starts_with("error:"), "stderr: {stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
}

/// The fib fixture with its section headers (and so its symbols) removed, as `strip` would
/// leave no symbol table: e_shoff, e_shnum and e_shstrndx of the ELF32 header set to 0.
fn stripped_fib() -> PathBuf {
    let mut elf = std::fs::read(fixture("fib.elf")).unwrap_or_else(|e| panic!("{e}"));
    elf[0x20..0x24].fill(0);
    elf[0x30..0x34].fill(0);
    scratch("fib-stripped.elf", &elf)
}

/// The machine state before each instruction, from `qemu -singlestep -d cpu`: (pc, x0..x31).
fn qemu_states(elf: &Path, input: &[u8]) -> Vec<(u32, [u32; 32])> {
    let input = scratch("qemu.input", input);
    let log = scratch_dir().join("qemu-cpu.log");
    let status = Command::new(QEMU)
        .args(["-cpu", QEMU_CPU, "-singlestep", "-d", "cpu,nochain", "-D"])
        .arg(&log)
        .arg(elf)
        .stdin(std::fs::File::open(&input).unwrap_or_else(|e| panic!("{e}")))
        .stdout(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("cannot run {QEMU}: {e}"));
    assert!(status.success(), "{QEMU}: {status}");
    let log = std::fs::read_to_string(&log).unwrap_or_else(|e| panic!("{e}"));
    let mut states: Vec<(u32, [u32; 32])> = Vec::new();
    for line in log.lines() {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("pc") => {
                let pc = words.next().map(|w| u32::from_str_radix(w, 16));
                states.push((pc.and_then(Result::ok).expect("pc value"), [0; 32]));
            }
            Some(first) if first.starts_with('x') => {
                let mut tokens = line.split_whitespace();
                while let (Some(name), Some(value)) = (tokens.next(), tokens.next()) {
                    let index = name
                        .trim_start_matches('x')
                        .split('/')
                        .next()
                        .and_then(|n| n.parse::<usize>().ok());
                    let value = u32::from_str_radix(value, 16).ok();
                    if let (Some(index), Some(value), Some(state)) =
                        (index, value, states.last_mut())
                    {
                        if index < 32 {
                            state.1[index] = value;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    states
}

#[test]
fn trace_matches_qemu_single_steps() {
    require_qemu();
    let fib = fixture("fib.elf");
    let input = scratch("fib.input", b"10");
    let out = pocketvm(&[
        "trace",
        path(&fib),
        "--input",
        path(&input),
        "--to",
        "20",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let steps: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(steps.len(), 20);

    let states = qemu_states(&fib, b"10");
    assert!(states.len() > 20, "qemu logged {} states", states.len());
    // Start from qemu's state before the first instruction, apply the register writes the
    // trace reports, and compare the whole register file after every step.
    let mut registers = states[0].1;
    for (k, step) in steps.iter().enumerate() {
        assert_eq!(step["cycle"], k, "cycle numbers");
        assert_eq!(step["pc"], states[k].0, "pc of cycle {k}");
        for write in step["writes"].as_array().expect("writes") {
            let reg = write[0].as_u64().expect("register") as usize;
            let value = write[1].as_u64().expect("value") as u32;
            registers[reg] = value;
        }
        assert_eq!(
            registers,
            states[k + 1].1,
            "registers after cycle {k} ({})",
            step["instruction"]
        );
    }
}

#[test]
fn trace_filters_and_names() {
    let fib = fixture("fib.elf");
    let input = scratch("fib-filters.input", b"10");
    let run = |extra: &[&str]| {
        let mut args = vec!["trace", path(&fib), "--input", path(&input)];
        args.extend_from_slice(extra);
        let out = pocketvm(&args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let all = run(&[]);
    let cycles = all.lines().count();
    let last = all.lines().last().unwrap_or_default();
    assert!(
        last.contains("_start+") && last.contains("exit(0)"),
        "{last}"
    );
    assert!(
        all.contains("read(fd 0, ") && all.contains(": \"10\""),
        "{all}"
    );
    assert!(
        all.contains("write(fd 1, ") && all.contains("\"55\\n\""),
        "{all}"
    );

    // A window, then an exact pc and a whole symbol.
    let window = run(&["--from", "5", "--to", "8"]);
    let first: Vec<&str> = window
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(first, ["5", "6", "7"]);
    let exit_pc = last
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    assert_eq!(run(&["--pc", &exit_pc]).lines().count(), 1);
    let start = run(&["--pc", "_start"]);
    assert!(start.lines().count() >= 5 && start.lines().all(|l| l.contains("_start+")));

    // Memory: every line names the word asked for.
    let stores = run(&["--mem", "0x53ffc"]);
    assert!(stores.lines().count() >= 2, "{stores}");
    assert!(
        stores.lines().all(|l| l.contains("[0x00053ffc]")),
        "{stores}"
    );
    assert!(cycles > 300);
}

#[test]
fn trace_errors() {
    let fib = fixture("fib.elf");
    let input = scratch("fib-errors.input", b"10");
    let base = ["trace", path(&fib), "--input", path(&input)];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        pocketvm(&args)
    };
    assert_error(
        &with(&["--from", "9", "--to", "3"]),
        2,
        "empty cycle window",
    );
    assert_error(
        &with(&["--from", "100000"]),
        2,
        "past the end of the run (352 cycles)",
    );
    assert_error(&with(&["--pc", "no_such_function"]), 2, "no symbol named");
    assert_error(&with(&["--mem", "0xzz"]), 2, "not a 32-bit address");
    let bad = scratch("bad.elf", b"\x7fELF but not really");
    assert_error(&pocketvm(&["trace", path(&bad)]), 2, "bad.elf");

    // No symbols: a warning, and addresses without names.
    let stripped = stripped_fib();
    let out = pocketvm(&[
        "trace",
        path(&stripped),
        "--input",
        path(&input),
        "--to",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("no symbols"));
    assert!(
        text(&out.stdout).contains("?+0x10000"),
        "{}",
        text(&out.stdout)
    );

    // A failing run: the steps before the failure, then the error (status 3).
    let out = pocketvm(&[
        "trace",
        path(&fib),
        "--input",
        path(&input),
        "--max-cycles",
        "10",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 10);
}

#[test]
fn profile_sums_to_the_run_and_finds_the_hot_function() {
    let sha = fixture("sha256.elf");
    // 2 KiB of input.
    let input = scratch("sha.input", &[0x61u8; 2048]);
    let folded = scratch_dir().join("sha.folded");
    let out = pocketvm(&[
        "profile",
        path(&sha),
        "--input",
        path(&input),
        "-o",
        path(&folded),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let run = pocketvm(&["run", path(&sha), "--input", path(&input), "--json"]);
    let run: serde_json::Value =
        serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    let cycles = run["cycles"].as_u64().expect("cycles");
    assert_eq!(json["cycles"], cycles);

    let functions = json["functions"].as_array().expect("functions");
    let total: u64 = functions
        .iter()
        .map(|f| f["cycles"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(total, cycles, "per-function cycles must sum to the run's");
    let top = functions[0]["name"].as_str().unwrap_or_default();
    assert!(top.contains("compress256"), "top function: {top}");
    // Rows: one per instruction, plus one per word moved by read/write.
    let rows: u64 = functions
        .iter()
        .map(|f| f["rows"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(json["rows"], rows);
    assert!(
        rows >= cycles + 512,
        "2 KiB of input is 512 I/O rows: {rows} vs {cycles}"
    );
    let components = functions[0]["components"].as_object().expect("components");
    let component_rows: u64 = components.values().map(|v| v.as_u64().unwrap_or(0)).sum();
    assert_eq!(component_rows, functions[0]["rows"].as_u64().unwrap_or(0));

    // Folded stacks: the same cycles, with the hot function under main.
    let folded = std::fs::read_to_string(&folded).unwrap_or_else(|e| panic!("{e}"));
    let mut sum = 0u64;
    for line in folded.lines() {
        let (stack, count) = line.rsplit_once(' ').expect("stack and count");
        sum += count
            .parse::<u64>()
            .unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(stack.starts_with("_start"), "{line}");
    }
    assert_eq!(sum, cycles);
    assert!(
        folded.contains("_start;__pocketvm_main;sha2::sha256::compress256 "),
        "{folded}"
    );

    // The table names it too.
    let out = pocketvm(&["profile", path(&sha), "--input", path(&input), "--top", "3"]);
    let table = text(&out.stdout);
    let first = table.lines().nth(1).unwrap_or_default();
    assert!(first.contains("compress256"), "{table}");
    assert!(table
        .lines()
        .last()
        .unwrap_or_default()
        .contains(&cycles.to_string()));
}

#[test]
fn profile_errors() {
    let input = scratch("fib-profile.input", b"10");
    let stripped = stripped_fib();
    assert_error(
        &pocketvm(&["profile", path(&stripped), "--input", path(&input)]),
        2,
        "no symbols",
    );
    let bad = scratch("bad-profile.elf", b"not an elf");
    assert_error(&pocketvm(&["profile", path(&bad)]), 2, "not an ELF file");
    let fib = fixture("fib.elf");
    let out = pocketvm(&[
        "profile",
        path(&fib),
        "--input",
        path(&input),
        "--max-cycles",
        "10",
    ]);
    assert_error(&out, 3, "execution failed");
}

#[test]
fn new_refuses_bad_names_and_existing_directories() {
    let dir = scratch_dir().join("existing");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_error(&pocketvm(&["new", path(&dir)]), 2, "already exists");
    let bad = scratch_dir().join("9lives");
    assert_error(
        &pocketvm(&["new", path(&bad)]),
        2,
        "not a usable project name",
    );

    // The files of each kind of project.
    for (name, c, files) in [
        (
            "rusty",
            false,
            &[
                "Cargo.toml",
                "rust-toolchain.toml",
                ".cargo/config.toml",
                "src/main.rs",
                "runtime/src/lib.rs",
                "runtime/pocketvm.ld",
            ][..],
        ),
        (
            "cee",
            true,
            &[
                "Makefile",
                "main.c",
                "pocketvm.h",
                "start.S",
                "mem.c",
                "pocketvm.ld",
            ][..],
        ),
    ] {
        let project = scratch_dir().join(name);
        let _ = std::fs::remove_dir_all(&project);
        let mut args = vec!["new", path(&project)];
        if c {
            args.push("--c");
        }
        let out = pocketvm(&args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        for file in files {
            assert!(project.join(file).is_file(), "{name}: {file} missing");
        }
    }
}
