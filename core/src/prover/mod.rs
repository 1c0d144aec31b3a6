//! Proving: execute, record, build every component's trace and run stwo over them in the
//! shared transcript schedule ([`crate::schedule`]).
//!
//! A run is proven in **segments** of at most 2^k cycles (`ProveOptions::segment_log_cycles`)
//! so that only one segment's traces and commitments are ever in memory:
//! 1. the counting pass sizes the run;
//! 2. each segment is recorded from where the previous one stopped, turned into traces
//!    ([`segmenter`]), and its main trace committed; only the Merkle root is kept (for the last
//!    segment, which also holds the boundary and table components, the whole commitment);
//! 3. the shared channel absorbs the statement and every root, and the bus challenges are drawn;
//! 4. the last segment is proven, then the run is recorded again from the start and every other
//!    segment rebuilt, recommitted (same root) and proven on those challenges.
//!
//! The verifier checks every segment's STARK and that all claimed sums plus the public terms add
//! to zero (docs/segments.md gives the argument).

mod parts;
mod plan;
mod segmenter;
mod stark;

use crate::air::bus::Bus;
use crate::air::public::PublicIo;
use crate::air::trace::{check_balance, check_rows, ComponentTrace};
use crate::air::WitnessError;
use crate::emulator::{run_touched, ExecError, Execution, Input, RunOptions};
use crate::program::Program;
use crate::proof::{Claim, Proof, SegmentProof};
use crate::schedule::{channel_for, program_digest, Statement, BUS_POW_BITS, DEFAULT_PARAMS};
use crate::security::StarkParams;
use num_traits::Zero;
use segmenter::Segmenter;
use stark::{commit_main, main_root, prove_segment, FixedTrees};
use stwo::core::channel::MerkleChannel;
use stwo::core::channel::{Blake2sChannel, Channel};
use stwo::core::fields::m31::BaseField;
use stwo::core::proof_of_work::GrindOps;
use stwo::core::vcs_lifted::blake2_merkle::Blake2sMerkleChannel;
use stwo::prover::backend::simd::SimdBackend;
use stwo::prover::poly::circle::CircleEvaluation;
use stwo::prover::poly::BitReversedOrder;

/// A committed column.
pub(crate) type TraceColumn = CircleEvaluation<SimdBackend, BaseField, BitReversedOrder>;

/// The most cycles one proof covers (timestamps 3·clk + 3 stay below 2^29).
pub const MAX_PROVABLE_CYCLES: u64 = 1 << 27;

/// The phases of [`prove`], in order, as reported to its progress callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Running the program (counting pass).
    Execute,
    /// Recording events and building the traces.
    Trace,
    /// Committing the fixed and main traces.
    Commit,
    /// Building and committing the LogUp traces.
    Interaction,
    /// The STARK proof proper (composition, FRI, proof of work).
    Prove,
}

impl Phase {
    /// A short name.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Execute => "execute",
            Phase::Trace => "trace",
            Phase::Commit => "commit",
            Phase::Interaction => "interaction",
            Phase::Prove => "prove",
        }
    }
}

