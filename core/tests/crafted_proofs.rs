//! Crafted proofs: every structure stwo's verifier indexes without checking, malformed, is
//! rejected with an error (never a panic), and the verifier keeps working afterwards.

use pocketvm_core::proof::crafted;
use pocketvm_core::{prove, verify_claim, Input, Program, ProveOptions, VerifyError};

const FIB: &[u8] = include_bytes!("../../tests/fixtures/elf/fib.elf");

/// fib and an honest proof of fib(10).
fn fib_10() -> (Program, pocketvm_core::Proof) {
    let program = Program::from_elf(FIB).unwrap_or_else(|e| panic!("{e}"));
    let input = Input {
        public: b"10",
        private: b"",
    };
    let (_, proof) = prove(&program, input, &ProveOptions::default(), &mut |_, _| true)
        .unwrap_or_else(|e| panic!("{e}"));
    (program, proof)
}

/// The last part of `proof` (it holds the tables): the template of the forged parts below.
fn last_part(proof: &pocketvm_core::Proof) -> pocketvm_core::proof::SegmentProof {
    proof
        .segments
        .last()
        .cloned()
        .unwrap_or_else(|| panic!("no part"))
}

#[test]
fn every_crafted_structure_is_a_typed_error() {
    let (program, proof) = fib_10();
    for (name, variant) in crafted::variants(&proof) {
        let outcome = std::panic::catch_unwind(|| verify_claim(&program, b"10", &variant));
        match outcome {
            Ok(Err(VerifyError::Malformed(_) | VerifyError::InvalidShape(_))) => {}
            // A truncated Merkle path is stwo's own typed error.
            Ok(Err(VerifyError::Stark(e))) if name.contains("truncated") => {
                assert!(!e.contains("panicked"), "{name}: {e}")
            }
            Ok(other) => panic!("{name}: {other:?}"),
            Err(_) => panic!("{name}: the verifier panicked"),
        }
        // And round-trips through the encoding the same way (what a file would hold).
        let bytes = variant.to_bytes();
        if let Ok(decoded) = pocketvm_core::Proof::from_bytes(&bytes) {
            assert!(verify_claim(&program, b"10", &decoded).is_err(), "{name}");
        }
    }
    verify_claim(&program, b"10", &proof).unwrap_or_else(|e| panic!("{e}"));
}

/// Shapes that claim much and weigh little (at most 10 MB encoded): each is rejected, and its
/// verification time is printed (`cargo test --release -p pocketvm-core --test crafted_proofs
/// -- --ignored --nocapture`; figures in docs/benchmarks.md). Not a timing assertion.
#[test]
#[ignore = "prints verification times of crafted shapes; run by hand in release"]
fn crafted_shapes_cost_little() {
    use pocketvm_core::air::ComponentId;
    use stwo::core::fields::qm31::SecureField;
    let (program, proof) = fib_10();
    let template = last_part(&proof);
    let sampled = |n: usize| {
        let mut stark = template.stark.clone();
        stark.0.sampled_values.0 = vec![vec![vec![SecureField::default(); n]]];
        stark.0.queried_values.0 = vec![];
        stark.0.decommitments.0 = vec![];
        stark.0.fri_proof.inner_layers.clear();
        stark.0.fri_proof.first_layer.fri_witness.clear();
        stark
            .0
            .fri_proof
            .first_layer
            .decommitment
            .hash_witness
            .clear();
        stark
    };
    let part = |components: usize, log_size: u32, samples: usize| {
        let mut part = template.clone();
        part.components = vec![(ComponentId::Add, log_size); components];
        part.claimed_sums = vec![SecureField::default(); components];
        part.stark = sampled(samples);
        part
    };
    let forged = |parts: Vec<pocketvm_core::proof::SegmentProof>| {
        let mut forged = proof.clone();
        forged.segments = parts;
        forged
    };
    let cases = [
        (
            "4096 parts of 128 components, no samples",
            forged(vec![part(128, 24, 0); 4096]),
        ),
        (
            "900 parts of 128 components, 512 samples each",
            forged(vec![part(128, 4, 512); 900]),
        ),
        (
            "4096 parts of 20 components, 80 samples each",
            forged(vec![part(20, 16, 80); 4096]),
        ),
        (
            "the real last part six times",
            forged(vec![template.clone(); 6]),
        ),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/crafted");
    let _ = std::fs::create_dir_all(&dir);
    for (number, (name, case)) in cases.into_iter().enumerate() {
        let bytes = case.to_bytes();
        // For timing the release CLI on them: `pocketvm verify tests/fixtures/elf/fib.elf
        // target/crafted/N.proof --input <10>`.
        let _ = std::fs::write(dir.join(format!("{number}.proof")), &bytes);
        assert!(bytes.len() <= 10 << 20, "{name}: {} bytes", bytes.len());
        let start = std::time::Instant::now();
        let decoded = pocketvm_core::Proof::from_bytes(&bytes);
        let outcome = decoded.map(|p| verify_claim(&program, b"10", &p));
        let ms = start.elapsed().as_secs_f64() * 1e3;
        println!("{name}: {} bytes, {ms:.1} ms: {outcome:?}", bytes.len());
        assert!(!matches!(outcome, Ok(Ok(_))), "{name}");
    }
}

/// Proofs re-made with one query fewer or one bit of work fewer than the default parameters are
/// refused as proving less than 96 bits, naming the query round.
#[test]
fn weaker_parameters_are_refused() {
    let program = Program::from_elf(FIB).unwrap_or_else(|e| panic!("{e}"));
    let input = Input {
        public: b"10",
        private: b"",
    };
    let weaker = crafted::weaker(&program, input).unwrap_or_else(|e| panic!("{e}"));
    for (name, proof) in weaker {
        match verify_claim(&program, b"10", &proof) {
            Err(VerifyError::InsufficientSecurity { bits, weakest }) => {
                assert!(
                    bits < 96.0 && weakest.ends_with("queries"),
                    "{name}: {weakest}"
                )
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}

/// A shape whose LogUp relation would have p fractions or more (rule G7, `air::budget`) is
/// refused before any cryptography, even though each part alone looks small: 64 parts of 128
/// ADD instances of 2^16 rows put about 3.2·10^9 fractions in the Mem relation (six a row).
#[test]
fn shapes_over_the_multiplicity_budget_are_refused() {
    use pocketvm_core::air::ComponentId;
    use stwo::core::fields::qm31::SecureField;
    let (program, proof) = fib_10();
    let template = last_part(&proof);
    let log_size = template
        .components
        .iter()
        .map(|&(_, l)| l)
        .max()
        .unwrap_or(16);
    let mut part = template.clone();
    part.components = vec![(ComponentId::Add, log_size); 128];
    part.claimed_sums = vec![SecureField::default(); 128];
    part.stark.0.sampled_values.0 = vec![vec![vec![SecureField::default(); 4 * 128]]];
    let mut forged = proof.clone();
    forged.segments = vec![part; 64];
    match verify_claim(&program, b"10", &forged) {
        Err(VerifyError::InvalidShape(message)) => {
            assert!(message.contains("LogUp fractions of relation"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    // A quarter of it (16 parts, 8·10^8 Mem fractions) passes the budget and fails later.
    let mut smaller = forged.clone();
    smaller.segments.truncate(16);
    match verify_claim(&program, b"10", &smaller) {
        Err(VerifyError::InvalidShape(message)) => {
            assert!(!message.contains("LogUp fractions"), "{message}")
        }
        Err(_) => {}
        Ok(_) => panic!("a forged shape verified"),
    }
}
