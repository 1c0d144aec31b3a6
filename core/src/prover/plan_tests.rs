//! The counting pass's verdict (`plan`): its memory regions are the proof's, honest runs pass
//! its bounds, loose bounds defer to the exact pass, and memory spread too thin is refused.

use super::plan::{self, Verdict};
use super::{ProveError, ProveOptions};
use crate::air::trace::build;
use crate::air::ComponentId;
use crate::emulator::{record, run_touched, ExecStats, Execution, Input, RunOptions};
use crate::isa::Family;
use crate::Program;

fn fixtures() -> Vec<(&'static str, &'static [u8], Vec<u8>)> {
    vec![
        (
            "fib",
            include_bytes!("../../../tests/fixtures/elf/fib.elf"),
            b"2000".to_vec(),
        ),
        (
            "sha256",
            include_bytes!("../../../tests/fixtures/elf/sha256.elf"),
            (0..3000u32).map(|i| (i * 37 % 251) as u8).collect(),
        ),
        (
            "sort",
            include_bytes!("../../../tests/fixtures/elf/sort.elf"),
            b"9 3 7 1 8 2 6".to_vec(),
        ),
        (
            "crc32",
            include_bytes!("../../../tests/fixtures/elf/crc32.elf"),
            b"hello, world".to_vec(),
        ),
    ]
}

/// The counting pass over a fixture: its program, execution and touched words.
fn counted(name: &str, elf: &[u8], public: &[u8]) -> (Program, Execution, Vec<u32>) {
    let program = Program::from_elf(elf).unwrap_or_else(|e| panic!("{name}: {e}"));
    let input = Input {
        public,
        private: b"",
    };
    let (execution, touched) = run_touched(&program, input, &RunOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    (program, execution, touched)
}

#[test]
fn counted_regions_are_the_proofs_regions() {
    let options = RunOptions::default();
    for (name, elf, public) in fixtures() {
        let (program, execution, touched) = counted(name, elf, &public);
        let input = Input {
            public: &public,
            private: b"",
        };
        let counted = plan::regions(&program, &touched);
        let (_, events) =
            record(&program, input, &options, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        let traces = build(&program, &events, execution.exit_code, public.len() as u32)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let built: Vec<_> = traces
            .iter()
            .filter_map(|t| match t.id {
                ComponentId::MemRegion(r) => Some(r),
                _ => None,
            })
            .collect();
        assert!(!built.is_empty(), "{name}");
        assert_eq!(counted, built, "{name}");
    }
}

#[test]
fn honest_runs_pass_the_counting_bounds() {
    let options = ProveOptions::default();
    for (name, elf, public) in fixtures() {
        let (program, execution, touched) = counted(name, elf, &public);
        let io = crate::air::public::PublicIo {
            input: &public,
            input_read: execution.stats.public_input_read as u32,
            output: &execution.output,
        };
        let mut splitter = super::parts::Splitter::new(options.params, execution.exit_code);
        let verdict = plan::check(
            &program,
            &execution.stats,
            &touched,
            &io,
            options.segment_log_cycles,
            1,
            &mut splitter,
        );
        assert_eq!(verdict, Ok(Verdict::Provable), "{name}");
    }
}

/// `plan::check` on made-up counting-pass figures for a tiny program.
fn verdict(stats: &ExecStats, touched: &[u32], segment_log: u32) -> Result<Verdict, ProveError> {
    let program = Program::from_elf(include_bytes!("../../../tests/fixtures/elf/fib.elf"))
        .unwrap_or_else(|e| panic!("{e}"));
    let io = crate::air::public::PublicIo {
        input: b"",
        input_read: 0,
        output: b"",
    };
    let options = ProveOptions::default();
    let mut splitter = super::parts::Splitter::new(options.params, 0);
    let segments = stats.cycles.div_ceil(1 << segment_log).max(1);
    plan::check(
        &program,
        stats,
        touched,
        &io,
        segment_log,
        segments,
        &mut splitter,
    )
}

#[test]
fn loose_bounds_defer_to_the_real_shapes() {
    // 600,000 divisions in one segment of 2^27 cycles: a DIV instance of 2^20 rows would not
    // reach 96 bits alone, but the rows may split between DIV, DIVU, REM and REMU, so the
    // counting pass cannot tell: the real shapes decide.
    let mut stats = ExecStats {
        cycles: 1_800_000,
        ..ExecStats::default()
    };
    stats.rows[Family::DivRem as usize] = 600_000;
    stats.rows[Family::AddImm as usize] = 600_000;
    stats.rows[Family::BranchEq as usize] = 600_000;
    assert_eq!(verdict(&stats, &[], 27), Ok(Verdict::CheckShapes));
    // In segments of 2^18 cycles every instance fits.
    assert_eq!(verdict(&stats, &[], 18), Ok(Verdict::Provable));
}

#[test]
fn runs_near_the_fraction_budget_defer_to_the_real_shapes() {
    // 2^27 − 1 cycles of ADD: with the padding bound (twice the rows), its eight Rc16 lookups a
    // row reach p; whether the real padding does is for the exact pass to say.
    let mut stats = ExecStats {
        cycles: (1 << 27) - 1,
        ..ExecStats::default()
    };
    stats.rows[Family::AddSub as usize] = (1 << 27) - 1;
    assert_eq!(verdict(&stats, &[], 18), Ok(Verdict::CheckShapes));
    // Ten million cycles are within every bound.
    stats.cycles = 10_000_000;
    stats.rows[Family::AddSub as usize] = 10_000_000;
    assert_eq!(verdict(&stats, &[], 18), Ok(Verdict::Provable));
}

#[test]
fn memory_spread_over_too_many_regions_is_refused() {
    // 65 words 16 MiB apart: every one needs a region of its own after the cut into 4 MiB
    // pieces, one more than a proof may have.
    let stats = ExecStats {
        cycles: 1000,
        ..ExecStats::default()
    };
    let touched: Vec<u32> = (0..65u32).map(|i| i << 22).collect();
    match verdict(&stats, &touched, 18) {
        Err(ProveError::TooLarge(message)) => assert!(message.contains("regions"), "{message}"),
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert_eq!(verdict(&stats, &touched[..40], 18), Ok(Verdict::Provable));
}

#[test]
fn the_exact_pass_counts_every_segment_and_can_be_cancelled() {
    let public = b"2000".to_vec();
    let (program, execution, _) = counted(
        "fib",
        include_bytes!("../../../tests/fixtures/elf/fib.elf"),
        &public,
    );
    let input = Input {
        public: &public,
        private: b"",
    };
    let io = crate::air::public::PublicIo {
        input: &public,
        input_read: execution.stats.public_input_read as u32,
        output: &execution.output,
    };
    let segment_cycles = 1 << 10;
    let segmenter = || {
        super::segmenter::Segmenter::new(
            &program,
            input,
            &RunOptions::default(),
            execution.exit_code,
            0,
            segment_cycles,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    };
    let options = ProveOptions::default();
    let mut splitter = super::parts::Splitter::new(options.params, execution.exit_code);
    let mut calls = 0;
    let result = plan::exact(&program, segmenter(), &io, &mut splitter, &mut || {
        calls += 1;
        Ok(())
    });
    assert_eq!(result, Ok(()));
    assert_eq!(
        calls as u64,
        execution.stats.cycles.div_ceil(segment_cycles)
    );
    let cancelled = plan::exact(&program, segmenter(), &io, &mut splitter, &mut || {
        Err(ProveError::Cancelled)
    });
    assert_eq!(cancelled, Err(ProveError::Cancelled));
}
