//! Jalr: targets with bit 0 set, negative offsets, carries and borrows across the limb, links
//! to x0 and to rs1 itself prove; a wrong target, a non-boolean bit 0, a wrong link and an
//! out-of-range high half are refused.

use crate::air::components::branch::tests::{move_hop, row_at, set_final};
use crate::air::components::ComponentId;
use crate::air::testing::{exit_with, ins, li, program, Case};
use crate::isa::{encode, Instruction, Opcode::*};
use crate::program::{Program, Segment};

/// A program with `code` at `base`.
fn program_at(base: u32, code: &[Instruction]) -> Program {
    let bytes: Vec<u8> = code.iter().flat_map(|i| encode(i).to_le_bytes()).collect();
    let segment = Segment {
        vaddr: base,
        mem_size: bytes.len() as u32,
        data: bytes,
        executable: true,
    };
    Program::new(base, vec![segment]).unwrap_or_else(|e| panic!("{e}"))
}

/// Address of instruction `i` of a program at 0x10000.
fn at(i: usize) -> u32 {
    0x1_0000 + 4 * i as u32
}

#[test]
fn jumps_prove() {
    // jalr x1, 0(x5) to an odd address (bit 0 cleared); jalr x6, -100(x6) (rd = rs1);
    // jalr x0, 2047(x7) (a plain jump, the largest offset).
    let mut code = li(5, at(9) + 1).to_vec(); // 0, 1
    code.extend(li(6, at(13) + 100)); // 2, 3
    code.push(ins(Jalr, 1, 5, 0, 0)); // 4
    code.extend([ins(Ebreak, 0, 0, 0, 0); 4]); // 5..8
    code.push(ins(Jalr, 6, 6, 0, -100)); // 9
    code.extend([ins(Ebreak, 0, 0, 0, 0); 3]); // 10..12
    code.extend(li(7, at(18) - 2047)); // 13, 14
    code.push(ins(Jalr, 0, 7, 0, 2047)); // 15 → 18
    code.extend([ins(Ebreak, 0, 0, 0, 0); 2]); // 16, 17

    // 18: exit(x1 + x6 - x7) so every link matters.
    code.extend([ins(Add, 8, 1, 6, 0), ins(Sub, 8, 8, 7, 0)]);
    code.extend(exit_with(8));
    let case = Case::new(program(&code), b"", b"");
    let expected = at(5).wrapping_add(at(10)).wrapping_sub(at(18) - 2047);
    assert_eq!(case.execution.exit_code, expected);
    case.assert_accepted();
}

#[test]
fn limb_carry_and_borrow_prove() {
    // Code straddles 0x2_0000. x5 = 0x2_001c; jalr -0x24(x5) → 0x1_fff8 (a.lo + imm < 0:
    // a borrow into the high limb). There x6 = 0x1_fff8; jalr 0x18(x6) → 0x2_0010
    // (a.lo + imm ≥ 2^16: a carry).
    let base = 0x1_ffdc;
    let code = [
        ins(Lui, 5, 0, 0, 0x2_0000), // 0x1ffdc
        ins(Addi, 5, 5, 0, 0x1c),    // 0x1ffe0
        ins(Jalr, 1, 5, 0, -0x24),   // 0x1ffe4 → 0x1fff8
        ins(Ebreak, 0, 0, 0, 0),     // 0x1ffe8
        ins(Ebreak, 0, 0, 0, 0),     // 0x1ffec
        ins(Ebreak, 0, 0, 0, 0),     // 0x1fff0
        ins(Ebreak, 0, 0, 0, 0),     // 0x1fff4
        ins(Auipc, 6, 0, 0, 0),      // 0x1fff8: x6 = 0x1fff8
        ins(Jalr, 6, 6, 0, 0x18),    // 0x1fffc → 0x20010
        ins(Ebreak, 0, 0, 0, 0),     // 0x20000
        ins(Ebreak, 0, 0, 0, 0),     // 0x20004
        ins(Ebreak, 0, 0, 0, 0),     // 0x20008
        ins(Ebreak, 0, 0, 0, 0),     // 0x2000c
        ins(Add, 8, 1, 6, 0),        // 0x20010
        ins(Addi, 10, 8, 0, 0),
        ins(Addi, 17, 0, 0, 93),
        ins(Ecall, 0, 0, 0, 0),
    ];
    let mut case = Case::new(program_at(base, &code), b"", b"");
    assert_eq!(case.execution.exit_code, 0x1ffe8 + 0x20000);
    let id = ComponentId::Jalr;
    assert_eq!(case.get(id, "a_lo", 0), 0x1c);
    assert_eq!(case.get(id, "a_lo", 1) + 0x18, 0x1_0010);
    case.assert_accepted();
}

