//! EcallRead: the RISC-V `read` edge cases prove; forged counts and lengths are refused.

use crate::air::components::io::buffer::inverse;
use crate::air::components::io::tests::{read, run, set_cells, DATA};
use crate::air::components::ComponentId;

#[test]
fn edge_cases_prove() {
    // Zero length at address 0; exactly the bytes left (f = 1 with δ = 0) after a partial read;
    // at the end of the stream with a buffer ending at 2^32 (no wrap, X = 0).
    let case = run(
        &[
            read(0, 0, 0),
            read(0, DATA + 7, 4),
            read(0, DATA + 0x13, 6),
            read(0, 0xffff_fff0, 16),
        ],
        b"0123456789",
        b"",
    );
    assert_eq!(case.execution.stats.public_input_read, 10);
    assert_eq!(case.execution.exit_code, 0);
    case.assert_accepted();
}

#[test]
fn empty_inputs_prove() {
    let case = run(&[read(0, DATA + 1, 9), read(3, DATA + 2, 9)], b"", b"");
    assert_eq!(case.execution.exit_code, 0);
    case.assert_accepted();
}

#[test]
fn private_read_to_the_end_proves() {
    // The first private read fixes the private length (here: it reads all 5 bytes of 8 asked),
    // later reads see 0 bytes left.
    let case = run(&[read(3, DATA + 1, 8), read(3, DATA + 9, 3)], b"", b"hello");
    assert_eq!(case.execution.exit_code, 0);
    case.assert_accepted();
}

/// read(0, DATA + 5, 100) with 6 bytes of input: n = 6 (f = 0).
fn past_the_end() -> crate::air::testing::Case {
    run(&[read(0, DATA + 5, 100)], b"abcdef", b"")
}

#[test]
fn read_past_the_end_proves() {
    let case = past_the_end();
    assert_eq!(case.execution.exit_code, 6);
    case.assert_accepted();
}

#[test]
fn more_bytes_than_left_are_rejected() {
    // Claim the full 100 bytes: f = 1, n = len, δ = R − len = −94 (not in range) and a
    // chain of 100 bytes that the 6-byte rows do not carry.
    let mut case = past_the_end();
    let id = ComponentId::EcallReadPublic;
    let p = (1u32 << 31) - 1;
    let cells = [
        ("f", 1),
        ("n_lo", 100),
        ("d_lo", p - 94),
        ("d_hi", 0),
        ("q_lo", p - 94),
        ("inv", inverse(100)),
    ];
    set_cells(&mut case, id, 0, &cells);
    case.assert_rejected();
}

#[test]
fn fewer_bytes_than_available_are_rejected() {
    // read(0, buf, 4) with 10 bytes left must return 4: claim 3 (and keep R − n consistent).
    let mut case = run(&[read(0, DATA, 4)], b"0123456789", b"");
    let id = ComponentId::EcallReadPublic;
    assert_eq!(case.get(id, "n_lo", 0), 4);
    set_cells(&mut case, id, 0, &[("n_lo", 3), ("d_lo", 7), ("q_lo", 7)]);
    case.assert_rejected();
}

#[test]
fn stale_private_length_is_rejected() {
    // Two private reads of 3 bytes: the first fixes the private length (the prover's choice
    // is the 6 bytes consumed), so the second sees 3 left. Claim the register is still fresh
    // at the second read and choose a new length, 7 (4 left after it).
    let mut case = run(
        &[read(3, DATA + 1, 3), read(3, DATA + 9, 3)],
        b"",
        b"abcdefgh",
    );
    let id = ComponentId::EcallReadPrivate;
    assert_eq!(case.get(id, "s", 1), 1);
    assert_eq!(case.get(id, "r_lo", 1), 3);
    let cells = [("s", 0), ("r_lo", 0), ("m_lo", 7), ("d_lo", 4), ("q_lo", 4)];
    set_cells(&mut case, id, 1, &cells);
    case.assert_rejected();
}

#[test]
fn wrong_first_lane_is_rejected() {
    // read(0, DATA + 1, 3): claim the buffer starts at lane 0 (buf.lo = 4·w0 + 0 + 1 fails).
    let mut case = run(&[read(0, DATA + 1, 3)], b"xyz", b"");
    let id = ComponentId::EcallReadPublic;
    assert_eq!(case.get(id, "z0", 0), 1);
    case.set(id, "z0", 0, 0);
    case.assert_rejected();
}
