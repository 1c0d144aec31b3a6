//! The component catalogue: every kind of component a proof can contain, how the verifier
//! builds its AIR from the statement, and (with `prover`) how the prover fills its rows.
//!
//! Trace generation runs in [`ComponentId::FILL_ORDER`] order: instruction components record
//! the table lookups and instruction fetches they make, then the Program, boundary and table
//! components turn those counts into multiplicities.

pub(crate) mod add_imm;
pub(crate) mod add_sub;
pub(crate) mod bitwise;
pub(crate) mod branch;
pub(crate) mod constant;
pub(crate) mod div_rem;
pub(crate) mod ecall_exit;
pub(crate) mod ecall_read;
pub(crate) mod ecall_write;
pub(crate) mod io;
pub(crate) mod jalr;
pub(crate) mod load;
pub(crate) mod mem_region;
pub(crate) mod mul;
pub(crate) mod program;
pub(crate) mod reg_boundary;
pub(crate) mod set_less;
pub(crate) mod shift;
pub(crate) mod store;
pub(crate) mod tables;

use super::framework::DynAir;
use serde::{Deserialize, Serialize};

pub use bitwise::BitOp;
pub use branch::BranchOp;
pub use mem_region::{Region, MAX_REGIONS};
pub use set_less::LessOp;

/// A component instance: its kind and the public parameters that shape its AIR.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComponentId {
    /// The 16-bit range-check table.
    Rc16,
    /// The byte-AND table.
    And8,
    /// The program table (ROM).
    Program,
    /// Final values of the register cells.
    RegBoundary,
    /// Initial and final values of a region of RAM words.
    MemRegion(Region),
    /// ADD.
    Add,
    /// SUB.
    Sub,
    /// ADDI.
    AddImm,
    /// LUI, AUIPC, JAL, FENCE.
    Const,
    /// The exit system call.
    EcallExit,
    /// `read` from the public input (fd 0).
    EcallReadPublic,
    /// `read` from the private input (fd 3).
    EcallReadPrivate,
    /// `write` to the public output (fd 1) or the debug text (fd 2).
    EcallWrite,
    /// The words public-input reads fill, one row each.
    IoPublicIn,
    /// The words private-input reads fill, one row each.
    IoPrivateIn,
    /// The words public-output writes take, one row each.
    IoOutput,
    /// LW.
    Lw,
    /// LH.
    Lh,
    /// LHU.
    Lhu,
    /// LB.
    Lb,
    /// LBU.
    Lbu,
    /// SW.
    Sw,
    /// SH.
    Sh,
    /// SB.
    Sb,
    /// SLL.
    Sll,
    /// SRL.
    Srl,
    /// SRA.
    Sra,
    /// SLLI.
    Slli,
    /// SRLI.
    Srli,
    /// SRAI.
    Srai,
    /// The shift-configuration table (register shifts).
    ShiftCfg,
    /// AND, OR or XOR of two registers.
    Bitwise(BitOp),
    /// ANDI, ORI or XORI.
    BitwiseImm(BitOp),
    /// SLT, SLTU, SLTI or SLTIU.
    SetLess(LessOp),
    /// A conditional branch.
    Branch(BranchOp),
    /// JALR.
    Jalr,
    /// MUL.
    Mul,
    /// MULH.
    Mulh,
    /// MULHSU.
    Mulhsu,
    /// MULHU.
    Mulhu,
    /// DIV.
    Div,
    /// DIVU.
    Divu,
    /// REM.
    Rem,
    /// REMU.
    Remu,
}

