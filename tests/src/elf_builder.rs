//! A tiny writer of ELF executables, from the System V ABI's ELF format description
//! (file header, program header table, segment bytes; no sections).
//!
//! [`ElfBuilder`] describes a file field by field. Its defaults describe a well-formed
//! 32-bit little-endian RISC-V `ET_EXEC` file with soft-float ABI flags (0); every field is
//! public, so a test can make exactly one of them wrong. [`ElfBuilder::program`] builds the
//! layout that both PocketVM and qemu-user run: code at [`CODE_BASE`] (R+X) and data in its own
//! page (R+W), `p_align` = 0x1000 and file offsets congruent to the virtual addresses modulo
//! 0x1000 (qemu-user maps segments with `mmap`, which needs that).
//!
//! The writer can also produce a 64-bit (ELFCLASS64) or big-endian file with the matching
//! layouts and byte order, for the loader's class and byte order checks.

/// `e_machine` of RISC-V.
pub const EM_RISCV: u16 = 243;
/// `e_machine` of x86-64, a machine that is not RISC-V.
pub const EM_X86_64: u16 = 62;
/// Relocatable object file.
pub const ET_REL: u16 = 1;
/// Executable file.
pub const ET_EXEC: u16 = 2;
/// Shared object (also position-independent executables).
pub const ET_DYN: u16 = 3;
/// Unused program header entry.
pub const PT_NULL: u32 = 0;
/// Loadable segment.
pub const PT_LOAD: u32 = 1;
/// Dynamic linking information.
pub const PT_DYNAMIC: u32 = 2;
/// Path of the program interpreter (dynamic loader).
pub const PT_INTERP: u32 = 3;
/// Auxiliary information.
pub const PT_NOTE: u32 = 4;
/// Segment flag: executable.
pub const PF_X: u32 = 1;
/// Segment flag: writable.
pub const PF_W: u32 = 2;
/// Segment flag: readable.
pub const PF_R: u32 = 4;
/// RISC-V `e_flags`: the code may contain compressed instructions.
pub const EF_RISCV_RVC: u32 = 0x1;
/// RISC-V `e_flags`: single-precision float ABI.
pub const EF_RISCV_FLOAT_ABI_SINGLE: u32 = 0x2;
/// RISC-V `e_flags`: double-precision float ABI.
pub const EF_RISCV_FLOAT_ABI_DOUBLE: u32 = 0x4;
/// RISC-V `e_flags`: quad-precision float ABI.
pub const EF_RISCV_FLOAT_ABI_QUAD: u32 = 0x6;
/// RISC-V `e_flags`: RV32E ABI.
pub const EF_RISCV_RVE: u32 = 0x8;

/// Where test programs put their code.
pub const CODE_BASE: u32 = 0x0001_0000;
/// Page size the loader layout respects.
pub const PAGE: u32 = 0x1000;

/// Size of the ELF32 file header.
pub const EHDR32_SIZE: usize = 52;
/// Size of one ELF32 program header.
pub const PHDR32_SIZE: usize = 32;
/// Size of the ELF64 file header.
pub const EHDR64_SIZE: usize = 64;
/// Size of one ELF64 program header.
pub const PHDR64_SIZE: usize = 56;

/// `EI_CLASS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// ELFCLASS32, 32-bit fields.
    Elf32,
    /// ELFCLASS64, 64-bit fields.
    Elf64,
}

/// `EI_DATA`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endian {
    /// ELFDATA2LSB.
    Little,
    /// ELFDATA2MSB.
    Big,
}

/// One program header entry and the bytes it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentSpec {
    /// `p_type`.
    pub p_type: u32,
    /// `p_vaddr` (and `p_paddr`).
    pub vaddr: u64,
    /// The file bytes; `p_filesz` is their length unless overridden.
    pub data: Vec<u8>,
    /// `p_memsz`.
    pub mem_size: u64,
    /// `p_flags` (`PF_R | PF_W | PF_X` bits).
    pub flags: u32,
    /// `p_align`; the builder places the data at an offset congruent to `vaddr` modulo this.
    pub align: u64,
    /// Writes this `p_offset` instead of the real offset of the data (the data are still
    /// written where they would have gone).
    pub offset_override: Option<u64>,
    /// Writes this `p_filesz` instead of `data.len()`.
    pub file_size_override: Option<u64>,
}

impl SegmentSpec {
    /// A `PT_LOAD` segment with page alignment.
    pub fn load(vaddr: u32, data: Vec<u8>, mem_size: u32, flags: u32) -> SegmentSpec {
        SegmentSpec {
            p_type: PT_LOAD,
            vaddr: u64::from(vaddr),
            data,
            mem_size: u64::from(mem_size),
            flags,
            align: u64::from(PAGE),
            offset_override: None,
            file_size_override: None,
        }
    }

