//! **Loads**: LW, LH, LHU, LB, LBU (one instance per opcode, three row shapes: word, half,
//! byte).
//!
//! Every row has CTRL (ROM fields rd', rs1, imm), the read of rs1 = a (slot 0), the ADDR
//! block, one read of the RAM word W (slot 1, RAM space; old value = new value = v) and the
//! write of rd (slot 2, previous value d).
//!
//! **ADDR** (shared with the stores): columns w0, ah and the offset bits of the shape. With
//! off = off0 + 2·off1 (LW: off = 0; LH/LHU: off = 2·off1; LB/LBU: both bits),
//! k0 = (a.lo + imm − 4·w0 − off)/2^16 and k1 = (a.hi + k0 − ah)/2^16, constrained
//! k(k² − 1) = 0 (degree 3), and Rc16(w0), Rc16(ah). Each carry equation is an integer
//! equation (both sides are far below p), and their sum gives, over the integers,
//! 4·W + off = a + imm − 2^32·k1 with W = w0 + 2^14·ah. As a + imm ∈ [−2^11, 2^32 + 2^11),
//! either 4·W + off = (a + imm) mod 2^32 (W is the true word index, off the true byte offset)
//! or W ≥ 2^30, a word no RAM chain has (the verifier keeps every memory region below 2^30),
//! so the RAM read could not be matched. The shape fixes which offset bits exist, so a
//! misaligned word (off ≠ 0) or half-word (off0 = 1) address has no witness: a.lo + imm − off
//! would have to be a multiple of 4.
//!
//! **Lane selection** (v canonical: every RAM limb is proven canonical when written):
//! - LW writes v itself.
//! - LH/LHU: off1 boolean, hs = v.lo + off1·(v.hi − v.lo) (column, degree 2). LHU writes
//!   (hs, 0) and has g = 0; LH proves g = msb(hs) with g(g − 1) = 0 and Rc16(2·(hs − 2^15·g))
//!   (the sign trick: the argument is in [0, 2^16) only for the right g) and writes
//!   (hs, 0xFFFF·g).
//! - LB/LBU: off0, off1 boolean; bs (the selected byte) and r (the other byte of the selected
//!   half) with v.lo + off1·(v.hi − v.lo) = bs + 256·r + 255·off0·(bs − r) (degree 2). LBU
//!   looks up And8(bs, r, z) (both bytes; z is their AND, otherwise unused) and writes (bs, 0).
//!   LB looks up And8(bs, 128, 128·z) (bs a byte and z its bit 7, boolean by the table) and
//!   And8(r, r, r) (r a byte), and writes (bs + 0xFF00·z, 0xFFFF·z). With both bytes checked,
//!   the half has exactly one such split, so bs is the byte at the address.
//!
//! Every value written to rd is canonical: v from memory, hs a limb of v, bs a checked byte,
//! the sign limbs constants times a boolean.
//!
//! What it proves: the instruction at pc is this load, and rd receives the byte, half or word
//! of memory at rs1 + sext(imm) (mod 2^32), zero- or sign-extended as the opcode says.

use crate::air::bus::{use_tuple, Bus, Rel, SPACE_RAM, SPACE_REG};
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{access, control, fill_access, hi, k, lo, rc16};
use crate::air::rom::tag;
use crate::air::witness::{Access, Lookups, StepWitness};
use crate::isa::Opcode;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

/// The ADDR block (module docs): constrains the carries of `a + imm = 4·W + off` and returns
/// the word index W = w0 + 2^14·ah.
#[allow(clippy::too_many_arguments)]
pub(crate) fn address<E: EvalAtRow>(
    eval: &mut E,
    bus: &Bus,
    en: &E::F,
    a: &[E::F; 2],
    imm: &E::F,
    w0: &E::F,
    ah: &E::F,
    off: E::F,
) -> E::F {
    let inv = BaseField::from(1u32 << 16).inverse();
    let k0 = (a[0].clone() + imm.clone() - w0.clone() * BaseField::from(4u32) - off) * inv;
    let k1 = (a[1].clone() + k0.clone() - ah.clone()) * inv;
    eval.add_constraint(k0.clone() * (k0.clone() * k0 - k::<E::F>(1)));
    eval.add_constraint(k1.clone() * (k1.clone() * k1 - k::<E::F>(1)));
    rc16(eval, bus, en, w0.clone());
    rc16(eval, bus, en, ah.clone());
    w0.clone() + ah.clone() * BaseField::from(1u32 << 14)
}

