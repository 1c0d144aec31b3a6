//! Loads: every lane, sign and address edge case proves; forged loads are refused.
//!
//! Each forgery keeps the rest of the trace consistent where it can (the loaded register's
//! final value in the register boundary is updated too), so that only the constraint under
//! test stands in its way.

use crate::air::bus::Bus;
use crate::air::components::ComponentId;
use crate::air::framework::{check_rows, Air, AirEval};
use crate::air::preprocessed::Preprocessed;
use crate::air::testing::{exit_with, ins, li, program_with_data, Case};
use crate::isa::Opcode::*;
use num_traits::Zero;
use stwo::core::fields::m31::BaseField;
use stwo_constraint_framework::expr::ExprEvaluator;
use stwo_constraint_framework::FrameworkEval;

use super::{LoadByteAir, LoadHalfAir, LoadWordAir};

/// Four data words at 0x20000 (little-endian).
const DATA: [u32; 4] = [0xff00_7f81, 0x7856_3412, 0x8001_fffe, 0x7fff_8000];

/// x5 = 0x20010, then loads at negative offsets from it, covering every lane and sign. No load
/// targets a register the exit sequence writes (x10, x17), so each loaded value is final.
/// Rows per component, in order:
/// - Lw: x6 ← word 0, x7 ← word 3, x0 (sink) ← word 1, x5 ← word 1 (rd = rs1);
/// - Lh: x8 ← 0xff00 (word 0 high), x9 ← 0xfffe (word 2 low), x19 ← 0x8000 (word 3 low),
///   x20 ← 0x7fff (word 3 high);
/// - Lhu: x22 ← 0xff00 (word 0 high), x11 ← 0x3412 (word 1 low);
/// - Lb: x12 ← 0x81 (lane 0), x13 ← 0xff (lane 3), x14 ← 0x7f (lane 1), x18 ← 0x01 (lane 2);
/// - Lbu: x15 ← 0xff (lane 3), x16 ← 0x81 (lane 0), x23 ← 0x56 (lane 2), x21 ← 0x7f (lane 1).
fn loads() -> Case {
    let data: Vec<u8> = DATA.iter().flat_map(|w| w.to_le_bytes()).collect();
    let mut code = li(5, 0x2_0010).to_vec();
    code.extend([
        ins(Lw, 6, 5, 0, -16),
        ins(Lw, 7, 5, 0, -4),
        ins(Lh, 8, 5, 0, -14),
        ins(Lh, 9, 5, 0, -8),
        ins(Lh, 19, 5, 0, -4),
        ins(Lh, 20, 5, 0, -2),
        ins(Lhu, 22, 5, 0, -14),
        ins(Lhu, 11, 5, 0, -12),
        ins(Lb, 12, 5, 0, -16),
        ins(Lb, 13, 5, 0, -13),
        ins(Lb, 14, 5, 0, -15),
        ins(Lb, 18, 5, 0, -6),
        ins(Lbu, 15, 5, 0, -13),
        ins(Lbu, 16, 5, 0, -16),
        ins(Lbu, 23, 5, 0, -10),
        ins(Lbu, 21, 5, 0, -15),
        ins(Lw, 0, 5, 0, -12),
        ins(Lw, 5, 5, 0, -12),
    ]);
    code.extend(exit_with(5));
    Case::new(program_with_data(&code, &data), b"", b"")
}

/// Sets register `r`'s final value in the register boundary, as a forger must when the
/// register is not read again.
fn set_final_register(case: &mut Case, r: usize, lo: u32, hi: u32) {
    case.set(ComponentId::RegBoundary, "lo", r, lo);
    case.set(ComponentId::RegBoundary, "hi", r, hi);
}

#[test]
fn loads_prove() {
    let mut case = loads();
    assert_eq!(case.execution.exit_code, DATA[1]);
    // The rows carry the values RISC-V prescribes: lanes and signs as the constraints expect.
    assert_eq!(case.get(ComponentId::Lh, "hs", 0), 0xff00);
    assert_eq!(case.get(ComponentId::Lh, "g", 0), 1);
    assert_eq!(case.get(ComponentId::Lh, "g", 3), 0);
    assert_eq!(case.get(ComponentId::Lhu, "hs", 1), 0x3412);
    assert_eq!(case.get(ComponentId::Lb, "bs", 1), 0xff);
    assert_eq!(case.get(ComponentId::Lb, "z", 1), 1);
    assert_eq!(case.get(ComponentId::Lb, "z", 2), 0);
    assert_eq!(case.get(ComponentId::Lbu, "bs", 2), 0x56);
    assert_eq!(case.get(ComponentId::Lbu, "off0", 0), 1);
    assert_eq!(case.get(ComponentId::Lbu, "off1", 0), 1);
    case.assert_accepted();
}

