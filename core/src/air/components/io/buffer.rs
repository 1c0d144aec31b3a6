//! **Buffer calls**: the blocks the `read` and `write` rows (`ecall_read`, `ecall_write`) share,
//! for a call (a7, a0 = fd, a1 = buf, a2 = len) that moves bytes of the buffer at buf.
//!
//! - **Arguments** ([`ArgCols`], the first columns of both rows; [`args`]): CTRL (an ECALL of
//!   the ROM, next pc = pc + 4), then the register reads a7 = (number, 0), a1 = buf and
//!   a2 = len at slot 0 (timestamp 3·clk + 1). The rewrites of a0 and of the stream's register
//!   that follow are the caller's, at slot 2.
//! - **Nonzero flag** ([`nonzero`]): g = [x ≠ 0] by g = x·inv and x·(1 − g) = 0.
//! - **Buffer** ([`buffer`]): buf.lo = 4·w0 + z0 + 2·z1 with z0, z1 bits and Rc16(w0), so the
//!   first word is W0 = w0 + 2^14·buf.hi and its first lane z0 + 2·z1. The buffer may not wrap
//!   past 2^32 (as the emulator requires, even when nothing is moved):
//!   X = 2^32 − 1 − buf − len + gl ≥ 0 with gl = [len ≠ 0] (a nonzero flag, inverse witness il),
//!   proven by limbs: x.lo (Rc16) and x.hi = 0xFFFF − buf.hi − len.hi − b (Rc16),
//!   b = (x.lo − (0xFFFF − buf.lo − len.lo + gl))/2^16 with b³ = b.
//! - **Chain ends** ([`chain`]): with a multiplicity chosen by the caller the row yields
//!   IoChain(K, clk, W0, z0, z1, key, n) and uses IoChain(K, clk, W0 + Δ, 0, 0, key_end, 0),
//!   Δ = dw.lo + 2^16·dw.hi < 2^24 (Rc16(dw.lo), And8(dw.hi) ×en), which bounds the chain's
//!   length and makes it move exactly n bytes from buf on (see `io`).
//!
//! What it proves: the row is an ECALL whose a7, a1 and a2 hold (number, 0), buf and len; the
//! buffer [buf, buf + len) does not pass 2^32; and, with the chain's Io rows, the n bytes at buf
//! (first word W0, first lane z) are the bytes of the chain from key to key_end.
//!
//! The trace side fills the same cells: [`fill_args`], [`fill_buffer`] and [`inverse`] (the
//! inverse witness of a nonzero flag).

use super::{byte, IoKind};
use crate::air::bus::{use_tuple, yield_tuple, Bus, Rel, SPACE_REG};
use crate::air::columns::columns;
use crate::air::gadgets::{
    access, carry_of, control, fill_access, hi, k, lo, rc16, signed_carry, timestamp,
};
use crate::air::rom::tag;
use crate::air::row::Row;
use crate::air::witness::{Access, Lookups, StepWitness};
use crate::isa::Opcode;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

const TWO16: u32 = 1 << 16;

columns! {
    /// The arguments of a buffer call: the first columns of its row.
    pub(crate) struct ArgCols {
        en, pc, clk,
        a7_ts, a7_dh,
        buf_lo, buf_hi, a1_ts, a1_dh,
        len_lo, len_hi, a2_ts, a2_dh,
    }
}

/// The buffer cells of a call's row, whatever the row names them: column values in
/// constraints, cell values in traces.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Buffer<T> {
    /// The first lane z = z0 + 2·z1 (bits).
    pub z0: T,
    pub z1: T,
    /// The first word's low bits: W0 = w0 + 2^14·buf.hi.
    pub w0: T,
    /// The low limb of the no-wrap witness X.
    pub x_lo: T,
    /// The square of the borrow between X's limbs (`signed_carry`).
    pub xq: T,
    /// gl = [len ≠ 0] and its inverse witness.
    pub gl: T,
    pub il: T,
    /// The limbs of Δ, the chain's number of words.
    pub dw_lo: T,
    pub dw_hi: T,
}

