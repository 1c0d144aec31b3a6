//! **AddSub**: ADD and SUB (one instance each).
//!
//! Row: CTRL (en, pc, clk), rd, rs1, rs2, the reads of rs1 = a and rs2 = b, the result c and
//! the write of rd (old value d). ADD proves a + b = c (mod 2^32) limb by limb with the carries
//! k0 = (a.lo + b.lo − c.lo)/2^16 and k1 = (a.hi + b.hi + k0 − c.hi)/2^16, each constrained
//! boolean; SUB proves b + c = a the same way. Rc16(c.lo), Rc16(c.hi) make c canonical, which
//! makes each carry unique. Reads and the write are offline-memory-checking accesses.
//!
//! What it proves: the instruction at pc is this ADD/SUB, and rd receives rs1 ± rs2.

use crate::air::bus::{Bus, SPACE_REG};
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{access, control, fill_access, hi, k, lo, rc16};
use crate::air::rom::tag;
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
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut E) {
        let c = Cols::read(|| eval.next_trace_mask());
        let next_pc = c.pc.clone() + k::<E::F>(4);
        let fields = [c.rd.clone(), c.rs1.clone(), c.rs2.clone()];
        control(
            eval,
            bus,
            &c.en,
            &c.pc,
            &c.clk,
            next_pc,
            tag(self.opcode()),
            &fields,
        );

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

        let ts = c.clk.clone() * BaseField::from(3u32);
        let a = [c.a_lo.clone(), c.a_hi.clone()];
        access(
            eval,
            bus,
            &c.en,
            SPACE_REG,
            c.rs1.clone(),
            a.clone(),
            a,
            c.a_ts,
            ts.clone(),
            c.a_dh,
        );
        let b = [c.b_lo.clone(), c.b_hi.clone()];
        let ts1 = ts.clone() + k::<E::F>(1);
        access(
            eval,
            bus,
            &c.en,
            SPACE_REG,
            c.rs2,
            b.clone(),
            b,
            c.b_ts,
            ts1,
            c.b_dh,
        );
        let (d, result) = ([c.d_lo, c.d_hi], [c.c_lo, c.c_hi]);
        access(
            eval,
            bus,
            &c.en,
            SPACE_REG,
            c.rd,
            d,
            result,
            c.d_ts,
            ts + k::<E::F>(2),
            c.d_dh,
        );
    }
}

/// One row per step.
pub(crate) fn fill(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let [a, b, d] = [s.accesses[0], s.accesses[1], s.accesses[2]];
            lookups.prog(s.pc);
            lookups.rc16(lo(d.value));
            lookups.rc16(hi(d.value));
            let (a_dh, b_dh, d_dh) = (
                fill_access(lookups, &a),
                fill_access(lookups, &b),
                fill_access(lookups, &d),
            );
            Cols {
                en: 1,
                pc: s.pc,
                clk: s.clk,
                rd: d.addr,
                rs1: a.addr,
                rs2: b.addr,
                a_lo: lo(a.value),
                a_hi: hi(a.value),
                a_ts: a.prev_ts,
                a_dh,
                b_lo: lo(b.value),
                b_hi: hi(b.value),
                b_ts: b.prev_ts,
                b_dh,
                c_lo: lo(d.value),
                c_hi: hi(d.value),
                d_lo: lo(d.prev_value),
                d_hi: hi(d.prev_value),
                d_ts: d.prev_ts,
                d_dh,
            }
            .to_vec()
        })
        .collect()
}

#[cfg(test)]
mod tests;
