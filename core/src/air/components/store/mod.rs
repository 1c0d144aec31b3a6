//! **Stores**: SW, SH, SB (one instance per opcode, one row shape each).
//!
//! Every row has CTRL (ROM fields rs1, rs2, imm), the reads of rs1 = a (slot 0) and
//! rs2 = b (slot 1), the ADDR block of the loads (see `load`: w0, ah and the offset bits of
//! the shape prove that W is the word index and off the byte offset of a + imm mod 2^32, and
//! make misaligned words and half-words unprovable) and one RAM access of word W (slot 1, RAM
//! space) that replaces the old value o by the new value n.
//!
//! - SW: n = b (canonical: a register value).
//! - SH: off1 boolean; columns n.lo = o.lo + (1 − off1)·(b.lo − o.lo) and
//!   n.hi = o.hi + off1·(b.lo − o.hi) (degree 2): the addressed half becomes b.lo, the other
//!   half keeps its old value.
//! - SB: off0, off1 boolean; the old selected half h = o.lo + off1·(o.hi − o.lo) is split into
//!   the replaced byte x and the kept byte y: h = x·s + y·t with s = 1 + 255·off0 and
//!   t = 256 − 255·off0 (s, t = 1, 256 for the low lane, 256, 1 for the high lane; degree 2).
//!   bb is the low byte of b.lo, b1 = (b.lo − bb)/256 its other byte. The new selected half is
//!   bb·s + y·t, and n.lo = o.lo + (1 − off1)·(bb·s + y·t − o.lo),
//!   n.hi = o.hi + off1·(bb·s + y·t − o.hi) (degree 3). Lookups And8(x, y, z) (x, y bytes; z
//!   their AND, otherwise unused), And8(bb, bb, bb) and And8(b1, b1, b1) make every byte
//!   exact, so the split of h and the byte of b are unique.
//!
//! Every limb written is canonical: a limb of b or of o, or two checked bytes. The old value o
//! is whatever the word's chain holds (canonical by induction).
//!
//! What it proves: the instruction at pc is this store, and the word at rs1 + sext(imm)
//! (mod 2^32) changes exactly in the addressed bytes, which receive the low bytes of rs2.

use crate::air::bus::{use_tuple, Bus, Rel, SPACE_RAM, SPACE_REG};
use crate::air::columns::columns;
use crate::air::components::load::{address, fill_address, imm_field};
use crate::air::framework::Air;
use crate::air::gadgets::{access, control, fill_access, hi, k, lo};
use crate::air::rom::tag;
use crate::air::witness::{Access, Lookups, StepWitness};
use crate::isa::Opcode;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

/// The columns every store row has.
struct Common<F> {
    en: F,
    pc: F,
    clk: F,
    rs1: F,
    rs2: F,
    imm: F,
    a: [F; 2],
    a_ts: F,
    a_dh: F,
    b: [F; 2],
    b_ts: F,
    b_dh: F,
    w0: F,
    ah: F,
    o: [F; 2],
    m_ts: F,
    m_dh: F,
}

/// CTRL, the reads of rs1 and rs2, ADDR with offset `off` and the RAM access writing `new`.
fn evaluate_common<E: EvalAtRow>(
    eval: &mut E,
    bus: &Bus,
    opcode: Opcode,
    c: Common<E::F>,
    off: E::F,
    new: [E::F; 2],
) {
    let next_pc = c.pc.clone() + k::<E::F>(4);
    let fields = [c.rs1.clone(), c.rs2.clone(), c.imm.clone()];
    control(
        eval,
        bus,
        &c.en,
        &c.pc,
        &c.clk,
        next_pc,
        tag(opcode),
        &fields,
    );
    let ts = c.clk.clone() * BaseField::from(3u32);
    access(
        eval,
        bus,
        &c.en,
        SPACE_REG,
        c.rs1,
        c.a.clone(),
        c.a.clone(),
        c.a_ts,
        ts.clone(),
        c.a_dh,
    );
    let ts1 = ts + k::<E::F>(1);
    access(
        eval,
        bus,
        &c.en,
        SPACE_REG,
        c.rs2,
        c.b.clone(),
        c.b,
        c.b_ts,
        ts1.clone(),
        c.b_dh,
    );
    let word = address(eval, bus, &c.en, &c.a, &c.imm, &c.w0, &c.ah, off);
    access(
        eval, bus, &c.en, SPACE_RAM, word, c.o, new, c.m_ts, ts1, c.m_dh,
    );
}

