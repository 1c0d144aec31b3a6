//! **Branch**: BEQ, BNE, BLT, BGE, BLTU, BGEU, one instance per opcode.
//!
//! Row: CTRL (en, pc, clk), rs1, rs2, tgt (the ROM's static target: pc + imm when that is a
//! 4-aligned address below PC_LIMIT, else the odd marker INVALID_PC, which no row consumes),
//! the reads of rs1 = a and rs2 = b, the next pc nx, then the decision columns. The row yields
//! State(nx, clk + 1) with
//!
//! nx − en·(pc + 4) − tk·(tgt − pc − 4) = 0 [2]
//!
//! where tk is the taken flag: a linear expression of boolean columns, so nx is pc + 4 or tgt.
//!
//! - **BEQ, BNE**: columns eq, inv and D = (a.lo − b.lo)² + (a.hi − b.hi)² [2]: eq(eq − 1) = 0
//!   [2], eq·D = 0 [2] and (en − eq) − inv·D = 0 [2]. The limbs are canonical, so D < 2^33
//!   and D ≡ 0 (mod p) only if a = b (p, 2p, 3p are not sums of two squares, blueprint G6):
//!   eq = 1 forces a = b, and eq = 0 on an enabled row needs D invertible, i.e. a ≠ b.
//!   tk = eq (BEQ) or en − eq (BNE).
//! - **BLT, BGE, BLTU, BGEU**: columns β0, β1 (and sa, sb when signed) of the comparison
//!   gadget of `set_less`, which proves β1 = [a < b] (signed or unsigned). tk = β1 (BLT,
//!   BLTU) or en − β1 (BGE, BGEU).
//!
//! What it proves: the instruction at pc is this branch, its registers are read, and control
//! moves to the ROM target if the condition holds on rs1, rs2 and to pc + 4 otherwise.

use super::set_less::{fill_less_than, less_than, Sign};
use crate::air::bus::Bus;
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{
    fill_instr, hi, instr_control, instr_row, instr_row_cells, k, lo, register_accesses, Regs,
};
use crate::air::rom::{static_target, tag};
use crate::air::row::Row;
use crate::air::witness::{Lookups, StepWitness};
use crate::isa::Opcode;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

/// The branch instance parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BranchOp {
    /// BEQ.
    Beq,
    /// BNE.
    Bne,
    /// BLT.
    Blt,
    /// BGE.
    Bge,
    /// BLTU.
    Bltu,
    /// BGEU.
    Bgeu,
}

impl BranchOp {
    const ALL: [BranchOp; 6] = [
        BranchOp::Beq,
        BranchOp::Bne,
        BranchOp::Blt,
        BranchOp::Bge,
        BranchOp::Bltu,
        BranchOp::Bgeu,
    ];

    /// The opcode this instance executes.
    pub fn opcode(self) -> Opcode {
        match self {
            BranchOp::Beq => Opcode::Beq,
            BranchOp::Bne => Opcode::Bne,
            BranchOp::Blt => Opcode::Blt,
            BranchOp::Bge => Opcode::Bge,
            BranchOp::Bltu => Opcode::Bltu,
            BranchOp::Bgeu => Opcode::Bgeu,
        }
    }

    fn is_eq(self) -> bool {
        matches!(self, BranchOp::Beq | BranchOp::Bne)
    }

    fn signed(self) -> bool {
        matches!(self, BranchOp::Blt | BranchOp::Bge)
    }

    /// Taken when the test (a = b, or a < b) fails rather than holds.
    fn negated(self) -> bool {
        matches!(self, BranchOp::Bne | BranchOp::Bge | BranchOp::Bgeu)
    }

    /// Column names: [`Cols`], then [`EqCols`] or [`CmpCols`], then sa, sb when signed.
    fn layout(self) -> Vec<&'static str> {
        let mut names = Cols::<()>::names().to_vec();
        if self.is_eq() {
            names.extend_from_slice(EqCols::<()>::names());
        } else {
            names.extend_from_slice(CmpCols::<()>::names());
        }
        if self.signed() {
            names.extend(["sa", "sb"]);
        }
        names
    }
}

