//! **Shift**: SLL, SRL, SRA (amount from rs2, masked to 5 bits) and SLLI, SRLI, SRAI (amount
//! from the instruction), one instance per opcode, plus the fixed [`table::ShiftCfgTable`].
//!
//! The shift amount is s = 8·B + j (B = s >> 3 whole bytes, j = s & 7 bits). A **shift
//! configuration** describes s to the row without any arithmetic on s:
//! - `mask`: the byte 0xFF << (8 − j) (left) or 0xFF << j (right), truncated to 8 bits;
//! - `p0..p3`: the multiplier M placed at index B, zeros elsewhere, with M = 2^j (left) or
//!   2^(8 − j) (right).
//!
//! Immediate shifts get it from the ROM (fields `[rd', rs1, mask, p0, p1, p2, p3]`, computed by
//! the verifier from the decoded shamt with [`config`]); register shifts have a column `s` and
//! look up `ShiftCfg(dir, s, mask, p0..p3)` in the fixed table (dir = 0 left, 1 right), which
//! holds exactly the 64 configurations of s ∈ 0..32. s is bound to rs2 = b by
//! `Rc16((b.lo − s)/32)`: with s < 32 and b.lo canonical, b.lo = s + 32·u with u < 2^16 is an
//! equation between integers below 2^22, so s = b mod 32.
//!
//! **Bytes.** The operand a = rs1 (canonical limbs, read from memory) is split into bytes by the
//! columns a0, a2 with a1 = (a.lo − a0)/256 and a3 = (a.hi − a2)/256 (expressions). Four lookups
//! `And8(a_m, mask, z_m)` prove every a_m a byte (so the split is the true one) and each z_m
//! exactly a_m & mask: the bits of a_m that cross into the next byte. For SRA, a fifth lookup
//! `And8(a3, 128, 128·g)` proves g = the sign bit of a.
//!
//! **Result.** Left (z_{-1} = 0): byte m of a·2^j mod 2^32, within its word position, is
//! Y_m = M·(a_m − z_m + z_{m−1}/256) = ((a_m << j) & 0xFF) | (a_{m−1} >> (8 − j)).
//! Right: X_m = M·(z_m/256 + a_{m+1} − z_{m+1}) = (a_m >> j) | ((a_{m+1} << (8 − j)) & 0xFF),
//! where the bytes above a3 are the fill 255·g (SRA) or 0, so a_4 = 255g, z_4 = g·mask and for
//! m ≥ 4 the term is X_m = M·g·255·(256 − mask)/256 = 255·g (M·(256 − mask) = 256).
//! Result byte n is Y_{n−B} (0 below B) or X_{n+B}; as p_B = M only at index B,
//! c_n = Σ_B p_B·Ylin_{n−B} (resp. Xlin_{n+B}), where Ylin, Xlin are the bracketed terms. The
//! constraints `c.lo = c_0 + 256·c_1`, `c.hi = c_2 + 256·c_3` have degree 2; for SRA the
//! product g·mask is the column gm (gm = g·mask, degree 2), so p_B·gm stays degree 2. Every
//! byte in them is an exact byte (table-checked operands and AND outputs, verifier-fixed
//! configuration), so the right-hand sides are the true result limbs, below 2^16: c is
//! canonical without a range check.
//!
//! Reads of rs1 (slot 0) and rs2 (slot 1, register shifts) and the write of rd (slot 2) are
//! offline-memory-checking accesses.
//!
//! Cost per row (main columns + 4 per pair of LogUp fractions): SLLI/SRLI 26 + 4·8 = 58,
//! SRAI 28 + 32 = 60, SLL/SRL 32 + 4·11 = 76, SRA 34 + 44 = 78.
//!
//! What it proves: the instruction at pc is this shift, with its amount (the immediate, or
//! rs2 mod 32), and rd receives rs1 shifted left, right logically or right arithmetically.

pub(crate) mod table;

use crate::air::bus::{use_tuple, Bus, Rel, SPACE_REG};
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{access, control, fill_access, hi, k, lo, rc16, timestamp};
use crate::air::rom::tag;
use crate::air::row::Row;
use crate::air::witness::{Lookups, StepWitness};
use crate::isa::Opcode;
use std::sync::OnceLock;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

