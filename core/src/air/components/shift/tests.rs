//! Shifts: every amount of every shift proves, register amounts are masked to 5 bits; forged
//! results, byte splits, AND outputs, sign bits, configurations and amounts are refused.

use super::config;
use crate::air::components::ComponentId;
use crate::air::testing::{exit_with, ins, li, program, Case};
use crate::isa::Opcode::{self, *};
use stwo::core::fields::m31::BaseField;

/// What RISC-V says `op` computes.
fn reference(op: Opcode, a: u32, amount: u32) -> u32 {
    let s = amount & 31;
    match op {
        Sll | Slli => a << s,
        Srl | Srli => a >> s,
        Sra | Srai => ((a as i32) >> s) as u32,
        _ => unreachable!("not a shift"),
    }
}

const VALUES: [u32; 6] = [
    0,
    0xffff_ffff,
    0x8000_0000,
    0x7fff_ffff,
    0x8000_0001,
    0xcafe_b00d,
];

#[test]
fn every_immediate_amount_proves() {
    // For each value and amount: x6..x8 := slli/srli/srai, summed into x9 (wrapping).
    let mut code = Vec::new();
    let mut expected = 0u32;
    for value in VALUES {
        code.extend(li(5, value));
        for s in 0..32 {
            for (op, rd) in [(Slli, 6), (Srli, 7), (Srai, 8)] {
                code.push(ins(op, rd, 5, 0, s));
                code.push(ins(Add, 9, 9, rd, 0));
                expected = expected.wrapping_add(reference(op, value, s as u32));
            }
        }
    }
    code.extend(exit_with(9));
    let case = Case::new(program(&code), b"", b"");
    assert_eq!(case.execution.exit_code, expected);
    case.assert_accepted();
}

#[test]
fn register_amounts_are_masked_to_five_bits() {
    let amounts = [
        0,
        1,
        7,
        8,
        9,
        15,
        16,
        17,
        23,
        24,
        31,
        32,
        33,
        63,
        0xffe7,
        0x1_0005,
        0x8000_0010,
        0x7fff_ffe1,
        0xffff_ffff,
    ];
    let mut code = Vec::new();
    let mut expected = 0u32;
    for value in [0x8765_4321, 1, 0xffff_ffff, 0x4000_8001] {
        code.extend(li(5, value));
        for amount in amounts {
            code.extend(li(11, amount));
            for (op, rd) in [(Sll, 6), (Srl, 7), (Sra, 8)] {
                code.push(ins(op, rd, 5, 11, 0));
                code.push(ins(Add, 9, 9, rd, 0));
                expected = expected.wrapping_add(reference(op, value, amount));
            }
        }
    }
    code.extend(exit_with(9));
    let case = Case::new(program(&code), b"", b"");
    assert_eq!(case.execution.exit_code, expected);
    case.assert_accepted();
}

#[test]
fn aliased_registers_prove() {
    // rd = rs1 = rs2, rd = x0 (the sink), rs1 = x0, amount register x0.
    let mut code = li(5, 0x9000_0013).to_vec();
    code.extend([
        ins(Sra, 5, 5, 5, 0),  // 0x9000_0013 >> 19 (arithmetic) = 0xffff_f200
        ins(Srai, 0, 5, 0, 3), // discarded
        ins(Sll, 0, 5, 5, 0),  // discarded
        ins(Slli, 6, 0, 0, 4), // 0
        ins(Srl, 7, 5, 0, 0),  // x5 >> 0
        ins(Srli, 5, 5, 0, 8), // 0x00ff_fff2
        ins(Add, 9, 5, 7, 0),  // 0x00ff_fff2 + 0xffff_f200
        ins(Add, 9, 9, 6, 0),
    ]);
    code.extend(exit_with(9));
    let case = Case::new(program(&code), b"", b"");
    assert_eq!(
        case.execution.exit_code,
        0x00ff_fff2u32.wrapping_add(0xffff_f200)
    );
    case.assert_accepted();
}

/// The instance that executes `op`.
fn instance(op: Opcode) -> ComponentId {
    match op {
        Sll => ComponentId::Sll,
        Srl => ComponentId::Srl,
        Sra => ComponentId::Sra,
        Slli => ComponentId::Slli,
        Srli => ComponentId::Srli,
        Srai => ComponentId::Srai,
        _ => unreachable!("not a shift"),
    }
}

