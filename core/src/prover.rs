//! Proving: execute, record, build every component's trace and run stwo over them in the
//! shared transcript schedule ([`crate::schedule`]).

use crate::air::bus::Bus;
use crate::air::preprocessed::{column_ids, Preprocessed};
use crate::air::public::PublicIo;
use crate::air::trace::{build, check_traces, ComponentTrace};
use crate::air::WitnessError;
use crate::emulator::{record, run, ExecError, Execution, Input, RunOptions};
use crate::program::Program;
use crate::proof::{Claim, Proof};
use crate::schedule::{channel_for, mix_claimed_sums, pcs_config, program_digest, Statement};
use stwo::core::fields::m31::BaseField;
use stwo::core::poly::circle::CanonicCoset;
use stwo::core::vcs_lifted::blake2_merkle::Blake2sMerkleChannel;
use stwo::prover::backend::simd::column::BaseColumn;
use stwo::prover::backend::simd::SimdBackend;
use stwo::prover::poly::circle::{CircleEvaluation, PolyOps};
use stwo::prover::poly::BitReversedOrder;
use stwo::prover::{prove as stwo_prove, CommitmentSchemeProver, ComponentProver};
use stwo_constraint_framework::TraceLocationAllocator;

/// A committed column.
pub(crate) type TraceColumn = CircleEvaluation<SimdBackend, BaseField, BitReversedOrder>;

/// The most cycles one proof covers (timestamps 3·clk + 2 stay below 2^29).
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
    /// The progress callback asked to stop.
    #[error("proving was cancelled")]
    Cancelled,
    /// stwo refused (a constraint does not hold: a bug in PocketVM's trace generation).
    #[error("internal proving error: {0}")]
    Internal(String),
}

/// Limits and checks for [`prove`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProveOptions {
    /// Execution limits.
    pub run: RunOptions,
    /// Check every row of every trace before proving, and report a failing constraint by
    /// component and row (slower; for debugging PocketVM itself).
    pub check_constraints: bool,
    /// Embed the program in the proof, so a verifier can check it against the program digest
    /// alone (`verify_digest`). Adds the size of the loadable segments to the proof.
    pub embed_program: bool,
}

/// Proves one run of `program` on `input`. `progress(phase, fraction)` is called as work
/// advances (fraction of the whole job, 0 to 1); returning `false` cancels.
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
    let execution = run(program, input, &options.run)?;
    if execution.stats.cycles >= MAX_PROVABLE_CYCLES {
        return Err(ProveError::TooLong(execution.stats.cycles));
    }
    report(Phase::Trace, 0.05)?;
    let (_, events) = record(program, input, &options.run, Some(&execution.stats))?;
    let public_len = input.public.len() as u32;
    let traces = build(program, &events, execution.exit_code, public_len)?;
    drop(events);
    let input_read = execution.stats.public_input_read as u32;
    if options.check_constraints {
        let cycles = execution.stats.cycles as u32;
        let io = PublicIo {
            input: input.public,
            input_read,
            output: &execution.output,
        };
        check_traces(program, &traces, execution.exit_code, cycles, &io)
            .map_err(ProveError::Internal)?;
    }
    let claim = (
        execution.exit_code,
        execution.output.clone(),
        execution.stats.cycles as u32,
        input_read,
    );
    let mut proof = prove_traces(program, input.public, claim, traces, &mut report)?;
    if options.embed_program {
        proof.program = Some(crate::proof::EmbeddedProgram::of(program));
    }
    Ok((execution, proof))
}

