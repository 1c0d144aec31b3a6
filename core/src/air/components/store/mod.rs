//! **Stores**: SW, SH, SB (one instance per opcode, one row shape each).
//!
//! Every row has CTRL (ROM fields rs1, rs2, imm), the reads of rs1 = a (slot 0) and
//! rs2 = b (slot 1), the ADDR block (in `gadgets`, shared with the loads: w0, ah and the offset
//! bits of the shape prove that W is the word index and off the byte offset of a + imm mod 2^32,
//! and make misaligned words and half-words unprovable) and one RAM access of word W (slot 1,
//! RAM space) that replaces the old value o by the new value n. All but the rs2 read form the
//! **Load/store** block of `gadgets`.
//!
//! - SW: n = b (canonical: a register value).
//! - SH: off1 boolean; columns n.lo = o.lo + (1 − off1)·(b.lo − o.lo) and
//!   n.hi = o.hi + off1·(b.lo − o.hi) (degree 2): the addressed half becomes b.lo, the other
//!   half keeps its old value.
//! - SB: off0, off1 boolean; the old selected half h = o.lo + off1·(o.hi − o.lo) is split into
//!   the replaced byte x and the kept byte y: h = x·s + y·t with s = 1 + 255·off0 and
//!   t = 256 − 255·off0 (s, t = 1, 256 for the low lane, 256, 1 for the high lane; degree 2).
//!   bb is the low byte of b.lo, b1 = (b.lo − bb)/256 its other byte. The new selected half is
//!   the column nh = bb·s + y·t (degree 2), and n.lo = o.lo + (1 − off1)·(nh − o.lo),
//!   n.hi = o.hi + off1·(nh − o.hi) (degree 2). Lookups And8(x, y, z) (x, y bytes; z
//!   their AND, otherwise unused), And8(bb, bb, bb) and And8(b1, b1, b1) make every byte
//!   exact, so the split of h and the byte of b are unique.
//!
//! Every limb written is canonical: a limb of b or of o, or two checked bytes. The old value o
//! is whatever the word's chain holds (canonical by induction).
//!
//! What it proves: the instruction at pc is this store, and the word at rs1 + sext(imm)
//! (mod 2^32) changes exactly in the addressed bytes, which receive the low bytes of rs2.

use crate::air::bus::{use_tuple, Bus, Rel, SPACE_REG};
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{
    access, fill_access, fill_load_store, hi, k, lo, load_store_columns, load_store_control,
    load_store_ram, load_store_row, offset, LoadStore, LoadStoreCells, OffsetBits,
};
use crate::air::rom::tag;
use crate::air::row::Row;
use crate::air::witness::{Access, Lookups, StepWitness};
use crate::isa::Opcode;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

/// The columns every store row has, besides the offset bits of its shape.
struct Common<F> {
    mem: LoadStore<F>,
    rs2: F,
    b: [F; 2],
    b_ts: F,
    b_dh: F,
}

/// The [`Common`] columns of a row, from its column struct `c` (every shape names them alike).
macro_rules! common {
    ($c:ident) => {
        Common {
            mem: load_store_columns!($c, o_lo, o_hi),
            rs2: $c.rs2,
            b: [$c.b_lo, $c.b_hi],
            b_ts: $c.b_ts,
            b_dh: $c.b_dh,
        }
    };
}

/// The **Load/store** block of `gadgets` with offset `off`, writing `new` to the RAM word, and
/// the read of rs2 (slot 1) between its rs1 read and ADDR.
fn evaluate_common<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    opcode: Opcode,
    c: Common<E::F>,
    off: E::F,
    new: [E::F; 2],
) {
    let fields = [c.mem.rs1.clone(), c.rs2.clone(), c.mem.imm.clone()];
    let ts = load_store_control(eval, bus, &c.mem, tag(opcode), fields);
    access(
        eval,
        bus,
        &c.mem.en,
        SPACE_REG,
        c.rs2,
        c.b.clone(),
        c.b,
        c.b_ts,
        ts.clone() + k::<E::F>(1),
        c.b_dh,
    );
    load_store_ram(eval, bus, c.mem, off, new, ts);
}

