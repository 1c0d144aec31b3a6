//! Whole-machine soundness tests (design.md §5): honest runs prove; forged traces — a skipped
//! step, a jump to a pc the program does not have, a register read that returns a stale or
//! invented value, a non-increasing timestamp, a duplicated boundary address, x0 receiving a
//! write, a wrong exit — are refused by the row check and by the prover/verifier. The
//! long-gap tests forge the 29-bit gap check of the memory access (`gadgets::access`): a value
//! changed across a long gap, a gap limb out of range, a previous timestamp that wraps around
//! the field.

use super::components::ComponentId;
use super::testing::{exit_with, ins, li, program, Case};
use crate::isa::Opcode::*;

/// x5 = 7, x6 = x5 + x5, x7 = x6 - 3 (11), jal over a trap, exit(x7).
fn small() -> Case {
    let mut code = li(5, 7).to_vec();
    code.extend([
        ins(Add, 6, 5, 5, 0),
        ins(Addi, 7, 6, 0, -3),
        ins(Jal, 0, 0, 0, 8),
        ins(Ebreak, 0, 0, 0, 0),
    ]);
    code.extend(exit_with(7));
    Case::new(program(&code), b"", b"")
}

#[test]
fn padding_rows_are_inert() {
    // Garbage in a padding row (en = 0) changes nothing: every multiplicity carries en.
    let mut case = small();
    case.set(ComponentId::Const, "nx", 2, 12345);
    case.set(ComponentId::Const, "v_lo", 2, 99);
    case.assert_accepted();
}

#[test]
fn honest_run_is_accepted() {
    let case = small();
    assert_eq!(case.execution.exit_code, 11);
    case.assert_accepted();
}

#[test]
fn skipped_instruction_is_rejected() {
    // Disable the ADD row: its State use and yield vanish, leaving (pc, clk) unmatched.
    let mut case = small();
    case.set(ComponentId::Add, "en", 0, 0);
    case.assert_rejected();
}

#[test]
fn jump_outside_the_program_is_rejected() {
    // The JAL row claims a next pc the ROM does not give it.
    // Const rows: LUI (row 0), JAL (row 1).
    let mut case = small();
    let nx = case.get(ComponentId::Const, "nx", 1);
    case.set(ComponentId::Const, "nx", 1, nx + 4);
    case.assert_rejected();
}

#[test]
fn executing_a_different_instruction_is_rejected() {
    // The ADD row claims rs2 = x0 (x6 = x5 + 0): no such ROM entry.
    let mut case = small();
    case.set(ComponentId::Add, "rs2", 0, 0);
    case.assert_rejected();
}

#[test]
fn invented_register_value_is_rejected() {
    // ADDI reads x6 = 15 instead of 14 and writes 12: arithmetic holds, memory does not.
    let mut case = small();
    case.set(ComponentId::AddImm, "a_lo", 2, 15);
    case.set(ComponentId::AddImm, "c_lo", 2, 12);
    case.assert_rejected();
}

#[test]
fn non_increasing_timestamp_is_rejected() {
    // The ADD row claims x5 was last written at its own timestamp (no strict order).
    let mut case = small();
    let clk = case.get(ComponentId::Add, "clk", 0);
    case.set(
        ComponentId::Add,
        "a_ts",
        0,
        3 * clk + super::gadgets::TS_ORIGIN,
    );
    case.assert_rejected();
}

#[test]
fn duplicated_boundary_address_is_rejected() {
    let mut case = small();
    let region = case.traces.iter().find_map(|t| match t.id {
        ComponentId::MemRegion(r) => Some(r),
        _ => None,
    });
    let Some(region) = region else {
        panic!("the code image needs a memory region")
    };
    let id = ComponentId::MemRegion(region);
    let w0 = case.get(id, "w", 0);
    case.set(id, "w", 1, w0);
    case.assert_rejected();
}

