//! **Mul** (MUL) and **MulHigh** (MULH, MULHSU, MULHU): one instance per opcode.
//!
//! Row: CTRL (en, pc, clk), the ROM fields rd', rs1, rs2, the reads of rs1 = a and rs2 = b, the
//! write of rd (old value d), and the product as bytes with exact carries:
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

use crate::air::bus::{use_tuple, Bus, Rel, SPACE_REG};
use crate::air::columns::columns;
use crate::air::components::ComponentId;
use crate::air::framework::Air;
use crate::air::gadgets::{access, control, fill_access, hi, k, lo, rc16};
use crate::air::rom::tag;
use crate::air::witness::{Access, Lookups, StepWitness};
use crate::isa::Opcode;
use stwo::core::fields::m31::{BaseField, P};
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// MUL columns.
    pub(crate) struct LowCols {
        en, pc, clk, rd, rs1, rs2,
        a_lo, a_hi, a_ts, a_dh,
        b_lo, b_hi, b_ts, b_dh,
        d_lo, d_hi, d_ts, d_dh,
        a0, a2, b0, b2,
        c0, c1, c2, c3,
        n_a01, n_a23, n_b01, n_b23, n_c01, n_c23,
        g0, g1, g2, g3,
    }
}

columns! {
    /// MULH, MULHSU, MULHU columns.
    pub(crate) struct HighCols {
        en, pc, clk, rd, rs1, rs2,
        a_lo, a_hi, a_ts, a_dh,
        b_lo, b_hi, b_ts, b_dh,
        d_lo, d_hi, d_ts, d_dh,
        a0, a2, b0, b2, sa, sb,
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
        if self.op == Opcode::Mul {
            LowCols::<()>::names()
        } else {
            HighCols::<()>::names()
        }
    }

    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut E) {
        if self.op == Opcode::Mul {
            evaluate_low(bus, eval);
        } else {
            evaluate_high(self.op, self.signed(), bus, eval);
        }
    }
}

fn evaluate_low<E: EvalAtRow>(bus: &Bus, eval: &mut E) {
    let c = LowCols::read(|| eval.next_trace_mask());
    let a = word_bytes::<E>(&c.a_lo, &c.a_hi, &c.a0, &c.a2);
    let b = word_bytes::<E>(&c.b_lo, &c.b_hi, &c.b0, &c.b2);
    let cb = [c.c0, c.c1, c.c2, c.c3];
    let result = [join::<E>(&cb[0], &cb[1]), join::<E>(&cb[2], &cb[3])];
    register_op(
        eval,
        bus,
        tag(Opcode::Mul),
        [&c.en, &c.pc, &c.clk, &c.rd, &c.rs1, &c.rs2],
        [c.a_lo, c.a_hi, c.a_ts, c.a_dh],
        [c.b_lo, c.b_hi, c.b_ts, c.b_dh],
        [c.d_lo, c.d_hi, c.d_ts, c.d_dh],
        result,
    );
    let en = &c.en;
    and8(eval, bus, en, &a[0], &a[1], c.n_a01);
    and8(eval, bus, en, &a[2], &a[3], c.n_a23);
    and8(eval, bus, en, &b[0], &b[1], c.n_b01);
    and8(eval, bus, en, &b[2], &b[3], c.n_b23);
    and8(eval, bus, en, &cb[0], &cb[1], c.n_c01);
    and8(eval, bus, en, &cb[2], &cb[3], c.n_c23);

    let x: Vec<Option<E::F>> = a.into_iter().map(Some).collect();
    let y: Vec<Option<E::F>> = b.into_iter().map(Some).collect();
    let terms = product_columns::<E>(&x, &y, 4)
        .into_iter()
        .zip(cb)
        .map(|(s, c)| s - c)
        .collect();
    carry_chain(eval, bus, en, terms, &[c.g0, c.g1, c.g2, c.g3]);
}

