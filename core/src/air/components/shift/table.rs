//! **ShiftCfg** table: yields ShiftCfg(dir, s, mask, p0, p1, p2, p3) for dir ∈ {0 = left,
//! 1 = right} and s ∈ 0..32, the configuration [`super::config`] gives (64 rows, fixed columns
//! `shift_cfg_*`, row 32·dir + s), ×mult.
//!
//! What it proves: a register shift's amount column is below 32 and its mask and multipliers
//! are exactly those of that amount and direction.

use crate::air::bus::{yield_tuple, Bus, Rel};
use crate::air::framework::Air;
use crate::air::preprocessed::{
    SHIFT_CFG_DIR, SHIFT_CFG_MASK, SHIFT_CFG_P0, SHIFT_CFG_P1, SHIFT_CFG_P2, SHIFT_CFG_P3,
    SHIFT_CFG_S,
};
use crate::air::row::Row;
use crate::air::witness::Lookups;
use stwo_constraint_framework::EvalAtRow;

/// Log size of the table: two directions × 32 amounts.
pub(crate) const LOG_SIZE: u32 = 6;

/// The shift-configuration table.
#[derive(Clone, Debug)]
pub(crate) struct ShiftCfgTable;

impl Air for ShiftCfgTable {
    fn name(&self) -> &'static str {
        "shift_cfg"
    }
    fn columns(&self) -> &'static [&'static str] {
        &["mult"]
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let tuple = [
            SHIFT_CFG_DIR,
            SHIFT_CFG_S,
            SHIFT_CFG_MASK,
            SHIFT_CFG_P0,
            SHIFT_CFG_P1,
            SHIFT_CFG_P2,
            SHIFT_CFG_P3,
        ]
        .map(|c| eval.get_preprocessed_column(c.id()));
        let mult = eval.next_trace_mask();
        yield_tuple(eval, bus, Rel::ShiftCfg, mult, &tuple);
    }
}

/// The multiplicity column (row 32·dir + s counts uses of that configuration).
pub(crate) fn fill(lookups: &Lookups) -> Vec<Vec<u32>> {
    lookups.shift_cfg.iter().map(|&m| vec![m]).collect()
}
