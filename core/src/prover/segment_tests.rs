//! Segments: a run proven in several segments verifies, and every way of cutting, reordering,
//! mixing or re-proving segments so that they no longer form one run is rejected.

use super::segmenter::Segmenter;
use super::{prove, prove_segments, ProveOptions, TestClaim};
use crate::air::trace::ComponentTrace;
use crate::emulator::{run, Input, RunOptions};
use crate::program::Program;
use crate::proof::Proof;
use crate::verifier::{verify_claim, VerifyError};

const FIB: &[u8] = include_bytes!("../../../tests/fixtures/elf/fib.elf");

pub(super) fn fib() -> Program {
    Program::from_elf(FIB).unwrap_or_else(|e| panic!("{e}"))
}

fn prove_fib(n: &str, segment_log_cycles: u32) -> Proof {
    let options = ProveOptions {
        segment_log_cycles,
        ..ProveOptions::default()
    };
    let input = Input {
        public: n.as_bytes(),
        private: b"",
    };
    let (_, proof) =
        prove(&fib(), input, &options, &mut |_, _| true).unwrap_or_else(|e| panic!("{e}"));
    proof
}

/// A run's segment traces, all in memory, and its claim.
pub(super) fn segment_traces(
    program: &Program,
    public: &[u8],
    log_cycles: u32,
) -> (Vec<Vec<ComponentTrace>>, TestClaim) {
    let input = Input {
        public,
        private: b"",
    };
    let options = RunOptions::default();
    let execution = run(program, input, &options).unwrap_or_else(|e| panic!("{e}"));
    let mut segmenter = Segmenter::new(
        program,
        input,
        &options,
        execution.exit_code,
        0,
        1 << log_cycles,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut segments = Vec::new();
    while let Some(traces) = segmenter.next().unwrap_or_else(|e| panic!("{e}")) {
        segments.push(traces);
    }
    let claim = (
        execution.exit_code,
        execution.output,
        execution.stats.cycles as u32,
        execution.stats.public_input_read as u32,
    );
    (segments, claim)
}

#[test]
fn segmented_runs_verify_with_boundary_components_last() {
    let program = fib();
    let input = Input {
        public: b"150",
        private: b"",
    };
    let execution = run(&program, input, &RunOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let cycles = execution.stats.cycles;
    for log in [8, 9, 27] {
        let proof = prove_fib("150", log);
        assert_eq!(
            proof.segments.len() as u64,
            cycles.div_ceil(1 << log),
            "2^{log}"
        );
        assert_eq!(proof.claim.output, execution.output);
        verify_claim(&program, b"150", &proof).unwrap_or_else(|e| panic!("2^{log}: {e}"));
        // Only the last segment holds the boundary and table components.
        for (i, segment) in proof.segments.iter().enumerate() {
            let last = i + 1 == proof.segments.len();
            assert!(segment
                .components
                .iter()
                .all(|(id, _)| !id.is_boundary() || last));
        }
    }
}

#[test]
fn dropped_reordered_duplicated_or_spliced_segments_are_rejected() {
    let program = fib();
    let proof = prove_fib("150", 8);
    let n = proof.segments.len();
    assert!(n >= 3, "{n} segments");
    let rejected = |edited: &Proof, what: &str| {
        assert!(
            verify_claim(&program, b"150", edited).is_err(),
            "{what} was accepted"
        );
    };
    for drop in [0, 1, n - 1] {
        let mut edited = proof.clone();
        edited.segments.remove(drop);
        rejected(&edited, &format!("dropping segment {drop}"));
    }
    let mut edited = proof.clone();
    edited.segments.swap(0, 1);
    rejected(&edited, "swapping segments 0 and 1");
    let mut edited = proof.clone();
    edited.segments.insert(1, proof.segments[1].clone());
    rejected(&edited, "a duplicated segment");

    // The same program on another input, cut the same way: its segments do not fit.
    let other = prove_fib("151", 8);
    for i in [0, 1, n - 1] {
        let mut edited = proof.clone();
        edited.segments[i] = other.segments[i].clone();
        rejected(&edited, &format!("segment {i} from another run"));
    }
    // A claimed sum moved from one segment to another keeps the total but not the STARKs.
    let mut edited = proof.clone();
    let moved = edited.segments[0].claimed_sums[0];
    edited.segments[0].claimed_sums[0] -= moved;
    edited.segments[1].claimed_sums[0] += moved;
    rejected(&edited, "a claimed sum moved between segments");
}

/// Re-proving segments honestly (each STARK is valid) after cutting or mixing them: only the
/// shared LogUp argument can catch it, and it does.
#[test]
fn segments_that_do_not_form_one_run_fail_the_shared_logup() {
    let program = fib();
    let (segments, claim) = segment_traces(&program, b"150", 8);
    assert!(segments.len() >= 3);
    let honest = prove_segments(&program, b"150", claim.clone(), segments.clone())
        .unwrap_or_else(|e| panic!("{e}"));
    verify_claim(&program, b"150", &honest).unwrap_or_else(|e| panic!("{e}"));

    // A middle segment left out: the state and registers at its ends are unmatched.
    let mut cut = segments.clone();
    cut.remove(1);
    let proof =
        prove_segments(&program, b"150", claim.clone(), cut).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        verify_claim(&program, b"150", &proof),
        Err(VerifyError::LogupImbalance)
    );

    // The first segment of another run (another input: other register values, so other
    // boundary values, at the cut) followed by this run's segments.
    let (other, _) = segment_traces(&program, b"151", 8);
    let mut mixed = segments.clone();
    mixed[0] = other[0].clone();
    let proof =
        prove_segments(&program, b"150", claim.clone(), mixed).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        verify_claim(&program, b"150", &proof),
        Err(VerifyError::LogupImbalance)
    );

    // A table moved into the first part is a valid split (parts may hold any components)...
    let mut moved = segments.clone();
    let table = moved
        .last_mut()
        .and_then(|last| {
            let i = last.iter().position(|t| t.id.is_boundary())?;
            Some(last.remove(i))
        })
        .unwrap_or_else(|| panic!("no boundary component"));
    moved[0].push(table.clone());
    let proof =
        prove_segments(&program, b"150", claim.clone(), moved).unwrap_or_else(|e| panic!("{e}"));
    verify_claim(&program, b"150", &proof).unwrap_or_else(|e| panic!("{e}"));

    // ...but each boundary or table component appears once in the whole proof.
    let mut doubled = segments;
    doubled[0].push(table);
    let proof = prove_segments(&program, b"150", claim, doubled).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        verify_claim(&program, b"150", &proof),
        Err(VerifyError::InvalidShape(_))
    ));
}