    /// An R+X `PT_LOAD` segment holding `words` as little-endian instruction words.
    pub fn code(vaddr: u32, words: &[u32]) -> SegmentSpec {
        let data: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        let size = data.len() as u32;
        SegmentSpec::load(vaddr, data, size, PF_R | PF_X)
    }

    /// An R+W `PT_LOAD` segment: `data`, then zeros up to `mem_size`.
    pub fn data(vaddr: u32, data: Vec<u8>, mem_size: u32) -> SegmentSpec {
        SegmentSpec::load(vaddr, data, mem_size, PF_R | PF_W)
    }

    /// A non-loadable entry (`PT_INTERP`, `PT_NOTE`, ...) holding `data`, at address 0.
    pub fn other(p_type: u32, data: Vec<u8>) -> SegmentSpec {
        let size = data.len() as u64;
        SegmentSpec {
            p_type,
            vaddr: 0,
            data,
            mem_size: size,
            flags: PF_R,
            align: 1,
            offset_override: None,
            file_size_override: None,
        }
    }

    /// Sets `p_align`.
    pub fn with_align(mut self, align: u64) -> SegmentSpec {
        self.align = align;
        self
    }

    /// Sets `p_memsz`.
    pub fn with_mem_size(mut self, mem_size: u64) -> SegmentSpec {
        self.mem_size = mem_size;
        self
    }

    /// Writes `offset` as `p_offset`.
    pub fn with_offset(mut self, offset: u64) -> SegmentSpec {
        self.offset_override = Some(offset);
        self
    }

    /// Writes `size` as `p_filesz`.
    pub fn with_file_size(mut self, size: u64) -> SegmentSpec {
        self.file_size_override = Some(size);
        self
    }
}

/// An ELF file, field by field. [`ElfBuilder::default`] is a valid header with no segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElfBuilder {
    /// Field sizes and layout (and `EI_CLASS`, unless `class_byte` overrides it).
    pub class: Class,
    /// Byte order (and `EI_DATA`, unless `data_byte` overrides it).
    pub endian: Endian,
    /// Writes this `EI_CLASS` byte instead of the one `class` implies.
    pub class_byte: Option<u8>,
    /// Writes this `EI_DATA` byte instead of the one `endian` implies.
    pub data_byte: Option<u8>,
    /// `EI_VERSION` (1).
    pub ident_version: u8,
    /// `e_type`.
    pub e_type: u16,
    /// `e_machine`.
    pub machine: u16,
    /// `e_version` (1).
    pub version: u32,
    /// `e_entry`.
    pub entry: u64,
    /// `e_flags`.
    pub flags: u32,
    /// Writes this `e_phentsize` instead of the class's program header size.
    pub phentsize_override: Option<u16>,
    /// Writes this `e_phnum` instead of the number of segments.
    pub phnum_override: Option<u16>,
    /// Writes this `e_phoff` instead of the real table offset (right after the file header).
    pub phoff_override: Option<u64>,
    /// Packs segment data at 4-byte alignment instead of at offsets congruent to the addresses
    /// modulo `p_align`: gives small files (for exhaustive truncation and mutation tests) that
    /// PocketVM accepts but qemu-user may not map.
    pub compact: bool,
    /// The program header entries, in table order.
    pub segments: Vec<SegmentSpec>,
}

impl Default for ElfBuilder {
    fn default() -> Self {
        ElfBuilder {
            class: Class::Elf32,
            endian: Endian::Little,
            class_byte: None,
            data_byte: None,
            ident_version: 1,
            e_type: ET_EXEC,
            machine: EM_RISCV,
            version: 1,
            entry: u64::from(CODE_BASE),
            flags: 0,
            phentsize_override: None,
            phnum_override: None,
            phoff_override: None,
            compact: false,
            segments: Vec::new(),
        }
    }
}

/// Where [`ElfBuilder::build_with_layout`] put things in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Size of the file header.
    pub header_size: usize,
    /// Offset of the program header table.
    pub phoff: usize,
    /// Size of one program header entry.
    pub phentsize: usize,
    /// Offset of each segment's data, in table order.
    pub data_offsets: Vec<usize>,
    /// Total file length.
    pub file_len: usize,
}

impl Layout {
    /// Offset of program header `index`.
    pub fn phdr_offset(&self, index: usize) -> usize {
        self.phoff + index * self.phentsize
    }

    /// End of the program header table (`segments` entries).
    pub fn headers_end(&self, segments: usize) -> usize {
        self.phoff + segments * self.phentsize
    }
}

impl ElfBuilder {
    /// A builder with the default (valid) header and the given segments.
    pub fn with_segments(segments: Vec<SegmentSpec>) -> ElfBuilder {
        ElfBuilder {
            segments,
            ..ElfBuilder::default()
        }
    }

