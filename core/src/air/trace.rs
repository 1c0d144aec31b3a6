//! Assembling every component's main trace from a run (prover side).

use super::components::shift::{self, ShiftOp};
use super::components::{
    add_imm, add_sub, constant, ecall_exit, mem_region, program, reg_boundary,
};
use super::components::{bitwise, branch, jalr, set_less, BitOp, BranchOp, LessOp};
use super::components::{load, store};
use super::components::{tables, ComponentId};
use super::gadgets::{columns_from_rows, log_size_for};
use super::rom;
use super::witness::{FinalCell, Lookups, StepWitness, Witness, WitnessError};
use crate::isa::{Family, Opcode};
use crate::program::Program;
use crate::trace::ExecutionRecord;
use stwo::core::fields::m31::BaseField;

/// One component's main trace, column by column, padded to `2^log_size` rows.
#[derive(Clone, Debug)]
pub(crate) struct ComponentTrace {
    pub id: ComponentId,
    pub log_size: u32,
    pub columns: Vec<Vec<BaseField>>,
}

/// Families the AIR proves so far.
pub(crate) const SUPPORTED: &[Family] = &[
    Family::AddSub,
    Family::AddImm,
    Family::Const,
    Family::EcallExit,
    Family::Unprovable,
    Family::Bitwise,
    Family::BitwiseImm,
    Family::SetLess,
    Family::SetLessImm,
    Family::BranchEq,
    Family::BranchCmp,
    Family::Jalr,
    Family::ShiftReg,
    Family::ShiftImm,
    Family::LoadWord,
    Family::LoadSub,
    Family::StoreWord,
    Family::StoreSub,
    Family::Mul,
    Family::MulHigh,
    Family::DivRem,
    Family::EcallRead,
    Family::EcallWrite,
];

fn component(id: ComponentId, rows: Vec<Vec<u32>>, exit_code: u32) -> ComponentTrace {
    let width = id.air(exit_code).columns().len();
    let log_size = id
        .fixed_log_size()
        .unwrap_or_else(|| log_size_for(rows.len()));
    ComponentTrace {
        id,
        log_size,
        columns: columns_from_rows(&rows, width, log_size),
    }
}

