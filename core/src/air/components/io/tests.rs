//! Io rows: reads and writes of any buffer prove; forged bytes, lanes and claims are refused.
//! Also the helpers the `ecall_read` and `ecall_write` tests share.

use crate::air::components::ComponentId;
use crate::air::testing::{exit_with, ins, li, program_with_data, Case};
use crate::isa::Instruction;
use crate::isa::Opcode::*;

/// Where `program_with_data` puts the data segment (0x1000 bytes, writable).
pub(crate) const DATA: u32 = 0x2_0000;

/// The system call `number(fd, buf, len)`.
pub(crate) fn call(number: u32, fd: u32, buf: u32, len: u32) -> Vec<Instruction> {
    let mut code = li(17, number).to_vec();
    code.extend(li(10, fd));
    code.extend(li(11, buf));
    code.extend(li(12, len));
    code.push(ins(Ecall, 0, 0, 0, 0));
    code
}

/// `read(fd, buf, len)`.
pub(crate) fn read(fd: u32, buf: u32, len: u32) -> Vec<Instruction> {
    call(63, fd, buf, len)
}

/// `write(fd, buf, len)`.
pub(crate) fn write(fd: u32, buf: u32, len: u32) -> Vec<Instruction> {
    call(64, fd, buf, len)
}

/// 64 nonzero data bytes, so that kept bytes are visible.
pub(crate) fn data() -> Vec<u8> {
    (0..64u8).map(|i| 0x80 | i).collect()
}

/// Runs the calls in order over [`data`], then exits with a0 (the last call's result).
pub(crate) fn run(calls: &[Vec<Instruction>], public: &[u8], private: &[u8]) -> Case {
    let mut code: Vec<Instruction> = calls.concat();
    code.extend(exit_with(10));
    Case::new(program_with_data(&code, &data()), public, private)
}

/// The enabled row of component `id` that handles word `word`.
pub(crate) fn row_of(case: &mut Case, id: ComponentId, word: u32) -> usize {
    let rows = case.trace(id).columns[0].len();
    match (0..rows).find(|&r| case.get(id, "en", r) == 1 && case.get(id, "w", r) == word) {
        Some(r) => r,
        None => panic!("no {id:?} row for word {word:#x}"),
    }
}

/// Sets the final value of a RAM word in its memory region (what a forger must do to keep the
/// word's access chain closed after changing the value an Io row wrote).
pub(crate) fn set_final(case: &mut Case, word: u32, value: u32) {
    let region = case.traces.iter().find_map(|t| match t.id {
        ComponentId::MemRegion(r) if r.base <= word && u64::from(word) < r.end() => Some(r),
        _ => None,
    });
    let Some(region) = region else {
        panic!("no region holds word {word:#x}")
    };
    let id = ComponentId::MemRegion(region);
    let row = (word - region.base) as usize;
    case.set(id, "lo", row, value & 0xffff);
    case.set(id, "hi", row, value >> 16);
}

/// Overwrites cells of row `row` of component `id`: (column, value) pairs, in order.
pub(crate) fn set_cells(case: &mut Case, id: ComponentId, row: usize, cells: &[(&str, u32)]) {
    for &(column, value) in cells {
        case.set(id, column, row, value);
    }
}

/// Rewrites new byte `byte` ("n0".."n3") of the input row of `word` to `value`, and closes the
/// word's access chain with the word the row now writes (so only the row's own checks can
/// object).
fn forge_new_byte(case: &mut Case, id: ComponentId, word: u32, byte: &str, value: u32) {
    let row = row_of(case, id, word);
    case.set(id, byte, row, value);
    let written = ["n0", "n1", "n2", "n3"]
        .iter()
        .enumerate()
        .map(|(i, n)| case.get(id, n, row) << (8 * i))
        .sum();
    set_final(case, word, written);
}

const INPUT: &[u8] = b"PocketVM reads any buffer!";

/// Public reads in odd chunks to unaligned buffers: inside one word, across words, a zero
/// length, past the end, at the end.
fn odd_chunks() -> Case {
    run(
        &[
            read(0, DATA + 1, 3),
            read(0, DATA + 0x11, 2),
            read(0, DATA + 0x22, 7),
            read(0, DATA + 0x30, 0),
            read(0, DATA + 0x33, 9),
            read(0, DATA + 0x45, 100),
            read(0, DATA + 0x50, 4),
        ],
        INPUT,
        b"",
    )
}