/// The ADDR columns of an access to `a + imm`: (w0, ah, off), with its lookups recorded.
pub(crate) fn fill_address(lookups: &mut Lookups, a: u32, imm: u32) -> (u32, u32, u32) {
    let addr = a.wrapping_add(imm);
    let (w0, ah) = (lo(addr) >> 2, hi(addr));
    lookups.rc16(w0);
    lookups.rc16(ah);
    (w0, ah, addr & 3)
}

/// The field element of a sign-extended immediate, as the ROM holds it.
pub(crate) fn imm_field(imm: u32) -> u32 {
    BaseField::from(imm as i32).0
}

/// The columns every load row has, in the order the shapes declare them.
struct Common<F> {
    en: F,
    pc: F,
    clk: F,
    rd: F,
    rs1: F,
    imm: F,
    a: [F; 2],
    a_ts: F,
    a_dh: F,
    w0: F,
    ah: F,
    v: [F; 2],
    m_ts: F,
    m_dh: F,
    d: [F; 2],
    d_ts: F,
    d_dh: F,
}

/// CTRL, the rs1 read, ADDR with offset `off`, the RAM read and the write of `result` to rd.
fn evaluate_common<E: EvalAtRow>(
    eval: &mut E,
    bus: &Bus,
    opcode: Opcode,
    c: Common<E::F>,
    off: E::F,
    result: [E::F; 2],
) {
    let next_pc = c.pc.clone() + k::<E::F>(4);
    let fields = [c.rd.clone(), c.rs1.clone(), c.imm.clone()];
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
    let word = address(eval, bus, &c.en, &c.a, &c.imm, &c.w0, &c.ah, off);
    access(
        eval,
        bus,
        &c.en,
        SPACE_RAM,
        word,
        c.v.clone(),
        c.v,
        c.m_ts,
        ts.clone() + k::<E::F>(1),
        c.m_dh,
    );
    access(
        eval,
        bus,
        &c.en,
        SPACE_REG,
        c.rd,
        c.d,
        result,
        c.d_ts,
        ts + k::<E::F>(2),
        c.d_dh,
    );
}

/// The common cells of a load step, as numbers, with their lookups recorded.
struct Filled {
    pc: u32,
    clk: u32,
    imm: u32,
    a: Access,
    m: Access,
    d: Access,
    a_dh: u32,
    m_dh: u32,
    d_dh: u32,
    w0: u32,
    ah: u32,
    off: u32,
}

fn fill_common(s: &StepWitness, lookups: &mut Lookups) -> Filled {
    let [a, m, d] = [s.accesses[0], s.accesses[1], s.accesses[2]];
    let imm = s.step.map_or(0, |e| e.instruction.imm);
    lookups.prog(s.pc);
    let (w0, ah, off) = fill_address(lookups, a.value, imm);
    debug_assert_eq!(m.addr, a.value.wrapping_add(imm) >> 2);
    Filled {
        pc: s.pc,
        clk: s.clk,
        imm: imm_field(imm),
        a,
        m,
        d,
        a_dh: fill_access(lookups, &a),
        m_dh: fill_access(lookups, &m),
        d_dh: fill_access(lookups, &d),
        w0,
        ah,
        off,
    }
}

columns! {
    /// LW columns.
    pub(crate) struct WordCols {
        en, pc, clk, rd, rs1, imm,
        a_lo, a_hi, a_ts, a_dh,
        w0, ah,
        v_lo, v_hi, m_ts, m_dh,
        d_lo, d_hi, d_ts, d_dh,
    }
}

/// LW.
#[derive(Clone, Debug)]
pub(crate) struct LoadWordAir;

impl Air for LoadWordAir {
    fn name(&self) -> &'static str {
        "lw"
    }
    fn columns(&self) -> &'static [&'static str] {
        WordCols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut E) {
        let c = WordCols::read(|| eval.next_trace_mask());
        let v = [c.v_lo.clone(), c.v_hi.clone()];
        let common = Common {
            en: c.en,
            pc: c.pc,
            clk: c.clk,
            rd: c.rd,
            rs1: c.rs1,
            imm: c.imm,
            a: [c.a_lo, c.a_hi],
            a_ts: c.a_ts,
            a_dh: c.a_dh,
            w0: c.w0,
            ah: c.ah,
            v: v.clone(),
            m_ts: c.m_ts,
            m_dh: c.m_dh,
            d: [c.d_lo, c.d_hi],
            d_ts: c.d_ts,
            d_dh: c.d_dh,
        };
        evaluate_common(eval, bus, Opcode::Lw, common, k(0), v);
    }
}

