//! **Const**: LUI, AUIPC, JAL and FENCE — every instruction whose written value and next pc
//! the verifier computes from the ELF alone.
//!
//! Row: CTRL, and the ROM fields rd', v.lo, v.hi, nx (the value written and the next pc), and
//! the write of rd. The ROM holds v canonical (verifier-computed 16-bit halves), so there is
//! nothing to check but the lookups. FENCE writes 0 to the sink register 32; JAL's nx is its
//! static target, or an odd marker no row consumes when the target is not a provable pc.
//!
//! What it proves: the instruction at pc is this one, rd receives its value and control moves
//! to its static next pc.

use crate::air::bus::Bus;
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{
    fill_instr, hi, instr_control, instr_row, instr_row_cells, lo, write_rd, Regs,
};
use crate::air::rom::TAG_CONST;
use crate::air::row::Row;
use crate::air::witness::{Lookups, StepWitness};
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// Const columns.
    pub(crate) struct Cols { en, pc, clk, rd, v_lo, v_hi, nx, d_lo, d_hi, d_ts, d_dh }
}

/// The Const component.
#[derive(Clone, Debug)]
pub(crate) struct ConstAir;

impl Air for ConstAir {
    fn name(&self) -> &'static str {
        "const"
    }
    fn columns(&self) -> &'static [&'static str] {
        Cols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = Cols::read(|| eval.next_trace_mask());
        let row = instr_row!(c, [rd]);
        let more = [c.v_lo.clone(), c.v_hi.clone(), c.nx.clone()];
        instr_control(eval, bus, &row, TAG_CONST, Some(c.nx.clone()), &more);
        write_rd(eval, bus, &row, [c.v_lo, c.v_hi]);
    }
}

/// One row per step.
pub(crate) fn fill(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let f = fill_instr(s, lookups, Regs::WRITE);
            let (v, nx) = (f.rd.access.value, s.next_pc);
            instr_row_cells!(
                Cols {
                    v_lo: lo(v),
                    v_hi: hi(v),
                    nx
                },
                f,
                [rd]
            )
            .to_vec()
        })
        .collect()
}
