//! The verifier's own LogUp terms: the other side of every bus whose contents the statement
//! determines. A proof is accepted only if these plus every component's claimed sum add to
//! zero.
//!
//! - State: yields (entry, 0) and uses (HALT_PC, cycles): the run starts at the entry point and
//!   its last step is the only exit.
//! - RomCheck: yields every ROM entry decoded from the ELF.
//! - Mem (registers): yields each register cell's initial tuple at timestamp 0 (all zero but
//!   sp = STACK_TOP).
//! - RAddr: yields each region's base and uses its end.
//! - Mem (RAM): for each nonzero word of the image, uses (w, 0, 0, 0), the zero a region yields
//!   for it, and yields (w, value, 0) instead.

use super::bus::{tagged, Bus, Rel, SPACE_RAM, SPACE_REG};
use super::components::Region;
use super::rom::{rom, HALT_PC};
use super::witness::REG_CELLS;
use crate::program::{Program, STACK_TOP};
use num_traits::Zero;
use stwo::core::fields::m31::BaseField;
use stwo::core::fields::qm31::SecureField;
use stwo::core::fields::FieldExpOps;
use stwo_constraint_framework::Relation;

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

/// The public LogUp sum of a statement.
pub(crate) fn public_sum(
    bus: &Bus,
    program: &Program,
    cycles: u32,
    regions: &[Region],
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
        let init = if r == 2 { STACK_TOP } else { 0 };
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
    terms.sum()
}
