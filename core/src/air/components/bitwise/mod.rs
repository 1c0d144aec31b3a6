//! **Bitwise**: AND, OR, XOR (register–register) and ANDI, ORI, XORI (immediate), one instance
//! per opcode.
//!
//! Every result byte comes out of the byte-AND table. For bytes x, y with n = x & y:
//! x | y = x + y − n and x ^ y = x + y − 2n, so each operation is c = σ·(x + y) + τ·n with
//! (σ, τ) = (0, 1) for AND, (1, −1) for OR and (1, −2) for XOR, constants of the instance.
//! The combination is linear and holds limb by limb (c.lo from bytes 0–1, c.hi from bytes 2–3).
//!
//! - **Register form** (`BitwiseAir`). Row: CTRL (en, pc, clk), rd, rs1, rs2, the reads of
//!   rs1 = a and rs2 = b, the split columns a0, a2, b0, b2 (bytes 0 and 2 of each operand;
//!   bytes 1 and 3 are the expressions a1 = (a.lo − a0)/256, a3 = (a.hi − a2)/256), the AND
//!   bytes n0..n3 and the write of rd (old value d). Lookups And8(a_i, b_i, n_i), i = 0..3,
//!   prove all eight operand bytes to be bytes (so the splits are the true bytes of the
//!   canonical operands) and n_i = a_i & b_i. The written limbs are
//!   c.lo = σ(a.lo + b.lo) + τ(n0 + 256·n1) and c.hi = σ(a.hi + b.hi) + τ(n2 + 256·n3):
//!   exact sums of bytes, hence canonical without a range check. No constraint but en's.
//! - **Immediate form** (`BitwiseImmAir`). The ROM gives i0, i1 (bytes 0 and 1 of sext(imm))
//!   and s (its sign: sext(imm).hi = 0xFFFF·s), all verifier-computed. Row: CTRL, rd, rs1, i0,
//!   i1, s, the read of rs1 = a, the split a0, the AND bytes n0, n1, the result's high limb
//!   c_hi and the write of rd. Lookups And8(a0, i0, n0), And8(a1, i1, n1) (a1 = (a.lo − a0)/256)
//!   make c.lo = σ(a.lo + i0 + 256·i1) + τ(n0 + 256·n1) exact. The high half of the immediate
//!   is all zeros or all ones, so a.hi & imm.hi = s·a.hi and one constraint
//!   c_hi = σ(a.hi + 0xFFFF·s) + τ·s·a.hi [2] suffices; with s ∈ {0, 1} (ROM) and a.hi
//!   canonical, c_hi is canonical (a.hi, 0, 0xFFFF or 0xFFFF − a.hi).
//!
//! What it proves: the instruction at pc is this AND/OR/XOR(I), and rd receives rs1 op rs2
//! (or rs1 op sext(imm)).

use crate::air::bus::{use_tuple, Bus, Rel};
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{
    fill_instr, hi, instr_control, instr_row, instr_row_cells, register_accesses, Regs,
};
use crate::air::rom::tag;
use crate::air::row::Row;
use crate::air::witness::{Lookups, StepWitness};
use crate::isa::Opcode;
use serde::{Deserialize, Serialize};
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

/// A bitwise operation: the instance parameter of the bitwise components.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BitOp {
    /// `&`.
    And,
    /// `|`.
    Or,
    /// `^`.
    Xor,
}

impl BitOp {
    /// The register–register opcode.
    pub fn opcode(self) -> Opcode {
        match self {
            BitOp::And => Opcode::And,
            BitOp::Or => Opcode::Or,
            BitOp::Xor => Opcode::Xor,
        }
    }

    /// The register–immediate opcode.
    pub fn imm_opcode(self) -> Opcode {
        match self {
            BitOp::And => Opcode::Andi,
            BitOp::Or => Opcode::Ori,
            BitOp::Xor => Opcode::Xori,
        }
    }

    /// `σ·sum + τ·and`: the result from the sum of two operands and their AND.
    fn combine<F>(self, sum: F, and: F) -> F
    where
        F: Clone + std::ops::Sub<Output = F>,
    {
        match self {
            BitOp::And => and,
            BitOp::Or => sum - and,
            BitOp::Xor => sum - and.clone() - and,
        }
    }

    /// The operation on words.
    fn apply(self, x: u32, y: u32) -> u32 {
        match self {
            BitOp::And => x & y,
            BitOp::Or => x | y,
            BitOp::Xor => x ^ y,
        }
    }
}

/// 1/256, to turn `x − x_even_byte` into the odd byte.
fn inv256() -> BaseField {
    BaseField::from(256u32).inverse()
}

columns! {
    /// Register-form columns.
    pub(crate) struct Cols {
        en, pc, clk, rd, rs1, rs2,
        a_lo, a_hi, a_ts, a_dh,
        b_lo, b_hi, b_ts, b_dh,
        a0, a2, b0, b2, n0, n1, n2, n3,
        d_lo, d_hi, d_ts, d_dh,
    }
}

/// AND, OR or XOR of two registers.
#[derive(Clone, Debug)]
pub(crate) struct BitwiseAir {
    pub op: BitOp,
}

