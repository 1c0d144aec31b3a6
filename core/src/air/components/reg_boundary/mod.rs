//! **RegBoundary**: closes every register's access chain.
//!
//! 64 rows, one per register cell r (x0..x31, the sink 32 that writes to x0 go to, and unused
//! cells), r from the fixed column `seq_6`. Row: f.lo, f.hi, tf; it uses Mem(REG, r, f, tf).
//! The verifier yields each cell's initial tuple Mem(REG, r, init, 0) (all zero but sp), so
//! each register has exactly one chain from its initial value to its final one, and x0, never
//! written, reads zero throughout.

use crate::air::bus::{use_tuple, Bus, Rel, SPACE_REG};
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{hi, k, lo};
use crate::air::preprocessed::SEQ_6;
use crate::air::row::Row;
use crate::air::witness::FinalCell;
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// RegBoundary columns.
    pub(crate) struct Cols { lo, hi, ts }
}

/// Log size: one row per register cell.
pub(crate) const LOG_SIZE: u32 = 6;

/// The register boundary component.
#[derive(Clone, Debug)]
pub(crate) struct RegBoundaryAir;

impl Air for RegBoundaryAir {
    fn name(&self) -> &'static str {
        "reg_boundary"
    }
    fn columns(&self) -> &'static [&'static str] {
        Cols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let r = eval.get_preprocessed_column(SEQ_6.id());
        let c = Cols::read(|| eval.next_trace_mask());
        use_tuple(
            eval,
            bus,
            Rel::Mem,
            k(1),
            &[k(SPACE_REG), r, c.lo, c.hi, c.ts],
        );
    }
}

/// One row per register cell: its final value and timestamp.
pub(crate) fn fill(registers: &[FinalCell]) -> Vec<Vec<u32>> {
    registers
        .iter()
        .map(|c| vec![lo(c.value), hi(c.value), c.ts])
        .collect()
}
