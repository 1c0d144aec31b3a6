//! `Program::from_elf` on broken files: one test per cause, each asserting the exact
//! `ElfError` variant, then a seeded mutation test that the loader (and the emulator, on
//! whatever it accepts) never panics.

use pocketvm_core::program::PC_LIMIT;
use pocketvm_core::{run, ElfError, ExecError, Input, Program, RunOptions};
use pocketvm_tests::asm::Asm;
use pocketvm_tests::elf_builder::*;
use pocketvm_tests::hex_preview;
use pocketvm_tests::rng::Rng;

const DATA_BASE: u32 = 0x0002_0000;
const EXIT_CODE: u32 = 7;

/// `exit(7)` at `base`.
fn exit_code(base: u32) -> Vec<u32> {
    let mut asm = Asm::new(base);
    asm.exit(EXIT_CODE);
    asm.words()
}

/// The valid file every test breaks in one place: code at 0x10000, 4 bytes of data plus
/// `.bss` at 0x20000.
fn valid() -> ElfBuilder {
    ElfBuilder::program(&exit_code(CODE_BASE), DATA_BASE, b"data".to_vec(), 0x100)
}

fn code_segment() -> SegmentSpec {
    SegmentSpec::code(CODE_BASE, &exit_code(CODE_BASE))
}

fn data_segment(vaddr: u32, mem_size: u32) -> SegmentSpec {
    SegmentSpec::data(vaddr, b"data".to_vec(), mem_size)
}

#[track_caller]
fn expect_error(bytes: &[u8], expected: ElfError) {
    match Program::from_elf(bytes) {
        Ok(program) => panic!(
            "expected {expected:?}, but the file loaded (entry {:#x}); file: {}",
            program.entry(),
            hex_preview(bytes, 160)
        ),
        Err(error) => assert_eq!(error, expected, "file: {}", hex_preview(bytes, 160)),
    }
}

#[track_caller]
fn expect(builder: &ElfBuilder, expected: ElfError) {
    expect_error(&builder.build(), expected);
}

#[track_caller]
fn expect_ok(builder: &ElfBuilder) -> Program {
    let bytes = builder.build();
    Program::from_elf(&bytes).unwrap_or_else(|e| {
        panic!(
            "expected the file to load, got {e:?}: {}",
            hex_preview(&bytes, 160)
        )
    })
}

#[test]
fn valid_file_loads_and_runs() {
    let program = expect_ok(&valid());
    assert_eq!(program.entry(), CODE_BASE);
    assert_eq!(
        program.code_range(),
        CODE_BASE..CODE_BASE + 4 * exit_code(0).len() as u32
    );
    assert_eq!(program.segments().len(), 2);
    let execution = run(&program, Input::default(), &RunOptions::default()).expect("run");
    assert_eq!(execution.exit_code, EXIT_CODE);
    // The compact layout loads the same program.
    assert_eq!(expect_ok(&valid().compact()), program);
}

#[test]
fn not_elf() {
    expect_error(b"", ElfError::NotElf);
    expect_error(b"\x7fEL", ElfError::NotElf);
    let mut bytes = valid().build();
    bytes[1] = b'e';
    expect_error(&bytes, ElfError::NotElf);
    expect_error(b"#!/bin/sh\nexit 0\n", ElfError::NotElf);
}

#[test]
fn truncated_inside_ident_and_file_header() {
    let bytes = valid().build();
    for len in [0, 1, 3] {
        expect_error(&bytes[..len], ElfError::NotElf);
    }
    for len in [4, 5, 6, 15, 16, 17, 24, 40, 51] {
        expect_error(&bytes[..len], ElfError::Truncated);
    }
}

#[test]
fn truncated_inside_program_header_table() {
    let (bytes, layout) = valid().build_with_layout();
    let end = layout.headers_end(2);
    for len in [
        EHDR32_SIZE,
        EHDR32_SIZE + 1,
        layout.phdr_offset(1),
        layout.phdr_offset(1) + 17,
        end - 1,
    ] {
        expect_error(&bytes[..len], ElfError::Truncated);
    }
}