/// The limb pair lo + 2^16·hi.
fn word<E: EvalAtRow>(lo: &E::F, hi: &E::F) -> E::F {
    lo.clone() + hi.clone() * BaseField::from(TWO16)
}

/// CTRL and the reads of a7 = (number, 0), a1 = buf and a2 = len at slot 0; returns the
/// timestamp 3·clk + 3 of slot 2.
pub(crate) fn args<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    a: &ArgCols<E::F>,
    number: u32,
) -> E::F {
    let en = &a.en;
    let next_pc = a.pc.clone() + k::<E::F>(4);
    control(
        eval,
        bus,
        en,
        &a.pc,
        &a.clk,
        next_pc,
        tag(Opcode::Ecall),
        &[],
    );
    let ts0 = timestamp(&a.clk, 0);
    let ts2 = timestamp(&a.clk, 2);
    let reads = [
        (17, [k(number), k(0)], &a.a7_ts, &a.a7_dh),
        (11, [a.buf_lo.clone(), a.buf_hi.clone()], &a.a1_ts, &a.a1_dh),
        (12, [a.len_lo.clone(), a.len_hi.clone()], &a.a2_ts, &a.a2_dh),
    ];
    for (reg, value, prev_ts, dh) in reads {
        let (prev_ts, dh) = (prev_ts.clone(), dh.clone());
        let addr = k(reg);
        access(
            eval,
            bus,
            en,
            SPACE_REG,
            addr,
            value.clone(),
            value,
            prev_ts,
            ts0.clone(),
            dh,
        );
    }
    ts2
}

/// g = [x ≠ 0]: g = x·inv and x·(1 − g) = 0 (g = 0 for x = 0, else g = 1 with inv = 1/x).
pub(crate) fn nonzero<E: EvalAtRow>(eval: &mut Row<E>, x: &E::F, g: &E::F, inv: &E::F) {
    eval.add_constraint(g.clone() - x.clone() * inv.clone());
    eval.add_constraint(x.clone() * (k::<E::F>(1) - g.clone()));
}

/// The buffer's first word and lane, and no wrap past 2^32 (see the module docs).
pub(crate) fn buffer<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    a: &ArgCols<E::F>,
    b: &Buffer<&E::F>,
) {
    let (en, one) = (&a.en, k::<E::F>(1));
    let (z0, z1) = (b.z0.clone(), b.z1.clone());
    eval.add_constraint(z0.clone() * (z0.clone() - one.clone()));
    eval.add_constraint(z1.clone() * (z1.clone() - one));
    eval.add_constraint(
        a.buf_lo.clone() - b.w0.clone() * BaseField::from(4u32) - z0 - z1 * BaseField::from(2u32),
    );
    rc16(eval, bus, en, b.w0.clone());
    nonzero(eval, &word::<E>(&a.len_lo, &a.len_hi), b.gl, b.il);
    // X = x.lo + 2^16·x.hi with the borrow b between the limbs in {−1, 0, 1}.
    let ones = en.clone() * BaseField::from(0xffffu32);
    let low = ones.clone() - a.buf_lo.clone() - a.len_lo.clone() + b.gl.clone();
    let borrow = (b.x_lo.clone() - low) * BaseField::from(TWO16).inverse();
    signed_carry(eval, borrow.clone(), b.xq);
    let x_hi = ones - a.buf_hi.clone() - a.len_hi.clone() - borrow;
    rc16(eval, bus, en, b.x_lo.clone());
    rc16(eval, bus, en, x_hi);
}

