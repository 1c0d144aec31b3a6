//! Whole-machine soundness tests (design.md §5): honest runs prove; forged traces — a skipped
//! step, a jump to a pc the program does not have, a register read that returns a stale or
//! invented value, a non-increasing timestamp, a duplicated boundary address, x0 receiving a
//! write, a wrong exit — are refused by the row check and by the prover/verifier.

use super::components::ComponentId;
use super::testing::{exit_with, ins, li, program, Case};
use crate::isa::Opcode::*;

/// x5 = 7, x6 = x5 + x5, x7 = x6 - 3 (11), jal over a trap, exit(x7).
fn small() -> Case {
    let mut code = li(5, 7).to_vec();
    code.extend([
        ins(Add, 6, 5, 5, 0),
        ins(Addi, 7, 6, 0, -3),
        ins(Jal, 0, 0, 0, 8),
        ins(Ebreak, 0, 0, 0, 0),
    ]);
    code.extend(exit_with(7));
    Case::new(program(&code), b"", b"")
}

#[test]
fn padding_rows_are_inert() {
    // Garbage in a padding row (en = 0) changes nothing: every multiplicity carries en.
    let mut case = small();
    case.set(ComponentId::Const, "nx", 2, 12345);
    case.set(ComponentId::Const, "v_lo", 2, 99);
    case.assert_accepted();
}

#[test]
fn honest_run_is_accepted() {
    let case = small();
    assert_eq!(case.execution.exit_code, 11);
    case.assert_accepted();
}

#[test]
fn skipped_instruction_is_rejected() {
    // Disable the ADD row: its State use and yield vanish, leaving (pc, clk) unmatched.
    let mut case = small();
    case.set(ComponentId::Add, "en", 0, 0);
    case.assert_rejected();
}

#[test]
fn jump_outside_the_program_is_rejected() {
    // The JAL row claims a next pc the ROM does not give it.
    // Const rows: LUI (row 0), JAL (row 1).
    let mut case = small();
    let nx = case.get(ComponentId::Const, "nx", 1);
    case.set(ComponentId::Const, "nx", 1, nx + 4);
    case.assert_rejected();
}

#[test]
fn executing_a_different_instruction_is_rejected() {
    // The ADD row claims rs2 = x0 (x6 = x5 + 0): no such ROM entry.
    let mut case = small();
    case.set(ComponentId::Add, "rs2", 0, 0);
    case.assert_rejected();
}

#[test]
fn invented_register_value_is_rejected() {
    // ADDI reads x6 = 15 instead of 14 and writes 12: arithmetic holds, memory does not.
    let mut case = small();
    case.set(ComponentId::AddImm, "a_lo", 2, 15);
    case.set(ComponentId::AddImm, "c_lo", 2, 12);
    case.assert_rejected();
}

#[test]
fn non_increasing_timestamp_is_rejected() {
    // The ADD row claims x5 was last written at its own timestamp (no strict order).
    let mut case = small();
    let clk = case.get(ComponentId::Add, "clk", 0);
    case.set(ComponentId::Add, "a_ts", 0, 3 * clk);
    case.assert_rejected();
}

#[test]
fn duplicated_boundary_address_is_rejected() {
    let mut case = small();
    let region = case.traces.iter().find_map(|t| match t.id {
        ComponentId::MemRegion(r) => Some(r),
        _ => None,
    });
    let Some(region) = region else {
        panic!("the code image needs a memory region")
    };
    let id = ComponentId::MemRegion(region);
    let w0 = case.get(id, "w", 0);
    case.set(id, "w", 1, w0);
    case.assert_rejected();
}

#[test]
fn write_to_x0_cannot_change_it() {
    // An ADD row writing register 0 instead of the sink: the ROM says rd' = 32.
    let mut code = li(5, 7).to_vec();
    code.extend([ins(Add, 0, 5, 5, 0), ins(Add, 6, 0, 0, 0)]);
    code.extend(exit_with(6));
    let mut case = Case::new(program(&code), b"", b"");
    assert_eq!(case.execution.exit_code, 0);
    case.assert_accepted();
    assert_eq!(case.get(ComponentId::Add, "rd", 0), 32);
    case.set(ComponentId::Add, "rd", 0, 0);
    case.assert_rejected();
}

#[test]
fn wrong_exit_code_is_rejected() {
    let mut case = small();
    case.execution.exit_code = 12;
    case.assert_rejected();
}

#[test]
fn early_halt_is_rejected() {
    // Claim the run ended one cycle earlier.
    let mut case = small();
    case.execution.stats.cycles -= 1;
    case.assert_rejected();
}