#[test]
fn truncated_inside_segment_data() {
    let (bytes, layout) = valid().build_with_layout();
    let (code_at, data_at) = (layout.data_offsets[0], layout.data_offsets[1]);
    let code_end = code_at + 4 * exit_code(0).len();
    // In the padding before the code and inside the code.
    for len in [
        layout.headers_end(2),
        code_at - 1,
        code_at,
        code_at + 1,
        code_at + 5,
        code_end - 1,
    ] {
        expect_error(&bytes[..len], ElfError::SegmentOutsideFile { index: 0 });
    }
    // In the padding before the data and inside the data.
    for len in [code_end, data_at - 1, data_at, data_at + 2, bytes.len() - 1] {
        expect_error(&bytes[..len], ElfError::SegmentOutsideFile { index: 1 });
    }
    expect_ok(&valid());
}

#[test]
fn elf64_is_not_32_bit() {
    let mut builder = valid();
    builder.class = Class::Elf64;
    expect(&builder, ElfError::Not32Bit);
    // The class byte alone decides, before anything else is read.
    let bytes = builder.build();
    expect_error(&bytes[..5], ElfError::Not32Bit);
}

#[test]
fn bad_class_byte_is_malformed() {
    for class in [0, 3, 0xff] {
        let mut builder = valid();
        builder.class_byte = Some(class);
        expect(&builder, ElfError::Malformed("class"));
    }
}

#[test]
fn big_endian() {
    let mut builder = valid();
    builder.endian = Endian::Big;
    expect(&builder, ElfError::BigEndian);
    // 64-bit is reported before the byte order.
    builder.class = Class::Elf64;
    expect(&builder, ElfError::Not32Bit);
}

#[test]
fn bad_data_encoding_byte_is_malformed() {
    for data in [0, 3] {
        let mut builder = valid();
        builder.data_byte = Some(data);
        expect(&builder, ElfError::Malformed("data encoding"));
    }
}

#[test]
fn bad_ident_version_is_malformed() {
    let mut builder = valid();
    builder.ident_version = 0;
    expect(&builder, ElfError::Malformed("version"));
}

#[test]
fn bad_program_header_entry_size_is_malformed() {
    for size in [0, 16, 31, 33, PHDR64_SIZE as u16] {
        let mut builder = valid();
        builder.phentsize_override = Some(size);
        expect(&builder, ElfError::Malformed("header entry size"));
    }
}

#[test]
fn wrong_machine() {
    expect(
        &valid().machine(EM_X86_64),
        ElfError::WrongMachine(EM_X86_64),
    );
    expect(&valid().machine(0), ElfError::WrongMachine(0));
    expect(&valid().machine(0xf3f3), ElfError::WrongMachine(0xf3f3));
}

#[test]
fn relocatable_and_shared_objects_are_not_executables() {
    expect(&valid().e_type(ET_REL), ElfError::NotExecutable(ET_REL));
    expect(&valid().e_type(ET_DYN), ElfError::NotExecutable(ET_DYN));
    expect(&valid().e_type(0), ElfError::NotExecutable(0));
    expect(&valid().e_type(4), ElfError::NotExecutable(4));
}

#[test]
fn compressed_code_flag() {
    expect(&valid().flags(EF_RISCV_RVC), ElfError::CompressedCode);
    // RVC is reported even when the ABI is wrong too.
    let flags = EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE;
    expect(&valid().flags(flags), ElfError::CompressedCode);
}

#[test]
fn float_and_rv32e_abis() {
    for flags in [
        EF_RISCV_FLOAT_ABI_SINGLE,
        EF_RISCV_FLOAT_ABI_DOUBLE,
        EF_RISCV_FLOAT_ABI_QUAD,
        EF_RISCV_RVE,
        EF_RISCV_FLOAT_ABI_DOUBLE | EF_RISCV_RVE,
    ] {
        expect(&valid().flags(flags), ElfError::UnsupportedAbi(flags));
    }
}

