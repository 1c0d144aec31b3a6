//! Branch: every condition proves taken and not taken, at its signed/unsigned edges; a branch
//! that lies about its condition is refused even when the rest of the trace agrees with the
//! lie. Also the helpers the family's other tests use to make forgeries self-consistent.

use crate::air::components::{BranchOp, ComponentId};
use crate::air::testing::{exit_with, ins, li, program, Case};
use crate::isa::Opcode::{self, *};

/// The enabled row of `id` whose pc is `pc`.
pub(crate) fn row_at(case: &mut Case, id: ComponentId, pc: u32) -> usize {
    let rows = 1usize << case.trace(id).log_size;
    let found = (0..rows).find(|&r| case.get(id, "en", r) == 1 && case.get(id, "pc", r) == pc);
    found.unwrap_or_else(|| panic!("no {id:?} row at pc {pc:#x}"))
}

/// Sets the final value of register `reg` in the register boundary, so that a forged write
/// to a register nobody reads again leaves the memory argument balanced.
pub(crate) fn set_final(case: &mut Case, reg: usize, value: u32) {
    case.set(ComponentId::RegBoundary, "lo", reg, value & 0xffff);
    case.set(ComponentId::RegBoundary, "hi", reg, value >> 16);
}

/// Moves the executed hop `beq x0, x0, J` at `from` to the identical hop at `to` (same ROM
/// fields, same target J), moving one ROM use along: the trace then follows `to` instead.
pub(crate) fn move_hop(case: &mut Case, from: u32, to: u32) {
    let id = ComponentId::Branch(BranchOp::Beq);
    let row = row_at(case, id, from);
    case.set(id, "pc", row, to);
    let (p_from, p_to) = (
        row_at(case, ComponentId::Program, from),
        row_at(case, ComponentId::Program, to),
    );
    let m = case.get(ComponentId::Program, "mult", p_from);
    case.set(ComponentId::Program, "mult", p_from, m - 1);
    let m = case.get(ComponentId::Program, "mult", p_to);
    case.set(ComponentId::Program, "mult", p_to, m + 1);
}

const OPS: [(Opcode, BranchOp); 6] = [
    (Beq, BranchOp::Beq),
    (Bne, BranchOp::Bne),
    (Blt, BranchOp::Blt),
    (Bge, BranchOp::Bge),
    (Bltu, BranchOp::Bltu),
    (Bgeu, BranchOp::Bgeu),
];

fn taken(op: Opcode, a: u32, b: u32) -> bool {
    match op {
        Beq => a == b,
        Bne => a != b,
        Blt => (a as i32) < (b as i32),
        Bge => (a as i32) >= (b as i32),
        Bltu => a < b,
        _ => a >= b,
    }
}

/// Every branch on (a, b): x7 collects one bit per branch (1 = fell through); also a branch
/// on equal registers, a never-taken branch to a misaligned target and a backward loop.
fn all_ops(a: u32, b: u32) -> (Case, u32) {
    let mut code = li(5, a).to_vec();
    code.extend(li(6, b));
    let mut expected = 0u32;
    for (op, _) in OPS {
        code.extend([
            ins(Add, 7, 7, 7, 0),
            ins(op, 0, 5, 6, 8),
            ins(Addi, 7, 7, 0, 1),
        ]);
        expected = 2 * expected + u32::from(!taken(op, a, b));
    }
    code.extend([
        // rs1 = rs2: taken.
        ins(Beq, 0, 5, 5, 8),
        ins(Ebreak, 0, 0, 0, 0),
        // Never taken: the target pc + 6 is not an instruction (the ROM marks it invalid).
        ins(Bne, 0, 6, 6, 6),
        // A three-round countdown: x8 = 3; loop: x8 -= 1; bne x8, x0, loop.
        ins(Addi, 8, 0, 0, 3),
        ins(Addi, 8, 8, 0, -1),
        ins(Bne, 0, 8, 0, -4),
    ]);
    code.extend(exit_with(7));
    (Case::new(program(&code), b"", b""), expected)
}

#[test]
fn conditions_prove_at_their_edges() {
    for (a, b) in [
        (0, 0),
        (1, 2),
        (2, 1),
        (0x8000_0000, 0x7fff_ffff),
        (0x7fff_ffff, 0x8000_0000),
        (0xffff_ffff, 0),
        (0x1234_0001, 0x1234_ffff),
        (0x0001_0000, 0x0000_ffff),
        (0xffff_fffe, 0xffff_ffff),
        (0x5555_aaaa, 0x5555_aaaa),
    ] {
        let (case, expected) = all_ops(a, b);
        assert_eq!(case.execution.exit_code, expected, "{a:#x} {b:#x}");
        case.assert_accepted();
    }
}

