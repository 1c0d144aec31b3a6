//! Test support for the AIR: run a program to its component traces, check them row by row,
//! tamper with named cells, and prove and verify what remains.
//!
//! A negative test builds an honest [`Case`], forges one or more cells the way a cheating
//! prover would, and calls [`Case::assert_rejected`]: both the row check (constraints and the
//! LogUp balance with fixed challenges) and the real prover + verifier must refuse it.

use super::components::ComponentId;
use super::public::PublicIo;
use super::trace::{build, check_traces, ComponentTrace};
use crate::emulator::{record, run, Execution, Input, RunOptions};
use crate::isa::{encode, Instruction, Opcode};
use crate::program::{Program, Segment};
use crate::prover::prove_segments;
use crate::verifier::verify_claim;
use stwo::core::fields::m31::BaseField;

/// `op rd, rs1, rs2, imm` with a signed immediate.
pub(crate) fn ins(op: Opcode, rd: u8, rs1: u8, rs2: u8, imm: i32) -> Instruction {
    Instruction::new(op, rd, rs1, rs2, imm as u32)
}

/// `rd := value` as LUI + ADDI.
pub(crate) fn li(rd: u8, value: u32) -> [Instruction; 2] {
    let upper = value.wrapping_add(0x800) & 0xffff_f000;
    [
        ins(Opcode::Lui, rd, 0, 0, upper as i32),
        ins(Opcode::Addi, rd, rd, 0, value.wrapping_sub(upper) as i32),
    ]
}

/// `exit(x[code_reg])`.
pub(crate) fn exit_with(code_reg: u8) -> [Instruction; 3] {
    [
        ins(Opcode::Addi, 10, code_reg, 0, 0),
        ins(Opcode::Addi, 17, 0, 0, 93),
        ins(Opcode::Ecall, 0, 0, 0, 0),
    ]
}

/// A program with `code` at 0x10000 and `data` at 0x20000.
pub(crate) fn program_with_data(code: &[Instruction], data: &[u8]) -> Program {
    let bytes: Vec<u8> = code.iter().flat_map(|i| encode(i).to_le_bytes()).collect();
    let mut segments = vec![Segment {
        vaddr: 0x1_0000,
        mem_size: bytes.len() as u32,
        data: bytes,
        executable: true,
    }];
    if !data.is_empty() {
        segments.push(Segment {
            vaddr: 0x2_0000,
            mem_size: 0x1000,
            data: data.to_vec(),
            executable: false,
        });
    }
    Program::new(0x1_0000, segments).unwrap_or_else(|e| panic!("{e}"))
}

/// A program made of `code` alone.
pub(crate) fn program(code: &[Instruction]) -> Program {
    program_with_data(code, &[])
}

/// A run of a program, turned into component traces.
pub(crate) struct Case {
    pub program: Program,
    pub public: Vec<u8>,
    pub execution: Execution,
    pub traces: Vec<ComponentTrace>,
}

impl Case {
    /// Runs `program` and builds its traces.
    pub(crate) fn new(program: Program, public: &[u8], private: &[u8]) -> Case {
        let input = Input { public, private };
        let options = RunOptions::default();
        let execution = run(&program, input, &options).unwrap_or_else(|e| panic!("{e}"));
        let (_, events) = record(&program, input, &options, None).unwrap_or_else(|e| panic!("{e}"));
        let public_len = public.len() as u32;
        let traces = build(&program, &events, execution.exit_code, public_len)
            .unwrap_or_else(|e| panic!("{e}"));
        Case {
            program,
            public: public.to_vec(),
            execution,
            traces,
        }
    }

    /// The trace of a component.
    pub(crate) fn trace(&mut self, id: ComponentId) -> &mut ComponentTrace {
        match self.traces.iter_mut().find(|t| t.id == id) {
            Some(t) => t,
            None => panic!("no {id:?} component in this case"),
        }
    }

