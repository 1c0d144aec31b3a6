//! Lookup tables. Each row yields its fixed entry with a multiplicity column that the prover
//! fills with how often the entry is used; tables need no enable flag.
//!
//! - **Rc16**: yields Rc16(v) for v = 0..2^16 — proves range checks v ∈ [0, 2^16).
//! - **And8**: yields And8(x, y, x & y) for all bytes x, y — proves x, y are bytes and the AND.

use crate::air::bus::{yield_tuple, Bus, Rel};
use crate::air::framework::Air;
use crate::air::preprocessed::{AND8_X, AND8_Y, AND8_Z, SEQ_16};
use crate::air::row::Row;
use crate::air::witness::Lookups;
use stwo_constraint_framework::EvalAtRow;

/// The 16-bit range-check table.
#[derive(Clone, Debug)]
pub(crate) struct Rc16;

impl Air for Rc16 {
    fn name(&self) -> &'static str {
        "rc16"
    }
    fn columns(&self) -> &'static [&'static str] {
        &["mult"]
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let value = eval.get_preprocessed_column(SEQ_16.id());
        let mult = eval.next_trace_mask();
        yield_tuple(eval, bus, Rel::Rc16, mult, &[value]);
    }
}

/// The byte-AND table.
#[derive(Clone, Debug)]
pub(crate) struct And8;

impl Air for And8 {
    fn name(&self) -> &'static str {
        "and8"
    }
    fn columns(&self) -> &'static [&'static str] {
        &["mult"]
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let x = eval.get_preprocessed_column(AND8_X.id());
        let y = eval.get_preprocessed_column(AND8_Y.id());
        let z = eval.get_preprocessed_column(AND8_Z.id());
        let mult = eval.next_trace_mask();
        yield_tuple(eval, bus, Rel::And8, mult, &[x, y, z]);
    }
}

/// Log size of both tables.
pub(crate) const TABLE_LOG_SIZE: u32 = 16;

/// The multiplicity column of Rc16 (row v counts uses of v).
pub(crate) fn fill_rc16(lookups: &Lookups) -> Vec<Vec<u32>> {
    lookups.rc16.iter().map(|&m| vec![m]).collect()
}

/// The multiplicity column of And8 (row x + 256·y counts uses of (x, y)).
pub(crate) fn fill_and8(lookups: &Lookups) -> Vec<Vec<u32>> {
    lookups.and8.iter().map(|&m| vec![m]).collect()
}
