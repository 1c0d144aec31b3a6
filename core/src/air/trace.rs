//! Assembling every component's main trace from a run (prover side).

use super::components::{
    add_imm, add_sub, constant, ecall_exit, mem_region, program, reg_boundary,
};
use super::components::{tables, ComponentId};
use super::gadgets::{columns_from_rows, log_size_for};
use super::rom;
use super::witness::{Lookups, StepWitness, Witness, WitnessError};
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
const SUPPORTED: [Family; 5] = [
    Family::AddSub,
    Family::AddImm,
    Family::Const,
    Family::EcallExit,
    Family::Unprovable,
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

/// Every component's trace for a run that exited with `exit_code`, in commitment order.
pub(crate) fn build(
    program: &Program,
    record: &ExecutionRecord,
    exit_code: u32,
) -> Result<Vec<ComponentTrace>, WitnessError> {
    for family in Family::ALL {
        if !SUPPORTED.contains(&family) && !record.family(family).is_empty() {
            return Err(WitnessError::Unsupported(family.name()));
        }
    }
    if record
        .ecalls
        .iter()
        .any(|e| !matches!(e.call, crate::trace::Syscall::Exit { .. }))
    {
        return Err(WitnessError::Unsupported("read/write system call"));
    }
    let witness = Witness::new(program, record)?;
    let mut lookups = Lookups::default();
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
        add_sub::fill(&by_opcode(Family::AddSub, Opcode::Add), &mut lookups),
        &mut traces,
    );
    add(
        ComponentId::Sub,
        add_sub::fill(&by_opcode(Family::AddSub, Opcode::Sub), &mut lookups),
        &mut traces,
    );
    add(
        ComponentId::AddImm,
        add_imm::fill(witness.family(Family::AddImm), &mut lookups),
        &mut traces,
    );
    add(
        ComponentId::Const,
        constant::fill(witness.family(Family::Const), &mut lookups),
        &mut traces,
    );
    add(
        ComponentId::EcallExit,
        ecall_exit::fill(witness.family(Family::EcallExit), &mut lookups),
        &mut traces,
    );

    // Boundaries and tables, which turn the recorded lookups into multiplicities.
    let rom = rom::rom(program);
    traces.push(component(
        ComponentId::Program,
        program::fill(&rom, &lookups),
        exit_code,
    ));
    traces.push(component(
        ComponentId::RegBoundary,
        reg_boundary::fill(&witness.registers),
        exit_code,
    ));
    let words: Vec<u32> = witness.ram.iter().map(|c| c.addr).collect();
    for region in mem_region::choose_regions(&words) {
        traces.push(component(
            ComponentId::MemRegion(region),
            mem_region::fill(region, &witness.ram),
            exit_code,
        ));
    }
    traces.push(component(
        ComponentId::Rc16,
        tables::fill_rc16(&lookups),
        exit_code,
    ));
    traces.push(component(
        ComponentId::And8,
        tables::fill_and8(&lookups),
        exit_code,
    ));
    Ok(traces)
}

/// Checks every row of every trace on concrete values and the LogUp balance with fixed
/// challenges: a precise diagnosis (component, row, constraint) of a trace the STARK would
/// refuse with an opaque error.
pub(crate) fn check_traces(
    program: &Program,
    traces: &[ComponentTrace],
    exit_code: u32,
    cycles: u32,
) -> Result<(), String> {
    use super::bus::Bus;
    use super::preprocessed::Preprocessed;
    use num_traits::Zero;
    let bus = Bus::dummy();
    let preprocessed = Preprocessed::new();
    let mut sum = stwo::core::fields::qm31::SecureField::zero();
    let mut regions = Vec::new();
    for t in traces {
        if let ComponentId::MemRegion(r) = t.id {
            regions.push(r);
        }
        let air = t.id.air(exit_code);
        sum += air
            .check_rows(t.log_size, &bus, &t.columns, &preprocessed)
            .map_err(|e| e.to_string())?;
    }
    sum += super::public::public_sum(&bus, program, cycles, &regions);
    if sum.is_zero() {
        Ok(())
    } else {
        Err("the LogUp sums do not balance".into())
    }
}