/// The common cells of a store step, as numbers, with their lookups recorded: those of
/// [`LoadStore`], the read `b` of rs2 and its `dh`.
fn fill_common(s: &StepWitness, lookups: &mut Lookups) -> (LoadStoreCells, Access, u32) {
    let [a, b, m] = [s.accesses[0], s.accesses[1], s.accesses[2]];
    let f = fill_load_store(s, lookups, a, m);
    (f, b, fill_access(lookups, &b))
}

columns! {
    /// SW columns.
    pub(crate) struct WordCols {
        en, pc, clk, rs1, rs2, imm,
        a_lo, a_hi, a_ts, a_dh,
        b_lo, b_hi, b_ts, b_dh,
        w0, ah, q0, q1,
        o_lo, o_hi, m_ts, m_dh,
    }
}

/// SW.
#[derive(Clone, Debug)]
pub(crate) struct StoreWordAir;

impl Air for StoreWordAir {
    fn name(&self) -> &'static str {
        "sw"
    }
    fn columns(&self) -> &'static [&'static str] {
        WordCols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = WordCols::read(|| eval.next_trace_mask());
        let off = offset(eval, OffsetBits::Word);
        let b = [c.b_lo.clone(), c.b_hi.clone()];
        evaluate_common(eval, bus, Opcode::Sw, common!(c), off, b);
    }
}

/// One SW row per step.
pub(crate) fn fill_word(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let (f, b, b_dh) = fill_common(s, lookups);
            debug_assert_eq!(f.off, 0);
            debug_assert_eq!(f.m.value, b.value);
            load_store_row!(
                WordCols {
                    rs2: b.addr,
                    b_lo: lo(b.value),
                    b_hi: hi(b.value),
                    b_ts: b.prev_ts,
                    b_dh,
                },
                f,
                o_lo,
                o_hi
            )
            .to_vec()
        })
        .collect()
}

columns! {
    /// SH columns.
    pub(crate) struct HalfCols {
        en, pc, clk, rs1, rs2, imm,
        a_lo, a_hi, a_ts, a_dh,
        b_lo, b_hi, b_ts, b_dh,
        w0, ah, q0, q1, off1,
        o_lo, o_hi, m_ts, m_dh,
        n_lo, n_hi,
    }
}

/// SH.
#[derive(Clone, Debug)]
pub(crate) struct StoreHalfAir;

impl Air for StoreHalfAir {
    fn name(&self) -> &'static str {
        "sh"
    }
    fn columns(&self) -> &'static [&'static str] {
        HalfCols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = HalfCols::read(|| eval.next_trace_mask());
        let off = offset(eval, OffsetBits::Half(&c.off1));
        let one = k::<E::F>(1);
        let low = one - c.off1.clone();
        eval.add_constraint(
            c.n_lo.clone() - c.o_lo.clone() - low * (c.b_lo.clone() - c.o_lo.clone()),
        );
        eval.add_constraint(
            c.n_hi.clone() - c.o_hi.clone() - c.off1.clone() * (c.b_lo.clone() - c.o_hi.clone()),
        );
        evaluate_common(eval, bus, Opcode::Sh, common!(c), off, [c.n_lo, c.n_hi]);
    }
}

/// One SH row per step.
pub(crate) fn fill_half(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let (f, b, b_dh) = fill_common(s, lookups);
            debug_assert_eq!(f.off & 1, 0);
            let n = f.m.value;
            load_store_row!(
                HalfCols {
                    rs2: b.addr,
                    b_lo: lo(b.value),
                    b_hi: hi(b.value),
                    b_ts: b.prev_ts,
                    b_dh,
                    off1: f.off >> 1,
                    n_lo: lo(n),
                    n_hi: hi(n),
                },
                f,
                o_lo,
                o_hi
            )
            .to_vec()
        })
        .collect()
}

