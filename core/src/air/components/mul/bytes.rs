//! **Byte arithmetic**: the blocks the multiply (`mul`) and division (`div_rem`) rows share.
//!
//! - **Register operation** ([`OperandCols`], the first columns of both rows; [`register_op`]):
//!   CTRL (next pc = pc + 4, ROM fields rd', rs1, rs2), the reads of rs1 = a (slot 0) and
//!   rs2 = b (slot 1) and the write of the result to rd (slot 2, old value d).
//! - **Byte splits** ([`operand_bytes`], [`word_bytes`]): the bytes of a word from its limbs and
//!   the split columns x0, x2, with x1 = (lo − x0)/256 and x3 = (hi − x2)/256 expressions; they
//!   are bytes only once looked up: [`and8`] proves two bytes, [`sign_byte`] a byte and its top
//!   bit, and [`signed_operands`] every byte of a and b and their sign bits sa, sb.
//! - **Sign extension** ([`sign_extended`]): the 8 bytes of a word's 64-bit extension, the top
//!   four 255·s for a signed word of sign bit s and 0 for an unsigned one.
//! - **Column sums with carries** ([`product_columns`], [`carry_chain`], [`product_equals`]):
//!   S_m = Σ_{i+j=m} x_i·y_j, and `T_m + γ_{m−1} − 256·γ_m = 0` for the caller's terms T_m
//!   (γ_{−1} = 0) with Rc16(γ_m). When the terms are small enough that each equation holds over
//!   the integers (the callers bound them), summing with weights 256^m gives
//!   Σ 256^m·T_m = 256^n·γ_{n−1} ≡ 0 mod 2^(8n).
//!
//! What it proves: the instruction at pc has the row's tag and fields; rs1 and rs2 hold a and b,
//! whose split bytes are those of the words when looked up; rd receives the given result; and
//! the terms balance as integers byte column by byte column (e.g. c = x·y mod 2^(8n) for
//! [`product_equals`]).
//!
//! The trace side fills the same cells ([`fill_operands`], [`product_cells`], [`carries`]) and
//! replays a row's table lookups from its cells ([`Lookup`]), so that honest rows count them
//! and forged test rows move them exactly.

use crate::air::bus::{use_tuple, Bus, Rel};
use crate::air::columns::columns;
use crate::air::gadgets::{
    fill_instr, instr_control, instr_row, instr_row_cells, k, rc16, register_accesses, Regs,
};
use crate::air::row::Row;
use crate::air::witness::{Lookups, StepWitness};
use stwo::core::fields::m31::{BaseField, P};
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// The register operation and the split columns of a and b: the first columns of every
    /// multiply and division row.
    pub(crate) struct OperandCols {
        en, pc, clk, rd, rs1, rs2,
        a_lo, a_hi, a_ts, a_dh,
        b_lo, b_hi, b_ts, b_dh,
        d_lo, d_hi, d_ts, d_dh,
        a0, a2, b0, b2,
    }
}

/// CTRL (next pc = pc + 4, ROM fields rd', rs1, rs2), the reads of rs1 (slot 0) and rs2
/// (slot 1) and the write of `result` to rd (slot 2).
pub(crate) fn register_op<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    tag: u32,
    o: &OperandCols<E::F>,
    result: [E::F; 2],
) {
    let row = instr_row!(o, [rs1, rs2, rd]);
    instr_control(eval, bus, &row, tag, None, &[]);
    register_accesses(eval, bus, &row, Some(result));
}

/// The bytes of a and b ([`word_bytes`] of their limbs and split columns).
pub(crate) fn operand_bytes<E: EvalAtRow>(o: &OperandCols<E::F>) -> [[E::F; 4]; 2] {
    [
        word_bytes::<E>(&o.a_lo, &o.a_hi, &o.a0, &o.a2),
        word_bytes::<E>(&o.b_lo, &o.b_hi, &o.b0, &o.b2),
    ]
}