#[test]
fn interpreter_or_dynamic_section_means_dynamically_linked() {
    let interp = SegmentSpec::other(PT_INTERP, b"/lib/ld-linux-riscv32-ilp32.so.1\0".to_vec());
    let builder = ElfBuilder::with_segments(vec![interp, code_segment()]);
    expect(&builder, ElfError::DynamicallyLinked);
    // After the loadable segments too.
    let interp = SegmentSpec::other(PT_INTERP, b"/lib/ld.so\0".to_vec());
    let builder = ElfBuilder::with_segments(vec![code_segment(), interp]);
    expect(&builder, ElfError::DynamicallyLinked);
    let dynamic = SegmentSpec::other(PT_DYNAMIC, vec![0; 16]);
    let builder = ElfBuilder::with_segments(vec![code_segment(), dynamic]);
    expect(&builder, ElfError::DynamicallyLinked);
}

#[test]
fn no_loadable_segments() {
    // No program header table at all.
    expect(&ElfBuilder::default(), ElfError::NoLoadableSegments);
    // A table with zero entries.
    let mut builder = valid();
    builder.phnum_override = Some(0);
    expect(&builder, ElfError::NoLoadableSegments);
    // Only entries that load nothing.
    let note = SegmentSpec::other(PT_NOTE, vec![0; 12]);
    let null = SegmentSpec::other(PT_NULL, vec![]);
    let empty_load = SegmentSpec::load(CODE_BASE, vec![], 0, PF_R | PF_X);
    expect(
        &ElfBuilder::with_segments(vec![note, null, empty_load]),
        ElfError::NoLoadableSegments,
    );
}

#[test]
fn too_many_segments() {
    // One code segment and 63 data pages: 64 loadable segments are allowed.
    let data = |k: u32| SegmentSpec::data(DATA_BASE + k * PAGE, vec![k as u8], 16);
    let mut segments = vec![code_segment()];
    segments.extend((0..63).map(data));
    expect_ok(&ElfBuilder::with_segments(segments.clone()).compact());
    segments.push(data(63));
    expect(
        &ElfBuilder::with_segments(segments).compact(),
        ElfError::TooManySegments,
    );
}

#[test]
fn file_size_exceeds_mem_size() {
    let data = SegmentSpec::data(DATA_BASE, vec![1; 8], 4);
    expect(
        &ElfBuilder::with_segments(vec![code_segment(), data]),
        ElfError::FileSizeExceedsMemSize { index: 1 },
    );
    let code = code_segment().with_mem_size(4);
    expect(
        &ElfBuilder::with_segments(vec![code]),
        ElfError::FileSizeExceedsMemSize { index: 0 },
    );
}

#[test]
fn segment_past_end_of_file() {
    let file_len = valid().build().len() as u64;
    for offset in [file_len - 2, file_len + 1, 0xffff_fff0] {
        let data = data_segment(DATA_BASE, 0x100).with_offset(offset);
        let builder = ElfBuilder::with_segments(vec![code_segment(), data]);
        expect(&builder, ElfError::SegmentOutsideFile { index: 1 });
    }
    // A file size larger than the bytes in the file (memory size large enough).
    let data = data_segment(DATA_BASE, 0x10_0000).with_file_size(0x1000);
    let builder = ElfBuilder::with_segments(vec![code_segment(), data]);
    expect(&builder, ElfError::SegmentOutsideFile { index: 1 });
    // The program header index counts non-loadable entries too.
    let note = SegmentSpec::other(PT_NOTE, vec![0; 4]);
    let code = code_segment().with_offset(0x7fff_0000);
    expect(
        &ElfBuilder::with_segments(vec![note, code]),
        ElfError::SegmentOutsideFile { index: 1 },
    );
}

#[test]
fn segment_wrapping_past_4_gib() {
    let data = data_segment(0xffff_f000, 0x2000);
    let builder = ElfBuilder::with_segments(vec![code_segment(), data]);
    expect(&builder, ElfError::SegmentOutsideAddressSpace { index: 1 });
    let data = data_segment(0xffff_fffd, 4);
    let builder = ElfBuilder::with_segments(vec![code_segment(), data]);
    expect(&builder, ElfError::SegmentOutsideAddressSpace { index: 1 });
    let data = data_segment(0x1000_0000, 0xffff_ffff);
    let builder = ElfBuilder::with_segments(vec![code_segment(), data]);
    expect(&builder, ElfError::SegmentOutsideAddressSpace { index: 1 });
    // Ending exactly at 2^32 is fine.
    let data = data_segment(0xffff_f000, 0x1000);
    expect_ok(&ElfBuilder::with_segments(vec![code_segment(), data]));
}

