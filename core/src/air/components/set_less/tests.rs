//! SetLess: signed and unsigned edge cases of SLT(I)(U) prove; a flipped result, a wrong
//! borrow, non-boolean borrows, a wrong sign bit and a forged immediate are refused.

use crate::air::components::branch::tests::set_final;
use crate::air::components::{ComponentId, LessOp};
use crate::air::testing::{exit_with, ins, li, program, Case};
use crate::isa::Opcode::*;
use stwo::core::fields::m31::BaseField;

/// SLT, SLTU on (a, b) and SLTI, SLTIU on (a, imm), then into the sink, with rs1 = rs2 and
/// with rd = rs1; x12 collects one bit per result. Returns the case and the expected bits.
fn all_ops(a: u32, b: u32, imm: i32) -> (Case, u32) {
    let mut code = li(5, a).to_vec();
    code.extend(li(6, b));
    let i = imm as u32;
    let mut expected = 0;
    let ops = [
        (ins(Slt, 7, 5, 6, 0), (a as i32) < (b as i32)),
        (ins(Sltu, 7, 5, 6, 0), a < b),
        (ins(Slti, 7, 5, 0, imm), (a as i32) < imm),
        (ins(Sltiu, 7, 5, 0, imm), a < i),
        (ins(Sltu, 7, 6, 6, 0), false),
        (ins(Slt, 7, 6, 5, 0), (b as i32) < (a as i32)),
        (ins(Sltiu, 7, 6, 0, imm), b < i),
        (ins(Slti, 7, 6, 0, imm), (b as i32) < imm),
    ];
    for (inst, bit) in ops {
        code.extend([inst, ins(Add, 12, 12, 12, 0), ins(Add, 12, 12, 7, 0)]);
        expected = 2 * expected + u32::from(bit);
    }
    code.extend([
        ins(Slt, 0, 5, 6, 0),
        ins(Sltiu, 0, 5, 0, imm),
        ins(Sltu, 5, 5, 6, 0),
        ins(Add, 12, 12, 12, 0),
        ins(Add, 12, 12, 5, 0),
    ]);
    expected = 2 * expected + u32::from(a < b);
    code.extend(exit_with(12));
    (Case::new(program(&code), b"", b""), expected)
}

#[test]
fn edge_cases_prove() {
    for (a, b, imm) in [
        (0, 0, 0),
        (0, 1, 1),
        (1, 0, -1),
        (0x8000_0000, 0x7fff_ffff, -2048),
        (0x7fff_ffff, 0x8000_0000, 2047),
        (0xffff_ffff, 0, -1),
        (0xffff_fffe, 0xffff_ffff, -1),
        (0x1234_0001, 0x1234_ffff, 0x7ff),
        (0x0001_0000, 0x0000_ffff, -0x800),
        (0xffff_f800, 0x0000_07ff, -2048),
        (0x0000_07ff, 0xffff_f800, 2047),
    ] {
        let (case, expected) = all_ops(a, b, imm);
        assert_eq!(case.execution.exit_code, expected, "{a:#x} {b:#x} {imm}");
        case.assert_accepted();
    }
}

/// x7 = slt(a, b), x8 = sltu(a, b), x9 = slti(a, imm), x11 = sltiu(a, imm), exit(0): the
/// results are never read again, so a forgery only needs the register boundary to agree.
fn forgeable(a: u32, b: u32, imm: i32) -> Case {
    let mut code = li(5, a).to_vec();
    code.extend(li(6, b));
    code.extend([
        ins(Slt, 7, 5, 6, 0),
        ins(Sltu, 8, 5, 6, 0),
        ins(Slti, 9, 5, 0, imm),
        ins(Sltiu, 11, 5, 0, imm),
    ]);
    code.extend(exit_with(0));
    let case = Case::new(program(&code), b"", b"");
    case.assert_accepted();
    case
}

#[test]
fn flipped_result_is_rejected() {
    // 0x2_0000 <u 0x1_ffff is false; claim true.
    let mut case = forgeable(0x0002_0000, 0x0001_ffff, 0);
    let id = ComponentId::SetLess(LessOp::Sltu);
    assert_eq!(case.get(id, "beta1", 0), 0);
    case.set(id, "beta1", 0, 1);
    set_final(&mut case, 8, 1);
    case.assert_rejected();
}

#[test]
fn wrong_low_borrow_is_rejected() {
    // a.lo = 5 ≥ b.lo = 3, yet claim a borrow: the high difference 2 − 1 − 1 = 0 stays in
    // range and the result (0) is unchanged; only the low range check can object.
    let mut case = forgeable(0x0002_0005, 0x0001_0003, 0);
    let id = ComponentId::SetLess(LessOp::Sltu);
    assert_eq!(case.get(id, "beta0", 0), 0);
    case.set(id, "beta0", 0, 1);
    case.move_rc16(1, Some(0));
    case.assert_rejected();
}

#[test]
fn non_boolean_borrows_are_rejected() {
    // β0 += 2^-16 and β1 += 2^-32 (field elements): the low difference grows by 1, the high
    // difference is unchanged, so both range checks pass (the Rc16 table is adjusted); the
    // written "result" is a field element nobody reads. Only β(β − 1) = 0 objects.
    let (a, b) = (0x0003_0010, 0x0004_0001);
    let mut case = forgeable(a, b, 0);
    let id = ComponentId::SetLess(LessOp::Sltu);
    let inv = BaseField::from(1u32 << 16).inverse();
    let beta0 = BaseField::from(case.get(id, "beta0", 0)) + inv;
    let beta1 = BaseField::from(case.get(id, "beta1", 0)) + inv * inv;
    case.set(id, "beta0", 0, beta0.0);
    case.set(id, "beta1", 0, beta1.0);
    case.set(ComponentId::RegBoundary, "lo", 8, beta1.0);
    case.move_rc16(0xf, Some(0x10));
    case.assert_rejected();
}

#[test]
fn wrong_sign_bit_is_rejected() {
    // −2^31 < 1 signed. Claim a ≥ 0 (sa = 0): a* = 0x1_8000 and "not less" then has a
    // consistent borrow chain; the sign check refuses sa = 0 for a.hi = 0x8000.
    let mut case = forgeable(0x8000_0000, 1, 0);
    let id = ComponentId::SetLess(LessOp::Slt);
    assert_eq!((case.get(id, "sa", 0), case.get(id, "beta1", 0)), (1, 1));
    case.set(id, "sa", 0, 0);
    case.set(id, "beta1", 0, 0);
    set_final(&mut case, 7, 0);
    case.assert_rejected();
}

#[test]
fn immediate_is_bound_to_the_rom() {
    // SLTI 5 < −1 is false. Claim the immediate was 0xffff (hi16 = 0): then 5 < 0xffff holds,
    // with a consistent borrow chain; the ROM entry says hi16 = 0xffff.
    let mut case = forgeable(5, 0, -1);
    let id = ComponentId::SetLess(LessOp::Slti);
    assert_eq!(case.get(id, "b_hi", 0), 0xffff);
    case.set(id, "b_hi", 0, 0);
    case.set(id, "beta1", 0, 1);
    set_final(&mut case, 9, 1);
    case.move_rc16(0, Some(0xffff));
    case.assert_rejected();
}
