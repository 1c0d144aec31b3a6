//! **SetLess**: SLT, SLTU (register–register) and SLTI, SLTIU (immediate), one instance per
//! opcode; and the comparison gadget the compare-branches share.
//!
//! **Comparison** ([`less_than`]). For canonical words a, b (limbs read from registers, or
//! verifier-computed ROM fields), borrow columns β0, β1 with β(β − 1) = 0 [2] and the range
//! checks `Rc16(a.lo − b.lo + 2^16·β0)` and `Rc16(a* − b* − β0 + 2^16·β1)` make
//! β0 = [a.lo < b.lo] and β1 = [a < b]: each difference lies in (−2^16, 2^16) as an integer,
//! and only the right borrow lands it in [0, 2^16). For an unsigned comparison x* = x.hi; for
//! a signed one x* = x.hi + 2^15 − 2^16·s = x.hi XOR 0x8000 with s = msb(x), which turns the
//! signed order into the unsigned order of the flipped words. The sign of a register
//! operand is a column s with s(s − 1) = 0 [2] and the sign trick `Rc16(2·(x.hi − 2^15·s))`
//! (x.hi − 2^15·s ∈ (−2^15, 2^16) as an integer; it is in [0, 2^15) only for s = msb(x.hi)).
//! The sign of an immediate is the exact expression hi16/0xFFFF (the ROM's hi16 of sext(imm)
//! is 0 or 0xFFFF). All range checks carry en.
//!
//! **Rows.** CTRL (en, pc, clk), rd, rs1, the read of rs1 = a, the second operand b (the read
//! of rs2, or the ROM fields lo16 = b_lo, hi16 = b_hi), β0, β1, the write of rd (old value d),
//! then — register form only — rs2 and the read's timestamp columns, then — signed only — sa
//! (and sb for the register form). rd receives (β1, 0): boolean, hence canonical.
//!
//! What it proves: the instruction at pc is this SLT/SLTU/SLTI/SLTIU, and rd receives 1 if
//! rs1 < rs2 (or < sext(imm)), signed or unsigned as the opcode says, and 0 otherwise.

use crate::air::bus::Bus;
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{
    fill_instr, hi, instr_control, instr_row, instr_row_cells, k, lo, rc16, register_accesses,
    RegAccess, Regs,
};
use crate::air::rom::tag;
use crate::air::row::Row;
use crate::air::witness::{Lookups, StepWitness};
use crate::isa::Opcode;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

/// How the comparison knows an operand's sign.
pub(crate) enum Sign<F> {
    /// Unsigned comparison.
    Unsigned,
    /// A column, proven here to be the most significant bit.
    Column(F),
    /// An exact expression the caller vouches for (from the ROM).
    Given(F),
}

/// The columns of a comparison a < b: the borrows of the two limbs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct LessWitness {
    /// [a.lo < b.lo].
    pub beta0: u32,
    /// [a < b], signed or unsigned.
    pub beta1: u32,
    /// msb(a) for a signed comparison, else 0.
    pub sa: u32,
    /// msb(b) for a signed comparison, else 0.
    pub sb: u32,
}

/// States `beta1 = [a < b]` (see the module docs); a and b must be canonical words.
#[allow(clippy::too_many_arguments)]
pub(crate) fn less_than<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    en: &E::F,
    a: [E::F; 2],
    b: [E::F; 2],
    sa: Sign<E::F>,
    sb: Sign<E::F>,
    beta0: E::F,
    beta1: E::F,
) {
    let one = k::<E::F>(1);
    let limb = BaseField::from(1u32 << 16);
    eval.add_constraint(beta0.clone() * (beta0.clone() - one.clone()));
    eval.add_constraint(beta1.clone() * (beta1.clone() - one.clone()));
    let [a_lo, a_hi] = a;
    let [b_lo, b_hi] = b;
    let flip = |eval: &mut Row<E>, x_hi: E::F, sign: Sign<E::F>| -> E::F {
        let s = match sign {
            Sign::Unsigned => return x_hi,
            Sign::Column(s) => {
                eval.add_constraint(s.clone() * (s.clone() - one.clone()));
                let low15 = x_hi.clone() - s.clone() * BaseField::from(1u32 << 15);
                rc16(eval, bus, en, low15 * BaseField::from(2u32));
                s
            }
            Sign::Given(s) => s,
        };
        x_hi + k::<E::F>(1 << 15) - s * limb
    };
    let a_star = flip(eval, a_hi, sa);
    let b_star = flip(eval, b_hi, sb);
    rc16(eval, bus, en, a_lo - b_lo + beta0.clone() * limb);
    rc16(eval, bus, en, a_star - b_star - beta0 + beta1 * limb);
}

/// The witness of [`less_than`] for a < b, counting its lookups. `check_a` and `check_b` say
/// which signs are columns (and so range-checked).
pub(crate) fn fill_less_than(
    lookups: &mut Lookups,
    a: u32,
    b: u32,
    signed: bool,
    check_a: bool,
    check_b: bool,
) -> LessWitness {
    let (sa, sb) = if signed { (a >> 31, b >> 31) } else { (0, 0) };
    let flip = |x: u32| if signed { hi(x) ^ 0x8000 } else { hi(x) };
    if signed && check_a {
        lookups.rc16(2 * (hi(a) & 0x7fff));
    }
    if signed && check_b {
        lookups.rc16(2 * (hi(b) & 0x7fff));
    }
    let beta0 = u32::from(lo(a) < lo(b));
    lookups.rc16(lo(a) + (beta0 << 16) - lo(b));
    let (a_star, b_star) = (flip(a), flip(b));
    let beta1 = u32::from(a_star < b_star + beta0);
    lookups.rc16(a_star + (beta1 << 16) - b_star - beta0);
    debug_assert_eq!(
        beta1 == 1,
        if signed {
            (a as i32) < (b as i32)
        } else {
            a < b
        }
    );
    LessWitness {
        beta0,
        beta1,
        sa,
        sb,
    }
}