#[test]
fn write_to_x0_cannot_change_it() {
    // An ADD row writing register 0 instead of the sink: the ROM says rd' = 32.
    let mut code = li(5, 7).to_vec();
    code.extend([ins(Add, 0, 5, 5, 0), ins(Add, 6, 0, 0, 0)]);
    code.extend(exit_with(6));
    let mut case = Case::new(program(&code), b"", b"");
    assert_eq!(case.execution.exit_code, 0);
    case.assert_accepted();
    assert_eq!(case.get(ComponentId::Add, "rd", 0), 32);
    case.set(ComponentId::Add, "rd", 0, 0);
    case.assert_rejected();
}

#[test]
fn wrong_exit_code_is_rejected() {
    let mut case = small();
    case.execution.exit_code = 12;
    case.assert_rejected();
}

#[test]
fn early_halt_is_rejected() {
    // Claim the run ended one cycle earlier.
    let mut case = small();
    case.execution.stats.cycles -= 1;
    case.assert_rejected();
}

/// x5 = 7, then a loop of 3,000 iterations that leaves x5 alone, then x7 = x5 + 0 (a read of
/// x5 after a gap of about 18,000 timestamps, so the high gap limb is 2), exit(x7).
fn long_gap() -> Case {
    let mut code = li(5, 7).to_vec();
    code.extend(li(6, 3000));
    code.extend([
        ins(Addi, 6, 6, 0, -1),
        ins(Bne, 0, 6, 0, -4),
        ins(Addi, 7, 5, 0, 0),
    ]);
    code.extend(exit_with(7));
    Case::new(program(&code), b"", b"")
}

/// The AddImm row of `addi x7, x5, 0`.
fn long_read_row(case: &mut Case) -> usize {
    let rows = case.trace(ComponentId::AddImm).columns[0].len();
    (0..rows)
        .find(|&r| {
            case.get(ComponentId::AddImm, "en", r) == 1
                && case.get(ComponentId::AddImm, "rs1", r) == 5
                && case.get(ComponentId::AddImm, "rd", r) == 7
        })
        .unwrap_or_else(|| panic!("no addi x7, x5 row"))
}

/// Rewrites the read of x5 in `row` to claim previous timestamp `prev_ts`, with the gap limbs
/// and the Rc16 multiplicities an honest prover would compute for it.
fn claim_previous_timestamp(case: &mut Case, row: usize, prev_ts: u32) {
    const P: u32 = (1 << 31) - 1;
    let ts = 3 * case.get(ComponentId::AddImm, "clk", row) + super::gadgets::TS_ORIGIN;
    let old_prev = case.get(ComponentId::AddImm, "a_ts", row);
    let old_gap = ts - old_prev - 1;
    let split = super::gadgets::GAP_SPLIT;
    let gap = ((u64::from(ts) + u64::from(P) - u64::from(prev_ts) - 1) % u64::from(P)) as u32;
    case.set(ComponentId::AddImm, "a_ts", row, prev_ts);
    case.set(ComponentId::AddImm, "a_dh", row, gap >> split);
    move_gap(case, old_gap, gap);
}

#[test]
fn long_gap_is_accepted() {
    let mut case = long_gap();
    assert_eq!(case.execution.exit_code, 7);
    let row = long_read_row(&mut case);
    assert!(
        case.get(ComponentId::AddImm, "a_dh", row) >= 1,
        "the gap needs the high limb"
    );
    case.assert_accepted();
}

#[test]
fn value_changed_across_a_long_gap_is_rejected() {
    // After the long gap, x5 reads 8 (and x7 gets 8): the sum holds, the memory chain does not.
    let mut case = long_gap();
    let row = long_read_row(&mut case);
    case.set(ComponentId::AddImm, "a_lo", row, 8);
    case.set(ComponentId::AddImm, "c_lo", row, 8);
    case.assert_rejected_by("LogUp");
}