pub(crate) use crate::air::shift_config::config;

/// The shift operation of an instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ShiftOp {
    /// Left (SLL, SLLI).
    Left,
    /// Right, zero fill (SRL, SRLI).
    RightLogical,
    /// Right, sign fill (SRA, SRAI).
    RightArithmetic,
}

columns! {
    /// Head of an immediate shift's row: CTRL, registers and the ROM's configuration.
    pub(crate) struct ImmHead { en, pc, clk, rd, rs1, mask, p0, p1, p2, p3 }
}

columns! {
    /// Head of a register shift's row: CTRL, registers, the amount s with its configuration,
    /// and the read of rs2 = b.
    pub(crate) struct RegHead {
        en, pc, clk, rd, rs1, rs2, s, mask, p0, p1, p2, p3,
        b_lo, b_hi, b_ts, b_dh,
    }
}

columns! {
    /// Body shared by every instance: the read of rs1 = a and its byte split, the AND outputs,
    /// the result c and the write of rd (old value d).
    pub(crate) struct Body {
        a_lo, a_hi, a_ts, a_dh, a0, a2, z0, z1, z2, z3,
        c_lo, c_hi, d_lo, d_hi, d_ts, d_dh,
    }
}

/// One shift instance: the operation and where the amount comes from.
#[derive(Clone, Debug)]
pub(crate) struct ShiftAir {
    pub op: ShiftOp,
    /// Amount from rs2 (SLL, SRL, SRA) rather than the immediate.
    pub reg: bool,
}

impl ShiftAir {
    /// The opcode this instance executes.
    pub(crate) fn opcode(&self) -> Opcode {
        match (self.op, self.reg) {
            (ShiftOp::Left, true) => Opcode::Sll,
            (ShiftOp::RightLogical, true) => Opcode::Srl,
            (ShiftOp::RightArithmetic, true) => Opcode::Sra,
            (ShiftOp::Left, false) => Opcode::Slli,
            (ShiftOp::RightLogical, false) => Opcode::Srli,
            (ShiftOp::RightArithmetic, false) => Opcode::Srai,
        }
    }

    fn right(&self) -> bool {
        self.op != ShiftOp::Left
    }

    fn signed(&self) -> bool {
        self.op == ShiftOp::RightArithmetic
    }
}

/// Column names: head, body, then `g` and `gm` = g·mask for SRA/SRAI.
fn layout(reg: bool, signed: bool) -> &'static [&'static str] {
    static LAYOUTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    let layouts = LAYOUTS.get_or_init(|| {
        let mut all = Vec::new();
        for reg in [false, true] {
            for signed in [false, true] {
                let mut names = if reg {
                    RegHead::<()>::names().to_vec()
                } else {
                    ImmHead::<()>::names().to_vec()
                };
                names.extend_from_slice(Body::<()>::names());
                if signed {
                    names.extend(["g", "gm"]);
                }
                all.push(names);
            }
        }
        all
    });
    &layouts[usize::from(reg) * 2 + usize::from(signed)]
}

/// The read of rs2 and the amount, in a register shift's row.
struct Rs2<F> {
    rs2: F,
    s: F,
    b_word: [F; 2],
    b_ts: F,
    b_dh: F,
}

/// The head of any instance's row, with its Prog fields.
struct Head<F> {
    en: F,
    pc: F,
    clk: F,
    rd: F,
    rs1: F,
    mask: F,
    p: [F; 4],
    fields: Vec<F>,
    rs2: Option<Rs2<F>>,
}

