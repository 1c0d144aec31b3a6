//! **AddSub**: ADD and SUB (one instance each).
//!
//! Row: CTRL (en, pc, clk), rd, rs1, rs2, the reads of rs1 = a and rs2 = b, the result c and
//! the write of rd (old value d). ADD proves a + b = c (mod 2^32) limb by limb with the carries
//! k0 = (a.lo + b.lo − c.lo)/2^16 and k1 = (a.hi + b.hi + k0 − c.hi)/2^16, each constrained
//! boolean; SUB proves b + c = a the same way. Rc16(c.lo), Rc16(c.hi) make c canonical, which
//! makes each carry unique. Reads and the write are offline-memory-checking accesses.
//!
//! What it proves: the instruction at pc is this ADD/SUB, and rd receives rs1 ± rs2.

use crate::air::bus::Bus;
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{
    fill_instr, hi, instr_control, instr_row, instr_row_cells, k, lo, rc16, register_accesses, Regs,
};
use crate::air::rom::tag;
use crate::air::row::Row;
use crate::air::witness::{Lookups, StepWitness};
use crate::isa::Opcode;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// AddSub columns.
    pub(crate) struct Cols {
        en, pc, clk, rd, rs1, rs2,
        a_lo, a_hi, a_ts, a_dh,
        b_lo, b_hi, b_ts, b_dh,
        c_lo, c_hi,
        d_lo, d_hi, d_ts, d_dh,
    }
}

/// ADD (`sub = false`) or SUB (`sub = true`).
#[derive(Clone, Debug)]
pub(crate) struct AddSubAir {
    pub sub: bool,
}

impl AddSubAir {
    fn opcode(&self) -> Opcode {
        if self.sub {
            Opcode::Sub
        } else {
            Opcode::Add
        }
    }
}

impl Air for AddSubAir {
    fn name(&self) -> &'static str {
        if self.sub {
            "sub"
        } else {
            "add"
        }
    }
    fn columns(&self) -> &'static [&'static str] {
        Cols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = Cols::read(|| eval.next_trace_mask());
        let row = instr_row!(c, [rs1, rs2, rd]);
        instr_control(eval, bus, &row, tag(self.opcode()), None, &[]);

        // x + y = z limb-wise: ADD (a, b, c), SUB (b, c, a).
        let (x, y, z) = if self.sub {
            ([&c.b_lo, &c.b_hi], [&c.c_lo, &c.c_hi], [&c.a_lo, &c.a_hi])
        } else {
            ([&c.a_lo, &c.a_hi], [&c.b_lo, &c.b_hi], [&c.c_lo, &c.c_hi])
        };
        let inv = BaseField::from(1u32 << 16).inverse();
        let k0 = (x[0].clone() + y[0].clone() - z[0].clone()) * inv;
        let k1 = (x[1].clone() + y[1].clone() + k0.clone() - z[1].clone()) * inv;
        eval.add_constraint(k0.clone() * (k0 - k::<E::F>(1)));
        eval.add_constraint(k1.clone() * (k1 - k::<E::F>(1)));
        rc16(eval, bus, &c.en, c.c_lo.clone());
        rc16(eval, bus, &c.en, c.c_hi.clone());

        register_accesses(eval, bus, &row, Some([c.c_lo, c.c_hi]));
    }
}

/// One row per step.
pub(crate) fn fill(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let f = fill_instr(s, lookups, Regs::REG);
            let c = f.rd.access.value;
            lookups.rc16(lo(c));
            lookups.rc16(hi(c));
            instr_row_cells!(
                Cols {
                    c_lo: lo(c),
                    c_hi: hi(c)
                },
                f,
                [rs1, rs2, rd]
            )
            .to_vec()
        })
        .collect()
}

#[cfg(test)]
mod tests;