/// The bytes (x0, x1, x2, x3) of a word from its limbs and its split columns x0, x2:
/// x1 = (lo − x0)/256, x3 = (hi − x2)/256.
pub(crate) fn word_bytes<E: EvalAtRow>(lo: &E::F, hi: &E::F, x0: &E::F, x2: &E::F) -> [E::F; 4] {
    let inv = BaseField::from(256u32).inverse();
    [
        x0.clone(),
        (lo.clone() - x0.clone()) * inv,
        x2.clone(),
        (hi.clone() - x2.clone()) * inv,
    ]
}

/// The limb `low + 256·high` of two bytes.
pub(crate) fn join<E: EvalAtRow>(low: &E::F, high: &E::F) -> E::F {
    low.clone() + high.clone() * BaseField::from(256u32)
}

/// `And8(x, y, z)` ×mult: x, y are bytes and z = x & y.
pub(crate) fn and8<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    mult: &E::F,
    x: &E::F,
    y: &E::F,
    z: E::F,
) {
    use_tuple(
        eval,
        bus,
        Rel::And8,
        mult.clone(),
        &[x.clone(), y.clone(), z],
    );
}

/// `And8(x, 128, 128·s)` ×mult: x is a byte and s its top bit (so s is boolean).
pub(crate) fn sign_byte<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    mult: &E::F,
    x: &E::F,
    s: &E::F,
) {
    let z = s.clone() * BaseField::from(128u32);
    and8(eval, bus, mult, x, &k(128), z);
}

/// The bytes of two signed-or-not operands ×en: `And8(a0, a1, n_a01)`, `And8(b0, b1, n_b01)`,
/// `And8(a2, b2, n_ab2)` for `n` = (n_a01, n_b01, n_ab2), then [`sign_byte`] of a3 and b3 with
/// `signs` = (sa, sb). Every byte of a and b is a byte, and sa, sb are their sign bits.
pub(crate) fn signed_operands<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    en: &E::F,
    [a, b]: &[[E::F; 4]; 2],
    [sa, sb]: [&E::F; 2],
    [n_a01, n_b01, n_ab2]: [E::F; 3],
) {
    and8(eval, bus, en, &a[0], &a[1], n_a01);
    and8(eval, bus, en, &b[0], &b[1], n_b01);
    and8(eval, bus, en, &a[2], &b[2], n_ab2);
    sign_byte(eval, bus, en, &a[3], sa);
    sign_byte(eval, bus, en, &b[3], sb);
}

/// The 8 bytes of a word's 64-bit sign extension: its 4 bytes, then 255·s four times (None
/// when the word is unsigned).
pub(crate) fn sign_extended<E: EvalAtRow>(
    bytes: [E::F; 4],
    sign: Option<&E::F>,
) -> Vec<Option<E::F>> {
    let fill = sign.map(|s| s.clone() * BaseField::from(255u32));
    let mut x: Vec<Option<E::F>> = bytes.into_iter().map(Some).collect();
    x.extend(std::iter::repeat_n(fill, 4));
    x
}

/// Column sums `S_m = Σ_{i+j=m} x_i·y_j` for m < n (None entries are zero).
pub(crate) fn product_columns<E: EvalAtRow>(
    x: &[Option<E::F>],
    y: &[Option<E::F>],
    n: usize,
) -> Vec<E::F> {
    (0..n)
        .map(|m| {
            let mut sum = k::<E::F>(0);
            for (i, xi) in x.iter().enumerate().take(m + 1) {
                if let (Some(xi), Some(Some(yj))) = (xi, y.get(m - i)) {
                    sum += xi.clone() * yj.clone();
                }
            }
            sum
        })
        .collect()
}

