//! DivRem: the spec's edge cases (division by zero, signed overflow, negative operands and
//! remainders) prove; forged quotients and remainders are refused.
//!
//! Every forgery is made honest-looking with the multiply tests' `forge` helper: table
//! multiplicities follow the forged lookups and the destination register's final value follows
//! a changed result, so only the property under test is violated.

use super::{bound_cells, component_id, identity_carries, row_lookups, DivRemAir};
use crate::air::components::mul::tests::{edge_sums, forge, set_numbered, single, written};
use crate::air::components::ComponentId;
use crate::air::testing::{exit_with, ins, li, program, Case};
use crate::isa::Opcode::{self, *};
use stwo::core::fields::m31::BaseField;

/// The spec, computed independently of the emulator and of the component.
fn reference(op: Opcode, a: u32, b: u32) -> u32 {
    let (sa, sb) = (a as i32, b as i32);
    match op {
        Div if b == 0 => u32::MAX,
        Div if sa == i32::MIN && sb == -1 => a,
        Div => (sa / sb) as u32,
        Divu if b == 0 => u32::MAX,
        Divu => a / b,
        Rem if b == 0 => a,
        Rem if sa == i32::MIN && sb == -1 => 0,
        Rem => (sa % sb) as u32,
        Remu if b == 0 => a,
        _ => a % b,
    }
}

const OPS: [Opcode; 4] = [Div, Divu, Rem, Remu];

const EDGES: [(u32, u32); 20] = [
    (7, 2),
    (-7i32 as u32, 2),
    (7, -2i32 as u32),
    (-7i32 as u32, -2i32 as u32),
    (0, 5),
    (5, 0),
    (-5i32 as u32, 0),
    (0, 0),
    (0x8000_0000, 0xffff_ffff),
    (0x8000_0000, 1),
    (0x8000_0000, 0x8000_0000),
    (0xffff_ffff, 0xffff_ffff),
    (0x7fff_ffff, 0x8000_0000),
    (1, 0x8000_0000),
    (12_345_678, 10),
    (0xffff_ffff, 1),
    (0xdead_beef, 0x1234),
    (0x8000_0000, 0x0001_0000),
    (-0x1_0000i32 as u32, 0x0005_0000),
    (0x7fff_ffff, 0xffff_ffff),
];

#[test]
fn edge_divisions_prove() {
    // Every division of every edge pair, summed into x11 (the exit code); also rd = x0,
    // rd = rs1 and rs1 = rs2 = rd.
    let (mut code, mut expected) = edge_sums(&EDGES, &OPS, Rem, reference);
    code.extend(li(5, -1000i32 as u32));
    code.push(ins(Div, 5, 5, 5, 0));
    code.push(ins(Add, 11, 11, 5, 0));
    code.push(ins(Remu, 6, 6, 5, 0));
    code.push(ins(Add, 11, 11, 6, 0));
    expected = expected.wrapping_add(1);
    let last_b = EDGES[EDGES.len() - 1].1;
    expected = expected.wrapping_add(reference(Remu, last_b, 1));
    code.extend(exit_with(11));
    let case = Case::new(program(&code), b"", b"");
    assert_eq!(case.execution.exit_code, expected);
    case.assert_accepted();
}

/// The written limbs of a division row.
fn result(op: Opcode, row: &[BaseField]) -> [BaseField; 2] {
    let bytes = if matches!(op, Div | Divu) {
        ["q0", "q1", "q2", "q3"]
    } else {
        ["r0", "r1", "r2", "r3"]
    };
    written(DivRemAir { op }, row, bytes)
}

/// Forges the row of `op` with the given cells.
fn forge_row(case: &mut Case, op: Opcode, edit: impl FnOnce(&mut dyn FnMut(&str, u32))) {
    forge(
        case,
        component_id(op),
        0,
        row_lookups,
        |row| result(op, row),
        edit,
    );
}

