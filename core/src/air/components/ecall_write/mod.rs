//! **EcallWrite**: the `write` system call (a7 = 64) to the public output (fd 1) or the debug
//! text (fd 2).
//!
//! Row: CTRL (an ECALL of the ROM, next pc = pc + 4), then register accesses: a7 = (64, 0),
//! a1 = buf and a2 = len read at slot 0; a0 rewritten from (fd, 0) to len, fd = 1 + dbg with
//! dbg ∈ {0, en}; and the stream's length register (35 for fd 1, 36 for fd 2: address
//! 35 + dbg) rewritten from c to e = c + len at slot 2, e proven below 2^24 by its limbs
//! (Rc16(e.lo), And8(e.hi)) as the emulator requires; len.hi is a byte, so len < 2^24 too.
//!
//! - **Buffer.** As in `ecall_read`: buf.lo = 4·w0 + z0 + 2·z1 (bits, Rc16(w0)), first word
//!   W0 = w0 + 2^14·buf.hi, and no wrap past 2^32 (X = 2^32 − 1 − buf − len + g ≥ 0 by limbs
//!   with g = [len ≠ 0] = len·inv, len·(1 − g) = 0).
//! - **Chain (fd 1 only).** With multiplicity (en − dbg)·g the row yields
//!   IoChain(OUT, clk, W0, z0, z1, c, len) and uses IoChain(OUT, clk, W0 + Δ, 0, 0, c + len, 0),
//!   Δ < 2^24 (limbs dw.lo, dw.hi); the chain's Io rows yield PubOut(c + j, byte j of the
//!   buffer) for j < len, which the verifier matches against the claimed output.
//! - fd 2 bytes are not proven: only a0 := len and the debug length are.
//!
//! What it proves: the call write(fd, buf, len) returned len in a0; for fd 1, with its Io
//! chain, the len bytes at buf are the claimed output's bytes from position c on, where c is
//! the number of bytes written to fd 1 before (so the output is exactly the concatenation of
//! the fd 1 writes, in order).

use crate::air::bus::{use_tuple, yield_tuple, Bus, Rel, SPACE_REG};
use crate::air::columns::columns;
use crate::air::components::ecall_read::{fill_no_wrap, inverse, no_wrap};
use crate::air::components::io::{byte, IoKind, OUTPUT_REG};
use crate::air::framework::Air;
use crate::air::gadgets::{access, control, fill_access, hi, k, lo, rc16};
use crate::air::rom::tag;
use crate::air::witness::{Lookups, StepWitness};
use crate::isa::Opcode;
use crate::trace::Syscall;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// EcallWrite columns.
    pub(crate) struct Cols {
        en, pc, clk,
        a7_ts, a7_dh,
        buf_lo, buf_hi, a1_ts, a1_dh,
        len_lo, len_hi, a2_ts, a2_dh,
        dbg, a0_ts, a0_dh,
        c_lo, c_hi, cur_ts, cur_dh, e_lo, e_hi,
        z0, z1, w0, x_lo, g, inv, dw_lo, dw_hi,
    }
}

/// The write call.
#[derive(Clone, Debug)]
pub(crate) struct EcallWriteAir;

/// The system call number of `write`.
pub(crate) const SYS_WRITE: u32 = 64;

