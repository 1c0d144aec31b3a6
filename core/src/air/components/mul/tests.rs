//! Mul / MulHigh: edge cases of the spec prove; forged products are refused.
//!
//! Forgeries are made "honest-looking" with [`forge`]: the forged row's table lookups are moved
//! in the Rc16/And8 multiplicity columns, and a changed result is carried into the register's
//! final value, so that only the property under test is violated. Also the helpers the
//! `div_rem` tests share (`forge`, `single`, `written`, `set_numbered`, `edge_sums`, the padding
//! and degree check).

use super::bytes::{extend, product_cells, Lookup, Table};
use super::row_lookups;
use crate::air::components::ComponentId;
use crate::air::framework::Air;
use crate::air::testing::{exit_with, ins, li, program, Case};
use crate::isa::Instruction;
use crate::isa::Opcode::{self, *};
use stwo::core::fields::m31::BaseField;

/// Rewrites one row of `id` with `edit` applied to its cells (named columns), keeping the rest
/// of the trace consistent: the row's table lookups (replayed by `lookups`) are moved in the
/// table multiplicities (a forged lookup outside a table stays unmatched), and when the written
/// value changes, the final value of the destination register follows it (the tests' programs
/// never read the result again).
pub(crate) fn forge(
    case: &mut Case,
    id: ComponentId,
    row: usize,
    lookups: impl Fn(&[BaseField]) -> Vec<Lookup>,
    result: impl Fn(&[BaseField]) -> [BaseField; 2],
    edit: impl FnOnce(&mut dyn FnMut(&str, u32)),
) {
    let names = id.air(case.execution.exit_code).columns();
    let old: Vec<BaseField> = names
        .iter()
        .map(|n| BaseField::from(case.get(id, n, row)))
        .collect();
    let mut new = old.clone();
    edit(&mut |name: &str, value: u32| {
        let Some(i) = names.iter().position(|n| *n == name) else {
            panic!("{id:?} has no column {name}")
        };
        new[i] = BaseField::from(value);
    });
    for l in lookups(&old) {
        move_lookup(case, &l, -l.mult);
    }
    for l in lookups(&new) {
        move_lookup(case, &l, l.mult);
    }
    let rd = names.iter().position(|n| *n == "rd").map(|i| new[i].0);
    let (before, after) = (result(&old), result(&new));
    if let (Some(rd), true) = (rd, before != after) {
        case.set(ComponentId::RegBoundary, "lo", rd as usize, after[0].0);
        case.set(ComponentId::RegBoundary, "hi", rd as usize, after[1].0);
    }
    for (name, value) in names.iter().zip(new) {
        case.set(id, name, row, value.0);
    }
}

/// Adds `delta` to the multiplicity of the table row matching `l`, if one does.
fn move_lookup(case: &mut Case, l: &Lookup, delta: BaseField) {
    let (id, row) = match l.table {
        Table::Rc16(v) if v.0 < 1 << 16 => (ComponentId::Rc16, v.0 as usize),
        Table::And8(x, y, z) if x.0 < 256 && y.0 < 256 && z.0 == x.0 & y.0 => {
            (ComponentId::And8, (x.0 | y.0 << 8) as usize)
        }
        _ => return,
    };
    let m = BaseField::from(case.get(id, "mult", row)) + delta;
    case.set(id, "mult", row, m.0);
}

/// The limbs (b0 + 256·b1, b2 + 256·b3) of the byte columns `bytes` = (b0, b1, b2, b3) of a row
/// of `air`: what the row writes, when they are its result bytes.
pub(crate) fn written<A: Air>(air: A, row: &[BaseField], bytes: [&str; 4]) -> [BaseField; 2] {
    let names = air.columns();
    let cell = |n: &str| row[names.iter().position(|c| *c == n).unwrap_or(0)];
    let join = |l: &str, h: &str| cell(l) + cell(h) * BaseField::from(256u32);
    [join(bytes[0], bytes[1]), join(bytes[2], bytes[3])]
}

/// Sets the numbered columns `{prefix}0`, `{prefix}1`, … of a forged row to `values`.
pub(crate) fn set_numbered(set: &mut dyn FnMut(&str, u32), prefix: &str, values: &[u32]) {
    for (i, &value) in values.iter().enumerate() {
        set(&format!("{prefix}{i}"), value);
    }
}

/// The written limbs of a multiply row.
fn result(op: Opcode, row: &[BaseField]) -> [BaseField; 2] {
    let bytes = if op == Mul {
        ["c0", "c1", "c2", "c3"]
    } else {
        ["c4", "c5", "c6", "c7"]
    };
    written(super::MulAir { op }, row, bytes)
}