impl Air for BitwiseAir {
    fn name(&self) -> &'static str {
        match self.op {
            BitOp::And => "and",
            BitOp::Or => "or",
            BitOp::Xor => "xor",
        }
    }
    fn columns(&self) -> &'static [&'static str] {
        Cols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = Cols::read(|| eval.next_trace_mask());
        let row = instr_row!(c, [rs1, rs2, rd]);
        instr_control(eval, bus, &row, tag(self.op.opcode()), None, &[]);

        // Bytes 1 and 3 are expressions; the lookups prove all eight bytes and their ANDs.
        let inv = inv256();
        let a1 = (c.a_lo.clone() - c.a0.clone()) * inv;
        let a3 = (c.a_hi.clone() - c.a2.clone()) * inv;
        let b1 = (c.b_lo.clone() - c.b0.clone()) * inv;
        let b3 = (c.b_hi.clone() - c.b2.clone()) * inv;
        for (x, y, n) in [
            (c.a0.clone(), c.b0.clone(), c.n0.clone()),
            (a1, b1, c.n1.clone()),
            (c.a2.clone(), c.b2.clone(), c.n2.clone()),
            (a3, b3, c.n3.clone()),
        ] {
            use_tuple(eval, bus, Rel::And8, c.en.clone(), &[x, y, n]);
        }
        let byte = BaseField::from(256u32);
        let result = [
            self.op.combine(
                c.a_lo.clone() + c.b_lo.clone(),
                c.n0.clone() + c.n1.clone() * byte,
            ),
            self.op.combine(
                c.a_hi.clone() + c.b_hi.clone(),
                c.n2.clone() + c.n3.clone() * byte,
            ),
        ];

        register_accesses(eval, bus, &row, Some(result));
    }
}

/// One row per step of the register form.
pub(crate) fn fill(op: BitOp, steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let f = fill_instr(s, lookups, Regs::REG);
            let (a, b) = (f.rs1.access, f.rs2.access);
            debug_assert_eq!(f.rd.access.value, op.apply(a.value, b.value));
            let n = a.value & b.value;
            for i in 0..4 {
                lookups.and8(a.value >> (8 * i), b.value >> (8 * i));
            }
            instr_row_cells!(
                Cols {
                    a0: a.value & 0xff,
                    a2: (a.value >> 16) & 0xff,
                    b0: b.value & 0xff,
                    b2: (b.value >> 16) & 0xff,
                    n0: n & 0xff,
                    n1: (n >> 8) & 0xff,
                    n2: (n >> 16) & 0xff,
                    n3: n >> 24,
                },
                f,
                [rs1, rs2, rd]
            )
            .to_vec()
        })
        .collect()
}

columns! {
    /// Immediate-form columns.
    pub(crate) struct ImmCols {
        en, pc, clk, rd, rs1, i0, i1, s,
        a_lo, a_hi, a_ts, a_dh,
        a0, n0, n1, c_hi,
        d_lo, d_hi, d_ts, d_dh,
    }
}

/// ANDI, ORI or XORI.
#[derive(Clone, Debug)]
pub(crate) struct BitwiseImmAir {
    pub op: BitOp,
}

impl Air for BitwiseImmAir {
    fn name(&self) -> &'static str {
        match self.op {
            BitOp::And => "andi",
            BitOp::Or => "ori",
            BitOp::Xor => "xori",
        }
    }
    fn columns(&self) -> &'static [&'static str] {
        ImmCols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = ImmCols::read(|| eval.next_trace_mask());
        let row = instr_row!(c, [rs1, rd]);
        let imm = [c.i0.clone(), c.i1.clone(), c.s.clone()];
        instr_control(eval, bus, &row, tag(self.op.imm_opcode()), None, &imm);

        let a1 = (c.a_lo.clone() - c.a0.clone()) * inv256();
        use_tuple(
            eval,
            bus,
            Rel::And8,
            c.en.clone(),
            &[c.a0.clone(), c.i0.clone(), c.n0.clone()],
        );
        use_tuple(
            eval,
            bus,
            Rel::And8,
            c.en.clone(),
            &[a1, c.i1.clone(), c.n1.clone()],
        );
        let byte = BaseField::from(256u32);
        let c_lo = self.op.combine(
            c.a_lo.clone() + c.i0.clone() + c.i1.clone() * byte,
            c.n0.clone() + c.n1.clone() * byte,
        );
        // imm.hi = 0xFFFF·s, so a.hi & imm.hi = s·a.hi.
        let c_hi = self.op.combine(
            c.a_hi.clone() + c.s.clone() * BaseField::from(0xffffu32),
            c.s.clone() * c.a_hi.clone(),
        );
        eval.add_constraint(c.c_hi.clone() - c_hi);
        register_accesses(eval, bus, &row, Some([c_lo, c.c_hi]));
    }
}

/// One row per step of the immediate form.
pub(crate) fn fill_imm(op: BitOp, steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let f = fill_instr(s, lookups, Regs::IMM);
            let (a, d, imm) = (f.rs1.access, f.rd.access, f.imm);
            debug_assert_eq!(d.value, op.apply(a.value, imm));
            let n = a.value & imm;
            lookups.and8(a.value, imm);
            lookups.and8(a.value >> 8, imm >> 8);
            instr_row_cells!(
                ImmCols {
                    i0: imm & 0xff,
                    i1: (imm >> 8) & 0xff,
                    s: imm >> 31,
                    a0: a.value & 0xff,
                    n0: n & 0xff,
                    n1: (n >> 8) & 0xff,
                    c_hi: hi(d.value),
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
