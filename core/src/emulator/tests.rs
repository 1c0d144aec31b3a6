//! Emulator tests. Expected values come from the RISC-V unprivileged specification (RV32I and
//! the M extension's table of division corner cases), worked out by hand.

use super::*;
use crate::isa::{encode, Instruction, Opcode, Opcode::*};
use crate::program::{Segment, STACK_TOP};
use crate::trace;

const CODE: u32 = 0x1000;
const DATA: u32 = 0x8000;

fn ins(op: Opcode, rd: u8, rs1: u8, rs2: u8, imm: i32) -> Instruction {
    Instruction::new(op, rd, rs1, rs2, imm as u32)
}

/// `rd := value` in two instructions (LUI + ADDI), as assemblers expand `li`.
fn li(rd: u8, value: u32) -> [Instruction; 2] {
    let upper = value.wrapping_add(0x800) & 0xffff_f000;
    let lower = value.wrapping_sub(upper) as i32;
    [
        ins(Lui, rd, 0, 0, upper as i32),
        ins(Addi, rd, rd, 0, lower),
    ]
}

fn exit_with(code_reg: u8) -> Vec<Instruction> {
    let mut v = vec![ins(Addi, 10, code_reg, 0, 0)];
    v.extend(li(17, 93));
    v.push(ins(Ecall, 0, 0, 0, 0));
    v
}

/// A program with `code` at [`CODE`] and 64 bytes of data (bytes 0, 1, 2, ...) at [`DATA`].
fn program(code: &[Instruction]) -> Program {
    let words: Vec<u8> = code.iter().flat_map(|i| encode(i).to_le_bytes()).collect();
    let data: Vec<u8> = (0..64u8)
        .map(|b| b.wrapping_mul(37).wrapping_add(0x80))
        .collect();
    Program {
        entry: CODE,
        code_base: CODE,
        instructions: code
            .iter()
            .map(|i| crate::isa::decode(encode(i)).unwrap_or(*i))
            .collect(),
        segments: vec![
            Segment {
                vaddr: CODE,
                mem_size: words.len() as u32,
                data: words,
                executable: true,
            },
            Segment {
                vaddr: DATA,
                mem_size: 0x1000,
                data,
                executable: false,
            },
        ],
    }
}

fn data_byte(k: u32) -> u32 {
    u32::from((k as u8).wrapping_mul(37).wrapping_add(0x80))
}

