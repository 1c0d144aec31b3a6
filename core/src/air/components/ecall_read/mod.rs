//! **EcallRead**: the `read` system call (a7 = 63), one instance for the public input
//! (fd 0) and one for the private input (fd 3).
//!
//! Row: CTRL (an ECALL of the ROM, next pc = pc + 4), then register accesses: a7 = (63, 0),
//! a1 = buf and a2 = len read at slot 0; a0 rewritten from (fd, 0) to n and the stream
//! register rewritten from R to R − n at slot 2. The words of the buffer are the call's Io
//! chain (`io`), which the row starts and ends.
//!
//! - **Bytes left, R.** Public: register 33 holds R as a canonical word (r.lo, r.hi); the
//!   verifier sets its initial value to the input's length |I| < 2^24, and only this row
//!   writes it, always a value below 2^24. Private: register 34 reads (r.lo, r.hi + 256·s):
//!   s = 0 only on its initial value 0 ((1 − s)·r.lo = (1 − s)·r.hi = 0), and then the first
//!   private read fixes the private length as a witness m < 2^24 (s·m.lo = s·m.hi = 0,
//!   R = r + m, Rc16(R.lo), And8(R.hi) — which also rejects s = 1 on the initial 0, where
//!   r.hi would be −256); every write sets the flag (hi + 256). The private length is thus
//!   chosen once and never changes.
//! - **n = min(len, R).** len.hi is a byte (len < 2^24, as the emulator requires); f boolean;
//!   n.lo = f·len.lo + (1 − f)·R.lo, n.hi likewise (a canonical word: one of two canonical
//!   words); δ = f·(R − len) + (1 − f)·(len − R − 1) is proven in [0, 2^24) by its limbs
//!   d.lo, d.hi (Rc16, And8): f = 1 needs len ≤ R, f = 0 needs len > R. The register's new
//!   value is q = f·d (q.lo = f·d.lo, q.hi = f·d.hi), which is R − n in both cases.
//! - **Buffer.** buf.lo = 4·w0 + z0 + 2·z1 with z0, z1 bits and Rc16(w0), so the first word is
//!   W0 = w0 + 2^14·buf.hi and its first lane z0 + 2·z1. The buffer may not wrap past 2^32
//!   (as the emulator requires, even when nothing is read): X = 2^32 − 1 − buf − len + gl ≥ 0
//!   with gl = [len ≠ 0] (gl = len·il, len·(1 − gl) = 0), proven by limbs: x.lo (Rc16) and
//!   x.hi = 0xFFFF − buf.hi − len.hi − b (Rc16), b = (x.lo − (0xFFFF − buf.lo − len.lo + gl))/2^16
//!   with b³ = b.
//! - **Chain.** g = [n ≠ 0] (g = n·inv, n·(1 − g) = 0). With multiplicity en·g the row yields
//!   IoChain(K, clk, W0, z0, z1, key, n) and uses IoChain(K, clk, W0 + Δ, 0, 0, key_end, 0),
//!   key = R and key_end = R − n for the public input (the keys of the PubIn tuples: bytes left),
//!   0 for the private input; Δ < 2^24 (limbs dw.lo, dw.hi: Rc16, And8) bounds the chain's
//!   length, which makes it move exactly n bytes (see `io`).
//!
//! What it proves: the call read(fd, buf, len) returned n = min(len, bytes left) in a0 and
//! advanced the stream by n; with its Io chain, the n bytes at buf are the stream's next n
//! bytes (the public input's, bound by the verifier; private bytes chosen by the prover from a
//! private input of a length fixed once).

use crate::air::bus::{use_tuple, yield_tuple, Bus, Rel, SPACE_REG};
use crate::air::columns::columns;
use crate::air::components::io::{
    byte, IoKind, PRIVATE_INPUT_REG, PRIVATE_STARTED, PUBLIC_INPUT_REG,
};
use crate::air::framework::Air;
use crate::air::gadgets::{access, control, fill_access, hi, k, lo, rc16};
use crate::air::rom::tag;
use crate::air::witness::{Lookups, StepWitness};
use crate::isa::Opcode;
use crate::trace::Syscall;
use std::sync::OnceLock;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// EcallRead columns.
    pub(crate) struct Cols {
        en, pc, clk,
        a7_ts, a7_dh,
        buf_lo, buf_hi, a1_ts, a1_dh,
        len_lo, len_hi, a2_ts, a2_dh,
        a0_ts, a0_dh,
        r_lo, r_hi, cur_ts, cur_dh,
        f, n_lo, n_hi, d_lo, d_hi, q_lo, q_hi,
        z0, z1, w0, x_lo, gl, il, g, inv, dw_lo, dw_hi,
    }
}