/// One LW row per step.
pub(crate) fn fill_word(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let f = fill_common(s, lookups);
            debug_assert_eq!(f.off, 0);
            debug_assert_eq!(f.d.value, f.m.prev_value);
            WordCols {
                en: 1,
                pc: f.pc,
                clk: f.clk,
                rd: f.d.addr,
                rs1: f.a.addr,
                imm: f.imm,
                a_lo: lo(f.a.value),
                a_hi: hi(f.a.value),
                a_ts: f.a.prev_ts,
                a_dh: f.a_dh,
                w0: f.w0,
                ah: f.ah,
                v_lo: lo(f.m.prev_value),
                v_hi: hi(f.m.prev_value),
                m_ts: f.m.prev_ts,
                m_dh: f.m_dh,
                d_lo: lo(f.d.prev_value),
                d_hi: hi(f.d.prev_value),
                d_ts: f.d.prev_ts,
                d_dh: f.d_dh,
            }
            .to_vec()
        })
        .collect()
}

columns! {
    /// LH and LHU columns.
    pub(crate) struct HalfCols {
        en, pc, clk, rd, rs1, imm,
        a_lo, a_hi, a_ts, a_dh,
        w0, ah, off1,
        v_lo, v_hi, m_ts, m_dh,
        hs, g,
        d_lo, d_hi, d_ts, d_dh,
    }
}

/// LH (`signed`) or LHU.
#[derive(Clone, Debug)]
pub(crate) struct LoadHalfAir {
    pub signed: bool,
}

impl Air for LoadHalfAir {
    fn name(&self) -> &'static str {
        if self.signed {
            "lh"
        } else {
            "lhu"
        }
    }
    fn columns(&self) -> &'static [&'static str] {
        HalfCols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut E) {
        let c = HalfCols::read(|| eval.next_trace_mask());
        let one = k::<E::F>(1);
        eval.add_constraint(c.off1.clone() * (c.off1.clone() - one.clone()));
        let half = c.v_lo.clone() + c.off1.clone() * (c.v_hi.clone() - c.v_lo.clone());
        eval.add_constraint(c.hs.clone() - half);
        let (opcode, result) = if self.signed {
            eval.add_constraint(c.g.clone() * (c.g.clone() - one));
            let low15 = c.hs.clone() - c.g.clone() * BaseField::from(1u32 << 15);
            rc16(eval, bus, &c.en, low15 * BaseField::from(2u32));
            (
                Opcode::Lh,
                [c.hs.clone(), c.g.clone() * BaseField::from(0xffffu32)],
            )
        } else {
            eval.add_constraint(c.g.clone());
            (Opcode::Lhu, [c.hs.clone(), k(0)])
        };
        let common = Common {
            en: c.en,
            pc: c.pc,
            clk: c.clk,
            rd: c.rd,
            rs1: c.rs1,
            imm: c.imm,
            a: [c.a_lo, c.a_hi],
            a_ts: c.a_ts,
            a_dh: c.a_dh,
            w0: c.w0,
            ah: c.ah,
            v: [c.v_lo, c.v_hi],
            m_ts: c.m_ts,
            m_dh: c.m_dh,
            d: [c.d_lo, c.d_hi],
            d_ts: c.d_ts,
            d_dh: c.d_dh,
        };
        let off = c.off1 * BaseField::from(2u32);
        evaluate_common(eval, bus, opcode, common, off, result);
    }
}

/// One LH (`signed`) or LHU row per step.
pub(crate) fn fill_half(
    steps: &[StepWitness],
    signed: bool,
    lookups: &mut Lookups,
) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let f = fill_common(s, lookups);
            debug_assert_eq!(f.off & 1, 0);
            let off1 = f.off >> 1;
            let v = f.m.prev_value;
            let hs = if off1 == 1 { hi(v) } else { lo(v) };
            let g = if signed { hs >> 15 } else { 0 };
            if signed {
                lookups.rc16(2 * (hs & 0x7fff));
            }
            debug_assert_eq!(f.d.value, hs | (0xffff_0000 * g));
            HalfCols {
                en: 1,
                pc: f.pc,
                clk: f.clk,
                rd: f.d.addr,
                rs1: f.a.addr,
                imm: f.imm,
                a_lo: lo(f.a.value),
                a_hi: hi(f.a.value),
                a_ts: f.a.prev_ts,
                a_dh: f.a_dh,
                w0: f.w0,
                ah: f.ah,
                off1,
                v_lo: lo(v),
                v_hi: hi(v),
                m_ts: f.m.prev_ts,
                m_dh: f.m_dh,
                hs,
                g,
                d_lo: lo(f.d.prev_value),
                d_hi: hi(f.d.prev_value),
                d_ts: f.d.prev_ts,
                d_dh: f.d_dh,
            }
            .to_vec()
        })
        .collect()
}