/// Runs `setup` (registers), then `body`, then exits; returns the final registers.
fn regs_after(setup: &[(u8, u32)], body: &[Instruction]) -> [u32; 32] {
    let mut code: Vec<Instruction> = setup.iter().flat_map(|&(r, v)| li(r, v)).collect();
    code.extend_from_slice(body);
    code.extend(exit_with(0));
    let (_, record) = record(
        &program(&code),
        Input::default(),
        &RunOptions::default(),
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    record.final_registers
}

/// rd = x7 after `op x7, x5, x6` with x5 = a, x6 = b.
fn r_type(op: Opcode, a: u32, b: u32) -> u32 {
    regs_after(&[(5, a), (6, b)], &[ins(op, 7, 5, 6, 0)])[7]
}

/// rd = x7 after `op x7, x5, imm` with x5 = a.
fn i_type(op: Opcode, a: u32, imm: i32) -> u32 {
    regs_after(&[(5, a)], &[ins(op, 7, 5, 0, imm)])[7]
}

const MIN: u32 = i32::MIN as u32;
const MAX: u32 = i32::MAX as u32;
const NEG1: u32 = u32::MAX;

#[test]
fn add_sub_wrap() {
    assert_eq!(r_type(Add, 1, 2), 3);
    assert_eq!(r_type(Add, NEG1, 1), 0);
    assert_eq!(r_type(Add, MAX, 1), MIN);
    assert_eq!(r_type(Sub, 0, 1), NEG1);
    assert_eq!(r_type(Sub, MIN, 1), MAX);
    assert_eq!(r_type(Sub, 5, 5), 0);
}

#[test]
fn logic() {
    let (a, b) = (0xf0f0_1234, 0x0ff0_ff00);
    assert_eq!(r_type(And, a, b), a & b);
    assert_eq!(r_type(Or, a, b), a | b);
    assert_eq!(r_type(Xor, a, b), a ^ b);
    assert_eq!(i_type(Andi, a, -256), a & 0xffff_ff00);
    assert_eq!(i_type(Ori, a, 0x7ff), a | 0x7ff);
    assert_eq!(i_type(Xori, a, -1), !a); // the `not` idiom
}

#[test]
fn shifts_mask_the_amount_to_five_bits() {
    assert_eq!(r_type(Sll, 1, 31), MIN);
    assert_eq!(r_type(Sll, 1, 32), 1);
    assert_eq!(r_type(Sll, 3, 33), 6);
    assert_eq!(r_type(Srl, MIN, 31), 1);
    assert_eq!(r_type(Srl, MIN, 0xffff_ffe1), 0x4000_0000); // amount 1
    assert_eq!(r_type(Sra, MIN, 31), NEG1);
    assert_eq!(r_type(Sra, MIN, 4), 0xf800_0000);
    assert_eq!(r_type(Sra, MAX, 30), 1);
    assert_eq!(i_type(Slli, 0x8000_0001, 1), 2);
    assert_eq!(i_type(Srli, NEG1, 28), 0xf);
    assert_eq!(i_type(Srai, 0x8000_0000, 0), MIN);
    assert_eq!(i_type(Srai, 0xf000_0000, 28), NEG1);
}

#[test]
fn comparisons_signed_and_unsigned() {
    assert_eq!(r_type(Slt, NEG1, 0), 1);
    assert_eq!(r_type(Sltu, NEG1, 0), 0);
    assert_eq!(r_type(Slt, MIN, MAX), 1);
    assert_eq!(r_type(Sltu, MIN, MAX), 0);
    assert_eq!(r_type(Slt, 7, 7), 0);
    assert_eq!(i_type(Slti, NEG1, 0), 1);
    assert_eq!(i_type(Slti, 0, -1), 0);
    // SLTIU sign-extends the immediate and then compares unsigned.
    assert_eq!(i_type(Sltiu, 0xffff_fffe, -1), 1);
    assert_eq!(i_type(Sltiu, 0, 1), 1); // the `seqz` idiom
    assert_eq!(i_type(Sltiu, 5, 1), 0);
    assert_eq!(r_type(Sltu, 0, 5), 1); // the `snez` idiom (rs1 = x0 in real code)
}

#[test]
fn addi_sign_extends() {
    assert_eq!(i_type(Addi, 0, -2048), 0xffff_f800);
    assert_eq!(i_type(Addi, 0, 2047), 2047);
    assert_eq!(i_type(Addi, NEG1, 1), 0);
}

#[test]
fn multiply() {
    assert_eq!(
        r_type(Mul, 0x1234_5678, 0x9abc_def0),
        0x1234_5678u32.wrapping_mul(0x9abc_def0)
    );
    assert_eq!(r_type(Mul, NEG1, NEG1), 1);
    assert_eq!(r_type(Mulh, NEG1, NEG1), 0); // (-1)(-1) = 1
    assert_eq!(r_type(Mulh, MIN, MIN), 0x4000_0000); // 2^62
    assert_eq!(r_type(Mulh, MIN, 1), NEG1);
    assert_eq!(r_type(Mulh, MAX, MAX), 0x3fff_ffff);
    assert_eq!(r_type(Mulhu, NEG1, NEG1), 0xffff_fffe);
    assert_eq!(r_type(Mulhu, MIN, 2), 1);
    // MULHSU: rs1 signed, rs2 unsigned.
    assert_eq!(r_type(Mulhsu, NEG1, NEG1), NEG1); // -1 * (2^32 - 1) = -(2^32) + 1
    assert_eq!(r_type(Mulhsu, 1, NEG1), 0);
    assert_eq!(r_type(Mulhsu, MIN, NEG1), 0x8000_0000); // -2^31 (2^32 - 1)
}

#[test]
fn division_corner_cases_from_the_m_extension_table() {
    // Division by zero: quotient all ones, remainder the dividend.
    assert_eq!(r_type(Div, 7, 0), NEG1);
    assert_eq!(r_type(Divu, 7, 0), NEG1);
    assert_eq!(r_type(Rem, 7, 0), 7);
    assert_eq!(r_type(Remu, 7, 0), 7);
    assert_eq!(r_type(Rem, MIN, 0), MIN);
    // Signed overflow: quotient is the dividend, remainder 0.
    assert_eq!(r_type(Div, MIN, NEG1), MIN);
    assert_eq!(r_type(Rem, MIN, NEG1), 0);
    // Rounding toward zero; the remainder takes the dividend's sign.
    assert_eq!(r_type(Div, (-7i32) as u32, 2), (-3i32) as u32);
    assert_eq!(r_type(Rem, (-7i32) as u32, 2), NEG1);
    assert_eq!(r_type(Div, 7, (-2i32) as u32), (-3i32) as u32);
    assert_eq!(r_type(Rem, 7, (-2i32) as u32), 1);
    assert_eq!(r_type(Divu, (-7i32) as u32, 2), 0x7fff_fffc);
    assert_eq!(r_type(Remu, (-7i32) as u32, 2), 1);
    assert_eq!(r_type(Divu, MIN, NEG1), 0);
}

#[test]
fn upper_immediates() {
    let regs = regs_after(
        &[],
        &[
            ins(Lui, 5, 0, 0, 0x8765_4000u32 as i32),
            ins(Auipc, 6, 0, 0, 0x1000),
        ],
    );
    assert_eq!(regs[5], 0x8765_4000);
    // auipc is the body's second instruction, at CODE + 4.
    assert_eq!(regs[6], CODE + 4 + 0x1000);
    let regs = regs_after(&[], &[ins(Auipc, 6, 0, 0, -4096)]);
    assert_eq!(regs[6], CODE.wrapping_sub(4096));
}

#[test]
fn writes_to_x0_are_discarded_and_x0_reads_zero() {
    let regs = regs_after(
        &[(5, 42)],
        &[
            ins(Addi, 0, 5, 0, 1),
            ins(Lui, 0, 0, 0, 0x1000),
            ins(Add, 6, 0, 0, 0),
            ins(Jal, 0, 0, 0, 4),
        ],
    );
    assert_eq!(regs[0], 0);
    assert_eq!(regs[6], 0);
    // rs1 = rs2 = rd.
    let regs = regs_after(&[(5, 21)], &[ins(Add, 5, 5, 5, 0)]);
    assert_eq!(regs[5], 42);
}

#[test]
fn registers_start_at_zero_except_sp() {
    let regs = regs_after(&[], &[]);
    assert_eq!(regs[2], STACK_TOP);
    for r in (1..32).filter(|&r| r != 2 && r != 10 && r != 17) {
        assert_eq!(regs[r], 0, "x{r}");
    }
}

/// x7 = 1 if the branch fell through, 0 if it skipped the `addi x7, x0, 1` after it.
fn fell_through(op: Opcode, a: u32, b: u32) -> bool {
    let regs = regs_after(
        &[(5, a), (6, b)],
        &[ins(op, 0, 5, 6, 8), ins(Addi, 7, 0, 0, 1)],
    );
    regs[7] == 1
}

#[test]
fn branches() {
    let cases = [
        (Beq, 3, 3, true),
        (Beq, 3, 4, false),
        (Bne, 3, 4, true),
        (Bne, 3, 3, false),
        (Blt, NEG1, 0, true),
        (Blt, 0, NEG1, false),
        (Blt, 5, 5, false),
        (Bge, 5, 5, true),
        (Bge, MIN, MAX, false),
        (Bge, MAX, MIN, true),
        (Bltu, 0, NEG1, true),
        (Bltu, NEG1, 0, false),
        (Bgeu, NEG1, 0, true),
        (Bgeu, 0, 1, false),
    ];
    for (op, a, b, taken) in cases {
        assert_eq!(fell_through(op, a, b), !taken, "{op:?} {a:#x} {b:#x}");
    }
}

#[test]
fn backward_branch_loops() {
    // x5 counts down from 10; x6 counts iterations.
    let regs = regs_after(
        &[(5, 10)],
        &[
            ins(Addi, 6, 6, 0, 1),
            ins(Addi, 5, 5, 0, -1),
            ins(Bne, 0, 5, 0, -8),
        ],
    );
    assert_eq!((regs[5], regs[6]), (0, 10));
}

#[test]
fn jal_and_jalr_link_and_jump() {
    // The body starts at CODE + 8 (one li). jal skips one instruction.
    let regs = regs_after(&[(5, 0)], &[ins(Jal, 1, 0, 0, 8), ins(Addi, 7, 0, 0, 1)]);
    assert_eq!(regs[1], CODE + 8 + 4);
    assert_eq!(regs[7], 0);
    // jalr clears bit 0 of the target: x5 = body + 9 lands on body + 8.
    let body = CODE + 8;
    let regs = regs_after(
        &[(5, body + 9)],
        &[
            ins(Jalr, 1, 5, 0, 0),
            ins(Addi, 7, 0, 0, 1),
            ins(Addi, 8, 0, 0, 1),
        ],
    );
    assert_eq!(regs[1], body + 4);
    assert_eq!((regs[7], regs[8]), (0, 1));
    // jalr with rd = rs1 uses the old rs1.
    let regs = regs_after(
        &[(5, body + 12)],
        &[ins(Jalr, 5, 5, 0, -4), ins(Addi, 7, 0, 0, 1)],
    );
    assert_eq!(regs[5], body + 4);
    assert_eq!(regs[7], 0);
}

#[test]
fn loads_sign_and_zero_extend() {
    let word = |k: u32| (0..4).map(|i| data_byte(k + i) << (8 * i)).sum::<u32>();
    let load = |op, offset: i32| regs_after(&[(5, DATA)], &[ins(op, 7, 5, 0, offset)])[7];
    assert_eq!(load(Lw, 4), word(4));
    for k in 0..8u32 {
        let byte = data_byte(k);
        assert_eq!(load(Lbu, k as i32), byte);
        assert_eq!(load(Lb, k as i32), byte as u8 as i8 as i32 as u32);
    }
    for k in [0u32, 2, 6] {
        let half = data_byte(k) | data_byte(k + 1) << 8;
        assert_eq!(load(Lhu, k as i32), half);
        assert_eq!(load(Lh, k as i32), half as u16 as i16 as i32 as u32);
    }
    // Negative offsets, and memory nothing wrote reads as zero.
    assert_eq!(
        regs_after(&[(5, DATA + 8)], &[ins(Lw, 7, 5, 0, -8)])[7],
        word(0)
    );
    assert_eq!(
        regs_after(&[(5, 0x4000_0000)], &[ins(Lw, 7, 5, 0, 0)])[7],
        0
    );
}

#[test]
fn stores_write_only_their_bytes() {
    let base = regs_after(&[(5, DATA)], &[ins(Lw, 9, 5, 0, 0)])[9];
    let after = |op, offset: i32| {
        regs_after(
            &[(5, DATA), (6, 0xaabb_ccdd)],
            &[ins(op, 0, 5, 6, offset), ins(Lw, 7, 5, 0, 0)],
        )[7]
    };
    assert_eq!(after(Sw, 0), 0xaabb_ccdd);
    assert_eq!(after(Sb, 0), (base & 0xffff_ff00) | 0xdd);
    assert_eq!(after(Sb, 3), (base & 0x00ff_ffff) | 0xdd00_0000);
    assert_eq!(after(Sh, 2), (base & 0x0000_ffff) | 0xccdd_0000);
    assert_eq!(after(Sh, 0), (base & 0xffff_0000) | 0xccdd);
}

fn run_code(code: &[Instruction]) -> Result<Execution, ExecError> {
    run(&program(code), Input::default(), &RunOptions::default())
}

#[test]
fn misaligned_accesses_are_errors() {
    for (op, offset, size) in [(Lw, 2, 4), (Lh, 1, 2), (Lhu, 3, 2), (Sw, 1, 4), (Sh, 3, 2)] {
        let code = [li(5, DATA)[0], li(5, DATA)[1], ins(op, 7, 5, 6, offset)];
        let pc = CODE + 8;
        let expected = ExecError::MisalignedAccess {
            pc,
            addr: DATA + offset as u32,
            size,
        };
        assert_eq!(run_code(&code), Err(expected), "{op:?}");
    }
}

#[test]
fn stores_into_code_change_data_not_instructions() {
    // Overwrite the exit sequence's first word with zeros, then load it back: the load sees
    // the stored value, yet the original instructions still run.
    let mut code = li(5, CODE + 24).to_vec(); // address of the `addi x10, x6, 0` below
    code.extend([ins(Sw, 0, 5, 0, 0), ins(Lw, 6, 5, 0, 0)]);
    code.extend(exit_with(6));
    let execution = run_code(&code).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(execution.exit_code, 0, "the loaded word is the stored zero");
    assert_eq!(
        execution.stats.rows(Family::EcallExit),
        1,
        "the overwritten code still ran"
    );
}

#[test]
fn control_flow_errors_name_the_pc() {
    // Jump past the end of the code.
    let code = [ins(Jal, 0, 0, 0, 64)];
    assert_eq!(
        run_code(&code),
        Err(ExecError::PcOutsideCode {
            pc: CODE + 64,
            from: CODE
        })
    );
    // Falling off the end.
    let code = [ins(Addi, 5, 0, 0, 1)];
    assert_eq!(
        run_code(&code),
        Err(ExecError::PcOutsideCode {
            pc: CODE + 4,
            from: CODE
        })
    );
    // A branch to a half-word address.
    let code = [
        ins(Beq, 0, 0, 0, 6),
        ins(Fence, 0, 0, 0, 0),
        ins(Fence, 0, 0, 0, 0),
    ];
    assert_eq!(
        run_code(&code),
        Err(ExecError::MisalignedPc {
            pc: CODE + 6,
            from: CODE
        })
    );
    let code = [ins(Fence, 0, 0, 0, 0), ins(Ebreak, 0, 0, 0, 0)];
    assert_eq!(run_code(&code), Err(ExecError::Ebreak { pc: CODE + 4 }));
    let code = [Instruction::new(Invalid, 0, 0, 0, 0xffff_ffff)];
    assert_eq!(
        run_code(&code),
        Err(ExecError::IllegalInstruction {
            pc: CODE,
            word: 0xffff_ffff
        })
    );
}

#[test]
fn cycle_limit_stops_an_infinite_loop() {
    let code = [ins(Jal, 0, 0, 0, 0)];
    let options = RunOptions {
        max_cycles: 1000,
        ..RunOptions::default()
    };
    let result = run(&program(&code), Input::default(), &options);
    assert_eq!(
        result,
        Err(ExecError::CycleLimit {
            limit: 1000,
            pc: CODE
        })
    );
}

#[test]
fn memory_limit_is_enforced() {
    // Touch one word every 64 KiB.
    let mut code = li(5, 0x1000_0000).to_vec();
    code.extend(li(6, 1 << 16));
    code.extend([
        ins(Sw, 0, 5, 0, 0),
        ins(Add, 5, 5, 6, 0),
        ins(Jal, 0, 0, 0, -8),
    ]);
    let options = RunOptions {
        max_cycles: 1 << 20,
        max_memory_bytes: 1 << 20,
    };
    let result = run(&program(&code), Input::default(), &options);
    assert!(
        matches!(
            result,
            Err(ExecError::MemoryLimit {
                limit_bytes: 1048576,
                ..
            })
        ),
        "{result:?}"
    );
}

// ----- system calls -----------------------------------------------------------------------

fn syscall(number: u32, a0: u32, a1: u32, a2: u32) -> Vec<Instruction> {
    let mut v = Vec::new();
    for (r, value) in [(17, number), (10, a0), (11, a1), (12, a2)] {
        v.extend(li(r, value));
    }
    v.push(ins(Ecall, 0, 0, 0, 0));
    v
}

fn with_input(
    code: &[Instruction],
    public: &[u8],
    private: &[u8],
) -> Result<(Execution, ExecutionRecord), ExecError> {
    record(
        &program(code),
        Input { public, private },
        &RunOptions::default(),
        None,
    )
}

#[test]
fn exit_code_and_cycles() {
    let code = syscall(93, 0x1234_5678, 0, 0);
    let (execution, record) = with_input(&code, b"", b"").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(execution.exit_code, 0x1234_5678);
    assert_eq!(execution.stats.cycles, code.len() as u64);
    assert_eq!(execution.stats.rows(Family::EcallExit), 1);
    assert_eq!(record.ecalls.len(), 1);
    assert_eq!(
        record.ecalls[0].call,
        trace::Syscall::Exit { code: 0x1234_5678 }
    );
}

/// read(fd, DATA + 1, 6) three times, then write(1, DATA + 1, 18) and exit(a0 of last read).
fn read_program(fd: u32) -> Vec<Instruction> {
    let mut code = Vec::new();
    for k in 0..3 {
        code.extend(syscall(63, fd, DATA + 1 + 6 * k, 6));
        code.push(ins(Add, 20 + k as u8, 10, 0, 0)); // keep each a0
    }
    code.extend(syscall(64, 1, DATA + 1, 18));
    code.push(ins(Add, 10, 22, 0, 0));
    code.extend(li(17, 93));
    code.push(ins(Ecall, 0, 0, 0, 0));
    code
}

#[test]
fn read_from_public_and_private_input_into_unaligned_buffers() {
    for (fd, public, private) in [
        (0, &b"hello, world"[..], &b"secret"[..]),
        (3, &b"xy"[..], &b"hello, world"[..]),
    ] {
        let (execution, record) =
            with_input(&read_program(fd), public, private).unwrap_or_else(|e| panic!("{e}"));
        // 12 bytes of input: reads return 6, 6, 0; the rest of the buffer keeps its old bytes.
        let mut expected: Vec<u8> = b"hello, world".to_vec();
        expected.extend((13..19).map(|k| data_byte(k) as u8));
        assert_eq!(execution.output, expected, "fd {fd}");
        assert_eq!(execution.exit_code, 0, "last read returns 0 at the end");
        assert_eq!(record.final_registers[20..23], [6, 6, 0]);
        // The byte before the buffer is untouched.
        let first = record
            .memory_boundary
            .iter()
            .find(|w| w.word == DATA / 4)
            .map(|w| w.last);
        assert_eq!(first.map(|w| w & 0xff), Some(data_byte(0)));
        let reads: Vec<_> = record
            .ecalls
            .iter()
            .filter_map(|e| match e.call {
                trace::Syscall::Read { read, position, .. } => Some((read, position)),
                _ => None,
            })
            .collect();
        assert_eq!(reads, [(6, 0), (6, 6), (0, 12)]);
        let stats = execution.stats;
        assert_eq!(
            (stats.public_input_read, stats.private_input_read),
            if fd == 0 { (12, 0) } else { (0, 12) }
        );
    }
}

#[test]
fn write_to_debug_is_not_output() {
    let mut code = syscall(64, 2, DATA, 5);
    code.extend(syscall(93, 0, 0, 0));
    let (execution, _) = with_input(&code, b"", b"").unwrap_or_else(|e| panic!("{e}"));
    assert!(execution.output.is_empty());
    assert_eq!(
        execution.debug,
        (0..5).map(|k| data_byte(k) as u8).collect::<Vec<_>>()
    );
    assert_eq!(
        execution.stats.io_words, 0,
        "debug text costs no prover rows"
    );
}

#[test]
fn syscall_errors() {
    let pc_of_ecall = |code: &[Instruction]| CODE + 4 * (code.len() as u32 - 1);
    let code = syscall(57, 0, 0, 0); // close
    assert_eq!(
        run_code(&code),
        Err(ExecError::UnknownSyscall {
            pc: pc_of_ecall(&code),
            number: 57
        })
    );
    let code = syscall(63, 1, DATA, 4);
    assert_eq!(
        run_code(&code),
        Err(ExecError::BadFd {
            pc: pc_of_ecall(&code),
            call: "read",
            fd: 1
        })
    );
    let code = syscall(64, 0, DATA, 4);
    assert_eq!(
        run_code(&code),
        Err(ExecError::BadFd {
            pc: pc_of_ecall(&code),
            call: "write",
            fd: 0
        })
    );
    let code = syscall(64, 1, 0xffff_fffe, 4);
    let pc = pc_of_ecall(&code);
    assert_eq!(
        run_code(&code),
        Err(ExecError::BufferWraps {
            pc,
            call: "write",
            buf: 0xffff_fffe,
            len: 4
        })
    );
    let code = syscall(64, 1, DATA, 1 << 24);
    let pc = pc_of_ecall(&code);
    assert_eq!(
        run_code(&code),
        Err(ExecError::IoTooLong {
            pc,
            call: "write",
            len: 1 << 24
        })
    );
    // read into the code.
    let code = syscall(63, 0, CODE + 2, 4);
    // An oversized input is refused before running.
    let big = vec![0u8; 1 << 24];
    let result = run(
        &program(&code),
        Input {
            public: &big,
            private: b"",
        },
        &RunOptions::default(),
    );
    assert_eq!(
        result,
        Err(ExecError::InputTooLarge {
            which: "public",
            len: 1 << 24
        })
    );
}

#[test]
fn read_at_the_top_of_memory() {
    // A buffer ending exactly at 2^32 is fine.
    let mut code = syscall(63, 0, 0xffff_fffc, 4);
    code.extend(syscall(64, 1, 0xffff_fffd, 3));
    code.extend(syscall(93, 0, 0, 0));
    let (execution, _) = with_input(&code, b"wxyz", b"").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(execution.output, b"xyz");
}

// ----- the two passes ---------------------------------------------------------------------

#[test]
fn counting_and_recording_passes_agree() {
    let code = read_program(0);
    let public = b"hello, world";
    let counted = run(
        &program(&code),
        Input {
            public,
            private: b"",
        },
        &RunOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (recorded, record) = with_input(&code, public, b"").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counted, recorded);
    let stats = counted.stats;
    // Every instruction appears exactly once, in its family, in cycle order.
    let mut clks: Vec<u32> = record.steps.iter().flatten().map(|s| s.clk).collect();
    clks.extend(record.ecalls.iter().map(|e| e.clk));
    clks.sort_unstable();
    assert_eq!(clks, (0..stats.cycles as u32).collect::<Vec<_>>());
    for family in Family::ALL {
        let ecalls = record
            .ecalls
            .iter()
            .filter(|e| {
                let f = match e.call {
                    trace::Syscall::Exit { .. } => Family::EcallExit,
                    trace::Syscall::Read { .. } => Family::EcallRead,
                    trace::Syscall::Write { .. } => Family::EcallWrite,
                };
                f == family
            })
            .count();
        assert_eq!(
            record.family(family).len() + ecalls,
            stats.rows(family) as usize,
            "{family:?}"
        );
        assert!(record
            .family(family)
            .windows(2)
            .all(|w| w[0].clk < w[1].clk));
    }
    // Each step's next pc is the following step's pc.
    let mut steps: Vec<(u32, u32, u32)> = record
        .steps
        .iter()
        .flatten()
        .map(|s| (s.clk, s.pc, s.next_pc))
        .collect();
    steps.extend(record.ecalls.iter().map(|e| (e.clk, e.pc, e.pc + 4)));
    steps.sort_unstable();
    assert!(steps.windows(2).all(|w| w[0].2 == w[1].1));
    // The boundary covers exactly the touched words, with initial values from the image.
    assert_eq!(record.memory_boundary.len() as u64, stats.touched_words);
    assert!(record
        .memory_boundary
        .windows(2)
        .all(|w| w[0].word < w[1].word));
    let program = program(&code);
    for word in &record.memory_boundary {
        assert_eq!(word.initial, program.initial_word(word.word));
    }
    // io words replay: applying every access in order turns initial into final values.
    let total: u32 = record.ecalls.iter().map(|e| e.io_words.len() as u32).sum();
    assert_eq!(total as usize, record.io_words.len());
}

#[test]
fn memory_events_chain_per_word() {
    let mut code = li(5, DATA).to_vec();
    code.extend(li(6, 0xdead_beef));
    code.extend([
        ins(Sw, 0, 5, 6, 0),
        ins(Lb, 7, 5, 0, 1),
        ins(Sb, 0, 5, 7, 2),
        ins(Lw, 8, 5, 0, 0),
    ]);
    code.extend(exit_with(8));
    let (execution, record) = with_input(&code, b"", b"").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(execution.exit_code, 0xdebe_beef);
    let mut accesses: Vec<_> = record
        .steps
        .iter()
        .flatten()
        .filter_map(|s| Some((s.clk, s.memory?)))
        .collect();
    accesses.sort_unstable_by_key(|a| a.0);
    let mut value = program(&code).initial_word(DATA / 4);
    for (_, access) in &accesses {
        assert_eq!(access.word, DATA / 4);
        assert_eq!(access.before, value);
        value = access.after;
    }
    assert_eq!(value, 0xdebe_beef);
    let boundary = record.memory_boundary.iter().find(|w| w.word == DATA / 4);
    assert_eq!(boundary.map(|w| w.last), Some(0xdebe_beef));
}

#[test]
fn segments_concatenate_to_the_whole_record() {
    let fib = Program::from_elf(include_bytes!("../../../tests/fixtures/elf/fib.elf"))
        .unwrap_or_else(|e| panic!("{e}"));
    let sha = Program::from_elf(include_bytes!("../../../tests/fixtures/elf/sha256.elf"))
        .unwrap_or_else(|e| panic!("{e}"));
    let data: Vec<u8> = (0..300u32).map(|i| (i * 37 % 251) as u8).collect();
    for (program, public) in [(&fib, &b"300"[..]), (&sha, &data[..])] {
        let input = Input {
            public,
            private: b"",
        };
        let options = RunOptions::default();
        let (whole_run, whole) = record(program, input, &options, None).unwrap();
        for cycles in [1, 7, 256, 1 << 20] {
            let mut recorder = SegmentRecorder::new(program, input, &options).unwrap();
            let mut steps: Vec<Vec<StepEvent>> = vec![Vec::new(); Family::COUNT];
            let mut ecalls = Vec::new();
            let mut segments = 0u64;
            while let Some(part) = recorder.next(cycles).unwrap() {
                segments += 1;
                for (all, seg) in steps.iter_mut().zip(&part.steps) {
                    all.extend_from_slice(seg);
                }
                // io_words ranges are per segment: compare the words each call moved.
                for e in &part.ecalls {
                    let words = &part.io_words[e.io_words.start as usize..e.io_words.end as usize];
                    ecalls.push((e.clk, e.pc, e.call, words.to_vec()));
                }
            }
            assert_eq!(steps, whole.steps, "{cycles} cycles per segment");
            let expected: Vec<_> = whole
                .ecalls
                .iter()
                .map(|e| {
                    let words = &whole.io_words[e.io_words.start as usize..e.io_words.end as usize];
                    (e.clk, e.pc, e.call, words.to_vec())
                })
                .collect();
            assert_eq!(ecalls, expected);
            assert_eq!(segments, whole_run.stats.cycles.div_ceil(cycles));
            assert_eq!(recorder.exit_code(), Some(whole_run.exit_code));
            assert_eq!(recorder.cycles(), whole_run.stats.cycles);
        }
    }
}
