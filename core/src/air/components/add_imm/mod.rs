//! **AddImm**: ADDI.
//!
//! Row: CTRL, rd, rs1, imm (the sign-extended immediate as a field element, from the ROM), the
//! read of rs1 = a, the result c and the write of rd. With k0 = (a.lo + imm − c.lo)/2^16 and
//! k1 = (a.hi + k0 − c.hi)/2^16, both in {−1, 0, 1} (a negative immediate borrows; each is a
//! `signed_carry` with its square in q0, q1), and Rc16(c.lo), Rc16(c.hi),
//! c = a + sext(imm) mod 2^32 exactly.
//!
//! What it proves: the instruction at pc is this ADDI, and rd receives rs1 + imm.

use crate::air::bus::Bus;
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{
    carry_of, fill_instr, hi, imm_field, instr_control, instr_row, instr_row_cells, lo, rc16,
    register_accesses, signed_carry, Regs,
};
use crate::air::rom::tag;
use crate::air::row::Row;
use crate::air::witness::{Lookups, StepWitness};
use crate::isa::Opcode;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// AddImm columns.
    pub(crate) struct Cols {
        en, pc, clk, rd, rs1, imm,
        a_lo, a_hi, a_ts, a_dh,
        c_lo, c_hi, q0, q1,
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
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = Cols::read(|| eval.next_trace_mask());
        let row = instr_row!(c, [rs1, rd]);
        instr_control(
            eval,
            bus,
            &row,
            tag(Opcode::Addi),
            None,
            std::slice::from_ref(&c.imm),
        );

        let inv = BaseField::from(1u32 << 16).inverse();
        let k0 = (c.a_lo.clone() + c.imm.clone() - c.c_lo.clone()) * inv;
        let k1 = (c.a_hi.clone() + k0.clone() - c.c_hi.clone()) * inv;
        signed_carry(eval, k0, &c.q0);
        signed_carry(eval, k1, &c.q1);
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
            let f = fill_instr(s, lookups, Regs::IMM);
            let c = f.rd.access.value;
            lookups.rc16(lo(c));
            lookups.rc16(hi(c));
            let (imm, c_lo, c_hi) = (imm_field(f.imm), lo(c), hi(c));
            let a = f.rs1.access.value;
            let v = BaseField::from;
            let (k0, q0) = carry_of(v(lo(a)) + v(imm) - v(c_lo));
            let (_, q1) = carry_of(v(hi(a)) + k0 - v(c_hi));
            instr_row_cells!(
                Cols {
                    imm,
                    c_lo,
                    c_hi,
                    q0,
                    q1
                },
                f,
                [rs1, rd]
            )
            .to_vec()
        })
        .collect()
}