impl Air for EcallWriteAir {
    fn name(&self) -> &'static str {
        "ecall_write"
    }

    fn columns(&self) -> &'static [&'static str] {
        Cols::<()>::names()
    }

    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut E) {
        let c = Cols::read(|| eval.next_trace_mask());
        let one = k::<E::F>(1);
        let two16 = BaseField::from(1u32 << 16);
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
        let a7: [E::F; 2] = [k(SYS_WRITE), k(0)];
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
            len.clone(),
            c.a2_ts,
            ts0,
            c.a2_dh,
        );
        let dbg = c.dbg.clone();
        eval.add_constraint(dbg.clone() * (dbg.clone() - en.clone()));
        access(
            eval,
            bus,
            &en,
            SPACE_REG,
            k(10),
            [one.clone() + dbg.clone(), k(0)],
            len,
            c.a0_ts,
            ts2.clone(),
            c.a0_dh,
        );
        let cursor = c.c_lo.clone() + c.c_hi.clone() * two16;
        let length = c.len_lo.clone() + c.len_hi.clone() * two16;
        eval.add_constraint(
            c.e_lo.clone() + c.e_hi.clone() * two16 - cursor.clone() - length.clone(),
        );
        access(
            eval,
            bus,
            &en,
            SPACE_REG,
            k::<E::F>(OUTPUT_REG) + dbg.clone(),
            [c.c_lo.clone(), c.c_hi.clone()],
            [c.e_lo.clone(), c.e_hi.clone()],
            c.cur_ts,
            ts2,
            c.cur_dh,
        );
        byte(eval, bus, &en, c.len_hi.clone());
        rc16(eval, bus, &en, c.e_lo.clone());
        byte(eval, bus, &en, c.e_hi.clone());

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
        eval.add_constraint(c.g.clone() - length.clone() * c.inv.clone());
        eval.add_constraint(length.clone() * (one - c.g.clone()));
        let (x_lo, x_hi) = no_wrap(
            eval,
            &en,
            [&c.buf_lo, &c.buf_hi],
            [&c.len_lo, &c.len_hi],
            &c.x_lo,
            c.g.clone(),
        );
        rc16(eval, bus, &en, x_lo);
        rc16(eval, bus, &en, x_hi);

        // The chain (fd 1).
        rc16(eval, bus, &en, c.dw_lo.clone());
        byte(eval, bus, &en, c.dw_hi.clone());
        let first_word = c.w0.clone() + c.buf_hi.clone() * BaseField::from(1u32 << 14);
        let span = c.dw_lo.clone() + c.dw_hi.clone() * two16;
        let mult = (en - dbg) * c.g;
        let kind = k::<E::F>(IoKind::Output as u32);
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
                cursor.clone(),
                length.clone(),
            ],
        );
        use_tuple(
            eval,
            bus,
            Rel::IoChain,
            mult,
            &[
                kind,
                c.clk,
                first_word + span,
                k(0),
                k(0),
                cursor + length,
                k(0),
            ],
        );
    }
}

/// One row per call.
pub(crate) fn fill(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    let mut rows = Vec::new();
    for s in steps {
        let Some(Syscall::Write { fd, buf, len, .. }) = s.ecall else {
            continue;
        };
        let [a7, a1, a2, a0, cursor] = [0, 1, 2, 3, 4].map(|i| s.accesses[i]);
        lookups.prog(s.pc);
        let dh = [a7, a1, a2, a0, cursor].map(|a| fill_access(lookups, &a));
        let (c, e) = (cursor.prev_value, cursor.value);
        let words = (s.accesses.len() - 5) as u32;
        let z = buf & 3;
        lookups.and8(hi(len), hi(len));
        lookups.rc16(lo(e));
        lookups.and8(hi(e), hi(e));
        lookups.rc16(lo(buf) >> 2);
        let x_lo = fill_no_wrap(buf, len, lookups);
        lookups.rc16(lo(words));
        lookups.and8(hi(words), hi(words));
        rows.push(
            Cols {
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
                dbg: u32::from(fd == 2),
                a0_ts: a0.prev_ts,
                a0_dh: dh[3],
                c_lo: lo(c),
                c_hi: hi(c),
                cur_ts: cursor.prev_ts,
                cur_dh: dh[4],
                e_lo: lo(e),
                e_hi: hi(e),
                z0: z & 1,
                z1: z >> 1,
                w0: lo(buf) >> 2,
                x_lo,
                g: u32::from(len != 0),
                inv: inverse(len),
                dw_lo: lo(words),
                dw_hi: hi(words),
            }
            .to_vec(),
        );
    }
    rows
}

#[cfg(test)]
mod tests;
