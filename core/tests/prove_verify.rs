//! End-to-end: prove small programs and verify the proofs; tampered statements are rejected.

use pocketvm_core::isa::{encode, Instruction, Opcode, Opcode::*};
use pocketvm_core::program::Segment;
use pocketvm_core::{
    prove, verify, verify_claim, Input, Program, Proof, ProofDecodeError, ProveOptions, VerifyError,
};
use std::sync::OnceLock;

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
    assert_eq!(proof.encoded_len(), bytes.len());
    let decoded = pocketvm_core::Proof::from_bytes(&bytes).unwrap_or_else(|e| panic!("{e}"));
    verify(&program, b"", b"", 42, &decoded).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "proof: {} bytes, cycles {}",
        bytes.len(),
        execution.stats.cycles
    );
}

/// One proof of [`arithmetic`], shared by the tamper tests.
fn arithmetic_proof() -> &'static (Program, Proof) {
    static PROOF: OnceLock<(Program, Proof)> = OnceLock::new();
    PROOF.get_or_init(|| {
        let program = arithmetic();
        let (_, proof) = prove(
            &program,
            Input::default(),
            &ProveOptions::default(),
            &mut |_, _| true,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        (program, proof)
    })
}

#[test]
fn flipped_proof_bytes_are_rejected_without_panicking() {
    let (program, proof) = arithmetic_proof();
    let bytes = proof.to_bytes();
    // Every byte of the header and claim, then a sample through the STARK proof.
    let positions: Vec<usize> = (0..bytes.len().min(600))
        .chain((600..bytes.len()).step_by(997))
        .collect();
    for &position in &positions {
        let mut forged = bytes.clone();
        forged[position] ^= 0x5a;
        let outcome = Proof::from_bytes(&forged)
            .map_err(|e| e.to_string())
            .and_then(|p| verify(program, b"", b"", 42, &p).map_err(|e| e.to_string()));
        match outcome {
            Ok(_) => panic!("flipping byte {position} was accepted"),
            Err(e) => assert!(
                !e.contains("panicked"),
                "byte {position} reached a panic in stwo: {e}"
            ),
        }
    }
    assert!(positions.len() > 600);
}

#[test]
fn truncated_and_garbage_proofs_are_typed_errors() {
    let (_, proof) = arithmetic_proof();
    let bytes = proof.to_bytes();
    for len in [0, 4, 8, 9, 10, 11, 100, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            Proof::from_bytes(&bytes[..len]).is_err(),
            "{len} bytes decoded"
        );
    }
    assert!(matches!(
        Proof::from_bytes(b"not a proof at all"),
        Err(ProofDecodeError::BadMagic)
    ));
    let mut future = bytes.clone();
    future[8] = 99;
    assert!(matches!(
        Proof::from_bytes(&future),
        Err(ProofDecodeError::UnsupportedVersion(99))
    ));
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(
        Proof::from_bytes(&longer),
        Err(ProofDecodeError::Malformed(_))
    ));
}

