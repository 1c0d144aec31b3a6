//! Arbitrary bytes as a proof of fib(10): decoding and verification must return (never panic,
//! hang or allocate without bound), and only the honest proof may be accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pocketvm_core::{verify_claim, Program, Proof};
use std::sync::OnceLock;

const FIB: &[u8] = include_bytes!("../../tests/fixtures/elf/fib.elf");

fn fib() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| match Program::from_elf(FIB) {
        Ok(program) => program,
        Err(e) => panic!("the fixture ELF does not load: {e}"),
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(proof) = Proof::from_bytes(data) {
        if verify_claim(fib(), b"10", &proof).is_ok() {
            // Accepted: it must then claim what fib(10) really does.
            assert_eq!(proof.claim.output, b"55\n");
            assert_eq!(proof.claim.exit_code, 0);
        }
    }
});
