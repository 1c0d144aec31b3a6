//! **DivRem**: DIV, DIVU, REM and REMU (one instance per opcode; DIV/DIVU write the quotient,
//! REM/REMU the remainder, the constraints are the same).
//!
//! Row: the operands (`mul::bytes`, as in `mul`: CTRL, the ROM fields rd', rs1, rs2, the reads
//! of rs1 = a (dividend) and rs2 = b (divisor), the write of rd, the split columns of a and b),
//! then the witness quotient q and remainder r as bytes q0..q3, r0..r3. Signed instances read
//! a, b, q, r as two's complement; unsigned ones as naturals.
//! - **Bytes and signs.** a, b come as limbs plus split columns a0, a2, b0, b2 (a1, a3, b1, b3
//!   are expressions; the byte checks of a and b are `mul::bytes`'). And8 lookups prove every
//!   byte of a, b, q, r is a byte; the top bytes of a, b, r are looked up as
//!   `And8(x3, 128, 128·s)`, which makes sa, sb, sr their sign bits. sq is a boolean witness,
//!   the sign of the *true* quotient (not the top bit of q), so that the signed overflow
//!   −2^31 / −1, whose true quotient is +2^31, is represented as Q = q − 2^32·sq = +2^31 with
//!   q = 0x8000_0000, sq = 0.
//! - **Identity** A = Q·B + R over 8 sign-extended bytes (x̃_i = x_i for i < 4, 255·s_x for
//!   i ≥ 4 in signed instances, 0 in unsigned ones; column sums with carries as in
//!   `mul::bytes`): for m = 0..7,
//!   `Σ_{i+j=m} q̃_i·b̃_j + r̃_m − ã_m + γ_{m−1} − 256·γ_m = 0` [2] with Rc16(γ_m). Column sums
//!   are below 2^19, so each equation holds over the integers and together they give
//!   Q·B + R ≡ A (mod 2^64). With Q ∈ [−2^32, 2^32) and A, B, R 32-bit (signed or not),
//!   |Q·B + R − A| < 2^64, so A = Q·B + R exactly.
//! - **Divisor zero.** bz boolean [2]; bz·b.lo = bz·b.hi = 0 [2] (bz = 1 only if b = 0);
//!   bz·(q.lo − 0xFFFF) = bz·(q.hi − 0xFFFF) = 0 [2] (q = all ones, the spec's −1 / 2^32 − 1);
//!   the identity then gives R = A, so r = a, as the spec says. When bz = 0 the remainder bound
//!   below proves |b| > |r| ≥ 0, so b ≠ 0: bz is exactly [b = 0].
//! - **Remainder bound** |r| < |b| when bz = 0. With x̄ := x + s_x·(2^32 − 1 − 2x) limb-wise
//!   (x̄ = ~x when negative, so |x| = x̄ + s_x), D := |b| − |r| − 1 is proven non-negative:
//!   w.lo = b̄.lo − r̄.lo + sb − sr − en + 2^16·β [2], w.hi = b̄.hi − r̄.hi − β [2],
//!   β(β − 1)(β − 2) = 0 (the low part of D lies in [−2^16 − 1, 2^16), so the borrow is 0,
//!   1 or 2; as β_sq = β² [2] and β·β_sq − 3β_sq + 2β = 0 [2]), and Rc16(w.lo), Rc16(w.hi)
//!   ×nz with nz = en·(1 − bz) [2]. Then D = w.lo + 2^16·w.hi ≥ 0.
//! - **Remainder sign** (signed): r_norm = r.lo² + r.hi² [2] and (sr − sa)·r_norm = 0 [2]:
//!   r = 0 or sign(r) = sign(a) (r.lo² + r.hi² ≠ 0 mod p for r ≠ 0, air-blueprint G6).
//!   sq(sq − 1) = 0 [2].
//!
//! With b ≠ 0 these make (Q, R) the truncating division of the spec (|R| < |B|, R zero or of
//! A's sign: one multiple of B lies in the window), Q ∈ [−2^31, 2^31] has exactly one
//! representation q − 2^32·sq, and q = Q mod 2^32 is the spec's quotient, overflow included
//! (DIV −2^31 / −1 = −2^31, REM = 0). Unsigned: A = Q·B + R, 0 ≤ R < B.
//!
//! What it proves: the instruction at pc is this DIV/DIVU/REM/REMU, and rd receives the
//! quotient or remainder of rs1 by rs2 exactly as RISC-V defines them, division by zero and
//! signed overflow included.

