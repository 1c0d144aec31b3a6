//! Row blocks shared by the instruction components.
//!
//! **Access** (offline memory checking): an access at timestamp `ts` to cell (space, addr)
//! uses the tuple (space, addr, prev, prev_ts) and yields (space, addr, value, ts), and proves
//! prev_ts < ts with `Rc16(ts − prev_ts − 1 − 2^13·dh)` and `Rc16(dh)`, i.e.
//! 0 ≤ ts − prev_ts − 1 ≤ (2^16 − 1)(1 + 2^13) (the two limbs overlap: any gap below 2^29 has a
//! witness, dh = gap >> 13). Every timestamp is below 2^29 ([`timestamp`] and the cycle cap), so
//! every gap a run can have is provable; and if ts ≤ prev_ts, ts − prev_ts − 1 mod p ≥ p − 2^29
//! exceeds the largest value the limbs can sum to (< 2^29 + 2^16), so an out-of-order access has
//! no witness. Four fractions, all ×en; columns prev_ts and dh (plus prev.lo, prev.hi for a
//! write). For a read, value = prev.
//!
//! **Address** (ADDR, loads and stores): the word index W and byte offset off of a + imm
//! (mod 2^32), for a register value a (limbs a.lo, a.hi) and the field element imm of a
//! sign-extended 12-bit immediate. Columns w0, ah and the offset bits of the access shape, each
//! constrained boolean: none for a word (off = 0), off1 for a half-word (off = 2·off1), off0 and
//! off1 for a byte (off = off0 + 2·off1). With k0 = (a.lo + imm − 4·w0 − off)/2^16 and
//! k1 = (a.hi + k0 − ah)/2^16, each in {−1, 0, 1} ([`signed_carry`], with its square in a
//! column: q0, q1), and Rc16(w0), Rc16(ah) (×en). Each carry equation is an integer equation
//! (both sides are far below p), and their sum gives, over the integers, 4·W + off = a + imm − 2^32·k1 with W = w0 + 2^14·ah. As
//! a + imm ∈ [−2^11, 2^32 + 2^11), either 4·W + off = (a + imm) mod 2^32 (W is the true word
//! index, off the true byte offset) or W ≥ 2^30, a word no RAM chain has (the verifier keeps
//! every memory region below 2^30), so the access of RAM word W could not be matched. The shape
//! fixes which offset bits exist, so a misaligned word (off ≠ 0) or half-word (off0 = 1)
//! address has no witness: a.lo + imm − off would have to be a multiple of 4.
//!
//! **Load/store** (the row a load or store shares, around its second register access): CTRL
//! with ROM fields (rd', rs1, imm) or (rs1, rs2, imm) and next_pc = pc + 4, the read of rs1 = a
//! in slot 0 ([`timestamp`]: 3·clk + 1), ADDR of a + imm, and the access of RAM word W in slot 1
//! that replaces its previous value by the row's new one (the same value for a load).
//!
//! **Instruction row** ([`InstrRow`], the register-register and register-immediate rows): CTRL
//! with ROM fields (rd', rs1, rs2 — those the row has — then the row's own), the read of rs1 = a
//! in slot 0 (columns rs1, a_lo, a_hi, a_ts, a_dh), the read of rs2 = b in slot 1 (columns
//! rs2, b_lo, b_hi, b_ts, b_dh) and the write of rd in slot 2 (columns rd and the old value
//! d_lo, d_hi, d_ts, d_dh), each where the row has it; slot s of cycle clk is timestamp
//! 3·clk + s + 1 ([`timestamp`]).

use super::bus::{use_tuple, yield_tuple, Bus, Rel, SPACE_RAM, SPACE_REG};
use super::witness::{Access, Lookups, StepWitness};
use crate::air::row::Row;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

/// Timestamps start at 1. The verifier's initial register tuples and a memory region's initial
/// words carry timestamp 0, and every access must come strictly after the tuple it replaces
/// (`ts − t_old − 1 ≥ 0`), so no access may have timestamp 0 itself: the first cycle's rs1 read
/// would have. An access in slot `slot` (0: rs1 and ecall arguments, 1: rs2 and memory,
/// 2: rd) of cycle `clk` has timestamp 3·clk + slot + 1, below 3·2^27 + 3 < 2^29 for every
/// run up to the cycle cap.
pub const TS_ORIGIN: u32 = 1;