#[test]
fn weaker_configs_are_rejected() {
    let (program, proof) = arithmetic_proof();
    let base = proof.segments[0].stark.config;
    let mut fewer_queries = base;
    fewer_queries.fri_config.n_queries -= 1;
    let mut less_pow = base;
    less_pow.pow_bits -= 1;
    let mut unlifted = base;
    unlifted.lifting_log_size = None;
    // Configurations this verifier does not read at all.
    for config in [stwo::core::pcs::PcsConfig::default(), unlifted] {
        let mut weak = proof.clone();
        weak.segments[0].stark.0.config = config;
        assert!(matches!(
            verify(program, b"", b"", 42, &weak),
            Err(VerifyError::WrongConfig { .. })
        ));
    }
    // Readable ones that prove less than 96 bits for this shape: refused before any
    // cryptography, naming the round.
    for config in [fewer_queries, less_pow] {
        let mut weak = proof.clone();
        weak.segments[0].stark.0.config = config;
        match verify(program, b"", b"", 42, &weak) {
            Err(VerifyError::InsufficientSecurity { bits, weakest }) => {
                assert!(
                    bits < 96.0 && weakest.ends_with("queries"),
                    "{bits} {weakest}"
                )
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(pocketvm_core::security_bits() >= 96);
}

#[test]
fn statement_must_match() {
    let (program, proof) = arithmetic_proof();
    // Another program (one instruction differs).
    let mut other: Vec<Instruction> = program.instructions().map(|(_, i)| *i).collect();
    other[4] = ins(Addi, 8, 7, 0, -1233);
    let other = self::program(&other);
    // Named as such, before anything else (issue 17): not as an unbalanced bus.
    let err = verify(&other, b"", b"", 42, proof).expect_err("another program");
    let (right, wrong) = (
        hex(&pocketvm_core::program_digest(program)),
        hex(&pocketvm_core::program_digest(&other)),
    );
    assert_eq!(
        err.to_string(),
        format!("proof is for program {right}, not {wrong}")
    );
    assert!(matches!(
        verify_claim(&other, b"", proof),
        Err(VerifyError::WrongProgram { .. })
    ));
    // The claim's digest only names the program: edited to match the other program, the
    // proof still fails, now in the STARK (the statement is built from the verifier's program).
    let mut relabelled = proof.clone();
    relabelled.claim.program_digest = pocketvm_core::program_digest(&other);
    let err = verify(&other, b"", b"", 42, &relabelled).expect_err("relabelled");
    assert!(!matches!(err, VerifyError::WrongProgram { .. }), "{err}");
    // And edited alone, it is a program mismatch against the right program too.
    assert!(matches!(
        verify(program, b"", b"", 42, &relabelled),
        Err(VerifyError::WrongProgram { .. })
    ));
    // Another public input.
    assert!(verify_claim(program, b"x", proof).is_err());
    // A claimed output the run did not write.
    let mut edited = proof.clone();
    edited.claim.output = b"hello".to_vec();
    assert!(verify(program, b"", b"hello", 42, &edited).is_err());
    // Another cycle count or shape.
    let mut edited = proof.clone();
    edited.claim.cycles += 1;
    assert!(verify(program, b"", b"", 42, &edited).is_err());
    let mut edited = proof.clone();
    edited.segments[0].components.swap(0, 1);
    assert!(verify(program, b"", b"", 42, &edited).is_err());
    let mut edited = proof.clone();
    edited.segments[0].claimed_sums.pop();
    assert!(matches!(
        verify(program, b"", b"", 42, &edited),
        Err(VerifyError::InvalidShape(_))
    ));
}

#[test]
fn verify_by_program_digest() {
    use pocketvm_core::{program_digest, verify_digest};
    let program = arithmetic();
    let options = ProveOptions {
        embed_program: true,
        ..ProveOptions::default()
    };
    let (_, proof) = prove(&program, Input::default(), &options, &mut |_, _| true)
        .unwrap_or_else(|e| panic!("{e}"));
    let digest = program_digest(&program);
    verify_digest(&digest, b"", b"", 42, &proof).unwrap_or_else(|e| panic!("{e}"));
    // Round trip through bytes keeps the embedded program.
    let decoded = Proof::from_bytes(&proof.to_bytes()).unwrap_or_else(|e| panic!("{e}"));
    verify_digest(&digest, b"", b"", 42, &decoded).unwrap_or_else(|e| panic!("{e}"));

    let mut other = digest;
    other[0] ^= 1;
    assert!(matches!(
        verify_digest(&other, b"", b"", 42, &proof),
        Err(VerifyError::WrongProgram { .. })
    ));
    // A program swapped inside the proof no longer has the digest.
    let mut swapped = proof.clone();
    if let Some(embedded) = swapped.program.as_mut() {
        embedded.segments[0].data[16] ^= 1;
    }
    assert!(matches!(
        verify_digest(&digest, b"", b"", 42, &swapped),
        Err(VerifyError::DigestMismatch { .. })
    ));
    let (_, plain) = arithmetic_proof();
    assert!(matches!(
        verify_digest(&digest, b"", b"", 42, plain),
        Err(VerifyError::NoEmbeddedProgram)
    ));
}

#[test]
fn progress_reports_every_phase_in_order_and_can_cancel() {
    use pocketvm_core::{Phase, ProveError};
    let program = arithmetic();
    let mut seen: Vec<(Phase, f32)> = Vec::new();
    prove(
        &program,
        Input::default(),
        &ProveOptions::default(),
        &mut |phase, fraction| {
            seen.push((phase, fraction));
            true
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let phases: Vec<Phase> = seen.iter().map(|s| s.0).collect();
    for phase in [
        Phase::Execute,
        Phase::Trace,
        Phase::Commit,
        Phase::Interaction,
        Phase::Prove,
    ] {
        assert!(phases.contains(&phase), "{phase:?} not reported");
    }
    assert!(
        seen.windows(2).all(|w| w[0].1 <= w[1].1),
        "fractions must not go back: {seen:?}"
    );
    assert_eq!(seen.last().map(|s| s.1), Some(1.0));

    for stop_at in [Phase::Execute, Phase::Commit, Phase::Prove] {
        let result = prove(
            &program,
            Input::default(),
            &ProveOptions::default(),
            &mut |phase, _| phase != stop_at,
        );
        assert!(
            matches!(result, Err(ProveError::Cancelled)),
            "cancel at {stop_at:?}"
        );
    }
}

/// A claim of 2^27 cycles or more is refused before any cryptography: every timestamp must stay
/// below 2^29 for the 29-bit access gap to order each memory chain (docs/prover.md, memory),
/// and the State bus ties the rows' clocks to the claimed cycle count.
#[test]
fn cycles_past_the_cap_are_rejected() {
    let (program, proof) = arithmetic_proof();
    for cycles in [1 << 27, u32::MAX] {
        let mut edited = proof.clone();
        edited.claim.cycles = cycles;
        match verify_claim(program, b"", &edited) {
            Err(VerifyError::InvalidShape(message)) => {
                assert!(message.contains("cycles"), "{message}")
            }
            other => panic!("{cycles} cycles: {other:?}"),
        }
    }
    // Just below the cap the shape passes, and the proof fails where it should: the claimed
    // count does not match the run.
    let mut edited = proof.clone();
    edited.claim.cycles = (1 << 27) - 1;
    assert!(!matches!(
        verify_claim(program, b"", &edited),
        Ok(_) | Err(VerifyError::InvalidShape(_))
    ));
}

fn hex(digest: &[u8; 32]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
