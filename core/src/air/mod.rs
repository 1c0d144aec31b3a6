//! The AIR: RV32IM execution as components connected by LogUp buses.
//!
//! - [`bus`]: every relation and its tuple layout (one tagged bus);
//! - [`rom`]: what each instruction word of the ELF becomes in the program table;
//! - [`components`]: the catalogue; one folder per component, each stating what it proves;
//! - `gadgets`: row blocks shared by instruction components (state bus, memory access);
//! - `framework`: the glue to stwo (one `evaluate` drives constraints, interaction trace and
//!   row checks);
//! - `public`: the verifier's own LogUp terms;
//! - `witness`, `trace`, `interaction` (prover): from an execution record to traces.

pub mod bus;
pub(crate) mod columns;
pub mod components;
pub(crate) mod framework;
pub(crate) mod gadgets;
#[cfg(feature = "prover")]
pub(crate) mod interaction;
pub(crate) mod preprocessed;
pub(crate) mod public;
pub mod rom;
#[cfg(all(test, feature = "prover"))]
pub(crate) mod testing;
#[cfg(feature = "prover")]
pub(crate) mod trace;
#[cfg(feature = "prover")]
pub(crate) mod witness;

pub use components::{ComponentId, Region};
pub use framework::RowError;
#[cfg(feature = "prover")]
pub use witness::WitnessError;

#[cfg(test)]
mod tests;