/// The timestamp of slot `slot` of cycle `clk`, as a value (the witness builder's side).
pub(crate) const fn timestamp_value(clk: u32, slot: u32) -> u32 {
    3 * clk + slot + TS_ORIGIN
}

/// The timestamp of slot `slot` of the cycle in column `clk`, as an expression (the AIR's side).
pub(crate) fn timestamp<F>(clk: &F, slot: u32) -> F
where
    F: Clone + From<BaseField> + core::ops::Add<Output = F> + core::ops::Mul<BaseField, Output = F>,
{
    clk.clone() * BaseField::from(3u32) + k::<F>(slot + TS_ORIGIN)
}

/// The field element `c`.
pub(crate) fn k<F: From<BaseField>>(c: u32) -> F {
    F::from(BaseField::from(c))
}

/// Range check `value ∈ [0, 2^16)`, ×en.
pub(crate) fn rc16<E: EvalAtRow>(eval: &mut Row<E>, bus: &Bus, en: &E::F, value: E::F) {
    use_tuple(eval, bus, Rel::Rc16, en.clone(), &[value]);
}

/// One memory access (see the module docs).
#[allow(clippy::too_many_arguments)]
pub(crate) fn access<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    en: &E::F,
    space: u32,
    addr: E::F,
    prev: [E::F; 2],
    value: [E::F; 2],
    prev_ts: E::F,
    ts: E::F,
    dh: E::F,
) {
    let space: E::F = k(space);
    let [prev_lo, prev_hi] = prev;
    let [lo, hi] = value;
    use_tuple(
        eval,
        bus,
        Rel::Mem,
        en.clone(),
        &[
            space.clone(),
            addr.clone(),
            prev_lo,
            prev_hi,
            prev_ts.clone(),
        ],
    );
    yield_tuple(
        eval,
        bus,
        Rel::Mem,
        en.clone(),
        &[space, addr, lo, hi, ts.clone()],
    );
    let gap = ts - prev_ts - k::<E::F>(1) - dh.clone() * BaseField::from(1u32 << GAP_SPLIT);
    use_tuple(eval, bus, Rel::Rc16, en.clone(), &[gap]);
    use_tuple(eval, bus, Rel::Rc16, en.clone(), &[dh]);
}

/// The access gap ts − prev_ts − 1 is split as lo + 2^GAP_SPLIT·dh with both limbs 16-bit.
pub(crate) const GAP_SPLIT: u32 = 13;

/// Every gap ts − prev_ts − 1 below this has a witness in [`access`]. It bounds the timestamps
/// too: soundness needs every timestamp below p − (2^16 − 1)(1 + 2^13) > 2^30.
pub const MAX_ACCESS_GAP: u32 = 1 << (16 + GAP_SPLIT);

/// Records the lookups of [`access`] and returns its `dh` column. The caller has checked
/// prev_ts < ts ≤ prev_ts + [`MAX_ACCESS_GAP`].
pub(crate) fn fill_access(lookups: &mut Lookups, a: &Access) -> u32 {
    let gap = a.ts - a.prev_ts - 1;
    debug_assert!(gap < MAX_ACCESS_GAP);
    let dh = gap >> GAP_SPLIT;
    lookups.rc16(gap - (dh << GAP_SPLIT));
    lookups.rc16(dh);
    dh
}

/// Low 16 bits.
pub(crate) fn lo(x: u32) -> u32 {
    x & 0xffff
}

/// High 16 bits.
pub(crate) fn hi(x: u32) -> u32 {
    x >> 16
}

/// The CTRL block: the state bus and the ROM lookup. Uses State(pc, clk), yields
/// State(next_pc, clk + 1) and uses Prog(pc, tag, fields), all ×en, and constrains en to be
/// boolean.
#[allow(clippy::too_many_arguments)]
pub(crate) fn control<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    en: &E::F,
    pc: &E::F,
    clk: &E::F,
    next_pc: E::F,
    tag: u32,
    fields: &[E::F],
) {
    eval.add_constraint(en.clone() * (en.clone() - k::<E::F>(1)));
    use_tuple(
        eval,
        bus,
        Rel::State,
        en.clone(),
        &[pc.clone(), clk.clone()],
    );
    yield_tuple(
        eval,
        bus,
        Rel::State,
        en.clone(),
        &[next_pc, clk.clone() + k::<E::F>(1)],
    );
    let mut prog = vec![pc.clone(), k(tag)];
    prog.extend_from_slice(fields);
    use_tuple(eval, bus, Rel::Prog, en.clone(), &prog);
}

