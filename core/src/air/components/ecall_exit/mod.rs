//! **EcallExit**: the `exit` system call, the only row that halts.
//!
//! Row: CTRL (the ROM entry must be an ECALL), and reads of a7 and a0 whose values are
//! constants: a7 = 93 and a0 = the exit code of the statement (a component parameter the
//! verifier sets). It yields State(HALT_PC, clk + 1); the verifier uses State(HALT_PC, cycles),
//! so a proof must contain exactly one exit, as the last step, with the claimed exit code.
//!
//! What it proves: the run ended by calling exit(code) at cycle `cycles − 1`.

use crate::air::bus::{Bus, SPACE_REG};
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{access, control, fill_access, hi, k, lo, timestamp};
use crate::air::rom::{tag, HALT_PC};
use crate::air::row::Row;
use crate::air::witness::{Lookups, StepWitness};
use crate::isa::Opcode;
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// EcallExit columns.
    pub(crate) struct Cols { en, pc, clk, a7_ts, a7_dh, a0_ts, a0_dh }
}

/// The exit component for one exit code.
#[derive(Clone, Debug)]
pub(crate) struct EcallExitAir {
    pub exit_code: u32,
}

impl Air for EcallExitAir {
    fn name(&self) -> &'static str {
        "ecall_exit"
    }
    fn columns(&self) -> &'static [&'static str] {
        Cols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = Cols::read(|| eval.next_trace_mask());
        control(
            eval,
            bus,
            &c.en,
            &c.pc,
            &c.clk,
            k(HALT_PC),
            tag(Opcode::Ecall),
            &[],
        );
        let ts = timestamp(&c.clk, 0);
        let a7: [E::F; 2] = [k(93), k(0)];
        access(
            eval,
            bus,
            &c.en,
            SPACE_REG,
            k(17),
            a7.clone(),
            a7,
            c.a7_ts,
            ts.clone(),
            c.a7_dh,
        );
        let code: [E::F; 2] = [k(lo(self.exit_code)), k(hi(self.exit_code))];
        access(
            eval,
            bus,
            &c.en,
            SPACE_REG,
            k(10),
            code.clone(),
            code,
            c.a0_ts,
            ts,
            c.a0_dh,
        );
    }
}

/// One row per step (a valid run has exactly one).
pub(crate) fn fill(steps: &[StepWitness], lookups: &mut Lookups) -> Vec<Vec<u32>> {
    steps
        .iter()
        .map(|s| {
            let [a7, a0] = [s.accesses[0], s.accesses[1]];
            lookups.prog(s.pc);
            let (a7_dh, a0_dh) = (fill_access(lookups, &a7), fill_access(lookups, &a0));
            Cols {
                en: 1,
                pc: s.pc,
                clk: s.clk,
                a7_ts: a7.prev_ts,
                a7_dh,
                a0_ts: a0.prev_ts,
                a0_dh,
            }
            .to_vec()
        })
        .collect()
}