    /// The standard test program layout: `code` at [`CODE_BASE`] (R+X, entry at its start) and,
    /// if `data_mem_size > 0`, a R+W segment at `data_base` holding `data` then zeros up to
    /// `data_mem_size`. `data_base` must be page aligned and above the code's last page.
    pub fn program(code: &[u32], data_base: u32, data: Vec<u8>, data_mem_size: u32) -> ElfBuilder {
        let code_end = u64::from(CODE_BASE) + 4 * code.len() as u64;
        assert_eq!(data_base % PAGE, 0, "data segment must be page aligned");
        assert!(
            data_mem_size == 0
                || u64::from(data_base) >= code_end.next_multiple_of(u64::from(PAGE)),
            "data at {data_base:#x} would share a page with code ending at {code_end:#x}"
        );
        let mut segments = vec![SegmentSpec::code(CODE_BASE, code)];
        if data_mem_size > 0 {
            segments.push(SegmentSpec::data(data_base, data, data_mem_size));
        }
        ElfBuilder::with_segments(segments)
    }

    /// Sets `e_entry`.
    pub fn entry(mut self, entry: u64) -> ElfBuilder {
        self.entry = entry;
        self
    }

    /// Sets `e_flags`.
    pub fn flags(mut self, flags: u32) -> ElfBuilder {
        self.flags = flags;
        self
    }

    /// Sets `e_type`.
    pub fn e_type(mut self, e_type: u16) -> ElfBuilder {
        self.e_type = e_type;
        self
    }

    /// Sets `e_machine`.
    pub fn machine(mut self, machine: u16) -> ElfBuilder {
        self.machine = machine;
        self
    }

    /// Packs the file (see [`ElfBuilder::compact`]).
    pub fn compact(mut self) -> ElfBuilder {
        self.compact = true;
        self
    }

    /// The file bytes.
    pub fn build(&self) -> Vec<u8> {
        self.build_with_layout().0
    }

    /// The file bytes and where each part went.
    pub fn build_with_layout(&self) -> (Vec<u8>, Layout) {
        let (header_size, phentsize) = match self.class {
            Class::Elf32 => (EHDR32_SIZE, PHDR32_SIZE),
            Class::Elf64 => (EHDR64_SIZE, PHDR64_SIZE),
        };
        let phoff = header_size;
        let mut cursor = phoff + phentsize * self.segments.len();
        let mut data_offsets = Vec::with_capacity(self.segments.len());
        for segment in &self.segments {
            let offset = if self.compact {
                cursor.next_multiple_of(4)
            } else {
                congruent_offset(cursor as u64, segment.vaddr, segment.align) as usize
            };
            data_offsets.push(offset);
            cursor = offset + segment.data.len();
        }
        let layout = Layout {
            header_size,
            phoff,
            phentsize,
            data_offsets,
            file_len: cursor,
        };

        let mut out = Writer {
            bytes: vec![0; cursor],
            endian: self.endian,
        };
        self.write_header(&mut out, &layout);
        for (index, segment) in self.segments.iter().enumerate() {
            let at = layout.phdr_offset(index);
            let offset = segment
                .offset_override
                .unwrap_or(layout.data_offsets[index] as u64);
            let file_size = segment
                .file_size_override
                .unwrap_or(segment.data.len() as u64);
            match self.class {
                Class::Elf32 => {
                    out.u32(at, segment.p_type);
                    out.u32(at + 4, offset as u32);
                    out.u32(at + 8, segment.vaddr as u32);
                    out.u32(at + 12, segment.vaddr as u32);
                    out.u32(at + 16, file_size as u32);
                    out.u32(at + 20, segment.mem_size as u32);
                    out.u32(at + 24, segment.flags);
                    out.u32(at + 28, segment.align as u32);
                }
                Class::Elf64 => {
                    out.u32(at, segment.p_type);
                    out.u32(at + 4, segment.flags);
                    out.u64(at + 8, offset);
                    out.u64(at + 16, segment.vaddr);
                    out.u64(at + 24, segment.vaddr);
                    out.u64(at + 32, file_size);
                    out.u64(at + 40, segment.mem_size);
                    out.u64(at + 48, segment.align);
                }
            }
            let start = layout.data_offsets[index];
            out.bytes[start..start + segment.data.len()].copy_from_slice(&segment.data);
        }
        (out.bytes, layout)
    }

