//! EcallWrite: the RISC-V `write` edge cases prove; forged cursors and lengths are refused.

use crate::air::components::io::tests::{data, read, run, set_cells, write, DATA};
use crate::air::components::ComponentId;

#[test]
fn edge_cases_prove() {
    // Zero-length writes to both fds (one at address 0), debug text between output writes,
    // one byte in the middle of a word, a long buffer from the stack area, a buffer ending
    // at 2^32.
    let case = run(
        &[
            write(1, 0, 0),
            write(2, DATA + 2, 0),
            write(1, DATA + 0x12, 1),
            write(2, DATA, 40),
            write(1, DATA + 0x3d, 3),
            read(0, 0x7fff_0003, 300),
            write(1, 0x7fff_0003, 301),
            write(2, 0xffff_fffe, 2),
        ],
        &[0x5a; 300],
        b"",
    );
    let d = data();
    let mut expected = vec![d[0x12], d[0x3d], d[0x3e], d[0x3f]];
    expected.extend([0x5a; 300]);
    expected.push(0);
    assert_eq!(case.execution.output, expected);
    assert_eq!(case.execution.exit_code, 2);
    case.assert_accepted();
}

#[test]
fn debug_only_writes_prove() {
    let case = run(&[write(2, DATA + 1, 7), write(2, DATA + 3, 1)], b"", b"");
    assert!(case.execution.output.is_empty());
    assert_eq!(case.execution.debug.len(), 8);
    case.assert_accepted();
}

/// write(1, DATA + 1, 5), write(1, DATA + 9, 2).
fn two_writes() -> crate::air::testing::Case {
    run(&[write(1, DATA + 1, 5), write(1, DATA + 9, 2)], b"", b"")
}

#[test]
fn two_writes_prove() {
    two_writes().assert_accepted();
}

#[test]
fn write_at_a_wrong_position_is_rejected() {
    // The second write claims the output had 6 bytes before it (a gap at position 5).
    let mut case = two_writes();
    let id = ComponentId::EcallWrite;
    assert_eq!(case.get(id, "c_lo", 1), 5);
    set_cells(&mut case, id, 1, &[("c_lo", 6), ("e_lo", 8)]);
    case.assert_rejected();
}

#[test]
fn output_write_passed_off_as_debug_is_rejected() {
    // Hide the second write from the output (dbg = 1, debug register 36) and claim an output
    // without its bytes.
    let mut case = two_writes();
    let id = ComponentId::EcallWrite;
    set_cells(&mut case, id, 1, &[("dbg", 1), ("c_lo", 0), ("e_lo", 2)]);
    case.execution.output.truncate(5);
    case.assert_rejected();
}