/// The common cells of a store step, as numbers, with their lookups recorded.
struct Filled {
    pc: u32,
    clk: u32,
    imm: u32,
    a: Access,
    b: Access,
    m: Access,
    a_dh: u32,
    b_dh: u32,
    m_dh: u32,
    w0: u32,
    ah: u32,
    off: u32,
}

fn fill_common(s: &StepWitness, lookups: &mut Lookups) -> Filled {
    let [a, b, m] = [s.accesses[0], s.accesses[1], s.accesses[2]];
    let imm = s.step.map_or(0, |e| e.instruction.imm);
    lookups.prog(s.pc);
    let (w0, ah, off) = fill_address(lookups, a.value, imm);
    debug_assert_eq!(m.addr, a.value.wrapping_add(imm) >> 2);
    Filled {
        pc: s.pc,
        clk: s.clk,
        imm: imm_field(imm),
        a,
        b,
        m,
        a_dh: fill_access(lookups, &a),
        b_dh: fill_access(lookups, &b),
        m_dh: fill_access(lookups, &m),
        w0,
        ah,
        off,
    }
}

columns! {
    /// SW columns.
    pub(crate) struct WordCols {
        en, pc, clk, rs1, rs2, imm,
        a_lo, a_hi, a_ts, a_dh,
        b_lo, b_hi, b_ts, b_dh,
        w0, ah,
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
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut E) {
        let c = WordCols::read(|| eval.next_trace_mask());
        let b = [c.b_lo, c.b_hi];
        let common = Common {
            en: c.en,
            pc: c.pc,
            clk: c.clk,
            rs1: c.rs1,
            rs2: c.rs2,
            imm: c.imm,
            a: [c.a_lo, c.a_hi],
            a_ts: c.a_ts,
            a_dh: c.a_dh,
            b: b.clone(),
            b_ts: c.b_ts,
            b_dh: c.b_dh,
            w0: c.w0,
            ah: c.ah,
            o: [c.o_lo, c.o_hi],
            m_ts: c.m_ts,
            m_dh: c.m_dh,
        };
        evaluate_common(eval, bus, Opcode::Sw, common, k(0), b);
    }
}

/// One SW row per step.
pub(crate) fn fill_word(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let f = fill_common(s, lookups);
            debug_assert_eq!(f.off, 0);
            debug_assert_eq!(f.m.value, f.b.value);
            WordCols {
                en: 1,
                pc: f.pc,
                clk: f.clk,
                rs1: f.a.addr,
                rs2: f.b.addr,
                imm: f.imm,
                a_lo: lo(f.a.value),
                a_hi: hi(f.a.value),
                a_ts: f.a.prev_ts,
                a_dh: f.a_dh,
                b_lo: lo(f.b.value),
                b_hi: hi(f.b.value),
                b_ts: f.b.prev_ts,
                b_dh: f.b_dh,
                w0: f.w0,
                ah: f.ah,
                o_lo: lo(f.m.prev_value),
                o_hi: hi(f.m.prev_value),
                m_ts: f.m.prev_ts,
                m_dh: f.m_dh,
            }
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
        w0, ah, off1,
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
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut E) {
        let c = HalfCols::read(|| eval.next_trace_mask());
        let one = k::<E::F>(1);
        eval.add_constraint(c.off1.clone() * (c.off1.clone() - one.clone()));
        let low = one - c.off1.clone();
        eval.add_constraint(
            c.n_lo.clone() - c.o_lo.clone() - low * (c.b_lo.clone() - c.o_lo.clone()),
        );
        eval.add_constraint(
            c.n_hi.clone() - c.o_hi.clone() - c.off1.clone() * (c.b_lo.clone() - c.o_hi.clone()),
        );
        let common = Common {
            en: c.en,
            pc: c.pc,
            clk: c.clk,
            rs1: c.rs1,
            rs2: c.rs2,
            imm: c.imm,
            a: [c.a_lo, c.a_hi],
            a_ts: c.a_ts,
            a_dh: c.a_dh,
            b: [c.b_lo, c.b_hi],
            b_ts: c.b_ts,
            b_dh: c.b_dh,
            w0: c.w0,
            ah: c.ah,
            o: [c.o_lo, c.o_hi],
            m_ts: c.m_ts,
            m_dh: c.m_dh,
        };
        let off = c.off1 * BaseField::from(2u32);
        evaluate_common(eval, bus, Opcode::Sh, common, off, [c.n_lo, c.n_hi]);
    }
}