    fn write_header(&self, out: &mut Writer, layout: &Layout) {
        let class_byte = match self.class {
            Class::Elf32 => 1,
            Class::Elf64 => 2,
        };
        let data_byte = match self.endian {
            Endian::Little => 1,
            Endian::Big => 2,
        };
        out.bytes[..4].copy_from_slice(b"\x7fELF");
        out.bytes[4] = self.class_byte.unwrap_or(class_byte);
        out.bytes[5] = self.data_byte.unwrap_or(data_byte);
        out.bytes[6] = self.ident_version;
        // EI_OSABI (System V), EI_ABIVERSION and the padding stay zero.
        out.u16(16, self.e_type);
        out.u16(18, self.machine);
        out.u32(20, self.version);
        let phnum = self.phnum_override.unwrap_or(self.segments.len() as u16);
        let phentsize = self.phentsize_override.unwrap_or(layout.phentsize as u16);
        let phoff = self
            .phoff_override
            .unwrap_or(if self.segments.is_empty() && phnum == 0 {
                0
            } else {
                layout.phoff as u64
            });
        // No section header table: e_shoff, e_shnum and e_shstrndx are zero.
        match self.class {
            Class::Elf32 => {
                out.u32(24, self.entry as u32);
                out.u32(28, phoff as u32);
                out.u32(32, 0);
                out.u32(36, self.flags);
                out.u16(40, EHDR32_SIZE as u16);
                out.u16(42, phentsize);
                out.u16(44, phnum);
                out.u16(46, 40);
            }
            Class::Elf64 => {
                out.u64(24, self.entry);
                out.u64(32, phoff);
                out.u64(40, 0);
                out.u32(48, self.flags);
                out.u16(52, EHDR64_SIZE as u16);
                out.u16(54, phentsize);
                out.u16(56, phnum);
                out.u16(58, 64);
            }
        }
    }
}

/// The smallest offset `>= cursor` that is congruent to `vaddr` modulo `align` (any offset if
/// `align` is 0 or 1; ELF requires `align` to be a power of two, but broken values still give an
/// offset here).
fn congruent_offset(cursor: u64, vaddr: u64, align: u64) -> u64 {
    if align <= 1 {
        return cursor;
    }
    let want = vaddr % align;
    let have = cursor % align;
    cursor + (want + align - have) % align
}

struct Writer {
    bytes: Vec<u8>,
    endian: Endian,
}

impl Writer {
    fn put<const N: usize>(&mut self, at: usize, le: [u8; N]) {
        let mut value = le;
        if self.endian == Endian::Big {
            value.reverse();
        }
        self.bytes[at..at + N].copy_from_slice(&value);
    }

    fn u16(&mut self, at: usize, value: u16) {
        self.put(at, value.to_le_bytes());
    }

    fn u32(&mut self, at: usize, value: u32) {
        self.put(at, value.to_le_bytes());
    }

    fn u64(&mut self, at: usize, value: u64) {
        self.put(at, value.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_layout_is_page_congruent() {
        let builder = ElfBuilder::program(&[0x13; 5], 0x0002_0000, vec![1, 2, 3], 0x100);
        let (bytes, layout) = builder.build_with_layout();
        assert_eq!(&bytes[..4], b"\x7fELF");
        assert_eq!(layout.data_offsets, vec![0x1000, 0x2000]);
        assert_eq!(bytes.len(), 0x2003);
        assert_eq!(&bytes[0x2000..], &[1, 2, 3]);
        // Program header 1: PT_LOAD, offset 0x2000, vaddr 0x20000, filesz 3, memsz 0x100, RW.
        let ph = &bytes[layout.phdr_offset(1)..layout.phdr_offset(2)];
        let field = |k: usize| u32::from_le_bytes(ph[4 * k..4 * k + 4].try_into().unwrap());
        assert_eq!(
            (0..8).map(field).collect::<Vec<_>>(),
            vec![
                PT_LOAD,
                0x2000,
                0x20000,
                0x20000,
                3,
                0x100,
                PF_R | PF_W,
                0x1000
            ]
        );
    }

    #[test]
    fn big_endian_and_64_bit_layouts() {
        let mut builder = ElfBuilder::program(&[0x13], 0, vec![], 0);
        builder.endian = Endian::Big;
        let bytes = builder.build();
        assert_eq!(bytes[5], 2);
        assert_eq!(&bytes[18..20], &EM_RISCV.to_be_bytes());
        builder.endian = Endian::Little;
        builder.class = Class::Elf64;
        let (bytes, layout) = builder.build_with_layout();
        assert_eq!(bytes[4], 2);
        assert_eq!(layout.phoff, EHDR64_SIZE);
        assert_eq!(
            u64::from_le_bytes(bytes[24..32].try_into().unwrap()),
            u64::from(CODE_BASE)
        );
    }

    #[test]
    fn congruent_offsets() {
        assert_eq!(congruent_offset(116, 0x10000, 0x1000), 0x1000);
        assert_eq!(congruent_offset(0x1000, 0x10000, 0x1000), 0x1000);
        assert_eq!(congruent_offset(0x1001, 0x10800, 0x1000), 0x1800);
        assert_eq!(congruent_offset(7, 0x123, 1), 7);
    }
}
