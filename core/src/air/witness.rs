//! From an execution record to what the components fill their rows with: every register and
//! RAM access of every step, with the value and timestamp it replaces (offline memory
//! checking), the final state of every register and memory word, and the lookup counts the
//! tables need.
//!
//! Timestamps: an access in cycle `clk` at slot `s` has `ts = 3·clk + s + 1`
//! (`gadgets::timestamp_value`). Within one step, rs1 is read at slot 0, rs2 at slot 1, RAM is
//! accessed at slot 1 (another space) and rd is written at slot 2, so accesses to one address
//! are strictly ordered even when registers repeat. Timestamp 0 is the initial value of every
//! cell, before every access (the first cycle's rs1 read included); an access that would not
//! come strictly after the one before it is a `WitnessError::TimestampOrder`, never a proof.

use super::bus::{SPACE_RAM, SPACE_REG};
use super::cells::{self, SINK_REG};
use super::gadgets::timestamp_value;
use crate::isa::{Family, Opcode};
use crate::program::{Program, STACK_TOP};
use crate::trace::{EcallEvent, ExecutionRecord, StepEvent, Syscall, WordAccess};
use std::collections::HashMap;

pub use super::cells::REG_CELLS;

/// Largest timestamp step ts − prev_ts one access can bridge (`gadgets::access`: 2^29). Every
/// timestamp of a run within the cycle cap is below it, so no run of the cap has a longer gap.
pub const MAX_TS_GAP: u32 = super::gadgets::MAX_ACCESS_GAP;

/// One memory access, resolved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Access {
    pub space: u32,
    pub addr: u32,
    pub prev_value: u32,
    pub value: u32,
    pub prev_ts: u32,
    pub ts: u32,
}

/// A step (instruction or system call) with its accesses, in the order its component makes
/// them.
#[derive(Clone, Debug)]
pub(crate) struct StepWitness {
    pub clk: u32,
    pub pc: u32,
    pub next_pc: u32,
    pub step: Option<StepEvent>,
    /// The system call, for ECALL steps (the I/O components read its arguments).
    #[allow(dead_code)]
    pub ecall: Option<Syscall>,
    pub accesses: Vec<Access>,
}

/// A memory cell's final value and timestamp.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct FinalCell {
    pub addr: u32,
    pub value: u32,
    pub ts: u32,
}

/// Why a run cannot be proven (yet) although it executed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WitnessError {
    /// A memory cell went untouched for more than 2^29 timestamps: impossible within the cycle
    /// cap (`prover::MAX_PROVABLE_CYCLES`), which the prover checks first.
    #[error("{space} cell {addr:#x} is untouched from timestamp {from} to {to}; gaps above 2^29 cannot be proven")]
    TimestampGap {
        /// "register" or "RAM word".
        space: &'static str,
        /// Register number or word index.
        addr: u32,
        /// Previous timestamp.
        from: u32,
        /// Next timestamp.
        to: u32,
    },
    /// An access would not come strictly after the one before it on the same cell (a bug in
    /// PocketVM's witness builder, reported instead of producing a proof that fails).
    #[error("internal error: cell {addr:#x} accessed at timestamp {to}, not after {from}")]
    TimestampOrder {
        /// Register cell or word index.
        addr: u32,
        /// Previous timestamp.
        from: u32,
        /// Next timestamp.
        to: u32,
    },
    /// The run uses an instruction family the AIR does not prove yet.
    #[error("{0} instructions are not provable yet")]
    Unsupported(&'static str),
}

/// The steps of a run or a segment with their accesses resolved, grouped by family (what the
/// instruction and I/O components fill their rows with).
#[derive(Debug, Default)]
pub(crate) struct Witness {
    /// Steps per family (indexed by `Family as usize`), in cycle order.
    pub families: Vec<Vec<StepWitness>>,
}