/// `terms_m + γ_{m−1} − 256·γ_m = 0` for every m (γ_{−1} = 0), and Rc16(γ_m) ×en.
pub(crate) fn carry_chain<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    en: &E::F,
    terms: Vec<E::F>,
    carries: &[E::F],
) {
    let mut prev = k::<E::F>(0);
    for (term, g) in terms.into_iter().zip(carries) {
        eval.add_constraint(term + prev - g.clone() * BaseField::from(256u32));
        rc16(eval, bus, en, g.clone());
        prev = g.clone();
    }
}

/// c = x·y mod 2^(8n) for n = `c.len()` bytes c_m: the [`carry_chain`] of the terms S_m − c_m.
pub(crate) fn product_equals<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    en: &E::F,
    [x, y]: [&[Option<E::F>]; 2],
    c: Vec<E::F>,
    carries: &[E::F],
) {
    let terms = product_columns::<E>(x, y, c.len())
        .into_iter()
        .zip(c)
        .map(|(s, c)| s - c)
        .collect();
    carry_chain(eval, bus, en, terms, carries);
}

// ---------------------------------------------------------------------------------------------
// Trace side.

/// A table lookup made by an arithmetic check, with the values the constraints see (field
/// elements, so that a forged row's lookups can be recomputed exactly) and its multiplicity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Lookup {
    pub mult: BaseField,
    pub table: Table,
}

/// Which table a [`Lookup`] hits, and the tuple.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Table {
    Rc16(BaseField),
    And8(BaseField, BaseField, BaseField),
}

impl Lookup {
    /// Counts an honest lookup (multiplicity 0 or 1, values in range).
    pub(crate) fn count(&self, lookups: &mut Lookups) {
        if self.mult == BaseField::from(0u32) {
            return;
        }
        debug_assert_eq!(self.mult, BaseField::from(1u32));
        match self.table {
            Table::Rc16(v) => {
                debug_assert!(v.0 < 1 << 16, "Rc16({})", v.0);
                lookups.rc16(v.0);
            }
            Table::And8(x, y, z) => {
                debug_assert!(x.0 < 256 && y.0 < 256 && z.0 == x.0 & y.0);
                lookups.and8(x.0, y.0);
            }
        }
    }
}

/// Counts the lookups `replay` finds in the honest row `row`.
pub(crate) fn count_lookups(
    row: &[u32],
    replay: impl FnOnce(&[BaseField]) -> Vec<Lookup>,
    lookups: &mut Lookups,
) {
    let cells: Vec<BaseField> = row.iter().map(|&v| fe(v)).collect();
    for l in replay(&cells) {
        l.count(lookups);
    }
}

/// A row's operand cells and, read by `rest`, the cells after them (missing cells read as 0).
pub(crate) fn read_row<C>(
    row: &[BaseField],
    rest: impl FnOnce(&mut dyn FnMut() -> BaseField) -> C,
) -> (OperandCols<BaseField>, C) {
    let mut cells = row.iter().copied();
    let mut next = || cells.next().unwrap_or_default();
    (OperandCols::read(&mut next), rest(&mut next))
}

/// A cell value as a field element.
pub(crate) fn fe(x: u32) -> BaseField {
    BaseField::from(x)
}

/// A signed integer as a field element (for witness cells that may be negative).
pub(crate) fn fe_signed(x: i64) -> u32 {
    x.rem_euclid(i64::from(P)) as u32
}

/// Concrete version of [`operand_bytes`].
pub(crate) fn operand_bytes_value(o: &OperandCols<BaseField>) -> [[BaseField; 4]; 2] {
    [
        word_bytes_value(o.a_lo, o.a_hi, o.a0, o.a2),
        word_bytes_value(o.b_lo, o.b_hi, o.b0, o.b2),
    ]
}

/// Concrete version of [`word_bytes`].
pub(crate) fn word_bytes_value(
    lo: BaseField,
    hi: BaseField,
    x0: BaseField,
    x2: BaseField,
) -> [BaseField; 4] {
    let inv = BaseField::from(256u32).inverse();
    [x0, (lo - x0) * inv, x2, (hi - x2) * inv]
}

