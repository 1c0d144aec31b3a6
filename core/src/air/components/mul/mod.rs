//! **Mul** (MUL) and **MulHigh** (MULH, MULHSU, MULHU): one instance per opcode.
//!
//! Row: the operands (`bytes`: CTRL (en, pc, clk), the ROM fields rd', rs1, rs2, the reads of
//! rs1 = a and rs2 = b, the write of rd (old value d), the split columns of a and b), then the
//! product as bytes with exact carries (the byte blocks are `bytes`'):
//! - operand bytes: split columns a0, a2, b0, b2; a1 = (a.lo − a0)/256 and a3 = (a.hi − a2)/256
//!   are expressions. And8 lookups prove every operand byte is a byte. MulHigh proves the two top
//!   bytes with `And8(a3, 128, 128·sa)` and `And8(b3, 128, 128·sb)`, which also make sa, sb the
//!   sign bits of a and b;
//! - the result bytes c0..c3 (MUL) or c0..c7 (MulHigh), checked in pairs with And8;
//! - column equations, for m = 0..3 (MUL) or 0..7 (MulHigh):
//!   `Σ_{i+j=m} x_i·y_j + γ_{m−1} − c_m − 256·γ_m = 0` (degree 2, γ_{−1} = 0), with Rc16(γ_m).
//!   MUL uses the bytes of a and b. MulHigh uses the 8-byte sign extensions: x_i = a_i for i < 4
//!   and x_i = 255·sa for i ≥ 4 when a is signed (MULH, MULHSU), 0 otherwise; the same for b
//!   (signed only in MULH). Every column sum is below 8·255² + 2^16, and 256·γ_m < 2^24, so each
//!   equation holds over the integers, and summing them with weights 256^m gives
//!   Σ c_m·256^m + 256^n·γ_{n−1} = x·y, i.e. c = x·y mod 2^(8n). MUL writes bytes 0..3 of a·b,
//!   MulHigh bytes 4..7 of the sign-extended product, the high word of the 64-bit product.
//!   The written limbs (c0 + 256·c1, c2 + 256·c3) are canonical because their bytes are.
//!
//! What it proves: the instruction at pc is this MUL/MULH/MULHSU/MULHU, and rd receives the low
//! (MUL) or high word of the product of rs1 and rs2, each read as signed or unsigned as the
//! opcode says.

pub(crate) mod bytes;

use crate::air::bus::Bus;
use crate::air::columns::columns;
use crate::air::components::ComponentId;
use crate::air::framework::Air;
use crate::air::rom::tag;
use crate::air::row::Row;
use crate::air::witness::{Lookups, StepWitness};
use crate::isa::Opcode;
use bytes::{
    and8, and8_lookup, count_lookups, extend, fill_operands, join, operand_bytes,
    operand_bytes_value, product_cells, product_equals, rc16_lookup, read_row, register_op,
    sign_extended, signed_operand_lookups, signed_operands, word_bytes_of, Lookup, OperandCols,
};
use std::sync::OnceLock;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// MUL columns after the operands ([`OperandCols`]).
    pub(crate) struct LowCols {
        c0, c1, c2, c3,
        n_a01, n_a23, n_b01, n_b23, n_c01, n_c23,
        g0, g1, g2, g3,
    }
}

columns! {
    /// MULH, MULHSU, MULHU columns after the operands ([`OperandCols`]).
    pub(crate) struct HighCols {
        sa, sb,
        c0, c1, c2, c3, c4, c5, c6, c7,
        n_a01, n_b01, n_ab2, n_c01, n_c23, n_c45, n_c67,
        g0, g1, g2, g3, g4, g5, g6, g7,
    }
}

/// One multiply instance: `Mul`, `Mulh`, `Mulhsu` or `Mulhu`.
#[derive(Clone, Debug)]
pub(crate) struct MulAir {
    pub op: Opcode,
}

impl MulAir {
    /// Whether rs1 and rs2 are read as signed.
    fn signed(&self) -> (bool, bool) {
        match self.op {
            Opcode::Mulh => (true, true),
            Opcode::Mulhsu => (true, false),
            _ => (false, false),
        }
    }
}

