//! The committed proof fixtures (made by the native CLI, also checked by the wasm tests) still
//! verify, and proving the same statement again gives the same bytes: proofs are
//! deterministic, which is what makes native and wasm proofs byte-identical.

use pocketvm_core::{prove, verify, Input, Program, Proof, ProveOptions};

fn fixture(path: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (see tests/fixtures/proofs/regenerate.sh)"))
}

#[test]
fn fib_10_fixture_verifies_and_reproduces() {
    let program = Program::from_elf(&fixture("elf/fib.elf")).unwrap_or_else(|e| panic!("{e}"));
    let bytes = fixture("proofs/fib-10.proof");
    let proof = Proof::from_bytes(&bytes).unwrap_or_else(|e| panic!("{e}"));
    verify(&program, b"10", b"55\n", 0, &proof).unwrap_or_else(|e| panic!("{e}"));
    let input = Input {
        public: b"10",
        private: b"",
    };
    let (_, again) = prove(&program, input, &ProveOptions::default(), &mut |_, _| true)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(again.to_bytes() == bytes, "the prover no longer reproduces the fixture: run tests/fixtures/proofs/regenerate.sh if the change was intended");
}
