//! Bitwise: edge cases of AND/OR/XOR(I) prove; forged bytes, splits and high limbs are refused.

use crate::air::components::branch::tests::set_final;
use crate::air::components::{BitOp, ComponentId};
use crate::air::testing::{exit_with, ins, li, program, Case};
use crate::isa::Opcode::*;

/// Every bitwise opcode on (a, b) and (a, imm), into the sink, with rs1 = rs2 and rd = rs1;
/// exits with the wrapping sum of the results. Returns the case and that expected sum.
fn all_ops(a: u32, b: u32, imm: i32) -> (Case, u32) {
    let mut code = li(5, a).to_vec();
    code.extend(li(6, b));
    code.extend([
        ins(And, 7, 5, 6, 0),
        ins(Or, 8, 5, 6, 0),
        ins(Xor, 9, 5, 6, 0),
        ins(Andi, 11, 5, 0, imm),
        ins(Ori, 12, 5, 0, imm),
        ins(Xori, 13, 5, 0, imm),
        ins(Xor, 0, 5, 6, 0),
        ins(Andi, 0, 5, 0, imm),
        ins(And, 14, 6, 6, 0),
        ins(Xori, 6, 6, 0, imm),
        ins(Or, 5, 5, 6, 0),
    ]);
    for r in [7, 8, 9, 11, 12, 13, 14, 6] {
        code.push(ins(Add, 5, 5, r, 0));
    }
    code.extend(exit_with(5));
    let i = imm as u32;
    let b2 = b ^ i;
    let results = [a & b, a | b, a ^ b, a & i, a | i, a ^ i, b, b2];
    let expected = results.iter().fold(a | b2, |s, &r| s.wrapping_add(r));
    (Case::new(program(&code), b"", b""), expected)
}

#[test]
fn edge_cases_prove() {
    for (a, b, imm) in [
        (0, 0, 0),
        (0xffff_ffff, 0, -1),
        (0xffff_ffff, 0xffff_ffff, 0x7ff),
        (0x1234_5678, 0x0f0f_f0f0, -2048),
        (0x8000_0000, 0x7fff_ffff, 0x555),
        (0x00ff_ff00, 0xff00_00ff, -0x556),
    ] {
        let (case, expected) = all_ops(a, b, imm);
        assert_eq!(case.execution.exit_code, expected);
        case.assert_accepted();
    }
}

/// x5 = a, x6 = b, x7 = a & b, x8 = a | b, x9 = a ^ b, x11 = a op imm (op = ANDI, ORI, XORI
/// for `imm_op` 0, 1, 2), exit(0): the results are never read again, so a forged result only
/// needs the register boundary to agree.
fn forgeable(a: u32, b: u32, imm: i32) -> Case {
    let mut code = li(5, a).to_vec();
    code.extend(li(6, b));
    code.extend([
        ins(And, 7, 5, 6, 0),
        ins(Or, 8, 5, 6, 0),
        ins(Xor, 9, 5, 6, 0),
        ins(Andi, 11, 5, 0, imm),
        ins(Ori, 12, 5, 0, imm),
        ins(Xori, 13, 5, 0, imm),
    ]);
    code.extend(exit_with(0));
    let case = Case::new(program(&code), b"", b"");
    case.assert_accepted();
    case
}

#[test]
fn wrong_and_byte_is_rejected() {
    // AND claims byte 1 of the result one higher; the register file agrees.
    let mut case = forgeable(0x1234_5678, 0x0f0f_0f0f, 0);
    let id = ComponentId::Bitwise(BitOp::And);
    let n1 = case.get(id, "n1", 0);
    case.set(id, "n1", 0, n1 + 1);
    set_final(&mut case, 7, (0x1234_5678 & 0x0f0f_0f0f) + 0x100);
    case.assert_rejected();
}

#[test]
fn wrong_or_result_is_rejected() {
    // OR = a + b − (a & b): a smaller AND byte makes the result one larger.
    let (a, b) = (0x0000_00f0, 0x0000_003c);
    let mut case = forgeable(a, b, 0);
    let id = ComponentId::Bitwise(BitOp::Or);
    assert_eq!(case.get(id, "n0", 0), a & b);
    case.set(id, "n0", 0, (a & b) - 1);
    set_final(&mut case, 8, (a | b) + 1);
    case.assert_rejected();
}

#[test]
fn split_beyond_a_byte_is_rejected() {
    // a.lo = 0x5678 split as a0 = 0x178, a1 = 0x55 and the AND bytes shifted to match: the
    // result is unchanged, so only the byte checks can object.
    let (a, b) = (0x1234_5678, 0xffff_ffff);
    let mut case = forgeable(a, b, 0);
    let id = ComponentId::Bitwise(BitOp::Xor);
    assert_eq!(
        (
            case.get(id, "a0", 0),
            case.get(id, "n0", 0),
            case.get(id, "n1", 0)
        ),
        (0x78, 0x78, 0x56)
    );
    case.set(id, "a0", 0, 0x178);
    case.set(id, "n0", 0, 0x178);
    case.set(id, "n1", 0, 0x55);
    case.assert_rejected();
}

#[test]
fn wrong_immediate_byte_is_rejected() {
    let (a, imm) = (0x0000_ff00, 0x0f0);
    let mut case = forgeable(a, 0, imm);
    let id = ComponentId::BitwiseImm(BitOp::Or);
    let n1 = case.get(id, "n1", 0);
    case.set(id, "n1", 0, n1 + 1);
    set_final(&mut case, 12, (a | imm as u32) - 0x100);
    case.assert_rejected();
}

#[test]
fn wrong_high_limb_is_rejected() {
    // XORI with a negative immediate flips the high limb; claim it was kept.
    let (a, imm) = (0x1234_5678, -1);
    let mut case = forgeable(a, 0, imm);
    let id = ComponentId::BitwiseImm(BitOp::Xor);
    assert_eq!(case.get(id, "c_hi", 0), 0xedcb);
    case.set(id, "c_hi", 0, 0x1234);
    set_final(&mut case, 13, 0x1234_a987);
    case.assert_rejected();
}

#[test]
fn immediate_sign_is_bound_to_the_rom() {
    // ANDI with imm = −2048 (high limb 0xFFFF): claim s = 0 and a cleared high limb, which
    // the high-limb constraint accepts; the ROM entry says s = 1.
    let (a, imm) = (0xabcd_ffff, -2048);
    let mut case = forgeable(a, 0, imm);
    let id = ComponentId::BitwiseImm(BitOp::And);
    assert_eq!(case.get(id, "s", 0), 1);
    case.set(id, "s", 0, 0);
    case.set(id, "c_hi", 0, 0);
    set_final(&mut case, 11, 0xf800);
    case.assert_rejected();
}