/// Rows to columns: pads `rows` (each of `width` values) with zero rows to `2^log_size` and
/// transposes.
pub(crate) fn columns_from_rows(
    rows: &[Vec<u32>],
    width: usize,
    log_size: u32,
) -> Vec<Vec<BaseField>> {
    let n = 1usize << log_size;
    let mut columns = vec![vec![BaseField::from(0u32); n]; width];
    for (r, row) in rows.iter().enumerate() {
        for (c, &v) in row.iter().enumerate() {
            columns[c][r] = BaseField::from(v);
        }
    }
    columns
}

/// The log size of a component with `rows` rows (at least 2^4, stwo's SIMD minimum).
pub(crate) fn log_size_for(rows: usize) -> u32 {
    rows.next_power_of_two().ilog2().max(4)
}

/// A carry k ∈ {−1, 0, 1} with its square in column `q`: q = k² and k·q = k, which together
/// say k(k² − 1) = 0. Each has degree 2, so the blinding selector of docs/zk.md fits on top.
pub(crate) fn signed_carry<E: EvalAtRow>(eval: &mut Row<E>, carry: E::F, q: &E::F) {
    eval.add_constraint(q.clone() - carry.clone() * carry.clone());
    eval.add_constraint(carry.clone() * q.clone() - carry);
}

/// The witness side of [`signed_carry`]: for a carry `numerator / 2^16` computed on field
/// values, the carry and its square's column (1 if the carry is ±1).
pub(crate) fn carry_of(numerator: BaseField) -> (BaseField, u32) {
    let carry = numerator * BaseField::from(1u32 << 16).inverse();
    debug_assert!(
        carry.0 <= 1 || carry == -BaseField::from(1u32),
        "not a signed carry"
    );
    (carry, u32::from(carry.0 != 0))
}

/// The field element of a sign-extended immediate, as the ROM holds it.
pub(crate) fn imm_field(imm: u32) -> u32 {
    BaseField::from(imm as i32).0
}

/// The offset bits of an ADDR block, by access shape (see the module docs).
pub(crate) enum OffsetBits<'a, F> {
    /// A word: no bits, offset 0.
    Word,
    /// A half-word: off1, offset 2·off1.
    Half(&'a F),
    /// A byte: off0 and off1, offset off0 + 2·off1.
    Byte(&'a F, &'a F),
}

/// Constrains the offset bits of an ADDR block boolean and returns the byte offset.
pub(crate) fn offset<E: EvalAtRow>(eval: &mut Row<E>, bits: OffsetBits<'_, E::F>) -> E::F {
    let boolean = |eval: &mut Row<E>, bit: &E::F| {
        eval.add_constraint(bit.clone() * (bit.clone() - k::<E::F>(1)));
    };
    match bits {
        OffsetBits::Word => k(0),
        OffsetBits::Half(off1) => {
            boolean(eval, off1);
            off1.clone() * BaseField::from(2u32)
        }
        OffsetBits::Byte(off0, off1) => {
            boolean(eval, off0);
            boolean(eval, off1);
            off0.clone() + off1.clone() * BaseField::from(2u32)
        }
    }
}

/// The ADDR block (see the module docs): constrains the carries of `a + imm = 4·W + off` and
/// range-checks w0 and ah; returns the word index W = w0 + 2^14·ah.
#[allow(clippy::too_many_arguments)]
pub(crate) fn address<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    en: &E::F,
    a: &[E::F; 2],
    imm: &E::F,
    w0: &E::F,
    ah: &E::F,
    off: E::F,
    squares: [&E::F; 2],
) -> E::F {
    let inv = BaseField::from(1u32 << 16).inverse();
    let k0 = (a[0].clone() + imm.clone() - w0.clone() * BaseField::from(4u32) - off) * inv;
    let k1 = (a[1].clone() + k0.clone() - ah.clone()) * inv;
    signed_carry(eval, k0, squares[0]);
    signed_carry(eval, k1, squares[1]);
    rc16(eval, bus, en, w0.clone());
    rc16(eval, bus, en, ah.clone());
    w0.clone() + ah.clone() * BaseField::from(1u32 << 14)
}

