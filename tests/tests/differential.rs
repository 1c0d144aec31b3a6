//! Differential tests: PocketVM's emulator against `qemu-riscv32` (qemu-user, RV32IM only).
//!
//! Both run the same ELF with the public input on fd 0, the private input on fd 3, and must
//! agree on the exit code (qemu reports it modulo 256) and the public output (stdout); where
//! the debug text matters, on fd 2 as well.
//!
//! - `fixture_*`: the guest programs in `tests/fixtures/elf/` on a table of inputs (the directory
//!   can be overridden with `POCKETVM_FIXTURES_DIR`);
//! - `random_programs_match_qemu`: seeded random straight-line programs over all of RV32IM
//!   (`POCKETVM_RANDOM_PROGRAMS` and `POCKETVM_RANDOM_SEED` change how many and which);
//! - `syscalls_match_qemu`: reads in odd chunks into unaligned buffers, unaligned writes, the
//!   debug stream and exit codes above 255.
//!
//! Without `qemu-riscv32` on PATH these tests fail: install qemu-user.

use pocketvm_core::isa::{Instruction, Opcode};
use pocketvm_core::{run, Execution, Input, Program, RunOptions};
use pocketvm_tests::asm::{reg, sys, Asm};
use pocketvm_tests::elf_builder::{ElfBuilder, CODE_BASE};
use pocketvm_tests::models;
use pocketvm_tests::qemu::{self, QemuRun};
use pocketvm_tests::rng::Rng;
use pocketvm_tests::{hex_preview, ScratchDir};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

fn scratch(tag: &str) -> ScratchDir {
    ScratchDir::new(env!("CARGO_TARGET_TMPDIR"), tag)
}

/// Runs `program` under PocketVM with the default limits.
fn run_pocketvm(program: &Program, public: &[u8], private: &[u8]) -> Result<Execution, String> {
    run(program, Input { public, private }, &RunOptions::default())
        .map_err(|e| format!("{e} ({e:?})"))
}