/// x5 = T (an address holding a hop to J, as does T − 4), `jalr x1, imm(x5)` with x5 + imm
/// = T + odd, then the hops and exit(0). Returns the case and T.
fn hop_case(odd: u32) -> (Case, u32) {
    let t = at(6);
    let mut code = li(5, t + odd - 8).to_vec(); // 0, 1
    code.push(ins(Jalr, 1, 5, 0, 8)); // 2 → 6
    code.push(ins(Ebreak, 0, 0, 0, 0)); // 3
    code.push(ins(Ebreak, 0, 0, 0, 0)); // 4
    code.push(ins(Beq, 0, 0, 0, 8)); // 5: hop → 7
    code.push(ins(Beq, 0, 0, 0, 4)); // 6: hop → 7
    code.extend(exit_with(0)); // 7..
    let case = Case::new(program(&code), b"", b"");
    case.assert_accepted();
    (case, t)
}

#[test]
fn wrong_target_is_rejected() {
    // Claim the target T − 4 (h − 2): the low-limb equation no longer has an integer carry.
    let (mut case, t) = hop_case(0);
    let h = case.get(ComponentId::Jalr, "h", 0);
    case.set(ComponentId::Jalr, "h", 0, h - 2);
    move_hop(&mut case, t, t - 4);
    case.assert_rejected();
}

#[test]
fn non_boolean_low_bit_is_rejected() {
    // b0 = 4 and h − 2 keep a.lo + imm = 2h + b0 exactly, and the target becomes T − 4, a
    // real instruction: only b0(b0 − 1) = 0 objects.
    let (mut case, t) = hop_case(0);
    assert_eq!(case.get(ComponentId::Jalr, "b0", 0), 0);
    let h = case.get(ComponentId::Jalr, "h", 0);
    case.set(ComponentId::Jalr, "h", 0, h - 2);
    case.set(ComponentId::Jalr, "b0", 0, 4);
    case.move_rc16(h, Some(h - 2));
    move_hop(&mut case, t, t - 4);
    case.assert_rejected();
}

#[test]
fn odd_sum_cannot_keep_bit_zero() {
    // x5 + imm = T + 1, so b0 = 1. Claim b0 = 0: a.lo + imm − 2h = 1 is no multiple of 2^16.
    let (mut case, _) = hop_case(1);
    assert_eq!(case.get(ComponentId::Jalr, "b0", 0), 1);
    case.set(ComponentId::Jalr, "b0", 0, 0);
    case.assert_rejected();
}

#[test]
fn wrong_link_is_rejected() {
    // rd must receive pc + 4 as the ROM gives it.
    let (mut case, _) = hop_case(0);
    let link = case.get(ComponentId::Jalr, "link_lo", 0);
    case.set(ComponentId::Jalr, "link_lo", 0, link + 4);
    set_final(&mut case, 1, at(3) + 4);
    case.assert_rejected();
}

#[test]
fn high_half_out_of_range_is_rejected() {
    // k1 = 1 with rh − 2^16 (negative): the target becomes T − 2^32 ≡ T − 2 (mod p). Such a
    // row could only continue at a misaligned pc; the range check on rh refuses it first.
    let (mut case, _) = hop_case(0);
    let id = ComponentId::Jalr;
    let row = row_at(&mut case, id, at(2));
    let rh = case.get(id, "rh", row);
    let p = (1u32 << 31) - 1;
    case.set(id, "rh", row, rh + p - (1 << 16));
    case.assert_rejected();
}