/// The (space, addr, value after, slot) accesses a step makes, in component order.
fn planned(step: &StepEvent) -> Vec<(u32, u32, u32, u32)> {
    use Opcode::*;
    let inst = step.instruction;
    let rd = if inst.rd == 0 {
        SINK_REG
    } else {
        u32::from(inst.rd)
    };
    let (rs1, rs2) = (u32::from(inst.rs1), u32::from(inst.rs2));
    let (reads_rs1, reads_rs2, writes_rd) = match inst.opcode {
        Lui | Auipc | Jal | Fence => (false, false, true),
        Addi | Slti | Sltiu | Xori | Ori | Andi | Slli | Srli | Srai | Jalr => (true, false, true),
        Lb | Lh | Lw | Lbu | Lhu => (true, false, true),
        Beq | Bne | Blt | Bge | Bltu | Bgeu | Sb | Sh | Sw => (true, true, false),
        Ecall | Ebreak | Invalid => (false, false, false),
        _ => (true, true, true),
    };
    let mut accesses = Vec::with_capacity(3);
    if reads_rs1 {
        accesses.push((SPACE_REG, rs1, step.rs1_value, 0));
    }
    if reads_rs2 {
        accesses.push((SPACE_REG, rs2, step.rs2_value, 1));
    }
    if let Some(memory) = step.memory {
        accesses.push((SPACE_RAM, memory.word, memory.after, 1));
    }
    if writes_rd {
        accesses.push((SPACE_REG, rd, step.rd_value, 2));
    }
    accesses
}

/// The lengths the I/O registers start from: the public input's (the verifier knows it) and
/// the private input's as the proof fixes it (the bytes the run consumed, which every read
/// agrees with).
#[derive(Clone, Copy, Debug, Default)]
struct Streams {
    public_len: u32,
    private_len: u32,
}

/// The accesses of a system call, in component order. `read` and `write`
/// (`components::ecall_read`, `ecall_write`, `io`): a7, a1, a2 at slot 0, a0 and the stream's
/// register at slot 2, then every word of the buffer at the RAM slot 1 (none for fd 2).
fn planned_ecall(
    ecall: &EcallEvent,
    io_words: &[WordAccess],
    streams: Streams,
) -> Vec<(u32, u32, u32, u32)> {
    let (a7, buf, len, a0, register, register_value, words) = match ecall.call {
        Syscall::Exit { code } => return vec![(SPACE_REG, 17, 93, 0), (SPACE_REG, 10, code, 0)],
        Syscall::Read {
            fd,
            buf,
            len,
            read,
            position,
        } => {
            let (register, value) = if fd == 0 {
                (
                    cells::PUBLIC_INPUT_REG,
                    streams.public_len - position - read,
                )
            } else {
                let left = streams.private_len - position - read;
                (cells::PRIVATE_INPUT_REG, left | cells::PRIVATE_STARTED)
            };
            (63, buf, len, read, register, value, true)
        }
        Syscall::Write {
            fd,
            buf,
            len,
            position,
            ..
        } => {
            let register = if fd == 1 {
                cells::OUTPUT_REG
            } else {
                cells::DEBUG_REG
            };
            (64, buf, len, len, register, position + len, fd == 1)
        }
    };
    let mut accesses = vec![
        (SPACE_REG, 17, a7, 0),
        (SPACE_REG, 11, buf, 0),
        (SPACE_REG, 12, len, 0),
        (SPACE_REG, 10, a0, 2),
        (SPACE_REG, register, register_value, 2),
    ];
    if words {
        let range = ecall.io_words.start as usize..ecall.io_words.end as usize;
        for word in io_words.get(range).unwrap_or_default() {
            accesses.push((SPACE_RAM, word.word, word.after, 1));
        }
    }
    accesses
}

/// Current value and timestamp of every cell.
struct Cells<'p> {
    program: &'p Program,
    registers: Vec<(u32, u32)>,
    ram: HashMap<u32, (u32, u32)>,
}

impl Cells<'_> {
    fn access(
        &mut self,
        space: u32,
        addr: u32,
        value: u32,
        ts: u32,
    ) -> Result<Access, WitnessError> {
        let cell = if space == SPACE_REG {
            &mut self.registers[addr as usize % REG_CELLS]
        } else {
            let program = self.program;
            self.ram
                .entry(addr)
                .or_insert_with(|| (program.initial_word(addr), 0))
        };
        let (prev_value, prev_ts) = *cell;
        if ts <= prev_ts {
            // The AIR requires ts > t_old: an unverifiable proof must never be made.
            return Err(WitnessError::TimestampOrder {
                addr,
                from: prev_ts,
                to: ts,
            });
        }
        if ts - prev_ts > MAX_TS_GAP {
            let space = if space == SPACE_REG {
                "register"
            } else {
                "RAM word"
            };
            return Err(WitnessError::TimestampGap {
                space,
                addr,
                from: prev_ts,
                to: ts,
            });
        }
        *cell = (value, ts);
        Ok(Access {
            space,
            addr,
            prev_value,
            value,
            prev_ts,
            ts,
        })
    }
}

