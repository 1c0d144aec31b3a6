//! Stores: every lane and address shape proves; forged stores are refused.
//!
//! Every stored word except word 1 is left alone afterwards, so a forger only has to update the
//! word's final value in its memory region; each forgery below does, so that only the
//! constraint under test stands in its way.

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

use super::{StoreByteAir, StoreHalfAir, StoreWordAir};

/// Seven data words at 0x20000 (words 0x8000..0x8006), then zeros.
const DATA: [u32; 7] = [
    0x1122_3344,
    0x7856_3412,
    0x8001_fffe,
    0x7fff_8000,
    0x0102_0304,
    0xf0e0_d0c0,
    0x5566_7788,
];
/// The value stored: bytes d4 c3 b2 a1.
const VALUE: u32 = 0xa1b2_c3d4;

/// x5 = 0x20010, x6 = VALUE, then (rows per component, in order):
/// - Sw: word 0 ← x6 (offset −16), word 7 ← x0, word 8 ← x5 (rs1 = rs2);
/// - Sh: word 1 low half (−12), word 2 high half (−6);
/// - Sb: word 3 lane 0 (−4), word 4 lane 3 (+3), word 5 lane 2 (+6), word 6 lane 1 (+9);
///
/// and finally x7 ← word 1 and exit(x7).
fn stores() -> Case {
    let data: Vec<u8> = DATA.iter().flat_map(|w| w.to_le_bytes()).collect();
    let mut code = li(5, 0x2_0010).to_vec();
    code.extend(li(6, VALUE));
    code.extend([
        ins(Sw, 0, 5, 6, -16),
        ins(Sh, 0, 5, 6, -12),
        ins(Sh, 0, 5, 6, -6),
        ins(Sb, 0, 5, 6, -4),
        ins(Sb, 0, 5, 6, 3),
        ins(Sb, 0, 5, 6, 6),
        ins(Sb, 0, 5, 6, 9),
        ins(Sw, 0, 5, 0, 12),
        ins(Sw, 0, 5, 5, 16),
        ins(Lw, 7, 5, 0, -12),
    ]);
    code.extend(exit_with(7));
    Case::new(program_with_data(&code, &data), b"", b"")
}

/// Word `w` of the data segment (index from 0x20000).
fn word(i: u32) -> u32 {
    0x2_0000 / 4 + i
}

/// Sets the final limbs of RAM word `w` in the region that holds it.
fn set_final_limbs(case: &mut Case, w: u32, lo: u32, hi: u32) {
    let region = case.traces.iter().find_map(|t| match t.id {
        ComponentId::MemRegion(r) if r.base <= w && u64::from(w) < r.end() => Some(r),
        _ => None,
    });
    let Some(region) = region else {
        panic!("no region holds word {w:#x}")
    };
    let id = ComponentId::MemRegion(region);
    let row = (w - region.base) as usize;
    assert_eq!(case.get(id, "w", row), w);
    case.set(id, "lo", row, lo);
    case.set(id, "hi", row, hi);
}

/// Sets the final value of RAM word `w` in the region that holds it.
fn set_final_word(case: &mut Case, w: u32, value: u32) {
    set_final_limbs(case, w, value & 0xffff, value >> 16);
}

/// The final value of RAM word `w`, from its memory region row.
fn final_word(case: &mut Case, w: u32) -> u32 {
    let region = case.traces.iter().find_map(|t| match t.id {
        ComponentId::MemRegion(r) if r.base <= w && u64::from(w) < r.end() => Some(r),
        _ => None,
    });
    let Some(region) = region else {
        panic!("no region holds word {w:#x}")
    };
    let id = ComponentId::MemRegion(region);
    let row = (w - region.base) as usize;
    case.get(id, "lo", row) | case.get(id, "hi", row) << 16
}

#[test]
fn stores_prove() {
    let mut case = stores();
    assert_eq!(case.execution.exit_code, 0x7856_c3d4);
    let expected = [
        (0, VALUE),
        (1, 0x7856_c3d4),
        (2, 0xc3d4_fffe),
        (3, 0x7fff_80d4),
        (4, 0xd402_0304),
        (5, 0xf0d4_d0c0),
        (6, 0x5566_d488),
        (7, 0),
        (8, 0x2_0010),
    ];
    for (i, value) in expected {
        assert_eq!(final_word(&mut case, word(i)), value, "word {i}");
    }
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
    check(StoreWordAir);
    check(StoreHalfAir);
    check(StoreByteAir);
}

#[test]
fn sw_value_not_from_register_is_rejected() {
    // Word 0 receives VALUE + 1, which x6 never held.
    let mut case = stores();
    let b = case.get(ComponentId::Sw, "b_lo", 0);
    case.set(ComponentId::Sw, "b_lo", 0, b + 1);
    set_final_word(&mut case, word(0), VALUE + 1);
    case.assert_rejected_by("the LogUp sums do not balance");
}

#[test]
fn sw_to_another_word_is_rejected() {
    // The row claims word 0 + 1 (address arithmetic no longer adds up).
    let mut case = stores();
    let w0 = case.get(ComponentId::Sw, "w0", 0);
    case.set(ComponentId::Sw, "w0", 0, w0 + 1);
    case.move_rc16(w0, Some(w0 + 1));
    case.assert_rejected_by("sw: constraint 1 ");
}

#[test]
fn sw_invented_old_value_is_rejected() {
    // The store claims the word held something else before: the RAM chain breaks.
    let mut case = stores();
    let o = case.get(ComponentId::Sw, "o_lo", 0);
    case.set(ComponentId::Sw, "o_lo", 0, o ^ 1);
    case.assert_rejected_by("the LogUp sums do not balance");
}