#[test]
fn public_reads_in_odd_chunks_prove() {
    let mut case = odd_chunks();
    assert_eq!(case.execution.stats.public_input_read, INPUT.len() as u64);
    assert_eq!(case.execution.exit_code, 0);
    // Chunks of 3, 2, 7, 9 and the last 5 bytes: 1 + 1 + 3 + 3 + 2 words.
    let rows = (0..case.trace(ComponentId::IoPublicIn).columns[0].len())
        .filter(|&r| case.get(ComponentId::IoPublicIn, "en", r) == 1)
        .count();
    assert_eq!(rows, 10);
    case.assert_accepted();
}

#[test]
fn part_of_the_input_read_proves() {
    let case = run(&[read(0, DATA + 2, 5)], INPUT, b"");
    assert_eq!(case.execution.exit_code, 5);
    case.assert_accepted();
}

#[test]
fn private_reads_prove() {
    let private = b"secret bytes \x00\xff\x7f";
    let case = run(
        &[
            read(3, DATA + 3, 6),
            read(0, DATA + 0x20, 4),
            read(3, DATA + 0x21, 0),
            read(3, DATA + 0x2a, 5),
            read(3, DATA + 0x40, 64),
            read(3, DATA + 0x40, 8),
        ],
        b"pub!",
        private,
    );
    assert_eq!(
        case.execution.stats.private_input_read,
        private.len() as u64
    );
    case.assert_accepted();
}

#[test]
fn echo_of_the_input_proves() {
    let case = run(
        &[read(0, DATA + 0x101, 40), write(1, DATA + 0x101, 26)],
        INPUT,
        b"",
    );
    assert_eq!(case.execution.output, INPUT);
    case.assert_accepted();
}

#[test]
fn byte_not_from_the_input_is_rejected() {
    // The first read puts "Poc" in lanes 1..3 of the first data word; deliver 'o' ^ 1 instead
    // and close the word's chain with the forged value: only PubIn can object.
    let mut case = odd_chunks();
    let id = ComponentId::IoPublicIn;
    let row = row_of(&mut case, id, DATA / 4);
    assert_eq!(case.get(id, "n2", row), u32::from(b'o'));
    forge_new_byte(&mut case, id, DATA / 4, "n2", u32::from(b'o' ^ 1));
    case.assert_rejected();
}

#[test]
fn changed_public_input_is_rejected() {
    let mut case = odd_chunks();
    case.public[7] ^= 0x20;
    case.assert_rejected();
}

#[test]
fn byte_outside_the_buffer_is_not_overwritten() {
    // Lane 0 of the first data word is outside read(0, DATA + 1, 3): it must keep 0x80.
    let mut case = odd_chunks();
    let id = ComponentId::IoPublicIn;
    let row = row_of(&mut case, id, DATA / 4);
    assert_eq!(case.get(id, "l0", row), 0);
    assert_eq!(case.get(id, "n0", row), 0x80);
    forge_new_byte(&mut case, id, DATA / 4, "n0", 0x41);
    case.assert_rejected();
}

#[test]
fn read_that_stops_early_in_a_word_is_rejected() {
    // read(0, DATA + 0x11, 2) fills lanes 1 and 2 of its word; claim lane 3 too (one byte
    // more, "ea" -> "eaX"): the row's count says the buffer ends at lane 2.
    let mut case = odd_chunks();
    let id = ComponentId::IoPublicIn;
    let word = (DATA + 0x11) / 4;
    let row = row_of(&mut case, id, word);
    assert_eq!(
        [0, 1, 2, 3].map(|i| case.get(id, &format!("l{i}"), row)),
        [0, 1, 1, 0]
    );
    case.set(id, "l3", row, 1);
    case.assert_rejected();
}

#[test]
fn private_byte_over_255_is_rejected() {
    // Bytes "priv" at an aligned word; write lane 0 as 0x170 and lane 1 as 'r' - 1: the
    // word's value (0x72·256 + 0x70) is unchanged, only the byte checks can object.
    let mut case = run(&[read(3, DATA + 4, 4)], b"", b"priv");
    let id = ComponentId::IoPrivateIn;
    let row = row_of(&mut case, id, DATA / 4 + 1);
    assert_eq!(case.get(id, "n0", row), u32::from(b'p'));
    let cells = [("n0", u32::from(b'p') + 256), ("n1", u32::from(b'r') - 1)];
    set_cells(&mut case, id, row, &cells);
    case.assert_rejected();
}