/// Resolves accesses a segment at a time: it carries every cell's current value and timestamp
/// from one segment to the next, so a segment's first access to a cell replaces the tuple the
/// last access before it (in any earlier segment) left.
pub(crate) struct WitnessBuilder<'p> {
    cells: Cells<'p>,
    streams: Streams,
}

impl<'p> WitnessBuilder<'p> {
    /// The state before the first cycle of a run on a public input of `public_input_len` bytes
    /// that consumes `private_input_read` bytes of private input in all.
    pub(crate) fn new(
        program: &'p Program,
        public_input_len: u32,
        private_input_read: u32,
    ) -> WitnessBuilder<'p> {
        let mut registers = vec![(0u32, 0u32); REG_CELLS];
        registers[2].0 = STACK_TOP;
        registers[cells::PUBLIC_INPUT_REG as usize].0 = public_input_len;
        WitnessBuilder {
            cells: Cells {
                program,
                registers,
                ram: HashMap::new(),
            },
            streams: Streams {
                public_len: public_input_len,
                private_len: private_input_read,
            },
        }
    }

    /// The steps of the next segment's record, per family, with their accesses resolved.
    pub(crate) fn steps(
        &mut self,
        record: &ExecutionRecord,
    ) -> Result<Vec<Vec<StepWitness>>, WitnessError> {
        let (cells, streams) = (&mut self.cells, self.streams);
        // All steps in cycle order: (clk, family, index in its list) with ecalls as family COUNT.
        let mut order: Vec<(u32, usize, usize)> = Vec::new();
        for (family, steps) in record.steps.iter().enumerate() {
            order.extend(steps.iter().enumerate().map(|(i, s)| (s.clk, family, i)));
        }
        order.extend(
            record
                .ecalls
                .iter()
                .enumerate()
                .map(|(i, e)| (e.clk, Family::COUNT, i)),
        );
        order.sort_unstable();

        let mut families: Vec<Vec<StepWitness>> = (0..Family::COUNT).map(|_| Vec::new()).collect();
        for (clk, family, index) in order {
            if family < Family::COUNT {
                let step = record.steps[family][index];
                let mut accesses = Vec::with_capacity(3);
                for (space, addr, value, slot) in planned(&step) {
                    accesses.push(cells.access(space, addr, value, timestamp_value(clk, slot))?);
                }
                families[family].push(StepWitness {
                    clk,
                    pc: step.pc,
                    next_pc: step.next_pc,
                    step: Some(step),
                    ecall: None,
                    accesses,
                });
            } else {
                let ecall = &record.ecalls[index];
                let mut accesses = Vec::new();
                for (space, addr, value, slot) in planned_ecall(ecall, &record.io_words, streams) {
                    accesses.push(cells.access(space, addr, value, timestamp_value(clk, slot))?);
                }
                let family = match ecall.call {
                    Syscall::Exit { .. } => Family::EcallExit,
                    Syscall::Read { .. } => Family::EcallRead,
                    Syscall::Write { .. } => Family::EcallWrite,
                };
                families[family as usize].push(StepWitness {
                    clk,
                    pc: ecall.pc,
                    next_pc: ecall.pc.wrapping_add(4),
                    step: None,
                    ecall: Some(ecall.call),
                    accesses,
                });
            }
        }
        Ok(families)
    }

    /// Every register's final value and timestamp (by register cell), and every RAM word's
    /// that was touched or is nonzero in the image (by address), after the last segment.
    pub(crate) fn finish(mut self) -> (Vec<FinalCell>, Vec<FinalCell>) {
        let program = self.cells.program;
        // Every nonzero word of the image needs a boundary row too, touched or not.
        for segment in program.segments() {
            let first = segment.vaddr / 4;
            let last = (segment.vaddr as u64 + segment.data.len() as u64).div_ceil(4) as u32;
            for word in first..last {
                let initial = program.initial_word(word);
                if initial != 0 {
                    self.cells.ram.entry(word).or_insert((initial, 0));
                }
            }
        }
        let registers = self
            .cells
            .registers
            .iter()
            .enumerate()
            .map(|(r, &(value, ts))| FinalCell {
                addr: r as u32,
                value,
                ts,
            })
            .collect();
        let mut ram: Vec<FinalCell> = self
            .cells
            .ram
            .iter()
            .map(|(&addr, &(value, ts))| FinalCell { addr, value, ts })
            .collect();
        ram.sort_unstable_by_key(|c| c.addr);
        (registers, ram)
    }
}

