//! The wasm bindings in Node (`wasm-bindgen-test-runner`).

mod common;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn proves_and_verifies_in_node() {
    common::proves_and_verifies();
}

#[wasm_bindgen_test]
fn native_proof_verifies_in_node() {
    common::native_proof_verifies();
}

#[wasm_bindgen_test]
fn tampered_proof_is_rejected_in_node() {
    common::tampered_proof_is_rejected();
}

#[wasm_bindgen_test]
fn malformed_elf_is_a_typed_error_in_node() {
    common::malformed_elf_is_a_typed_error();
}

#[wasm_bindgen_test]
fn crafted_proofs_are_coded_errors_in_node() {
    common::crafted_proofs_are_coded_errors();
}

#[wasm_bindgen_test]
fn weaker_parameters_are_refused_in_node() {
    common::weaker_parameters_are_refused();
}