/// One SH row per step.
pub(crate) fn fill_half(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let f = fill_common(s, lookups);
            debug_assert_eq!(f.off & 1, 0);
            let n = f.m.value;
            HalfCols {
                en: 1,
                pc: f.pc,
                clk: f.clk,
                rs1: f.a.addr,
                rs2: f.b.addr,
                imm: f.imm,
                a_lo: lo(f.a.value),
                a_hi: hi(f.a.value),
                a_ts: f.a.prev_ts,
                a_dh: f.a_dh,
                b_lo: lo(f.b.value),
                b_hi: hi(f.b.value),
                b_ts: f.b.prev_ts,
                b_dh: f.b_dh,
                w0: f.w0,
                ah: f.ah,
                off1: f.off >> 1,
                o_lo: lo(f.m.prev_value),
                o_hi: hi(f.m.prev_value),
                m_ts: f.m.prev_ts,
                m_dh: f.m_dh,
                n_lo: lo(n),
                n_hi: hi(n),
            }
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
        w0, ah, off0, off1,
        o_lo, o_hi, m_ts, m_dh,
        x, y, z, bb,
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
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut E) {
        let c = ByteCols::read(|| eval.next_trace_mask());
        let one = k::<E::F>(1);
        eval.add_constraint(c.off0.clone() * (c.off0.clone() - one.clone()));
        eval.add_constraint(c.off1.clone() * (c.off1.clone() - one.clone()));
        // Scales of the addressed byte (s) and of the other byte (t) in the selected half.
        let s = one.clone() + c.off0.clone() * BaseField::from(255u32);
        let t = k::<E::F>(256) - c.off0.clone() * BaseField::from(255u32);
        let old_half = c.o_lo.clone() + c.off1.clone() * (c.o_hi.clone() - c.o_lo.clone());
        eval.add_constraint(old_half - c.x.clone() * s.clone() - c.y.clone() * t.clone());
        let new_half = c.bb.clone() * s + c.y.clone() * t;
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
        let common = Common {
            en: c.en,
            pc: c.pc,
            clk: c.clk,
            rs1: c.rs1,
            rs2: c.rs2,
            imm: c.imm,
            a: [c.a_lo, c.a_hi],
            a_ts: c.a_ts,
            a_dh: c.a_dh,
            b: [c.b_lo, c.b_hi],
            b_ts: c.b_ts,
            b_dh: c.b_dh,
            w0: c.w0,
            ah: c.ah,
            o: [c.o_lo, c.o_hi],
            m_ts: c.m_ts,
            m_dh: c.m_dh,
        };
        let off = c.off0 + c.off1 * BaseField::from(2u32);
        evaluate_common(eval, bus, Opcode::Sb, common, off, [c.n_lo, c.n_hi]);
    }
}

/// One SB row per step.
pub(crate) fn fill_byte(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let f = fill_common(s, lookups);
            let (off0, off1) = (f.off & 1, f.off >> 1);
            let o = f.m.prev_value;
            let half = if off1 == 1 { hi(o) } else { lo(o) };
            let (x, y) = if off0 == 1 {
                (half >> 8, half & 0xff)
            } else {
                (half & 0xff, half >> 8)
            };
            let (bb, b1) = (f.b.value & 0xff, (f.b.value >> 8) & 0xff);
            lookups.and8(x, y);
            lookups.and8(bb, bb);
            lookups.and8(b1, b1);
            let n = f.m.value;
            ByteCols {
                en: 1,
                pc: f.pc,
                clk: f.clk,
                rs1: f.a.addr,
                rs2: f.b.addr,
                imm: f.imm,
                a_lo: lo(f.a.value),
                a_hi: hi(f.a.value),
                a_ts: f.a.prev_ts,
                a_dh: f.a_dh,
                b_lo: lo(f.b.value),
                b_hi: hi(f.b.value),
                b_ts: f.b.prev_ts,
                b_dh: f.b_dh,
                w0: f.w0,
                ah: f.ah,
                off0,
                off1,
                o_lo: lo(o),
                o_hi: hi(o),
                m_ts: f.m.prev_ts,
                m_dh: f.m_dh,
                x,
                y,
                z: x & y,
                bb,
                n_lo: lo(n),
                n_hi: hi(n),
            }
            .to_vec()
        })
        .collect()
}

#[cfg(test)]
mod tests;
