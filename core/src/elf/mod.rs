//! Loading RV32IM executables.
//!
//! [`Program::from_elf`] accepts a statically linked, 32-bit, little-endian RISC-V `ET_EXEC`
//! file without compressed instructions and with the soft-float ABI. It reads only the file
//! header and the program headers (symbols and sections are ignored: [`Symbols`] reads them for
//! tools), and it checks every
//! property later stages rely on, so a [`Program`] is always well formed:
//! - loadable segments lie inside the file, are disjoint and fit in the 32-bit address space;
//! - the whole image is at most [`MAX_IMAGE_BYTES`]; there are at most [`MAX_SEGMENTS`];
//! - executable segments are 4-aligned, lie below [`PC_LIMIT`], span at most [`MAX_CODE_BYTES`]
//!   and no data segment lies between them;
//! - the entry point is a 4-aligned address inside the code.

mod error;
mod symbols;

pub use error::ElfError;
pub use symbols::{Symbol, Symbols};

use crate::isa::{decode, Instruction, Opcode};
use crate::program::{Program, Segment, PC_LIMIT};
use elf::endian::AnyEndian;
use elf::ElfBytes;

/// At most this many loadable segments.
pub const MAX_SEGMENTS: usize = 64;
/// At most this many bytes of memory image in all (file bytes plus zero-filled `.bss`).
pub const MAX_IMAGE_BYTES: u64 = 1 << 30;
/// The executable segments span at most this many bytes (4 M instructions).
pub const MAX_CODE_BYTES: u64 = 1 << 24;

const EM_RISCV: u16 = 243;
const ET_EXEC: u16 = 2;
const PT_LOAD: u32 = 1;
const PT_DYNAMIC: u32 = 2;
const PT_INTERP: u32 = 3;
const PF_X: u32 = 1;
const EF_RISCV_RVC: u32 = 0x1;
const EF_RISCV_FLOAT_ABI: u32 = 0x6;
const EF_RISCV_RVE: u32 = 0x8;

impl Program {
    /// Loads and validates an RV32IM ELF executable. Never panics: every defect of the input is
    /// an [`ElfError`] naming its cause.
    pub fn from_elf(bytes: &[u8]) -> Result<Program, ElfError> {
        check_ident(bytes)?;
        let file = ElfBytes::<AnyEndian>::minimal_parse(bytes).map_err(ElfError::parse)?;
        let header = &file.ehdr;
        if header.e_machine != EM_RISCV {
            return Err(ElfError::WrongMachine(header.e_machine));
        }
        if header.e_type != ET_EXEC {
            return Err(ElfError::NotExecutable(header.e_type));
        }
        if header.e_flags & EF_RISCV_RVC != 0 {
            return Err(ElfError::CompressedCode);
        }
        if header.e_flags & (EF_RISCV_FLOAT_ABI | EF_RISCV_RVE) != 0 {
            return Err(ElfError::UnsupportedAbi(header.e_flags));
        }
        let entry = u32::try_from(header.e_entry).map_err(|_| ElfError::Malformed("entry"))?;

        let table = file.segments().ok_or(ElfError::NoLoadableSegments)?;
        let mut segments = Vec::new();
        for (index, ph) in table.iter().enumerate() {
            match ph.p_type {
                PT_DYNAMIC | PT_INTERP => return Err(ElfError::DynamicallyLinked),
                PT_LOAD if ph.p_memsz > 0 => {}
                _ => continue,
            }
            if segments.len() == MAX_SEGMENTS {
                return Err(ElfError::TooManySegments);
            }
            if ph.p_filesz > ph.p_memsz {
                return Err(ElfError::FileSizeExceedsMemSize { index });
            }
            let end = ph.p_vaddr.checked_add(ph.p_memsz);
            if end.is_none_or(|end| end > 1 << 32) {
                return Err(ElfError::SegmentOutsideAddressSpace { index });
            }
            if ph.p_memsz > MAX_IMAGE_BYTES {
                return Err(ElfError::ImageTooLarge);
            }
            let data = usize::try_from(ph.p_offset)
                .ok()
                .zip(usize::try_from(ph.p_filesz).ok())
                .and_then(|(offset, size)| bytes.get(offset..offset.checked_add(size)?))
                .ok_or(ElfError::SegmentOutsideFile { index })?;
            segments.push(Segment {
                vaddr: ph.p_vaddr as u32,
                mem_size: ph.p_memsz as u32,
                data: data.to_vec(),
                executable: ph.p_flags & PF_X != 0,
            });
        }
        Program::new(entry, segments)
    }