columns! {
    /// Columns every branch has.
    pub(crate) struct Cols {
        en, pc, clk, rs1, rs2, tgt,
        a_lo, a_hi, a_ts, a_dh,
        b_lo, b_hi, b_ts, b_dh,
        nx,
    }
}

columns! {
    /// BEQ/BNE: the equality flag, the inverse of D when a ≠ b, and D.
    pub(crate) struct EqCols { eq, inv, d }
}

columns! {
    /// BLT/BGE/BLTU/BGEU: the comparison's borrows (β1 = [a < b]).
    pub(crate) struct CmpCols { beta0, beta1 }
}

static LAYOUTS: LazyLock<[Vec<&'static str>; 6]> =
    LazyLock::new(|| BranchOp::ALL.map(BranchOp::layout));

/// One conditional branch opcode.
#[derive(Clone, Debug)]
pub(crate) struct BranchAir {
    pub op: BranchOp,
}

impl Air for BranchAir {
    fn name(&self) -> &'static str {
        self.op.opcode().mnemonic()
    }
    fn columns(&self) -> &'static [&'static str] {
        &LAYOUTS[self.op as usize]
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = Cols::read(|| eval.next_trace_mask());
        let row = instr_row!(c, [rs1, rs2]);
        let (tag, tgt) = (tag(self.op.opcode()), [c.tgt.clone()]);
        instr_control(eval, bus, &row, tag, Some(c.nx.clone()), &tgt);

        let a = [c.a_lo.clone(), c.a_hi.clone()];
        let b = [c.b_lo.clone(), c.b_hi.clone()];
        // `test` is [a = b] or [a < b].
        let test = if self.op.is_eq() {
            let t = EqCols::read(|| eval.next_trace_mask());
            let (u, v) = (
                c.a_lo.clone() - c.b_lo.clone(),
                c.a_hi.clone() - c.b_hi.clone(),
            );
            eval.add_constraint(t.d.clone() - (u.clone() * u + v.clone() * v));
            let d = t.d;
            eval.add_constraint(t.eq.clone() * (t.eq.clone() - k::<E::F>(1)));
            eval.add_constraint(t.eq.clone() * d.clone());
            eval.add_constraint(c.en.clone() - t.eq.clone() - t.inv * d);
            t.eq
        } else {
            let t = CmpCols::read(|| eval.next_trace_mask());
            let (sa, sb) = if self.op.signed() {
                let sa = eval.next_trace_mask();
                let sb = eval.next_trace_mask();
                (Sign::Column(sa), Sign::Column(sb))
            } else {
                (Sign::Unsigned, Sign::Unsigned)
            };
            less_than(
                eval,
                bus,
                &c.en,
                a.clone(),
                b.clone(),
                sa,
                sb,
                t.beta0,
                t.beta1.clone(),
            );
            t.beta1
        };
        let taken = if self.op.negated() {
            c.en.clone() - test
        } else {
            test
        };
        let step = k::<E::F>(4);
        eval.add_constraint(
            c.nx.clone()
                - c.en.clone() * (c.pc.clone() + step.clone())
                - taken * (c.tgt.clone() - c.pc.clone() - step),
        );

        register_accesses(eval, bus, &row, None);
    }
}

/// One row per step.
pub(crate) fn fill(op: BranchOp, steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let f = fill_instr(s, lookups, Regs::TEST);
            let (a, b) = (f.rs1.access, f.rs2.access);
            let tail = if op.is_eq() {
                let u = BaseField::from(lo(a.value)) - BaseField::from(lo(b.value));
                let v = BaseField::from(hi(a.value)) - BaseField::from(hi(b.value));
                let d = u * u + v * v;
                let eq = a.value == b.value;
                let inv = if eq { 0 } else { d.inverse().0 };
                EqCols {
                    eq: u32::from(eq),
                    inv,
                    d: d.0,
                }
                .to_vec()
            } else {
                let w = fill_less_than(lookups, a.value, b.value, op.signed(), true, true);
                let mut tail = vec![w.beta0, w.beta1];
                if op.signed() {
                    tail.extend([w.sa, w.sb]);
                }
                tail
            };
            let (tgt, nx) = (static_target(s.pc, f.imm), s.next_pc);
            let mut row = instr_row_cells!(Cols { tgt, nx }, f, [rs1, rs2]).to_vec();
            row.extend(tail);
            row
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests;