impl ComponentId {
    /// The component whose row an instruction other than ECALL takes (`None` for EBREAK and
    /// invalid instructions, which never complete). Profilers use it to count rows, which,
    /// rather than cycles, are what proving costs.
    pub fn of_opcode(opcode: crate::isa::Opcode) -> Option<ComponentId> {
        use crate::isa::Opcode::*;
        Some(match opcode {
            Add => ComponentId::Add,
            Sub => ComponentId::Sub,
            Addi => ComponentId::AddImm,
            Lui | Auipc | Jal | Fence => ComponentId::Const,
            And => ComponentId::Bitwise(BitOp::And),
            Or => ComponentId::Bitwise(BitOp::Or),
            Xor => ComponentId::Bitwise(BitOp::Xor),
            Andi => ComponentId::BitwiseImm(BitOp::And),
            Ori => ComponentId::BitwiseImm(BitOp::Or),
            Xori => ComponentId::BitwiseImm(BitOp::Xor),
            Slt => ComponentId::SetLess(LessOp::Slt),
            Sltu => ComponentId::SetLess(LessOp::Sltu),
            Slti => ComponentId::SetLess(LessOp::Slti),
            Sltiu => ComponentId::SetLess(LessOp::Sltiu),
            Beq => ComponentId::Branch(BranchOp::Beq),
            Bne => ComponentId::Branch(BranchOp::Bne),
            Blt => ComponentId::Branch(BranchOp::Blt),
            Bge => ComponentId::Branch(BranchOp::Bge),
            Bltu => ComponentId::Branch(BranchOp::Bltu),
            Bgeu => ComponentId::Branch(BranchOp::Bgeu),
            Jalr => ComponentId::Jalr,
            Sll => ComponentId::Sll,
            Srl => ComponentId::Srl,
            Sra => ComponentId::Sra,
            Slli => ComponentId::Slli,
            Srli => ComponentId::Srli,
            Srai => ComponentId::Srai,
            Lw => ComponentId::Lw,
            Lh => ComponentId::Lh,
            Lhu => ComponentId::Lhu,
            Lb => ComponentId::Lb,
            Lbu => ComponentId::Lbu,
            Sw => ComponentId::Sw,
            Sh => ComponentId::Sh,
            Sb => ComponentId::Sb,
            Mul => ComponentId::Mul,
            Mulh => ComponentId::Mulh,
            Mulhsu => ComponentId::Mulhsu,
            Mulhu => ComponentId::Mulhu,
            Div => ComponentId::Div,
            Divu => ComponentId::Divu,
            Rem => ComponentId::Rem,
            Remu => ComponentId::Remu,
            Ecall | Ebreak | Invalid => return None,
        })
    }

    /// The rows a system call takes: its own row, and for `read` and public `write` one I/O
    /// row per memory word it moves.
    pub fn of_syscall(call: &crate::trace::Syscall, words: u32) -> [(ComponentId, u32); 2] {
        use crate::trace::Syscall;
        match *call {
            Syscall::Exit { .. } => [(ComponentId::EcallExit, 1), (ComponentId::IoOutput, 0)],
            Syscall::Read { fd: 0, .. } => [
                (ComponentId::EcallReadPublic, 1),
                (ComponentId::IoPublicIn, words),
            ],
            Syscall::Read { .. } => [
                (ComponentId::EcallReadPrivate, 1),
                (ComponentId::IoPrivateIn, words),
            ],
            Syscall::Write { fd, .. } => [
                (ComponentId::EcallWrite, 1),
                (ComponentId::IoOutput, if fd == 1 { words } else { 0 }),
            ],
        }
    }

    /// A stable number per kind, mixed into the transcript.
    pub fn kind(&self) -> u32 {
        match self {
            ComponentId::Rc16 => 1,
            ComponentId::And8 => 2,
            ComponentId::Program => 3,
            ComponentId::RegBoundary => 4,
            ComponentId::MemRegion(_) => 5,
            ComponentId::Add => 10,
            ComponentId::Sub => 11,
            ComponentId::AddImm => 12,
            ComponentId::Const => 13,
            ComponentId::EcallExit => 14,
            ComponentId::EcallReadPublic => 60,
            ComponentId::EcallReadPrivate => 61,
            ComponentId::EcallWrite => 62,
            ComponentId::IoPublicIn => 63,
            ComponentId::IoPrivateIn => 64,
            ComponentId::IoOutput => 65,
            ComponentId::Lw => 50,
            ComponentId::Lh => 51,
            ComponentId::Lhu => 52,
            ComponentId::Lb => 53,
            ComponentId::Lbu => 54,
            ComponentId::Sw => 55,
            ComponentId::Sh => 56,
            ComponentId::Sb => 57,
            ComponentId::Sll => 30,
            ComponentId::Srl => 31,
            ComponentId::Sra => 32,
            ComponentId::Slli => 33,
            ComponentId::Srli => 34,
            ComponentId::Srai => 35,
            ComponentId::ShiftCfg => 36,
            ComponentId::Bitwise(_) => 20,
            ComponentId::BitwiseImm(_) => 21,
            ComponentId::SetLess(_) => 22,
            ComponentId::Branch(_) => 23,
            ComponentId::Jalr => 24,
            ComponentId::Mul => 40,
            ComponentId::Mulh => 41,
            ComponentId::Mulhsu => 42,
            ComponentId::Mulhu => 43,
            ComponentId::Div => 44,
            ComponentId::Divu => 45,
            ComponentId::Rem => 46,
            ComponentId::Remu => 47,
        }
    }