/// [`forge`] for a multiply row.
fn forge_mul(case: &mut Case, op: Opcode, edit: impl FnOnce(&mut dyn FnMut(&str, u32))) {
    let id = super::component_id(op);
    forge(
        case,
        id,
        0,
        |row| row_lookups(op, row),
        |row| result(op, row),
        edit,
    );
}

/// Reference results, computed independently of the emulator.
fn reference(op: Opcode, a: u32, b: u32) -> u32 {
    let (sa, ua) = (i128::from(a as i32), i128::from(a));
    let (sb, ub) = (i128::from(b as i32), i128::from(b));
    let product = match op {
        Mul | Mulhu => ua * ub,
        Mulh => sa * sb,
        _ => sa * ub,
    };
    let bits = if op == Mul { product } else { product >> 32 };
    (bits & 0xffff_ffff) as u32
}

const EDGES: [(u32, u32); 12] = [
    (0, 0),
    (1, 0xffff_ffff),
    (0xffff_ffff, 0xffff_ffff),
    (0x8000_0000, 0x8000_0000),
    (0x8000_0000, 0xffff_ffff),
    (0x7fff_ffff, 0x7fff_ffff),
    (0x7fff_ffff, 0x8000_0000),
    (0x1234_5678, 0x9abc_def0),
    (0xdead_beef, 3),
    (0xffff, 0xffff),
    (0x0001_0000, 0x0001_0000),
    (0xffff_fffe, 0x8000_0001),
];

const OPS: [Opcode; 4] = [Mul, Mulh, Mulhsu, Mulhu];

/// `op x7, x5, x6` for every op of `ops` on every pair (a, b) of `edges` (loaded into x5, x6),
/// each result added into x11, then `sink` into x0; returns the code and the sum x11 should
/// hold by `reference`.
pub(crate) fn edge_sums(
    edges: &[(u32, u32)],
    ops: &[Opcode],
    sink: Opcode,
    reference: impl Fn(Opcode, u32, u32) -> u32,
) -> (Vec<Instruction>, u32) {
    let mut code = Vec::new();
    let mut expected = 0u32;
    for &(a, b) in edges {
        code.extend(li(5, a));
        code.extend(li(6, b));
        for &op in ops {
            code.push(ins(op, 7, 5, 6, 0));
            code.push(ins(Add, 11, 11, 7, 0));
            expected = expected.wrapping_add(reference(op, a, b));
        }
        code.push(ins(sink, 0, 5, 6, 0));
    }
    (code, expected)
}

/// Every multiply of every edge pair, summed into x11, which is the exit code. Also covers
/// rd = x0 (sink), rd = rs1 and rs1 = rs2 = rd.
fn all_edges() -> (Case, u32) {
    let (mut code, mut expected) = edge_sums(&EDGES, &OPS, Mulhu, reference);
    code.extend(li(5, 0x8765_4321));
    code.push(ins(Mulh, 5, 5, 5, 0));
    code.push(ins(Add, 11, 11, 5, 0));
    code.push(ins(Mul, 6, 6, 5, 0));
    code.push(ins(Add, 11, 11, 6, 0));
    let square = reference(Mulh, 0x8765_4321, 0x8765_4321);
    expected = expected.wrapping_add(square);
    expected = expected.wrapping_add(reference(Mul, EDGES[EDGES.len() - 1].1, square));
    code.extend(exit_with(11));
    (Case::new(program(&code), b"", b""), expected)
}

#[test]
fn edge_products_prove() {
    let (case, expected) = all_edges();
    assert_eq!(case.execution.exit_code, expected);
    case.assert_accepted();
}

/// `op x7, x5, x6` on (a, b) and nothing reads x7 afterwards.
pub(crate) fn single(op: Opcode, a: u32, b: u32) -> Case {
    let mut code = li(5, a).to_vec();
    code.extend(li(6, b));
    code.push(ins(op, 7, 5, 6, 0));
    code.extend(exit_with(0));
    let case = Case::new(program(&code), b"", b"");
    assert_eq!(case.execution.exit_code, 0);
    case
}

#[test]
fn single_rows_prove() {
    for op in OPS {
        single(op, 0xfedc_ba98, 0x8765_4321).assert_accepted();
    }
}

#[test]
fn forging_nothing_is_accepted() {
    // The forging helper itself keeps an honest row honest.
    let mut case = single(Mulh, 0xfedc_ba98, 0x8765_4321);
    forge_mul(&mut case, Mulh, |_| {});
    case.assert_accepted();
}

#[test]
fn wrong_low_product_is_rejected() {
    // MUL claims one more in byte 0; every byte and carry stays in range.
    let mut case = single(Mul, 7, 9);
    forge_mul(&mut case, Mul, |set| {
        set("c0", 64);
        set("n_c01", 0);
    });
    case.assert_rejected();
}