#[test]
fn overlapping_segments() {
    // Data starting inside the code.
    let data = data_segment(CODE_BASE + 4, 0x10);
    let builder = ElfBuilder::with_segments(vec![code_segment(), data]);
    expect(
        &builder,
        ElfError::OverlappingSegments {
            first: CODE_BASE,
            second: CODE_BASE + 4,
        },
    );
    // Two data segments sharing one byte, listed in reverse address order.
    let low = data_segment(DATA_BASE, 0x101);
    let high = data_segment(DATA_BASE + 0x100, 0x10);
    let builder = ElfBuilder::with_segments(vec![code_segment(), high, low]).compact();
    expect(
        &builder,
        ElfError::OverlappingSegments {
            first: DATA_BASE,
            second: DATA_BASE + 0x100,
        },
    );
    // Touching is not overlapping.
    let low = data_segment(DATA_BASE, 0x100);
    let high = data_segment(DATA_BASE + 0x100, 0x10);
    expect_ok(&ElfBuilder::with_segments(vec![code_segment(), high, low]).compact());
    // The same address twice.
    let builder = ElfBuilder::with_segments(vec![
        code_segment(),
        data_segment(DATA_BASE, 4),
        data_segment(DATA_BASE, 4),
    ])
    .compact();
    expect(
        &builder,
        ElfError::OverlappingSegments {
            first: DATA_BASE,
            second: DATA_BASE,
        },
    );
}

#[test]
fn image_larger_than_1_gib() {
    let data = data_segment(0x1000_0000, (1 << 30) + 1);
    expect(
        &ElfBuilder::with_segments(vec![code_segment(), data]),
        ElfError::ImageTooLarge,
    );
    let data = data_segment(0x1000_0000, 0xf000_0000);
    expect(
        &ElfBuilder::with_segments(vec![code_segment(), data]),
        ElfError::ImageTooLarge,
    );
    // Several segments that only together exceed the limit.
    let a = data_segment(0x1000_0000, 0x2000_0000);
    let b = data_segment(0x4000_0000, 0x2000_0000);
    expect(
        &ElfBuilder::with_segments(vec![code_segment(), a, b]),
        ElfError::ImageTooLarge,
    );
    // Exactly 1 GiB in all loads.
    let code_size = 4 * exit_code(0).len() as u32;
    let a = data_segment(0x1000_0000, 0x2000_0000);
    let b = data_segment(0x4000_0000, 0x2000_0000 - code_size);
    expect_ok(&ElfBuilder::with_segments(vec![code_segment(), a, b]));
}

#[test]
fn misaligned_code() {
    for vaddr in [CODE_BASE + 2, CODE_BASE + 1, CODE_BASE + 3] {
        let code = SegmentSpec::code(vaddr, &exit_code(vaddr)).with_align(1);
        let builder = ElfBuilder::with_segments(vec![code]).entry(u64::from(vaddr));
        expect(&builder, ElfError::MisalignedCode(vaddr));
    }
}

#[test]
fn code_above_pc_limit() {
    let words = exit_code(0);
    let size = 4 * words.len() as u32;
    for vaddr in [PC_LIMIT, PC_LIMIT - size + 4, 0x8000_0000, 0xffff_f000] {
        let code = SegmentSpec::code(vaddr, &words).with_align(4);
        let builder = ElfBuilder::with_segments(vec![code]).entry(u64::from(vaddr));
        expect(&builder, ElfError::CodeAbovePcLimit(vaddr));
    }
    // Code ending exactly at the limit loads and runs.
    let vaddr = PC_LIMIT - size;
    let code = SegmentSpec::code(vaddr, &exit_code(vaddr)).with_align(4);
    let program = expect_ok(&ElfBuilder::with_segments(vec![code]).entry(u64::from(vaddr)));
    let execution = run(&program, Input::default(), &RunOptions::default()).expect("run");
    assert_eq!(execution.exit_code, EXIT_CODE);
}

