//! One segment's STARK: committing its main trace (alone, to learn its root, or to keep for
//! proving) and proving the committed segment with stwo on the shared challenges.

use super::ProveError;
use crate::air::bus::Bus;
use crate::air::framework::DynAir;
use crate::air::preprocessed::{column_ids, Preprocessed};
use crate::air::trace::ComponentTrace;
use crate::air::ComponentId;
use crate::proof::SegmentProof;
use crate::schedule::{mix_claimed_sums, pcs_config, segment_channel};
use crate::security::shape::max_log_size;
use crate::security::StarkParams;
use stwo::core::channel::Blake2sChannel;
use stwo::core::poly::circle::CanonicCoset;
use stwo::core::utils::MaybeOwned;
use stwo::core::vcs_lifted::blake2_merkle::{Blake2sMerkleChannel, Blake2sMerkleHasher};
use stwo::core::vcs_lifted::merkle_hasher::MerkleHasherLifted;
use stwo::prover::backend::simd::column::BaseColumn;
use stwo::prover::backend::simd::SimdBackend;
use stwo::prover::mempool::BaseColumnPool;
use stwo::prover::poly::circle::{CircleEvaluation, PolyOps};
use stwo::prover::poly::twiddles::TwiddleTree;
use stwo::prover::ComponentProver;
use stwo::prover::{prove as stwo_prove, CommitmentSchemeProver, CommitmentTreeProver};
use stwo_constraint_framework::TraceLocationAllocator;

/// A Merkle root.
pub(crate) type Root = <Blake2sMerkleHasher as MerkleHasherLifted>::Hash;
type Tree = CommitmentTreeProver<SimdBackend, Blake2sMerkleChannel>;

/// The twiddles and the fixed-column tree of the current lifting size, rebuilt only when a
/// part of another size comes (full segments share one size; the last segment may differ).
pub(crate) struct FixedTrees {
    log_blowup: u32,
    twiddles: Option<(u32, TwiddleTree<SimdBackend>)>,
    fixed: Option<(u32, Tree)>,
}

impl FixedTrees {
    /// An empty cache for parts committed at `log_blowup`.
    pub(crate) fn new(log_blowup: u32) -> FixedTrees {
        FixedTrees {
            log_blowup,
            twiddles: None,
            fixed: None,
        }
    }

    fn twiddles(&mut self, lifting: u32) -> &TwiddleTree<SimdBackend> {
        if self.twiddles.as_ref().is_none_or(|(l, _)| *l != lifting) {
            let coset = CanonicCoset::new(lifting).circle_domain().half_coset;
            self.twiddles = Some((lifting, SimdBackend::precompute_twiddles(coset)));
        }
        match &self.twiddles {
            Some((_, twiddles)) => twiddles,
            None => unreachable!("set above"),
        }
    }

    /// The twiddles and the committed fixed columns for `lifting`.
    fn fixed(&mut self, lifting: u32) -> (&TwiddleTree<SimdBackend>, &Tree) {
        if self.fixed.as_ref().is_none_or(|(l, _)| *l != lifting) {
            let log_blowup = self.log_blowup;
            let twiddles = self.twiddles(lifting);
            let tree = commit_columns(Preprocessed::new().trace(), twiddles, log_blowup, lifting);
            self.fixed = Some((lifting, tree));
        }
        self.twiddles(lifting);
        match (&self.twiddles, &self.fixed) {
            (Some((_, twiddles)), Some((_, tree))) => (twiddles, tree),
            _ => unreachable!("set above"),
        }
    }
}

/// Interpolates and commits columns as stwo's tree builder does, outside any commitment scheme.
fn commit_columns(
    columns: Vec<super::TraceColumn>,
    twiddles: &TwiddleTree<SimdBackend>,
    log_blowup: u32,
    lifting: u32,
) -> Tree {
    let polys = SimdBackend::interpolate_columns(columns, twiddles);
    // Keeping the coefficients costs 4 bytes per cell and saves recomputing them for the
    // out-of-domain samples: about 15 % faster on sha256 (docs/benchmarks.md).
    Tree::new(
        polys,
        log_blowup,
        twiddles,
        true,
        Some(lifting),
        &BaseColumnPool::default(),
    )
}

/// A segment whose main trace is committed, ready to prove.
pub(crate) struct Committed {
    pub root: Root,
    components: Vec<(ComponentId, u32)>,
    airs: Vec<Box<dyn DynAir>>,
    main: Vec<Vec<BaseColumn>>,
    tree: Tree,
}