/// Why proving failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProveError {
    /// The program did not run to `exit`.
    #[error("execution failed: {0}")]
    Execution(#[from] ExecError),
    /// The run is longer than one proof covers.
    #[error("the run has {0} cycles; one proof covers at most {MAX_PROVABLE_CYCLES}")]
    TooLong(u64),
    /// The run used something the AIR cannot prove.
    #[error("not provable: {0}")]
    Unprovable(#[from] WitnessError),
    /// The run is too large for one proof in another way than its length (memory spread over
    /// too many regions, or a LogUp relation over its budget, `air::budget`).
    #[error("the run is too large for one proof: {0}")]
    TooLarge(String),
    /// The FRI or proof-of-work parameters cannot reach `security::MIN_PROVEN_BITS`.
    #[error("parameters too weak for 96 proven bits: {0}")]
    WeakParameters(String),
    /// The progress callback asked to stop.
    #[error("proving was cancelled")]
    Cancelled,
    /// stwo refused (a constraint does not hold: a bug in PocketVM's trace generation).
    #[error("internal proving error: {0}")]
    Internal(String),
}

/// The default segment size: 2^18 cycles (docs/benchmarks.md: the best time per cycle within
/// the 512 MB budget), or 2^17 for runs over [`LONG_RUN_CYCLES`].
pub const DEFAULT_SEGMENT_LOG_CYCLES: u32 = 18;
/// Runs longer than this (2^24 cycles) prove in segments of 2^17 when the default is asked
/// for: the proof, which grows by about 0.6 MB per part, is held in memory until the end, and
/// a segment of 2^17 needs about 200 MiB less while proving as fast (docs/benchmarks.md).
pub const LONG_RUN_CYCLES: u64 = 1 << 24;
/// The smallest and largest segment sizes [`ProveOptions::segment_log_cycles`] accepts (it is
/// clamped to this range).
pub const SEGMENT_LOG_CYCLES_RANGE: (u32, u32) = (8, 27);

/// Limits and checks for [`prove`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProveOptions {
    /// Execution limits.
    pub run: RunOptions,
    /// Check every row of every trace before proving, and report a failing constraint by
    /// component and row (slower; for debugging PocketVM itself).
    pub check_constraints: bool,
    /// Embed the program in the proof, so a verifier can check it against the program digest
    /// alone (`verify_digest`). Adds the size of the loadable segments to the proof.
    pub embed_program: bool,
    /// log2 of the most cycles one segment covers (clamped to [`SEGMENT_LOG_CYCLES_RANGE`], and
    /// raised if the run would need more than `verifier::MAX_SEGMENTS` segments). Peak memory
    /// grows with it; proof size with the number of segments. The default,
    /// [`DEFAULT_SEGMENT_LOG_CYCLES`], becomes 17 for runs over [`LONG_RUN_CYCLES`].
    pub segment_log_cycles: u32,
    /// FRI and proof-of-work parameters of every part. The prover splits each segment into as
    /// many parts as needed for every part to prove `security::MIN_PROVEN_BITS` at these
    /// parameters; too few queries or bits of work for that is an error before any work.
    pub params: StarkParams,
}

impl Default for ProveOptions {
    fn default() -> Self {
        ProveOptions {
            run: RunOptions::default(),
            check_constraints: false,
            embed_program: false,
            segment_log_cycles: DEFAULT_SEGMENT_LOG_CYCLES,
            params: DEFAULT_PARAMS,
        }
    }
}