/// Every way the two runs disagree, one line each (empty when they agree). Debug text is
/// compared only when `compare_debug` is set.
fn compare(pocketvm: &Execution, qemu: &QemuRun, compare_debug: bool) -> Vec<String> {
    let mut problems = Vec::new();
    if qemu.status != Some((pocketvm.exit_code & 0xff) as i32) {
        problems.push(format!(
            "exit: PocketVM exit code {} (low byte {}), qemu {} (qemu stderr: {:?})",
            pocketvm.exit_code,
            pocketvm.exit_code & 0xff,
            qemu.describe_end(),
            String::from_utf8_lossy(&qemu.stderr)
        ));
    }
    if qemu.stdout != pocketvm.output {
        problems.push(format!(
            "public output differs:\n  PocketVM: {}\n  qemu:     {}",
            hex_preview(&pocketvm.output, 96),
            hex_preview(&qemu.stdout, 96)
        ));
    }
    if compare_debug && qemu.stderr != pocketvm.debug {
        problems.push(format!(
            "debug text differs:\n  PocketVM: {:?}\n  qemu:     {:?}",
            String::from_utf8_lossy(&pocketvm.debug),
            String::from_utf8_lossy(&qemu.stderr)
        ));
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// a. The guest fixtures.

/// What a fixture run must produce besides agreeing with qemu.
enum Expect {
    /// Exit code 0 and exactly this public output.
    Output(Vec<u8>),
    /// Exit code 0; the output is only compared with qemu's.
    Exit0,
    /// The guest panics: exit code 101, a `panicked: ...` line on the debug stream, no output.
    Panic,
}

struct Case {
    name: String,
    public: Vec<u8>,
    private: Vec<u8>,
    expect: Expect,
}

fn case(name: &str, public: &[u8], private: &[u8], expect: Expect) -> Case {
    Case {
        name: name.to_string(),
        public: public.to_vec(),
        private: private.to_vec(),
        expect,
    }
}

fn fixtures_dir() -> PathBuf {
    match std::env::var_os("POCKETVM_FIXTURES_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join("elf"),
    }
}

fn fib_cases() -> Vec<Case> {
    ["10", "1000", "100000"]
        .iter()
        .map(|n| {
            let expected = format!("{}\n", models::fib(n.parse().unwrap()));
            case(
                &format!("fib({n})"),
                n.as_bytes(),
                b"",
                Expect::Output(expected.into_bytes()),
            )
        })
        .collect()
}

fn sha256_cases() -> Vec<Case> {
    let random = Rng::new(0x5a25_6000).bytes(2048);
    [
        ("empty", &b""[..]),
        ("\"abc\"", &b"abc"[..]),
        ("2048 random bytes", &random[..]),
    ]
    .iter()
    .map(|(name, input)| {
        let digest = Sha256::digest(input).to_vec();
        case(
            &format!("sha256 of {name}"),
            input,
            b"",
            Expect::Output(digest),
        )
    })
    .collect()
}

fn sort_cases() -> Vec<Case> {
    let words = Rng::new(0x5027_0000).bytes(4 * 1000);
    vec![
        case(
            "sort of 1000 random words",
            b"",
            &words,
            Expect::Output(models::sort_output(&words)),
        ),
        case(
            "sort of no words",
            b"",
            b"",
            Expect::Output(models::sort_output(b"")),
        ),
        case(
            "sort of 5 bytes (panics)",
            b"",
            &[1, 2, 3, 4, 5],
            Expect::Panic,
        ),
    ]
}

fn crc32_cases() -> Vec<Case> {
    let mut rng = Rng::new(0xc3c3_2000);
    let inputs: Vec<(String, Vec<u8>)> = vec![
        ("empty input".into(), Vec::new()),
        ("\"123456789\"".into(), b"123456789".to_vec()),
        ("1000 random bytes".into(), rng.bytes(1000)),
        // The guest reads 4 KiB chunks: exactly one chunk, and more than one.
        ("4096 random bytes".into(), rng.bytes(4096)),
        ("5000 random bytes".into(), rng.bytes(5000)),
    ];
    inputs
        .into_iter()
        .map(|(name, input)| {
            let expected = models::crc32_output(&input);
            case(
                &format!("crc32 of {name}"),
                &input,
                b"",
                Expect::Output(expected),
            )
        })
        .collect()
}

/// Runs every case of one fixture under both machines; panics with every problem found.
fn check_fixture(file: &str, cases: Vec<Case>) {
    qemu::require_qemu();
    let dir = scratch("fixture-inputs");
    let path = fixtures_dir().join(file);
    let elf = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "fixture {} is missing ({e}). The guest programs are built into tests/fixtures/elf/ \
             by `bash guests/build-fixtures.sh`; build them first.",
            path.display()
        )
    });
    let program = Program::from_elf(&elf)
        .unwrap_or_else(|e| panic!("PocketVM cannot load {}: {e} ({e:?})", path.display()));
    let mut failures = Vec::new();
    for case in &cases {
        let mut problems = Vec::new();
        let qemu = qemu::run_file(
            &path,
            dir.path(),
            &case.public,
            &case.private,
            qemu::DEFAULT_TIMEOUT,
        );
        match run_pocketvm(&program, &case.public, &case.private) {
            Err(e) => problems.push(format!(
                "PocketVM failed: {e}; qemu: {}",
                qemu.describe_end()
            )),
            Ok(execution) => {
                problems.extend(compare(&execution, &qemu, true));
                match &case.expect {
                    Expect::Output(expected) if execution.output != *expected => {
                        problems.push(format!(
                            "PocketVM output {} is not the expected {}",
                            hex_preview(&execution.output, 64),
                            hex_preview(expected, 64)
                        ))
                    }
                    Expect::Panic => {
                        let debug = String::from_utf8_lossy(&execution.debug);
                        if execution.exit_code != 101 || !debug.starts_with("panicked: ") {
                            problems.push(format!(
                                "expected a guest panic (exit code 101, `panicked: ...` debug \
                                 text), got exit code {} and debug text {debug:?}",
                                execution.exit_code
                            ));
                        }
                        if !execution.output.is_empty() {
                            problems.push("a panicking guest wrote public output".to_string());
                        }
                    }
                    _ => {}
                }
                if !matches!(case.expect, Expect::Panic) && execution.exit_code != 0 {
                    problems.push(format!(
                        "PocketVM exit code {} (expected 0); debug text {:?}",
                        execution.exit_code,
                        String::from_utf8_lossy(&execution.debug)
                    ));
                }
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", case.name, problems.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{file}: {} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fixture_fib() {
    check_fixture("fib.elf", fib_cases());
}

#[test]
fn fixture_sha256() {
    check_fixture("sha256.elf", sha256_cases());
}

#[test]
fn fixture_sort() {
    check_fixture("sort.elf", sort_cases());
}

#[test]
fn fixture_crc32() {
    check_fixture("crc32.elf", crc32_cases());
}

/// ELF files in the fixture folder that the table above does not know get a run with empty
/// inputs (and one with a short input on both streams), compared with qemu.
#[test]
fn fixture_others_match_qemu() {
    const LISTED: [&str; 4] = ["fib.elf", "sha256.elf", "sort.elf", "crc32.elf"];
    qemu::require_qemu();
    let dir = fixtures_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        panic!(
            "the fixture folder {} is missing; build the guest fixtures first",
            dir.display()
        );
    };
    let mut others: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".elf") && !LISTED.contains(&name.as_str()))
        .collect();
    others.sort();
    for name in others {
        let cases = vec![
            case(
                &format!("{name} with empty inputs"),
                b"",
                b"",
                Expect::Exit0,
            ),
            case(
                &format!("{name} with short inputs"),
                b"42\n",
                b"\x01\x02\x03\x04",
                Expect::Exit0,
            ),
        ];
        // Only agreement with qemu is required of programs the table does not describe.
        check_fixture_agreement(&dir.join(&name), cases);
    }
}

