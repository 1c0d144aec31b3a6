//! A minimal assembler: a list of [`Instruction`]s at known addresses, encoded with
//! [`pocketvm_core::isa::encode`].

use pocketvm_core::isa::{encode, Instruction, Opcode};
use std::fmt::Write as _;

/// ABI register numbers used by the tests.
pub mod reg {
    /// Hard-wired zero.
    pub const ZERO: u8 = 0;
    /// Stack pointer.
    pub const SP: u8 = 2;
    /// Saved register s1.
    pub const S1: u8 = 9;
    /// First argument / return value.
    pub const A0: u8 = 10;
    /// Second argument.
    pub const A1: u8 = 11;
    /// Third argument.
    pub const A2: u8 = 12;
    /// System call number.
    pub const A7: u8 = 17;
    /// Saved register s2.
    pub const S2: u8 = 18;
    /// Temporary t5.
    pub const T5: u8 = 30;
    /// Temporary t6 (x31).
    pub const T6: u8 = 31;
}

/// The system call numbers of design.md §2.
pub mod sys {
    /// `exit(code)`.
    pub const EXIT: u32 = 93;
    /// `read(fd, buf, len)`.
    pub const READ: u32 = 63;
    /// `write(fd, buf, len)`.
    pub const WRITE: u32 = 64;
}

/// The LUI + ADDI pair that loads `value` into `rd` (always two instructions, so that code
/// layout does not depend on the value).
pub fn li(rd: u8, value: u32) -> [Instruction; 2] {
    let low = ((value << 20) as i32 >> 20) as u32;
    let high = value.wrapping_sub(low);
    [
        Instruction::new(Opcode::Lui, rd, 0, 0, high),
        Instruction::new(Opcode::Addi, rd, rd, 0, low),
    ]
}

/// Instructions laid out from a base address.
#[derive(Clone, Debug)]
pub struct Asm {
    base: u32,
    /// The instructions, one per word from `base`.
    pub code: Vec<Instruction>,
}

impl Asm {
    /// An empty program starting at `base`.
    pub fn new(base: u32) -> Asm {
        Asm {
            base,
            code: Vec::new(),
        }
    }

    /// The address the next instruction gets.
    pub fn pc(&self) -> u32 {
        self.base + 4 * self.code.len() as u32
    }

    /// Appends one instruction.
    pub fn push(&mut self, inst: Instruction) -> &mut Asm {
        self.code.push(inst);
        self
    }

    /// `li rd, value` as LUI + ADDI.
    pub fn li(&mut self, rd: u8, value: u32) -> &mut Asm {
        self.code.extend(li(rd, value));
        self
    }

    /// A register-register instruction.
    pub fn r(&mut self, op: Opcode, rd: u8, rs1: u8, rs2: u8) -> &mut Asm {
        self.push(Instruction::new(op, rd, rs1, rs2, 0))
    }

    /// A register-immediate instruction (ALU immediate, load or JALR).
    pub fn i(&mut self, op: Opcode, rd: u8, rs1: u8, imm: i32) -> &mut Asm {
        self.push(Instruction::new(op, rd, rs1, 0, imm as u32))
    }

    /// A store of `rs2` to `imm(rs1)`.
    pub fn store(&mut self, op: Opcode, rs2: u8, rs1: u8, imm: i32) -> &mut Asm {
        self.push(Instruction::new(op, 0, rs1, rs2, imm as u32))
    }

    /// A conditional branch by `offset` bytes.
    pub fn branch(&mut self, op: Opcode, rs1: u8, rs2: u8, offset: i32) -> &mut Asm {
        self.push(Instruction::new(op, 0, rs1, rs2, offset as u32))
    }

    /// `jal rd, offset`.
    pub fn jal(&mut self, rd: u8, offset: i32) -> &mut Asm {
        self.push(Instruction::new(Opcode::Jal, rd, 0, 0, offset as u32))
    }

    /// `mv rd, rs` (ADDI rd, rs, 0).
    pub fn mv(&mut self, rd: u8, rs: u8) -> &mut Asm {
        self.i(Opcode::Addi, rd, rs, 0)
    }

    /// A system call: `a7 = number`, then ECALL (the arguments must already be in place).
    pub fn ecall(&mut self, number: u32) -> &mut Asm {
        self.li(reg::A7, number);
        self.push(Instruction::new(Opcode::Ecall, 0, 0, 0, 0))
    }

    /// `write(fd, buf, len)` with constant arguments.
    pub fn write(&mut self, fd: u32, buf: u32, len: u32) -> &mut Asm {
        self.li(reg::A0, fd)
            .li(reg::A1, buf)
            .li(reg::A2, len)
            .ecall(sys::WRITE)
    }

    /// `exit(code)`.
    pub fn exit(&mut self, code: u32) -> &mut Asm {
        self.li(reg::A0, code).ecall(sys::EXIT)
    }

    /// The encoded instruction words.
    pub fn words(&self) -> Vec<u32> {
        self.code.iter().map(encode).collect()
    }

    /// A listing `index  address  word  instruction`, one line per instruction.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for (index, inst) in self.code.iter().enumerate() {
            let pc = self.base + 4 * index as u32;
            let _ = writeln!(out, "{index:5}  {pc:#010x}  {:08x}  {inst}", encode(inst));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn li_splits_like_the_assembler() {
        for value in [
            0,
            1,
            0x7ff,
            0x800,
            0xfff,
            0x1000,
            0x8000_0000,
            0xffff_ffff,
            0x1234_5678,
        ] {
            let [lui, addi] = li(5, value);
            assert_eq!(lui.imm & 0xfff, 0);
            assert_eq!(lui.imm.wrapping_add(addi.imm), value, "li {value:#x}");
            let low = addi.imm as i32;
            assert!((-2048..2048).contains(&low));
        }
    }
}