impl Air for MulAir {
    fn name(&self) -> &'static str {
        match self.op {
            Opcode::Mul => "mul",
            Opcode::Mulh => "mulh",
            Opcode::Mulhsu => "mulhsu",
            _ => "mulhu",
        }
    }

    fn columns(&self) -> &'static [&'static str] {
        static NAMES: [OnceLock<Vec<&'static str>>; 2] = [OnceLock::new(), OnceLock::new()];
        let (slot, rest) = if self.op == Opcode::Mul {
            (0, LowCols::<()>::names())
        } else {
            (1, HighCols::<()>::names())
        };
        NAMES[slot].get_or_init(|| [OperandCols::<()>::names(), rest].concat())
    }

    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        if self.op == Opcode::Mul {
            evaluate_low(bus, eval);
        } else {
            evaluate_high(self.op, self.signed(), bus, eval);
        }
    }
}

fn evaluate_low<E: EvalAtRow>(bus: &Bus, eval: &mut Row<E>) {
    let o = OperandCols::read(|| eval.next_trace_mask());
    let c = LowCols::read(|| eval.next_trace_mask());
    let [a, b] = operand_bytes::<E>(&o);
    let cb = [c.c0, c.c1, c.c2, c.c3];
    let result = [join::<E>(&cb[0], &cb[1]), join::<E>(&cb[2], &cb[3])];
    register_op(eval, bus, tag(Opcode::Mul), &o, result);
    let en = &o.en;
    and8(eval, bus, en, &a[0], &a[1], c.n_a01);
    and8(eval, bus, en, &a[2], &a[3], c.n_a23);
    and8(eval, bus, en, &b[0], &b[1], c.n_b01);
    and8(eval, bus, en, &b[2], &b[3], c.n_b23);
    and8(eval, bus, en, &cb[0], &cb[1], c.n_c01);
    and8(eval, bus, en, &cb[2], &cb[3], c.n_c23);

    let x: Vec<Option<E::F>> = a.into_iter().map(Some).collect();
    let y: Vec<Option<E::F>> = b.into_iter().map(Some).collect();
    let g = [c.g0, c.g1, c.g2, c.g3];
    product_equals(eval, bus, en, [&x, &y], cb.to_vec(), &g);
}

fn evaluate_high<E: EvalAtRow>(op: Opcode, signed: (bool, bool), bus: &Bus, eval: &mut Row<E>) {
    let o = OperandCols::read(|| eval.next_trace_mask());
    let c = HighCols::read(|| eval.next_trace_mask());
    let ab = operand_bytes::<E>(&o);
    let cb = [c.c0, c.c1, c.c2, c.c3, c.c4, c.c5, c.c6, c.c7];
    let result = [join::<E>(&cb[4], &cb[5]), join::<E>(&cb[6], &cb[7])];
    register_op(eval, bus, tag(op), &o, result);
    let en = &o.en;
    let n = [c.n_a01, c.n_b01, c.n_ab2];
    signed_operands(eval, bus, en, &ab, [&c.sa, &c.sb], n);
    let pairs = [c.n_c01, c.n_c23, c.n_c45, c.n_c67];
    for (i, n) in pairs.into_iter().enumerate() {
        and8(eval, bus, en, &cb[2 * i], &cb[2 * i + 1], n);
    }

    let [a, b] = ab;
    let x = sign_extended::<E>(a, signed.0.then_some(&c.sa));
    let y = sign_extended::<E>(b, signed.1.then_some(&c.sb));
    let g = [c.g0, c.g1, c.g2, c.g3, c.g4, c.g5, c.g6, c.g7];
    product_equals(eval, bus, en, [&x, &y], cb.to_vec(), &g);
}

