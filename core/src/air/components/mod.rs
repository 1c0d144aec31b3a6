//! The component catalogue: every kind of component a proof can contain, how the verifier
//! builds its AIR from the statement, and (with `prover`) how the prover fills its rows.
//!
//! Trace generation runs in [`ComponentId::FILL_ORDER`] order: instruction components record
//! the table lookups and instruction fetches they make, then the Program, boundary and table
//! components turn those counts into multiplicities.

pub(crate) mod add_imm;
pub(crate) mod add_sub;
pub(crate) mod constant;
pub(crate) mod ecall_exit;
pub(crate) mod mem_region;
pub(crate) mod program;
pub(crate) mod reg_boundary;
pub(crate) mod tables;

use super::framework::DynAir;
use serde::{Deserialize, Serialize};

pub use mem_region::{Region, MAX_REGIONS};

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
}

impl ComponentId {
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
        }
    }

    /// The public parameters, mixed into the transcript.
    pub fn params(&self) -> [u32; 2] {
        match self {
            ComponentId::MemRegion(r) => [r.base, r.log_size],
            _ => [0, 0],
        }
    }

    /// The log size this kind must have, if it is fixed.
    pub fn fixed_log_size(&self) -> Option<u32> {
        match self {
            ComponentId::Rc16 | ComponentId::And8 => Some(tables::TABLE_LOG_SIZE),
            ComponentId::RegBoundary => Some(reg_boundary::LOG_SIZE),
            ComponentId::MemRegion(r) => Some(r.log_size),
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
        }
    }
}
