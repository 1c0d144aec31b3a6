//! **EcallRead**: the `read` system call (a7 = 63), one instance for the public input
//! (fd 0) and one for the private input (fd 3).
//!
//! Row: the call's arguments (`io::buffer`: CTRL, an ECALL of the ROM with next pc = pc + 4,
//! and the reads of a7 = (63, 0), a1 = buf and a2 = len at slot 0), then a0 rewritten from
//! (fd, 0) to n and the stream register rewritten from R to R − n at slot 2. The words of the
//! buffer are the call's Io chain (`io`), which the row starts and ends.
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
//! - **Buffer** (`io::buffer`). buf.lo = 4·w0 + z0 + 2·z1 (bits, Rc16(w0)), so the first word
//!   is W0 = w0 + 2^14·buf.hi and its first lane z0 + 2·z1. The buffer may not wrap past 2^32
//!   (as the emulator requires, even when nothing is read): X = 2^32 − 1 − buf − len + gl ≥ 0
//!   with gl = [len ≠ 0] (gl = len·il, len·(1 − gl) = 0), proven by its limbs x.lo and x.hi
//!   (Rc16 both).
//! - **Chain** (`io::buffer`). g = [n ≠ 0] (g = n·inv, n·(1 − g) = 0). With multiplicity
//!   cm = en·g (a column) the row yields IoChain(K, clk, W0, z0, z1, key, n) and uses
//!   IoChain(K, clk, W0 + Δ, 0, 0, key_end, 0), key = R and key_end = R − n for the public
//!   input (the keys of the PubIn tuples: bytes left), 0 for the private input; Δ < 2^24
//!   (limbs dw.lo, dw.hi: Rc16, And8) bounds the chain's length, which makes it move exactly n
//!   bytes (see `io`).
//!
//! What it proves: the call read(fd, buf, len) returned n = min(len, bytes left) in a0 and
//! advanced the stream by n; with its Io chain, the n bytes at buf are the stream's next n
//! bytes (the public input's, bound by the verifier; private bytes chosen by the prover from a
//! private input of a length fixed once).

use crate::air::bus::{Bus, SPACE_REG};
use crate::air::cells::{PRIVATE_INPUT_REG, PRIVATE_STARTED, PUBLIC_INPUT_REG};
use crate::air::columns::columns;
use crate::air::components::io::buffer::{
    args, buffer, chain, fill_args, fill_buffer, inverse, nonzero, ArgCols, Buffer,
};
use crate::air::components::io::{byte, IoKind};
use crate::air::framework::Air;
use crate::air::gadgets::{access, hi, k, lo, rc16};
use crate::air::row::Row;
use crate::air::witness::{Lookups, StepWitness};
use crate::trace::Syscall;
use std::sync::OnceLock;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// EcallRead columns after the call's arguments ([`ArgCols`]).
    pub(crate) struct Cols {
        a0_ts, a0_dh,
        r_lo, r_hi, cur_ts, cur_dh,
        f, n_lo, n_hi, d_lo, d_hi, q_lo, q_hi,
        z0, z1, w0, x_lo, xq, gl, il, g, inv, dw_lo, dw_hi, cm,
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
        static NAMES: [OnceLock<Vec<&'static str>>; 2] = [OnceLock::new(), OnceLock::new()];
        let extra = if self.private {
            PrivateCols::<()>::names()
        } else {
            &[]
        };
        NAMES[usize::from(self.private)]
            .get_or_init(|| [ArgCols::<()>::names(), Cols::<()>::names(), extra].concat())
    }

    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let a = ArgCols::read(|| eval.next_trace_mask());
        let c = Cols::read(|| eval.next_trace_mask());
        let p = if self.private {
            Some(PrivateCols::read(|| eval.next_trace_mask()))
        } else {
            None
        };
        let one = k::<E::F>(1);
        let two16 = BaseField::from(TWO16);
        let en = a.en.clone();
        let ts2 = args(eval, bus, &a, SYS_READ);
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
        let length = a.len_lo.clone() + a.len_hi.clone() * two16;
        let n = c.n_lo.clone() + c.n_hi.clone() * two16;

        // n = min(len, R).
        let f = c.f.clone();
        let nf = one.clone() - f.clone();
        eval.add_constraint(f.clone() * nf.clone());
        eval.add_constraint(
            c.n_lo.clone() - f.clone() * a.len_lo.clone() - nf.clone() * r_lo.clone(),
        );
        eval.add_constraint(
            c.n_hi.clone() - f.clone() * a.len_hi.clone() - nf.clone() * r_hi.clone(),
        );
        let delta = f.clone() * (remaining.clone() - length.clone())
            + nf * (length - remaining.clone() - en.clone());
        eval.add_constraint(c.d_lo.clone() + c.d_hi.clone() * two16 - delta);
        eval.add_constraint(c.q_lo.clone() - f.clone() * c.d_lo.clone());
        eval.add_constraint(c.q_hi.clone() - f * c.d_hi.clone());
        byte(eval, bus, &en, a.len_hi.clone());
        rc16(eval, bus, &en, c.d_lo.clone());
        byte(eval, bus, &en, c.d_hi.clone());
        if p.is_some() {
            rc16(eval, bus, &en, r_lo);
            byte(eval, bus, &en, r_hi);
        }

        // The buffer (gl = [len ≠ 0]) and the chain, started only when g = [n ≠ 0].
        let b = Buffer {
            z0: &c.z0,
            z1: &c.z1,
            w0: &c.w0,
            x_lo: &c.x_lo,
            xq: &c.xq,
            gl: &c.gl,
            il: &c.il,
            dw_lo: &c.dw_lo,
            dw_hi: &c.dw_hi,
        };
        buffer(eval, bus, &a, &b);
        nonzero(eval, &n, &c.g, &c.inv);
        let (kind, key, key_end) = if self.private {
            (IoKind::PrivateIn, k(0), k(0))
        } else {
            (IoKind::PublicIn, remaining.clone(), remaining - n.clone())
        };
        // The chain's multiplicity en·g as a column, so that numerators stay linear.
        eval.add_constraint(c.cm.clone() - en * c.g);
        chain(eval, bus, &a, &b, kind, c.cm, [key, n], key_end);
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
        let (args, [(a0, a0_dh), (cursor, cur_dh)]) = fill_args(s, buf, len, lookups);
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
        lookups.and8(hi(len), hi(len));
        lookups.rc16(lo(d));
        lookups.and8(hi(d), hi(d));
        if private {
            lookups.rc16(lo(remaining));
            lookups.and8(hi(remaining), hi(remaining));
        }
        let b = fill_buffer(s, buf, len, lookups);
        let cols = Cols {
            a0_ts: a0.prev_ts,
            a0_dh,
            r_lo: lo(r),
            r_hi: hi(r),
            cur_ts: cursor.prev_ts,
            cur_dh,
            f,
            n_lo: lo(n),
            n_hi: hi(n),
            d_lo: lo(d),
            d_hi: hi(d),
            q_lo: lo(q) * f,
            q_hi: hi(q) * f,
            z0: b.z0,
            z1: b.z1,
            w0: b.w0,
            x_lo: b.x_lo,
            xq: b.xq,
            gl: b.gl,
            il: b.il,
            g: u32::from(n != 0),
            inv: inverse(n),
            dw_lo: b.dw_lo,
            dw_hi: b.dw_hi,
            cm: u32::from(n != 0),
        };
        let mut row = [args.to_vec(), cols.to_vec()].concat();
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
