//! The AIR: RV32IM execution as components connected by LogUp buses.
//!
//! - [`bus`]: every relation and its tuple layout (one tagged bus);
//! - [`budget`]: how many LogUp fractions each relation may have (no multiplicity wraps);
//! - `cells`: the register space of the memory argument (registers, sink, stream cells);
//! - [`rom`]: what each instruction word of the ELF becomes in the program table;
//! - [`components`]: the catalogue; one folder per component, each stating what it proves;
//! - `gadgets`: row blocks shared by instruction components (state bus, memory access, the
//!   address and common row of loads and stores);
//! - `framework`: the glue to stwo (one `evaluate` drives constraints, interaction trace and
//!   row checks);
//! - `public`: the verifier's own LogUp terms;
//! - `witness`, `trace`, `interaction` (prover): from an execution record to traces.

// Trace filling (`fill` in each component, `witness`) is only called by the prover.
#![cfg_attr(not(feature = "prover"), allow(dead_code))]

pub mod budget;
pub mod bus;
pub(crate) mod cells;
pub(crate) mod columns;
pub mod components;
pub(crate) mod framework;
pub(crate) mod gadgets;
#[cfg(feature = "prover")]
pub(crate) mod interaction;
pub(crate) mod logup;
pub(crate) mod preprocessed;
pub(crate) mod public;
pub mod rom;
pub(crate) mod row;
pub(crate) mod shift_config;
#[cfg(all(test, feature = "prover"))]
pub(crate) mod testing;
#[cfg(feature = "prover")]
pub(crate) mod trace;
pub(crate) mod witness;

pub use components::{ComponentId, Region};
pub use framework::RowError;
pub use witness::WitnessError;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod zk_audit;