/// `And8(x, y, z)` with multiplicity `mult`.
pub(crate) fn and8_lookup(mult: BaseField, x: BaseField, y: BaseField, z: BaseField) -> Lookup {
    Lookup {
        mult,
        table: Table::And8(x, y, z),
    }
}

/// `Rc16(v)` with multiplicity `mult`.
pub(crate) fn rc16_lookup(mult: BaseField, v: BaseField) -> Lookup {
    Lookup {
        mult,
        table: Table::Rc16(v),
    }
}

/// The lookups of [`signed_operands`], replayed from the cells.
pub(crate) fn signed_operand_lookups(
    en: BaseField,
    [a, b]: [[BaseField; 4]; 2],
    [sa, sb]: [BaseField; 2],
    [n_a01, n_b01, n_ab2]: [BaseField; 3],
) -> [Lookup; 5] {
    let f128 = fe(128);
    [
        and8_lookup(en, a[0], a[1], n_a01),
        and8_lookup(en, b[0], b[1], n_b01),
        and8_lookup(en, a[2], b[2], n_ab2),
        and8_lookup(en, a[3], f128, sa * f128),
        and8_lookup(en, b[3], f128, sb * f128),
    ]
}

/// The bytes of a 64-bit value, least significant first.
pub(crate) fn bytes_of(x: u64) -> [u64; 8] {
    std::array::from_fn(|i| (x >> (8 * i)) & 0xff)
}

/// The four bytes of a word, least significant first.
pub(crate) fn word_bytes_of(x: u32) -> [u32; 4] {
    x.to_le_bytes().map(u32::from)
}

/// A word's 64-bit extension: sign-extended if `signed`, zero-extended otherwise.
pub(crate) fn extend(x: u32, signed: bool) -> u64 {
    if signed {
        x as i32 as i64 as u64
    } else {
        u64::from(x)
    }
}

/// Honest carries of the column equations `Σ_{i+j=m} x_i·y_j + extra_m + γ_{m−1} = 256·γ_m`,
/// m < `extra.len()`.
pub(crate) fn carries(x: &[u64; 8], y: &[u64; 8], extra: &[i64]) -> Vec<u32> {
    let mut carry = 0i64;
    extra
        .iter()
        .enumerate()
        .map(|(m, &e)| {
            let sum: u64 = (0..=m).map(|i| x[i] * y[m - i]).sum();
            let t = sum as i64 + e + carry;
            assert!(t >= 0 && t % 256 == 0, "column {m} does not balance: {t}");
            carry = t / 256;
            carry as u32
        })
        .collect()
}

/// The cells of [`product_equals`] for 64-bit operands: the 8 bytes of x·y mod 2^64 and the
/// carries of the first `n` column equations.
pub(crate) fn product_cells(x: u64, y: u64, n: usize) -> ([u32; 8], Vec<u32>) {
    let c = bytes_of(x.wrapping_mul(y));
    let extra: Vec<i64> = c[..n].iter().map(|&c| -(c as i64)).collect();
    let g = carries(&bytes_of(x), &bytes_of(y), &extra);
    (c.map(|c| c as u32), g)
}

/// The operand cells of step `s` (reads of rs1 and rs2, the write of rd: its accesses 0, 1, 2),
/// recording the ROM fetch and the accesses' lookups; also a, b and the value written to rd.
pub(crate) fn fill_operands(
    s: &StepWitness,
    lookups: &mut Lookups,
) -> (OperandCols<u32>, [u32; 3]) {
    let f = fill_instr(s, lookups, Regs::REG);
    let [a, b, d] = [f.rs1.access, f.rs2.access, f.rd.access];
    let (ab, bb) = (word_bytes_of(a.value), word_bytes_of(b.value));
    let cells = instr_row_cells!(
        OperandCols {
            a0: ab[0],
            a2: ab[2],
            b0: bb[0],
            b2: bb[2],
        },
        f,
        [rs1, rs2, rd]
    );
    (cells, [a.value, b.value, d.value])
}