columns! {
    /// SB columns.
    pub(crate) struct ByteCols {
        en, pc, clk, rs1, rs2, imm,
        a_lo, a_hi, a_ts, a_dh,
        b_lo, b_hi, b_ts, b_dh,
        w0, ah, q0, q1, off0, off1,
        o_lo, o_hi, m_ts, m_dh,
        x, y, z, bb, nh,
        n_lo, n_hi,
    }
}

/// SB.
#[derive(Clone, Debug)]
pub(crate) struct StoreByteAir;

impl Air for StoreByteAir {
    fn name(&self) -> &'static str {
        "sb"
    }
    fn columns(&self) -> &'static [&'static str] {
        ByteCols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = ByteCols::read(|| eval.next_trace_mask());
        let off = offset(eval, OffsetBits::Byte(&c.off0, &c.off1));
        let one = k::<E::F>(1);
        // Scales of the addressed byte (s) and of the other byte (t) in the selected half.
        let s = one.clone() + c.off0.clone() * BaseField::from(255u32);
        let t = k::<E::F>(256) - c.off0.clone() * BaseField::from(255u32);
        let old_half = c.o_lo.clone() + c.off1.clone() * (c.o_hi.clone() - c.o_lo.clone());
        eval.add_constraint(old_half - c.x.clone() * s.clone() - c.y.clone() * t.clone());
        eval.add_constraint(c.nh.clone() - c.bb.clone() * s - c.y.clone() * t);
        let new_half = c.nh.clone();
        let low = one - c.off1.clone();
        eval.add_constraint(
            c.n_lo.clone() - c.o_lo.clone() - low * (new_half.clone() - c.o_lo.clone()),
        );
        eval.add_constraint(
            c.n_hi.clone() - c.o_hi.clone() - c.off1.clone() * (new_half - c.o_hi.clone()),
        );
        use_tuple(
            eval,
            bus,
            Rel::And8,
            c.en.clone(),
            &[c.x.clone(), c.y.clone(), c.z.clone()],
        );
        use_tuple(
            eval,
            bus,
            Rel::And8,
            c.en.clone(),
            &[c.bb.clone(), c.bb.clone(), c.bb.clone()],
        );
        let b1 = (c.b_lo.clone() - c.bb.clone()) * BaseField::from(256u32).inverse();
        use_tuple(
            eval,
            bus,
            Rel::And8,
            c.en.clone(),
            &[b1.clone(), b1.clone(), b1],
        );
        evaluate_common(eval, bus, Opcode::Sb, common!(c), off, [c.n_lo, c.n_hi]);
    }
}

/// One SB row per step.
pub(crate) fn fill_byte(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let (f, b, b_dh) = fill_common(s, lookups);
            let (off0, off1) = (f.off & 1, f.off >> 1);
            let o = f.m.prev_value;
            let half = if off1 == 1 { hi(o) } else { lo(o) };
            let (x, y) = if off0 == 1 {
                (half >> 8, half & 0xff)
            } else {
                (half & 0xff, half >> 8)
            };
            let (bb, b1) = (b.value & 0xff, (b.value >> 8) & 0xff);
            lookups.and8(x, y);
            lookups.and8(bb, bb);
            lookups.and8(b1, b1);
            let n = f.m.value;
            load_store_row!(
                ByteCols {
                    rs2: b.addr,
                    b_lo: lo(b.value),
                    b_hi: hi(b.value),
                    b_ts: b.prev_ts,
                    b_dh,
                    off0,
                    off1,
                    x,
                    y,
                    z: x & y,
                    bb,
                    nh: if off0 == 1 { bb << 8 | y } else { y << 8 | bb },
                    n_lo: lo(n),
                    n_hi: hi(n),
                },
                f,
                o_lo,
                o_hi
            )
            .to_vec()
        })
        .collect()
}

#[cfg(test)]
mod tests;