fn check_fixture_agreement(path: &Path, cases: Vec<Case>) {
    qemu::require_qemu();
    let dir = scratch("fixture-inputs");
    let elf = std::fs::read(path).expect("read fixture");
    let program = Program::from_elf(&elf)
        .unwrap_or_else(|e| panic!("PocketVM cannot load {}: {e} ({e:?})", path.display()));
    for case in cases {
        let qemu = qemu::run_file(
            path,
            dir.path(),
            &case.public,
            &case.private,
            qemu::DEFAULT_TIMEOUT,
        );
        let execution = run_pocketvm(&program, &case.public, &case.private)
            .unwrap_or_else(|e| panic!("{}: PocketVM failed: {e}", case.name));
        let problems = compare(&execution, &qemu, true);
        assert!(
            problems.is_empty(),
            "{}:\n  {}",
            case.name,
            problems.join("\n  ")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// b. Random straight-line programs over all of RV32IM.

/// The scratch data area: random initial bytes, the target of every load and store, and at the
/// end the dump of x1..x30 followed by what the stores left; written whole to fd 1.
const SCRATCH: u32 = 0x0002_0000;
const SCRATCH_LEN: u32 = 512;
/// The base register of memory accesses: set right before each one, never a random destination.
const BASE: u8 = 31;
/// Random instructions per program.
const ITEMS: usize = 200;
const DEFAULT_PROGRAMS: u64 = 1000;
const DEFAULT_SEED: u64 = 0x0dd5_eed0_0000;

const R_OPS: [Opcode; 18] = {
    use Opcode::*;
    [
        Add, Sub, Sll, Slt, Sltu, Xor, Srl, Sra, Or, And, Mul, Mulh, Mulhsu, Mulhu, Div, Divu, Rem,
        Remu,
    ]
};
const I_OPS: [Opcode; 6] = {
    use Opcode::*;
    [Addi, Slti, Sltiu, Xori, Ori, Andi]
};
const SHIFT_IMM_OPS: [Opcode; 3] = [Opcode::Slli, Opcode::Srli, Opcode::Srai];
const BRANCH_OPS: [Opcode; 6] = {
    use Opcode::*;
    [Beq, Bne, Blt, Bge, Bltu, Bgeu]
};
const LOAD_OPS: [(Opcode, u32); 5] = {
    use Opcode::*;
    [(Lb, 1), (Lh, 2), (Lw, 4), (Lbu, 1), (Lhu, 2)]
};
const STORE_OPS: [(Opcode, u32); 3] = [(Opcode::Sb, 1), (Opcode::Sh, 2), (Opcode::Sw, 4)];

/// Operand values that find the corner cases of arithmetic, comparisons and division.
const EDGE_VALUES: [u32; 24] = [
    0,
    1,
    2,
    3,
    0xffff_ffff,
    0xffff_fffe,
    0x8000_0000,
    0x7fff_ffff,
    0x8000_0001,
    0x7fff_fffe,
    0x7ff,
    0x800,
    0xfff,
    0xffff_f800,
    0x8000,
    0xffff,
    0x1_0000,
    0xffff_8000,
    0x80,
    0xff,
    0xffff_ff80,
    0x5555_5555,
    0xaaaa_aaaa,
    0x0001_0001,
];
/// Shift amounts in registers: the low 5 bits count, the rest must be ignored.
const SHIFT_AMOUNTS: [u32; 12] = [
    0,
    1,
    7,
    31,
    32,
    33,
    63,
    64,
    0xffff_ffff,
    0x8000_001f,
    0xffff_ffe1,
    0x20,
];
const EDGE_IMMEDIATES: [i32; 7] = [0, 1, -1, 2047, -2048, 0x7ff, -2];

fn edge_or_random(rng: &mut Rng) -> u32 {
    match rng.below(10) {
        0..=3 => *rng.pick(&EDGE_VALUES),
        4 => rng.below(64) as u32,
        _ => rng.next_u32(),
    }
}

/// A destination: x1..x30, sometimes x0 (the write must vanish); never x31.
fn dest(rng: &mut Rng) -> u8 {
    if rng.percent(4) {
        0
    } else {
        1 + rng.below(30) as u8
    }
}

/// A source: any register, x0 and x31 included.
fn source(rng: &mut Rng) -> u8 {
    match rng.below(100) {
        0..=4 => 0,
        5..=7 => BASE,
        _ => 1 + rng.below(30) as u8,
    }
}

/// A register that may be loaded with a chosen value: x1..x30.
fn scratch_reg(rng: &mut Rng) -> u8 {
    1 + rng.below(30) as u8
}

fn random_imm12(rng: &mut Rng) -> i32 {
    if rng.percent(20) {
        *rng.pick(&EDGE_IMMEDIATES)
    } else {
        rng.range_i64(-2048, 2047) as i32
    }
}

/// One ALU instruction (register or immediate form) with no setup: the instruction that
/// branches and jumps skip.
fn plain_alu(rng: &mut Rng, asm: &mut Asm) {
    match rng.below(3) {
        0 => {
            let op = *rng.pick(&R_OPS);
            asm.r(op, dest(rng), source(rng), source(rng));
        }
        1 => {
            let op = *rng.pick(&I_OPS);
            asm.i(op, dest(rng), source(rng), random_imm12(rng));
        }
        _ => {
            let op = *rng.pick(&SHIFT_IMM_OPS);
            asm.i(op, dest(rng), source(rng), rng.below(32) as i32);
        }
    }
}

/// Sets x31 so that `imm(x31)` is `SCRATCH + offset`, with a random immediate.
fn address(rng: &mut Rng, asm: &mut Asm, size: u32) -> i32 {
    let offset = size * rng.below(u64::from(SCRATCH_LEN / size)) as u32;
    let imm = if rng.percent(30) {
        0
    } else {
        random_imm12(rng)
    };
    asm.li(BASE, (SCRATCH + offset).wrapping_sub(imm as u32));
    imm
}

fn random_item(rng: &mut Rng, asm: &mut Asm) {
    use Opcode::*;
    match rng.below(103) {
        // Register-register, with edge operands loaded first often.
        0..=29 => {
            let op = *rng.pick(&R_OPS);
            let (mut rs1, mut rs2) = (source(rng), source(rng));
            let is_div = matches!(op, Div | Divu | Rem | Remu);
            let is_shift = matches!(op, Sll | Srl | Sra);
            if is_div && rng.percent(10) {
                (rs1, rs2) = (scratch_reg(rng), scratch_reg(rng));
                if rs1 == rs2 {
                    rs2 = rs1 % 30 + 1;
                }
                asm.li(rs1, 0x8000_0000).li(rs2, 0xffff_ffff);
            } else if is_div && rng.percent(10) {
                rs2 = scratch_reg(rng);
                asm.li(rs2, 0);
            } else if is_shift && rng.percent(40) {
                rs2 = scratch_reg(rng);
                asm.li(
                    rs2,
                    if rng.percent(80) {
                        *rng.pick(&SHIFT_AMOUNTS)
                    } else {
                        rng.next_u32()
                    },
                );
            } else {
                if rng.percent(25) {
                    rs2 = scratch_reg(rng);
                    asm.li(rs2, edge_or_random(rng));
                }
                if rng.percent(15) {
                    rs1 = scratch_reg(rng);
                    asm.li(rs1, edge_or_random(rng));
                }
            }
            asm.r(op, dest(rng), rs1, rs2);
        }
        // Register-immediate ALU and shifts by immediate.
        30..=51 => {
            let mut rs1 = source(rng);
            if rng.percent(25) {
                rs1 = scratch_reg(rng);
                asm.li(rs1, edge_or_random(rng));
            }
            if rng.percent(25) {
                let op = *rng.pick(&SHIFT_IMM_OPS);
                let shamt = if rng.percent(30) {
                    *rng.pick(&[0, 1, 31])
                } else {
                    rng.below(32) as i32
                };
                asm.i(op, dest(rng), rs1, shamt);
            } else {
                let op = *rng.pick(&I_OPS);
                asm.i(op, dest(rng), rs1, random_imm12(rng));
            }
        }
        52..=54 => {
            asm.push(Instruction::new(
                Lui,
                dest(rng),
                0,
                0,
                rng.next_u32() & 0xffff_f000,
            ));
        }
        55..=57 => {
            asm.push(Instruction::new(
                Auipc,
                dest(rng),
                0,
                0,
                rng.next_u32() & 0xffff_f000,
            ));
        }
        58..=69 => {
            let (op, size) = *rng.pick(&LOAD_OPS);
            let imm = address(rng, asm, size);
            asm.i(op, dest(rng), BASE, imm);
        }
        70..=81 => {
            let (op, size) = *rng.pick(&STORE_OPS);
            let imm = address(rng, asm, size);
            asm.store(op, source(rng), BASE, imm);
        }
        // A forward branch over one instruction.
        82..=91 => {
            let op = *rng.pick(&BRANCH_OPS);
            let (rs1, mut rs2) = (source(rng), source(rng));
            match rng.below(10) {
                0 | 1 => rs2 = rs1,
                2 if rs1 != 0 => {
                    rs2 = scratch_reg(rng);
                    asm.mv(rs2, rs1);
                }
                3 | 4 if rs1 != rs2 && rs1 != 0 && rs1 != BASE && rs2 != 0 && rs2 != BASE => {
                    asm.li(rs1, edge_or_random(rng))
                        .li(rs2, edge_or_random(rng));
                }
                _ => {}
            }
            asm.branch(op, rs1, rs2, 8);
            plain_alu(rng, asm);
        }
        // A backward branch: jump over a block, branch back into it, jump out again.
        92..=94 => {
            let op = *rng.pick(&BRANCH_OPS);
            let (rs1, rs2) = (source(rng), source(rng));
            asm.jal(0, 12);
            plain_alu(rng, asm);
            asm.jal(0, 8);
            asm.branch(op, rs1, rs2, -8);
        }
        // JAL over one instruction, with a link register.
        95..=97 => {
            asm.jal(dest(rng), 8);
            plain_alu(rng, asm);
        }
        // AUIPC + JALR over one instruction (an odd offset: bit 0 of the target is cleared).
        98..=100 => {
            let base = scratch_reg(rng);
            let link = if rng.percent(20) { base } else { dest(rng) };
            asm.push(Instruction::new(Auipc, base, 0, 0, 0));
            asm.i(Jalr, link, base, *rng.pick(&[12, 13]));
            plain_alu(rng, asm);
        }
        _ => {
            asm.push(Instruction::new(Fence, 0, 0, 0, 0));
        }
    }
}

/// A random program: registers x1..x30 from random and edge values, [`ITEMS`] random
/// instructions, then x1..x30 stored at the start of the scratch area, the whole area written
/// to fd 1, and `exit(x_k & 0xff)` for a random k.
fn random_program(seed: u64) -> RandomProgram {
    let mut rng = Rng::new(seed);
    let mut asm = Asm::new(CODE_BASE);
    for r in 1..=30 {
        let value = edge_or_random(&mut rng);
        asm.li(r, value);
    }
    for _ in 0..ITEMS {
        random_item(&mut rng, &mut asm);
    }
    let body_end = asm.code.len();
    asm.li(BASE, SCRATCH);
    for r in 1..=30u8 {
        asm.store(Opcode::Sw, r, BASE, 4 * (i32::from(r) - 1));
    }
    asm.write(1, SCRATCH, SCRATCH_LEN);
    let exit_reg = 1 + rng.below(30) as i32;
    asm.i(Opcode::Lw, reg::A0, BASE, 4 * (exit_reg - 1));
    asm.i(Opcode::Andi, reg::A0, reg::A0, 0xff);
    asm.ecall(sys::EXIT);
    let data = rng.bytes(SCRATCH_LEN as usize);
    RandomProgram {
        asm,
        data,
        body_end,
    }
}

struct RandomProgram {
    asm: Asm,
    /// Initial bytes of the scratch area.
    data: Vec<u8>,
    /// Index of the first instruction after the random part.
    body_end: usize,
}

fn env_u64(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim();
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|e| panic!("{name}={text:?} is not a number: {e}")))
}

/// A report of one disagreement: seed, the differing registers and memory, the listing.
fn mismatch_report(
    seed: u64,
    generated: &RandomProgram,
    pocketvm: &Result<Execution, String>,
    qemu: &QemuRun,
) -> String {
    let asm = &generated.asm;
    let mut out = format!("random program, seed {seed:#x}:\n");
    match pocketvm {
        Err(e) => {
            let _ = writeln!(out, "  PocketVM failed: {e}; qemu: {}", qemu.describe_end());
        }
        Ok(execution) => {
            for problem in compare(execution, qemu, false) {
                let first_line = problem.lines().next().unwrap_or_default();
                let _ = writeln!(out, "  {first_line}");
            }
            let (ours, theirs) = (&execution.output, &qemu.stdout);
            if ours.len() == theirs.len() && !ours.is_empty() {
                let word = |bytes: &[u8], k: usize| {
                    u32::from_le_bytes(bytes[4 * k..4 * k + 4].try_into().unwrap())
                };
                for k in 0..30 {
                    let (a, b) = (word(ours, k), word(theirs, k));
                    if a != b {
                        let r = k as u8 + 1;
                        // Where to start looking: the last instruction that names x{r} as its
                        // destination (it may have been skipped by a branch).
                        let last = asm.code[..generated.body_end]
                            .iter()
                            .rposition(|inst| inst.rd == r && writes_rd(inst.opcode))
                            .map_or(String::new(), |i| {
                                format!(" (last written by #{i}: {})", asm.code[i])
                            });
                        let _ = writeln!(out, "  x{r}: PocketVM {a:#010x}, qemu {b:#010x}{last}");
                    }
                }
                let memory: Vec<String> = (120..ours.len())
                    .filter(|&i| ours[i] != theirs[i])
                    .map(|i| {
                        format!(
                            "{:#x}: {:#04x} vs {:#04x}",
                            SCRATCH as usize + i,
                            ours[i],
                            theirs[i]
                        )
                    })
                    .collect();
                if !memory.is_empty() {
                    let _ = writeln!(
                        out,
                        "  scratch bytes (PocketVM vs qemu): {}",
                        memory.join(", ")
                    );
                }
            } else {
                let _ = writeln!(
                    out,
                    "  output lengths: PocketVM {}, qemu {}",
                    ours.len(),
                    theirs.len()
                );
            }
        }
    }
    let _ = writeln!(out, "  listing:\n{}", asm.listing());
    out
}

/// Whether the opcode writes its `rd`.
fn writes_rd(op: Opcode) -> bool {
    use Opcode::*;
    !matches!(
        op,
        Beq | Bne | Blt | Bge | Bltu | Bgeu | Sb | Sh | Sw | Fence | Ecall | Ebreak | Invalid
    )
}

#[test]
fn random_programs_match_qemu() {
    qemu::require_qemu();
    let programs = env_u64("POCKETVM_RANDOM_PROGRAMS").unwrap_or(DEFAULT_PROGRAMS);
    let first_seed = env_u64("POCKETVM_RANDOM_SEED").unwrap_or(DEFAULT_SEED);
    let dir = scratch("random-programs");
    let next = AtomicU64::new(0);
    let failures = Mutex::new(Vec::<(u64, String)>::new());
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4)
        * 2;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= programs {
                    break;
                }
                let seed = first_seed + index;
                let generated = random_program(seed);
                let words = generated.asm.words();
                let elf = ElfBuilder::program(&words, SCRATCH, generated.data.clone(), SCRATCH_LEN)
                    .build();
                let program = Program::from_elf(&elf).unwrap_or_else(|e| {
                    panic!("seed {seed:#x}: generated ELF does not load: {e:?}")
                });
                let pocketvm = run_pocketvm(&program, b"", b"");
                let qemu = qemu::run_bytes(dir.path(), &format!("{seed:x}"), &elf, b"", b"");
                let agree = match &pocketvm {
                    Ok(execution) => compare(execution, &qemu, false).is_empty(),
                    Err(_) => false,
                };
                if !agree {
                    let report = mismatch_report(seed, &generated, &pocketvm, &qemu);
                    failures.lock().unwrap().push((seed, report));
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort_by_key(|(seed, _)| *seed);
    if !failures.is_empty() {
        let seeds: Vec<String> = failures
            .iter()
            .take(50)
            .map(|(seed, _)| format!("{seed:#x}"))
            .collect();
        let shown: Vec<&str> = failures
            .iter()
            .take(3)
            .map(|(_, report)| report.as_str())
            .collect();
        panic!(
            "{} of {programs} random programs disagree with qemu (seeds {}{}).\nFirst reports:\n{}",
            failures.len(),
            seeds.join(", "),
            if failures.len() > seeds.len() {
                ", ..."
            } else {
                ""
            },
            shown.join("\n")
        );
    }
}

/// The generator covers what it promises, checked on the executed instructions of the first
/// 30 programs: every RV32IM opcode but EBREAK, every branch both taken and not taken, division
/// by zero and `i32::MIN / -1`, register shift amounts of 32 and more, writes to x0.
#[test]
fn random_programs_cover_rv32im() {
    use Opcode::*;
    let mut seen = std::collections::BTreeSet::new();
    let mut notes = std::collections::BTreeSet::new();
    for index in 0..30 {
        let generated = random_program(DEFAULT_SEED + index);
        let words = generated.asm.words();
        let elf = ElfBuilder::program(&words, SCRATCH, generated.data, SCRATCH_LEN).build();
        let program = Program::from_elf(&elf).expect("generated program loads");
        let (_, record) =
            pocketvm_core::record(&program, Input::default(), &RunOptions::default(), None)
                .expect("generated program runs");
        for step in record.steps.iter().flatten() {
            let (op, a, b) = (step.instruction.opcode, step.rs1_value, step.rs2_value);
            seen.insert(op);
            if BRANCH_OPS.contains(&op) {
                let taken = step.next_pc != step.pc.wrapping_add(4);
                notes.insert(format!(
                    "{op:?} {}",
                    if taken { "taken" } else { "not taken" }
                ));
                if taken && (step.instruction.imm as i32) < 0 {
                    notes.insert("backward branch taken".to_string());
                }
            }
            if matches!(op, Div | Divu | Rem | Remu) && b == 0 {
                notes.insert(format!("{op:?} by zero"));
            }
            if matches!(op, Div | Rem) && a == 0x8000_0000 && b == u32::MAX {
                notes.insert(format!("{op:?} overflow"));
            }
            if matches!(op, Sll | Srl | Sra) && b >= 32 {
                notes.insert("register shift amount >= 32".to_string());
            }
            if step.instruction.rd == 0 && writes_rd(op) && op != Jal {
                notes.insert("write to x0".to_string());
            }
        }
        seen.extend(record.ecalls.iter().map(|_| Ecall));
    }
    let all = R_OPS
        .iter()
        .chain(&I_OPS)
        .chain(&SHIFT_IMM_OPS)
        .chain(&BRANCH_OPS)
        .chain(LOAD_OPS.iter().map(|(op, _)| op))
        .chain(STORE_OPS.iter().map(|(op, _)| op))
        .chain(&[Lui, Auipc, Jal, Jalr, Fence, Ecall]);
    let missing: Vec<_> = all.filter(|op| !seen.contains(op)).collect();
    assert!(missing.is_empty(), "opcodes never executed: {missing:?}");
    let mut wanted: Vec<String> = BRANCH_OPS
        .iter()
        .flat_map(|op| [format!("{op:?} taken"), format!("{op:?} not taken")])
        .collect();
    wanted.extend(["Div", "Divu", "Rem", "Remu"].map(|op| format!("{op} by zero")));
    wanted.extend(["Div overflow", "Rem overflow"].map(String::from));
    wanted.extend(
        [
            "backward branch taken",
            "register shift amount >= 32",
            "write to x0",
        ]
        .map(String::from),
    );
    let missing: Vec<_> = wanted.iter().filter(|w| !notes.contains(*w)).collect();
    assert!(missing.is_empty(), "cases never executed: {missing:?}");
}

// ---------------------------------------------------------------------------------------------
// c. System calls: odd chunks, unaligned buffers, both input streams, debug text, exit codes.

const IO_DATA: u32 = 0x0002_0000;
/// Debug text, at an odd address.
const MSG_AT: u32 = IO_DATA + 1;
const MSG: &[u8] = b"debug: syscall test on fd 2\n";
/// 64 pattern bytes; writes take unaligned slices of them.
const PATTERN_AT: u32 = IO_DATA + 0x40;
/// Where fd 0 and fd 3 are read to (both unaligned), and the log of call results.
const PUBLIC_BUF: u32 = IO_DATA + 0x100 + 1;
const PRIVATE_BUF: u32 = IO_DATA + 0x400 + 3;
const LOG_AT: u32 = IO_DATA + 0x800;
const IO_MEM_SIZE: u32 = 0x1000;
/// Read lengths; each list adds up to more than the inputs of most cases, so the last reads
/// return 0.
const PUBLIC_CHUNKS: [u32; 13] = [1, 2, 3, 5, 8, 13, 7, 31, 0, 64, 100, 9, 9];
const PRIVATE_CHUNKS: [u32; 13] = [3, 1, 4, 1, 5, 9, 2, 6, 53, 58, 97, 0, 17];
/// (offset into the pattern, length) of each unaligned public write.
const PATTERN_WRITES: [(u32, u32); 5] = [(1, 5), (6, 3), (2, 0), (7, 13), (33, 31)];

fn pattern() -> Vec<u8> {
    Rng::new(0x10_da7a).bytes(64)
}

/// Stores a0 in the next log word (x31 as the base).
fn log_a0(asm: &mut Asm, log_len: &mut u32) {
    asm.li(BASE, LOG_AT + 4 * *log_len);
    asm.store(Opcode::Sw, reg::A0, BASE, 0);
    *log_len += 1;
}

/// `read(fd, ptr, len)` for each chunk, advancing the register `ptr` by the count returned.
fn read_chunks(asm: &mut Asm, fd: u32, ptr: u8, chunks: &[u32], log_len: &mut u32) {
    for &len in chunks {
        asm.li(reg::A0, fd)
            .mv(reg::A1, ptr)
            .li(reg::A2, len)
            .ecall(sys::READ);
        asm.r(Opcode::Add, ptr, ptr, reg::A0);
        log_a0(asm, log_len);
    }
}

/// `write(1, start, ptr - start)`.
fn write_from(asm: &mut Asm, start: u32, ptr: u8, log_len: &mut u32) {
    asm.li(reg::A0, 1).li(reg::A1, start).li(reg::T5, start);
    asm.r(Opcode::Sub, reg::A2, ptr, reg::T5).ecall(sys::WRITE);
    log_a0(asm, log_len);
}

fn syscall_program(exit_code: u32) -> Vec<u8> {
    let mut asm = Asm::new(CODE_BASE);
    let mut log_len = 0;
    asm.li(reg::S1, PUBLIC_BUF);
    read_chunks(&mut asm, 0, reg::S1, &PUBLIC_CHUNKS, &mut log_len);
    asm.li(reg::S2, PRIVATE_BUF);
    read_chunks(&mut asm, 3, reg::S2, &PRIVATE_CHUNKS, &mut log_len);
    write_from(&mut asm, PUBLIC_BUF, reg::S1, &mut log_len);
    write_from(&mut asm, PRIVATE_BUF, reg::S2, &mut log_len);
    for (offset, len) in PATTERN_WRITES {
        asm.write(1, PATTERN_AT + offset, len);
        log_a0(&mut asm, &mut log_len);
    }
    asm.write(2, MSG_AT, MSG.len() as u32);
    log_a0(&mut asm, &mut log_len);
    asm.write(1, LOG_AT, 4 * log_len);
    asm.exit(exit_code);

    let mut data = vec![0u8; 0x100];
    data[(MSG_AT - IO_DATA) as usize..][..MSG.len()].copy_from_slice(MSG);
    data[(PATTERN_AT - IO_DATA) as usize..][..64].copy_from_slice(&pattern());
    ElfBuilder::program(&asm.words(), IO_DATA, data, IO_MEM_SIZE).build()
}

/// The public output the syscall program must produce, computed from the ABI's definition.
fn syscall_expected_output(public: &[u8], private: &[u8]) -> Vec<u8> {
    let mut log = Vec::new();
    let mut read_all = |input: &[u8], chunks: &[u32]| {
        let mut position = 0;
        for &len in chunks {
            let n = (len as usize).min(input.len() - position);
            position += n;
            log.push(n as u32);
        }
        input[..position].to_vec()
    };
    let public_read = read_all(public, &PUBLIC_CHUNKS);
    let private_read = read_all(private, &PRIVATE_CHUNKS);
    let mut output = Vec::new();
    for bytes in [&public_read, &private_read] {
        output.extend_from_slice(bytes);
        log.push(bytes.len() as u32);
    }
    let pattern = pattern();
    for (offset, len) in PATTERN_WRITES {
        output.extend_from_slice(&pattern[offset as usize..][..len as usize]);
        log.push(len);
    }
    log.push(MSG.len() as u32);
    output.extend(log.iter().flat_map(|n| n.to_le_bytes()));
    output
}

#[test]
fn syscalls_match_qemu() {
    qemu::require_qemu();
    let dir = scratch("syscalls");
    let mut rng = Rng::new(0x5c_a115);
    let inputs = [
        (rng.bytes(150), rng.bytes(200)),
        (Vec::new(), Vec::new()),
        (rng.bytes(300), rng.bytes(256)),
        (b"x".to_vec(), rng.bytes(3)),
    ];
    let exit_codes = [0, 7, 255, 256, 298, 0x1234_5678, 0x8000_0000, 0xffff_ffff];
    let mut failures = Vec::new();
    for (k, (public, private)) in inputs.iter().enumerate() {
        let expected = syscall_expected_output(public, private);
        for (j, &code) in exit_codes.iter().enumerate() {
            // Each input with four of the exit codes, each exit code with two inputs.
            if j % inputs.len() != k && (j + 1) % inputs.len() != k {
                continue;
            }
            let name = format!(
                "inputs #{k} ({} + {} bytes), exit code {code:#x}",
                public.len(),
                private.len()
            );
            let elf = syscall_program(code);
            let program = Program::from_elf(&elf).expect("syscall program loads");
            let qemu = qemu::run_bytes(
                dir.path(),
                &format!("syscalls-{k}-{j}"),
                &elf,
                public,
                private,
            );
            let mut problems = Vec::new();
            match run_pocketvm(&program, public, private) {
                Err(e) => problems.push(format!("PocketVM failed: {e}")),
                Ok(execution) => {
                    problems.extend(compare(&execution, &qemu, true));
                    if execution.exit_code != code {
                        problems.push(format!(
                            "PocketVM exit code {:#x}, expected {code:#x}",
                            execution.exit_code
                        ));
                    }
                    if execution.output != expected {
                        problems.push(format!(
                            "PocketVM output {} differs from the expected {}",
                            hex_preview(&execution.output, 64),
                            hex_preview(&expected, 64)
                        ));
                    }
                    if execution.debug != MSG {
                        problems.push(format!(
                            "PocketVM debug text {:?}",
                            String::from_utf8_lossy(&execution.debug)
                        ));
                    }
                }
            }
            if qemu.stdout != expected {
                problems.push(format!(
                    "qemu output {} differs from the expected",
                    hex_preview(&qemu.stdout, 64)
                ));
            }
            if !problems.is_empty() {
                failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} syscall case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
