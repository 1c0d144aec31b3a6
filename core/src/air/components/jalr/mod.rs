//! **Jalr**: JALR.
//!
//! Row: CTRL (en, pc, clk), the ROM fields rd', rs1, imm (sext(imm) as a field element in
//! [−2048, 2048)) and link.lo, link.hi (pc + 4, verifier-computed), the read of rs1 = a,
//! the target columns h, b0, rh and the write of rd (old value d) with the link.
//!
//! The target is nx = 2·h + 2^16·rh, a linear expression (no column), split from a + imm by
//!
//! - k0 := (a.lo + imm − 2h − b0)/2^16 ∈ {−1, 0, 1}: q0 = k0², k0·q0 = k0 [2]
//!   (`signed_carry`),
//! - k1 := (a.hi + k0 − rh)/2^16 with k1(k1 − 1) = 0 [2],
//! - b0(b0 − 1) = 0 [2], `Rc16(h)` and `Rc16(2·rh + 2)` (both ×en).
//!
//! Every term is a small integer (|·| < 2^18), so the two limb equations hold over the
//! integers. rh = a.hi + k0 − 2^16·k1 is then a small integer too, so `Rc16(2·(rh + 1))` is
//! exact: rh ∈ [−1, 2^15 − 2]. Summing, nx + b0 = a + imm − 2^32·k1 over the integers, with
//! nx = 2h + 2^16·rh an even integer in [−2^16, 2^31 − 2] and b0 a bit. A non-negative nx is
//! therefore exactly (rs1 + imm) mod 2^32 with bit 0 cleared, and below p = 2^31 − 1, so it
//! cannot alias anything modulo p; a negative nx is, as a field element, at least p − 2^16,
//! above every ROM pc (< PC_LIMIT = 0x7F00_0000) and equal to neither HALT_PC nor
//! INVALID_PC, so no row can consume it. The tight bound on rh matters: with rh up to
//! 2^15 − 1, nx = 2^31 ≡ 1 = HALT_PC would be reachable. Targets at or above 2^31 − 2^16
//! (and those of k1 = −1, at least 2^32 − 2048) have no witness; no code lives there.
//!
//! What it proves: the instruction at pc is this JALR, rd receives pc + 4 and control moves to
//! (rs1 + imm) & !1, which must be below 2^31 − 2^16.

use crate::air::bus::Bus;
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{
    carry_of, fill_instr, hi, imm_field, instr_control, instr_row, instr_row_cells, k, lo, rc16,
    register_accesses, signed_carry, Regs,
};
use crate::air::rom::tag;
use crate::air::row::Row;
use crate::air::witness::{Lookups, StepWitness};
use crate::isa::Opcode;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// Jalr columns.
    pub(crate) struct Cols {
        en, pc, clk, rd, rs1, imm, link_lo, link_hi,
        a_lo, a_hi, a_ts, a_dh,
        h, b0, rh, q0,
        d_lo, d_hi, d_ts, d_dh,
    }
}

/// The JALR component.
#[derive(Clone, Debug)]
pub(crate) struct JalrAir;

impl Air for JalrAir {
    fn name(&self) -> &'static str {
        "jalr"
    }
    fn columns(&self) -> &'static [&'static str] {
        Cols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = Cols::read(|| eval.next_trace_mask());
        let limb = BaseField::from(1u32 << 16);
        let two = BaseField::from(2u32);
        let next_pc = c.h.clone() * two + c.rh.clone() * limb;
        let row = instr_row!(c, [rs1, rd]);
        let more = [c.imm.clone(), c.link_lo.clone(), c.link_hi.clone()];
        instr_control(eval, bus, &row, tag(Opcode::Jalr), Some(next_pc), &more);

        let one = k::<E::F>(1);
        let inv = limb.inverse();
        let k0 = (c.a_lo.clone() + c.imm.clone() - c.h.clone() * two - c.b0.clone()) * inv;
        let k1 = (c.a_hi.clone() + k0.clone() - c.rh.clone()) * inv;
        signed_carry(eval, k0, &c.q0);
        eval.add_constraint(k1.clone() * (k1 - one.clone()));
        eval.add_constraint(c.b0.clone() * (c.b0.clone() - one.clone()));
        rc16(eval, bus, &c.en, c.h.clone());
        rc16(eval, bus, &c.en, (c.rh.clone() + one) * two);

        register_accesses(eval, bus, &row, Some([c.link_lo, c.link_hi]));
    }
}

/// One row per step.
pub(crate) fn fill(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let f = fill_instr(s, lookups, Regs::IMM);
            let sum = f.rs1.access.value.wrapping_add(f.imm);
            let target = sum & !1;
            debug_assert_eq!(target, s.next_pc);
            let (h, rh) = ((target & 0xffff) >> 1, target >> 16);
            lookups.rc16(h);
            lookups.rc16(2 * rh + 2);
            let link = f.rd.access.value;
            let v = BaseField::from;
            let a_lo = lo(f.rs1.access.value);
            let (_, q0) = carry_of(v(a_lo) + v(imm_field(f.imm)) - v(2 * h + (sum & 1)));
            instr_row_cells!(
                Cols {
                    imm: imm_field(f.imm),
                    link_lo: lo(link),
                    link_hi: hi(link),
                    h,
                    b0: sum & 1,
                    rh,
                    q0,
                },
                f,
                [rs1, rd]
            )
            .to_vec()
        })
        .collect()
}

#[cfg(test)]
mod tests;