impl<F: Clone> Head<F> {
    fn read(reg: bool, next: impl FnMut() -> F) -> Head<F> {
        if reg {
            let h = RegHead::read(next);
            Head {
                fields: vec![h.rd.clone(), h.rs1.clone(), h.rs2.clone()],
                en: h.en,
                pc: h.pc,
                clk: h.clk,
                rd: h.rd,
                rs1: h.rs1,
                mask: h.mask,
                p: [h.p0, h.p1, h.p2, h.p3],
                rs2: Some(Rs2 {
                    rs2: h.rs2,
                    s: h.s,
                    b_word: [h.b_lo, h.b_hi],
                    b_ts: h.b_ts,
                    b_dh: h.b_dh,
                }),
            }
        } else {
            let h = ImmHead::read(next);
            let p = [h.p0, h.p1, h.p2, h.p3];
            let mut fields = vec![h.rd.clone(), h.rs1.clone(), h.mask.clone()];
            fields.extend(p.iter().cloned());
            Head {
                en: h.en,
                pc: h.pc,
                clk: h.clk,
                rd: h.rd,
                rs1: h.rs1,
                mask: h.mask,
                p,
                fields,
                rs2: None,
            }
        }
    }
}

impl Air for ShiftAir {
    fn name(&self) -> &'static str {
        self.opcode().mnemonic()
    }

    fn columns(&self) -> &'static [&'static str] {
        layout(self.reg, self.signed())
    }

    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let Head {
            en,
            pc,
            clk,
            rd,
            rs1,
            mask,
            p,
            fields,
            rs2,
        } = Head::read(self.reg, || eval.next_trace_mask());
        let c = Body::read(|| eval.next_trace_mask());
        let (g, gm) = if self.signed() {
            let g = eval.next_trace_mask();
            let gm = eval.next_trace_mask();
            // g·mask as a column keeps the result constraints at degree 2 (docs/zk.md).
            eval.add_constraint(gm.clone() - g.clone() * mask.clone());
            (g, gm)
        } else {
            (k(0), k(0))
        };

        let next_pc = pc.clone() + k::<E::F>(4);
        control(
            eval,
            bus,
            &en,
            &pc,
            &clk,
            next_pc,
            tag(self.opcode()),
            &fields,
        );

        // Operand bytes and their AND with the mask (all four bytes are table-checked).
        let inv256 = BaseField::from(256u32).inverse();
        let a1 = (c.a_lo.clone() - c.a0.clone()) * inv256;
        let a3 = (c.a_hi.clone() - c.a2.clone()) * inv256;
        let a = [c.a0.clone(), a1, c.a2.clone(), a3.clone()];
        let z = [c.z0.clone(), c.z1.clone(), c.z2.clone(), c.z3.clone()];
        for (a_m, z_m) in a.iter().zip(&z) {
            let tuple = [a_m.clone(), mask.clone(), z_m.clone()];
            use_tuple(eval, bus, Rel::And8, en.clone(), &tuple);
        }
        if self.signed() {
            let sign = g.clone() * BaseField::from(128u32);
            use_tuple(eval, bus, Rel::And8, en.clone(), &[a3, k(128), sign]);
        }

        // Result bytes: c_n = Σ_B p_B · term(n, B).
        let term = |n: usize, whole: usize| -> Option<E::F> {
            if self.right() {
                let m = n + whole;
                Some(match m {
                    0..=2 => z[m].clone() * inv256 + a[m + 1].clone() - z[m + 1].clone(),
                    3 => z[3].clone() * inv256 + g.clone() * BaseField::from(255u32) - gm.clone(),
                    _ => {
                        (g.clone() * BaseField::from(256u32) - gm.clone())
                            * (BaseField::from(255u32) * inv256)
                    }
                })
            } else {
                let m = n.checked_sub(whole)?;
                let mut y = a[m].clone() - z[m].clone();
                if m > 0 {
                    y += z[m - 1].clone() * inv256;
                }
                Some(y)
            }
        };
        let byte = |n: usize| -> E::F {
            let mut sum = k::<E::F>(0);
            for (whole, p_b) in p.iter().enumerate() {
                if let Some(t) = term(n, whole) {
                    sum += p_b.clone() * t;
                }
            }
            sum
        };
        let b256 = BaseField::from(256u32);
        let c_lo = byte(0) + byte(1) * b256;
        let c_hi = byte(2) + byte(3) * b256;
        eval.add_constraint(c.c_lo.clone() - c_lo);
        eval.add_constraint(c.c_hi.clone() - c_hi);

        let ts = timestamp(&clk, 0);
        let a_word = [c.a_lo.clone(), c.a_hi.clone()];
        access(
            eval,
            bus,
            &en,
            SPACE_REG,
            rs1,
            a_word.clone(),
            a_word,
            c.a_ts,
            ts.clone(),
            c.a_dh,
        );
        if let Some(Rs2 {
            rs2,
            s,
            b_word,
            b_ts,
            b_dh,
        }) = rs2
        {
            // s = b mod 32 and (mask, p) is s's configuration.
            let dir = k::<E::F>(u32::from(self.right()));
            let mut cfg = vec![dir, s.clone(), mask.clone()];
            cfg.extend(p.iter().cloned());
            use_tuple(eval, bus, Rel::ShiftCfg, en.clone(), &cfg);
            let inv32 = BaseField::from(32u32).inverse();
            rc16(eval, bus, &en, (b_word[0].clone() - s) * inv32);
            access(
                eval,
                bus,
                &en,
                SPACE_REG,
                rs2,
                b_word.clone(),
                b_word,
                b_ts,
                ts.clone() + k::<E::F>(1),
                b_dh,
            );
        }
        access(
            eval,
            bus,
            &en,
            SPACE_REG,
            rd,
            [c.d_lo, c.d_hi],
            [c.c_lo, c.c_hi],
            c.d_ts,
            ts + k::<E::F>(2),
            c.d_dh,
        );
    }
}

