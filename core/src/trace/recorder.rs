//! The recording pass's observer.

use super::{BoundaryWord, EcallEvent, ExecutionRecord, StepEvent, Syscall, WordAccess};
use crate::emulator::{ExecStats, Observer};
use crate::isa::Family;
use crate::program::Program;

/// Collects events as the interpreter reports them.
pub(crate) struct Recorder {
    steps: Vec<Vec<StepEvent>>,
    ecalls: Vec<EcallEvent>,
    io_words: Vec<WordAccess>,
    io_start: u32,
}

impl Recorder {
    /// A recorder whose lists are allocated at the sizes a counting pass measured, if given.
    pub(crate) fn new(sizes: Option<&ExecStats>) -> Self {
        let rows = |family: Family| sizes.map_or(0, |s| s.rows(family) as usize);
        let steps = Family::ALL
            .iter()
            .map(|&f| Vec::with_capacity(rows(f)))
            .collect();
        let ecalls = [Family::EcallExit, Family::EcallRead, Family::EcallWrite].map(rows);
        Recorder {
            steps,
            ecalls: Vec::with_capacity(ecalls.iter().sum()),
            io_words: Vec::with_capacity(sizes.map_or(0, |s| s.io_words as usize)),
            io_start: 0,
        }
    }
}

impl Observer for Recorder {
    #[inline]
    fn step(&mut self, event: StepEvent) {
        self.steps[event.instruction.family() as usize].push(event);
    }

    fn io_word(&mut self, access: WordAccess) {
        self.io_words.push(access);
    }

    fn ecall(&mut self, clk: u32, pc: u32, call: Syscall) {
        let end = self.io_words.len() as u32;
        self.ecalls.push(EcallEvent {
            clk,
            pc,
            call,
            io_words: self.io_start..end,
        });
        self.io_start = end;
    }
}

impl Recorder {
    pub(crate) fn finish(
        self,
        program: &Program,
        memory: &crate::emulator::memory::Memory,
        final_registers: [u32; 32],
    ) -> ExecutionRecord {
        let memory_boundary = memory
            .touched()
            .map(|(word, last)| BoundaryWord {
                word,
                initial: program.initial_word(word),
                last,
            })
            .collect();
        ExecutionRecord {
            steps: self.steps,
            ecalls: self.ecalls,
            io_words: self.io_words,
            memory_boundary,
            final_registers,
        }
    }

    /// The events of one segment: no memory boundary (see `emulator::SegmentRecorder`).
    pub(crate) fn finish_segment(self, registers: [u32; 32]) -> ExecutionRecord {
        ExecutionRecord {
            steps: self.steps,
            ecalls: self.ecalls,
            io_words: self.io_words,
            memory_boundary: Vec::new(),
            final_registers: registers,
        }
    }
}