columns! {
    /// Private-input instance only: the started flag and the private length chosen on the
    /// first read.
    pub(crate) struct PrivateCols { s, m_lo, m_hi }
}

/// The read call for one input stream.
#[derive(Clone, Debug)]
pub(crate) struct EcallReadAir {
    /// fd 3 (private input) instead of fd 0.
    pub private: bool,
}

const TWO16: u32 = 1 << 16;

/// The system call number of `read`.
pub(crate) const SYS_READ: u32 = 63;

impl Air for EcallReadAir {
    fn name(&self) -> &'static str {
        if self.private {
            "ecall_read_private"
        } else {
            "ecall_read_public"
        }
    }

    fn columns(&self) -> &'static [&'static str] {
        static PRIVATE: OnceLock<Vec<&'static str>> = OnceLock::new();
        if self.private {
            PRIVATE.get_or_init(|| [Cols::<()>::names(), PrivateCols::<()>::names()].concat())
        } else {
            Cols::<()>::names()
        }
    }

    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut E) {
        let c = Cols::read(|| eval.next_trace_mask());
        let p = if self.private {
            Some(PrivateCols::read(|| eval.next_trace_mask()))
        } else {
            None
        };
        let one = k::<E::F>(1);
        let two16 = BaseField::from(TWO16);
        let en = c.en.clone();
        control(
            eval,
            bus,
            &en,
            &c.pc,
            &c.clk,
            c.pc.clone() + k::<E::F>(4),
            tag(Opcode::Ecall),
            &[],
        );
        let ts0 = c.clk.clone() * BaseField::from(3u32);
        let ts2 = ts0.clone() + k::<E::F>(2);
        let a7: [E::F; 2] = [k(SYS_READ), k(0)];
        access(
            eval,
            bus,
            &en,
            SPACE_REG,
            k(17),
            a7.clone(),
            a7,
            c.a7_ts,
            ts0.clone(),
            c.a7_dh,
        );
        let buf = [c.buf_lo.clone(), c.buf_hi.clone()];
        access(
            eval,
            bus,
            &en,
            SPACE_REG,
            k(11),
            buf.clone(),
            buf,
            c.a1_ts,
            ts0.clone(),
            c.a1_dh,
        );
        let len = [c.len_lo.clone(), c.len_hi.clone()];
        access(
            eval,
            bus,
            &en,
            SPACE_REG,
            k(12),
            len.clone(),
            len,
            c.a2_ts,
            ts0,
            c.a2_dh,
        );
        let fd = if self.private { 3 } else { 0 };
        access(
            eval,
            bus,
            &en,
            SPACE_REG,
            k(10),
            [k(fd), k(0)],
            [c.n_lo.clone(), c.n_hi.clone()],
            c.a0_ts,
            ts2.clone(),
            c.a0_dh,
        );

        // The stream register and R, the bytes left.
        let (reg, prev, next, r_lo, r_hi) = match &p {
            None => (
                PUBLIC_INPUT_REG,
                [c.r_lo.clone(), c.r_hi.clone()],
                [c.q_lo.clone(), c.q_hi.clone()],
                c.r_lo.clone(),
                c.r_hi.clone(),
            ),
            Some(p) => {
                let flag = BaseField::from(PRIVATE_STARTED >> 16);
                eval.add_constraint(p.s.clone() * (p.s.clone() - one.clone()));
                eval.add_constraint((one.clone() - p.s.clone()) * c.r_lo.clone());
                eval.add_constraint((one.clone() - p.s.clone()) * c.r_hi.clone());
                eval.add_constraint(p.s.clone() * p.m_lo.clone());
                eval.add_constraint(p.s.clone() * p.m_hi.clone());
                (
                    PRIVATE_INPUT_REG,
                    [c.r_lo.clone(), c.r_hi.clone() + p.s.clone() * flag],
                    [c.q_lo.clone(), c.q_hi.clone() + E::F::from(flag)],
                    c.r_lo.clone() + p.m_lo.clone(),
                    c.r_hi.clone() + p.m_hi.clone(),
                )
            }
        };
        access(
            eval,
            bus,
            &en,
            SPACE_REG,
            k(reg),
            prev,
            next,
            c.cur_ts,
            ts2,
            c.cur_dh,
        );
        let remaining = r_lo.clone() + r_hi.clone() * two16;
        let length = c.len_lo.clone() + c.len_hi.clone() * two16;
        let n = c.n_lo.clone() + c.n_hi.clone() * two16;

        // n = min(len, R).
        let f = c.f.clone();
        let nf = one.clone() - f.clone();
        eval.add_constraint(f.clone() * nf.clone());
        eval.add_constraint(
            c.n_lo.clone() - f.clone() * c.len_lo.clone() - nf.clone() * r_lo.clone(),
        );
        eval.add_constraint(
            c.n_hi.clone() - f.clone() * c.len_hi.clone() - nf.clone() * r_hi.clone(),
        );
        let delta = f.clone() * (remaining.clone() - length.clone())
            + nf * (length.clone() - remaining.clone() - en.clone());
        eval.add_constraint(c.d_lo.clone() + c.d_hi.clone() * two16 - delta);
        eval.add_constraint(c.q_lo.clone() - f.clone() * c.d_lo.clone());
        eval.add_constraint(c.q_hi.clone() - f * c.d_hi.clone());
        byte(eval, bus, &en, c.len_hi.clone());
        rc16(eval, bus, &en, c.d_lo.clone());
        byte(eval, bus, &en, c.d_hi.clone());
        if p.is_some() {
            rc16(eval, bus, &en, r_lo);
            byte(eval, bus, &en, r_hi);
        }

        // The buffer: first word and lane, no wrap past 2^32.
        let (z0, z1) = (c.z0.clone(), c.z1.clone());
        eval.add_constraint(z0.clone() * (z0.clone() - one.clone()));
        eval.add_constraint(z1.clone() * (z1.clone() - one.clone()));
        eval.add_constraint(
            c.buf_lo.clone()
                - c.w0.clone() * BaseField::from(4u32)
                - z0.clone()
                - z1.clone() * BaseField::from(2u32),
        );
        rc16(eval, bus, &en, c.w0.clone());
        eval.add_constraint(c.gl.clone() - length.clone() * c.il.clone());
        eval.add_constraint(length * (one.clone() - c.gl.clone()));
        let (x_lo, x_hi) = no_wrap(
            eval,
            &en,
            [&c.buf_lo, &c.buf_hi],
            [&c.len_lo, &c.len_hi],
            &c.x_lo,
            c.gl.clone(),
        );
        rc16(eval, bus, &en, x_lo);
        rc16(eval, bus, &en, x_hi);

        // The chain.
        eval.add_constraint(c.g.clone() - n.clone() * c.inv.clone());
        eval.add_constraint(n.clone() * (one - c.g.clone()));
        rc16(eval, bus, &en, c.dw_lo.clone());
        byte(eval, bus, &en, c.dw_hi.clone());
        let first_word = c.w0.clone() + c.buf_hi.clone() * BaseField::from(1u32 << 14);
        let span = c.dw_lo.clone() + c.dw_hi.clone() * two16;
        let (kind, key, key_end) = if self.private {
            (IoKind::PrivateIn, k(0), k(0))
        } else {
            (IoKind::PublicIn, remaining.clone(), remaining - n.clone())
        };
        let mult = en * c.g;
        let kind = k::<E::F>(kind as u32);
        yield_tuple(
            eval,
            bus,
            Rel::IoChain,
            mult.clone(),
            &[
                kind.clone(),
                c.clk.clone(),
                first_word.clone(),
                z0,
                z1,
                key,
                n,
            ],
        );
        use_tuple(
            eval,
            bus,
            Rel::IoChain,
            mult,
            &[kind, c.clk, first_word + span, k(0), k(0), key_end, k(0)],
        );
    }
}