    /// The public parameters, mixed into the transcript.
    pub fn params(&self) -> [u32; 2] {
        match self {
            ComponentId::MemRegion(r) => [r.base, r.log_size],
            // The instance's opcode, as its ROM tag.
            ComponentId::Bitwise(op) => [super::rom::tag(op.opcode()), 0],
            ComponentId::BitwiseImm(op) => [super::rom::tag(op.imm_opcode()), 0],
            ComponentId::SetLess(op) => [super::rom::tag(op.opcode()), 0],
            ComponentId::Branch(op) => [super::rom::tag(op.opcode()), 0],
            _ => [0, 0],
        }
    }

    /// Whether this kind belongs to the run as a whole rather than to its steps (tables, ROM,
    /// final register and memory values): such components appear once in the whole proof, in
    /// the parts of the last segment.
    pub fn is_boundary(&self) -> bool {
        matches!(
            self,
            ComponentId::Rc16
                | ComponentId::And8
                | ComponentId::Program
                | ComponentId::RegBoundary
                | ComponentId::MemRegion(_)
                | ComponentId::ShiftCfg
        )
    }

    /// The step components that prove `family`'s instructions (one per opcode or call kind;
    /// a run's rows of the family spread over them). I/O word rows are [`ComponentId::IO`].
    pub fn of_family(family: crate::isa::Family) -> &'static [ComponentId] {
        use crate::isa::Family as F;
        use ComponentId as C;
        match family {
            F::AddSub => &[C::Add, C::Sub],
            F::AddImm => &[C::AddImm],
            F::Bitwise => &[
                C::Bitwise(BitOp::And),
                C::Bitwise(BitOp::Or),
                C::Bitwise(BitOp::Xor),
            ],
            F::BitwiseImm => &[
                C::BitwiseImm(BitOp::And),
                C::BitwiseImm(BitOp::Or),
                C::BitwiseImm(BitOp::Xor),
            ],
            F::ShiftReg => &[C::Sll, C::Srl, C::Sra],
            F::ShiftImm => &[C::Slli, C::Srli, C::Srai],
            F::SetLess => &[C::SetLess(LessOp::Slt), C::SetLess(LessOp::Sltu)],
            F::SetLessImm => &[C::SetLess(LessOp::Slti), C::SetLess(LessOp::Sltiu)],
            F::BranchEq => &[C::Branch(BranchOp::Beq), C::Branch(BranchOp::Bne)],
            F::BranchCmp => &[
                C::Branch(BranchOp::Blt),
                C::Branch(BranchOp::Bge),
                C::Branch(BranchOp::Bltu),
                C::Branch(BranchOp::Bgeu),
            ],
            F::Const => &[C::Const],
            F::Jalr => &[C::Jalr],
            F::LoadWord => &[C::Lw],
            F::LoadSub => &[C::Lh, C::Lhu, C::Lb, C::Lbu],
            F::StoreWord => &[C::Sw],
            F::StoreSub => &[C::Sh, C::Sb],
            F::Mul => &[C::Mul],
            F::MulHigh => &[C::Mulh, C::Mulhsu, C::Mulhu],
            F::DivRem => &[C::Div, C::Divu, C::Rem, C::Remu],
            F::EcallExit => &[C::EcallExit],
            F::EcallRead => &[C::EcallReadPublic, C::EcallReadPrivate],
            F::EcallWrite => &[C::EcallWrite],
            F::Unprovable => &[],
        }
    }

    /// The components of the words `read` and `write` calls move (one row per word).
    pub const IO: [ComponentId; 3] = [
        ComponentId::IoPublicIn,
        ComponentId::IoPrivateIn,
        ComponentId::IoOutput,
    ];

    /// The log size this kind must have, if it is fixed.
    pub fn fixed_log_size(&self) -> Option<u32> {
        match self {
            ComponentId::Rc16 | ComponentId::And8 => Some(tables::TABLE_LOG_SIZE),
            ComponentId::RegBoundary => Some(reg_boundary::LOG_SIZE),
            ComponentId::MemRegion(r) => Some(r.log_size),
            ComponentId::ShiftCfg => Some(shift::table::LOG_SIZE),
            _ => None,
        }
    }

    /// The AIR of this instance for a statement with the given exit code.
    pub(crate) fn air(&self, exit_code: u32) -> Box<dyn DynAir> {
        match *self {
            ComponentId::Rc16 => Box::new(tables::Rc16),
            ComponentId::And8 => Box::new(tables::And8),
            ComponentId::Program => Box::new(program::ProgramAir),
            ComponentId::RegBoundary => Box::new(reg_boundary::RegBoundaryAir),
            ComponentId::MemRegion(_) => Box::new(mem_region::MemRegionAir),
            ComponentId::Add => Box::new(add_sub::AddSubAir { sub: false }),
            ComponentId::Sub => Box::new(add_sub::AddSubAir { sub: true }),
            ComponentId::AddImm => Box::new(add_imm::AddImmAir),
            ComponentId::Const => Box::new(constant::ConstAir),
            ComponentId::EcallExit => Box::new(ecall_exit::EcallExitAir { exit_code }),
            ComponentId::EcallReadPublic => Box::new(ecall_read::EcallReadAir { private: false }),
            ComponentId::EcallReadPrivate => Box::new(ecall_read::EcallReadAir { private: true }),
            ComponentId::EcallWrite => Box::new(ecall_write::EcallWriteAir),
            ComponentId::IoPublicIn => Box::new(io::IoAir {
                kind: io::IoKind::PublicIn,
            }),
            ComponentId::IoPrivateIn => Box::new(io::IoAir {
                kind: io::IoKind::PrivateIn,
            }),
            ComponentId::IoOutput => Box::new(io::IoAir {
                kind: io::IoKind::Output,
            }),
            ComponentId::Lw => Box::new(load::LoadWordAir),
            ComponentId::Lh => Box::new(load::LoadHalfAir { signed: true }),
            ComponentId::Lhu => Box::new(load::LoadHalfAir { signed: false }),
            ComponentId::Lb => Box::new(load::LoadByteAir { signed: true }),
            ComponentId::Lbu => Box::new(load::LoadByteAir { signed: false }),
            ComponentId::Sw => Box::new(store::StoreWordAir),
            ComponentId::Sh => Box::new(store::StoreHalfAir),
            ComponentId::Sb => Box::new(store::StoreByteAir),
            ComponentId::Sll => Box::new(shift::ShiftAir {
                op: shift::ShiftOp::Left,
                reg: true,
            }),
            ComponentId::Srl => Box::new(shift::ShiftAir {
                op: shift::ShiftOp::RightLogical,
                reg: true,
            }),
            ComponentId::Sra => Box::new(shift::ShiftAir {
                op: shift::ShiftOp::RightArithmetic,
                reg: true,
            }),
            ComponentId::Slli => Box::new(shift::ShiftAir {
                op: shift::ShiftOp::Left,
                reg: false,
            }),
            ComponentId::Srli => Box::new(shift::ShiftAir {
                op: shift::ShiftOp::RightLogical,
                reg: false,
            }),
            ComponentId::Srai => Box::new(shift::ShiftAir {
                op: shift::ShiftOp::RightArithmetic,
                reg: false,
            }),
            ComponentId::ShiftCfg => Box::new(shift::table::ShiftCfgTable),
            ComponentId::Bitwise(op) => Box::new(bitwise::BitwiseAir { op }),
            ComponentId::BitwiseImm(op) => Box::new(bitwise::BitwiseImmAir { op }),
            ComponentId::SetLess(op) => Box::new(set_less::SetLessAir { op }),
            ComponentId::Branch(op) => Box::new(branch::BranchAir { op }),
            ComponentId::Jalr => Box::new(jalr::JalrAir),
            ComponentId::Mul => Box::new(mul::MulAir {
                op: crate::isa::Opcode::Mul,
            }),
            ComponentId::Mulh => Box::new(mul::MulAir {
                op: crate::isa::Opcode::Mulh,
            }),
            ComponentId::Mulhsu => Box::new(mul::MulAir {
                op: crate::isa::Opcode::Mulhsu,
            }),
            ComponentId::Mulhu => Box::new(mul::MulAir {
                op: crate::isa::Opcode::Mulhu,
            }),
            ComponentId::Div => Box::new(div_rem::DivRemAir {
                op: crate::isa::Opcode::Div,
            }),
            ComponentId::Divu => Box::new(div_rem::DivRemAir {
                op: crate::isa::Opcode::Divu,
            }),
            ComponentId::Rem => Box::new(div_rem::DivRemAir {
                op: crate::isa::Opcode::Rem,
            }),
            ComponentId::Remu => Box::new(div_rem::DivRemAir {
                op: crate::isa::Opcode::Remu,
            }),
        }
    }
}