/// Every component's trace for a run on a public input of `public_input_len` bytes that exited
/// with `exit_code`, in commitment order: one segment holding the whole run (tests).
#[cfg(test)]
pub(crate) fn build(
    program: &Program,
    record: &ExecutionRecord,
    exit_code: u32,
    public_input_len: u32,
) -> Result<Vec<ComponentTrace>, WitnessError> {
    use crate::trace::Syscall;
    check_supported(record)?;
    let private_read = record
        .ecalls
        .iter()
        .filter_map(|e| match e.call {
            Syscall::Read {
                fd: 3,
                read,
                position,
                ..
            } => Some(position + read),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let mut builder = super::witness::WitnessBuilder::new(program, public_input_len, private_read);
    let witness = Witness {
        families: builder.steps(record)?,
    };
    let (registers, ram) = builder.finish();
    let mut lookups = Lookups::default();
    let mut traces = step_traces(&witness, &mut lookups, exit_code);
    traces.extend(boundary_traces(
        program, &lookups, &registers, &ram, exit_code,
    ));
    Ok(traces)
}

/// Fails for a record with an instruction family the AIR does not prove.
pub(crate) fn check_supported(record: &ExecutionRecord) -> Result<(), WitnessError> {
    for family in Family::ALL {
        if !SUPPORTED.contains(&family) && !record.family(family).is_empty() {
            return Err(WitnessError::Unsupported(family.name()));
        }
    }
    Ok(())
}

/// The instruction and I/O components' traces for the steps of `witness` (a whole run or one
/// segment), counting the table lookups they make into `lookups`.
pub(crate) fn step_traces(
    witness: &Witness,
    lookups: &mut Lookups,
    exit_code: u32,
) -> Vec<ComponentTrace> {
    let mut traces = Vec::new();
    let add = |id: ComponentId, rows: Vec<Vec<u32>>, traces: &mut Vec<ComponentTrace>| {
        if !rows.is_empty() {
            traces.push(component(id, rows, exit_code));
        }
    };

    let by_opcode = |family: Family, opcode: Opcode| -> Vec<StepWitness> {
        let steps = witness.family(family).iter();
        steps
            .filter(|s| s.step.is_some_and(|e| e.instruction.opcode == opcode))
            .cloned()
            .collect()
    };
    add(
        ComponentId::Add,
        add_sub::fill(&by_opcode(Family::AddSub, Opcode::Add), lookups),
        &mut traces,
    );
    add(
        ComponentId::Sub,
        add_sub::fill(&by_opcode(Family::AddSub, Opcode::Sub), lookups),
        &mut traces,
    );
    add(
        ComponentId::AddImm,
        add_imm::fill(witness.family(Family::AddImm), lookups),
        &mut traces,
    );
    add(
        ComponentId::Const,
        constant::fill(witness.family(Family::Const), lookups),
        &mut traces,
    );
    add(
        ComponentId::EcallExit,
        ecall_exit::fill(witness.family(Family::EcallExit), lookups),
        &mut traces,
    );
    for op in [BitOp::And, BitOp::Or, BitOp::Xor] {
        let steps = by_opcode(Family::Bitwise, op.opcode());
        let rows = bitwise::fill(op, &steps, lookups);
        add(ComponentId::Bitwise(op), rows, &mut traces);
        let steps = by_opcode(Family::BitwiseImm, op.imm_opcode());
        let rows = bitwise::fill_imm(op, &steps, lookups);
        add(ComponentId::BitwiseImm(op), rows, &mut traces);
    }
    for op in [LessOp::Slt, LessOp::Sltu, LessOp::Slti, LessOp::Sltiu] {
        let steps = by_opcode(op.opcode().family(), op.opcode());
        let rows = set_less::fill(op, &steps, lookups);
        add(ComponentId::SetLess(op), rows, &mut traces);
    }
    for op in [
        BranchOp::Beq,
        BranchOp::Bne,
        BranchOp::Blt,
        BranchOp::Bge,
        BranchOp::Bltu,
        BranchOp::Bgeu,
    ] {
        let steps = by_opcode(op.opcode().family(), op.opcode());
        let rows = branch::fill(op, &steps, lookups);
        add(ComponentId::Branch(op), rows, &mut traces);
    }
    add(
        ComponentId::Jalr,
        jalr::fill(witness.family(Family::Jalr), lookups),
        &mut traces,
    );
    for (id, op, reg) in [
        (ComponentId::Sll, ShiftOp::Left, true),
        (ComponentId::Srl, ShiftOp::RightLogical, true),
        (ComponentId::Sra, ShiftOp::RightArithmetic, true),
        (ComponentId::Slli, ShiftOp::Left, false),
        (ComponentId::Srli, ShiftOp::RightLogical, false),
        (ComponentId::Srai, ShiftOp::RightArithmetic, false),
    ] {
        let air = shift::ShiftAir { op, reg };
        let opcode = air.opcode();
        let rows = shift::fill(&air, &by_opcode(opcode.family(), opcode), lookups);
        add(id, rows, &mut traces);
    }
    add(
        ComponentId::Lw,
        load::fill_word(witness.family(Family::LoadWord), lookups),
        &mut traces,
    );
    for (id, opcode, signed) in [
        (ComponentId::Lh, Opcode::Lh, true),
        (ComponentId::Lhu, Opcode::Lhu, false),
    ] {
        let rows = load::fill_half(&by_opcode(Family::LoadSub, opcode), signed, lookups);
        add(id, rows, &mut traces);
    }
    for (id, opcode, signed) in [
        (ComponentId::Lb, Opcode::Lb, true),
        (ComponentId::Lbu, Opcode::Lbu, false),
    ] {
        let rows = load::fill_byte(&by_opcode(Family::LoadSub, opcode), signed, lookups);
        add(id, rows, &mut traces);
    }
    add(
        ComponentId::Sw,
        store::fill_word(witness.family(Family::StoreWord), lookups),
        &mut traces,
    );
    add(
        ComponentId::Sh,
        store::fill_half(&by_opcode(Family::StoreSub, Opcode::Sh), lookups),
        &mut traces,
    );
    add(
        ComponentId::Sb,
        store::fill_byte(&by_opcode(Family::StoreSub, Opcode::Sb), lookups),
        &mut traces,
    );
    for op in [Opcode::Mul, Opcode::Mulh, Opcode::Mulhsu, Opcode::Mulhu] {
        let rows = super::components::mul::fill(op, &by_opcode(op.family(), op), lookups);
        add(super::components::mul::component_id(op), rows, &mut traces);
    }
    for op in [Opcode::Div, Opcode::Divu, Opcode::Rem, Opcode::Remu] {
        let steps = by_opcode(Family::DivRem, op);
        let rows = super::components::div_rem::fill(op, &steps, lookups);
        let id = super::components::div_rem::component_id(op);
        add(id, rows, &mut traces);
    }
    {
        // read and write calls, and the words they move.
        use super::components::{ecall_read, ecall_write, io};
        let reads = witness.family(Family::EcallRead);
        let writes = witness.family(Family::EcallWrite);
        for (id, private) in [
            (ComponentId::EcallReadPublic, false),
            (ComponentId::EcallReadPrivate, true),
        ] {
            add(id, ecall_read::fill(reads, private, lookups), &mut traces);
        }
        add(
            ComponentId::EcallWrite,
            ecall_write::fill(writes, lookups),
            &mut traces,
        );
        for (id, kind, steps) in [
            (ComponentId::IoPublicIn, io::IoKind::PublicIn, reads),
            (ComponentId::IoPrivateIn, io::IoKind::PrivateIn, reads),
            (ComponentId::IoOutput, io::IoKind::Output, writes),
        ] {
            add(id, io::fill(kind, steps, lookups), &mut traces);
        }
    }
    traces
}

/// The boundary and table components, after the last step: the ROM with every instruction's
/// execution count, the registers' and memory words' final values, and the lookup tables with
/// their multiplicities (`lookups` counted over the whole run).
pub(crate) fn boundary_traces(
    program: &Program,
    lookups: &Lookups,
    registers: &[FinalCell],
    ram: &[FinalCell],
    exit_code: u32,
) -> Vec<ComponentTrace> {
    let mut traces = Vec::new();
    let rom = rom::rom(program);
    traces.push(component(
        ComponentId::Program,
        program::fill(&rom, lookups),
        exit_code,
    ));
    traces.push(component(
        ComponentId::RegBoundary,
        reg_boundary::fill(registers),
        exit_code,
    ));
    let words: Vec<u32> = ram.iter().map(|c| c.addr).collect();
    for region in mem_region::choose_regions(&words) {
        traces.push(component(
            ComponentId::MemRegion(region),
            mem_region::fill(region, ram),
            exit_code,
        ));
    }
    traces.push(component(
        ComponentId::Rc16,
        tables::fill_rc16(lookups),
        exit_code,
    ));
    traces.push(component(
        ComponentId::And8,
        tables::fill_and8(lookups),
        exit_code,
    ));
    if lookups.shift_cfg.iter().any(|&m| m > 0) {
        let rows = shift::table::fill(lookups);
        traces.push(component(ComponentId::ShiftCfg, rows, exit_code));
    }
    traces
}

/// Checks every row of every trace on concrete values and the LogUp balance with fixed
/// challenges: a precise diagnosis (component, row, constraint) of a trace the STARK would
/// refuse with an opaque error. `io` is the statement's public input and claimed output.
#[cfg(test)]
pub(crate) fn check_traces(
    program: &Program,
    traces: &[ComponentTrace],
    exit_code: u32,
    cycles: u32,
    io: &super::public::PublicIo<'_>,
) -> Result<(), String> {
    let sum = check_rows(traces, exit_code)?;
    check_balance(program, sum, traces, cycles, io)
}

/// Checks every row of one segment's traces; returns their LogUp sum under the fixed test
/// challenges (`Bus::dummy`).
pub(crate) fn check_rows(
    traces: &[ComponentTrace],
    exit_code: u32,
) -> Result<stwo::core::fields::qm31::SecureField, String> {
    use super::bus::Bus;
    use super::preprocessed::Preprocessed;
    use num_traits::Zero;
    let bus = Bus::dummy();
    let preprocessed = Preprocessed::new();
    let mut sum = stwo::core::fields::qm31::SecureField::zero();
    for t in traces {
        let air = t.id.air(exit_code);
        sum += air
            .check_rows(t.log_size, &bus, &t.columns, &preprocessed)
            .map_err(|e| e.to_string())?;
    }
    Ok(sum)
}

/// Checks that `sum`, the LogUp sum of every segment's rows (`check_rows`), balances the
/// statement's public terms; `last` is the last segment's traces (the memory regions).
pub(crate) fn check_balance(
    program: &Program,
    sum: stwo::core::fields::qm31::SecureField,
    last: &[ComponentTrace],
    cycles: u32,
    io: &super::public::PublicIo<'_>,
) -> Result<(), String> {
    use super::bus::Bus;
    use num_traits::Zero;
    let regions: Vec<_> = last
        .iter()
        .filter_map(|t| match t.id {
            ComponentId::MemRegion(r) => Some(r),
            _ => None,
        })
        .collect();
    let total = sum + super::public::public_sum(&Bus::dummy(), program, cycles, &regions, io);
    if total.is_zero() {
        Ok(())
    } else {
        Err("the LogUp sums do not balance".into())
    }
}