#[test]
fn result_byte_out_of_range_is_rejected() {
    // MUL 0x80 · 2 = 0x100: claim c0 = 256, c1 = 0 with carry 0; the column equations hold
    // over the integers, but c0 is not a byte (the written limb is still 0x100).
    let mut case = single(Mul, 0x80, 2);
    assert_eq!(case.get(ComponentId::Mul, "c1", 0), 1);
    forge_mul(&mut case, Mul, |set| {
        set("c0", 256);
        set("c1", 0);
        set("n_c01", 0);
        set("g0", 0);
    });
    case.assert_rejected();
}

#[test]
fn operand_bytes_out_of_range_are_rejected() {
    // Split a = 0x0102 as a0 = 0x102, a1 = 0 (the limb is unchanged) and re-solve the carry:
    // 0x102·3 = 6 + 256·3, so c stays 0x306; a0 is no byte.
    let mut case = single(Mul, 0x0102, 3);
    forge_mul(&mut case, Mul, |set| {
        set("a0", 0x102);
        set("n_a01", 0);
        set("c0", 0x06);
        set("c1", 0x03);
        set("n_c01", 0x02);
        set("g0", 3);
    });
    case.assert_rejected();
}

#[test]
fn out_of_range_top_carry_is_rejected() {
    // MULHU 0xffff_ffff²: byte 7 of the product claimed one lower (high word 0xfeff_fffe), the
    // top carry re-solved in the field (γ7 + 1/256): every column equation holds mod p, and
    // only Rc16(γ7) can object.
    let mut case = single(Mulhu, 0xffff_ffff, 0xffff_ffff);
    let id = ComponentId::Mulhu;
    let (c6, c7, g7) = (
        case.get(id, "c6", 0),
        case.get(id, "c7", 0),
        case.get(id, "g7", 0),
    );
    assert_eq!(c7, 0xff);
    let g7 = BaseField::from(g7) + BaseField::from(256u32).inverse();
    forge_mul(&mut case, Mulhu, |set| {
        set("c7", c7 - 1);
        set("n_c67", c6 & (c7 - 1));
        set("g7", g7.0);
    });
    case.assert_rejected();
}

#[test]
fn wrong_sign_bit_is_rejected() {
    // MULH of −1 · 2 claimed as if a were unsigned (sa = 0): the bytes and carries are those of
    // the unsigned product (0xffff_ffff · 2 = 0x1_ffff_fffe, high word 1 instead of −1).
    let mut case = single(Mulh, 0xffff_ffff, 2);
    forge_unsigned_mulh(&mut case, 0xffff_ffff, 2);
    case.assert_rejected();
}

/// Rewrites the MULH row on (a, b) as the product of a read unsigned with sa = 0.
fn forge_unsigned_mulh(case: &mut Case, a: u32, b: u32) {
    let (c, g) = product_cells(u64::from(a), extend(b, true), 8);
    forge_mul(case, Mulh, |set| {
        set("sa", 0);
        set_numbered(set, "c", &c);
        for (i, n) in ["n_c01", "n_c23", "n_c45", "n_c67"].iter().enumerate() {
            set(n, c[2 * i] & c[2 * i + 1]);
        }
        set_numbered(set, "g", &g);
    });
}

#[test]
fn mulhsu_sign_of_b_is_ignored() {
    // MULHSU reads b unsigned: the honest row for b = 0x8000_0000 proves with sb = 1 set by
    // the table (b's top bit), and the product uses b as 2^31.
    let mut case = single(Mulhsu, 0xffff_ffff, 0x8000_0000);
    assert_eq!(case.get(ComponentId::Mulhsu, "sb", 0), 1);
    assert_eq!(reference(Mulhsu, 0xffff_ffff, 0x8000_0000), 0xffff_ffff);
    case.assert_accepted();
}

#[test]
fn padding_rows_are_inert() {
    // Garbage in the state and ROM cells of a padding row (en = 0) changes nothing: every
    // lookup carries en.
    let mut case = single(Mul, 3, 5);
    case.set(ComponentId::Mul, "pc", 1, 1234);
    case.set(ComponentId::Mul, "rd", 1, 7);
    case.assert_accepted();
}

/// An all-zero trace (padding only) satisfies every constraint with LogUp sum 0, and every
/// constraint, LogUp pairs included, has degree at most 3.
pub(crate) fn assert_neutral_padding_and_degree<A: Air>(air: A) {
    use crate::air::bus::Bus;
    use crate::air::framework::{check_rows, AirEval};
    use crate::air::preprocessed::Preprocessed;
    use num_traits::Zero;
    use stwo_constraint_framework::expr::ExprEvaluator;
    use stwo_constraint_framework::FrameworkEval;
    let zeros = vec![vec![BaseField::zero(); 16]; air.columns().len()];
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

#[test]
fn padding_is_neutral_and_degrees_are_at_most_3() {
    for op in OPS {
        assert_neutral_padding_and_degree(super::MulAir { op });
    }
}