/// `op x5, x6` at P with P + 4 and P + 8 both holding a hop to P + 12: taken and not taken
/// reach P + 12 in the same number of steps, so a lie only changes which hop runs.
/// Returns the case and P.
fn lie_case(op: Opcode, a: u32, b: u32) -> (Case, u32) {
    let mut code = li(5, a).to_vec();
    code.extend(li(6, b));
    let p = 0x1_0000 + 4 * code.len() as u32;
    code.extend([
        ins(op, 0, 5, 6, 8),
        ins(Beq, 0, 0, 0, 8),
        ins(Beq, 0, 0, 0, 4),
    ]);
    code.extend(exit_with(0));
    let case = Case::new(program(&code), b"", b"");
    case.assert_accepted();
    (case, p)
}

/// Makes the branch at `p` (row 0 of its instance) claim the opposite outcome with the
/// decision column `flag` set to `value`, and reroutes the trace through the other hop.
fn lie(case: &mut Case, op: BranchOp, p: u32, was_taken: bool, flag: &str, value: u32) {
    let id = ComponentId::Branch(op);
    let row = row_at(case, id, p);
    case.set(id, flag, row, value);
    let (fall, target) = (p + 4, p + 8);
    if was_taken {
        case.set(id, "nx", row, fall);
        move_hop(case, target, fall);
    } else {
        case.set(id, "nx", row, target);
        move_hop(case, fall, target);
    }
}

#[test]
fn bne_on_equal_operands_cannot_branch() {
    // eq = 0 on an enabled row needs D invertible; D = 0 here.
    let (mut case, p) = lie_case(Bne, 0x1234_5678, 0x1234_5678);
    lie(&mut case, BranchOp::Bne, p, false, "eq", 0);
    case.assert_rejected();
}

#[test]
fn beq_on_unequal_operands_cannot_branch() {
    // eq = 1 needs D = 0; the operands differ only in the high limb's top bit.
    let (mut case, p) = lie_case(Beq, 0x0000_0001, 0x8000_0001);
    lie(&mut case, BranchOp::Beq, p, false, "eq", 1);
    case.set(ComponentId::Branch(BranchOp::Beq), "inv", 0, 0);
    case.assert_rejected();
}

#[test]
fn blt_cannot_deny_a_smaller_operand() {
    // −1 < 0 signed: claim β1 = 0.
    let (mut case, p) = lie_case(Blt, 0xffff_ffff, 0);
    lie(&mut case, BranchOp::Blt, p, true, "beta1", 0);
    case.assert_rejected();
}

#[test]
fn bgeu_cannot_claim_a_larger_operand() {
    // 0x1_0000 ≥ 0xffff unsigned (taken): claim 0x1_0000 < 0xffff.
    let (mut case, p) = lie_case(Bgeu, 0x0001_0000, 0x0000_ffff);
    lie(&mut case, BranchOp::Bgeu, p, true, "beta1", 1);
    case.assert_rejected();
}

#[test]
fn wrong_sign_bit_is_rejected() {
    // BLT −2^31 < 1 (taken). Claim a is positive (sa = 0), which makes a* = 0x1_8000 and
    // the comparison "not less" with a consistent borrow chain; the sign check refuses sa.
    let (mut case, p) = lie_case(Blt, 0x8000_0000, 1);
    let id = ComponentId::Branch(BranchOp::Blt);
    assert_eq!(case.get(id, "sa", 0), 1);
    case.set(id, "sa", 0, 0);
    lie(&mut case, BranchOp::Blt, p, true, "beta1", 0);
    case.assert_rejected();
}

#[test]
fn target_comes_from_the_rom() {
    // A taken BEQ claims a different target (the fall-through hop) in its tgt column.
    let (mut case, p) = lie_case(Beq, 5, 5);
    let id = ComponentId::Branch(BranchOp::Beq);
    let row = row_at(&mut case, id, p);
    case.set(id, "tgt", row, p + 4);
    case.set(id, "nx", row, p + 4);
    move_hop(&mut case, p + 8, p + 4);
    case.assert_rejected();
}