#[test]
fn sh_clobbering_the_other_half_is_rejected() {
    // SH to the high half of word 2 also changes its low half.
    let mut case = stores();
    assert_eq!(case.get(ComponentId::Sh, "off1", 1), 1);
    let n = case.get(ComponentId::Sh, "n_lo", 1);
    case.set(ComponentId::Sh, "n_lo", 1, n - 1);
    set_final_word(&mut case, word(2), 0xc3d4_fffd);
    case.assert_rejected_by("sh: constraint 1 ");
}

#[test]
fn sh_to_the_other_half_is_rejected() {
    // SH at 0x2000a claims it wrote the low half of word 2 instead (off1 flipped, new value
    // consistent with that lane): only the address arithmetic objects.
    let mut case = stores();
    case.set(ComponentId::Sh, "off1", 1, 0);
    case.set(ComponentId::Sh, "n_lo", 1, 0xc3d4);
    case.set(ComponentId::Sh, "n_hi", 1, 0x8001);
    set_final_word(&mut case, word(2), 0x8001_c3d4);
    case.assert_rejected_by("sh: constraint 4 ");
}

/// Recomputes SB row `row`'s new-half column nh = bb·s + y·t from its (possibly forged) cells,
/// so that a forgery is caught by what the test names, not by this auxiliary column.
fn refresh_new_half(case: &mut Case, row: usize) {
    let p = (1u64 << 31) - 1;
    let get = |case: &mut Case, name: &str| u64::from(case.get(ComponentId::Sb, name, row));
    let (bb, y, off0) = (get(case, "bb"), get(case, "y"), get(case, "off0"));
    let (s, t) = (1 + 255 * off0, 256 + p - 255 * off0);
    let nh = (bb * s + y * t) % p;
    case.set(ComponentId::Sb, "nh", row, nh as u32);
}

#[test]
fn sb_clobbering_the_other_half_is_rejected() {
    // SB to lane 0 of word 3 also changes the high half.
    let mut case = stores();
    case.set(ComponentId::Sb, "n_hi", 0, 0x7ffe);
    set_final_word(&mut case, word(3), 0x7ffe_80d4);
    case.assert_rejected_by("sb: constraint 5 ");
}

#[test]
fn sb_clobbering_the_neighbour_byte_is_rejected() {
    // SB to lane 0 of word 3 (old half 0x8000: x = 0x00, y = 0x80) claims y = 0x81 and
    // x = −256, which splits the same half: the new half would be 0x81d4.
    let mut case = stores();
    let (x, y) = (
        case.get(ComponentId::Sb, "x", 0),
        case.get(ComponentId::Sb, "y", 0),
    );
    assert_eq!((x, y), (0x00, 0x80));
    let p = (1u32 << 31) - 1;
    case.set(ComponentId::Sb, "x", 0, p - 256);
    case.set(ComponentId::Sb, "y", 0, 0x81);
    case.set(ComponentId::Sb, "z", 0, 0);
    refresh_new_half(&mut case, 0);
    case.set(ComponentId::Sb, "n_lo", 0, 0x81d4);
    set_final_word(&mut case, word(3), 0x7fff_81d4);
    case.move_and8((x, y), None);
    case.assert_rejected_by("the LogUp sums do not balance");
}

#[test]
fn sb_to_another_lane_is_rejected() {
    // SB to lane 3 of word 4 claims lane 2 (off0 flipped, x/y swapped, new value consistent).
    let mut case = stores();
    assert_eq!(case.get(ComponentId::Sb, "off0", 1), 1);
    assert_eq!(case.get(ComponentId::Sb, "off1", 1), 1);
    case.set(ComponentId::Sb, "off0", 1, 0);
    case.set(ComponentId::Sb, "x", 1, 0x02);
    case.set(ComponentId::Sb, "y", 1, 0x01);
    refresh_new_half(&mut case, 1);
    case.set(ComponentId::Sb, "n_hi", 1, 0x01d4);
    set_final_word(&mut case, word(4), 0x01d4_0304);
    case.move_and8((0x01, 0x02), Some((0x02, 0x01)));
    case.assert_rejected_by("sb: constraint 7 ");
}

#[test]
fn sb_wrong_byte_of_rs2_is_rejected() {
    // SB stores 0xd5, which is not the low byte of x6.
    let mut case = stores();
    assert_eq!(case.get(ComponentId::Sb, "bb", 2), 0xd4);
    case.set(ComponentId::Sb, "bb", 2, 0xd5);
    refresh_new_half(&mut case, 2);
    let n = case.get(ComponentId::Sb, "n_hi", 2);
    case.set(ComponentId::Sb, "n_hi", 2, n + 1);
    set_final_word(&mut case, word(5), 0xf0d5_d0c0);
    case.move_and8((0xd4, 0xd4), Some((0xd5, 0xd5)));
    case.move_and8((0xc3, 0xc3), None);
    case.assert_rejected_by("the LogUp sums do not balance");
}

#[test]
fn sb_non_canonical_byte_is_rejected() {
    // SB to lane 1 of word 6 with bb = 0xd4 + 256 (b.lo still splits, with b1 = 0xc2): the
    // new low half 0x88 + 256·0x1d4 is not a 16-bit limb.
    let mut case = stores();
    case.set(ComponentId::Sb, "bb", 3, 0xd4 + 256);
    refresh_new_half(&mut case, 3);
    let n = 0x88 + 256 * (0xd4 + 256);
    case.set(ComponentId::Sb, "n_lo", 3, n);
    set_final_limbs(&mut case, word(6), n, 0x5566);
    case.move_and8((0xd4, 0xd4), None);
    case.move_and8((0xc3, 0xc3), Some((0xc2, 0xc2)));
    case.assert_rejected_by("the LogUp sums do not balance");
}