fn writes() -> Case {
    run(
        &[
            write(1, DATA + 3, 6),
            write(2, DATA + 1, 5),
            write(1, DATA, 1),
            write(1, DATA + 0x0a, 0),
            write(1, DATA + 0x11, 9),
            write(1, DATA + 0x25, 2),
        ],
        b"",
        b"",
    )
}

#[test]
fn writes_of_unaligned_buffers_prove() {
    let case = writes();
    let d = data();
    let expected: Vec<u8> = [&d[3..9], &d[..1], &d[0x11..0x1a], &d[0x25..0x27]].concat();
    assert_eq!(case.execution.output, expected);
    assert_eq!(case.execution.debug, &d[1..6]);
    case.assert_accepted();
}

/// [`writes`] with its claimed output changed by `edit` is rejected.
fn assert_output_edit_rejected(edit: impl FnOnce(&mut Vec<u8>)) {
    let mut case = writes();
    edit(&mut case.execution.output);
    case.assert_rejected();
}

#[test]
fn changed_output_byte_is_rejected() {
    assert_output_edit_rejected(|output| output[4] ^= 1);
}

#[test]
fn dropped_output_byte_is_rejected() {
    assert_output_edit_rejected(|output| {
        output.remove(6);
    });
}

#[test]
fn reordered_output_bytes_are_rejected() {
    assert_output_edit_rejected(|output| output.swap(2, 3));
}

#[test]
fn appended_output_byte_is_rejected() {
    assert_output_edit_rejected(|output| output.push(0x80));
}

#[test]
fn emitted_byte_not_in_memory_is_rejected() {
    // Claim the output's first byte is 0x84 instead of 0x83 and emit it from the row of word
    // DATA/4 (lane 3): the word's read then no longer matches memory.
    let mut case = writes();
    let id = ComponentId::IoOutput;
    let row = row_of(&mut case, id, DATA / 4);
    assert_eq!(case.get(id, "o3", row), 0x83);
    let oa23 = case.get(id, "o2", row) & 0x84;
    set_cells(&mut case, id, row, &[("o3", 0x84), ("oa23", oa23)]);
    case.execution.output[0] = 0x84;
    case.assert_rejected();
}

#[test]
fn statement_binds_input_read_and_output() {
    use crate::emulator::Input;
    use crate::prover::{prove, ProveOptions};
    use crate::verifier::{verify, VerifyError};
    // Echo 26 of 30 input bytes, a private byte count as the exit code.
    let mut code = [
        read(0, DATA + 0x101, 26),
        write(1, DATA + 0x101, 26),
        read(3, DATA + 0x203, 50),
    ]
    .concat();
    code.extend(exit_with(10));
    let program = program_with_data(&code, &data());
    let input = b"PocketVM reads any buffer! +4";
    let private = b"private";
    let options = ProveOptions {
        check_constraints: true,
        ..ProveOptions::default()
    };
    let (execution, proof) = prove(
        &program,
        Input {
            public: input,
            private,
        },
        &options,
        &mut |_, _| true,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(execution.output, &input[..26]);
    assert_eq!(proof.claim.input_read, 26);
    verify(&program, input, &input[..26], 7, &proof).unwrap_or_else(|e| panic!("{e}"));

    // Another input (one byte of the read prefix, or one after it), another output.
    let mut other = input.to_vec();
    other[3] ^= 1;
    assert!(verify(&program, &other, &input[..26], 7, &proof).is_err());
    other[3] ^= 1;
    other[27] ^= 1;
    assert!(verify(&program, &other, &input[..26], 7, &proof).is_err());
    assert!(matches!(
        verify(&program, input, &input[..25], 7, &proof),
        Err(VerifyError::ClaimMismatch { .. })
    ));
    // An edited claim: more or fewer input bytes read, or more than the input has.
    for read in [25, 27, 30, 1000] {
        let mut edited = proof.clone();
        edited.claim.input_read = read;
        assert!(verify(&program, input, &input[..26], 7, &edited).is_err());
    }
    // An edited claimed output, consistently: the proof's PubOut terms no longer balance.
    let mut edited = proof.clone();
    edited.claim.output[0] ^= 1;
    let output = edited.claim.output.clone();
    assert!(verify(&program, input, &output, 7, &edited).is_err());
}
