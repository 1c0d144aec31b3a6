//! **Io**: the memory words a `read` or `write` system call moves, one row per word.
//!
//! Three instances, one per stream kind K: public input (fd 0), private input (fd 3) and
//! public output (fd 1). Debug text (fd 2) is not proven and has no rows.
//!
//! A call that moves n ≥ 1 bytes at byte address buf starts an **I/O chain**: its ecall row
//! (`ecall_read`, `ecall_write`) yields IoChain(K, clk, W0, z0, z1, key, n), W0 = buf / 4 and
//! z = z0 + 2·z1 = buf mod 4 the lane of the first byte, and uses the end
//! IoChain(K, clk, W0 + Δ, 0, 0, key_end, 0) (the ecall rows' side, with their buffer checks,
//! is [`buffer`]). Each row of the chain takes one word:
//!
//! - it uses IoChain(K, clk, w, z0, z1, key, cnt) and yields
//!   IoChain(K, clk, w + 1, 0, 0, key ± κ, cnt − κ), where l0..l3 are the lanes of the word
//!   that lie in the buffer and κ = l0 + l1 + l2 + l3 (`key − κ` for input, `key + κ` for
//!   output; private rows carry key 0);
//! - lanes: l_i ∈ {0, en}; the lane z is selected ([z = i]·(en − l_i) = 0 with the
//!   indicators of the bits z0, z1, linear in z0, z1 and the column zz = z0·z1), no lane before
//!   z is (l0·[z ≥ 1] = l1·z1 = l2·zz = 0), the selected lanes are contiguous
//!   (p_ik·(1 − l_j) = 0 for i < j < k, with the columns p_ik = l_i·l_k), and a word whose
//!   lane 3 is not selected holds the last bytes ((en − l3)·(cnt − κ) = 0);
//! - one RAM access of word w in slot 1 (the ecall's RAM slot, timestamp 3·clk + 2), from the
//!   old value (o0 + 256·o1, o2 + 256·o3) to the new one; And8(o0, o1, oa01) and
//!   And8(o2, o3, oa23) make the byte split of the old (canonical) word exact;
//! - input rows: the new bytes n0..n3 keep the old byte in every lane that is not selected
//!   ((en − l_i)·(n_i − o_i) = 0); public input uses PubIn(key − (i − z), n_i) ×l_i, whose
//!   other side the verifier yields from the statement's bytes (keys count the bytes of the
//!   public input left, so byte j of the input has key |I| − j); private input checks its new
//!   bytes with And8(n0, n1, na01), And8(n2, n3, na23);
//! - output rows read the word (new = old) and yield PubOut(key + (i − z), o_i) ×l_i, which
//!   the verifier uses for every byte of the claimed output (key = position in the output).
//!
//! **Why a chain is exactly the buffer.** The rows of one call share (K, clk) and every row
//! accesses its word in slot 1, so no two rows of a chain have the same w (a word's access
//! chain needs strictly increasing timestamps) and w grows by one per row from W0 to
//! W0 + Δ − 1 (w < 2^30, since only RAM words have Mem chains): the rows form one path of Δ
//! rows. Each row selects κ ≥ 1 lanes (lane z is selected), and the ecall row proves
//! Δ < 2^24, so Σκ < 2^26 and Σκ ≡ n mod p make Σκ = n exactly. Therefore cnt ≥ 1 on every
//! row, a row whose lanes reach lane 3 has cnt ≥ κ, the row that stops early has cnt = κ,
//! and the lanes of the path are exactly the bytes [buf, buf + n): the first word from lane z,
//! every later word from lane 0.
//!
//! What it proves: each call's buffer bytes, in address order, are the n bytes the call
//! moved; for public input they are the next bytes of the statement's input, for private input
//! they are bytes, for output they are the next bytes of the claimed output; bytes of those
//! words outside the buffer keep their values.

pub(crate) mod buffer;

use crate::air::bus::{use_tuple, yield_tuple, Bus, Rel, SPACE_RAM};
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{access, fill_access, k, timestamp};
use crate::air::row::Row;
use crate::air::witness::{Access, Lookups, StepWitness};
use crate::trace::Syscall;
use std::sync::OnceLock;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::EvalAtRow;