/// A segment's main-trace columns as base columns, per component.
fn base_columns(traces: Vec<ComponentTrace>) -> Vec<Vec<BaseColumn>> {
    traces
        .into_iter()
        .map(|trace| {
            trace
                .columns
                .into_iter()
                .map(|c| c.into_iter().collect())
                .collect()
        })
        .collect()
}

/// The columns as evaluations on their components' trace domains, in commitment order.
fn evaluations(
    columns: impl IntoIterator<Item = (u32, Vec<BaseColumn>)>,
) -> Vec<super::TraceColumn> {
    let mut evals = Vec::new();
    for (log_size, component) in columns {
        let domain = CanonicCoset::new(log_size).circle_domain();
        evals.extend(
            component
                .into_iter()
                .map(|c| CircleEvaluation::new(domain, c)),
        );
    }
    evals
}

/// Commits a segment's main trace and keeps everything proving it needs.
pub(crate) fn commit_main(
    traces: Vec<ComponentTrace>,
    exit_code: u32,
    cache: &mut FixedTrees,
) -> Committed {
    let components: Vec<_> = traces.iter().map(|t| (t.id, t.log_size)).collect();
    let airs = traces.iter().map(|t| t.id.air(exit_code)).collect();
    let log_blowup = cache.log_blowup;
    let lifting = max_log_size(&components) + log_blowup;
    let main = base_columns(traces);
    // The interaction trace is built from `main` after the commitment: commit copies.
    let evals = evaluations(components.iter().map(|c| c.1).zip(main.iter().cloned()));
    let tree = commit_columns(evals, cache.twiddles(lifting), log_blowup, lifting);
    Committed {
        root: tree.commitment.root(),
        components,
        airs,
        main,
        tree,
    }
}

/// The root a segment's main trace commits to (nothing is kept).
pub(crate) fn main_root(traces: Vec<ComponentTrace>, cache: &mut FixedTrees) -> Root {
    let components: Vec<_> = traces.iter().map(|t| (t.id, t.log_size)).collect();
    let log_blowup = cache.log_blowup;
    let lifting = max_log_size(&components) + log_blowup;
    let evals = evaluations(components.iter().map(|c| c.1).zip(base_columns(traces)));
    commit_columns(evals, cache.twiddles(lifting), log_blowup, lifting)
        .commitment
        .root()
}

/// Proves part `index` on the shared channel (statement, every root, the bus drawn).
pub(crate) fn prove_segment(
    segment: Committed,
    params: &StarkParams,
    bus: &Bus,
    shared: &Blake2sChannel,
    index: usize,
    cache: &mut FixedTrees,
) -> Result<SegmentProof, ProveError> {
    let Committed {
        components,
        airs,
        main,
        tree,
        ..
    } = segment;
    let max_log_size = max_log_size(&components);
    let config = pcs_config(params, max_log_size);
    let channel = &mut segment_channel(shared, index, &config);
    let (twiddles, fixed) = cache.fixed(max_log_size + params.log_blowup);
    let mut scheme =
        CommitmentSchemeProver::<SimdBackend, Blake2sMerkleChannel>::new(config, twiddles);
    scheme.set_store_polynomials_coefficients();
    scheme.commit_tree(MaybeOwned::Borrowed(fixed), channel);
    scheme.commit_tree(MaybeOwned::Owned(tree), channel);

    let preprocessed = Preprocessed::new();
    let mut sums = Vec::with_capacity(airs.len());
    let mut builder = scheme.tree_builder();
    for ((air, columns), (_, log_size)) in airs.iter().zip(&main).zip(&components) {
        let (interaction, sum) = air.interaction_trace(*log_size, bus, columns, &preprocessed);
        builder.extend_evals(interaction);
        sums.push(sum);
    }
    drop(main);
    mix_claimed_sums(channel, &sums);
    builder.commit(channel);

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
        .map_err(|e| ProveError::Internal(format!("segment {index}: {e}")))?;
    Ok(SegmentProof {
        components,
        claimed_sums: sums,
        stark,
    })
}

/// The root of the fixed-column tree for a blowup and lifting size, as the prover commits it (tests
/// compare it with the embedded `air::preprocessed::FIXED_ROOTS`).
#[cfg(test)]
pub(crate) fn fixed_root(log_blowup: u32, lifting: u32) -> Root {
    FixedTrees::new(log_blowup)
        .fixed(lifting)
        .1
        .commitment
        .root()
}
