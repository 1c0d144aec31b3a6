//! **EcallWrite**: the `write` system call (a7 = 64) to the public output (fd 1) or the debug
//! text (fd 2).
//!
//! Row: the call's arguments (`io::buffer`: CTRL, an ECALL of the ROM with next pc = pc + 4,
//! and the reads of a7 = (64, 0), a1 = buf and a2 = len at slot 0), then a0 rewritten from
//! (fd, 0) to len, fd = 1 + dbg with dbg ∈ {0, en}; and the stream's length register (35 for
//! fd 1, 36 for fd 2: address 35 + dbg) rewritten from c to e = c + len at slot 2, e proven
//! below 2^24 by its limbs (Rc16(e.lo), And8(e.hi)) as the emulator requires; len.hi is a
//! byte, so len < 2^24 too.
//!
//! - **Buffer** (`io::buffer`, as in `ecall_read`). buf.lo = 4·w0 + z0 + 2·z1 (bits,
//!   Rc16(w0)), first word W0 = w0 + 2^14·buf.hi, and no wrap past 2^32
//!   (X = 2^32 − 1 − buf − len + g ≥ 0 by limbs with g = [len ≠ 0] = len·inv,
//!   len·(1 − g) = 0).
//! - **Chain (fd 1 only; `io::buffer`).** With multiplicity cm = (en − dbg)·g (a column) the
//!   row yields
//!   IoChain(OUT, clk, W0, z0, z1, c, len) and uses IoChain(OUT, clk, W0 + Δ, 0, 0, c + len, 0),
//!   Δ < 2^24 (limbs dw.lo, dw.hi); the chain's Io rows yield PubOut(c + j, byte j of the
//!   buffer) for j < len, which the verifier matches against the claimed output.
//! - fd 2 bytes are not proven: only a0 := len and the debug length are.
//!
//! What it proves: the call write(fd, buf, len) returned len in a0; for fd 1, with its Io
//! chain, the len bytes at buf are the claimed output's bytes from position c on, where c is
//! the number of bytes written to fd 1 before (so the output is exactly the concatenation of
//! the fd 1 writes, in order).

use crate::air::bus::{Bus, SPACE_REG};
use crate::air::cells::OUTPUT_REG;
use crate::air::columns::columns;
use crate::air::components::io::buffer::{
    args, buffer, chain, fill_args, fill_buffer, ArgCols, Buffer,
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
    /// EcallWrite columns after the call's arguments ([`ArgCols`]).
    pub(crate) struct Cols {
        dbg, a0_ts, a0_dh,
        c_lo, c_hi, cur_ts, cur_dh, e_lo, e_hi,
        z0, z1, w0, x_lo, xq, g, inv, dw_lo, dw_hi, cm,
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
        static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
        NAMES.get_or_init(|| [ArgCols::<()>::names(), Cols::<()>::names()].concat())
    }

    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let a = ArgCols::read(|| eval.next_trace_mask());
        let c = Cols::read(|| eval.next_trace_mask());
        let two16 = BaseField::from(1u32 << 16);
        let en = a.en.clone();
        let ts2 = args(eval, bus, &a, SYS_WRITE);
        let dbg = c.dbg.clone();
        eval.add_constraint(dbg.clone() * (dbg.clone() - en.clone()));
        access(
            eval,
            bus,
            &en,
            SPACE_REG,
            k(10),
            [k::<E::F>(1) + dbg.clone(), k(0)],
            [a.len_lo.clone(), a.len_hi.clone()],
            c.a0_ts,
            ts2.clone(),
            c.a0_dh,
        );
        let cursor = c.c_lo.clone() + c.c_hi.clone() * two16;
        let length = a.len_lo.clone() + a.len_hi.clone() * two16;
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
        byte(eval, bus, &en, a.len_hi.clone());
        rc16(eval, bus, &en, c.e_lo.clone());
        byte(eval, bus, &en, c.e_hi.clone());

        // The buffer (g = [len ≠ 0]) and, for fd 1, the chain.
        let b = Buffer {
            z0: &c.z0,
            z1: &c.z1,
            w0: &c.w0,
            x_lo: &c.x_lo,
            xq: &c.xq,
            gl: &c.g,
            il: &c.inv,
            dw_lo: &c.dw_lo,
            dw_hi: &c.dw_hi,
        };
        buffer(eval, bus, &a, &b);
        // The chain's multiplicity (en − dbg)·g as a column, so that numerators stay linear.
        eval.add_constraint(c.cm.clone() - (en - dbg) * c.g.clone());
        let mult = c.cm;
        let end = cursor.clone() + length.clone();
        chain(
            eval,
            bus,
            &a,
            &b,
            IoKind::Output,
            mult,
            [cursor, length],
            end,
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
        let (args, [(a0, a0_dh), (cursor, cur_dh)]) = fill_args(s, buf, len, lookups);
        let (c, e) = (cursor.prev_value, cursor.value);
        lookups.and8(hi(len), hi(len));
        lookups.rc16(lo(e));
        lookups.and8(hi(e), hi(e));
        let b = fill_buffer(s, buf, len, lookups);
        let cols = Cols {
            dbg: u32::from(fd == 2),
            a0_ts: a0.prev_ts,
            a0_dh,
            c_lo: lo(c),
            c_hi: hi(c),
            cur_ts: cursor.prev_ts,
            cur_dh,
            e_lo: lo(e),
            e_hi: hi(e),
            z0: b.z0,
            z1: b.z1,
            w0: b.w0,
            x_lo: b.x_lo,
            xq: b.xq,
            g: b.gl,
            inv: b.il,
            dw_lo: b.dw_lo,
            dw_hi: b.dw_hi,
            cm: u32::from(fd != 2 && len != 0),
        };
        rows.push([args.to_vec(), cols.to_vec()].concat());
    }
    rows
}

#[cfg(test)]
mod tests;
