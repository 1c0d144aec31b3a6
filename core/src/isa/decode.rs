//! Instruction decoding, from the base formats of the RISC-V unprivileged specification
//! (R, I, S, B, U, J) for RV32I and the M extension.

use super::{Instruction, Opcode};

/// Why a 32-bit word is not an RV32IM instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The two low bits are not `11`: a 16-bit compressed instruction (RVC is not supported).
    #[error(
        "compressed (16-bit) instruction {0:#06x}; PocketVM runs RV32IM without the C extension"
    )]
    Compressed(u16),
    /// The major opcode, funct3 or funct7 combination is not in RV32IM (CSR instructions,
    /// FENCE.I, atomics and floating point land here too).
    #[error("{0:#010x} is not an RV32IM instruction")]
    Unsupported(u32),
}

#[inline]
const fn rd(word: u32) -> u8 {
    ((word >> 7) & 0x1f) as u8
}
#[inline]
const fn rs1(word: u32) -> u8 {
    ((word >> 15) & 0x1f) as u8
}
#[inline]
const fn rs2(word: u32) -> u8 {
    ((word >> 20) & 0x1f) as u8
}
#[inline]
const fn funct3(word: u32) -> u32 {
    (word >> 12) & 0x7
}
#[inline]
const fn funct7(word: u32) -> u32 {
    word >> 25
}
/// I-type immediate: bits 31:20, sign-extended.
#[inline]
const fn imm_i(word: u32) -> u32 {
    ((word as i32) >> 20) as u32
}
/// S-type immediate: bits 31:25 and 11:7, sign-extended.
#[inline]
const fn imm_s(word: u32) -> u32 {
    ((((word as i32) >> 25) << 5) as u32) | ((word >> 7) & 0x1f)
}
/// B-type immediate: imm[12|10:5] in bits 31:25, imm[4:1|11] in bits 11:7; always even.
#[inline]
const fn imm_b(word: u32) -> u32 {
    let sign = (((word as i32) >> 31) as u32) << 12;
    sign | ((word & 0x80) << 4) | ((word >> 20) & 0x7e0) | ((word >> 7) & 0x1e)
}
/// U-type immediate: bits 31:12 in place.
#[inline]
const fn imm_u(word: u32) -> u32 {
    word & 0xffff_f000
}
/// J-type immediate: imm[20|10:1|11|19:12] in bits 31:12; always even.
#[inline]
const fn imm_j(word: u32) -> u32 {
    let sign = (((word as i32) >> 31) as u32) << 20;
    sign | (word & 0x000f_f000) | ((word >> 9) & 0x800) | ((word >> 20) & 0x7fe)
}

/// Decodes one 32-bit instruction word.
pub fn decode(word: u32) -> Result<Instruction, DecodeError> {
    use Opcode::*;
    if word & 0b11 != 0b11 {
        return Err(DecodeError::Compressed(word as u16));
    }
    let unsupported = Err(DecodeError::Unsupported(word));
    let (f3, f7) = (funct3(word), funct7(word));
    let r = |op| Ok(Instruction::new(op, rd(word), rs1(word), rs2(word), 0));
    let i = |op| Ok(Instruction::new(op, rd(word), rs1(word), 0, imm_i(word)));
    match word & 0x7f {
        0x37 => Ok(Instruction::new(Lui, rd(word), 0, 0, imm_u(word))),
        0x17 => Ok(Instruction::new(Auipc, rd(word), 0, 0, imm_u(word))),
        0x6f => Ok(Instruction::new(Jal, rd(word), 0, 0, imm_j(word))),
        0x67 if f3 == 0 => i(Jalr),
        0x63 => {
            let op = match f3 {
                0 => Beq,
                1 => Bne,
                4 => Blt,
                5 => Bge,
                6 => Bltu,
                7 => Bgeu,
                _ => return unsupported,
            };
            Ok(Instruction::new(op, 0, rs1(word), rs2(word), imm_b(word)))
        }
        0x03 => match f3 {
            0 => i(Lb),
            1 => i(Lh),
            2 => i(Lw),
            4 => i(Lbu),
            5 => i(Lhu),
            _ => unsupported,
        },
        0x23 => {
            let op = match f3 {
                0 => Sb,
                1 => Sh,
                2 => Sw,
                _ => return unsupported,
            };
            Ok(Instruction::new(op, 0, rs1(word), rs2(word), imm_s(word)))
        }
        0x13 => match (f3, f7) {
            (0, _) => i(Addi),
            (2, _) => i(Slti),
            (3, _) => i(Sltiu),
            (4, _) => i(Xori),
            (6, _) => i(Ori),
            (7, _) => i(Andi),
            // On RV32 a shift amount with bit 5 set (bit 25 of the word) is reserved.
            (1, 0x00) => Ok(Instruction::new(
                Slli,
                rd(word),
                rs1(word),
                0,
                rs2(word) as u32,
            )),
            (5, 0x00) => Ok(Instruction::new(
                Srli,
                rd(word),
                rs1(word),
                0,
                rs2(word) as u32,
            )),
            (5, 0x20) => Ok(Instruction::new(
                Srai,
                rd(word),
                rs1(word),
                0,
                rs2(word) as u32,
            )),
            _ => unsupported,
        },
        0x33 => match (f7, f3) {
            (0x00, 0) => r(Add),
            (0x20, 0) => r(Sub),
            (0x00, 1) => r(Sll),
            (0x00, 2) => r(Slt),
            (0x00, 3) => r(Sltu),
            (0x00, 4) => r(Xor),
            (0x00, 5) => r(Srl),
            (0x20, 5) => r(Sra),
            (0x00, 6) => r(Or),
            (0x00, 7) => r(And),
            (0x01, 0) => r(Mul),
            (0x01, 1) => r(Mulh),
            (0x01, 2) => r(Mulhsu),
            (0x01, 3) => r(Mulhu),
            (0x01, 4) => r(Div),
            (0x01, 5) => r(Divu),
            (0x01, 6) => r(Rem),
            (0x01, 7) => r(Remu),
            _ => unsupported,
        },
        // FENCE (including FENCE.TSO and PAUSE): ordering hints, a no-op on one hart.
        0x0f if f3 == 0 => Ok(Instruction::new(Fence, 0, 0, 0, 0)),
        0x73 => match word {
            0x0000_0073 => Ok(Instruction::new(Ecall, 0, 0, 0, 0)),
            0x0010_0073 => Ok(Instruction::new(Ebreak, 0, 0, 0, 0)),
            _ => unsupported,
        },
        _ => unsupported,
    }
}