/// Records the lookups of [`address`] for an access to `a + imm` and returns its cells
/// (w0, ah, off, [q0, q1]); the shape's offset bits are off & 1 and off >> 1.
pub(crate) fn fill_address(lookups: &mut Lookups, a: u32, imm: u32) -> (u32, u32, u32, [u32; 2]) {
    let addr = a.wrapping_add(imm);
    let (w0, ah) = (lo(addr) >> 2, hi(addr));
    lookups.rc16(w0);
    lookups.rc16(ah);
    let f = BaseField::from;
    let (k0, q0) = carry_of(f(lo(a)) + f(imm_field(imm)) - f(4 * w0 + (addr & 3)));
    let (_, q1) = carry_of(f(hi(a)) + k0 - f(ah));
    (w0, ah, addr & 3, [q0, q1])
}

/// The cells of a load or store row that [`load_store_control`] and [`load_store_ram`] read
/// (see **Load/store** in the module docs).
pub(crate) struct LoadStore<F> {
    pub en: F,
    pub pc: F,
    pub clk: F,
    pub rs1: F,
    pub imm: F,
    /// The value of rs1.
    pub a: [F; 2],
    pub a_ts: F,
    pub a_dh: F,
    pub w0: F,
    pub ah: F,
    /// The squares of the address carries.
    pub q: [F; 2],
    /// The RAM word's previous value.
    pub prev: [F; 2],
    pub m_ts: F,
    pub m_dh: F,
}

/// The [`LoadStore`] of a load or store row from its column struct `c` (every shape names these
/// columns alike; `prev_lo`, `prev_hi` are its columns of the RAM word's previous value).
macro_rules! load_store_columns {
    ($c:ident, $prev_lo:ident, $prev_hi:ident) => {
        $crate::air::gadgets::LoadStore {
            en: $c.en,
            pc: $c.pc,
            clk: $c.clk,
            rs1: $c.rs1,
            imm: $c.imm,
            a: [$c.a_lo, $c.a_hi],
            a_ts: $c.a_ts,
            a_dh: $c.a_dh,
            w0: $c.w0,
            ah: $c.ah,
            q: [$c.q0, $c.q1],
            prev: [$c.$prev_lo, $c.$prev_hi],
            m_ts: $c.m_ts,
            m_dh: $c.m_dh,
        }
    };
}
pub(crate) use load_store_columns;

/// CTRL of a load or store with ROM `fields`, and the read of rs1; returns the row's first
/// timestamp (slot 0).
pub(crate) fn load_store_control<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    row: &LoadStore<E::F>,
    tag: u32,
    fields: [E::F; 3],
) -> E::F {
    let next_pc = row.pc.clone() + k::<E::F>(4);
    control(eval, bus, &row.en, &row.pc, &row.clk, next_pc, tag, &fields);
    let ts = timestamp(&row.clk, 0);
    access(
        eval,
        bus,
        &row.en,
        SPACE_REG,
        row.rs1.clone(),
        row.a.clone(),
        row.a.clone(),
        row.a_ts.clone(),
        ts.clone(),
        row.a_dh.clone(),
    );
    ts
}

/// ADDR with byte offset `off` (from [`offset`]), and the access of RAM word W at `ts` + 1
/// (`ts` from [`load_store_control`]) that writes `value`.
pub(crate) fn load_store_ram<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    row: LoadStore<E::F>,
    off: E::F,
    value: [E::F; 2],
    ts: E::F,
) {
    let squares = [&row.q[0], &row.q[1]];
    let word = address(
        eval, bus, &row.en, &row.a, &row.imm, &row.w0, &row.ah, off, squares,
    );
    access(
        eval,
        bus,
        &row.en,
        SPACE_RAM,
        word,
        row.prev,
        value,
        row.m_ts,
        ts + k::<E::F>(1),
        row.m_dh,
    );
}