/// Rewrites the row of `op` on (a, b) as the claim "quotient Q (its true value), remainder r,
/// divisor-zero flag bz": q, r bytes and their And8 cells, sq, sr, the identity's carries
/// (which must balance: the claim satisfies A = Q·B + R) and the remainder-bound cells
/// computed as an honest prover would (out of range when |r| ≥ |b|).
fn forge_claim(
    case: &mut Case,
    op: Opcode,
    (a, b): (u32, u32),
    (quotient, r, bz): (i64, u32, u32),
) {
    let signed = matches!(op, Div | Rem);
    let q = quotient as u32;
    let g = identity_carries(signed, a, b, quotient, r);
    let (beta, w_lo, w_hi) = bound_cells(signed, b, r);
    forge_row(case, op, |set| {
        let qb = q.to_le_bytes().map(u32::from);
        let rb = r.to_le_bytes().map(u32::from);
        set_numbered(set, "q", &qb);
        set_numbered(set, "r", &rb);
        set("n_q01", qb[0] & qb[1]);
        set("n_q23", qb[2] & qb[3]);
        set("n_r01", rb[0] & rb[1]);
        set("sq", u32::from(signed && quotient < 0));
        set("sr", r >> 31);
        set_numbered(set, "g", &g);
        set("bz", bz);
        set("beta", beta);
        set("w_lo", w_lo);
        set("w_hi", w_hi);
    });
}

#[test]
fn forging_the_honest_claim_is_accepted() {
    // The forging helpers reproduce an honest row exactly.
    for op in OPS {
        let mut case = single(op, -7i32 as u32, 2);
        let (q, r) = super::divide(matches!(op, Div | Rem), -7i32 as u32, 2);
        forge_claim(&mut case, op, (-7i32 as u32, 2), (q, r as u32, 0));
        case.assert_accepted();
    }
}

#[test]
fn wrong_quotient_with_compensating_remainder_is_rejected() {
    // DIVU 7 / 2 claimed as q = 2, r = 3: 2·2 + 3 = 7 holds, but r ≥ b.
    let mut case = single(Divu, 7, 2);
    forge_claim(&mut case, Divu, (7, 2), (2, 3, 0));
    case.assert_rejected();
}

#[test]
fn remainder_of_the_wrong_sign_is_rejected() {
    // DIV −7 / 2 claimed as q = −4, r = 1 (floor division): −4·2 + 1 = −7 and |r| < |b|, but
    // the remainder must take the dividend's sign.
    let mut case = single(Div, -7i32 as u32, 2);
    forge_claim(&mut case, Div, (-7i32 as u32, 2), (-4, 1, 0));
    case.assert_rejected();
}

#[test]
fn signed_remainder_too_large_is_rejected() {
    // REM −7 / −2 claimed as q = 2, r = −3: 2·(−2) − 3 = −7, sign right, |r| ≥ |b|.
    let mut case = single(Rem, -7i32 as u32, -2i32 as u32);
    forge_claim(
        &mut case,
        Rem,
        (-7i32 as u32, -2i32 as u32),
        (2, -3i32 as u32, 0),
    );
    case.assert_rejected();
}

#[test]
fn division_by_zero_quotient_must_be_all_ones() {
    // DIVU 5 / 0 claimed as q = 0 (the identity does not see q when b = 0).
    let mut case = single(Divu, 5, 0);
    forge_claim(&mut case, Divu, (5, 0), (0, 5, 1));
    case.assert_rejected();
}

#[test]
fn division_by_zero_cannot_be_denied() {
    // DIV 5 / 0 claimed with bz = 0 and q = 0, r = 5: the identity holds, but |r| < |b| = 0
    // cannot.
    let mut case = single(Div, 5, 0);
    forge_claim(&mut case, Div, (5, 0), (0, 5, 0));
    case.assert_rejected();
}

#[test]
fn division_by_zero_cannot_be_claimed_for_a_nonzero_divisor() {
    // REM 7 / 2 claimed as a division by zero: q = −1, r = 9 satisfies −1·2 + 9 = 7, the sign
    // rule, and bz switches the remainder bound off; only bz·b = 0 objects.
    let mut case = single(Rem, 7, 2);
    forge_claim(&mut case, Rem, (7, 2), (-1, 9, 1));
    case.assert_rejected();
}

#[test]
fn signed_overflow_cannot_saturate() {
    // DIV −2^31 / −1 claimed as q = 2^31 − 1, r = −1: the identity and the sign rule hold,
    // |r| = |b| does not satisfy the bound.
    let (a, b) = (0x8000_0000, 0xffff_ffff);
    let mut case = single(Div, a, b);
    assert_eq!(case.get(ComponentId::Div, "q3", 0), 0x80);
    forge_claim(&mut case, Div, (a, b), (0x7fff_ffff, -1i32 as u32, 0));
    case.assert_rejected();
}

