//! End-to-end: prove small programs and verify the proofs; tampered statements are rejected.

use pocketvm_core::isa::{encode, Instruction, Opcode, Opcode::*};
use pocketvm_core::program::Segment;
use pocketvm_core::{prove, verify, Input, Program, ProveOptions, VerifyError};

fn ins(op: Opcode, rd: u8, rs1: u8, rs2: u8, imm: i32) -> Instruction {
    Instruction::new(op, rd, rs1, rs2, imm as u32)
}

fn li(rd: u8, value: u32) -> [Instruction; 2] {
    let upper = value.wrapping_add(0x800) & 0xffff_f000;
    [
        ins(Lui, rd, 0, 0, upper as i32),
        ins(Addi, rd, rd, 0, value.wrapping_sub(upper) as i32),
    ]
}

fn program(code: &[Instruction]) -> Program {
    let data: Vec<u8> = code.iter().flat_map(|i| encode(i).to_le_bytes()).collect();
    let segment = Segment {
        vaddr: 0x1_0000,
        mem_size: data.len() as u32,
        data,
        executable: true,
    };
    Program::new(0x1_0000, vec![segment]).unwrap_or_else(|e| panic!("{e}"))
}

/// x5 = 1000, x6 = 234, x7 = x5 + x6, x8 = x7 - 1234 + 42, jump over a trap, exit(x8).
fn arithmetic() -> Program {
    let mut code = li(5, 1000).to_vec();
    code.extend(li(6, 234));
    code.extend([
        ins(Add, 7, 5, 6, 0),
        ins(Addi, 8, 7, 0, -1234),
        ins(Addi, 8, 8, 0, 42),
        ins(Sub, 9, 8, 5, 0), // 42 - 1000 wraps
        ins(Add, 0, 9, 9, 0), // write to x0: discarded
        ins(Fence, 0, 0, 0, 0),
        ins(Auipc, 11, 0, 0, 0x1000),
        ins(Jal, 1, 0, 0, 8),
        ins(Ebreak, 0, 0, 0, 0), // skipped
        ins(Addi, 10, 8, 0, 0),
        ins(Addi, 17, 0, 0, 93),
        ins(Ecall, 0, 0, 0, 0),
    ]);
    program(&code)
}

#[test]
fn proves_and_verifies_arithmetic() {
    let program = arithmetic();
    let (execution, proof) = prove(
        &program,
        Input::default(),
        &ProveOptions::default(),
        &mut |_, _| true,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(execution.exit_code, 42);
    verify(&program, b"", b"", 42, &proof).unwrap_or_else(|e| panic!("{e}"));

    // A wrong exit code is a claim mismatch; a proof whose claim was edited fails the STARK.
    assert!(matches!(
        verify(&program, b"", b"", 43, &proof),
        Err(VerifyError::ClaimMismatch { .. })
    ));
    let mut edited = proof.clone();
    edited.claim.exit_code = 43;
    assert!(verify(&program, b"", b"", 43, &edited).is_err());

    // Bytes round trip.
    let bytes = proof.to_bytes();
    let decoded = pocketvm_core::Proof::from_bytes(&bytes).unwrap_or_else(|e| panic!("{e}"));
    verify(&program, b"", b"", 42, &decoded).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "proof: {} bytes, cycles {}",
        bytes.len(),
        execution.stats.cycles
    );
}
