//! **AddImm**: ADDI.
//!
//! Row: CTRL, rd, rs1, imm (the sign-extended immediate as a field element, from the ROM), the
//! read of rs1 = a, the result c and the write of rd. With k0 = (a.lo + imm − c.lo)/2^16 and
//! k1 = (a.hi + k0 − c.hi)/2^16, both in {−1, 0, 1} (k(k² − 1) = 0, degree 3: a negative
//! immediate borrows), and Rc16(c.lo), Rc16(c.hi), c = a + sext(imm) mod 2^32 exactly.
//!
//! What it proves: the instruction at pc is this ADDI, and rd receives rs1 + imm.

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
    /// AddImm columns.
    pub(crate) struct Cols {
        en, pc, clk, rd, rs1, imm,
        a_lo, a_hi, a_ts, a_dh,
        c_lo, c_hi,
        d_lo, d_hi, d_ts, d_dh,
    }
}

/// The ADDI component.
#[derive(Clone, Debug)]
pub(crate) struct AddImmAir;

impl Air for AddImmAir {
    fn name(&self) -> &'static str {
        "addi"
    }
    fn columns(&self) -> &'static [&'static str] {
        Cols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut E) {
        let c = Cols::read(|| eval.next_trace_mask());
        let next_pc = c.pc.clone() + k::<E::F>(4);
        let fields = [c.rd.clone(), c.rs1.clone(), c.imm.clone()];
        control(
            eval,
            bus,
            &c.en,
            &c.pc,
            &c.clk,
            next_pc,
            tag(Opcode::Addi),
            &fields,
        );

        let inv = BaseField::from(1u32 << 16).inverse();
        let k0 = (c.a_lo.clone() + c.imm.clone() - c.c_lo.clone()) * inv;
        let k1 = (c.a_hi.clone() + k0.clone() - c.c_hi.clone()) * inv;
        eval.add_constraint(k0.clone() * (k0.clone() * k0 - k::<E::F>(1)));
        eval.add_constraint(k1.clone() * (k1.clone() * k1 - k::<E::F>(1)));
        rc16(eval, bus, &c.en, c.c_lo.clone());
        rc16(eval, bus, &c.en, c.c_hi.clone());

        let ts = c.clk.clone() * BaseField::from(3u32);
        let a = [c.a_lo.clone(), c.a_hi.clone()];
        access(
            eval,
            bus,
            &c.en,
            SPACE_REG,
            c.rs1,
            a.clone(),
            a,
            c.a_ts,
            ts.clone(),
            c.a_dh,
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
            let [a, d] = [s.accesses[0], s.accesses[1]];
            let imm = s.step.map_or(0, |e| e.instruction.imm);
            lookups.prog(s.pc);
            lookups.rc16(lo(d.value));
            lookups.rc16(hi(d.value));
            let (a_dh, d_dh) = (fill_access(lookups, &a), fill_access(lookups, &d));
            Cols {
                en: 1,
                pc: s.pc,
                clk: s.clk,
                rd: d.addr,
                rs1: a.addr,
                imm: BaseField::from(imm as i32).0,
                a_lo: lo(a.value),
                a_hi: hi(a.value),
                a_ts: a.prev_ts,
                a_dh,
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