columns! {
    /// LB and LBU columns.
    pub(crate) struct ByteCols {
        en, pc, clk, rd, rs1, imm,
        a_lo, a_hi, a_ts, a_dh,
        w0, ah, off0, off1,
        v_lo, v_hi, m_ts, m_dh,
        bs, r, z,
        d_lo, d_hi, d_ts, d_dh,
    }
}

/// LB (`signed`) or LBU.
#[derive(Clone, Debug)]
pub(crate) struct LoadByteAir {
    pub signed: bool,
}

impl Air for LoadByteAir {
    fn name(&self) -> &'static str {
        if self.signed {
            "lb"
        } else {
            "lbu"
        }
    }
    fn columns(&self) -> &'static [&'static str] {
        ByteCols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut E) {
        let c = ByteCols::read(|| eval.next_trace_mask());
        let one = k::<E::F>(1);
        eval.add_constraint(c.off0.clone() * (c.off0.clone() - one.clone()));
        eval.add_constraint(c.off1.clone() * (c.off1.clone() - one));
        // The selected half is bs + 256·r (off0 = 0) or r + 256·bs (off0 = 1).
        let half = c.v_lo.clone() + c.off1.clone() * (c.v_hi.clone() - c.v_lo.clone());
        let split = c.bs.clone()
            + c.r.clone() * BaseField::from(256u32)
            + c.off0.clone() * (c.bs.clone() - c.r.clone()) * BaseField::from(255u32);
        eval.add_constraint(half - split);
        let (opcode, result) = if self.signed {
            let sign_bit = c.z.clone() * BaseField::from(128u32);
            use_tuple(
                eval,
                bus,
                Rel::And8,
                c.en.clone(),
                &[c.bs.clone(), k(128), sign_bit],
            );
            use_tuple(
                eval,
                bus,
                Rel::And8,
                c.en.clone(),
                &[c.r.clone(), c.r.clone(), c.r.clone()],
            );
            let result = [
                c.bs.clone() + c.z.clone() * BaseField::from(0xff00u32),
                c.z.clone() * BaseField::from(0xffffu32),
            ];
            (Opcode::Lb, result)
        } else {
            use_tuple(
                eval,
                bus,
                Rel::And8,
                c.en.clone(),
                &[c.bs.clone(), c.r.clone(), c.z.clone()],
            );
            (Opcode::Lbu, [c.bs.clone(), k(0)])
        };
        let common = Common {
            en: c.en,
            pc: c.pc,
            clk: c.clk,
            rd: c.rd,
            rs1: c.rs1,
            imm: c.imm,
            a: [c.a_lo, c.a_hi],
            a_ts: c.a_ts,
            a_dh: c.a_dh,
            w0: c.w0,
            ah: c.ah,
            v: [c.v_lo, c.v_hi],
            m_ts: c.m_ts,
            m_dh: c.m_dh,
            d: [c.d_lo, c.d_hi],
            d_ts: c.d_ts,
            d_dh: c.d_dh,
        };
        let off = c.off0 + c.off1 * BaseField::from(2u32);
        evaluate_common(eval, bus, opcode, common, off, result);
    }
}

/// One LB (`signed`) or LBU row per step.
pub(crate) fn fill_byte(
    steps: &[StepWitness],
    signed: bool,
    lookups: &mut Lookups,
) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let f = fill_common(s, lookups);
            let (off0, off1) = (f.off & 1, f.off >> 1);
            let v = f.m.prev_value;
            let half = if off1 == 1 { hi(v) } else { lo(v) };
            let (bs, r) = if off0 == 1 {
                (half >> 8, half & 0xff)
            } else {
                (half & 0xff, half >> 8)
            };
            let z = if signed {
                lookups.and8(bs, 128);
                lookups.and8(r, r);
                bs >> 7
            } else {
                lookups.and8(bs, r);
                bs & r
            };
            debug_assert_eq!(
                f.d.value,
                if signed {
                    bs as u8 as i8 as i32 as u32
                } else {
                    bs
                }
            );
            ByteCols {
                en: 1,
                pc: f.pc,
                clk: f.clk,
                rd: f.d.addr,
                rs1: f.a.addr,
                imm: f.imm,
                a_lo: lo(f.a.value),
                a_hi: hi(f.a.value),
                a_ts: f.a.prev_ts,
                a_dh: f.a_dh,
                w0: f.w0,
                ah: f.ah,
                off0,
                off1,
                v_lo: lo(v),
                v_hi: hi(v),
                m_ts: f.m.prev_ts,
                m_dh: f.m_dh,
                bs,
                r,
                z,
                d_lo: lo(f.d.prev_value),
                d_hi: hi(f.d.prev_value),
                d_ts: f.d.prev_ts,
                d_dh: f.d_dh,
            }
            .to_vec()
        })
        .collect()
}

#[cfg(test)]
mod tests;
