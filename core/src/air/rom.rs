//! The program table (ROM): what each instruction word of the ELF becomes in the AIR.
//!
//! The prover's Program component and the verifier both derive ROM entries from the decoded
//! ELF with [`rom_entry`], so there is exactly one definition. An entry is a component tag
//! (which instruction component may execute it) and eight fields whose meaning depends on the
//! tag. Words that are not provable RV32IM (invalid words, EBREAK) get no entry: executing
//! them cannot be proven.

use crate::isa::{Instruction, Opcode};
use crate::program::{Program, PC_LIMIT};
use stwo::core::fields::m31::BaseField;

/// The `pc` that only `exit` yields: odd, so no instruction lives there.
pub const HALT_PC: u32 = 1;
/// The next-pc of a jump or branch whose target is not a 4-aligned address below
/// [`PC_LIMIT`]: odd, so no row ever consumes it and such a step cannot be proven.
pub const INVALID_PC: u32 = 3;
pub use super::cells::SINK_REG;

/// One ROM entry: the executing component's tag and eight fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RomEntry {
    /// Address of the instruction.
    pub pc: u32,
    /// Which component executes it ([`tag`]).
    pub tag: u32,
    /// Tag-specific fields, as field elements.
    pub fields: [BaseField; 8],
}

/// The component tag of an instruction: one per opcode, except that LUI, AUIPC, JAL and FENCE
/// share [`TAG_CONST`] (their result and next pc are static).
pub fn tag(opcode: Opcode) -> u32 {
    match opcode {
        Opcode::Lui | Opcode::Auipc | Opcode::Jal | Opcode::Fence => TAG_CONST,
        op => op as u32 + 1,
    }
}

/// Tag of the Const component.
pub const TAG_CONST: u32 = 100;

fn f(x: u32) -> BaseField {
    BaseField::from(x)
}

fn signed(x: u32) -> BaseField {
    BaseField::from(x as i32)
}

/// The static target of a jump or branch at `pc` with offset `imm`, or [`INVALID_PC`].
pub fn static_target(pc: u32, imm: u32) -> u32 {
    let target = pc.wrapping_add(imm);
    if target % 4 == 0 && target < PC_LIMIT {
        target
    } else {
        INVALID_PC
    }
}

/// The ROM entry of the instruction at `pc`, if it is provable.
///
/// Field layouts (unused fields are 0; `rd'` is rd, or [`SINK_REG`] for x0; `imm` is the
/// sign-extended immediate as a field element, negative values included):
/// - register-register ops (ADD … AND, MUL … REMU): `[rd', rs1, rs2]`;
/// - ADDI and loads: `[rd', rs1, imm]`;
/// - SLTI, SLTIU: `[rd', rs1, lo16, hi16]`, the 16-bit halves of sext(imm);
/// - XORI, ORI, ANDI: `[rd', rs1, b0, b1, s]`: the two low bytes of sext(imm) and its sign
///   (the high half is 0xFFFF·s);
/// - JALR: `[rd', rs1, imm, link.lo, link.hi]` with link = pc + 4;
/// - shifts by immediate: `[rd', rs1, mask, p0, p1, p2, p3]`, the shift configuration of
///   shamt (`shift_config::config`: an AND mask and the multiplier at the byte offset);
/// - stores: `[rs1, rs2, imm]`;
/// - branches: `[rs1, rs2, target]` with the static target or [`INVALID_PC`];
/// - Const (LUI, AUIPC, JAL, FENCE): `[rd', v.lo, v.hi, next_pc]`, v the value written;
/// - ECALL: no fields.
pub fn rom_entry(pc: u32, inst: &Instruction) -> Option<RomEntry> {
    use Opcode::*;
    let rd = if inst.rd == 0 {
        SINK_REG
    } else {
        u32::from(inst.rd)
    };
    let (rs1, rs2, imm) = (u32::from(inst.rs1), u32::from(inst.rs2), inst.imm);
    let mut fields = [f(0); 8];
    let mut set = |values: &[BaseField]| fields[..values.len()].copy_from_slice(values);
    match inst.opcode {
        Invalid | Ebreak => return None,
        Add | Sub | Sll | Slt | Sltu | Xor | Srl | Sra | Or | And | Mul | Mulh | Mulhsu | Mulhu
        | Div | Divu | Rem | Remu => set(&[f(rd), f(rs1), f(rs2)]),
        Addi | Lb | Lh | Lw | Lbu | Lhu => set(&[f(rd), f(rs1), signed(imm)]),
        Slti | Sltiu => set(&[f(rd), f(rs1), f(imm & 0xffff), f(imm >> 16)]),
        Xori | Ori | Andi => {
            set(&[
                f(rd),
                f(rs1),
                f(imm & 0xff),
                f((imm >> 8) & 0xff),
                f(imm >> 31),
            ]);
        }
        Jalr => {
            let link = pc.wrapping_add(4);
            set(&[f(rd), f(rs1), signed(imm), f(link & 0xffff), f(link >> 16)]);
        }
        Slli | Srli | Srai => {
            let cfg = crate::air::shift_config::config(inst.opcode != Slli, imm & 31);
            let [p0, p1, p2, p3] = cfg.p.map(f);
            set(&[f(rd), f(rs1), f(cfg.mask), p0, p1, p2, p3]);
        }
        Sb | Sh | Sw => set(&[f(rs1), f(rs2), signed(imm)]),
        Beq | Bne | Blt | Bge | Bltu | Bgeu => set(&[f(rs1), f(rs2), f(static_target(pc, imm))]),
        Lui | Auipc | Jal | Fence => {
            let (value, next) = match inst.opcode {
                Lui => (imm, pc.wrapping_add(4)),
                Auipc => (pc.wrapping_add(imm), pc.wrapping_add(4)),
                Jal => (pc.wrapping_add(4), static_target(pc, imm)),
                _ => (0, pc.wrapping_add(4)),
            };
            let rd = if inst.opcode == Fence { SINK_REG } else { rd };
            set(&[f(rd), f(value & 0xffff), f(value >> 16), f(next)]);
        }
        Ecall => {}
    }
    Some(RomEntry {
        pc,
        tag: tag(inst.opcode),
        fields,
    })
}

/// Every ROM entry of a program, in address order.
pub fn rom(program: &Program) -> Vec<RomEntry> {
    program
        .instructions()
        .filter_map(|(pc, inst)| rom_entry(pc, inst))
        .collect()
}