#[test]
fn gap_limb_out_of_range_is_rejected() {
    // dh + 8 with the low limb 2^16 lower (so the sum still equals the gap): the low limb wraps
    // to about p, which no Rc16 entry has.
    let mut case = long_gap();
    let row = long_read_row(&mut case);
    let dh = case.get(ComponentId::AddImm, "a_dh", row);
    let ts = 3 * case.get(ComponentId::AddImm, "clk", row) + super::gadgets::TS_ORIGIN;
    let gap = ts - case.get(ComponentId::AddImm, "a_ts", row) - 1;
    case.set(ComponentId::AddImm, "a_dh", row, dh + 8);
    case.move_rc16(dh, Some(dh + 8));
    case.move_rc16(gap & 0x1fff, None);
    case.assert_rejected_by("LogUp");
}

#[test]
fn wrapped_previous_timestamp_is_rejected() {
    // The read claims x5 was written at p − 10, "just before" timestamp 0 modulo p: the gap
    // ts + 9 passes the range check, but no access yields a tuple with that timestamp (every
    // yielded timestamp is below 2^29), so the memory chain cannot close.
    let mut case = long_gap();
    let row = long_read_row(&mut case);
    claim_previous_timestamp(&mut case, row, (1 << 31) - 1 - 10);
    case.assert_rejected_by("LogUp");
}

#[test]
fn out_of_order_previous_timestamp_has_no_gap_witness() {
    // The read claims x5 was written after it is read (ts + 5): the gap is p − 6, and however
    // the limbs are chosen, lo + 2^13·dh with 16-bit limbs stays below 2^29 + 2^16.
    let mut case = long_gap();
    let row = long_read_row(&mut case);
    let ts = 3 * case.get(ComponentId::AddImm, "clk", row) + super::gadgets::TS_ORIGIN;
    claim_previous_timestamp(&mut case, row, ts + 5);
    // The honest-looking split of p − 6 puts dh far outside the table. (No tuple has that
    // timestamp either; `reading_a_value_written_later_is_rejected` isolates the gap check.)
    assert!(case.get(ComponentId::AddImm, "a_dh", row) >= 1 << 16);
    case.assert_rejected_by("LogUp");
}

#[test]
fn first_instruction_may_read_a_register() {
    // addi x5, x0, 7 first: its x0 read comes right after the initial tuple (timestamp 0).
    let mut code = vec![ins(Addi, 5, 0, 0, 7)];
    code.extend(exit_with(5));
    let mut case = Case::new(program(&code), b"", b"");
    assert_eq!(case.execution.exit_code, 7);
    assert_eq!(case.get(ComponentId::AddImm, "a_ts", 0), 0);
    case.assert_accepted();
}

#[test]
fn every_fraction_belongs_to_a_relation() {
    use crate::air::bus::Rel;
    let kinds = every_kind();
    for id in kinds {
        let counts = id.air(0).fractions_by_relation();
        assert_eq!(counts.unknown(), 0, "{id:?}");
        assert!(counts.total() > 0, "{id:?}");
    }
    // ADD: State use and yield, one Prog use, three accesses of two Mem tuples and two Rc16
    // gap limbs each.
    let add = ComponentId::Add.air(0).fractions_by_relation();
    assert_eq!(add.get(Rel::State), 2);
    assert_eq!(add.get(Rel::Prog), 1);
    assert_eq!(add.get(Rel::Mem), 6);
    assert!(add.get(Rel::Rc16) >= 6);
}

/// Moves the Rc16 uses of an access's two gap limbs from gap `old` to gap `new` (a limb of
/// 2^16 or more is in no table row: its use stays unmatched).
fn move_gap(case: &mut Case, old: u32, new: u32) {
    let split = super::gadgets::GAP_SPLIT;
    let low = |g: u32| g & ((1 << split) - 1);
    let entry = |v: u32| (v < 1 << 16).then_some(v);
    case.move_rc16(old >> split, entry(new >> split));
    case.move_rc16(low(old), entry(low(new)));
}