/// `x5 := a; x6 := amount; op x0, x5, (x6 | amount); exit(0)`: the result goes to the sink,
/// whose final value is free, so a forger only has to make the shift row itself consistent.
fn sink_case(op: Opcode, a: u32, amount: u32) -> Case {
    let mut code = li(5, a).to_vec();
    code.extend(li(6, amount));
    code.push(ins(op, 0, 5, 6, amount as i32));
    code.extend(exit_with(0));
    let mut case = Case::new(program(&code), b"", b"");
    let id = instance(op);
    let c = case.get(id, "c_lo", 0) | case.get(id, "c_hi", 0) << 16;
    assert_eq!(c, reference(op, a, amount));
    assert_eq!(formula(&mut case, id), (c & 0xffff, c >> 16));
    case
}

fn cell(case: &mut Case, id: ComponentId, column: &str) -> BaseField {
    BaseField::from(case.get(id, column, 0))
}

/// The result limbs the AIR's constraints allow for row 0's other cells (a model of the
/// constraint, in field arithmetic), to build forgeries that only one check can catch.
fn formula(case: &mut Case, id: ComponentId) -> (u32, u32) {
    let right = !matches!(id, ComponentId::Sll | ComponentId::Slli);
    let signed = matches!(id, ComponentId::Sra | ComponentId::Srai);
    let inv256 = BaseField::from(256u32).inverse();
    let [a_lo, a_hi, a0, a2, mask] =
        ["a_lo", "a_hi", "a0", "a2", "mask"].map(|c| cell(case, id, c));
    let z = ["z0", "z1", "z2", "z3"].map(|c| cell(case, id, c));
    let p = ["p0", "p1", "p2", "p3"].map(|c| cell(case, id, c));
    let g = if signed {
        cell(case, id, "g")
    } else {
        BaseField::from(0u32)
    };
    let a = [a0, (a_lo - a0) * inv256, a2, (a_hi - a2) * inv256];
    let k = |x: u32| BaseField::from(x);
    let term = |n: usize, whole: usize| -> BaseField {
        if right {
            match n + whole {
                m @ 0..=2 => z[m] * inv256 + a[m + 1] - z[m + 1],
                3 => z[3] * inv256 + g * (k(255) - mask),
                _ => g * (k(256) - mask) * k(255) * inv256,
            }
        } else if n >= whole {
            let m = n - whole;
            let carried = if m > 0 { z[m - 1] * inv256 } else { k(0) };
            a[m] - z[m] + carried
        } else {
            k(0)
        }
    };
    let byte = |n: usize| (0..4).fold(k(0), |sum, b| sum + p[b] * term(n, b));
    (
        (byte(0) + byte(1) * k(256)).0,
        (byte(2) + byte(3) * k(256)).0,
    )
}

/// The table lookups of row 0 (a model of the AIR's): each with its table and the table row
/// that holds the tuple, if one does.
fn table_uses(case: &mut Case, id: ComponentId) -> Vec<(ComponentId, Option<u32>)> {
    let reg = matches!(id, ComponentId::Sll | ComponentId::Srl | ComponentId::Sra);
    let right = !matches!(id, ComponentId::Sll | ComponentId::Slli);
    let signed = matches!(id, ComponentId::Sra | ComponentId::Srai);
    let inv256 = BaseField::from(256u32).inverse();
    let [a_lo, a_hi, a0, a2, mask] =
        ["a_lo", "a_hi", "a0", "a2", "mask"].map(|c| cell(case, id, c));
    let a = [a0, (a_lo - a0) * inv256, a2, (a_hi - a2) * inv256].map(|x| x.0);
    let z = ["z0", "z1", "z2", "z3"].map(|c| case.get(id, c, 0));
    let and8 = |x: u32, y: u32, z: u32| (x < 256 && y < 256 && z == x & y).then_some(x | y << 8);
    let mut uses: Vec<_> = (0..4)
        .map(|m| (ComponentId::And8, and8(a[m], mask.0, z[m])))
        .collect();
    if signed {
        let sign = (cell(case, id, "g") * BaseField::from(128u32)).0;
        uses.push((ComponentId::And8, and8(a[3], 128, sign)));
    }
    if reg {
        let s = case.get(id, "s", 0);
        let p = ["p0", "p1", "p2", "p3"].map(|c| case.get(id, c, 0));
        let valid = s < 32
            && config(right, s) == (crate::air::shift_config::ShiftConfig { mask: mask.0, p });
        let row = valid.then_some(32 * u32::from(right) + s);
        uses.push((ComponentId::ShiftCfg, row));
        let u = (cell(case, id, "b_lo") - BaseField::from(s)) * BaseField::from(32u32).inverse();
        uses.push((ComponentId::Rc16, (u.0 < 1 << 16).then_some(u.0)));
    }
    uses
}