#[test]
fn wrapping_addresses_prove() {
    // -4(x0) is 0xFFFF_FFFC, the last word (k0 = k1 = −1); 16(0xFFFF_FFF0) is address 0
    // (k0 = k1 = +1).
    let mut code = li(5, 0xffff_fff0).to_vec();
    code.extend([
        ins(Sw, 0, 5, 5, 12),
        ins(Sb, 0, 5, 5, 16),
        ins(Sh, 0, 5, 5, 14),
        ins(Lw, 6, 0, 0, -4),
        ins(Lbu, 7, 5, 0, 16),
        ins(Lh, 8, 0, 0, -2),
        ins(Add, 9, 6, 7, 0),
        ins(Add, 9, 9, 8, 0),
    ]);
    code.extend(exit_with(9));
    let mut case = Case::new(program_with_data(&code, &[]), b"", b"");
    assert_eq!(case.get(ComponentId::Lw, "w0", 0), 0x3fff);
    assert_eq!(case.get(ComponentId::Lw, "ah", 0), 0xffff);
    assert_eq!(case.get(ComponentId::Sb, "w0", 0), 0);
    assert_eq!(case.get(ComponentId::Sb, "ah", 0), 0);
    // Last word: sw 0xffff_fff0, then sh of 0xfff0 into its high half.
    let expected = 0xfff0_fff0u32.wrapping_add(0xf0).wrapping_add(0xffff_fff0);
    assert_eq!(case.execution.exit_code, expected);
    case.assert_accepted();
}

#[test]
fn padding_rows_are_neutral_and_degrees_at_most_3() {
    fn check<A: Air>(air: A) {
        let width = air.columns().len();
        let zeros = vec![vec![BaseField::zero(); 16]; width];
        let sum = check_rows(&air, 4, &Bus::dummy(), &zeros, &Preprocessed::new());
        assert_eq!(sum.map(|s| s.is_zero()), Ok(true), "{}", air.name());
        let eval = AirEval {
            air: air.clone(),
            log_size: 4,
            bus: Bus::dummy(),
            logup: crate::air::logup::Logup::Constrain(num_traits::Zero::zero()),
        };
        let expr = FrameworkEval::evaluate(&eval, ExprEvaluator::new());
        let degrees = expr.constraint_degree_bounds();
        assert!(
            degrees.iter().all(|&d| d <= 3),
            "{}: {degrees:?}",
            air.name()
        );
    }
    check(LoadWordAir);
    check(LoadHalfAir { signed: true });
    check(LoadHalfAir { signed: false });
    check(LoadByteAir { signed: true });
    check(LoadByteAir { signed: false });
}

#[test]
fn lw_value_not_in_memory_is_rejected() {
    // x6 := word 0 + 1: the row writes what it read, but memory never held it.
    let mut case = loads();
    let v = case.get(ComponentId::Lw, "v_lo", 0);
    case.set(ComponentId::Lw, "v_lo", 0, v + 1);
    set_final_register(&mut case, 6, v + 1, 0xff00);
    case.assert_rejected_by("the LogUp sums do not balance");
}

#[test]
fn lw_from_another_word_is_rejected() {
    // The row claims word index W + 1 (address arithmetic no longer adds up).
    let mut case = loads();
    let w0 = case.get(ComponentId::Lw, "w0", 0);
    case.set(ComponentId::Lw, "w0", 0, w0 + 1);
    case.move_rc16(w0, Some(w0 + 1));
    case.assert_rejected_by("lw: constraint 1 ");
}

#[test]
fn lw_with_non_canonical_address_limb_is_rejected() {
    // W = w0 + 2^14·ah is unchanged and both carries stay in {−1, 0, 1}, but w0 is negative.
    let mut case = loads();
    let (w0, ah) = (
        case.get(ComponentId::Lw, "w0", 0),
        case.get(ComponentId::Lw, "ah", 0),
    );
    let p = (1u32 << 31) - 1;
    case.set(ComponentId::Lw, "w0", 0, (w0 + p - (1 << 14)) % p);
    case.set(ComponentId::Lw, "ah", 0, ah + 1);
    // The low carry goes from 0 to 1: its square's column follows.
    assert_eq!(case.get(ComponentId::Lw, "q0", 0), 0);
    case.set(ComponentId::Lw, "q0", 0, 1);
    case.move_rc16(w0, None);
    case.move_rc16(ah, Some(ah + 1));
    case.assert_rejected_by("the LogUp sums do not balance");
}

#[test]
fn lh_wrong_sign_is_rejected() {
    // x20 ← 0x7fff claimed negative: (0x7fff, 0xffff).
    let mut case = loads();
    case.set(ComponentId::Lh, "g", 3, 1);
    set_final_register(&mut case, 20, 0x7fff, 0xffff);
    case.move_rc16(0xfffe, None);
    case.assert_rejected_by("the LogUp sums do not balance");
}