/// The no-wrap check shared with `ecall_write`: returns the limbs (x.lo, x.hi) of
/// X = 2^32 − 1 − buf − len + gl, to be range-checked, after constraining the borrow b between
/// them to {−1, 0, 1}.
pub(crate) fn no_wrap<E: EvalAtRow>(
    eval: &mut E,
    en: &E::F,
    buf: [&E::F; 2],
    len: [&E::F; 2],
    x_lo: &E::F,
    gl: E::F,
) -> (E::F, E::F) {
    let ones = en.clone() * BaseField::from(0xffffu32);
    let low = ones.clone() - buf[0].clone() - len[0].clone() + gl;
    let b = (x_lo.clone() - low) * BaseField::from(TWO16).inverse();
    eval.add_constraint(b.clone() * (b.clone() - k::<E::F>(1)) * (b.clone() + k::<E::F>(1)));
    let x_hi = ones - buf[1].clone() - len[1].clone() - b;
    (x_lo.clone(), x_hi)
}

/// The field element x.
pub(crate) fn fe(x: u32) -> BaseField {
    BaseField::from(x)
}

/// The low limb of 2^32 − 1 − buf − len + [len ≠ 0] (the no-wrap witness), counted in
/// `lookups` with its high limb.
pub(crate) fn fill_no_wrap(buf: u32, len: u32, lookups: &mut Lookups) -> u32 {
    let x = (1u64 << 32) + u64::from(len != 0) - 1 - u64::from(buf) - u64::from(len);
    let x = x as u32;
    lookups.rc16(lo(x));
    lookups.rc16(hi(x));
    lo(x)
}