#[test]
fn reading_a_value_written_later_is_rejected() {
    // x5 = 7 (t1); x6 = x5 + x0 reads x5 (t2); x5 = 9 (t3); exit(0). The forgery reads the
    // *later* 9: the read uses (x5, 9, t3) and yields (x5, 9, t2), the write at t3 claims to
    // replace (x5, 9, t2) and yields (x5, 9, t3), and the boundary closes x5 at (7, t1). Every
    // Mem tuple balances and every row's arithmetic holds; only the read's gap t2 − t3 − 1,
    // which is about p, has no limbs in range. (Without the Rc16 on dh this forgery proves.)
    const P: u32 = (1 << 31) - 1;
    let mut code = li(5, 7).to_vec();
    code.extend([ins(Add, 6, 5, 0, 0), ins(Addi, 5, 0, 0, 9)]);
    code.extend(exit_with(0));
    let mut case = Case::new(program(&code), b"", b"");
    assert_eq!(case.execution.exit_code, 0);
    case.assert_accepted();

    let ts = |case: &mut Case, id: ComponentId, row: usize, slot: u32| {
        3 * case.get(id, "clk", row) + slot + super::gadgets::TS_ORIGIN
    };
    let (add, imm) = (ComponentId::Add, ComponentId::AddImm);
    // AddImm rows: li's ADDI (row 0, writes x5 at t1), `addi x5, x0, 9` (row 1, at t3).
    let t1 = ts(&mut case, imm, 0, 2);
    let t2 = ts(&mut case, add, 0, 0);
    let t3 = ts(&mut case, imm, 1, 2);
    assert_eq!(case.get(add, "a_ts", 0), t1);
    assert_eq!(case.get(imm, "d_ts", 1), t2);

    // The read of x5 returns 9, last written "at t3"; x6 gets 9.
    case.set(add, "a_lo", 0, 9);
    case.set(add, "a_ts", 0, t3);
    let forged_gap = (u64::from(t2) + u64::from(P) - u64::from(t3) - 1) as u32 % P;
    case.set(add, "a_dh", 0, forged_gap >> super::gadgets::GAP_SPLIT);
    move_gap(&mut case, t2 - t1 - 1, forged_gap);
    case.set(add, "c_lo", 0, 9);
    case.move_rc16(7, Some(9));
    // The write at t3 replaces (x5, 9, t2) instead of (x5, 7, t2): same timestamps, same gap.
    case.set(imm, "d_lo", 1, 9);
    // Final values: x5 closes at (7, t1), x6 at 9.
    case.set(ComponentId::RegBoundary, "lo", 5, 7);
    case.set(ComponentId::RegBoundary, "ts", 5, t1);
    case.set(ComponentId::RegBoundary, "lo", 6, 9);
    case.assert_rejected_by("LogUp");
}

/// Every component kind once (the catalogue, for tests that look at AIR shapes).
fn every_kind() -> Vec<ComponentId> {
    use crate::air::components::Region;
    use crate::isa::Family;
    let mut kinds: Vec<ComponentId> = Vec::new();
    for id in Family::ALL
        .into_iter()
        .flat_map(|f| ComponentId::of_family(f).iter().copied())
        .chain(ComponentId::IO)
        .chain([
            ComponentId::Rc16,
            ComponentId::And8,
            ComponentId::Program,
            ComponentId::RegBoundary,
            ComponentId::MemRegion(Region::default()),
            ComponentId::ShiftCfg,
        ])
    {
        if !kinds.contains(&id) {
            kinds.push(id);
        }
    }
    kinds
}

#[test]
#[ignore = "prints the degree audit of docs/zk.md"]
fn print_degree_audit() {
    for id in every_kind() {
        let audit = super::zk_audit::audit(id.air(0).as_ref());
        println!("{id:?}: {audit}");
        for over in &audit.over {
            println!("    {over}");
        }
    }
}

