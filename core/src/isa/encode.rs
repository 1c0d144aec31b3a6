//! Instruction encoding, the inverse of [`super::decode`]: used to build test programs and by
//! anything that needs to emit RV32IM code.

use super::{Instruction, Opcode};

/// Encodes `inst` as a 32-bit instruction word. `decode(encode(i)) == i` holds for every
/// instruction `decode` can produce. Register numbers are taken modulo 32 and immediates are
/// truncated to the width of their field, so out-of-range fields do not panic.
pub fn encode(inst: &Instruction) -> u32 {
    use Opcode::*;
    let (rd, rs1, rs2) = (
        u32::from(inst.rd & 31),
        u32::from(inst.rs1 & 31),
        u32::from(inst.rs2 & 31),
    );
    let imm = inst.imm;
    let r = |f7: u32, f3: u32| f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x33;
    let i = |f3: u32, op: u32| (imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
    let shift =
        |f7: u32, f3: u32| f7 << 25 | (imm & 31) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x13;
    let s = |f3: u32| {
        (imm >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 0x1f) << 7 | 0x23
    };
    let b = |f3: u32| {
        (imm >> 12 & 1) << 31
            | (imm >> 5 & 0x3f) << 25
            | rs2 << 20
            | rs1 << 15
            | f3 << 12
            | (imm >> 1 & 0xf) << 8
            | (imm >> 11 & 1) << 7
            | 0x63
    };
    match inst.opcode {
        Add => r(0, 0),
        Sub => r(0x20, 0),
        Sll => r(0, 1),
        Slt => r(0, 2),
        Sltu => r(0, 3),
        Xor => r(0, 4),
        Srl => r(0, 5),
        Sra => r(0x20, 5),
        Or => r(0, 6),
        And => r(0, 7),
        Mul => r(1, 0),
        Mulh => r(1, 1),
        Mulhsu => r(1, 2),
        Mulhu => r(1, 3),
        Div => r(1, 4),
        Divu => r(1, 5),
        Rem => r(1, 6),
        Remu => r(1, 7),
        Addi => i(0, 0x13),
        Slti => i(2, 0x13),
        Sltiu => i(3, 0x13),
        Xori => i(4, 0x13),
        Ori => i(6, 0x13),
        Andi => i(7, 0x13),
        Slli => shift(0, 1),
        Srli => shift(0, 5),
        Srai => shift(0x20, 5),
        Lb => i(0, 0x03),
        Lh => i(1, 0x03),
        Lw => i(2, 0x03),
        Lbu => i(4, 0x03),
        Lhu => i(5, 0x03),
        Jalr => i(0, 0x67),
        Sb => s(0),
        Sh => s(1),
        Sw => s(2),
        Beq => b(0),
        Bne => b(1),
        Blt => b(4),
        Bge => b(5),
        Bltu => b(6),
        Bgeu => b(7),
        Lui => (imm & 0xffff_f000) | rd << 7 | 0x37,
        Auipc => (imm & 0xffff_f000) | rd << 7 | 0x17,
        Jal => {
            (imm >> 20 & 1) << 31
                | (imm >> 1 & 0x3ff) << 21
                | (imm >> 11 & 1) << 20
                | (imm >> 12 & 0xff) << 12
                | rd << 7
                | 0x6f
        }
        Fence => 0x0ff0_000f,
        Ecall => 0x0000_0073,
        Ebreak => 0x0010_0073,
        Invalid => imm,
    }
}