/// The cells of [`LoadStore`] for a step, as numbers: `a` is the read of rs1 and `m` the RAM
/// access.
pub(crate) struct LoadStoreCells {
    pub pc: u32,
    pub clk: u32,
    /// The immediate's field element.
    pub imm: u32,
    pub a: Access,
    pub a_dh: u32,
    pub w0: u32,
    pub ah: u32,
    /// The squares of the address carries.
    pub q: [u32; 2],
    /// The byte offset.
    pub off: u32,
    pub m: Access,
    pub m_dh: u32,
}

/// A row of the column struct `$cols` of a load or store shape: its [`LoadStore`] columns from
/// `f` (the [`LoadStoreCells`] of the step; `prev_lo`, `prev_hi` name the columns of the RAM
/// word's previous value), and its other columns as written in `$cols { … }`.
macro_rules! load_store_row {
    ($cols:ident { $($rest:tt)* }, $f:ident, $prev_lo:ident, $prev_hi:ident) => {
        $cols {
            en: 1,
            pc: $f.pc,
            clk: $f.clk,
            rs1: $f.a.addr,
            imm: $f.imm,
            a_lo: $crate::air::gadgets::lo($f.a.value),
            a_hi: $crate::air::gadgets::hi($f.a.value),
            a_ts: $f.a.prev_ts,
            a_dh: $f.a_dh,
            w0: $f.w0,
            ah: $f.ah,
            q0: $f.q[0],
            q1: $f.q[1],
            $prev_lo: $crate::air::gadgets::lo($f.m.prev_value),
            $prev_hi: $crate::air::gadgets::hi($f.m.prev_value),
            m_ts: $f.m.prev_ts,
            m_dh: $f.m_dh,
            $($rest)*
        }
    };
}
pub(crate) use load_store_row;

/// Records the lookups of [`load_store_control`] and [`load_store_ram`] for step `s`, with its
/// read `a` of rs1 and its RAM access `m`, and returns the cells.
pub(crate) fn fill_load_store(
    s: &StepWitness,
    lookups: &mut Lookups,
    a: Access,
    m: Access,
) -> LoadStoreCells {
    let imm = s.step.map_or(0, |e| e.instruction.imm);
    lookups.prog(s.pc);
    let (w0, ah, off, q) = fill_address(lookups, a.value, imm);
    debug_assert_eq!(m.addr, a.value.wrapping_add(imm) >> 2);
    LoadStoreCells {
        pc: s.pc,
        clk: s.clk,
        imm: imm_field(imm),
        a,
        a_dh: fill_access(lookups, &a),
        w0,
        ah,
        q,
        off,
        m,
        m_dh: fill_access(lookups, &m),
    }
}

/// One register access of an [`InstrRow`]: the register, its value (a read) or previous value
/// (a write), and the access's columns prev_ts and dh.
pub(crate) struct RegAccess<F> {
    pub reg: F,
    pub value: [F; 2],
    pub prev_ts: F,
    pub dh: F,
}

/// The register cells of an instruction row (see **Instruction row** in the module docs).
pub(crate) struct InstrRow<F> {
    pub en: F,
    pub pc: F,
    pub clk: F,
    /// The read of rs1 = a (slot 0).
    pub rs1: Option<RegAccess<F>>,
    /// The read of rs2 = b (slot 1).
    pub rs2: Option<RegAccess<F>>,
    /// The write of rd (slot 2), with its old value d.
    pub rd: Option<RegAccess<F>>,
}