use crate::air::bus::{use_tuple, Bus, Rel};
use crate::air::columns::columns;
use crate::air::components::mul::bytes::{
    and8, and8_lookup, bytes_of, carries, carry_chain, count_lookups, extend, fe_signed,
    fill_operands, join, operand_bytes, operand_bytes_value, product_columns, rc16_lookup,
    read_row, register_op, sign_byte, sign_extended, signed_operand_lookups, signed_operands,
    word_bytes_of, Lookup, OperandCols,
};
use crate::air::components::ComponentId;
use crate::air::framework::Air;
use crate::air::gadgets::k;
use crate::air::rom::tag;
use crate::air::row::Row;
use crate::air::witness::{Lookups, StepWitness};
use crate::isa::Opcode;
use std::sync::OnceLock;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// DivRem columns after the operands ([`OperandCols`]).
    pub(crate) struct Cols {
        q0, q1, q2, q3,
        r0, r1, r2, r3,
        sa, sb, sq, sr,
        n_a01, n_b01, n_ab2, n_q01, n_q23, n_r01,
        g0, g1, g2, g3, g4, g5, g6, g7,
        bz, beta, w_lo, w_hi,
        beta_sq, nz, r_norm,
    }
}

/// One division instance: `Div`, `Divu`, `Rem` or `Remu`.
#[derive(Clone, Debug)]
pub(crate) struct DivRemAir {
    pub op: Opcode,
}

impl DivRemAir {
    fn signed(&self) -> bool {
        matches!(self.op, Opcode::Div | Opcode::Rem)
    }

    fn writes_quotient(&self) -> bool {
        matches!(self.op, Opcode::Div | Opcode::Divu)
    }
}

const LIMB: u32 = 1 << 16;

impl Air for DivRemAir {
    fn name(&self) -> &'static str {
        match self.op {
            Opcode::Div => "div",
            Opcode::Divu => "divu",
            Opcode::Rem => "rem",
            _ => "remu",
        }
    }

    fn columns(&self) -> &'static [&'static str] {
        static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
        NAMES.get_or_init(|| [OperandCols::<()>::names(), Cols::<()>::names()].concat())
    }

    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let o = OperandCols::read(|| eval.next_trace_mask());
        let c = Cols::read(|| eval.next_trace_mask());
        let signed = self.signed();
        let ab = operand_bytes::<E>(&o);
        let q = [c.q0, c.q1, c.q2, c.q3];
        let r = [c.r0, c.r1, c.r2, c.r3];
        let (q_lo, q_hi) = (join::<E>(&q[0], &q[1]), join::<E>(&q[2], &q[3]));
        let (r_lo, r_hi) = (join::<E>(&r[0], &r[1]), join::<E>(&r[2], &r[3]));
        let result = if self.writes_quotient() {
            [q_lo.clone(), q_hi.clone()]
        } else {
            [r_lo.clone(), r_hi.clone()]
        };
        register_op(eval, bus, tag(self.op), &o, result);

        // Bytes and signs.
        let en = &o.en;
        let n = [c.n_a01, c.n_b01, c.n_ab2];
        signed_operands(eval, bus, en, &ab, [&c.sa, &c.sb], n);
        and8(eval, bus, en, &q[0], &q[1], c.n_q01);
        and8(eval, bus, en, &q[2], &q[3], c.n_q23);
        and8(eval, bus, en, &r[0], &r[1], c.n_r01);
        and8(eval, bus, en, &r[2], &r[2], r[2].clone());
        sign_byte(eval, bus, en, &r[3], &c.sr);

        // A = Q·B + R over 8 sign-extended bytes.
        let sign = |s: &E::F| signed.then_some(s.clone());
        let (sa, sb, sq, sr) = (sign(&c.sa), sign(&c.sb), sign(&c.sq), sign(&c.sr));
        let [a, b] = ab;
        let qx = sign_extended::<E>(q, sq.as_ref());
        let bx = sign_extended::<E>(b, sb.as_ref());
        let ax = sign_extended::<E>(a, sa.as_ref());
        let rx = sign_extended::<E>(r, sr.as_ref());
        let terms = product_columns::<E>(&qx, &bx, 8)
            .into_iter()
            .zip(rx.into_iter().zip(ax))
            .map(|(s, (r, a))| {
                let s = match r {
                    Some(r) => s + r,
                    None => s,
                };
                match a {
                    Some(a) => s - a,
                    None => s,
                }
            })
            .collect();
        let g = [c.g0, c.g1, c.g2, c.g3, c.g4, c.g5, c.g6, c.g7];
        carry_chain(eval, bus, en, terms, &g);

        // Division by zero.
        let one = k::<E::F>(1);
        let bz = c.bz;
        eval.add_constraint(bz.clone() * (bz.clone() - one.clone()));
        eval.add_constraint(bz.clone() * o.b_lo.clone());
        eval.add_constraint(bz.clone() * o.b_hi.clone());
        eval.add_constraint(bz.clone() * (q_lo - k::<E::F>(0xffff)));
        eval.add_constraint(bz.clone() * (q_hi - k::<E::F>(0xffff)));

        // |r| < |b| unless b = 0: D = |b| − |r| − 1 = w.lo + 2^16·w.hi with both halves in range.
        let bar = |x: &E::F, s: &Option<E::F>| match s {
            Some(s) => x.clone() + s.clone() * (k::<E::F>(LIMB - 1) - x.clone() - x.clone()),
            None => x.clone(),
        };
        let (b_bar_lo, b_bar_hi) = (bar(&o.b_lo, &sb), bar(&o.b_hi, &sb));
        let (r_bar_lo, r_bar_hi) = (bar(&r_lo, &sr), bar(&r_hi, &sr));
        let mut low = b_bar_lo - r_bar_lo - en.clone() + c.beta.clone() * BaseField::from(LIMB);
        if let (Some(sb), Some(sr)) = (&sb, &sr) {
            low = low + sb.clone() - sr.clone();
        }
        eval.add_constraint(c.w_lo.clone() - low);
        eval.add_constraint(c.w_hi.clone() - (b_bar_hi - r_bar_hi - c.beta.clone()));
        // β ∈ {0, 1, 2}: β² as a column, and β·β² − 3β² + 2β = β(β − 1)(β − 2) = 0.
        let (beta, beta_sq) = (c.beta, c.beta_sq);
        eval.add_constraint(beta_sq.clone() - beta.clone() * beta.clone());
        eval.add_constraint(
            beta.clone() * beta_sq.clone() - beta_sq * BaseField::from(3u32)
                + beta * BaseField::from(2u32),
        );
        // The range checks count ×en·(1 − bz), a column so that every numerator is linear.
        eval.add_constraint(c.nz.clone() - (en.clone() - en.clone() * bz));
        use_tuple(eval, bus, Rel::Rc16, c.nz.clone(), &[c.w_lo]);
        use_tuple(eval, bus, Rel::Rc16, c.nz, &[c.w_hi]);

        // Signed: the remainder is zero or has the dividend's sign; sq is a bit.
        eval.add_constraint(c.r_norm.clone() - (r_lo.clone() * r_lo + r_hi.clone() * r_hi));
        if let (Some(sa), Some(sq), Some(sr)) = (sa, sq, sr) {
            eval.add_constraint((sr - sa) * c.r_norm);
            eval.add_constraint(sq.clone() * (sq - one));
        }
    }
}