/// Proves one run of `program` on `input`. `progress(phase, fraction)` is called as work
/// advances (fraction of the whole job, 0 to 1, at least once per segment and phase); returning
/// `false` cancels.
pub fn prove(
    program: &Program,
    input: Input<'_>,
    options: &ProveOptions,
    progress: &mut dyn FnMut(Phase, f32) -> bool,
) -> Result<(Execution, Proof), ProveError> {
    let mut report = |phase: Phase, fraction: f32| {
        if progress(phase, fraction) {
            Ok(())
        } else {
            Err(ProveError::Cancelled)
        }
    };
    report(Phase::Execute, 0.0)?;
    let params = options.params;
    parts::check_params(&params)?;
    // The counting pass: sizes, and every word the run touched (its memory regions).
    let (execution, touched) = run_touched(program, input, &options.run)?;
    let stats = &execution.stats;
    if stats.cycles >= MAX_PROVABLE_CYCLES {
        return Err(ProveError::TooLong(stats.cycles));
    }
    let (lo, hi) = SEGMENT_LOG_CYCLES_RANGE;
    let mut segment_log = options.segment_log_cycles.clamp(lo, hi);
    if options.segment_log_cycles == DEFAULT_SEGMENT_LOG_CYCLES && stats.cycles > LONG_RUN_CYCLES {
        segment_log -= 1;
    }
    // Never more parts than a verifier accepts: larger segments for very long runs (a segment
    // rarely needs more than two parts).
    let max_segments = crate::verifier::MAX_SEGMENTS as u64 / 2;
    while stats.cycles.div_ceil(1 << segment_log) > max_segments {
        segment_log += 1;
    }
    let segment_cycles = 1u64 << segment_log;
    let segments = stats.cycles.div_ceil(segment_cycles).max(1) as usize;
    let segmenter = || {
        Segmenter::new(
            program,
            input,
            &options.run,
            execution.exit_code,
            stats.private_input_read as u32,
            segment_cycles,
        )
    };
    let io = PublicIo {
        input: input.public,
        input_read: stats.public_input_read as u32,
        output: &execution.output,
    };
    let share = |done: usize| done as f32 / segments as f32;
    let mut splitter = parts::Splitter::new(params, execution.exit_code);
    // Refuse what cannot be proven before any proving work.
    let verdict = plan::check(
        program,
        stats,
        &touched,
        &io,
        segment_log,
        segments as u64,
        &mut splitter,
    )?;
    drop(touched);
    if verdict == plan::Verdict::CheckShapes {
        // Long: report it as part of the trace phase, so that it can be cancelled.
        let mut done = 0;
        let mut each_segment = || {
            done += 1;
            report(Phase::Trace, 0.02 * share(done))
        };
        plan::exact(program, segmenter()?, &io, &mut splitter, &mut each_segment)?;
    }

    // Pass 1: every part's shape and main-trace root; the last segment's parts stay committed.
    report(Phase::Trace, 0.02)?;
    let mut fixed = FixedTrees::new(params.log_blowup);
    let mut shapes = Vec::new();
    let mut roots = Vec::new();
    let mut last = Vec::new();
    let mut recorded = 0;
    let mut rows_sum = stwo::core::fields::qm31::SecureField::zero();
    let mut pass = segmenter()?;
    while let Some(traces) = pass.next()? {
        report(Phase::Commit, 0.02 + 0.3 * share(recorded))?;
        recorded += 1;
        if options.check_constraints {
            rows_sum += check_rows(&traces, execution.exit_code).map_err(ProveError::Internal)?;
            if pass.finished() {
                let cycles = stats.cycles as u32;
                check_balance(program, rows_sum, &traces, cycles, &io)
                    .map_err(ProveError::Internal)?;
            }
        }
        let finished = pass.finished();
        for part in splitter.split(traces)? {
            shapes.push(shape(&part));
            if finished {
                let committed = commit_main(part, execution.exit_code, &mut fixed);
                roots.push(committed.root);
                last.push(committed);
            } else {
                roots.push(main_root(part, &mut fixed));
            }
        }
    }
    if recorded != segments || last.is_empty() {
        return Err(ProveError::Internal(format!(
            "{recorded} segments recorded, {segments} expected"
        )));
    }
    let parts = shapes.len();
    let first_last = parts - last.len();

    // The shared challenges, after every part's main trace is committed.
    report(Phase::Interaction, 0.32)?;
    let statement = Statement {
        program_digest: program_digest(program),
        public_input: input.public,
        output: &execution.output,
        exit_code: execution.exit_code,
        cycles: stats.cycles as u32,
        input_read: io.input_read,
        shapes: shapes.iter().map(Vec::as_slice).collect(),
    };
    let (shared, bus, bus_pow_nonce) = draw_bus(&statement, &roots);

    // Pass 2: the last segment's parts, then every other part rebuilt from the start of the run.
    let mut proofs: Vec<Option<SegmentProof>> = (0..parts).map(|_| None).collect();
    let proving = |done: usize| 0.35 + 0.65 * done as f32 / parts as f32;
    report(Phase::Prove, proving(0))?;
    for (offset, committed) in last.into_iter().enumerate() {
        let index = first_last + offset;
        proofs[index] = Some(prove_segment(
            committed, &params, &bus, &shared, index, &mut fixed,
        )?);
        report(Phase::Prove, proving(offset + 1))?;
    }
    if first_last > 0 {
        let mut pass = segmenter()?;
        let mut index = 0;
        while index < first_last {
            let traces = pass.next()?.ok_or_else(|| {
                ProveError::Internal(format!("part {index} did not record again"))
            })?;
            for part in splitter.split(traces)? {
                report(Phase::Prove, proving(parts - first_last + index))?;
                let committed = commit_main(part, execution.exit_code, &mut fixed);
                if roots.get(index) != Some(&committed.root) {
                    return Err(ProveError::Internal(format!(
                        "part {index} was rebuilt differently"
                    )));
                }
                proofs[index] = Some(prove_segment(
                    committed, &params, &bus, &shared, index, &mut fixed,
                )?);
                index += 1;
            }
        }
    }
    report(Phase::Prove, 1.0)?;
    let claim = Claim {
        program_digest: crate::schedule::program_digest(program),
        exit_code: execution.exit_code,
        output: execution.output.clone(),
        input_read: io.input_read,
        cycles: stats.cycles as u32,
    };
    let mut proof = Proof {
        claim,
        segments: proofs.into_iter().flatten().collect(),
        bus_pow_nonce,
        program: None,
    };
    if options.embed_program {
        proof.program = Some(crate::proof::EmbeddedProgram::of(program));
    }
    // Milliseconds: a completeness defect becomes an error here, never a proof that fails.
    if let Err(e) = crate::verifier::verify_claim(program, input.public, &proof) {
        let mut message = format!("the new proof does not verify: {e}");
        if !options.check_constraints {
            // Name the failing component and row if the row checker can.
            match diagnose(
                program,
                segmenter()?,
                &io,
                execution.exit_code,
                stats.cycles,
            ) {
                Some(found) => message.push_str(&format!("; the row check finds: {found}")),
                None => message.push_str("; every row and the LogUp balance check out"),
            }
        }
        return Err(ProveError::Internal(message));
    }
    Ok((execution, proof))
}

