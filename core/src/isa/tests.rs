//! Decoder tests: words assembled by hand from the RISC-V specification's encoding tables,
//! round trips through [`encode`], and words that must be refused.

use super::*;
use Opcode::*;

fn ins(opcode: Opcode, rd: u8, rs1: u8, rs2: u8, imm: i32) -> Instruction {
    Instruction::new(opcode, rd, rs1, rs2, imm as u32)
}

/// (word, expected) pairs; the words were assembled by hand from the format diagrams.
#[test]
fn decodes_hand_assembled_words() {
    let cases = [
        (0x00b5_0533, ins(Add, 10, 10, 11, 0)),     // add a0, a0, a1
        (0x40b5_0533, ins(Sub, 10, 10, 11, 0)),     // sub a0, a0, a1
        (0x00b5_1533, ins(Sll, 10, 10, 11, 0)),     // sll
        (0x00b5_2533, ins(Slt, 10, 10, 11, 0)),     // slt
        (0x00b5_3533, ins(Sltu, 10, 10, 11, 0)),    // sltu
        (0x00b5_4533, ins(Xor, 10, 10, 11, 0)),     // xor
        (0x00b5_5533, ins(Srl, 10, 10, 11, 0)),     // srl
        (0x40b5_5533, ins(Sra, 10, 10, 11, 0)),     // sra
        (0x00b5_6533, ins(Or, 10, 10, 11, 0)),      // or
        (0x00b5_7533, ins(And, 10, 10, 11, 0)),     // and
        (0x02b5_0533, ins(Mul, 10, 10, 11, 0)),     // mul
        (0x02b5_1533, ins(Mulh, 10, 10, 11, 0)),    // mulh
        (0x02b5_2533, ins(Mulhsu, 10, 10, 11, 0)),  // mulhsu
        (0x02b5_3533, ins(Mulhu, 10, 10, 11, 0)),   // mulhu
        (0x02b5_4533, ins(Div, 10, 10, 11, 0)),     // div
        (0x02b5_5533, ins(Divu, 10, 10, 11, 0)),    // divu
        (0x02b5_6533, ins(Rem, 10, 10, 11, 0)),     // rem
        (0x02b5_7533, ins(Remu, 10, 10, 11, 0)),    // remu
        (0xfff5_0513, ins(Addi, 10, 10, 0, -1)),    // addi a0, a0, -1
        (0x8005_0513, ins(Addi, 10, 10, 0, -2048)), // addi a0, a0, -2048
        (0x7ff5_2513, ins(Slti, 10, 10, 0, 2047)),  // slti a0, a0, 2047
        (0xfff5_3513, ins(Sltiu, 10, 10, 0, -1)),   // sltiu a0, a0, -1 (compares with 0xffffffff)
        (0x0ff5_4513, ins(Xori, 10, 10, 0, 255)),   // xori
        (0x0015_6513, ins(Ori, 10, 10, 0, 1)),      // ori
        (0xf005_7513, ins(Andi, 10, 10, 0, -256)),  // andi
        (0x01f5_1513, ins(Slli, 10, 10, 0, 31)),    // slli a0, a0, 31
        (0x0015_5513, ins(Srli, 10, 10, 0, 1)),     // srli a0, a0, 1
        (0x41f5_5513, ins(Srai, 10, 10, 0, 31)),    // srai a0, a0, 31
        (0x1234_5537, ins(Lui, 10, 0, 0, 0x1234_5000)), // lui a0, 0x12345
        (0xfffff517, ins(Auipc, 10, 0, 0, -4096)),  // auipc a0, 0xfffff
        (0x0080_00ef, ins(Jal, 1, 0, 0, 8)),        // jal ra, +8
        (0xfffff06f, ins(Jal, 0, 0, 0, -2)), // jal x0, -2 (odd target is the emulator's problem)
        (0x8000_006f, ins(Jal, 0, 0, 0, -(1 << 20))), // jal x0, -1 MiB
        (0x0000_8067, ins(Jalr, 0, 1, 0, 0)), // ret
        (0xffc5_0567, ins(Jalr, 10, 10, 0, -4)), // jalr a0, -4(a0)
        (0x00b5_0463, ins(Beq, 0, 10, 11, 8)), // beq a0, a1, +8
        (0xfeb5_1ee3, ins(Bne, 0, 10, 11, -4)), // bne a0, a1, -4
        (0x00b5_4463, ins(Blt, 0, 10, 11, 8)), // blt
        (0x00b5_5463, ins(Bge, 0, 10, 11, 8)), // bge
        (0x00b5_6463, ins(Bltu, 0, 10, 11, 8)), // bltu
        (0x80b5_7063, ins(Bgeu, 0, 10, 11, -4096)), // bgeu a0, a1, -4096
        (0x7eb5_7fe3, ins(Bgeu, 0, 10, 11, 4094)), // bgeu a0, a1, +4094
        (0xffc5_0503, ins(Lb, 10, 10, 0, -4)), // lb a0, -4(a0)
        (0x0045_1503, ins(Lh, 10, 10, 0, 4)), // lh
        (0x0045_2503, ins(Lw, 10, 10, 0, 4)), // lw
        (0x0045_4503, ins(Lbu, 10, 10, 0, 4)), // lbu
        (0x0045_5503, ins(Lhu, 10, 10, 0, 4)), // lhu
        (0xfeb5_0e23, ins(Sb, 0, 10, 11, -4)), // sb a1, -4(a0)
        (0x00b5_1223, ins(Sh, 0, 10, 11, 4)), // sh a1, 4(a0)
        (0x7eb5_2fa3, ins(Sw, 0, 10, 11, 2047)), // sw a1, 2047(a0)
        (0x0ff0_000f, ins(Fence, 0, 0, 0, 0)), // fence iorw, iorw
        (0x8330_000f, ins(Fence, 0, 0, 0, 0)), // fence.tso
        (0x0000_0073, ins(Ecall, 0, 0, 0, 0)),
        (0x0010_0073, ins(Ebreak, 0, 0, 0, 0)),
    ];
    for (word, expected) in cases {
        assert_eq!(decode(word), Ok(expected), "word {word:#010x}");
        if expected.opcode != Fence {
            assert_eq!(encode(&expected), word, "encode {expected}");
        }
    }
}