/// The arithmetic lookups (And8 and Rc16, not the state/ROM/memory ones) a row of `op` makes,
/// replayed from its cells exactly as `evaluate` states them.
pub(crate) fn row_lookups(op: Opcode, row: &[BaseField]) -> Vec<Lookup> {
    let mut out = Vec::new();
    if op == Opcode::Mul {
        let (o, c) = read_row(row, |next| LowCols::read(next));
        let [a, b] = operand_bytes_value(&o);
        out.push(and8_lookup(o.en, a[0], a[1], c.n_a01));
        out.push(and8_lookup(o.en, a[2], a[3], c.n_a23));
        out.push(and8_lookup(o.en, b[0], b[1], c.n_b01));
        out.push(and8_lookup(o.en, b[2], b[3], c.n_b23));
        out.push(and8_lookup(o.en, c.c0, c.c1, c.n_c01));
        out.push(and8_lookup(o.en, c.c2, c.c3, c.n_c23));
        for g in [c.g0, c.g1, c.g2, c.g3] {
            out.push(rc16_lookup(o.en, g));
        }
    } else {
        let (o, c) = read_row(row, |next| HighCols::read(next));
        let ab = operand_bytes_value(&o);
        let n = [c.n_a01, c.n_b01, c.n_ab2];
        out.extend(signed_operand_lookups(o.en, ab, [c.sa, c.sb], n));
        let cb = [c.c0, c.c1, c.c2, c.c3, c.c4, c.c5, c.c6, c.c7];
        let pairs = [c.n_c01, c.n_c23, c.n_c45, c.n_c67];
        for (i, n) in pairs.into_iter().enumerate() {
            out.push(and8_lookup(o.en, cb[2 * i], cb[2 * i + 1], n));
        }
        for g in [c.g0, c.g1, c.g2, c.g3, c.g4, c.g5, c.g6, c.g7] {
            out.push(rc16_lookup(o.en, g));
        }
    }
    out
}

/// One row per step of `op`.
pub(crate) fn fill(op: Opcode, steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    let air = MulAir { op };
    let (sa_signed, sb_signed) = air.signed();
    steps
        .iter()
        .map(|s| {
            let (operands, [av, bv, dv]) = fill_operands(s, lookups);
            let (ab, bb) = (word_bytes_of(av), word_bytes_of(bv));
            let rest = if op == Opcode::Mul {
                assert_eq!(av.wrapping_mul(bv), dv, "MUL result");
                let (c, g) = product_cells(u64::from(av), u64::from(bv), 4);
                LowCols {
                    c0: c[0],
                    c1: c[1],
                    c2: c[2],
                    c3: c[3],
                    n_a01: ab[0] & ab[1],
                    n_a23: ab[2] & ab[3],
                    n_b01: bb[0] & bb[1],
                    n_b23: bb[2] & bb[3],
                    n_c01: c[0] & c[1],
                    n_c23: c[2] & c[3],
                    g0: g[0],
                    g1: g[1],
                    g2: g[2],
                    g3: g[3],
                }
                .to_vec()
            } else {
                let (x, y) = (extend(av, sa_signed), extend(bv, sb_signed));
                assert_eq!((x.wrapping_mul(y) >> 32) as u32, dv, "{op:?} result");
                let (c, g) = product_cells(x, y, 8);
                HighCols {
                    sa: av >> 31,
                    sb: bv >> 31,
                    c0: c[0],
                    c1: c[1],
                    c2: c[2],
                    c3: c[3],
                    c4: c[4],
                    c5: c[5],
                    c6: c[6],
                    c7: c[7],
                    n_a01: ab[0] & ab[1],
                    n_b01: bb[0] & bb[1],
                    n_ab2: ab[2] & bb[2],
                    n_c01: c[0] & c[1],
                    n_c23: c[2] & c[3],
                    n_c45: c[4] & c[5],
                    n_c67: c[6] & c[7],
                    g0: g[0],
                    g1: g[1],
                    g2: g[2],
                    g3: g[3],
                    g4: g[4],
                    g5: g[5],
                    g6: g[6],
                    g7: g[7],
                }
                .to_vec()
            };
            let row = [operands.to_vec(), rest].concat();
            count_lookups(&row, |cells| row_lookups(op, cells), lookups);
            row
        })
        .collect()
}

/// The instance of a multiply opcode.
pub(crate) fn component_id(op: Opcode) -> ComponentId {
    match op {
        Opcode::Mul => ComponentId::Mul,
        Opcode::Mulh => ComponentId::Mulh,
        Opcode::Mulhsu => ComponentId::Mulhsu,
        _ => ComponentId::Mulhu,
    }
}

#[cfg(test)]
pub(crate) mod tests;