/// Overwrites row-0 cells of the shift, recomputes its result with [`formula`], sends that
/// result to the sink's final value and moves the row's table uses in the tables'
/// multiplicities: a forgery as consistent as a cheating prover can make it, so that only a
/// tuple no table holds (or a constraint) can reveal it.
fn forge(case: &mut Case, id: ComponentId, cells: &[(&str, u32)]) {
    let before = table_uses(case, id);
    for &(column, value) in cells {
        case.set(id, column, 0, value);
    }
    let (lo, hi) = formula(case, id);
    set_result(case, id, lo, hi);
    for ((table, old), (_, new)) in before.into_iter().zip(table_uses(case, id)) {
        if let Some(row) = old {
            let m = case.get(table, "mult", row as usize);
            case.set(table, "mult", row as usize, m - 1);
        }
        if let Some(row) = new {
            let m = case.get(table, "mult", row as usize);
            case.set(table, "mult", row as usize, m + 1);
        }
    }
}

fn set_result(case: &mut Case, id: ComponentId, lo: u32, hi: u32) {
    case.set(id, "c_lo", 0, lo);
    case.set(id, "c_hi", 0, hi);
    case.set(ComponentId::RegBoundary, "lo", 32, lo);
    case.set(ComponentId::RegBoundary, "hi", 32, hi);
}

#[test]
fn forgery_harness_is_honest() {
    // Rewriting an honest row with its own values is accepted: the negative tests below fail
    // because of what they change, not because of the harness.
    let mut case = sink_case(Srai, 0x8123_4567, 13);
    forge(&mut case, ComponentId::Srai, &[]);
    case.assert_accepted();
}

#[test]
fn wrong_result_is_rejected() {
    let mut case = sink_case(Srli, 0x1234_5678, 4);
    let (lo, hi) = (case.get(ComponentId::Srli, "c_lo", 0), 0x0123);
    set_result(&mut case, ComponentId::Srli, lo + 1, hi);
    case.assert_rejected();
}

#[test]
fn overflowing_result_limb_is_rejected() {
    // 0x0001_0001 << 16 = 0x0001_0000 claimed as (lo = 0x10000, hi = 0): the same number
    // mod 2^32 in non-canonical limbs.
    let mut case = sink_case(Slli, 0x0001_0001, 16);
    assert_eq!(case.get(ComponentId::Slli, "c_hi", 0), 1);
    set_result(&mut case, ComponentId::Slli, 0x1_0000, 0);
    case.assert_rejected();
}

#[test]
fn non_byte_operand_split_is_rejected() {
    // a.lo = 0x0203 split as a0 = 0x103, a1 = 1 (not bytes): shifting right by 8 would then
    // give 1 instead of 2 in the low byte.
    let id = ComponentId::Srli;
    let mut case = sink_case(Srli, 0x0000_0203, 8);
    forge(&mut case, id, &[("a0", 0x103), ("z0", 0x103), ("z1", 1)]);
    assert_eq!(formula(&mut case, id), (1, 0));
    case.assert_rejected();
}

#[test]
fn wrong_and_output_is_rejected() {
    // z1 must be a1 & mask; any other byte shifts a different value.
    let id = ComponentId::Srli;
    let mut case = sink_case(Srli, 0x1234_5678, 4);
    let z1 = case.get(id, "z1", 0);
    forge(&mut case, id, &[("z1", z1 ^ 0x10)]);
    case.assert_rejected();
}

