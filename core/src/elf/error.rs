//! The ways an ELF file can be unusable.

/// Why an ELF file cannot be loaded as an RV32IM program. Each variant names one cause.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ElfError {
    /// The file does not start with the ELF magic bytes.
    #[error("not an ELF file (bad magic bytes)")]
    NotElf,
    /// The file ends before its headers do.
    #[error("truncated ELF file")]
    Truncated,
    /// A 64-bit ELF file.
    #[error("64-bit ELF file; PocketVM runs 32-bit RV32IM programs")]
    Not32Bit,
    /// A big-endian ELF file.
    #[error("big-endian ELF file; RISC-V programs are little-endian")]
    BigEndian,
    /// A header field the parser could not accept (the field or reason is named).
    #[error("malformed ELF file: bad {0}")]
    Malformed(&'static str),
    /// `e_machine` is not RISC-V.
    #[error("ELF machine {0} is not RISC-V (243)")]
    WrongMachine(u16),
    /// Not an `ET_EXEC` executable (object files, shared objects and PIE are refused).
    #[error("ELF type {0} is not a static executable (ET_EXEC); link with -static, without -pie")]
    NotExecutable(u16),
    /// The file has a dynamic section or an interpreter.
    #[error("dynamically linked ELF file; link statically")]
    DynamicallyLinked,
    /// The ELF flags say the code may contain compressed instructions.
    #[error("the ELF flags allow compressed (RVC) instructions; build for rv32im without C")]
    CompressedCode,
    /// A floating-point or RV32E ABI.
    #[error("unsupported ABI (ELF flags {0:#x}); build for ilp32 (soft float), not RV32E")]
    UnsupportedAbi(u32),
    /// No `PT_LOAD` segment with a nonzero size.
    #[error("no loadable segments")]
    NoLoadableSegments,
    /// More than [`crate::elf::MAX_SEGMENTS`] loadable segments.
    #[error("too many loadable segments (at most {})", crate::elf::MAX_SEGMENTS)]
    TooManySegments,
    /// A segment's file size is larger than its memory size.
    #[error("segment {index}: file size exceeds memory size")]
    FileSizeExceedsMemSize {
        /// Program header index.
        index: usize,
    },
    /// A segment's file bytes lie (partly) outside the file.
    #[error("segment {index}: file bytes lie outside the file (truncated file?)")]
    SegmentOutsideFile {
        /// Program header index.
        index: usize,
    },
    /// A segment does not fit below 2^32.
    #[error("segment {index}: does not fit in the 32-bit address space")]
    SegmentOutsideAddressSpace {
        /// Program header index.
        index: usize,
    },
    /// Two loadable segments share addresses.
    #[error("segments at {first:#010x} and {second:#010x} overlap")]
    OverlappingSegments {
        /// Start of the lower segment.
        first: u32,
        /// Start of the higher segment.
        second: u32,
    },
    /// The memory image is larger than [`crate::elf::MAX_IMAGE_BYTES`].
    #[error("memory image larger than {} bytes", crate::elf::MAX_IMAGE_BYTES)]
    ImageTooLarge,
    /// No executable segment.
    #[error("no executable segment")]
    NoCode,
    /// An executable segment does not start on a 4-byte boundary.
    #[error("executable segment at {0:#010x} is not 4-byte aligned")]
    MisalignedCode(u32),
    /// An executable segment reaches [`crate::program::PC_LIMIT`] or beyond.
    #[error("executable segment at {0:#010x} reaches above {limit:#010x}", limit = crate::program::PC_LIMIT)]
    CodeAbovePcLimit(u32),
    /// The executable segments span more than [`crate::elf::MAX_CODE_BYTES`].
    #[error("code spans more than {} bytes", crate::elf::MAX_CODE_BYTES)]
    CodeTooLarge,
    /// A data segment lies between executable segments.
    #[error("data segment at {0:#010x} lies between executable segments")]
    DataInsideCode(u32),
    /// The entry point is not a 4-aligned address inside an executable segment.
    #[error("entry point {0:#010x} is not an aligned address inside the code")]
    EntryOutsideCode(u32),
}

impl ElfError {
    pub(crate) fn parse(error: elf::ParseError) -> ElfError {
        use elf::ParseError as P;
        match error {
            P::SliceReadError(_) | P::BadOffset(_) => ElfError::Truncated,
            P::BadMagic(_) => ElfError::NotElf,
            P::UnsupportedElfClass(_) => ElfError::Malformed("class"),
            P::UnsupportedElfEndianness(_) => ElfError::Malformed("data encoding"),
            P::UnsupportedVersion(_) => ElfError::Malformed("version"),
            P::BadEntsize(_) => ElfError::Malformed("header entry size"),
            P::IntegerOverflow => ElfError::Malformed("header offsets (overflow)"),
            _ => ElfError::Malformed("headers"),
        }
    }
}