#[test]
fn refuses_words_outside_rv32im() {
    let refused = [
        0xffff_ffff,               // all ones
        0x0000_100f,               // fence.i (Zifencei)
        0x3400_2573,               // csrr a0, mscratch (Zicsr)
        0x3020_0073,               // mret
        0x1050_0073,               // wfi
        0x0200_1513,               // slli a0, a0, 32: shamt[5] is reserved on RV32
        0x4200_5513,               // srai with shamt[5]
        0x2005_5513,               // srli with a bad funct7
        0x00b5_2533 | 0x4000_0000, // slt with funct7 0x20
        0x00b5_0533 | 0x0400_0000, // add with funct7 0x02
        0x0000_1067,               // jalr with funct3 = 1
        0x00b5_2463,               // branch funct3 = 2
        0x00b5_3463,               // branch funct3 = 3
        0x0045_3503,               // ld (RV64)
        0x0045_6503,               // lwu-like funct3 6
        0x00b5_3223,               // sd (RV64)
        0x1005_252f,               // lr.w (A extension)
        0x0005_2507,               // flw (F extension)
        0x0000_001b,               // addiw (RV64)
    ];
    for word in refused {
        assert_eq!(
            decode(word),
            Err(DecodeError::Unsupported(word)),
            "word {word:#010x}"
        );
    }
    assert_eq!(decode(0), Err(DecodeError::Compressed(0))); // all zeros: the defined illegal word
    assert_eq!(decode(0x4501), Err(DecodeError::Compressed(0x4501))); // c.li a0, 0
    assert_eq!(decode(0x0000_8082), Err(DecodeError::Compressed(0x8082))); // c.ret
}

/// Every word that decodes re-encodes to a word that decodes to the same instruction, over a
/// deterministic sample of the whole 32-bit space.
#[test]
fn decode_encode_round_trip() {
    let mut x: u32 = 0x9e37_79b9;
    let mut decoded = 0;
    for _ in 0..400_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        // Force the low bits to 11 half the time so most samples reach the 32-bit decoder.
        let word = if x & 1 == 0 { x | 3 } else { x };
        if let Ok(inst) = decode(word) {
            decoded += 1;
            assert_eq!(
                decode(encode(&inst)),
                Ok(inst),
                "word {word:#010x} -> {inst}"
            );
        }
    }
    assert!(decoded > 10_000, "sample too thin: {decoded}");
}

#[test]
fn immediates_sign_extend_at_field_edges() {
    let cases = [(2047, 2047), (-2048, -2048), (-1, -1), (0, 0)];
    for (imm, expected) in cases {
        let inst = ins(Addi, 1, 2, 0, imm);
        assert_eq!(decode(encode(&inst)).map(|i| i.imm as i32), Ok(expected));
        let store = ins(Sw, 0, 2, 3, imm);
        assert_eq!(decode(encode(&store)).map(|i| i.imm as i32), Ok(expected));
    }
    for offset in [-4096, -2, 2, 4094] {
        let inst = ins(Beq, 0, 1, 2, offset);
        assert_eq!(decode(encode(&inst)).map(|i| i.imm as i32), Ok(offset));
    }
    for offset in [-(1 << 20), -2, 2, (1 << 20) - 2] {
        let inst = ins(Jal, 1, 0, 0, offset);
        assert_eq!(decode(encode(&inst)).map(|i| i.imm as i32), Ok(offset));
    }
}

#[test]
fn every_opcode_has_a_family_and_a_name() {
    for family in Family::ALL {
        assert!(!family.name().is_empty());
    }
    assert_eq!(Family::ALL.len(), Family::COUNT);
    assert_eq!(Lw.family(), Family::LoadWord);
    assert_eq!(Lui.family(), Family::Const);
    assert_eq!(Invalid.family(), Family::Unprovable);
    assert_eq!(format!("{}", ins(Sw, 0, 2, 8, -4)), "sw x8, -4(x2)");
}