fn evaluate_high<E: EvalAtRow>(op: Opcode, signed: (bool, bool), bus: &Bus, eval: &mut E) {
    let c = HighCols::read(|| eval.next_trace_mask());
    let a = word_bytes::<E>(&c.a_lo, &c.a_hi, &c.a0, &c.a2);
    let b = word_bytes::<E>(&c.b_lo, &c.b_hi, &c.b0, &c.b2);
    let cb = [c.c0, c.c1, c.c2, c.c3, c.c4, c.c5, c.c6, c.c7];
    let result = [join::<E>(&cb[4], &cb[5]), join::<E>(&cb[6], &cb[7])];
    register_op(
        eval,
        bus,
        tag(op),
        [&c.en, &c.pc, &c.clk, &c.rd, &c.rs1, &c.rs2],
        [c.a_lo, c.a_hi, c.a_ts, c.a_dh],
        [c.b_lo, c.b_hi, c.b_ts, c.b_dh],
        [c.d_lo, c.d_hi, c.d_ts, c.d_dh],
        result,
    );
    let en = &c.en;
    and8(eval, bus, en, &a[0], &a[1], c.n_a01);
    and8(eval, bus, en, &b[0], &b[1], c.n_b01);
    and8(eval, bus, en, &a[2], &b[2], c.n_ab2);
    sign_byte(eval, bus, en, &a[3], &c.sa);
    sign_byte(eval, bus, en, &b[3], &c.sb);
    let pairs = [c.n_c01, c.n_c23, c.n_c45, c.n_c67];
    for (i, n) in pairs.into_iter().enumerate() {
        and8(eval, bus, en, &cb[2 * i], &cb[2 * i + 1], n);
    }

    let x = sign_extended::<E>(a, signed.0.then_some(&c.sa));
    let y = sign_extended::<E>(b, signed.1.then_some(&c.sb));
    let terms = product_columns::<E>(&x, &y, 8)
        .into_iter()
        .zip(cb)
        .map(|(s, c)| s - c)
        .collect();
    let g = [c.g0, c.g1, c.g2, c.g3, c.g4, c.g5, c.g6, c.g7];
    carry_chain(eval, bus, en, terms, &g);
}

// ---------------------------------------------------------------------------------------------
// Blocks shared with `div_rem`.

