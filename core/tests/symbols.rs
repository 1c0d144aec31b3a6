//! ELF symbols for tools (`elf::Symbols`): names by address, and nothing from a stripped file.

use pocketvm_core::elf::Symbols;
use pocketvm_core::Program;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../tests/fixtures/elf/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn functions_name_their_code() {
    let bytes = fixture("sha256.elf");
    let program = Program::from_elf(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let symbols = Symbols::from_elf(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let (start, offset) = symbols
        .lookup(program.entry())
        .expect("the entry has a symbol");
    assert_eq!((start.name.as_str(), offset), ("_start", 0));
    // Every instruction of the hot function maps to it, at its own offset.
    let compress = symbols
        .iter()
        .find(|s| s.name.contains("compress256"))
        .expect("compress256");
    assert!(compress.function && compress.size > 0);
    for offset in (0..compress.size).step_by(4) {
        let (found, at) = symbols.lookup(compress.address + offset).expect("symbol");
        assert_eq!((found.address, at), (compress.address, offset));
    }
    // Past the end of a sized function, it is no longer named by it.
    let after = symbols.lookup(compress.address + compress.size);
    assert!(after.is_none_or(|(s, _)| s.address != compress.address));
    // Nothing below the first symbol.
    assert!(symbols.lookup(0).is_none());
}

#[test]
fn a_stripped_file_has_no_symbols_and_still_loads() {
    let mut bytes = fixture("fib.elf");
    bytes[0x20..0x24].fill(0); // e_shoff
    bytes[0x30..0x34].fill(0); // e_shnum, e_shstrndx
    assert!(Program::from_elf(&bytes).is_ok());
    let symbols = Symbols::from_elf(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert!(symbols.is_empty());
    assert!(symbols.lookup(0x10000).is_none());
    // Not an ELF at all: the loader's error.
    assert!(Symbols::from_elf(b"not an elf").is_err());
}