/// The [`InstrRow`] of the column struct `$c` with the accesses listed (any of rs1, rs2, rd, in
/// that order), named as in the module docs.
macro_rules! instr_row {
    (@reg $c:ident, rs1) => {
        $crate::air::gadgets::instr_row!(@access $c, rs1, a_lo, a_hi, a_ts, a_dh)
    };
    (@reg $c:ident, rs2) => {
        $crate::air::gadgets::instr_row!(@access $c, rs2, b_lo, b_hi, b_ts, b_dh)
    };
    (@reg $c:ident, rd) => {
        $crate::air::gadgets::instr_row!(@access $c, rd, d_lo, d_hi, d_ts, d_dh)
    };
    (@access $c:ident, $reg:ident, $lo:ident, $hi:ident, $ts:ident, $dh:ident) => {
        $crate::air::gadgets::RegAccess {
            reg: $c.$reg.clone(),
            value: [$c.$lo.clone(), $c.$hi.clone()],
            prev_ts: $c.$ts.clone(),
            dh: $c.$dh.clone(),
        }
    };
    ($c:ident, [$($reg:ident),*]) => {{
        #[allow(unused_mut)]
        let mut row = $crate::air::gadgets::InstrRow {
            en: $c.en.clone(),
            pc: $c.pc.clone(),
            clk: $c.clk.clone(),
            rs1: None,
            rs2: None,
            rd: None,
        };
        $(row.$reg = Some($crate::air::gadgets::instr_row!(@reg $c, $reg));)*
        row
    }};
}
pub(crate) use instr_row;

/// CTRL of an instruction row with tag `tag`, next pc `next_pc` (None: pc + 4) and ROM fields
/// rd', rs1, rs2 (those the row has), then `more`.
pub(crate) fn instr_control<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    row: &InstrRow<E::F>,
    tag: u32,
    next_pc: Option<E::F>,
    more: &[E::F],
) {
    let next_pc = next_pc.unwrap_or_else(|| row.pc.clone() + k::<E::F>(4));
    let mut fields: Vec<E::F> = [&row.rd, &row.rs1, &row.rs2]
        .into_iter()
        .flatten()
        .map(|r| r.reg.clone())
        .collect();
    fields.extend_from_slice(more);
    control(eval, bus, &row.en, &row.pc, &row.clk, next_pc, tag, &fields);
}

/// The register access `r` of `row` in `slot` ([`timestamp`]), writing `value` (a read: None).
fn register_access<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    row: &InstrRow<E::F>,
    slot: u32,
    r: &RegAccess<E::F>,
    value: Option<[E::F; 2]>,
) {
    let ts = timestamp(&row.clk, slot);
    let value = value.unwrap_or_else(|| r.value.clone());
    let (reg, prev, prev_ts, dh) = (
        r.reg.clone(),
        r.value.clone(),
        r.prev_ts.clone(),
        r.dh.clone(),
    );
    access(
        eval, bus, &row.en, SPACE_REG, reg, prev, value, prev_ts, ts, dh,
    );
}

/// The read of rs1 (slot 0), if the row has it.
pub(crate) fn read_rs1<E: EvalAtRow>(eval: &mut Row<E>, bus: &Bus, row: &InstrRow<E::F>) {
    if let Some(r) = &row.rs1 {
        register_access(eval, bus, row, 0, r, None);
    }
}

/// The read of rs2 (slot 1), if the row has it.
pub(crate) fn read_rs2<E: EvalAtRow>(eval: &mut Row<E>, bus: &Bus, row: &InstrRow<E::F>) {
    if let Some(r) = &row.rs2 {
        register_access(eval, bus, row, 1, r, None);
    }
}

/// The write of `value` to rd (slot 2).
pub(crate) fn write_rd<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    row: &InstrRow<E::F>,
    value: [E::F; 2],
) {
    let r = row.rd.as_ref().expect("a row that writes rd");
    register_access(eval, bus, row, 2, r, Some(value));
}

/// The reads of rs1 and rs2 and the write of `result` to rd, those the row has.
pub(crate) fn register_accesses<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    row: &InstrRow<E::F>,
    result: Option<[E::F; 2]>,
) {
    read_rs1(eval, bus, row);
    read_rs2(eval, bus, row);
    if let Some(result) = result {
        write_rd(eval, bus, row, result);
    }
}

/// Which registers an instruction row accesses.
#[derive(Clone, Copy)]
pub(crate) struct Regs {
    pub rs1: bool,
    pub rs2: bool,
    pub rd: bool,
}

impl Regs {
    /// rd := rs1 op rs2.
    pub(crate) const REG: Regs = Regs {
        rs1: true,
        rs2: true,
        rd: true,
    };
    /// rd := rs1 op imm.
    pub(crate) const IMM: Regs = Regs {
        rs1: true,
        rs2: false,
        rd: true,
    };
    /// A test of rs1 and rs2 (a branch).
    pub(crate) const TEST: Regs = Regs {
        rs1: true,
        rs2: true,
        rd: false,
    };
    /// rd := a constant.
    pub(crate) const WRITE: Regs = Regs {
        rs1: false,
        rs2: false,
        rd: true,
    };
}