#[test]
fn signed_overflow_quotient_sign_is_bound() {
    // DIV −2^31 / −1: the honest row has q = 0x8000_0000 with sq = 0 (true quotient +2^31).
    // Claiming sq = 1 (quotient −2^31) breaks the identity.
    let mut case = single(Div, 0x8000_0000, 0xffff_ffff);
    assert_eq!(case.get(ComponentId::Div, "sq", 0), 0);
    forge_row(&mut case, Div, |set| set("sq", 1));
    case.assert_rejected();
}

#[test]
fn signed_overflow_remainder_is_zero() {
    // REM −2^31 / −1 claimed as r = −2^31 with q = 0: 0·(−1) − 2^31 = −2^31, sign rule holds,
    // |r| ≥ |b|.
    let (a, b) = (0x8000_0000, 0xffff_ffff);
    let mut case = single(Rem, a, b);
    forge_claim(&mut case, Rem, (a, b), (0, 0x8000_0000, 0));
    case.assert_rejected();
}

#[test]
fn out_of_range_borrow_is_rejected() {
    // DIVU 7 / 2 as q = 2, r = 3 with D = |b| − |r| − 1 = −2 written as the in-range pair
    // (w.lo, w.hi) of p − 2 and the borrow β re-solved in the field: only β ∈ {0, 1, 2}
    // objects.
    let mut case = single(Divu, 7, 2);
    forge_claim(&mut case, Divu, (7, 2), (2, 3, 0));
    let p_minus_2 = (1u32 << 31) - 3;
    let (w_lo, w_hi) = (p_minus_2 & 0xffff, p_minus_2 >> 16);
    // w.lo = L + 2^16·β with L = b.lo − r.lo − 1 = −2.
    let beta =
        (BaseField::from(w_lo) + BaseField::from(2u32)) * BaseField::from(1u32 << 16).inverse();
    forge_row(&mut case, Divu, |set| {
        set("w_lo", w_lo);
        set("w_hi", w_hi);
        set("beta", beta.0);
    });
    case.assert_rejected();
}

#[test]
fn quotient_byte_out_of_range_is_rejected() {
    // DIVU 0x200 / 1 with q split as (q0, q1) = (256, 1): the limb and, with the carry
    // re-solved, the identity still hold; q0 is no byte.
    let mut case = single(Divu, 0x200, 1);
    forge_row(&mut case, Divu, |set| {
        set("q0", 256);
        set("q1", 1);
        set("n_q01", 0);
        set("g0", 1);
    });
    case.assert_rejected();
}

#[test]
fn dividend_read_unsigned_is_rejected() {
    // DIV −8 / 2 computed as if a were unsigned (sa = 0): q = 0x7fff_fffc, r = 0 satisfy the
    // identity with a zero-extended dividend; the sign lookup on a's top byte objects.
    let (a, b) = (-8i32 as u32, 2);
    let mut case = single(Div, a, b);
    let quotient = i64::from(a / b);
    let g = identity_carries(false, a, b, quotient, 0);
    let q = (quotient as u32).to_le_bytes().map(u32::from);
    forge_row(&mut case, Div, |set| {
        set("sa", 0);
        set_numbered(set, "q", &q);
        set("n_q01", q[0] & q[1]);
        set("n_q23", q[2] & q[3]);
        set("sq", 0);
        set_numbered(set, "g", &g);
    });
    case.assert_rejected();
}

#[test]
fn padding_rows_are_inert() {
    // Garbage in the state and ROM cells of a padding row (en = 0) changes nothing.
    let mut case = single(Rem, 9, 4);
    case.set(ComponentId::Rem, "pc", 3, 77);
    case.set(ComponentId::Rem, "rs2", 3, 5);
    case.assert_accepted();
}

#[test]
fn padding_is_neutral_and_degrees_are_at_most_3() {
    for op in OPS {
        crate::air::components::mul::tests::assert_neutral_padding_and_degree(DivRemAir { op });
    }
}