/// The stream an I/O chain belongs to: the first value of its IoChain tuples.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IoKind {
    /// `read` from fd 0.
    PublicIn = 1,
    /// `read` from fd 3.
    PrivateIn = 2,
    /// `write` to fd 1.
    Output = 3,
}

columns! {
    /// The columns of every Io row.
    pub(crate) struct Cols {
        en, clk, w, z0, z1, cnt, l0, l1, l2, l3, o0, o1, o2, o3, oa01, oa23, tm, dh,
        zz, p02, p03, p13,
    }
}

columns! {
    /// Public-input rows: the key and the new bytes.
    pub(crate) struct PublicCols { key, n0, n1, n2, n3 }
}

columns! {
    /// Private-input rows: the new bytes and their byte checks.
    pub(crate) struct PrivateCols { n0, n1, n2, n3, na01, na23 }
}

columns! {
    /// Output rows: the key.
    pub(crate) struct OutputCols { key }
}

/// One Io instance.
#[derive(Clone, Debug)]
pub(crate) struct IoAir {
    pub kind: IoKind,
}

/// And8(x, x, x): x is a byte.
pub(crate) fn byte<E: EvalAtRow>(eval: &mut Row<E>, bus: &Bus, mult: &E::F, x: E::F) {
    use_tuple(
        eval,
        bus,
        Rel::And8,
        mult.clone(),
        &[x.clone(), x.clone(), x],
    );
}

/// The limb b_lo + 256·b_hi.
fn limb<F: Clone + std::ops::Add<Output = F> + std::ops::Mul<BaseField, Output = F>>(
    lo: &F,
    hi: &F,
) -> F {
    lo.clone() + hi.clone() * BaseField::from(256u32)
}

