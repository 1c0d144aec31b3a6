//! What the recording pass produces: typed events, grouped by instruction family.
//!
//! The record says what happened in a run (which instruction ran at which cycle, the values it
//! read and wrote, every memory word a system call moved, the first and last value of every
//! touched memory word) and nothing about how the prover lays it out in columns.

mod events;
mod recorder;

pub use events::{BoundaryWord, EcallEvent, StepEvent, Syscall, WordAccess};
pub(crate) use recorder::Recorder;

use crate::isa::Family;

/// Everything the recording pass saw in one run, grouped for the prover.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecutionRecord {
    /// One list per [`Family`] (indexed by `family as usize`), in cycle order. The ECALL
    /// families are empty here: system calls are in [`ExecutionRecord::ecalls`].
    pub steps: Vec<Vec<StepEvent>>,
    /// Every system call, in cycle order.
    pub ecalls: Vec<EcallEvent>,
    /// The memory words that system calls read or wrote, referenced by [`EcallEvent::io_words`].
    pub io_words: Vec<WordAccess>,
    /// Every memory word the run touched, with its initial and final value, by address.
    pub memory_boundary: Vec<BoundaryWord>,
    /// The registers when the program exited.
    pub final_registers: [u32; 32],
}

impl ExecutionRecord {
    /// The steps of one family.
    pub fn family(&self, family: Family) -> &[StepEvent] {
        self.steps.get(family as usize).map_or(&[], Vec::as_slice)
    }
}

/// One executed instruction of a record: an ordinary step or a system call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event<'a> {
    /// An instruction other than ECALL.
    Step(&'a StepEvent),
    /// A system call.
    Ecall(&'a EcallEvent),
}

impl Event<'_> {
    /// The cycle it ran at.
    pub fn clk(&self) -> u32 {
        match self {
            Event::Step(s) => s.clk,
            Event::Ecall(e) => e.clk,
        }
    }

    /// Its address.
    pub fn pc(&self) -> u32 {
        match self {
            Event::Step(s) => s.pc,
            Event::Ecall(e) => e.pc,
        }
    }
}

impl ExecutionRecord {
    /// Every executed instruction of the record, in cycle order (the record keeps them by
    /// family, for the prover).
    pub fn in_order(&self) -> Vec<Event<'_>> {
        let mut events: Vec<Event<'_>> = self
            .steps
            .iter()
            .flatten()
            .map(Event::Step)
            .chain(self.ecalls.iter().map(Event::Ecall))
            .collect();
        events.sort_unstable_by_key(Event::clk);
        events
    }

    /// The memory words a system call moved.
    pub fn io_words_of(&self, ecall: &EcallEvent) -> &[WordAccess] {
        self.io_words
            .get(ecall.io_words.start as usize..ecall.io_words.end as usize)
            .unwrap_or_default()
    }
}