#[test]
fn wrong_sign_bit_is_rejected() {
    // SRAI of a negative value claimed with g = 0: a logical shift instead.
    let id = ComponentId::Srai;
    let mut case = sink_case(Srai, 0x8000_0000, 4);
    assert_eq!(case.get(id, "g", 0), 1);
    forge(&mut case, id, &[("g", 0)]);
    assert_eq!(formula(&mut case, id), (0, 0x0800));
    case.assert_rejected();
}

#[test]
fn configuration_not_from_the_rom_is_rejected() {
    // SLLI by 9 claimed with the configuration of a shift by 1 (same mask, other byte offset).
    let id = ComponentId::Slli;
    let mut case = sink_case(Slli, 0x1234_5678, 9);
    let cfg = config(false, 1);
    assert_eq!(cfg.mask, config(false, 9).mask);
    forge(
        &mut case,
        id,
        &[
            ("p0", cfg.p[0]),
            ("p1", cfg.p[1]),
            ("p2", cfg.p[2]),
            ("p3", cfg.p[3]),
        ],
    );
    case.assert_rejected();
}

/// Sets a register shift's amount column and its (table-valid) configuration, with the AND
/// outputs that configuration's mask gives.
fn forge_amount(
    case: &mut Case,
    id: ComponentId,
    s: u32,
    cfg: crate::air::shift_config::ShiftConfig,
) {
    let a = case.get(id, "a_lo", 0) | case.get(id, "a_hi", 0) << 16;
    let z = a.to_le_bytes().map(|a_m| u32::from(a_m) & cfg.mask);
    let cells = [
        ("s", s),
        ("mask", cfg.mask),
        ("p0", cfg.p[0]),
        ("p1", cfg.p[1]),
        ("p2", cfg.p[2]),
        ("p3", cfg.p[3]),
        ("z0", z[0]),
        ("z1", z[1]),
        ("z2", z[2]),
        ("z3", z[3]),
    ];
    forge(case, id, &cells);
}

#[test]
fn amount_other_than_rs2_mod_32_is_rejected() {
    // rs2 = 35 shifts by 3; the row claims 4 with the table's configuration for 4.
    let id = ComponentId::Sll;
    let mut case = sink_case(Sll, 0x1234_5678, 35);
    assert_eq!(case.get(id, "s", 0), 3);
    forge_amount(&mut case, id, 4, config(false, 4));
    case.assert_rejected();
}

#[test]
fn unmasked_amount_is_rejected() {
    // rs2 = 35 claimed as s = 35 (35 − s is divisible by 32), with the configuration of a
    // shift by 0: there is no table entry for 35.
    let id = ComponentId::Srl;
    let mut case = sink_case(Srl, 0x1234_5678, 35);
    forge_amount(&mut case, id, 35, config(true, 0));
    case.assert_rejected();
}

#[test]
fn configuration_of_another_amount_is_rejected() {
    // SRA by 3 with the mask and multipliers of a shift by 11.
    let id = ComponentId::Sra;
    let mut case = sink_case(Sra, 0x8234_5678, 3);
    forge_amount(&mut case, id, 3, config(true, 11));
    case.assert_rejected();
}

#[test]
fn padding_rows_are_neutral() {
    // All-zero rows (en = 0) satisfy every constraint and add nothing to the LogUp sum.
    use crate::air::bus::Bus;
    use crate::air::preprocessed::Preprocessed;
    use num_traits::Zero;
    let preprocessed = Preprocessed::new();
    for id in [
        ComponentId::Sll,
        ComponentId::Srl,
        ComponentId::Sra,
        ComponentId::Slli,
        ComponentId::Srli,
        ComponentId::Srai,
        ComponentId::ShiftCfg,
    ] {
        let air = id.air(0);
        let log_size = id.fixed_log_size().unwrap_or(4);
        let zeros = vec![vec![BaseField::from(0u32); 1 << log_size]; air.columns().len()];
        let sum = air.check_rows(log_size, &Bus::dummy(), &zeros, &preprocessed);
        assert!(sum.as_ref().is_ok_and(|s| s.is_zero()), "{id:?}: {sum:?}");
    }
}