impl Air for IoAir {
    fn name(&self) -> &'static str {
        match self.kind {
            IoKind::PublicIn => "io_public_in",
            IoKind::PrivateIn => "io_private_in",
            IoKind::Output => "io_output",
        }
    }

    fn columns(&self) -> &'static [&'static str] {
        static NAMES: [OnceLock<Vec<&'static str>>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let (slot, extra) = match self.kind {
            IoKind::PublicIn => (0, PublicCols::<()>::names()),
            IoKind::PrivateIn => (1, PrivateCols::<()>::names()),
            IoKind::Output => (2, OutputCols::<()>::names()),
        };
        NAMES[slot].get_or_init(|| [Cols::<()>::names(), extra].concat())
    }

    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = Cols::read(|| eval.next_trace_mask());
        // Kind-specific columns: the key (0 for private input) and the new bytes.
        let (key, new_bytes) = match self.kind {
            IoKind::PublicIn => {
                let x = PublicCols::read(|| eval.next_trace_mask());
                (x.key, Some([x.n0, x.n1, x.n2, x.n3]))
            }
            IoKind::PrivateIn => {
                let x = PrivateCols::read(|| eval.next_trace_mask());
                byte_pair(eval, bus, &c.en, &x.n0, &x.n1, x.na01);
                byte_pair(eval, bus, &c.en, &x.n2, &x.n3, x.na23);
                (k(0), Some([x.n0, x.n1, x.n2, x.n3]))
            }
            IoKind::Output => (OutputCols::read(|| eval.next_trace_mask()).key, None),
        };
        let one = k::<E::F>(1);
        let en = c.en.clone();
        let lanes = [c.l0.clone(), c.l1.clone(), c.l2.clone(), c.l3.clone()];
        let old = [c.o0.clone(), c.o1.clone(), c.o2.clone(), c.o3.clone()];

        eval.add_constraint(en.clone() * (en.clone() - one.clone()));
        for l in &lanes {
            eval.add_constraint(l.clone() * (l.clone() - en.clone()));
        }
        // The first lane is z = z0 + 2·z1 (bits from the chain tuple, checked where it starts).
        // Products of two columns are columns (zz = z0·z1, p_ij = l_i·l_j), so that every
        // constraint has degree 2 (docs/zk.md).
        let (z0, z1, zz) = (c.z0.clone(), c.z1.clone(), c.zz.clone());
        eval.add_constraint(zz.clone() - z0.clone() * z1.clone());
        let at = [
            one.clone() - z0.clone() - z1.clone() + zz.clone(),
            z0.clone() - zz.clone(),
            z1.clone() - zz.clone(),
            zz.clone(),
        ];
        for (at_i, l) in at.into_iter().zip(&lanes) {
            eval.add_constraint(at_i * (en.clone() - l.clone()));
        }
        let z_positive = z0.clone() + z1.clone() - zz.clone();
        eval.add_constraint(lanes[0].clone() * z_positive);
        eval.add_constraint(lanes[1].clone() * z1.clone());
        eval.add_constraint(lanes[2].clone() * zz);
        let pairs = [
            ((0, 2), c.p02.clone()),
            ((0, 3), c.p03.clone()),
            ((1, 3), c.p13.clone()),
        ];
        for ((i, m), p) in &pairs {
            eval.add_constraint(p.clone() - lanes[*i].clone() * lanes[*m].clone());
        }
        let [(_, p02), (_, p03), (_, p13)] = pairs;
        // Contiguity: l_i·(1 − l_j)·l_m = 0 for i < j < m.
        for (p, j) in [(&p02, 1), (&p03, 1), (&p03, 2), (&p13, 2)] {
            eval.add_constraint(p.clone() * (one.clone() - lanes[j].clone()));
        }
        let kappa = lanes[0].clone() + lanes[1].clone() + lanes[2].clone() + lanes[3].clone();
        eval.add_constraint((en.clone() - lanes[3].clone()) * (c.cnt.clone() - kappa.clone()));
        if let Some(new) = &new_bytes {
            for ((l, n), o) in lanes.iter().zip(new).zip(&old) {
                eval.add_constraint((en.clone() - l.clone()) * (n.clone() - o.clone()));
            }
        }

        // The chain.
        let kind = k::<E::F>(self.kind as u32);
        let next_key = match self.kind {
            IoKind::PublicIn => key.clone() - kappa.clone(),
            IoKind::PrivateIn => k(0),
            IoKind::Output => key.clone() + kappa.clone(),
        };
        use_tuple(
            eval,
            bus,
            Rel::IoChain,
            en.clone(),
            &[
                kind.clone(),
                c.clk.clone(),
                c.w.clone(),
                z0.clone(),
                z1.clone(),
                key.clone(),
                c.cnt.clone(),
            ],
        );
        yield_tuple(
            eval,
            bus,
            Rel::IoChain,
            en.clone(),
            &[
                kind,
                c.clk.clone(),
                c.w.clone() + one.clone(),
                k(0),
                k(0),
                next_key,
                c.cnt.clone() - kappa,
            ],
        );

        // The word: read (output) or rewritten (input) in slot 1.
        let old_word = [limb(&old[0], &old[1]), limb(&old[2], &old[3])];
        let new_word = match &new_bytes {
            Some(n) => [limb(&n[0], &n[1]), limb(&n[2], &n[3])],
            None => old_word.clone(),
        };
        let ts = timestamp(&c.clk, 1);
        access(
            eval, bus, &en, SPACE_RAM, c.w, old_word, new_word, c.tm, ts, c.dh,
        );
        byte_pair(eval, bus, &en, &old[0], &old[1], c.oa01);
        byte_pair(eval, bus, &en, &old[2], &old[3], c.oa23);

        // The stream's bytes: lane i holds the byte at key ± (i − z).
        let z = z0 + z1 * BaseField::from(2u32);
        for (i, l) in lanes.iter().enumerate() {
            let offset = k::<E::F>(i as u32) - z.clone();
            match (self.kind, &new_bytes) {
                (IoKind::PublicIn, Some(n)) => use_tuple(
                    eval,
                    bus,
                    Rel::PubIn,
                    l.clone(),
                    &[key.clone() - offset, n[i].clone()],
                ),
                (IoKind::Output, _) => yield_tuple(
                    eval,
                    bus,
                    Rel::PubOut,
                    l.clone(),
                    &[key.clone() + offset, old[i].clone()],
                ),
                _ => {}
            }
        }
    }
}

/// And8(x, y, x & y) ×en: x and y are bytes.
fn byte_pair<E: EvalAtRow>(eval: &mut Row<E>, bus: &Bus, en: &E::F, x: &E::F, y: &E::F, and: E::F) {
    use_tuple(
        eval,
        bus,
        Rel::And8,
        en.clone(),
        &[x.clone(), y.clone(), and],
    );
}