/// 1/x in the field (0 for 0).
pub(crate) fn inverse(x: u32) -> u32 {
    if x == 0 {
        0
    } else {
        fe(x).inverse().0
    }
}

/// One row per call of this instance's fd.
pub(crate) fn fill(steps: &[StepWitness], private: bool, lookups: &mut Lookups) -> Vec<Vec<u32>> {
    let mut rows = Vec::new();
    for s in steps {
        let Some(Syscall::Read {
            fd,
            buf,
            len,
            read: n,
            ..
        }) = s.ecall
        else {
            continue;
        };
        if (fd == 3) != private {
            continue;
        }
        let [a7, a1, a2, a0, cursor] = [0, 1, 2, 3, 4].map(|i| s.accesses[i]);
        lookups.prog(s.pc);
        let dh = [a7, a1, a2, a0, cursor].map(|a| fill_access(lookups, &a));
        // R, the bytes left before the call; q = R − n after it.
        let q = cursor.value & (PRIVATE_STARTED - 1);
        let remaining = q + n;
        let (r, started, chosen) = if !private || cursor.prev_value & PRIVATE_STARTED != 0 {
            (remaining, 1, 0)
        } else {
            (0, 0, remaining)
        };
        let f = u32::from(n == len);
        let d = if f == 1 {
            remaining - len
        } else {
            len - remaining - 1
        };
        let words = (s.accesses.len() - 5) as u32;
        let z = buf & 3;
        lookups.and8(hi(len), hi(len));
        lookups.rc16(lo(d));
        lookups.and8(hi(d), hi(d));
        if private {
            lookups.rc16(lo(remaining));
            lookups.and8(hi(remaining), hi(remaining));
        }
        lookups.rc16(lo(buf) >> 2);
        let x_lo = fill_no_wrap(buf, len, lookups);
        lookups.rc16(lo(words));
        lookups.and8(hi(words), hi(words));
        let mut row = Cols {
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
            a0_ts: a0.prev_ts,
            a0_dh: dh[3],
            r_lo: lo(r),
            r_hi: hi(r),
            cur_ts: cursor.prev_ts,
            cur_dh: dh[4],
            f,
            n_lo: lo(n),
            n_hi: hi(n),
            d_lo: lo(d),
            d_hi: hi(d),
            q_lo: lo(q) * f,
            q_hi: hi(q) * f,
            z0: z & 1,
            z1: z >> 1,
            w0: lo(buf) >> 2,
            x_lo,
            gl: u32::from(len != 0),
            il: inverse(len),
            g: u32::from(n != 0),
            inv: inverse(n),
            dw_lo: lo(words),
            dw_hi: hi(words),
        }
        .to_vec();
        if private {
            row.extend(
                PrivateCols {
                    s: started,
                    m_lo: lo(chosen),
                    m_hi: hi(chosen),
                }
                .to_vec(),
            );
        }
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests;
