//! The RV32IM interpreter loop, shared by both passes.
//!
//! [`Machine::run`] is generic over an [`Observer`]: the counting pass passes one whose methods
//! are empty (and compile away), the recording pass one that stores events.

use super::memory::{Memory, OutOfMemory};
use super::syscall::Io;
use super::{ExecError, ExecStats, Observer, RunOptions};
use crate::isa::{Family, Opcode};
use crate::program::{Program, STACK_TOP};
use crate::trace::{StepEvent, WordAccess};

/// Architectural state plus the I/O streams of one run.
pub(crate) struct Machine<'a> {
    pub(crate) program: &'a Program,
    pub(crate) regs: [u32; 32],
    pub(crate) pc: u32,
    pub(crate) clk: u64,
    pub(crate) memory: Memory,
    pub(crate) io: Io<'a>,
    pub(crate) rows: [u64; Family::COUNT],
    pub(crate) memory_limit: u64,
}

/// How a run ended.
pub(crate) struct Halt {
    pub(crate) exit_code: u32,
}

impl<'a> Machine<'a> {
    pub(crate) fn new(
        program: &'a Program,
        io: Io<'a>,
        options: &RunOptions,
    ) -> Result<Machine<'a>, ExecError> {
        let memory_limit = options.max_memory_bytes;
        let memory = Memory::new(program, memory_limit).map_err(|_| ExecError::MemoryLimit {
            pc: program.entry(),
            limit_bytes: memory_limit,
        })?;
        let mut regs = [0u32; 32];
        regs[2] = STACK_TOP;
        Ok(Machine {
            program,
            regs,
            pc: program.entry(),
            clk: 0,
            memory,
            io,
            rows: [0; Family::COUNT],
            memory_limit,
        })
    }

    pub(crate) fn out_of_memory(&self, _: OutOfMemory) -> ExecError {
        ExecError::MemoryLimit {
            pc: self.pc,
            limit_bytes: self.memory_limit,
        }
    }

    /// Runs until `exit` or an error. `self.pc` is always the pc of the instruction being run,
    /// so errors can name it.
    pub(crate) fn run<O: Observer>(
        &mut self,
        max_cycles: u64,
        observer: &mut O,
    ) -> Result<Halt, ExecError> {
        match self.run_until(max_cycles, u64::MAX, observer)? {
            Some(halt) => Ok(halt),
            None => Err(ExecError::CycleLimit {
                limit: max_cycles,
                pc: self.pc,
            }),
        }
    }

    /// Runs until `exit` (`Some`), an error, or until `clk` reaches `pause` (`None`: the
    /// machine stops before the instruction at `self.pc` and can go on with another call).
    pub(crate) fn run_until<O: Observer>(
        &mut self,
        max_cycles: u64,
        pause: u64,
        observer: &mut O,
    ) -> Result<Option<Halt>, ExecError> {
        let program = self.program;
        let mut from = self.pc;
        let stop = max_cycles.min(pause);
        loop {
            let pc = self.pc;
            let Some(&inst) = program.instruction_at(pc) else {
                return Err(if pc & 3 != 0 {
                    ExecError::MisalignedPc { pc, from }
                } else {
                    ExecError::PcOutsideCode { pc, from }
                });
            };
            if self.clk >= stop {
                if self.clk < max_cycles {
                    return Ok(None);
                }
                return Err(ExecError::CycleLimit {
                    limit: max_cycles,
                    pc,
                });
            }
            let a = self.regs[(inst.rs1 & 31) as usize];
            let b = self.regs[(inst.rs2 & 31) as usize];
            let imm = inst.imm;
            let mut next_pc = pc.wrapping_add(4);
            let mut memory = None;
            use Opcode::*;
            let value: u32 = match inst.opcode {
                Add => a.wrapping_add(b),
                Sub => a.wrapping_sub(b),
                Sll => a << (b & 31),
                Slt => u32::from((a as i32) < (b as i32)),
                Sltu => u32::from(a < b),
                Xor => a ^ b,
                Srl => a >> (b & 31),
                Sra => ((a as i32) >> (b & 31)) as u32,
                Or => a | b,
                And => a & b,
                Addi => a.wrapping_add(imm),
                Slti => u32::from((a as i32) < (imm as i32)),
                Sltiu => u32::from(a < imm),
                Xori => a ^ imm,
                Ori => a | imm,
                Andi => a & imm,
                Slli => a << (imm & 31),
                Srli => a >> (imm & 31),
                Srai => ((a as i32) >> (imm & 31)) as u32,
                Lui => imm,
                Auipc => pc.wrapping_add(imm),
                Jal => {
                    next_pc = pc.wrapping_add(imm);
                    pc.wrapping_add(4)
                }
                Jalr => {
                    next_pc = a.wrapping_add(imm) & !1;
                    pc.wrapping_add(4)
                }
                Beq | Bne | Blt | Bge | Bltu | Bgeu => {
                    let taken = match inst.opcode {
                        Beq => a == b,
                        Bne => a != b,
                        Blt => (a as i32) < (b as i32),
                        Bge => (a as i32) >= (b as i32),
                        Bltu => a < b,
                        _ => a >= b,
                    };
                    if taken {
                        next_pc = pc.wrapping_add(imm);
                    }
                    0
                }
                Lb | Lh | Lw | Lbu | Lhu => {
                    let addr = a.wrapping_add(imm);
                    let size = match inst.opcode {
                        Lw => 4,
                        Lh | Lhu => 2,
                        _ => 1,
                    };
                    if addr & (size - 1) != 0 {
                        return Err(ExecError::MisalignedAccess { pc, addr, size });
                    }
                    let word = self
                        .memory
                        .read(addr >> 2)
                        .map_err(|e| self.out_of_memory(e))?;
                    memory = Some(WordAccess {
                        word: addr >> 2,
                        before: word,
                        after: word,
                    });
                    let shifted = word >> (8 * (addr & 3));
                    match inst.opcode {
                        Lb => shifted as i8 as i32 as u32,
                        Lh => shifted as i16 as i32 as u32,
                        Lbu => shifted & 0xff,
                        Lhu => shifted & 0xffff,
                        _ => word,
                    }
                }
                Sb | Sh | Sw => {
                    let addr = a.wrapping_add(imm);
                    let size = match inst.opcode {
                        Sw => 4,
                        Sh => 2,
                        _ => 1,
                    };
                    if addr & (size - 1) != 0 {
                        return Err(ExecError::MisalignedAccess { pc, addr, size });
                    }
                    let shift = 8 * (addr & 3);
                    let mask = (u32::MAX >> (32 - 8 * size)) << shift;
                    let word = addr >> 2;
                    let before = self.memory.read(word).map_err(|e| self.out_of_memory(e))?;
                    let after = (before & !mask) | ((b << shift) & mask);
                    self.memory
                        .write(word, after)
                        .map_err(|e| self.out_of_memory(e))?;
                    memory = Some(WordAccess {
                        word,
                        before,
                        after,
                    });
                    0
                }
                Fence => 0,
                Mul => a.wrapping_mul(b),
                Mulh => ((i64::from(a as i32) * i64::from(b as i32)) >> 32) as u32,
                Mulhsu => ((i64::from(a as i32) * i64::from(b)) >> 32) as u32,
                Mulhu => ((u64::from(a) * u64::from(b)) >> 32) as u32,
                Div => match (a as i32, b as i32) {
                    (_, 0) => u32::MAX,
                    (x, y) => x.wrapping_div(y) as u32,
                },
                Divu => a.checked_div(b).unwrap_or(u32::MAX),
                Rem => match (a as i32, b as i32) {
                    (x, 0) => x as u32,
                    (x, y) => x.wrapping_rem(y) as u32,
                },
                Remu => a.checked_rem(b).unwrap_or(a),
                Ecall => {
                    let (family, halt) = self.ecall(observer)?;
                    self.rows[family as usize] += 1;
                    self.clk += 1;
                    if let Some(halt) = halt {
                        return Ok(Some(halt));
                    }
                    from = pc;
                    self.pc = pc.wrapping_add(4);
                    continue;
                }
                Ebreak => return Err(ExecError::Ebreak { pc }),
                Invalid => return Err(ExecError::IllegalInstruction { pc, word: imm }),
            };
            self.regs[(inst.rd & 31) as usize] = value;
            self.regs[0] = 0;
            self.rows[inst.opcode.family() as usize] += 1;
            observer.step(StepEvent {
                clk: self.clk as u32,
                pc,
                next_pc,
                instruction: inst,
                rs1_value: a,
                rs2_value: b,
                rd_value: value,
                memory,
            });
            self.clk += 1;
            from = pc;
            self.pc = next_pc;
        }
    }

    pub(crate) fn stats(&self) -> ExecStats {
        ExecStats {
            cycles: self.clk,
            rows: self.rows,
            touched_words: self.memory.touched_count(),
            memory_bytes: self.memory.allocated_bytes(),
            public_input_read: self.io.public_pos as u64,
            private_input_read: self.io.private_pos as u64,
            io_words: self.io.words_moved,
        }
    }
}