/// Runs the row checker over every segment of a run whose proof failed: the first failing
/// constraint (component and row) or LogUp imbalance, if any.
fn diagnose(
    program: &Program,
    mut segments: Segmenter<'_>,
    io: &PublicIo<'_>,
    exit_code: u32,
    cycles: u64,
) -> Option<String> {
    let mut rows_sum = stwo::core::fields::qm31::SecureField::zero();
    loop {
        let traces = match segments.next() {
            Ok(Some(traces)) => traces,
            Ok(None) => return None,
            Err(e) => return Some(e.to_string()),
        };
        match check_rows(&traces, exit_code) {
            Ok(sum) => rows_sum += sum,
            Err(e) => return Some(e),
        }
        if segments.finished() {
            return check_balance(program, rows_sum, &traces, cycles as u32, io).err();
        }
    }
}

/// The shared channel (statement and every part's main root), the bus proof of work and the
/// bus challenges drawn after it.
fn draw_bus(statement: &Statement<'_>, roots: &[stark::Root]) -> (Blake2sChannel, Bus, u64) {
    let mut shared = channel_for(statement);
    for root in roots {
        Blake2sMerkleChannel::mix_root(&mut shared, *root);
    }
    let nonce = SimdBackend::grind(&shared, BUS_POW_BITS);
    shared.mix_u64(nonce);
    let bus = Bus::draw(&mut shared);
    (shared, bus, nonce)
}

/// A segment's components with their log sizes, in commitment order.
fn shape(traces: &[ComponentTrace]) -> Vec<(crate::air::ComponentId, u32)> {
    traces.iter().map(|t| (t.id, t.log_size)).collect()
}

/// A claim as tests give it: (exit code, output, cycles, public input bytes read).
#[cfg(any(test, feature = "crafted-proofs"))]
pub(crate) type TestClaim = (u32, Vec<u8>, u32, u32);

/// The STARK part of [`prove`] over given segment traces, all in memory (tests tamper with them
/// first, or split them differently). `(exit_code, output, cycles, input_read)` is the claim.
#[cfg(test)]
pub(crate) fn prove_segments(
    program: &Program,
    public_input: &[u8],
    claim: TestClaim,
    segments: Vec<Vec<ComponentTrace>>,
) -> Result<Proof, ProveError> {
    prove_segments_with(&DEFAULT_PARAMS, program, public_input, claim, segments)
}

