//! The RV32IM emulator, in two passes over the same interpreter loop.
//!
//! - [`run`], the **counting pass**: executes the program as fast as it can and reports the
//!   result with [`ExecStats`] (cycles, rows per instruction family, touched memory words),
//!   which size the prover's trace. It fails early on any execution error.
//! - [`record`], the **recording pass**: executes it again and also returns an
//!   [`ExecutionRecord`] of typed events for the prover; [`SegmentRecorder`] does the same a
//!   segment of cycles at a time, so the events of a long run never are all in memory.
//!
//! Semantics follow the RISC-V unprivileged specification for RV32IM, user level, one hart:
//! writes to x0 are discarded; shift amounts are masked to 5 bits; division by zero gives
//! all ones (DIV/DIVU) or the dividend (REM/REMU); `i32::MIN / -1` gives `i32::MIN` with
//! remainder 0; FENCE is a no-op. Half-word and word accesses must be naturally aligned, jumps
//! must land on 4-aligned code addresses: each of these is an [`ExecError`] naming the pc, as
//! is EBREAK, an illegal instruction or an unknown system call. Instructions are always
//! fetched from the program as loaded: a store into the code range changes the data a load
//! sees there, never the instructions that run (no self-modifying code). All registers start at zero except sp = [`crate::program::STACK_TOP`];
//! memory starts as the program's image and is zero elsewhere.

mod error;
mod machine;
pub(crate) mod memory;
mod syscall;

pub use error::ExecError;

use crate::isa::Family;
use crate::program::Program;
use crate::trace::{ExecutionRecord, Recorder, StepEvent, Syscall, WordAccess};
use machine::Machine;
use syscall::Io;

/// The default cycle budget: 2^26 instructions.
pub const DEFAULT_MAX_CYCLES: u64 = 1 << 26;
/// The default memory budget: 1 GiB of touched pages.
pub const DEFAULT_MAX_MEMORY_BYTES: u64 = 1 << 30;
/// Input streams, single `read`/`write` lengths and the total output are shorter than this
/// (2^24 bytes): the prover range-checks lengths and stream positions with 24 bits.
pub const MAX_IO_LEN: u64 = 1 << 24;

/// Limits for one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunOptions {
    /// Stop with [`ExecError::CycleLimit`] after this many instructions.
    pub max_cycles: u64,
    /// Stop with [`ExecError::MemoryLimit`] when touched pages would exceed this many bytes.
    pub max_memory_bytes: u64,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            max_cycles: DEFAULT_MAX_CYCLES,
            max_memory_bytes: DEFAULT_MAX_MEMORY_BYTES,
        }
    }
}

/// The two input streams a program reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Input<'a> {
    /// Public input (fd 0): part of the statement a proof makes.
    pub public: &'a [u8],
    /// Private input (fd 3): known only to the prover.
    pub private: &'a [u8],
}

/// What the counting pass measured: the sizes the prover's trace will have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExecStats {
    /// Instructions executed, including the final `exit` call.
    pub cycles: u64,
    /// Instructions executed per [`Family`] (indexed by `family as usize`).
    pub rows: [u64; Family::COUNT],
    /// Distinct memory words the run read or wrote.
    pub touched_words: u64,
    /// Bytes of emulator pages allocated (64 KiB pages, initial image included).
    pub memory_bytes: u64,
    /// Public input bytes consumed.
    pub public_input_read: u64,
    /// Private input bytes consumed.
    pub private_input_read: u64,
    /// Memory words moved by `read` and public `write` calls (one prover row each).
    pub io_words: u64,
}

impl ExecStats {
    /// Instructions executed in one family.
    pub fn rows(&self, family: Family) -> u64 {
        self.rows[family as usize]
    }
}

/// The result of a run that reached `exit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Execution {
    /// The code passed to `exit`.
    pub exit_code: u32,
    /// Bytes written to fd 1.
    pub output: Vec<u8>,
    /// Bytes written to fd 2 (not part of any statement).
    pub debug: Vec<u8>,
    /// Sizes for the prover.
    pub stats: ExecStats,
}

/// Receives what the interpreter does, one call per event. The counting pass uses
/// [`NoTrace`], whose empty methods compile away.
pub(crate) trait Observer {
    /// After every instruction other than ECALL.
    fn step(&mut self, event: StepEvent);
    /// For each memory word a system call moves, before its [`Observer::ecall`].
    fn io_word(&mut self, access: WordAccess);
    /// After each system call.
    fn ecall(&mut self, clk: u32, pc: u32, call: Syscall);
}

/// The counting pass's observer: records nothing.
struct NoTrace;

impl Observer for NoTrace {
    #[inline(always)]
    fn step(&mut self, _: StepEvent) {}
    #[inline(always)]
    fn io_word(&mut self, _: WordAccess) {}
    #[inline(always)]
    fn ecall(&mut self, _: u32, _: u32, _: Syscall) {}
}

/// Counting pass: runs `program` to its `exit` call and reports output, exit code and sizes.
pub fn run(
    program: &Program,
    input: Input<'_>,
    options: &RunOptions,
) -> Result<Execution, ExecError> {
    count(program, input, options, false).map(|(execution, _)| execution)
}

