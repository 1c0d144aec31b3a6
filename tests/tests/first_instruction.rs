//! A run whose very first instruction reads a register proves and verifies, for every family
//! that reads one. Registers and memory start at timestamp 0; the first cycle's accesses must
//! come strictly after (the timestamp origin, `air::gadgets::TS_ORIGIN`). Every shipped guest
//! starts with `auipc`, which reads nothing, so only hand-written programs reach this.

use pocketvm_core::isa::{Instruction, Opcode};
use pocketvm_core::{prove, verify, Input, Program, ProveOptions};
use pocketvm_tests::asm::{reg, sys, Asm};
use pocketvm_tests::elf_builder::{ElfBuilder, SegmentSpec, CODE_BASE};

/// Proves `asm` (which must exit) and checks the proof against the exit code it should give.
fn proves(name: &str, code_base: u32, asm: &Asm, exit_code: u32) {
    let elf = ElfBuilder::with_segments(vec![SegmentSpec::code(code_base, &asm.words())])
        .entry(u64::from(code_base))
        .build();
    let program = Program::from_elf(&elf).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (execution, proof) = prove(
        &program,
        Input::default(),
        &ProveOptions::default(),
        &mut |_, _| true,
    )
    .unwrap_or_else(|e| panic!("{name}: {e}\n{}", asm.listing()));
    assert_eq!(execution.exit_code, exit_code, "{name}");
    verify(&program, b"", b"", exit_code, &proof).unwrap_or_else(|e| panic!("{name}: {e}"));
}

/// `asm` then `exit(a0)`.
fn then_exit(mut asm: Asm) -> Asm {
    asm.ecall(sys::EXIT);
    asm
}

#[test]
fn every_register_reading_family_can_come_first() {
    let base = CODE_BASE;
    let mut cases: Vec<(&str, Asm, u32)> = Vec::new();

    // Immediate: `li a0, 7` as ADDI a0, x0, 7 (the example), and `addi sp, sp, -16`.
    let mut asm = Asm::new(base);
    asm.i(Opcode::Addi, reg::A0, reg::ZERO, 7);
    cases.push(("addi a0, x0, 7", then_exit(asm), 7));
    let mut asm = Asm::new(base);
    asm.i(Opcode::Addi, reg::SP, reg::SP, -16)
        .mv(reg::A0, reg::ZERO);
    cases.push(("addi sp, sp, -16", then_exit(asm), 0));
    let mut asm = Asm::new(base);
    asm.i(Opcode::Xori, reg::A0, reg::A1, 5);
    cases.push(("xori", then_exit(asm), 5));
    let mut asm = Asm::new(base);
    asm.i(Opcode::Slli, reg::A0, reg::A1, 3);
    cases.push(("slli", then_exit(asm), 0));

    // Register ALU, shifts, multiply, divide.
    for (op, expected) in [
        (Opcode::Add, 0),
        (Opcode::Sub, 0),
        (Opcode::And, 0),
        (Opcode::Slt, 0),
        (Opcode::Sltu, 0),
        (Opcode::Sll, 0),
        (Opcode::Sra, 0),
        (Opcode::Mul, 0),
        (Opcode::Mulh, 0),
        (Opcode::Div, u32::MAX),
        (Opcode::Remu, 0),
    ] {
        let mut asm = Asm::new(base);
        asm.r(op, reg::A0, reg::A1, reg::A2);
        cases.push((op.mnemonic(), then_exit(asm), expected));
    }

    // Load and store relative to the initial stack pointer.
    let mut asm = Asm::new(base);
    asm.i(Opcode::Lw, reg::A0, reg::SP, -4);
    cases.push(("lw a0, -4(sp)", then_exit(asm), 0));
    let mut asm = Asm::new(base);
    asm.i(Opcode::Lbu, reg::A0, reg::SP, -1);
    cases.push(("lbu a0, -1(sp)", then_exit(asm), 0));
    let mut asm = Asm::new(base);
    asm.store(Opcode::Sw, reg::A1, reg::SP, -8)
        .i(Opcode::Lw, reg::A0, reg::SP, -8);
    cases.push(("sw a1, -8(sp)", then_exit(asm), 0));
    let mut asm = Asm::new(base);
    asm.store(Opcode::Sb, reg::A1, reg::SP, -3)
        .mv(reg::A0, reg::ZERO);
    cases.push(("sb a1, -3(sp)", then_exit(asm), 0));

    // Branches: taken (skips the `li a0, 1`) and not taken.
    let mut asm = Asm::new(base);
    asm.branch(Opcode::Beq, reg::A0, reg::A1, 12).li(reg::A0, 1);
    cases.push(("beq a0, a1 (taken)", then_exit(asm), 0));
    let mut asm = Asm::new(base);
    asm.branch(Opcode::Blt, reg::A0, reg::A1, 12).li(reg::A0, 3);
    cases.push(("blt a0, a1 (not taken)", then_exit(asm), 3));

    // JALR from x0: the code sits low enough for an immediate target (0x400 + 8 skips one
    // instruction).
    let low = 0x400;
    let mut asm = Asm::new(low);
    asm.push(Instruction::new(
        Opcode::Jalr,
        reg::A0,
        reg::ZERO,
        0,
        low + 8,
    ))
    .li(reg::A0, 9)
    .mv(reg::A0, reg::ZERO);
    cases.push(("jalr a0, 0x408(x0)", then_exit(asm), 0));

    // ECALL cannot be first (a7 = 0 is no call); `exit` with a0 never written reads a0's
    // initial tuple.
    let mut asm = Asm::new(base);
    asm.ecall(sys::EXIT);
    cases.push(("exit with a0 untouched", asm, 0));

    for (name, asm, exit_code) in cases {
        let code_base = if name.starts_with("jalr") { low } else { base };
        proves(name, code_base, &asm, exit_code);
    }
}
