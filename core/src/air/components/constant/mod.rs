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

use crate::air::bus::{Bus, SPACE_REG};
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{access, control, fill_access, hi, k, lo};
use crate::air::rom::TAG_CONST;
use crate::air::witness::{Lookups, StepWitness};
use stwo::core::fields::m31::BaseField;
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
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut E) {
        let c = Cols::read(|| eval.next_trace_mask());
        let fields = [c.rd.clone(), c.v_lo.clone(), c.v_hi.clone(), c.nx.clone()];
        control(
            eval,
            bus,
            &c.en,
            &c.pc,
            &c.clk,
            c.nx.clone(),
            TAG_CONST,
            &fields,
        );
        let ts = c.clk.clone() * BaseField::from(3u32) + k::<E::F>(2);
        access(
            eval,
            bus,
            &c.en,
            SPACE_REG,
            c.rd,
            [c.d_lo, c.d_hi],
            [c.v_lo, c.v_hi],
            c.d_ts,
            ts,
            c.d_dh,
        );
    }
}

/// One row per step.
pub(crate) fn fill(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let d = s.accesses[0];
            lookups.prog(s.pc);
            let d_dh = fill_access(lookups, &d);
            Cols {
                en: 1,
                pc: s.pc,
                clk: s.clk,
                rd: d.addr,
                v_lo: lo(d.value),
                v_hi: hi(d.value),
                nx: s.next_pc,
                d_lo: lo(d.prev_value),
                d_hi: hi(d.prev_value),
                d_ts: d.prev_ts,
                d_dh,
            }
            .to_vec()
        })
        .collect()
}