/// The set-less-than instance parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LessOp {
    /// SLT.
    Slt,
    /// SLTU.
    Sltu,
    /// SLTI.
    Slti,
    /// SLTIU.
    Sltiu,
}

impl LessOp {
    const ALL: [LessOp; 4] = [LessOp::Slt, LessOp::Sltu, LessOp::Slti, LessOp::Sltiu];

    /// The opcode this instance executes.
    pub fn opcode(self) -> Opcode {
        match self {
            LessOp::Slt => Opcode::Slt,
            LessOp::Sltu => Opcode::Sltu,
            LessOp::Slti => Opcode::Slti,
            LessOp::Sltiu => Opcode::Sltiu,
        }
    }

    fn signed(self) -> bool {
        matches!(self, LessOp::Slt | LessOp::Slti)
    }

    fn imm(self) -> bool {
        matches!(self, LessOp::Slti | LessOp::Sltiu)
    }

    /// Column names: [`Cols`], then [`RegCols`] (register form), then sa (signed) and sb
    /// (signed register form).
    fn layout(self) -> Vec<&'static str> {
        let mut names = Cols::<()>::names().to_vec();
        if !self.imm() {
            names.extend_from_slice(RegCols::<()>::names());
        }
        if self.signed() {
            names.push("sa");
            if !self.imm() {
                names.push("sb");
            }
        }
        names
    }
}

columns! {
    /// Columns every instance has.
    pub(crate) struct Cols {
        en, pc, clk, rd, rs1,
        a_lo, a_hi, a_ts, a_dh,
        b_lo, b_hi,
        beta0, beta1,
        d_lo, d_hi, d_ts, d_dh,
    }
}

columns! {
    /// The register form's rs2 and the timestamp columns of its read.
    pub(crate) struct RegCols { rs2, b_ts, b_dh }
}

static LAYOUTS: LazyLock<[Vec<&'static str>; 4]> =
    LazyLock::new(|| LessOp::ALL.map(LessOp::layout));

/// SLT, SLTU, SLTI or SLTIU.
#[derive(Clone, Debug)]
pub(crate) struct SetLessAir {
    pub op: LessOp,
}

impl Air for SetLessAir {
    fn name(&self) -> &'static str {
        self.op.opcode().mnemonic()
    }
    fn columns(&self) -> &'static [&'static str] {
        &LAYOUTS[self.op as usize]
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = Cols::read(|| eval.next_trace_mask());
        let r = (!self.op.imm()).then(|| RegCols::read(|| eval.next_trace_mask()));
        let sa = self.op.signed().then(|| eval.next_trace_mask());
        let sb = (self.op.signed() && !self.op.imm()).then(|| eval.next_trace_mask());

        let mut row = instr_row!(c, [rs1, rd]);
        let b = [c.b_lo.clone(), c.b_hi.clone()];
        row.rs2 = r.map(|r| RegAccess {
            reg: r.rs2,
            value: b.clone(),
            prev_ts: r.b_ts,
            dh: r.b_dh,
        });
        let imm: &[E::F] = if row.rs2.is_some() { &[] } else { &b };
        instr_control(eval, bus, &row, tag(self.op.opcode()), None, imm);

        let a = [c.a_lo.clone(), c.a_hi.clone()];
        let (sign_a, sign_b) = match (sa, sb) {
            (None, _) => (Sign::Unsigned, Sign::Unsigned),
            (Some(sa), Some(sb)) => (Sign::Column(sa), Sign::Column(sb)),
            // sext(imm).hi is 0 or 0xFFFF: its sign is hi16 / 0xFFFF.
            (Some(sa), None) => {
                let sign = c.b_hi.clone() * BaseField::from(0xffffu32).inverse();
                (Sign::Column(sa), Sign::Given(sign))
            }
        };
        less_than(
            eval,
            bus,
            &c.en,
            a.clone(),
            b.clone(),
            sign_a,
            sign_b,
            c.beta0,
            c.beta1.clone(),
        );

        register_accesses(eval, bus, &row, Some([c.beta1, k(0)]));
    }
}

/// One row per step.
pub(crate) fn fill(op: LessOp, steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let regs = if op.imm() { Regs::IMM } else { Regs::REG };
            let f = fill_instr(s, lookups, regs);
            let a = f.rs1.access.value;
            let b = if op.imm() { f.imm } else { f.rs2.access.value };
            let w = fill_less_than(lookups, a, b, op.signed(), true, !op.imm());
            debug_assert_eq!(f.rd.access.value, w.beta1);
            let mut row = instr_row_cells!(
                Cols {
                    b_lo: lo(b),
                    b_hi: hi(b),
                    beta0: w.beta0,
                    beta1: w.beta1,
                },
                f,
                [rs1, rd]
            )
            .to_vec();
            if !op.imm() {
                let rs2 = RegCols {
                    rs2: f.rs2.access.addr,
                    b_ts: f.rs2.access.prev_ts,
                    b_dh: f.rs2.dh,
                };
                row.extend(rs2.to_vec());
            }
            if op.signed() {
                row.push(w.sa);
                if !op.imm() {
                    row.push(w.sb);
                }
            }
            row
        })
        .collect()
}

#[cfg(test)]
mod tests;
