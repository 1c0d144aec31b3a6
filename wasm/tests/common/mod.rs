//! Test bodies shared by the browser (`web.rs`) and Node (`node.rs`) suites.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

pub const FIB: &[u8] = include_bytes!("../../../tests/fixtures/elf/fib.elf");
pub const FIB_10_PROOF: &[u8] = include_bytes!("../../../tests/fixtures/proofs/fib-10.proof");

fn options(input: &[u8]) -> JsValue {
    let object = js_sys::Object::new();
    let _ = Reflect::set(&object, &"input".into(), &Uint8Array::from(input).into());
    object.into()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn bytes(value: &JsValue, key: &str) -> Vec<u8> {
    Uint8Array::new(&get(value, key)).to_vec()
}

fn code(error: &JsValue) -> String {
    get(error, "code").as_string().unwrap_or_default()
}

pub fn proves_and_verifies() {
    let proved = pocketvm_wasm::prove(FIB, options(b"10")).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(bytes(&proved, "output"), b"55\n");
    assert_eq!(get(&proved, "exitCode").as_f64(), Some(0.0));
    let proof = bytes(&proved, "proof");
    assert_eq!(
        proof, FIB_10_PROOF,
        "wasm and native proofs must be byte-identical"
    );
    let verified =
        pocketvm_wasm::verify(FIB, &proof, options(b"10")).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(get(&verified, "valid").as_bool(), Some(true));
    assert_eq!(bytes(&verified, "output"), b"55\n");
}

pub fn native_proof_verifies() {
    let verified = pocketvm_wasm::verify(FIB, FIB_10_PROOF, options(b"10"))
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(get(&verified, "valid").as_bool(), Some(true));
}

pub fn tampered_proof_is_rejected() {
    let mut proof = FIB_10_PROOF.to_vec();
    let at = proof.len() - 1000;
    proof[at] ^= 1;
    let error = pocketvm_wasm::verify(FIB, &proof, options(b"10"))
        .err()
        .unwrap_or(JsValue::NULL);
    assert!(
        matches!(code(&error).as_str(), "INVALID_PROOF" | "MALFORMED_PROOF"),
        "{error:?}"
    );
    let error = pocketvm_wasm::verify(FIB, FIB_10_PROOF, options(b"11"))
        .err()
        .unwrap_or(JsValue::NULL);
    assert_eq!(code(&error), "INVALID_PROOF");
}

pub fn malformed_elf_is_a_typed_error() {
    let error = pocketvm_wasm::prove(&[0x7f, b'E', b'L'], options(b""))
        .err()
        .unwrap_or(JsValue::NULL);
    assert_eq!(code(&error), "MALFORMED_PROGRAM");
    assert!(error.is_instance_of::<js_sys::Error>());
    let error = pocketvm_wasm::verify(b"garbage", FIB_10_PROOF, options(b""))
        .err()
        .unwrap_or(JsValue::NULL);
    assert_eq!(code(&error), "MALFORMED_PROGRAM");
}

/// Every crafted structure (`pocketvm_core::proof::crafted`) is a coded error, not a trap, and
/// the module keeps verifying afterwards.
pub fn crafted_proofs_are_coded_errors() {
    let proof = pocketvm_core::Proof::from_bytes(FIB_10_PROOF).unwrap_or_else(|e| panic!("{e}"));
    for (name, variant) in pocketvm_core::proof::crafted::variants(&proof) {
        let error = pocketvm_wasm::verify(FIB, &variant.to_bytes(), options(b"10"))
            .err()
            .unwrap_or(JsValue::NULL);
        assert!(
            matches!(code(&error).as_str(), "INVALID_PROOF" | "MALFORMED_PROOF"),
            "{name}: {error:?}"
        );
        let verified = pocketvm_wasm::verify(FIB, FIB_10_PROOF, options(b"10"))
            .unwrap_or_else(|e| panic!("after {name}: {e:?}"));
        assert_eq!(get(&verified, "valid").as_bool(), Some(true));
    }
}

/// A proof re-made with one query fewer or one bit of work fewer than required is refused with
/// INVALID_PROOF, naming the missing security.
pub fn weaker_parameters_are_refused() {
    let program = pocketvm_core::Program::from_elf(FIB).unwrap_or_else(|e| panic!("{e}"));
    let input = pocketvm_core::Input {
        public: b"10",
        private: b"",
    };
    let weaker =
        pocketvm_core::proof::crafted::weaker(&program, input).unwrap_or_else(|e| panic!("{e}"));
    for (name, proof) in weaker {
        let error = pocketvm_wasm::verify(FIB, &proof.to_bytes(), options(b"10"))
            .err()
            .unwrap_or(JsValue::NULL);
        assert_eq!(code(&error), "INVALID_PROOF", "{name}: {error:?}");
        let message = get(&error, "message").as_string().unwrap_or_default();
        assert!(
            message.contains("below the required 96"),
            "{name}: {message}"
        );
    }
}
