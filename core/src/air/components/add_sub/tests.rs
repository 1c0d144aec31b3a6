//! AddSub: edge cases prove; forged results are refused.

use crate::air::components::ComponentId;
use crate::air::testing::{exit_with, ins, li, program, Case};
use crate::isa::Opcode::*;

fn case(a: u32, b: u32) -> Case {
    let mut code = li(5, a).to_vec();
    code.extend(li(6, b));
    code.extend([
        ins(Add, 7, 5, 6, 0),
        ins(Sub, 8, 5, 6, 0),
        ins(Add, 9, 9, 9, 0),
        ins(Sub, 9, 7, 8, 0),
    ]);
    code.extend(exit_with(9));
    Case::new(program(&code), b"", b"")
}

#[test]
fn carries_and_borrows_prove() {
    for (a, b) in [
        (1, 2),
        (0xffff_ffff, 1),
        (0x8000_0000, 0x8000_0000),
        (0, 1),
        (0x1_ffff, 0xffff),
    ] {
        let case = case(a, b);
        assert_eq!(case.execution.exit_code, b.wrapping_mul(2));
        case.assert_accepted();
    }
}

#[test]
fn wrong_sum_is_rejected() {
    let mut case = case(0xffff, 1);
    let c = case.get(ComponentId::Add, "c_lo", 0);
    case.set(ComponentId::Add, "c_lo", 0, c + 1);
    case.assert_rejected();
}

#[test]
fn overflowing_limb_is_rejected() {
    // 0xffff + 1 written as (lo = 0x10000, hi = 0): the carry equations hold with k0 = k1 = 0,
    // but the limb is not a 16-bit value. x7 is never read again and its final value in the
    // register boundary is patched too, so only the range check on c can catch it.
    let mut code = li(5, 0xffff).to_vec();
    code.extend(li(6, 1));
    code.push(ins(Add, 7, 5, 6, 0));
    code.extend(exit_with(0));
    let mut case = Case::new(program(&code), b"", b"");
    case.assert_accepted();
    assert_eq!(
        (
            case.get(ComponentId::Add, "c_lo", 0),
            case.get(ComponentId::Add, "c_hi", 0)
        ),
        (0, 1)
    );
    case.set(ComponentId::Add, "c_lo", 0, 0x1_0000);
    case.set(ComponentId::Add, "c_hi", 0, 0);
    case.set(ComponentId::RegBoundary, "lo", 7, 0x1_0000);
    case.set(ComponentId::RegBoundary, "hi", 7, 0);
    case.assert_rejected();
}

#[test]
fn wrong_difference_is_rejected() {
    let mut case = case(5, 7);
    case.set(ComponentId::Sub, "c_hi", 0, 0);
    case.assert_rejected();
}