#[test]
fn lh_non_boolean_sign_is_rejected() {
    // x8 ← 0xff00 with g = hs/2^15 (a field element, not a bit): the sign range check sees 0,
    // and the high limb written is 0xffff·g, not a 16-bit value.
    let mut case = loads();
    let hs = case.get(ComponentId::Lh, "hs", 0);
    assert_eq!(hs, 0xff00);
    let g = BaseField::from(hs) * BaseField::from(1u32 << 15).inverse();
    case.set(ComponentId::Lh, "g", 0, g.0);
    set_final_register(&mut case, 8, hs, (g * BaseField::from(0xffffu32)).0);
    case.move_rc16(0xfe00, Some(0));
    case.assert_rejected_by("lh: constraint 2 ");
}

#[test]
fn lhu_other_half_is_rejected() {
    // x22 at 0x20002 (high half) claims the low half of the same word: off1 flipped, hs the
    // other half — the same word is read, only the address arithmetic objects.
    let mut case = loads();
    assert_eq!(case.get(ComponentId::Lhu, "off1", 0), 1);
    let low = case.get(ComponentId::Lhu, "v_lo", 0);
    case.set(ComponentId::Lhu, "off1", 0, 0);
    case.set(ComponentId::Lhu, "hs", 0, low);
    set_final_register(&mut case, 22, low, 0);
    case.assert_rejected_by("lhu: constraint 4 ");
}

#[test]
fn lhu_half_not_in_word_is_rejected() {
    let mut case = loads();
    let hs = case.get(ComponentId::Lhu, "hs", 1);
    case.set(ComponentId::Lhu, "hs", 1, hs + 1);
    set_final_register(&mut case, 11, hs + 1, 0);
    case.assert_rejected_by("lhu: constraint 1 ");
}

#[test]
fn lb_wrong_sign_is_rejected() {
    // x14 ← 0x7f claimed negative: (0xff7f, 0xffff).
    let mut case = loads();
    assert_eq!(case.get(ComponentId::Lb, "bs", 2), 0x7f);
    case.set(ComponentId::Lb, "z", 2, 1);
    set_final_register(&mut case, 14, 0xff7f, 0xffff);
    case.move_and8((0x7f, 128), None);
    case.assert_rejected_by("the LogUp sums do not balance");
}

#[test]
fn lbu_other_byte_is_rejected() {
    // x15 at lane 3 claims lane 2 of the same word (same half, bytes swapped, off0 flipped).
    let mut case = loads();
    let (bs, r) = (
        case.get(ComponentId::Lbu, "bs", 0),
        case.get(ComponentId::Lbu, "r", 0),
    );
    assert_eq!((bs, r), (0xff, 0x00));
    case.set(ComponentId::Lbu, "off0", 0, 0);
    case.set(ComponentId::Lbu, "bs", 0, r);
    case.set(ComponentId::Lbu, "r", 0, bs);
    case.set(ComponentId::Lbu, "z", 0, r & bs);
    set_final_register(&mut case, 15, r, 0);
    case.move_and8((bs, r), Some((r, bs)));
    case.assert_rejected_by("lbu: constraint 4 ");
}

#[test]
fn lbu_byte_not_in_word_is_rejected() {
    let mut case = loads();
    let (bs, r) = (
        case.get(ComponentId::Lbu, "bs", 2),
        case.get(ComponentId::Lbu, "r", 2),
    );
    case.set(ComponentId::Lbu, "bs", 2, bs + 1);
    case.set(ComponentId::Lbu, "z", 2, (bs + 1) & r);
    set_final_register(&mut case, 23, bs + 1, 0);
    case.move_and8((bs, r), Some((bs + 1, r)));
    case.assert_rejected_by("lbu: constraint 2 ");
}

#[test]
fn lbu_non_canonical_byte_is_rejected() {
    // x16 ← 0x81 + 256 with the other byte one less: the half still splits, but the limb
    // written is not a byte.
    let mut case = loads();
    let (bs, r) = (
        case.get(ComponentId::Lbu, "bs", 1),
        case.get(ComponentId::Lbu, "r", 1),
    );
    assert_eq!((bs, r), (0x81, 0x7f));
    case.set(ComponentId::Lbu, "bs", 1, bs + 256);
    case.set(ComponentId::Lbu, "r", 1, r - 1);
    set_final_register(&mut case, 16, bs + 256, 0);
    case.move_and8((bs, r), None);
    case.assert_rejected_by("the LogUp sums do not balance");
}

#[test]
fn disabled_load_row_is_rejected() {
    // Hiding a load (en = 0) leaves its state and memory tuples unmatched.
    let mut case = loads();
    case.set(ComponentId::Lw, "en", 1, 0);
    case.assert_rejected_by("the LogUp sums do not balance");
}
