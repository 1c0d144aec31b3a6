//! The verifier's security gate: a proof proves at least 96 bits (UDR) for its own shape, or is
//! rejected before any cryptography, naming the weakest round; the bus proof of work and the
//! sampled-value layout are checked.

use super::parts::Splitter;
use super::segment_tests::{fib, segment_traces};
use super::{prove, prove_segments_with, ProveOptions, DEFAULT_PARAMS};
use crate::emulator::Input;
use crate::security::{udr_queries_for, StarkParams, MIN_PROVEN_BITS};
use crate::verifier::{verify_claim, VerifyError};

/// fib(30) with its components split into parts as the prover does at `split`, each part
/// proven at `params`.
fn prove_fib_parts(split: &StarkParams, params: &StarkParams) -> crate::proof::Proof {
    let program = fib();
    let (segments, claim) = segment_traces(&program, b"30", 16);
    let mut splitter = Splitter::new(*split, claim.0);
    let mut parts = Vec::new();
    for segment in segments {
        parts.extend(splitter.split(segment).unwrap_or_else(|e| panic!("{e}")));
    }
    prove_segments_with(params, &program, b"30", claim, parts).unwrap_or_else(|e| panic!("{e}"))
}

fn prove_fib_with(params: &StarkParams) -> crate::proof::Proof {
    prove_fib_parts(&DEFAULT_PARAMS, params)
}

/// Proven at `params`, split as at `split`, the proof is rejected for its `round`.
fn insufficient_split(split: &StarkParams, params: &StarkParams, round: &str) {
    let proof = prove_fib_parts(split, params);
    match verify_claim(&fib(), b"30", &proof) {
        Err(VerifyError::InsufficientSecurity { bits, weakest }) => {
            assert!(bits < MIN_PROVEN_BITS, "{bits}");
            assert!(weakest.ends_with(round), "{weakest}");
        }
        other => panic!("{params:?}: expected InsufficientSecurity, got {other:?}"),
    }
}

fn insufficient(params: &StarkParams, round: &str) {
    insufficient_split(&DEFAULT_PARAMS, params, round);
}

#[test]
fn the_default_parameters_are_the_weakest_accepted() {
    let proof = prove_fib_with(&DEFAULT_PARAMS);
    let report = verify_claim(&fib(), b"30", &proof).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.udr.bits >= MIN_PROVEN_BITS, "{report:?}");
    assert!(report.udr.bits < MIN_PROVEN_BITS + 1.0, "{report:?}");
    assert_eq!(report.params, Some(DEFAULT_PARAMS));
    let fewer_queries = StarkParams {
        queries: DEFAULT_PARAMS.queries - 1,
        ..DEFAULT_PARAMS
    };
    insufficient(&fewer_queries, "queries");
    let less_work = StarkParams {
        pow_bits: DEFAULT_PARAMS.pow_bits - 1,
        ..DEFAULT_PARAMS
    };
    insufficient(&less_work, "queries");
    // The parameters of the old format (80 queries) give about 49 bits.
    let old = StarkParams {
        queries: 80,
        ..DEFAULT_PARAMS
    };
    insufficient(&old, "queries");
}

#[test]
fn a_larger_blowup_with_fewer_queries_is_accepted() {
    for log_blowup in [2, 3] {
        let params = StarkParams {
            log_blowup,
            queries: udr_queries_for(MIN_PROVEN_BITS, log_blowup, 16),
            ..DEFAULT_PARAMS
        };
        // The prover splits the components into as many parts as the larger domain needs.
        let options = ProveOptions {
            params,
            ..ProveOptions::default()
        };
        let input = Input {
            public: b"30",
            private: b"",
        };
        let (_, proof) =
            prove(&fib(), input, &options, &mut |_, _| true).unwrap_or_else(|e| panic!("{e}"));
        let report = verify_claim(&fib(), b"30", &proof).unwrap_or_else(|e| panic!("{e}"));
        assert!(report.udr.bits >= MIN_PROVEN_BITS, "{report:?}");
        // Proven all at once, the same components fall short at this blowup.
        let program = fib();
        let (segments, claim) = segment_traces(&program, b"30", 16);
        let unsplit = prove_segments_with(&params, &program, b"30", claim, segments)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            verify_claim(&program, b"30", &unsplit),
            Err(VerifyError::InsufficientSecurity { .. })
        ));
        let fewer = StarkParams {
            queries: params.queries - 1,
            ..params
        };
        insufficient_split(&params, &fewer, "queries");
    }
}

#[test]
fn the_bus_proof_of_work_and_the_sampled_values_are_checked() {
    let proof = prove_fib_with(&DEFAULT_PARAMS);
    let mut forged = proof.clone();
    // Any other nonce also changes the bus draw (and would fail the balance); the test pins
    // the proof-of-work check itself. Proofs are deterministic, so this nonce's outcome is too.
    forged.bus_pow_nonce ^= 1;
    assert_eq!(
        verify_claim(&fib(), b"30", &forged),
        Err(VerifyError::BusProofOfWork)
    );

    let mut forged = proof.clone();
    if let Some(column) = forged.segments[0].stark.0.sampled_values[1].first_mut() {
        column.pop();
    }
    assert!(matches!(
        verify_claim(&fib(), b"30", &forged),
        Err(VerifyError::InvalidShape(_))
    ));
    let mut forged = proof;
    forged.segments[0].stark.0.sampled_values.0.pop();
    assert!(matches!(
        verify_claim(&fib(), b"30", &forged),
        Err(VerifyError::InvalidShape(_))
    ));
}