/// A register access of a step and its dh cell (all zero where the row has none).
#[derive(Clone, Copy, Default)]
pub(crate) struct RegCells {
    pub access: Access,
    pub dh: u32,
}

/// The cells of [`InstrRow`] for a step, as numbers.
pub(crate) struct InstrCells {
    pub pc: u32,
    pub clk: u32,
    /// The instruction's (sign-extended) immediate.
    pub imm: u32,
    pub rs1: RegCells,
    pub rs2: RegCells,
    pub rd: RegCells,
}

/// Records the ROM fetch and the access lookups of the instruction row of step `s`, whose
/// accesses are those of `regs` in slot order, and returns its cells.
pub(crate) fn fill_instr(s: &StepWitness, lookups: &mut Lookups, regs: Regs) -> InstrCells {
    lookups.prog(s.pc);
    let mut accesses = s.accesses.iter();
    let mut next = |present: bool| match present {
        true => {
            let access = *accesses.next().expect("a register access");
            let dh = fill_access(lookups, &access);
            RegCells { access, dh }
        }
        false => RegCells::default(),
    };
    let (rs1, rs2, rd) = (next(regs.rs1), next(regs.rs2), next(regs.rd));
    debug_assert!(accesses.next().is_none());
    InstrCells {
        pc: s.pc,
        clk: s.clk,
        imm: s.step.map_or(0, |e| e.instruction.imm),
        rs1,
        rs2,
        rd,
    }
}

/// A row of the column struct `$cols`: its [`InstrRow`] columns from `f` (the [`InstrCells`] of
/// the step) for the accesses listed (as in [`instr_row`]), and its other columns as written in
/// `$cols { … }`.
macro_rules! instr_row_cells {
    ($cols:ident { $($rest:tt)* }, $f:ident, [$($reg:ident),*]) => {
        $crate::air::gadgets::instr_row_cells!(
            @munch $cols, $f, [$($reg),*], [en: 1, pc: $f.pc, clk: $f.clk,], $($rest)*
        )
    };
    (@munch $cols:ident, $f:ident, [rs1 $(, $more:ident)*], [$($acc:tt)*], $($rest:tt)*) => {
        $crate::air::gadgets::instr_row_cells!(@munch $cols, $f, [$($more),*], [$($acc)*
            rs1: $f.rs1.access.addr,
            a_lo: $crate::air::gadgets::lo($f.rs1.access.value),
            a_hi: $crate::air::gadgets::hi($f.rs1.access.value),
            a_ts: $f.rs1.access.prev_ts,
            a_dh: $f.rs1.dh,
        ], $($rest)*)
    };
    (@munch $cols:ident, $f:ident, [rs2 $(, $more:ident)*], [$($acc:tt)*], $($rest:tt)*) => {
        $crate::air::gadgets::instr_row_cells!(@munch $cols, $f, [$($more),*], [$($acc)*
            rs2: $f.rs2.access.addr,
            b_lo: $crate::air::gadgets::lo($f.rs2.access.value),
            b_hi: $crate::air::gadgets::hi($f.rs2.access.value),
            b_ts: $f.rs2.access.prev_ts,
            b_dh: $f.rs2.dh,
        ], $($rest)*)
    };
    (@munch $cols:ident, $f:ident, [rd $(, $more:ident)*], [$($acc:tt)*], $($rest:tt)*) => {
        $crate::air::gadgets::instr_row_cells!(@munch $cols, $f, [$($more),*], [$($acc)*
            rd: $f.rd.access.addr,
            d_lo: $crate::air::gadgets::lo($f.rd.access.prev_value),
            d_hi: $crate::air::gadgets::hi($f.rd.access.prev_value),
            d_ts: $f.rd.access.prev_ts,
            d_dh: $f.rd.dh,
        ], $($rest)*)
    };
    (@munch $cols:ident, $f:ident, [], [$($acc:tt)*], $($rest:tt)*) => {
        $cols { $($acc)* $($rest)* }
    };
}
pub(crate) use instr_row_cells;
