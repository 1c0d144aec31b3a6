//! Unit tests of the checks [`Program::new`] shares with [`Program::from_elf`]. Whole-file
//! parsing errors are tested over real byte strings in `tests/tests/elf_errors.rs`.

use super::*;

fn seg(vaddr: u32, data: &[u8], mem_size: u32, executable: bool) -> Segment {
    Segment {
        vaddr,
        mem_size,
        data: data.to_vec(),
        executable,
    }
}

const NOP: [u8; 4] = 0x0000_0013u32.to_le_bytes(); // addi x0, x0, 0

#[test]
fn accepts_code_and_data_and_reads_the_image() {
    let code = [NOP, 0x0000_0073u32.to_le_bytes()].concat();
    let data = [1u8, 2, 3, 4, 5, 6];
    let program = Program::new(
        0x1000,
        vec![
            seg(0x2002, &data, 0x100, false),
            seg(0x1000, &code, 8, true),
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(program.entry(), 0x1000);
    assert_eq!(program.code_range(), 0x1000..0x1008);
    assert_eq!(program.segments()[0].vaddr, 0x1000, "segments are sorted");
    assert_eq!(program.initial_word(0x2000 / 4), 0x0201_0000);
    assert_eq!(program.initial_word(0x2004 / 4), 0x0605_0403);
    assert_eq!(program.initial_word(0x2008 / 4), 0, ".bss reads zero");
    assert_eq!(program.initial_word(0x1000 / 4), 0x13);
    assert_eq!(
        program.instruction_at(0x1004).map(|i| i.opcode),
        Some(Opcode::Ecall)
    );
    assert_eq!(program.instruction_at(0x1002), None);
    assert_eq!(program.instruction_at(0x1008), None);
    assert_eq!(program.instructions().count(), 2);
}

#[test]
fn words_that_are_not_instructions_decode_as_invalid() {
    let code = [NOP, [0xff; 4], [0x01, 0x45, 0, 0]].concat();
    let program =
        Program::new(0x1000, vec![seg(0x1000, &code, 16, true)]).unwrap_or_else(|e| panic!("{e}"));
    let ops: Vec<Opcode> = program.instructions().map(|(_, i)| i.opcode).collect();
    // The 16-byte segment has a fourth, zero-filled word.
    assert_eq!(
        ops,
        [
            Opcode::Addi,
            Opcode::Invalid,
            Opcode::Invalid,
            Opcode::Invalid
        ]
    );
    assert_eq!(
        program.instruction_at(0x1004).map(|i| i.imm),
        Some(0xffff_ffff)
    );
}

#[test]
fn gaps_between_code_segments_are_invalid_code() {
    let program = Program::new(
        0x1000,
        vec![seg(0x1000, &NOP, 4, true), seg(0x1010, &NOP, 4, true)],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(program.code_range(), 0x1000..0x1014);
    assert_eq!(
        program.instruction_at(0x1008).map(|i| i.opcode),
        Some(Opcode::Invalid)
    );
}

#[test]
fn refuses_bad_layouts() {
    let code = |vaddr| seg(vaddr, &NOP, 4, true);
    let cases = [
        (0x1000, vec![], ElfError::NoLoadableSegments),
        (0x1000, vec![seg(0x1000, &NOP, 4, false)], ElfError::NoCode),
        (
            0x1000,
            vec![seg(0x1000, &NOP, 2, true)],
            ElfError::FileSizeExceedsMemSize { index: 0 },
        ),
        (0x1002, vec![code(0x1002)], ElfError::MisalignedCode(0x1002)),
        (
            0x1004,
            vec![code(0x1000)],
            ElfError::EntryOutsideCode(0x1004),
        ),
        (
            0x1002,
            vec![code(0x1000)],
            ElfError::EntryOutsideCode(0x1002),
        ),
        (
            PC_LIMIT,
            vec![code(PC_LIMIT)],
            ElfError::CodeAbovePcLimit(PC_LIMIT),
        ),
        (
            0x1000,
            vec![code(0x1000), seg(0x1002, &[], 8, false)],
            ElfError::OverlappingSegments {
                first: 0x1000,
                second: 0x1002,
            },
        ),
        (
            0x1000,
            vec![code(0x1000), seg(0x1008, &[], 4, false), code(0x1010)],
            ElfError::DataInsideCode(0x1008),
        ),
        (
            0x1000,
            vec![code(0x1000), seg(0xffff_f000, &[], 0x2000, false)],
            ElfError::SegmentOutsideAddressSpace { index: 1 },
        ),
        (
            0x1000,
            vec![code(0x1000), seg(0x2000_0000, &[], 0x4100_0000, false)],
            ElfError::ImageTooLarge,
        ),
        (
            0x1000,
            vec![code(0x1000), code(0x1000 + (1 << 24))],
            ElfError::CodeTooLarge,
        ),
    ];
    for (entry, segments, expected) in cases {
        assert_eq!(
            Program::new(entry, segments),
            Err(expected.clone()),
            "{expected}"
        );
    }
    // Code may end exactly at the limit.
    assert!(Program::new(PC_LIMIT - 4, vec![code(PC_LIMIT - 4)]).is_ok());
}
