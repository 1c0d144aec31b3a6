//! **Program** (ROM): one row per provable instruction word of the ELF.
//!
//! Row: en, pc, tag, f0..f7, mult. Each enabled row uses RomCheck(pc, tag, f) once and yields
//! Prog(pc, tag, f) ×mult; mult·(1 − en) = 0. The verifier yields RomCheck for every entry it
//! decodes from the ELF itself (`rom::rom`), so the enabled rows are exactly the ROM (a row
//! that is not in the ELF leaves its RomCheck use unmatched, a missing row leaves the
//! verifier's yield unmatched); instruction rows can therefore only run instructions of the
//! program, at their addresses.
//!
//! What it proves: every `Prog` tuple any instruction component uses is an entry of the ROM.

use crate::air::bus::{use_tuple, yield_tuple, Bus, Rel};
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::k;
use crate::air::rom::RomEntry;
use crate::air::row::Row;
use crate::air::witness::Lookups;
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// Program columns.
    pub(crate) struct Cols { en, pc, tag, f0, f1, f2, f3, f4, f5, f6, f7, mult }
}

/// The ROM component.
#[derive(Clone, Debug)]
pub(crate) struct ProgramAir;

impl Air for ProgramAir {
    fn name(&self) -> &'static str {
        "program"
    }
    fn columns(&self) -> &'static [&'static str] {
        Cols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = Cols::read(|| eval.next_trace_mask());
        eval.add_constraint(c.en.clone() * (c.en.clone() - k::<E::F>(1)));
        eval.add_constraint(c.mult.clone() * (k::<E::F>(1) - c.en.clone()));
        let tuple = [c.pc, c.tag, c.f0, c.f1, c.f2, c.f3, c.f4, c.f5, c.f6, c.f7];
        use_tuple(eval, bus, Rel::RomCheck, c.en, &tuple);
        yield_tuple(eval, bus, Rel::Prog, c.mult, &tuple);
    }
}

/// One row per ROM entry, with the number of times the instruction ran.
pub(crate) fn fill(rom: &[RomEntry], lookups: &Lookups) -> Vec<Vec<u32>> {
    rom.iter()
        .map(|e| {
            let mult = lookups.prog.get(&e.pc).copied().unwrap_or(0);
            let mut row = vec![1, e.pc, e.tag];
            row.extend(e.fields.iter().map(|f| f.0));
            row.push(mult);
            row
        })
        .collect()
}
