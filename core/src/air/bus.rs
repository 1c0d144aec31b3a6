//! Every LogUp relation of the AIR, as one tagged bus.
//!
//! All relations share one pair of random challenges (z, α): a tuple is combined as
//! `tag + α·v0 + α²·v1 + … − z`, and the tag (the relation's number) keeps tuples of different
//! relations apart. A fraction `+m / combine(t)` is a **use** of tuple t, `−m / combine(t)` a
//! **yield**; the proof is accepted only if all fractions of all components plus the verifier's
//! public terms sum to zero.
//!
//! | relation | tuple after the tag | used by / yielded by | public terms (verifier) |
//! |---|---|---|---|
//! | `State` | (pc, clk) | every instruction row uses its state and yields the next | yields (entry, 0); uses (HALT_PC, cycles) |
//! | `Prog` | (pc, tag, f0..f7) | instruction rows use; Program rows yield ×mult | – |
//! | `RomCheck` | (pc, tag, f0..f7) | Program rows use ×en | yields one per ROM entry |
//! | `Mem` | (space, addr, lo, hi, ts) | accesses use the old tuple and yield the new; boundaries | initial registers and image corrections |
//! | `RAddr` | (word) | MemRegion rows use w, yield w + 1 | yields each region's base, uses its end |
//! | `Rc16` | (v) | range checks v ∈ [0, 2^16) | – |
//! | `And8` | (x, y, x & y) | byte checks and bitwise ops | – |
//! | `IoChain` | (kind, clk, word, z0, z1, key, count) | `read`/`write` rows yield a chain's start and use its end; Io rows use one link and yield the next | – |
//! | `PubIn` | (key, byte): key = public-input bytes left before the byte | public-input Io rows use | yields the bytes the run read |
//! | `PubOut` | (position, byte) | output Io rows yield | uses every byte of the claimed output |
//! | `ShiftCfg` | (dir, s, mask, p0, p1, p2, p3) | register-shift rows use; the ShiftCfg table yields ×mult | – |

use super::row::Row;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::{EvalAtRow, Relation};

/// Longest tuple, tag included.
pub const BUS_ARITY: usize = 12;

mod relation {
    #![allow(missing_docs)]
    stwo_constraint_framework::relation!(Bus, 12);

    impl Bus {
        /// Challenges z = 0, α = 0: every tuple combines to its tag alone, so the denominator
        /// of each fraction names its relation (used to count fractions per relation).
        pub(crate) fn tags_only() -> Bus {
            use stwo::core::fields::qm31::SecureField;
            let mut alpha_powers = [SecureField::from(0u32); 12];
            alpha_powers[0] = SecureField::from(1u32);
            Bus(stwo_constraint_framework::logup::LookupElements {
                z: SecureField::from(0u32),
                alpha: SecureField::from(0u32),
                alpha_powers,
            })
        }
    }
}
/// The bus's challenges (z, α): `draw` them from the channel, or `dummy` for tests.
pub use relation::Bus;

/// The relations carried by the bus; the discriminant is the tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u32)]
pub enum Rel {
    /// (pc, clk): the machine state between two instructions.
    State = 1,
    /// (pc, tag, f0..f7): an executable ROM entry.
    Prog = 2,
    /// (pc, tag, f0..f7): binds the committed ROM to the ELF.
    RomCheck = 3,
    /// (space, addr, lo, hi, ts): a memory cell's value since timestamp ts.
    Mem = 4,
    /// (word): the chain that makes memory-region rows exactly base..base + 2^n.
    RAddr = 5,
    /// (v): v ∈ [0, 2^16).
    Rc16 = 6,
    /// (x, y, z): x, y bytes and z = x & y.
    And8 = 7,
    /// Reserved for a byte-shift table (shift components).
    Byte = 8,
    /// (kind, clk, word, z0, z1, key, count): one link of the word chain of a `read`/`write`
    /// call (`components::io`).
    IoChain = 9,
    /// (key, byte): a public-input byte, keyed by the number of input bytes left before it.
    PubIn = 10,
    /// (position, byte): a public-output byte.
    PubOut = 11,
    /// (dir, s, mask, p0..p3): the configuration of a shift by s < 32, dir 0 left, 1 right
    /// (`components::shift`).
    ShiftCfg = 12,
}

impl Rel {
    /// Every relation, by tag.
    pub const ALL: [Rel; 12] = [
        Rel::State,
        Rel::Prog,
        Rel::RomCheck,
        Rel::Mem,
        Rel::RAddr,
        Rel::Rc16,
        Rel::And8,
        Rel::Byte,
        Rel::IoChain,
        Rel::PubIn,
        Rel::PubOut,
        Rel::ShiftCfg,
    ];

    /// The relation with tag `tag`.
    pub fn from_tag(tag: u32) -> Option<Rel> {
        Rel::ALL.into_iter().find(|r| *r as u32 == tag)
    }
}

/// Register space in [`Rel::Mem`] tuples.
pub const SPACE_REG: u32 = 0;
/// RAM space in [`Rel::Mem`] tuples (addresses are word indices).
pub const SPACE_RAM: u32 = 1;

/// The tuple `[tag, values…]` a relation entry combines, as field elements.
pub fn tagged<F: Clone + From<BaseField>>(rel: Rel, values: &[F]) -> Vec<F> {
    let mut tuple = Vec::with_capacity(values.len() + 1);
    tuple.push(F::from(BaseField::from(rel as u32)));
    tuple.extend_from_slice(values);
    tuple
}

/// Adds `+mult / combine(rel, values)`: a use.
pub(crate) fn use_tuple<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    rel: Rel,
    mult: E::F,
    values: &[E::F],
) {
    add_entry(eval, bus, rel, E::EF::from(mult), values);
}

/// Adds `−mult / combine(rel, values)`: a yield.
pub(crate) fn yield_tuple<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    rel: Rel,
    mult: E::F,
    values: &[E::F],
) {
    add_entry(eval, bus, rel, -E::EF::from(mult), values);
}

fn add_entry<E: EvalAtRow>(
    eval: &mut Row<E>,
    bus: &Bus,
    rel: Rel,
    numerator: E::EF,
    values: &[E::F],
) {
    let denominator: E::EF = bus.combine(&tagged(rel, values));
    eval.add_fraction(numerator, denominator);
}
