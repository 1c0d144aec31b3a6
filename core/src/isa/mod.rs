//! The RV32IM instruction set as PocketVM executes and proves it.
//!
//! [`decode`] turns a 32-bit instruction word into an [`Instruction`]: an [`Opcode`] plus register
//! numbers and a sign-extended immediate. Every opcode belongs to exactly one [`Family`]; the
//! emulator counts rows per family, and the prover gives each family its own AIR component.
//! [`encode`] is the inverse of [`decode`], for building programs in tests and tools.

mod decode;
mod encode;
mod opcode;

pub use decode::{decode, DecodeError};
pub use encode::encode;
pub use opcode::{Family, Opcode};

/// One decoded RV32IM instruction.
///
/// Fields an opcode does not use are zero: `rd` for stores and branches, `rs2` for immediate
/// forms, `imm` for register-register forms. `imm` holds the sign-extended immediate as the
/// specification defines it for the instruction's format (for LUI/AUIPC the value already
/// shifted left by 12, for shifts by immediate the 5-bit shift amount).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instruction {
    /// What the instruction does.
    pub opcode: Opcode,
    /// Destination register (0..32).
    pub rd: u8,
    /// First source register (0..32).
    pub rs1: u8,
    /// Second source register (0..32).
    pub rs2: u8,
    /// Immediate, sign-extended to 32 bits and stored as its two's-complement bit pattern.
    pub imm: u32,
}

impl Instruction {
    /// An instruction with the given fields.
    pub const fn new(opcode: Opcode, rd: u8, rs1: u8, rs2: u8, imm: u32) -> Self {
        Self {
            opcode,
            rd,
            rs1,
            rs2,
            imm,
        }
    }

    /// The family (AIR component) this instruction belongs to.
    pub const fn family(&self) -> Family {
        self.opcode.family()
    }
}

impl core::fmt::Display for Instruction {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use Opcode::*;
        let (rd, rs1, rs2, imm) = (self.rd, self.rs1, self.rs2, self.imm as i32);
        let name = self.opcode.mnemonic();
        match self.opcode {
            Lui | Auipc => write!(f, "{name} x{rd}, {:#x}", self.imm >> 12),
            Jal => write!(f, "{name} x{rd}, {imm}"),
            Jalr | Lb | Lh | Lw | Lbu | Lhu => write!(f, "{name} x{rd}, {imm}(x{rs1})"),
            Beq | Bne | Blt | Bge | Bltu | Bgeu => write!(f, "{name} x{rs1}, x{rs2}, {imm}"),
            Sb | Sh | Sw => write!(f, "{name} x{rs2}, {imm}(x{rs1})"),
            Addi | Slti | Sltiu | Xori | Ori | Andi | Slli | Srli | Srai => {
                write!(f, "{name} x{rd}, x{rs1}, {imm}")
            }
            Fence | Ecall | Ebreak => write!(f, "{name}"),
            Invalid => write!(f, "invalid instruction word {:#010x}", self.imm),
            _ => write!(f, "{name} x{rd}, x{rs1}, x{rs2}"),
        }
    }
}

#[cfg(test)]
mod tests;
