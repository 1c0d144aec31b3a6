//! What the inspection commands (`trace`, `profile`) share: the guest's arguments, its symbols
//! with readable names, and a replay of its run through the emulator's recording pass, a
//! stretch of cycles at a time.

use crate::{read_file, read_optional, Failure};
use clap::Args;
use pocketvm_core::elf::Symbols;
use pocketvm_core::emulator::SegmentRecorder;
use pocketvm_core::{ExecError, ExecutionRecord, Input, Program, RunOptions};
use std::path::PathBuf;

/// The program to inspect and its inputs.
#[derive(Args, Debug)]
pub(crate) struct GuestArgs {
    /// The RV32IM ELF executable.
    pub(crate) elf: PathBuf,
    /// File with the public input (fd 0); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub(crate) input: Option<PathBuf>,
    /// File with the private input (fd 3).
    #[arg(long, value_name = "FILE")]
    pub(crate) private_input: Option<PathBuf>,
    /// Stop with an error after this many instructions.
    #[arg(long, value_name = "N", default_value_t = pocketvm_core::emulator::DEFAULT_MAX_CYCLES)]
    pub(crate) max_cycles: u64,
}

/// A loaded guest: its program, symbols and inputs.
pub(crate) struct Guest {
    pub(crate) program: Program,
    pub(crate) symbols: Symbols,
    public: Vec<u8>,
    private: Vec<u8>,
    max_cycles: u64,
}

/// Events are recorded this many cycles at a time, so memory stays small on long runs.
const CHUNK_CYCLES: u64 = 1 << 16;

impl Guest {
    /// Reads the ELF (program and symbols) and the input files.
    pub(crate) fn load(args: &GuestArgs) -> Result<Guest, Failure> {
        let bytes = read_file(&args.elf, "ELF file")?;
        let bad_elf =
            |e: pocketvm_core::ElfError| Failure::usage(format!("{}: {e}", args.elf.display()));
        let program = Program::from_elf(&bytes).map_err(bad_elf)?;
        let symbols = Symbols::from_elf(&bytes).map_err(bad_elf)?;
        Ok(Guest {
            program,
            symbols,
            public: read_optional(&args.input, "input file")?,
            private: read_optional(&args.private_input, "private input file")?,
            max_cycles: args.max_cycles,
        })
    }

    /// The readable name of the code at `pc` (`?` where no symbol covers it) and the offset.
    pub(crate) fn name_at(&self, pc: u32) -> (String, u32) {
        match self.symbols.lookup(pc) {
            Some((symbol, offset)) => (demangle(&symbol.name), offset),
            None => ("?".to_string(), pc),
        }
    }

    /// Runs the program from its start and hands `visit` each recorded stretch of cycles in
    /// order, until `visit` returns false or the program exits. An execution error ends the
    /// replay after the stretch that holds every step before the failing instruction.
    pub(crate) fn replay(
        &self,
        mut visit: impl FnMut(&ExecutionRecord) -> bool,
    ) -> Result<Replay, Failure> {
        let input = Input {
            public: &self.public,
            private: &self.private,
        };
        let options = RunOptions {
            max_cycles: self.max_cycles,
            ..RunOptions::default()
        };
        let mut recorder = SegmentRecorder::new(&self.program, input, &options)
            .map_err(|e| Failure::execution(&e))?;
        loop {
            match recorder.next_or_partial(CHUNK_CYCLES) {
                None => break,
                Some((record, error)) => {
                    let more = visit(&record);
                    if let Some(error) = error {
                        return Ok(Replay {
                            cycles: recorder.cycles(),
                            error: Some(error),
                        });
                    }
                    if !more {
                        return Ok(Replay {
                            cycles: recorder.cycles(),
                            error: None,
                        });
                    }
                }
            }
        }
        Ok(Replay {
            cycles: recorder.cycles(),
            error: None,
        })
    }
}

/// How a replay ended.
pub(crate) struct Replay {
    /// Cycles executed (up to where the replay stopped).
    pub(crate) cycles: u64,
    /// The execution error that ended the run, if any.
    pub(crate) error: Option<ExecError>,
}

/// A symbol name as a person reads it: Rust names demangled (without the hash), others as they
/// are.
pub(crate) fn demangle(name: &str) -> String {
    format!("{:#}", rustc_demangle::demangle(name))
}