impl Witness {
    /// The steps of one family.
    pub(crate) fn family(&self, family: Family) -> &[StepWitness] {
        self.families
            .get(family as usize)
            .map_or(&[], Vec::as_slice)
    }
}

/// How often each table entry is looked up, gathered while rows are filled.
#[derive(Clone, Debug)]
pub(crate) struct Lookups {
    pub rc16: Vec<u32>,
    pub and8: Vec<u32>,
    pub prog: HashMap<u32, u32>,
    /// ShiftCfg table uses, by row 32·dir + s.
    pub shift_cfg: Vec<u32>,
}

impl Default for Lookups {
    fn default() -> Self {
        Lookups {
            rc16: vec![0; 1 << 16],
            and8: vec![0; 1 << 16],
            prog: HashMap::new(),
            shift_cfg: vec![0; 64],
        }
    }
}

impl Lookups {
    /// Counts a use of Rc16(v).
    pub(crate) fn rc16(&mut self, v: u32) {
        self.rc16[(v & 0xffff) as usize] += 1;
    }

    /// Counts a use of And8(x, y, x & y).
    pub(crate) fn and8(&mut self, x: u32, y: u32) {
        self.and8[((x & 0xff) | (y & 0xff) << 8) as usize] += 1;
    }

    /// Counts a use of the ShiftCfg entry of a shift by `s` to the right (`right`) or left.
    pub(crate) fn shift_cfg(&mut self, right: bool, s: u32) {
        self.shift_cfg[(u32::from(right) * 32 + (s & 31)) as usize] += 1;
    }

    /// Counts an instruction fetch at `pc`.
    pub(crate) fn prog(&mut self, pc: u32) {
        *self.prog.entry(pc).or_default() += 1;
    }
}

#[cfg(all(test, feature = "prover"))]
mod tests {
    use super::*;
    use crate::air::testing::{exit_with, program};

    fn cells(program: &Program) -> Cells<'_> {
        Cells {
            program,
            registers: vec![(0, 0); REG_CELLS],
            ram: HashMap::new(),
        }
    }

    #[test]
    fn an_access_must_come_after_the_last_one() {
        let program = program(&exit_with(0));
        let mut cells = cells(&program);
        let first = cells.access(SPACE_REG, 5, 9, timestamp_value(0, 0));
        assert_eq!(first.map(|a| (a.prev_ts, a.ts)), Ok((0, 1)));
        // The same timestamp again, then an earlier one: internal errors, not proofs.
        for ts in [1, 0] {
            assert_eq!(
                cells.access(SPACE_REG, 5, 9, ts),
                Err(WitnessError::TimestampOrder {
                    addr: 5,
                    from: 1,
                    to: ts
                })
            );
        }
    }

    #[test]
    fn gaps_up_to_two_to_the_29_are_provable() {
        let program = program(&exit_with(0));
        let mut cells = cells(&program);
        // The longest gap a run within the cycle cap can have, and the largest the AIR takes.
        let last = timestamp_value((crate::prover::MAX_PROVABLE_CYCLES - 1) as u32, 2);
        assert!(last <= MAX_TS_GAP);
        assert!(cells.access(SPACE_RAM, 100, 1, last).is_ok());
        assert!(cells.access(SPACE_REG, 6, 1, MAX_TS_GAP).is_ok());
        let err = cells.access(SPACE_REG, 7, 1, MAX_TS_GAP + 1);
        assert!(
            matches!(err, Err(WitnessError::TimestampGap { .. })),
            "{err:?}"
        );
    }
}