    /// Reads cell (`column`, `row`) of a component.
    pub(crate) fn get(&mut self, id: ComponentId, column: &str, row: usize) -> u32 {
        let index = self.column_index(id, column);
        self.trace(id).columns[index][row].0
    }

    /// Overwrites cell (`column`, `row`) of a component.
    pub(crate) fn set(&mut self, id: ComponentId, column: &str, row: usize, value: u32) {
        let index = self.column_index(id, column);
        self.trace(id).columns[index][row] = BaseField::from(value);
    }

    fn column_index(&self, id: ComponentId, column: &str) -> usize {
        let names = id.air(self.execution.exit_code).columns();
        match names.iter().position(|n| *n == column) {
            Some(i) => i,
            None => panic!("{id:?} has no column {column}; it has {names:?}"),
        }
    }

    /// Row constraints of every component, then the LogUp balance with fixed challenges.
    pub(crate) fn check(&self) -> Result<(), String> {
        let e = &self.execution;
        let io = PublicIo {
            input: &self.public,
            input_read: e.stats.public_input_read as u32,
            output: &e.output,
        };
        check_traces(
            &self.program,
            &self.traces,
            e.exit_code,
            e.stats.cycles as u32,
            &io,
        )
    }

    /// Proves the (possibly tampered) traces and verifies the proof.
    pub(crate) fn prove_and_verify(&self) -> Result<(), String> {
        let e = &self.execution;
        let claim = (
            e.exit_code,
            e.output.clone(),
            e.stats.cycles as u32,
            e.stats.public_input_read as u32,
        );
        let proof = prove_segments(
            &self.program,
            &self.public,
            claim,
            vec![self.traces.clone()],
        )
        .map_err(|e| format!("prover refused: {e}"))?;
        verify_claim(&self.program, &self.public, &proof)
            .map(|_| ())
            .map_err(|e| format!("verifier rejected: {e}"))
    }

    /// Moves one use of the Rc16 table from entry `from` to `to`, keeping the multiplicities
    /// consistent with the lookups of a forged row (`None`: the forged entry is not in the
    /// table, so it stays unmatched).
    pub(crate) fn move_rc16(&mut self, from: u32, to: Option<u32>) {
        self.move_use(ComponentId::Rc16, from as usize, to.map(|t| t as usize));
    }

    /// [`Case::move_rc16`] for the And8 table (entries by (x, y)).
    pub(crate) fn move_and8(&mut self, from: (u32, u32), to: Option<(u32, u32)>) {
        let row = |(x, y): (u32, u32)| (x + 256 * y) as usize;
        self.move_use(ComponentId::And8, row(from), to.map(row));
    }

    fn move_use(&mut self, table: ComponentId, from: usize, to: Option<usize>) {
        let m = self.get(table, "mult", from);
        self.set(table, "mult", from, m - 1);
        if let Some(to) = to {
            let m = self.get(table, "mult", to);
            self.set(table, "mult", to, m + 1);
        }
    }

    /// The forgery is refused, and the row check names `reason` (a failing constraint, or the
    /// LogUp imbalance when only a lookup or a memory tuple catches it).
    pub(crate) fn assert_rejected_by(&self, reason: &str) {
        match self.check() {
            Ok(()) => panic!("the row check accepted a forged trace"),
            Err(e) => assert!(e.contains(reason), "rejected for another reason: {e}"),
        }
        self.assert_rejected();
    }

    /// The honest case passes both checks.
    pub(crate) fn assert_accepted(&self) {
        if let Err(e) = self.check() {
            panic!("honest trace fails the row check: {e}");
        }
        if let Err(e) = self.prove_and_verify() {
            panic!("honest trace does not prove: {e}");
        }
    }

    /// A forged case fails both the row check and proving + verification.
    pub(crate) fn assert_rejected(&self) {
        assert!(
            self.check().is_err(),
            "the row check accepted a forged trace"
        );
        assert!(
            self.prove_and_verify().is_err(),
            "a forged trace proved and verified"
        );
    }
}