#[test]
fn code_spanning_more_than_16_mib() {
    let code = code_segment().with_mem_size((1 << 24) + 4);
    expect(
        &ElfBuilder::with_segments(vec![code]),
        ElfError::CodeTooLarge,
    );
    let far = SegmentSpec::code(CODE_BASE + (1 << 24), &exit_code(0));
    expect(
        &ElfBuilder::with_segments(vec![code_segment(), far]),
        ElfError::CodeTooLarge,
    );
    // Exactly 16 MiB is accepted.
    let code = code_segment().with_mem_size(1 << 24);
    expect_ok(&ElfBuilder::with_segments(vec![code]));
}

#[test]
fn no_executable_segment() {
    let builder =
        ElfBuilder::with_segments(vec![data_segment(DATA_BASE, 0x100)]).entry(u64::from(DATA_BASE));
    expect(&builder, ElfError::NoCode);
}

#[test]
fn data_between_code_segments() {
    let second = CODE_BASE + 2 * PAGE;
    let builder = ElfBuilder::with_segments(vec![
        code_segment(),
        data_segment(CODE_BASE + PAGE, 0x10),
        SegmentSpec::code(second, &exit_code(second)),
    ]);
    expect(&builder, ElfError::DataInsideCode(CODE_BASE + PAGE));
    // Without the data segment in between, the gap is fine.
    let builder = ElfBuilder::with_segments(vec![
        code_segment(),
        SegmentSpec::code(second, &exit_code(second)),
    ]);
    let program = expect_ok(&builder);
    assert_eq!(
        program.code_range(),
        CODE_BASE..second + 4 * exit_code(0).len() as u32
    );
}

#[test]
fn entry_outside_code_or_misaligned() {
    let code_end = u64::from(CODE_BASE) + 4 * exit_code(0).len() as u64;
    for entry in [
        u64::from(DATA_BASE),
        0,
        u64::from(CODE_BASE) - 4,
        code_end,
        u64::from(CODE_BASE) + 2,
        u64::from(CODE_BASE) + 1,
        0xffff_fffc,
    ] {
        expect(
            &valid().entry(entry),
            ElfError::EntryOutsideCode(entry as u32),
        );
    }
    // The last instruction is a valid entry.
    expect_ok(&valid().entry(code_end - 4));
}

// ---------------------------------------------------------------------------------------------
// Robustness: random mutations and every truncation never make the loader or emulator panic.

/// A small valid file with two segments (compact layout, 200-odd bytes).
fn small_file() -> (Vec<u8>, Layout) {
    let mut asm = Asm::new(CODE_BASE);
    asm.li(11, DATA_BASE).li(10, 1).li(12, 4).ecall(64);
    asm.i(pocketvm_core::isa::Opcode::Lw, 5, 11, 0);
    asm.exit(EXIT_CODE);
    ElfBuilder::program(&asm.words(), DATA_BASE, b"ok!\n".to_vec(), 0x40)
        .compact()
        .build_with_layout()
}

/// Loads `bytes`; if that works, runs the program briefly. Panics (with the file) if either
/// panics; returns whether the file loaded.
fn load_and_run_never_panics(bytes: &[u8], what: &str) -> bool {
    let outcome = std::panic::catch_unwind(|| {
        let program = Program::from_elf(bytes).ok()?;
        let options = RunOptions {
            max_cycles: 2_000,
            max_memory_bytes: 16 << 20,
        };
        let input = Input {
            public: b"public",
            private: b"private",
        };
        let _: Result<_, ExecError> = run(&program, input, &options);
        Some(())
    });
    match outcome {
        Ok(loaded) => loaded.is_some(),
        Err(_) => panic!(
            "panic on {what}; file ({} bytes): {}",
            bytes.len(),
            hex_preview(bytes, 4096)
        ),
    }
}