/// What an ecall row hands its chain: the call's buffer, the bytes moved and the key of the
/// first byte, with the RAM accesses of the words (address order).
pub(crate) struct Call<'a> {
    pub clk: u32,
    pub buf: u32,
    pub n: u32,
    pub key: u32,
    pub words: &'a [Access],
}

/// The chain of one call, from its step: `None` for calls that move no proven bytes.
pub(crate) fn call_of(kind: IoKind, step: &StepWitness) -> Option<Call<'_>> {
    // Register accesses first (a7, a1, a2, a0, stream register), then the words.
    let cursor = step.accesses.get(4)?;
    let (buf, n, key) = match (kind, step.ecall?) {
        (
            IoKind::PublicIn,
            Syscall::Read {
                fd: 0, buf, read, ..
            },
        ) => (buf, read, cursor.prev_value),
        (
            IoKind::PrivateIn,
            Syscall::Read {
                fd: 3, buf, read, ..
            },
        ) => (buf, read, 0),
        (
            IoKind::Output,
            Syscall::Write {
                fd: 1, buf, len, ..
            },
        ) => (buf, len, cursor.prev_value),
        _ => return None,
    };
    Some(Call {
        clk: step.clk,
        buf,
        n,
        key,
        words: &step.accesses[5..],
    })
}

fn bytes(x: u32) -> [u32; 4] {
    [x & 0xff, (x >> 8) & 0xff, (x >> 16) & 0xff, x >> 24]
}

/// The rows of every chain of `kind` in `steps` (the ecall steps of its family).
pub(crate) fn fill(kind: IoKind, steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    let mut rows = Vec::new();
    for call in steps.iter().filter_map(|s| call_of(kind, s)) {
        let (start, end) = (u64::from(call.buf), u64::from(call.buf) + u64::from(call.n));
        let mut done = 0u32;
        for (index, word) in call.words.iter().enumerate() {
            let base = u64::from(word.addr) * 4;
            let lane = |i: u64| u32::from((start..end).contains(&(base + i)));
            let l = [lane(0), lane(1), lane(2), lane(3)];
            let kappa: u32 = l.iter().sum();
            let z = if index == 0 { call.buf & 3 } else { 0 };
            let key = match kind {
                IoKind::PublicIn => call.key - done,
                IoKind::PrivateIn => 0,
                IoKind::Output => call.key + done,
            };
            let o = bytes(word.prev_value);
            let n = bytes(word.value);
            let dh = fill_access(lookups, word);
            lookups.and8(o[0], o[1]);
            lookups.and8(o[2], o[3]);
            let mut row = Cols {
                en: 1,
                clk: call.clk,
                w: word.addr,
                z0: z & 1,
                z1: z >> 1,
                cnt: call.n - done,
                l0: l[0],
                l1: l[1],
                l2: l[2],
                l3: l[3],
                o0: o[0],
                o1: o[1],
                o2: o[2],
                o3: o[3],
                oa01: o[0] & o[1],
                oa23: o[2] & o[3],
                tm: word.prev_ts,
                dh,
                zz: (z & 1) * (z >> 1),
                p02: l[0] * l[2],
                p03: l[0] * l[3],
                p13: l[1] * l[3],
            }
            .to_vec();
            match kind {
                IoKind::PublicIn => row.extend(
                    PublicCols {
                        key,
                        n0: n[0],
                        n1: n[1],
                        n2: n[2],
                        n3: n[3],
                    }
                    .to_vec(),
                ),
                IoKind::PrivateIn => {
                    lookups.and8(n[0], n[1]);
                    lookups.and8(n[2], n[3]);
                    row.extend(
                        PrivateCols {
                            n0: n[0],
                            n1: n[1],
                            n2: n[2],
                            n3: n[3],
                            na01: n[0] & n[1],
                            na23: n[2] & n[3],
                        }
                        .to_vec(),
                    );
                }
                IoKind::Output => row.extend(OutputCols { key }.to_vec()),
            }
            rows.push(row);
            done += kappa;
        }
    }
    rows
}

#[cfg(test)]
pub(crate) mod tests;