/// The arithmetic lookups (And8 and Rc16) of a row, replayed from its cells as `evaluate`
/// states them.
pub(crate) fn row_lookups(row: &[BaseField]) -> Vec<Lookup> {
    let (o, c) = read_row(row, |next| Cols::read(next));
    let ab = operand_bytes_value(&o);
    let en = o.en;
    let n = [c.n_a01, c.n_b01, c.n_ab2];
    let mut out = signed_operand_lookups(en, ab, [c.sa, c.sb], n).to_vec();
    let f128 = BaseField::from(128u32);
    out.extend([
        and8_lookup(en, c.q0, c.q1, c.n_q01),
        and8_lookup(en, c.q2, c.q3, c.n_q23),
        and8_lookup(en, c.r0, c.r1, c.n_r01),
        and8_lookup(en, c.r2, c.r2, c.r2),
        and8_lookup(en, c.r3, f128, c.sr * f128),
    ]);
    for g in [c.g0, c.g1, c.g2, c.g3, c.g4, c.g5, c.g6, c.g7] {
        out.push(rc16_lookup(en, g));
    }
    out.push(rc16_lookup(c.nz, c.w_lo));
    out.push(rc16_lookup(c.nz, c.w_hi));
    out
}

/// The spec's quotient and remainder of `a` by `b`, as 64-bit integers (the signed overflow
/// gives the true quotient +2^31).
pub(crate) fn divide(signed: bool, a: u32, b: u32) -> (i64, i64) {
    let (a, b) = if signed {
        (i64::from(a as i32), i64::from(b as i32))
    } else {
        (i64::from(a), i64::from(b))
    };
    if b == 0 {
        (if signed { -1 } else { i64::from(u32::MAX) }, a)
    } else {
        (a / b, a % b)
    }
}

