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

use crate::air::bus::{Bus, SPACE_REG};
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{access, control, fill_access, hi, k, lo, rc16};
use crate::air::rom::tag;
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
    eval: &mut E,
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
    let flip = |eval: &mut E, x_hi: E::F, sign: Sign<E::F>| -> E::F {
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
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut E) {
        let c = Cols::read(|| eval.next_trace_mask());
        let r = (!self.op.imm()).then(|| RegCols::read(|| eval.next_trace_mask()));
        let sa = self.op.signed().then(|| eval.next_trace_mask());
        let sb = (self.op.signed() && !self.op.imm()).then(|| eval.next_trace_mask());

        let next_pc = c.pc.clone() + k::<E::F>(4);
        let fields = match &r {
            Some(r) => vec![c.rd.clone(), c.rs1.clone(), r.rs2.clone()],
            None => vec![c.rd.clone(), c.rs1.clone(), c.b_lo.clone(), c.b_hi.clone()],
        };
        control(
            eval,
            bus,
            &c.en,
            &c.pc,
            &c.clk,
            next_pc,
            tag(self.op.opcode()),
            &fields,
        );

        let a = [c.a_lo.clone(), c.a_hi.clone()];
        let b = [c.b_lo.clone(), c.b_hi.clone()];
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

        let ts = c.clk.clone() * BaseField::from(3u32);
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
        if let Some(r) = r {
            access(
                eval,
                bus,
                &c.en,
                SPACE_REG,
                r.rs2,
                b.clone(),
                b,
                r.b_ts,
                ts.clone() + k::<E::F>(1),
                r.b_dh,
            );
        }
        access(
            eval,
            bus,
            &c.en,
            SPACE_REG,
            c.rd,
            [c.d_lo, c.d_hi],
            [c.beta1, k(0)],
            c.d_ts,
            ts + k::<E::F>(2),
            c.d_dh,
        );
    }
}

/// One row per step.
pub(crate) fn fill(op: LessOp, steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let a = s.accesses[0];
            let d = *s.accesses.last().expect("a write");
            let (b_value, b_access) = if op.imm() {
                (s.step.map_or(0, |e| e.instruction.imm), None)
            } else {
                (s.accesses[1].value, Some(s.accesses[1]))
            };
            lookups.prog(s.pc);
            let w = fill_less_than(lookups, a.value, b_value, op.signed(), true, !op.imm());
            debug_assert_eq!(d.value, w.beta1);
            let a_dh = fill_access(lookups, &a);
            let reg = b_access.map(|b| RegCols {
                rs2: b.addr,
                b_ts: b.prev_ts,
                b_dh: fill_access(lookups, &b),
            });
            let d_dh = fill_access(lookups, &d);
            let mut row = Cols {
                en: 1,
                pc: s.pc,
                clk: s.clk,
                rd: d.addr,
                rs1: a.addr,
                a_lo: lo(a.value),
                a_hi: hi(a.value),
                a_ts: a.prev_ts,
                a_dh,
                b_lo: lo(b_value),
                b_hi: hi(b_value),
                beta0: w.beta0,
                beta1: w.beta1,
                d_lo: lo(d.prev_value),
                d_hi: hi(d.prev_value),
                d_ts: d.prev_ts,
                d_dh,
            }
            .to_vec();
            if let Some(reg) = reg {
                row.extend(reg.to_vec());
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