/// One row per step of this instance's opcode.
pub(crate) fn fill(air: &ShiftAir, steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|st| {
            let a = st.accesses[0];
            let d = st.accesses[st.accesses.len() - 1];
            lookups.prog(st.pc);
            let a_dh = fill_access(lookups, &a);
            let mut row;
            let cfg;
            if air.reg {
                let b = st.accesses[1];
                let s = b.value & 31;
                cfg = config(air.right(), s);
                lookups.shift_cfg(air.right(), s);
                lookups.rc16(lo(b.value) >> 5);
                let b_dh = fill_access(lookups, &b);
                row = RegHead {
                    en: 1,
                    pc: st.pc,
                    clk: st.clk,
                    rd: d.addr,
                    rs1: a.addr,
                    rs2: b.addr,
                    s,
                    mask: cfg.mask,
                    p0: cfg.p[0],
                    p1: cfg.p[1],
                    p2: cfg.p[2],
                    p3: cfg.p[3],
                    b_lo: lo(b.value),
                    b_hi: hi(b.value),
                    b_ts: b.prev_ts,
                    b_dh,
                }
                .to_vec();
            } else {
                let shamt = st.step.map_or(0, |e| e.instruction.imm) & 31;
                cfg = config(air.right(), shamt);
                row = ImmHead {
                    en: 1,
                    pc: st.pc,
                    clk: st.clk,
                    rd: d.addr,
                    rs1: a.addr,
                    mask: cfg.mask,
                    p0: cfg.p[0],
                    p1: cfg.p[1],
                    p2: cfg.p[2],
                    p3: cfg.p[3],
                }
                .to_vec();
            }
            let bytes = a.value.to_le_bytes().map(u32::from);
            let z = bytes.map(|a_m| a_m & cfg.mask);
            for a_m in bytes {
                lookups.and8(a_m, cfg.mask);
            }
            let g = a.value >> 31;
            if air.signed() {
                lookups.and8(bytes[3], 128);
            }
            let d_dh = fill_access(lookups, &d);
            row.extend(
                Body {
                    a_lo: lo(a.value),
                    a_hi: hi(a.value),
                    a_ts: a.prev_ts,
                    a_dh,
                    a0: bytes[0],
                    a2: bytes[2],
                    z0: z[0],
                    z1: z[1],
                    z2: z[2],
                    z3: z[3],
                    c_lo: lo(d.value),
                    c_hi: hi(d.value),
                    d_lo: lo(d.prev_value),
                    d_hi: hi(d.prev_value),
                    d_ts: d.prev_ts,
                    d_dh,
                }
                .to_vec(),
            );
            if air.signed() {
                row.extend([g, g * cfg.mask]);
            }
            row
        })
        .collect()
}

#[cfg(test)]
mod tests;