    /// Builds a program from an entry point and loadable segments (in any order), with the
    /// same checks [`Program::from_elf`] makes on them.
    pub fn new(entry: u32, mut segments: Vec<Segment>) -> Result<Program, ElfError> {
        if segments.len() > MAX_SEGMENTS {
            return Err(ElfError::TooManySegments);
        }
        for (index, segment) in segments.iter().enumerate() {
            if segment.data.len() as u64 > u64::from(segment.mem_size) {
                return Err(ElfError::FileSizeExceedsMemSize { index });
            }
            if segment.end() > 1 << 32 {
                return Err(ElfError::SegmentOutsideAddressSpace { index });
            }
        }
        segments.retain(|s| s.mem_size > 0);
        build_program(entry, segments)
    }
}

/// Checks the identification bytes ourselves, so that the common mistakes (not an ELF, a 64-bit
/// or big-endian file) get their own error rather than a generic parse failure.
fn check_ident(bytes: &[u8]) -> Result<(), ElfError> {
    if bytes.len() < 4 || bytes[..4] != *b"\x7fELF" {
        return Err(ElfError::NotElf);
    }
    match bytes.get(4) {
        Some(1) => {}
        Some(2) => return Err(ElfError::Not32Bit),
        Some(_) => return Err(ElfError::Malformed("class")),
        None => return Err(ElfError::Truncated),
    }
    match bytes.get(5) {
        Some(1) => Ok(()),
        Some(2) => Err(ElfError::BigEndian),
        Some(_) => Err(ElfError::Malformed("data encoding")),
        None => Err(ElfError::Truncated),
    }
}

fn build_program(entry: u32, mut segments: Vec<Segment>) -> Result<Program, ElfError> {
    if segments.is_empty() {
        return Err(ElfError::NoLoadableSegments);
    }
    segments.sort_by_key(|s| s.vaddr);
    let total: u64 = segments.iter().map(|s| u64::from(s.mem_size)).sum();
    if total > MAX_IMAGE_BYTES {
        return Err(ElfError::ImageTooLarge);
    }
    for pair in segments.windows(2) {
        if pair[0].end() > u64::from(pair[1].vaddr) {
            return Err(ElfError::OverlappingSegments {
                first: pair[0].vaddr,
                second: pair[1].vaddr,
            });
        }
    }

    let code: Vec<&Segment> = segments.iter().filter(|s| s.executable).collect();
    let (Some(first), Some(last)) = (code.first(), code.last()) else {
        return Err(ElfError::NoCode);
    };
    for segment in &code {
        if segment.vaddr % 4 != 0 {
            return Err(ElfError::MisalignedCode(segment.vaddr));
        }
        if segment.end() > u64::from(PC_LIMIT) {
            return Err(ElfError::CodeAbovePcLimit(segment.vaddr));
        }
    }
    let (code_start, code_end) = (first.vaddr, last.end().next_multiple_of(4));
    if code_end - u64::from(code_start) > MAX_CODE_BYTES {
        return Err(ElfError::CodeTooLarge);
    }
    if let Some(data) = segments
        .iter()
        .find(|s| !s.executable && s.end() > u64::from(code_start) && u64::from(s.vaddr) < code_end)
    {
        return Err(ElfError::DataInsideCode(data.vaddr));
    }

    let words = ((code_end - u64::from(code_start)) / 4) as usize;
    let invalid = |word: u32| Instruction::new(Opcode::Invalid, 0, 0, 0, word);
    let mut instructions = vec![invalid(0); words];
    for segment in &code {
        let base = ((segment.vaddr - code_start) / 4) as usize;
        // Bytes past the file size are zero: the all-zero word is not an instruction.
        for (k, chunk) in segment.data.chunks(4).enumerate() {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            let word = u32::from_le_bytes(word);
            instructions[base + k] = decode(word).unwrap_or(invalid(word));
        }
    }

    let program = Program {
        entry,
        code_base: code_start,
        instructions,
        segments,
    };
    if program.instruction_at(entry).is_none() {
        return Err(ElfError::EntryOutsideCode(entry));
    }
    Ok(program)
}

#[cfg(test)]
mod tests;
