//! The verifier's own LogUp terms: the other side of every bus whose contents the statement
//! determines. A proof is accepted only if these plus every component's claimed sum add to
//! zero.
//!
//! - State: yields (entry, 0) and uses (HALT_PC, cycles): the run starts at the entry point and
//!   its last step is the only exit.
//! - RomCheck: yields every ROM entry decoded from the ELF.
//! - Mem (registers): yields each register cell's initial tuple at timestamp 0 (all zero but
//!   sp = STACK_TOP and the public-input register, which starts at the input's length).
//! - RAddr: yields each region's base and uses its end.
//! - Mem (RAM): for each nonzero word of the image, uses (w, 0, 0, 0), the zero a region yields
//!   for it, and yields (w, value, 0) instead.
//! - PubIn: yields (|I| − j, I_j) for each of the first `input_read` bytes of the public input
//!   (the key counts the bytes left), which public-input reads use.
//! - PubOut: uses (j, O_j) for each byte of the claimed output, which output writes yield.

// Untrusted proof bytes reach this module: no panics, enforced.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

use super::bus::{tagged, Bus, Rel, SPACE_RAM, SPACE_REG};
use super::cells::PUBLIC_INPUT_REG;
use super::rom::{rom, HALT_PC};
use super::witness::REG_CELLS;
use crate::program::{Program, STACK_TOP};
use num_traits::Zero;
use stwo::core::fields::m31::BaseField;
use stwo::core::fields::qm31::SecureField;
use stwo::core::fields::FieldExpOps;
use stwo_constraint_framework::Relation;

/// A region of RAM words: `[base, base + 2^log_size)`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Region {
    /// First word index.
    pub base: u32,
    /// Log2 of the number of words.
    pub log_size: u32,
}

impl Region {
    /// One past the last word.
    pub fn end(&self) -> u64 {
        u64::from(self.base) + (1u64 << self.log_size)
    }
}

/// The most regions a proof may have.
pub const MAX_REGIONS: usize = 64;
/// The largest region: 2^20 words (4 MiB). A larger instance alone would exceed what one part
/// may batch at 96 proven bits (docs/security.md), so larger spans are cut into such pieces.
pub const MAX_REGION_LOG: u32 = 20;

/// Accumulates ±1/combine(tuple) terms and inverts them all at once.
#[derive(Default)]
struct Terms {
    denominators: Vec<SecureField>,
    signs: Vec<bool>,
}

impl Terms {
    fn add(&mut self, bus: &Bus, rel: Rel, values: &[u32], use_: bool) {
        let values: Vec<BaseField> = values.iter().map(|&v| BaseField::from(v)).collect();
        let tuple = tagged(rel, &values);
        let denominator: SecureField =
            <Bus as Relation<BaseField, SecureField>>::combine(bus, &tuple);
        self.denominators.push(denominator);
        self.signs.push(use_);
    }

    fn add_fields(&mut self, bus: &Bus, rel: Rel, values: &[BaseField], use_: bool) {
        let tuple = tagged(rel, values);
        self.denominators
            .push(<Bus as Relation<BaseField, SecureField>>::combine(
                bus, &tuple,
            ));
        self.signs.push(use_);
    }

    fn sum(self) -> SecureField {
        if self.denominators.is_empty() {
            return SecureField::zero();
        }
        let inverses = SecureField::batch_inverse(&self.denominators);
        inverses
            .iter()
            .zip(self.signs)
            .fold(SecureField::zero(), |acc, (&inv, use_)| {
                if use_ {
                    acc + inv
                } else {
                    acc - inv
                }
            })
    }
}

/// The words of the image that are not zero, with their values.
pub(crate) fn image_words(program: &Program) -> Vec<(u32, u32)> {
    let mut words = Vec::new();
    for segment in program.segments() {
        let first = segment.vaddr / 4;
        let last = (u64::from(segment.vaddr) + segment.data.len() as u64).div_ceil(4) as u32;
        for word in first..last {
            let value = program.initial_word(word);
            if value != 0 {
                words.push((word, value));
            }
        }
    }
    words.dedup_by_key(|w| w.0);
    words
}

/// The statement's public input and claimed output, as the I/O terms need them.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PublicIo<'a> {
    /// The whole public input (below 2^24 bytes).
    pub input: &'a [u8],
    /// How many of its bytes the run read (the claim's; at most `input.len()`).
    pub input_read: u32,
    /// The claimed public output.
    pub output: &'a [u8],
}

/// How many fractions [`public_sum`] adds for a statement (the LogUp round of the security
/// calculator counts them with the components').
pub(crate) fn public_term_count(program: &Program, regions: &[Region], io: &PublicIo<'_>) -> u64 {
    let read = io.input_read.min(io.input.len() as u32);
    2 + rom(program).len() as u64
        + REG_CELLS as u64
        + 2 * regions.len() as u64
        + 2 * image_words(program).len() as u64
        + u64::from(read)
        + io.output.len() as u64
}

/// The public LogUp sum of a statement.
pub(crate) fn public_sum(
    bus: &Bus,
    program: &Program,
    cycles: u32,
    regions: &[Region],
    io: &PublicIo<'_>,
) -> SecureField {
    let mut terms = Terms::default();
    terms.add(bus, Rel::State, &[program.entry(), 0], false);
    terms.add(bus, Rel::State, &[HALT_PC, cycles], true);
    for entry in rom(program) {
        let mut values = vec![BaseField::from(entry.pc), BaseField::from(entry.tag)];
        values.extend_from_slice(&entry.fields);
        terms.add_fields(bus, Rel::RomCheck, &values, false);
    }
    for r in 0..REG_CELLS as u32 {
        let init = match r {
            2 => STACK_TOP,
            PUBLIC_INPUT_REG => io.input.len() as u32,
            _ => 0,
        };
        terms.add(
            bus,
            Rel::Mem,
            &[SPACE_REG, r, init & 0xffff, init >> 16, 0],
            false,
        );
    }
    for region in regions {
        terms.add(bus, Rel::RAddr, &[region.base], false);
        terms.add(bus, Rel::RAddr, &[(region.end()) as u32], true);
    }
    for (word, value) in image_words(program) {
        terms.add(bus, Rel::Mem, &[SPACE_RAM, word, 0, 0, 0], true);
        terms.add(
            bus,
            Rel::Mem,
            &[SPACE_RAM, word, value & 0xffff, value >> 16, 0],
            false,
        );
    }
    let input_len = io.input.len() as u32;
    let read = io.input.iter().take(io.input_read as usize);
    for (j, &byte) in (0u32..).zip(read) {
        terms.add(bus, Rel::PubIn, &[input_len - j, u32::from(byte)], false);
    }
    for (j, &byte) in (0u32..).zip(io.output) {
        terms.add(bus, Rel::PubOut, &[j, u32::from(byte)], true);
    }
    terms.sum()
}
