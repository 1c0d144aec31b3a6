//! The code symbols of an ELF file, for tools that name code addresses (the profiler and the
//! trace inspector of the CLI). Proving never reads them: a program's identity is its loadable
//! image alone, so a stripped ELF proves the same statement as the unstripped one.
//!
//! Functions (`STT_FUNC`) name the code they span. Labels without a type (`STT_NOTYPE`, as
//! hand-written assembly leaves them) name code only where no function does. Inlined code has
//! no symbol of its own, so it counts as part of the function it was inlined into.

use super::ElfError;
use elf::endian::AnyEndian;
use elf::ElfBytes;

const STT_NOTYPE: u8 = 0;
const STT_FUNC: u8 = 2;
const PT_LOAD: u32 = 1;
const PF_X: u32 = 1;

/// One named stretch of code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// Its first address.
    pub address: u32,
    /// Its size in bytes as the ELF gives it (0 for labels: then it ends where the next symbol
    /// starts).
    pub size: u32,
    /// Its name as stored (mangled, for Rust).
    pub name: String,
    /// A function symbol (`STT_FUNC`), rather than a label.
    pub function: bool,
}

/// The code symbols of a program, sorted by address.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    functions: Vec<Symbol>,
    labels: Vec<Symbol>,
}

impl Symbols {
    /// Reads the symbol table of an ELF file: every function, and every label inside an
    /// executable segment. A file without a symbol table (stripped) gives no symbols.
    pub fn from_elf(bytes: &[u8]) -> Result<Symbols, ElfError> {
        let file = ElfBytes::<AnyEndian>::minimal_parse(bytes).map_err(ElfError::parse)?;
        let code: Vec<(u64, u64)> = file
            .segments()
            .map(|table| {
                table
                    .iter()
                    .filter(|ph| ph.p_type == PT_LOAD && ph.p_flags & PF_X != 0)
                    .map(|ph| (ph.p_vaddr, ph.p_vaddr.saturating_add(ph.p_memsz)))
                    .collect()
            })
            .unwrap_or_default();
        let in_code = |address: u64| code.iter().any(|&(lo, hi)| (lo..hi).contains(&address));
        let Some((table, strings)) = file.symbol_table().map_err(ElfError::parse)? else {
            return Ok(Symbols::default());
        };
        let mut symbols = Symbols::default();
        for sym in table.iter() {
            let kind = sym.st_symtype();
            if sym.st_shndx == 0 || !(kind == STT_FUNC || kind == STT_NOTYPE) {
                continue;
            }
            let Ok(name) = strings.get(sym.st_name as usize) else {
                continue;
            };
            // `$x`/`$d` mark code and data for disassemblers; `.L` labels are the assembler's.
            if name.is_empty() || name.starts_with('$') || name.starts_with(".L") {
                continue;
            }
            let (Ok(address), Ok(size)) = (u32::try_from(sym.st_value), u32::try_from(sym.st_size))
            else {
                continue;
            };
            let symbol = Symbol {
                address,
                size,
                name: name.to_string(),
                function: kind == STT_FUNC,
            };
            if symbol.function {
                symbols.functions.push(symbol);
            } else if in_code(sym.st_value) {
                symbols.labels.push(symbol);
            }
        }
        for list in [&mut symbols.functions, &mut symbols.labels] {
            list.sort_by(|a, b| (a.address, &a.name).cmp(&(b.address, &b.name)));
            list.dedup_by_key(|s| s.address);
        }
        Ok(symbols)
    }

    /// Whether the file had no code symbols at all.
    pub fn is_empty(&self) -> bool {
        self.functions.is_empty() && self.labels.is_empty()
    }

    /// The symbol whose code holds `pc`, with the offset of `pc` into it: the function that
    /// spans it, or else the closest label at or before it.
    pub fn lookup(&self, pc: u32) -> Option<(&Symbol, u32)> {
        let function = Self::closest(&self.functions, pc).filter(|(s, offset)| {
            // A function of size 0 reaches to the next function.
            s.size == 0 || *offset < s.size
        });
        function.or_else(|| Self::closest(&self.labels, pc))
    }

    fn closest(list: &[Symbol], pc: u32) -> Option<(&Symbol, u32)> {
        let at = list.partition_point(|s| s.address <= pc);
        let symbol = list.get(at.checked_sub(1)?)?;
        Some((symbol, pc - symbol.address))
    }

    /// Every code symbol, functions first, each list by address.
    pub fn iter(&self) -> impl Iterator<Item = &Symbol> {
        self.functions.iter().chain(&self.labels)
    }
}