/// One row per step of `op`.
pub(crate) fn fill(op: Opcode, steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    let air = DivRemAir { op };
    let signed = air.signed();
    steps
        .iter()
        .map(|s| {
            let (operands, [av, bv, dv]) = fill_operands(s, lookups);
            let (quotient, remainder) = divide(signed, av, bv);
            let (qv, rv) = (quotient as u32, remainder as u32);
            let written = if air.writes_quotient() { qv } else { rv };
            assert_eq!(written, dv, "{op:?} result");
            let g = identity_carries(signed, av, bv, quotient, rv);
            let (beta, w_lo, w_hi) = bound_cells(signed, bv, rv);
            let bz = u32::from(bv == 0);
            debug_assert!(bz == 1 || w_hi < LIMB, "|r| < |b| fails");
            let (q, r) = (word_bytes_of(qv), word_bytes_of(rv));
            let (ab, bb) = (word_bytes_of(av), word_bytes_of(bv));
            let rest = Cols {
                q0: q[0],
                q1: q[1],
                q2: q[2],
                q3: q[3],
                r0: r[0],
                r1: r[1],
                r2: r[2],
                r3: r[3],
                sa: av >> 31,
                sb: bv >> 31,
                sq: u32::from(signed && quotient < 0),
                sr: rv >> 31,
                n_a01: ab[0] & ab[1],
                n_b01: bb[0] & bb[1],
                n_ab2: ab[2] & bb[2],
                n_q01: q[0] & q[1],
                n_q23: q[2] & q[3],
                n_r01: r[0] & r[1],
                g0: g[0],
                g1: g[1],
                g2: g[2],
                g3: g[3],
                g4: g[4],
                g5: g[5],
                g6: g[6],
                g7: g[7],
                bz,
                beta,
                w_lo,
                w_hi,
                beta_sq: beta * beta,
                nz: 1 - bz,
                r_norm: {
                    let (lo, hi) = (BaseField::from(rv & 0xffff), BaseField::from(rv >> 16));
                    (lo * lo + hi * hi).0
                },
            };
            let row = [operands.to_vec(), rest.to_vec()].concat();
            count_lookups(&row, row_lookups, lookups);
            row
        })
        .collect()
}

/// The carries γ0..γ7 of the identity A = Q·B + R for dividend `a`, divisor `b`, quotient
/// `quotient` (its true value: q = quotient mod 2^32, sq = [quotient < 0]) and remainder `r`.
pub(crate) fn identity_carries(signed: bool, a: u32, b: u32, quotient: i64, r: u32) -> Vec<u32> {
    let (ax, bx) = (bytes_of(extend(a, signed)), bytes_of(extend(b, signed)));
    let (qx, rx) = (bytes_of(quotient as u64), bytes_of(extend(r, signed)));
    let extra: Vec<i64> = (0..8).map(|m| rx[m] as i64 - ax[m] as i64).collect();
    carries(&qx, &bx, &extra)
}

/// (β, w.lo, w.hi) of the remainder bound: D = |b| − |r| − 1 computed from the complemented
/// limbs, β the borrow that puts w.lo in [0, 2^16); w.hi is negative (a large field element)
/// exactly when |r| ≥ |b|.
pub(crate) fn bound_cells(signed: bool, b: u32, r: u32) -> (u32, u32, u32) {
    let (sb, sr) = if signed {
        (i64::from(b >> 31), i64::from(r >> 31))
    } else {
        (0, 0)
    };
    let bar = |x: u32, s: i64| if s == 1 { !x } else { x };
    let (b_bar, r_bar) = (bar(b, sb), bar(r, sr));
    let limb = i64::from(LIMB);
    let low = i64::from(b_bar & 0xffff) - i64::from(r_bar & 0xffff) + sb - sr - 1;
    let beta = if low >= 0 {
        0
    } else if low + limb >= 0 {
        1
    } else {
        2
    };
    let w_lo = low + limb * beta;
    let w_hi = i64::from(b_bar >> 16) - i64::from(r_bar >> 16) - beta;
    (beta as u32, fe_signed(w_lo), fe_signed(w_hi))
}

/// The instance of a division opcode.
pub(crate) fn component_id(op: Opcode) -> ComponentId {
    match op {
        Opcode::Div => ComponentId::Div,
        Opcode::Divu => ComponentId::Divu,
        Opcode::Rem => ComponentId::Rem,
        _ => ComponentId::Remu,
    }
}

#[cfg(test)]
mod tests;