/// The chain's ends ×`mult`: yields IoChain(K, clk, W0, z0, z1, key, n) for `start` = (key, n)
/// and uses IoChain(K, clk, W0 + Δ, 0, 0, key_end, 0), with Δ's limbs checked ×en.
#[allow(clippy::too_many_arguments)]
pub(crate) fn chain<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    a: &ArgCols<E::F>,
    b: &Buffer<&E::F>,
    kind: IoKind,
    mult: E::F,
    start: [E::F; 2],
    key_end: E::F,
) {
    rc16(eval, bus, &a.en, b.dw_lo.clone());
    byte(eval, bus, &a.en, b.dw_hi.clone());
    let first_word = b.w0.clone() + a.buf_hi.clone() * BaseField::from(1u32 << 14);
    let span = word::<E>(b.dw_lo, b.dw_hi);
    let kind = k::<E::F>(kind as u32);
    let [key, n] = start;
    let (z0, z1) = (b.z0.clone(), b.z1.clone());
    let first = [
        kind.clone(),
        a.clk.clone(),
        first_word.clone(),
        z0,
        z1,
        key,
        n,
    ];
    yield_tuple(eval, bus, Rel::IoChain, mult.clone(), &first);
    let end = [
        kind,
        a.clk.clone(),
        first_word + span,
        k(0),
        k(0),
        key_end,
        k(0),
    ];
    use_tuple(eval, bus, Rel::IoChain, mult, &end);
}

/// The argument cells of the call at `s` (its first three accesses: a7, a1 = buf, a2 = len),
/// recording the ROM fetch and the lookups of all five register accesses; returns the last two
/// (a0 and the stream register, rewritten at slot 2 by the caller's row) with their dh.
pub(crate) fn fill_args(
    s: &StepWitness,
    buf: u32,
    len: u32,
    lookups: &mut Lookups,
) -> (ArgCols<u32>, [(Access, u32); 2]) {
    let [a7, a1, a2, a0, stream] = [0, 1, 2, 3, 4].map(|i| s.accesses[i]);
    lookups.prog(s.pc);
    let dh = [a7, a1, a2, a0, stream].map(|a| fill_access(lookups, &a));
    let args = ArgCols {
        en: 1,
        pc: s.pc,
        clk: s.clk,
        a7_ts: a7.prev_ts,
        a7_dh: dh[0],
        buf_lo: lo(buf),
        buf_hi: hi(buf),
        a1_ts: a1.prev_ts,
        a1_dh: dh[1],
        len_lo: lo(len),
        len_hi: hi(len),
        a2_ts: a2.prev_ts,
        a2_dh: dh[2],
    };
    (args, [(a0, dh[3]), (stream, dh[4])])
}

/// The buffer cells of the call at `s` (its accesses after the five register ones are the
/// chain's words), recording their lookups.
pub(crate) fn fill_buffer(
    s: &StepWitness,
    buf: u32,
    len: u32,
    lookups: &mut Lookups,
) -> Buffer<u32> {
    let words = (s.accesses.len() - 5) as u32;
    // X = 2^32 − 1 − buf − len + [len ≠ 0].
    let x = (1u64 << 32) + u64::from(len != 0) - 1 - u64::from(buf) - u64::from(len);
    let x = x as u32;
    let z = buf & 3;
    lookups.rc16(lo(buf) >> 2);
    lookups.rc16(lo(x));
    lookups.rc16(hi(x));
    lookups.rc16(lo(words));
    lookups.and8(hi(words), hi(words));
    let v = BaseField::from;
    let low = v(0xffff) - v(lo(buf)) - v(lo(len)) + v(u32::from(len != 0));
    let (_, xq) = carry_of(v(lo(x)) - low);
    Buffer {
        z0: z & 1,
        z1: z >> 1,
        w0: lo(buf) >> 2,
        x_lo: lo(x),
        xq,
        gl: u32::from(len != 0),
        il: inverse(len),
        dw_lo: lo(words),
        dw_hi: hi(words),
    }
}

/// 1/x in the field (0 for 0): the inverse witness of a [`nonzero`] flag.
pub(crate) fn inverse(x: u32) -> u32 {
    if x == 0 {
        0
    } else {
        BaseField::from(x).inverse().0
    }
}