/// [`prove_segments`] at any parameters, weak ones included (the verifier must refuse those).
#[cfg(any(test, feature = "crafted-proofs"))]
pub(crate) fn prove_segments_with(
    params: &StarkParams,
    program: &Program,
    public_input: &[u8],
    (exit_code, output, cycles, input_read): TestClaim,
    segments: Vec<Vec<ComponentTrace>>,
) -> Result<Proof, ProveError> {
    let mut fixed = FixedTrees::new(params.log_blowup);
    let shapes: Vec<_> = segments.iter().map(|t| shape(t)).collect();
    let committed: Vec<_> = segments
        .into_iter()
        .map(|traces| commit_main(traces, exit_code, &mut fixed))
        .collect();
    let statement = Statement {
        program_digest: program_digest(program),
        public_input,
        output: &output,
        exit_code,
        cycles,
        input_read,
        shapes: shapes.iter().map(Vec::as_slice).collect(),
    };
    let roots: Vec<_> = committed.iter().map(|c| c.root).collect();
    let (shared, bus, bus_pow_nonce) = draw_bus(&statement, &roots);
    let segments = committed
        .into_iter()
        .enumerate()
        .map(|(index, c)| prove_segment(c, params, &bus, &shared, index, &mut fixed))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Proof {
        claim: Claim {
            program_digest: statement.program_digest,
            exit_code,
            output,
            input_read,
            cycles,
        },
        segments,
        bus_pow_nonce,
        program: None,
    })
}

/// A run proven at `params`, weak ones included, its segments split into parts as at `split`
/// (`proof::crafted::weaker`: proofs the verifier must refuse).
#[cfg(feature = "crafted-proofs")]
pub(crate) fn prove_unchecked(
    program: &Program,
    input: Input<'_>,
    params: &StarkParams,
    split: &StarkParams,
) -> Result<Proof, ProveError> {
    let options = RunOptions::default();
    let execution = crate::emulator::run(program, input, &options)?;
    let stats = &execution.stats;
    let mut segmenter = Segmenter::new(
        program,
        input,
        &options,
        execution.exit_code,
        stats.private_input_read as u32,
        1 << DEFAULT_SEGMENT_LOG_CYCLES,
    )?;
    let mut splitter = parts::Splitter::new(*split, execution.exit_code);
    let mut all = Vec::new();
    while let Some(traces) = segmenter.next()? {
        all.extend(splitter.split(traces)?);
    }
    let claim = (
        execution.exit_code,
        execution.output.clone(),
        stats.cycles as u32,
        stats.public_input_read as u32,
    );
    prove_segments_with(params, program, input.public, claim, all)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixed_roots_match() {
        for (log_blowup, lifting) in [(1, 17), (1, 18), (2, 18), (3, 19)] {
            let computed = super::stark::fixed_root(log_blowup, lifting).0;
            assert_eq!(
                crate::air::preprocessed::fixed_root(log_blowup, lifting),
                Some(computed),
                "blowup 2^{log_blowup}, lifting {lifting}"
            );
        }
    }

    /// Prints the fixed-table roots for `air::preprocessed::FIXED_ROOTS`.
    #[test]
    #[ignore = "regenerates air::preprocessed::FIXED_ROOTS; run by hand after changing a fixed column"]
    fn print_fixed_roots() {
        let (lo, hi) = crate::schedule::limits::LOG_BLOWUP;
        for log_blowup in lo..=hi {
            for lifting in 16 + log_blowup..=crate::schedule::limits::LIFTING {
                let root = super::stark::fixed_root(log_blowup, lifting).0;
                let hex: String = root.iter().map(|b| format!("{b:02x}")).collect();
                println!("    ({log_blowup}, {lifting}, \"{hex}\"),");
            }
        }
    }
}

#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod security_tests;
#[cfg(test)]
mod segment_tests;
#[cfg(test)]
mod zk_attack_tests;