/// CTRL (next pc = pc + 4, ROM fields rd', rs1, rs2), the reads of rs1 (slot 0) and rs2
/// (slot 1) and the write of `result` to rd (slot 2). `ctrl` = (en, pc, clk, rd, rs1, rs2);
/// `a`, `b` = (lo, hi, prev_ts, dh) of the reads; `d` = (prev lo, prev hi, prev_ts, dh) of the
/// write.
#[allow(clippy::too_many_arguments)]
pub(crate) fn register_op<E: EvalAtRow>(
    eval: &mut E,
    bus: &Bus,
    tag: u32,
    ctrl: [&E::F; 6],
    a: [E::F; 4],
    b: [E::F; 4],
    d: [E::F; 4],
    result: [E::F; 2],
) {
    let [en, pc, clk, rd, rs1, rs2] = ctrl;
    let next_pc = pc.clone() + k::<E::F>(4);
    let fields = [rd.clone(), rs1.clone(), rs2.clone()];
    control(eval, bus, en, pc, clk, next_pc, tag, &fields);
    let ts = clk.clone() * BaseField::from(3u32);
    let [a_lo, a_hi, a_ts, a_dh] = a;
    let a = [a_lo, a_hi];
    let (rs1, ts0) = (rs1.clone(), ts.clone());
    access(eval, bus, en, SPACE_REG, rs1, a.clone(), a, a_ts, ts0, a_dh);
    let [b_lo, b_hi, b_ts, b_dh] = b;
    let b = [b_lo, b_hi];
    let (rs2, ts1) = (rs2.clone(), ts.clone() + k::<E::F>(1));
    access(eval, bus, en, SPACE_REG, rs2, b.clone(), b, b_ts, ts1, b_dh);
    let [d_lo, d_hi, d_ts, d_dh] = d;
    let ts2 = ts + k::<E::F>(2);
    let rd = rd.clone();
    access(
        eval,
        bus,
        en,
        SPACE_REG,
        rd,
        [d_lo, d_hi],
        result,
        d_ts,
        ts2,
        d_dh,
    );
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
    eval: &mut E,
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
pub(crate) fn sign_byte<E: EvalAtRow>(eval: &mut E, bus: &Bus, mult: &E::F, x: &E::F, s: &E::F) {
    let z = s.clone() * BaseField::from(128u32);
    and8(eval, bus, mult, x, &k(128), z);
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
    eval: &mut E,
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

/// A cell value as a field element.
pub(crate) fn fe(x: u32) -> BaseField {
    BaseField::from(x)
}

/// A signed integer as a field element (for witness cells that may be negative).
pub(crate) fn fe_signed(x: i64) -> u32 {
    x.rem_euclid(i64::from(P)) as u32
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

/// The arithmetic lookups (And8 and Rc16, not the state/ROM/memory ones) a row of `op` makes,
/// replayed from its cells exactly as `evaluate` states them.
pub(crate) fn row_lookups(op: Opcode, row: &[BaseField]) -> Vec<Lookup> {
    let mut cells = row.iter().copied();
    let mut out = Vec::new();
    if op == Opcode::Mul {
        let c = LowCols::read(|| cells.next().unwrap_or_default());
        let a = word_bytes_value(c.a_lo, c.a_hi, c.a0, c.a2);
        let b = word_bytes_value(c.b_lo, c.b_hi, c.b0, c.b2);
        out.push(and8_lookup(c.en, a[0], a[1], c.n_a01));
        out.push(and8_lookup(c.en, a[2], a[3], c.n_a23));
        out.push(and8_lookup(c.en, b[0], b[1], c.n_b01));
        out.push(and8_lookup(c.en, b[2], b[3], c.n_b23));
        out.push(and8_lookup(c.en, c.c0, c.c1, c.n_c01));
        out.push(and8_lookup(c.en, c.c2, c.c3, c.n_c23));
        for g in [c.g0, c.g1, c.g2, c.g3] {
            out.push(rc16_lookup(c.en, g));
        }
    } else {
        let c = HighCols::read(|| cells.next().unwrap_or_default());
        let a = word_bytes_value(c.a_lo, c.a_hi, c.a0, c.a2);
        let b = word_bytes_value(c.b_lo, c.b_hi, c.b0, c.b2);
        let f128 = fe(128);
        out.push(and8_lookup(c.en, a[0], a[1], c.n_a01));
        out.push(and8_lookup(c.en, b[0], b[1], c.n_b01));
        out.push(and8_lookup(c.en, a[2], b[2], c.n_ab2));
        out.push(and8_lookup(c.en, a[3], f128, c.sa * f128));
        out.push(and8_lookup(c.en, b[3], f128, c.sb * f128));
        let cb = [c.c0, c.c1, c.c2, c.c3, c.c4, c.c5, c.c6, c.c7];
        let pairs = [c.n_c01, c.n_c23, c.n_c45, c.n_c67];
        for (i, n) in pairs.into_iter().enumerate() {
            out.push(and8_lookup(c.en, cb[2 * i], cb[2 * i + 1], n));
        }
        for g in [c.g0, c.g1, c.g2, c.g3, c.g4, c.g5, c.g6, c.g7] {
            out.push(rc16_lookup(c.en, g));
        }
    }
    out
}

/// The bytes of a 64-bit value, least significant first.
pub(crate) fn bytes_of(x: u64) -> [u64; 8] {
    std::array::from_fn(|i| (x >> (8 * i)) & 0xff)
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

/// The access columns (lo, hi, prev_ts, dh) of a read, recording its lookups.
pub(crate) fn read_cells(lookups: &mut Lookups, a: &Access) -> [u32; 4] {
    let dh = fill_access(lookups, a);
    [lo(a.value), hi(a.value), a.prev_ts, dh]
}

/// The access columns (prev lo, prev hi, prev_ts, dh) of a write, recording its lookups.
pub(crate) fn write_cells(lookups: &mut Lookups, d: &Access) -> [u32; 4] {
    let dh = fill_access(lookups, d);
    [lo(d.prev_value), hi(d.prev_value), d.prev_ts, dh]
}

/// One row per step of `op`.
pub(crate) fn fill(op: Opcode, steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    let air = MulAir { op };
    let (sa_signed, sb_signed) = air.signed();
    steps
        .iter()
        .map(|s| {
            let [a, b, d] = [s.accesses[0], s.accesses[1], s.accesses[2]];
            lookups.prog(s.pc);
            let [a_lo, a_hi, a_ts, a_dh] = read_cells(lookups, &a);
            let [b_lo, b_hi, b_ts, b_dh] = read_cells(lookups, &b);
            let [d_lo, d_hi, d_ts, d_dh] = write_cells(lookups, &d);
            let (av, bv) = (a.value, b.value);
            let ab = bytes_of(u64::from(av));
            let bb = bytes_of(u64::from(bv));
            let row = if op == Opcode::Mul {
                let c = bytes_of(u64::from(av.wrapping_mul(bv)));
                assert_eq!(av.wrapping_mul(bv), d.value, "MUL result");
                let extra: Vec<i64> = c[..4].iter().map(|&c| -(c as i64)).collect();
                let g = carries(&ab, &bb, &extra);
                let c: Vec<u32> = c.iter().map(|&x| x as u32).collect();
                let ab: Vec<u32> = ab.iter().map(|&x| x as u32).collect();
                let bb: Vec<u32> = bb.iter().map(|&x| x as u32).collect();
                LowCols {
                    en: 1,
                    pc: s.pc,
                    clk: s.clk,
                    rd: d.addr,
                    rs1: a.addr,
                    rs2: b.addr,
                    a_lo,
                    a_hi,
                    a_ts,
                    a_dh,
                    b_lo,
                    b_hi,
                    b_ts,
                    b_dh,
                    d_lo,
                    d_hi,
                    d_ts,
                    d_dh,
                    a0: ab[0],
                    a2: ab[2],
                    b0: bb[0],
                    b2: bb[2],
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
                let extend = |v: u32, signed: bool| {
                    if signed {
                        v as i32 as i64 as u64
                    } else {
                        u64::from(v)
                    }
                };
                let x = extend(av, sa_signed);
                let y = extend(bv, sb_signed);
                let product = x.wrapping_mul(y);
                assert_eq!((product >> 32) as u32, d.value, "{op:?} result");
                let c = bytes_of(product);
                let extra: Vec<i64> = c.iter().map(|&c| -(c as i64)).collect();
                let g = carries(&bytes_of(x), &bytes_of(y), &extra);
                let c: Vec<u32> = c.iter().map(|&x| x as u32).collect();
                let ab: Vec<u32> = ab.iter().map(|&x| x as u32).collect();
                let bb: Vec<u32> = bb.iter().map(|&x| x as u32).collect();
                HighCols {
                    en: 1,
                    pc: s.pc,
                    clk: s.clk,
                    rd: d.addr,
                    rs1: a.addr,
                    rs2: b.addr,
                    a_lo,
                    a_hi,
                    a_ts,
                    a_dh,
                    b_lo,
                    b_hi,
                    b_ts,
                    b_dh,
                    d_lo,
                    d_hi,
                    d_ts,
                    d_dh,
                    a0: ab[0],
                    a2: ab[2],
                    b0: bb[0],
                    b2: bb[2],
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
            let cells: Vec<BaseField> = row.iter().map(|&v| fe(v)).collect();
            for l in row_lookups(op, &cells) {
                l.count(lookups);
            }
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
