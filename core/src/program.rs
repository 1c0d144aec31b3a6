//! [`Program`]: a loaded RV32IM executable, the unit a PocketVM proof is about.
//!
//! A program is its entry point, its loadable segments (the initial memory image) and the
//! decoded instructions of its executable segments. It is built by [`Program::from_elf`]
//! (see [`crate::elf`]), which validates everything the emulator and prover rely on.

use crate::isa::Instruction;

/// Executable bytes must lie below this address (air-blueprint §4: the prover reserves the
/// odd "pc" values 1 and 3 and everything at or above this limit for its own markers).
pub const PC_LIMIT: u32 = 0x7f00_0000;

/// The value of the stack pointer (x2) when a program starts; every other register starts at
/// zero. Runtimes normally set their own stack pointer in `_start`.
pub const STACK_TOP: u32 = 0x7fff_fff0;

/// One loadable segment of the memory image.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    /// First byte address.
    pub vaddr: u32,
    /// Size in memory; bytes past `data.len()` start as zero (`.bss`).
    pub mem_size: u32,
    /// The bytes the file gives for the start of the segment.
    pub data: Vec<u8>,
    /// Whether the segment holds code (ELF `PF_X`).
    pub executable: bool,
}

impl Segment {
    /// One past the last byte address (fits in a `u64` even at the top of memory).
    pub fn end(&self) -> u64 {
        u64::from(self.vaddr) + u64::from(self.mem_size)
    }
}

/// A validated RV32IM program: entry point, memory image and decoded code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    pub(crate) entry: u32,
    pub(crate) code_base: u32,
    /// One decoded instruction per 4-byte word of `[code_base, code_base + 4 * len)`. Words that
    /// are not RV32IM (data in `.text`, gaps between executable segments) are
    /// [`crate::isa::Opcode::Invalid`] and fail only if executed.
    pub(crate) instructions: Vec<Instruction>,
    pub(crate) segments: Vec<Segment>,
}

impl Program {
    /// The address of the first instruction executed.
    pub fn entry(&self) -> u32 {
        self.entry
    }

    /// The byte range covered by executable segments: `[start, end)`.
    pub fn code_range(&self) -> core::ops::Range<u32> {
        self.code_base..self.code_base + 4 * self.instructions.len() as u32
    }

    /// The decoded instruction at `pc`, if `pc` is a 4-aligned address inside the code range.
    #[inline]
    pub fn instruction_at(&self, pc: u32) -> Option<&Instruction> {
        if pc & 3 != 0 {
            return None;
        }
        self.instructions
            .get((pc.wrapping_sub(self.code_base) >> 2) as usize)
    }

    /// All decoded instructions with their addresses, in address order.
    pub fn instructions(&self) -> impl Iterator<Item = (u32, &Instruction)> + '_ {
        (self.code_base..).step_by(4).zip(self.instructions.iter())
    }

    /// The loadable segments, sorted by address and pairwise disjoint.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The initial value of the aligned word at byte address `4 * word_index` (zero outside
    /// every segment's file bytes).
    pub fn initial_word(&self, word_index: u32) -> u32 {
        let addr = u64::from(word_index) * 4;
        let mut bytes = [0u8; 4];
        for segment in &self.segments {
            let start = u64::from(segment.vaddr);
            let data_end = start + segment.data.len() as u64;
            if addr + 4 <= start || addr >= data_end {
                continue;
            }
            for (k, byte) in bytes.iter_mut().enumerate() {
                let a = addr + k as u64;
                if a >= start && a < data_end {
                    *byte = segment.data[(a - start) as usize];
                }
            }
        }
        u32::from_le_bytes(bytes)
    }
}