/// docs/zk.md: the blinding selector multiplies every constraint (degree + 1) and the sign of
/// mirrored blinding rows every numerator (pair degree + 1); both must stay within 3.
#[test]
fn constraints_leave_room_for_the_selector() {
    for id in every_kind() {
        let audit = super::zk_audit::audit(id.air(0).as_ref());
        assert!(
            audit.cubic_constraints() == 0 && audit.quadratic_numerators() == 0,
            "{id:?}: {audit}\n{}",
            audit.over.join("\n")
        );
        assert!(audit.fractions.iter().all(|f| f.1 <= 1), "{id:?}: {audit}");
    }
}

/// One run through every component that has a column made for the degree budget (docs/zk.md):
/// ADDI, LW, SB, SRAI, BEQ, DIV, JALR, a public read and an output write.
fn degree_budget_run() -> Case {
    use super::components::io::tests::{data, read, write, DATA};
    use super::testing::program_with_data;
    let mut code = li(5, DATA).to_vec();
    code.extend([
        ins(Lw, 6, 5, 0, 0),
        ins(Sb, 0, 5, 6, 5),
        ins(Srai, 7, 6, 0, 3),
        ins(Beq, 0, 6, 6, 4),
        ins(Div, 8, 6, 7, 0),
    ]);
    // jalr to the instruction after it (index 10).
    code.extend(li(9, 0x1_0000 + 4 * 10));
    code.push(ins(Jalr, 1, 9, 0, 0));
    code.extend(read(0, DATA + 16, 3));
    code.extend(write(1, DATA, 2));
    code.extend(exit_with(0));
    Case::new(program_with_data(&code, &data()), b"abc", b"")
}

#[test]
fn every_degree_budget_column_is_pinned() {
    // Each column that stands for a product (a carry's square, g·mask, a sum of squares, …)
    // is fixed by its own constraint: changing it alone is refused by a constraint, not left
    // for the bus to notice.
    let case = degree_budget_run();
    case.assert_accepted();
    let columns: [(ComponentId, &str); 20] = [
        (ComponentId::AddImm, "q0"),
        (ComponentId::AddImm, "q1"),
        (ComponentId::Lw, "q0"),
        (ComponentId::Lw, "q1"),
        (ComponentId::Sb, "nh"),
        (ComponentId::Srai, "gm"),
        (ComponentId::Branch(super::components::BranchOp::Beq), "d"),
        (ComponentId::Div, "beta_sq"),
        (ComponentId::Div, "nz"),
        (ComponentId::Div, "r_norm"),
        (ComponentId::Jalr, "q0"),
        (ComponentId::EcallReadPublic, "xq"),
        (ComponentId::EcallReadPublic, "cm"),
        (ComponentId::EcallWrite, "xq"),
        (ComponentId::EcallWrite, "cm"),
        (ComponentId::IoPublicIn, "zz"),
        (ComponentId::IoPublicIn, "p02"),
        (ComponentId::IoPublicIn, "p03"),
        (ComponentId::IoPublicIn, "p13"),
        (ComponentId::IoOutput, "zz"),
    ];
    for (id, column) in columns {
        let mut forged = degree_budget_run();
        let value = forged.get(id, column, 0);
        forged.set(id, column, 0, value + 1);
        match forged.check() {
            Ok(()) => panic!("{id:?}.{column} + 1 is accepted by the row check"),
            Err(e) => assert!(e.contains(": constraint"), "{id:?}.{column}: {e}"),
        }
    }
    // One of them through the prover and verifier too (the carry square of the shared address
    // gadget).
    let mut forged = degree_budget_run();
    let q0 = forged.get(ComponentId::Lw, "q0", 0);
    forged.set(ComponentId::Lw, "q0", 0, q0 + 1);
    forged.assert_rejected();
}
