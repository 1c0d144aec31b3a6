//! **Loads**: LW, LH, LHU, LB, LBU (one instance per opcode, three row shapes: word, half,
//! byte).
//!
//! Every row has CTRL (ROM fields rd', rs1, imm), the read of rs1 = a (slot 0), the ADDR
//! block, one read of the RAM word W (slot 1, RAM space; old value = new value = v) and the
//! write of rd (slot 2, previous value d).
//!
//! **ADDR** (the `gadgets` block, shared with the stores): columns w0, ah and the offset bits of
//! the shape (LW: none, off = 0; LH/LHU: off1, off = 2·off1; LB/LBU: off0 and off1,
//! off = off0 + 2·off1). It proves that W is the word index and off the byte offset of
//! a + imm mod 2^32, and leaves misaligned word and half-word addresses without a witness. CTRL,
//! the rs1 read, ADDR and the RAM read form the **Load/store** block of `gadgets`.
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

use crate::air::bus::{use_tuple, Bus, Rel, SPACE_REG};
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{
    access, fill_access, fill_load_store, hi, k, lo, load_store_columns, load_store_control,
    load_store_ram, load_store_row, offset, rc16, LoadStore, LoadStoreCells, OffsetBits,
};
use crate::air::rom::tag;
use crate::air::row::Row;
use crate::air::witness::{Access, Lookups, StepWitness};
use crate::isa::Opcode;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

/// The columns every load row has, besides the offset bits of its shape.
struct Common<F> {
    mem: LoadStore<F>,
    rd: F,
    d: [F; 2],
    d_ts: F,
    d_dh: F,
}

/// The [`Common`] columns of a row, from its column struct `c` (every shape names them alike).
macro_rules! common {
    ($c:ident) => {
        Common {
            mem: load_store_columns!($c, v_lo, v_hi),
            rd: $c.rd,
            d: [$c.d_lo, $c.d_hi],
            d_ts: $c.d_ts,
            d_dh: $c.d_dh,
        }
    };
}

/// The **Load/store** block of `gadgets` with offset `off`, leaving the RAM word unchanged, then
/// the write of `result` to rd (slot 2).
fn evaluate_common<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    opcode: Opcode,
    c: Common<E::F>,
    off: E::F,
    result: [E::F; 2],
) {
    let fields = [c.rd.clone(), c.mem.rs1.clone(), c.mem.imm.clone()];
    let ts = load_store_control(eval, bus, &c.mem, tag(opcode), fields);
    let (en, v) = (c.mem.en.clone(), c.mem.prev.clone());
    load_store_ram(eval, bus, c.mem, off, v, ts.clone());
    access(
        eval,
        bus,
        &en,
        SPACE_REG,
        c.rd,
        c.d,
        result,
        c.d_ts,
        ts + k::<E::F>(2),
        c.d_dh,
    );
}

/// The common cells of a load step, as numbers, with their lookups recorded: those of
/// [`LoadStore`], the write `d` of rd and its `dh`.
fn fill_common(s: &StepWitness, lookups: &mut Lookups) -> (LoadStoreCells, Access, u32) {
    let [a, m, d] = [s.accesses[0], s.accesses[1], s.accesses[2]];
    let f = fill_load_store(s, lookups, a, m);
    (f, d, fill_access(lookups, &d))
}

columns! {
    /// LW columns.
    pub(crate) struct WordCols {
        en, pc, clk, rd, rs1, imm,
        a_lo, a_hi, a_ts, a_dh,
        w0, ah, q0, q1,
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
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = WordCols::read(|| eval.next_trace_mask());
        let off = offset(eval, OffsetBits::Word);
        let v = [c.v_lo.clone(), c.v_hi.clone()];
        evaluate_common(eval, bus, Opcode::Lw, common!(c), off, v);
    }
}

/// One LW row per step.
pub(crate) fn fill_word(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let (f, d, d_dh) = fill_common(s, lookups);
            debug_assert_eq!(f.off, 0);
            debug_assert_eq!(d.value, f.m.prev_value);
            load_store_row!(
                WordCols {
                    rd: d.addr,
                    d_lo: lo(d.prev_value),
                    d_hi: hi(d.prev_value),
                    d_ts: d.prev_ts,
                    d_dh,
                },
                f,
                v_lo,
                v_hi
            )
            .to_vec()
        })
        .collect()
}

columns! {
    /// LH and LHU columns.
    pub(crate) struct HalfCols {
        en, pc, clk, rd, rs1, imm,
        a_lo, a_hi, a_ts, a_dh,
        w0, ah, q0, q1, off1,
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
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = HalfCols::read(|| eval.next_trace_mask());
        let off = offset(eval, OffsetBits::Half(&c.off1));
        let one = k::<E::F>(1);
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
        evaluate_common(eval, bus, opcode, common!(c), off, result);
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
            let (f, d, d_dh) = fill_common(s, lookups);
            debug_assert_eq!(f.off & 1, 0);
            let off1 = f.off >> 1;
            let v = f.m.prev_value;
            let hs = if off1 == 1 { hi(v) } else { lo(v) };
            let g = if signed { hs >> 15 } else { 0 };
            if signed {
                lookups.rc16(2 * (hs & 0x7fff));
            }
            debug_assert_eq!(d.value, hs | (0xffff_0000 * g));
            load_store_row!(
                HalfCols {
                    rd: d.addr,
                    off1,
                    hs,
                    g,
                    d_lo: lo(d.prev_value),
                    d_hi: hi(d.prev_value),
                    d_ts: d.prev_ts,
                    d_dh,
                },
                f,
                v_lo,
                v_hi
            )
            .to_vec()
        })
        .collect()
}

columns! {
    /// LB and LBU columns.
    pub(crate) struct ByteCols {
        en, pc, clk, rd, rs1, imm,
        a_lo, a_hi, a_ts, a_dh,
        w0, ah, q0, q1, off0, off1,
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
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = ByteCols::read(|| eval.next_trace_mask());
        let off = offset(eval, OffsetBits::Byte(&c.off0, &c.off1));
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
        evaluate_common(eval, bus, opcode, common!(c), off, result);
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
            let (f, d, d_dh) = fill_common(s, lookups);
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
                d.value,
                if signed {
                    bs as u8 as i8 as i32 as u32
                } else {
                    bs
                }
            );
            load_store_row!(
                ByteCols {
                    rd: d.addr,
                    off0,
                    off1,
                    bs,
                    r,
                    z,
                    d_lo: lo(d.prev_value),
                    d_hi: hi(d.prev_value),
                    d_ts: d.prev_ts,
                    d_dh,
                },
                f,
                v_lo,
                v_hi
            )
            .to_vec()
        })
        .collect()
}

#[cfg(test)]
mod tests;