/// The STARK part of [`prove`], over given traces (tests tamper with them first).
pub(crate) fn prove_traces(
    program: &Program,
    public_input: &[u8],
    (exit_code, output, cycles, input_read): (u32, Vec<u8>, u32, u32),
    traces: Vec<ComponentTrace>,
    report: &mut dyn FnMut(Phase, f32) -> Result<(), ProveError>,
) -> Result<Proof, ProveError> {
    let components: Vec<_> = traces.iter().map(|t| (t.id, t.log_size)).collect();
    let max_log_size = components.iter().map(|c| c.1).max().unwrap_or(16).max(16);
    let config = pcs_config(max_log_size);
    let statement = Statement {
        program_digest: program_digest(program),
        public_input,
        output: &output,
        exit_code,
        cycles,
        input_read,
        components: &components,
    };
    let channel = &mut channel_for(&config, &statement);

    report(Phase::Commit, 0.25)?;
    let lifting = max_log_size + config.fri_config.log_blowup_factor;
    let twiddles =
        SimdBackend::precompute_twiddles(CanonicCoset::new(lifting).circle_domain().half_coset);
    let mut scheme =
        CommitmentSchemeProver::<SimdBackend, Blake2sMerkleChannel>::new(config, &twiddles);
    // Keeping the coefficients costs 4 bytes per cell and saves recomputing them for the
    // out-of-domain samples: about 15 % faster on sha256 (docs/benchmarks.md).
    scheme.set_store_polynomials_coefficients();
    let preprocessed = Preprocessed::new();
    let mut tree = scheme.tree_builder();
    tree.extend_evals(preprocessed.trace());
    tree.commit(channel);

    let airs: Vec<_> = traces.iter().map(|t| t.id.air(exit_code)).collect();
    let mut main: Vec<Vec<BaseColumn>> = Vec::with_capacity(traces.len());
    let mut tree = scheme.tree_builder();
    for trace in traces {
        let domain = CanonicCoset::new(trace.log_size).circle_domain();
        let columns: Vec<BaseColumn> = trace
            .columns
            .into_iter()
            .map(|c| c.into_iter().collect())
            .collect();
        tree.extend_evals(
            columns
                .iter()
                .map(|c| CircleEvaluation::new(domain, c.clone()))
                .collect::<Vec<_>>(),
        );
        main.push(columns);
    }
    tree.commit(channel);

    report(Phase::Interaction, 0.45)?;
    let bus = Bus::draw(channel);
    let mut sums = Vec::with_capacity(airs.len());
    let mut tree = scheme.tree_builder();
    for ((air, columns), (_, log_size)) in airs.iter().zip(&main).zip(&components) {
        let (interaction, sum) = air.interaction_trace(*log_size, &bus, columns, &preprocessed);
        tree.extend_evals(interaction);
        sums.push(sum);
    }
    drop(main);
    mix_claimed_sums(channel, &sums);
    tree.commit(channel);

    report(Phase::Prove, 0.6)?;
    let mut allocator = TraceLocationAllocator::new_with_preprocessed_columns(&column_ids());
    let provers: Vec<Box<dyn ComponentProver<SimdBackend>>> = airs
        .iter()
        .zip(&components)
        .zip(&sums)
        .map(|((air, (_, log_size)), sum)| {
            air.prover_component(*log_size, bus.clone(), &mut allocator, *sum)
        })
        .collect();
    let refs: Vec<&dyn ComponentProver<SimdBackend>> = provers.iter().map(|p| p.as_ref()).collect();
    let stark = stwo_prove::<SimdBackend, Blake2sMerkleChannel>(&refs, channel, scheme)
        .map_err(|e| ProveError::Internal(e.to_string()))?;
    report(Phase::Prove, 1.0)?;
    let claim = Claim {
        exit_code,
        output,
        input_read,
        cycles,
        components,
        claimed_sums: sums,
    };
    Ok(Proof {
        claim,
        stark,
        program: None,
    })
}

/// The root of the fixed-column tree for a given lifting size, as the prover commits it
/// (tests compare it with the embedded `air::preprocessed::FIXED_ROOTS`).
#[cfg(test)]
pub(crate) fn preprocessed_root(
    lifting_log_size: u32,
) -> <stwo::core::vcs_lifted::blake2_merkle::Blake2sMerkleHasher as stwo::core::vcs_lifted::merkle_hasher::MerkleHasherLifted>::Hash{
    let config = pcs_config(lifting_log_size - crate::schedule::LOG_BLOWUP);
    let twiddles = SimdBackend::precompute_twiddles(
        CanonicCoset::new(lifting_log_size)
            .circle_domain()
            .half_coset,
    );
    let mut scheme =
        CommitmentSchemeProver::<SimdBackend, Blake2sMerkleChannel>::new(config, &twiddles);
    let mut tree = scheme.tree_builder();
    tree.extend_evals(Preprocessed::new().trace());
    tree.commit(&mut stwo::core::channel::Blake2sChannel::default());
    scheme.roots()[0]
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixed_roots_match() {
        for lifting in [17, 18] {
            let computed = super::preprocessed_root(lifting).0;
            assert_eq!(
                crate::air::preprocessed::fixed_root(lifting),
                Some(computed),
                "lifting {lifting}"
            );
        }
    }

    /// Prints the fixed-table roots for `air::preprocessed::FIXED_ROOTS`.
    #[test]
    #[ignore = "regenerates air::preprocessed::FIXED_ROOTS; run by hand after changing a fixed column"]
    fn print_fixed_roots() {
        for lifting in 17..=25 {
            let root = super::preprocessed_root(lifting);
            println!("    ({lifting}, {:?}),", root.0);
        }
    }
}