#[test]
fn every_truncation_is_an_error() {
    let (bytes, layout) = small_file();
    let program = Program::from_elf(&bytes).expect("the small file loads");
    let execution = run(&program, Input::default(), &RunOptions::default()).expect("run");
    assert_eq!(
        (execution.exit_code, execution.output.as_slice()),
        (EXIT_CODE, &b"ok!\n"[..])
    );
    for len in 0..bytes.len() {
        let expected = if len < 4 {
            ElfError::NotElf
        } else if len < layout.headers_end(2) {
            ElfError::Truncated
        } else if len < layout.data_offsets[1] {
            ElfError::SegmentOutsideFile { index: 0 }
        } else {
            ElfError::SegmentOutsideFile { index: 1 }
        };
        assert_eq!(
            Program::from_elf(&bytes[..len]).err(),
            Some(expected),
            "truncated to {len} bytes"
        );
        assert!(!load_and_run_never_panics(
            &bytes[..len],
            &format!("truncation to {len} bytes")
        ));
    }
}

/// Values likely to hit boundaries when written into header fields.
const INTERESTING_U32: [u32; 16] = [
    0,
    1,
    2,
    3,
    4,
    0x20,
    0x34,
    0x1000,
    0x0001_0000,
    0x0002_0000,
    0x4000_0000,
    0x7f00_0000,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_fffc,
    0xffff_ffff,
];

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>, headers_end: usize) {
    for _ in 0..1 + rng.below(4) {
        // Three times in four, aim at the headers, where the loader's decisions are.
        let span = if rng.percent(75) {
            headers_end.min(bytes.len())
        } else {
            bytes.len()
        };
        if span == 0 {
            return;
        }
        let at = rng.index(span);
        match rng.below(8) {
            0 => bytes[at] ^= 1 << rng.below(8),
            1 => bytes[at] = rng.next_u32() as u8,
            2 => bytes[at] = *rng.pick(&[0, 1, 2, 3, 0x7f, 0x80, 0xfe, 0xff]),
            3 | 4 => {
                let at = at & !3;
                let value = if rng.percent(80) {
                    *rng.pick(&INTERESTING_U32)
                } else {
                    rng.next_u32()
                };
                let value = value.wrapping_add(*rng.pick(&[0, 0, 1, u32::MAX]));
                let end = (at + 4).min(bytes.len());
                bytes[at..end].copy_from_slice(&value.to_le_bytes()[..end - at]);
            }
            5 => {
                let at = at & !1;
                let value = *rng.pick(&[0u16, 1, 2, 0x20, 0x38, 0xffff, 0xf3, 0x40]);
                let end = (at + 2).min(bytes.len());
                bytes[at..end].copy_from_slice(&value.to_le_bytes()[..end - at]);
            }
            6 => bytes.truncate(rng.index(bytes.len() + 1)),
            _ => {
                let len = rng.index(64);
                let extra = rng.bytes(len);
                bytes.extend_from_slice(&extra);
            }
        }
    }
}

#[test]
fn mutated_files_never_panic() {
    const MUTATIONS: u64 = 4_000;
    let mut bases = vec![small_file()];
    bases.push(valid().build_with_layout());
    let mut rng = Rng::new(0x5eed_e1f0);
    let mut loaded = 0;
    let mut outcomes = std::collections::BTreeMap::<String, u32>::new();
    for round in 0..MUTATIONS {
        let (base, layout) = &bases[(round % 2) as usize];
        let mut bytes = base.clone();
        mutate(&mut rng, &mut bytes, layout.headers_end(2));
        if load_and_run_never_panics(&bytes, &format!("mutation round {round}")) {
            loaded += 1;
        }
        let outcome = match Program::from_elf(&bytes) {
            Ok(_) => "loaded".to_string(),
            Err(e) => format!("{e:?}")
                .split(['(', ' '])
                .next()
                .unwrap_or_default()
                .to_string(),
        };
        *outcomes.entry(outcome).or_default() += 1;
    }
    eprintln!("outcomes of {MUTATIONS} mutated files: {outcomes:?}");
    // Some mutations (of unchecked fields or of code bytes) still load; most do not.
    assert!(
        loaded > 0 && loaded < MUTATIONS,
        "{loaded} of {MUTATIONS} mutated files loaded"
    );
}