/// The prover's counting pass: [`run`], plus every memory word the run touched (in address
/// order), from which the prover knows its memory regions before recording anything.
#[cfg(feature = "prover")]
pub(crate) fn run_touched(
    program: &Program,
    input: Input<'_>,
    options: &RunOptions,
) -> Result<(Execution, Vec<u32>), ExecError> {
    count(program, input, options, true)
}

/// The counting pass, with the touched words if `touched`.
fn count(
    program: &Program,
    input: Input<'_>,
    options: &RunOptions,
    touched: bool,
) -> Result<(Execution, Vec<u32>), ExecError> {
    let mut machine = Machine::new(program, Io::new(input.public, input.private)?, options)?;
    let halt = machine.run(options.max_cycles, &mut NoTrace)?;
    let stats = machine.stats();
    let words = if touched {
        machine.memory.touched().map(|(word, _)| word).collect()
    } else {
        Vec::new()
    };
    let execution = Execution {
        exit_code: halt.exit_code,
        output: machine.io.output,
        debug: machine.io.debug,
        stats,
    };
    Ok((execution, words))
}

/// Recording pass: runs `program` like [`run`] and also returns the events the prover needs.
///
/// `sizes`, the [`ExecStats`] of a counting pass over the same program and input, lets the
/// recorder allocate every event list once at its final size (without it the lists grow as
/// they fill, which is slower and peaks higher). Cycle numbers in the record are `u32`, so
/// `options.max_cycles` is capped at 2^32.
pub fn record(
    program: &Program,
    input: Input<'_>,
    options: &RunOptions,
    sizes: Option<&ExecStats>,
) -> Result<(Execution, ExecutionRecord), ExecError> {
    let mut machine = Machine::new(program, Io::new(input.public, input.private)?, options)?;
    let mut recorder = Recorder::new(sizes);
    let halt = machine.run(options.max_cycles.min(1 << 32), &mut recorder)?;
    let stats = machine.stats();
    let record = recorder.finish(program, &machine.memory, machine.regs);
    let execution = Execution {
        exit_code: halt.exit_code,
        output: machine.io.output,
        debug: machine.io.debug,
        stats,
    };
    Ok((execution, record))
}

/// The recording pass a segment at a time: each [`SegmentRecorder::next`] call runs at most a
/// given number of cycles from where the previous one stopped and returns that segment's
/// events. Cycle numbers (`clk`) stay global. The record of a segment has no memory boundary
/// (`memory_boundary` is empty): the prover tracks cells itself.
pub struct SegmentRecorder<'a> {
    machine: Machine<'a>,
    max_cycles: u64,
    exit_code: Option<u32>,
    failed: bool,
}

impl std::fmt::Debug for SegmentRecorder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SegmentRecorder")
            .field("clk", &self.machine.clk)
            .field("exit_code", &self.exit_code)
            .finish()
    }
}

impl<'a> SegmentRecorder<'a> {
    /// A recorder at the start of a run of `program` on `input`.
    pub fn new(
        program: &'a Program,
        input: Input<'a>,
        options: &RunOptions,
    ) -> Result<SegmentRecorder<'a>, ExecError> {
        Ok(SegmentRecorder {
            machine: Machine::new(program, Io::new(input.public, input.private)?, options)?,
            max_cycles: options.max_cycles.min(1 << 32),
            exit_code: None,
            failed: false,
        })
    }

    /// Records the next segment of at most `cycles` instructions; `None` once the program has
    /// exited.
    pub fn next(&mut self, cycles: u64) -> Result<Option<ExecutionRecord>, ExecError> {
        if self.exit_code.is_some() {
            return Ok(None);
        }
        let mut recorder = Recorder::new(None);
        let pause = self.machine.clk.saturating_add(cycles.max(1));
        let halt = self
            .machine
            .run_until(self.max_cycles, pause, &mut recorder)?;
        self.exit_code = halt.map(|h| h.exit_code);
        Ok(Some(recorder.finish_segment(self.machine.regs)))
    }

    /// Like [`SegmentRecorder::next`], for tools that inspect a run: when an instruction fails,
    /// the events of the steps before it come back with the error, instead of the error alone.
    /// `None` once the program has exited or failed.
    pub fn next_or_partial(&mut self, cycles: u64) -> Option<(ExecutionRecord, Option<ExecError>)> {
        if self.exit_code.is_some() || self.failed {
            return None;
        }
        let mut recorder = Recorder::new(None);
        let pause = self.machine.clk.saturating_add(cycles.max(1));
        let result = self
            .machine
            .run_until(self.max_cycles, pause, &mut recorder);
        let error = match result {
            Ok(halt) => {
                self.exit_code = halt.map(|h| h.exit_code);
                None
            }
            Err(error) => {
                self.failed = true;
                Some(error)
            }
        };
        Some((recorder.finish_segment(self.machine.regs), error))
    }

    /// Instructions executed so far.
    pub fn cycles(&self) -> u64 {
        self.machine.clk
    }

    /// The exit code, once the program has exited.
    pub fn exit_code(&self) -> Option<u32> {
        self.exit_code
    }
}

#[cfg(test)]
mod tests;
