//! Verifying a proof against a statement. Never panics: every defect of the proof is a
//! [`VerifyError`].
//!
//! Before stwo sees anything, the claim's shape is validated (segment count, component kinds
//! and log sizes per segment, each boundary and table component once in the whole proof, regions, cycle
//! count, the exact PCS configuration and fixed-table root of every segment), since stwo's
//! verifier can panic on malformed input; the stwo calls are also isolated so that a panic
//! inside one becomes an error.
//!
//! Then, mirroring the prover (`crate::schedule`): the shared channel absorbs the statement,
//! every segment's shape and main-trace root; the bus challenges are drawn; all segments'
//! claimed sums plus the public terms must add to zero; and each segment's STARK is verified
//! on its own copy of the shared channel.

// Untrusted proof bytes reach this module: no panics, enforced.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

mod structure;

use crate::air::budget::RelationCounts;
use crate::air::bus::Bus;
use crate::air::preprocessed::{column_ids, FIXED_COLUMNS};
use crate::air::public::{public_sum, public_term_count, PublicIo};
use crate::air::{ComponentId, Region};
use crate::emulator::MAX_IO_LEN;
use crate::program::Program;
use crate::proof::{Proof, SegmentProof};
use crate::schedule::{
    channel_for, mix_claimed_sums, params_of, pcs_config, program_digest, segment_channel,
    Statement, BUS_POW_BITS,
};
use crate::security::shape::{max_log_size, LayoutCache, PartLayout};
use crate::security::{assess, BusShape, SecurityReport, StarkParams, MIN_PROVEN_BITS};
use num_traits::Zero;
use stwo::core::air::Component;
use stwo::core::channel::{Blake2sChannel, Channel, MerkleChannel};
use stwo::core::fields::qm31::SecureField;
use stwo::core::pcs::CommitmentSchemeVerifier;
use stwo::core::vcs::blake2_hash::Blake2sHash;
use stwo::core::vcs_lifted::blake2_merkle::Blake2sMerkleChannel;
use stwo_constraint_framework::TraceLocationAllocator;

/// Smallest and largest component log size a proof may use.
pub const LOG_SIZE_RANGE: (u32, u32) = (4, 24);
/// The most components one segment may have.
pub const MAX_COMPONENTS: usize = 128;
/// The fewest sampled values one component adds to its part (the smallest, a table, has a
/// multiplicity column and a LogUp column of four, each sampled once or twice).
const MIN_SAMPLES_PER_COMPONENT: usize = 4;
/// The most parts (STARKs) a proof may have.
pub const MAX_SEGMENTS: usize = 4096;

/// Why a proof is rejected.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The proof is for another program than the one it is checked against.
    #[error("proof is for program {proof}, not {given}")]
    WrongProgram {
        /// The digest the proof's claim names (hex).
        proof: String,
        /// The digest of the program the verifier holds (hex).
        given: String,
    },
    /// The proof claims another output or exit code than the statement.
    #[error("the proof claims {what} {claimed}, not {expected}")]
    ClaimMismatch {
        /// "exit code" or "output".
        what: &'static str,
        /// What the proof claims.
        claimed: String,
        /// What the statement says.
        expected: String,
    },
    /// The claim's shape is not one this verifier accepts.
    #[error("invalid proof shape: {0}")]
    InvalidShape(String),
    /// A part's PCS configuration is not one this verifier reads (outside
    /// `schedule::limits`, or not lifted to the part's largest component).
    #[error("part {part} uses PCS config {found}, which this verifier does not accept")]
    WrongConfig {
        /// The part.
        part: usize,
        /// The part's config.
        found: String,
    },
    /// The proof's parameters prove less than `security::MIN_PROVEN_BITS` for its shape.
    #[error(
        "the proof proves {bits:.1} bits in the unique decoding regime, below the required 96 \
         ({weakest} is the weakest round)"
    )]
    InsufficientSecurity {
        /// Proven bits (UDR) of the weakest round.
        bits: f64,
        /// Which part and round.
        weakest: String,
    },
    /// The proof of work before the bus challenges is wrong.
    #[error("the bus proof of work is invalid")]
    BusProofOfWork,
    /// The fixed tables were not committed as they should be.
    #[error("the fixed-table commitment is wrong")]
    WrongPreprocessedRoot,
    /// The LogUp sums do not balance: some bus tuple is unmatched.
    #[error("the LogUp sums do not balance")]
    LogupImbalance,
    /// [`verify_digest`] needs a proof that embeds its program.
    #[error("the proof does not embed its program; verify it against the ELF instead")]
    NoEmbeddedProgram,
    /// The embedded program is not a valid program.
    #[error("the embedded program is invalid: {0}")]
    InvalidEmbeddedProgram(crate::ElfError),
    /// The embedded program does not have the digest the verifier holds.
    #[error("the embedded program has digest {found}, not {expected}")]
    DigestMismatch {
        /// The embedded program's digest (hex).
        found: String,
        /// The digest the verifier holds (hex).
        expected: String,
    },
    /// A part's stwo proof is not structured as its components and parameters require.
    #[error("malformed proof: {0}")]
    Malformed(String),
    /// stwo rejected the proof.
    #[error("STARK verification failed: {0}")]
    Stark(String),
}

/// Checks a proof that `program`, on `public_input`, wrote `output` and exited with
/// `exit_code`.
pub fn verify(
    program: &Program,
    public_input: &[u8],
    output: &[u8],
    exit_code: u32,
    proof: &Proof,
) -> Result<SecurityReport, VerifyError> {
    let digest = program_digest(program);
    check_program(&digest, proof)?;
    check_outcome(proof, output, exit_code)?;
    verify_statement(program, &digest, public_input, proof)
}

/// Fails unless the proof claims `output` and `exit_code`.
fn check_outcome(proof: &Proof, output: &[u8], exit_code: u32) -> Result<(), VerifyError> {
    let claim = &proof.claim;
    if claim.exit_code != exit_code {
        let (claimed, expected) = (claim.exit_code.to_string(), exit_code.to_string());
        return Err(VerifyError::ClaimMismatch {
            what: "exit code",
            claimed,
            expected,
        });
    }
    if claim.output != output {
        let (claimed, expected) = (hex(&claim.output), hex(output));
        return Err(VerifyError::ClaimMismatch {
            what: "output",
            claimed,
            expected,
        });
    }
    Ok(())
}

/// Like [`verify`] for a verifier that holds only the program's digest
/// ([`crate::program_digest`]): the proof must embed its program, whose digest must match.
pub fn verify_digest(
    digest: &[u8; 32],
    public_input: &[u8],
    output: &[u8],
    exit_code: u32,
    proof: &Proof,
) -> Result<SecurityReport, VerifyError> {
    check_program(digest, proof)?;
    let program = embedded_program(digest, proof)?;
    check_outcome(proof, output, exit_code)?;
    verify_statement(&program, digest, public_input, proof)
}

/// Fails unless the proof's claim names the program whose digest is `digest`: the first check,
/// so that the wrong ELF is reported as such rather than as an unbalanced bus.
fn check_program(digest: &[u8; 32], proof: &Proof) -> Result<(), VerifyError> {
    if &proof.claim.program_digest == digest {
        return Ok(());
    }
    Err(VerifyError::WrongProgram {
        proof: hex32(&proof.claim.program_digest),
        given: hex32(digest),
    })
}

fn hex32(digest: &[u8; 32]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The program a proof embeds, checked against `digest`.
pub fn embedded_program(digest: &[u8; 32], proof: &Proof) -> Result<Program, VerifyError> {
    let embedded = proof
        .program
        .as_ref()
        .ok_or(VerifyError::NoEmbeddedProgram)?;
    let program = Program::new(embedded.entry, embedded.segments.clone())
        .map_err(VerifyError::InvalidEmbeddedProgram)?;
    let found = program_digest(&program);
    if &found != digest {
        return Err(VerifyError::DigestMismatch {
            found: hex32(&found),
            expected: hex32(digest),
        });
    }
    Ok(program)
}

fn hex(bytes: &[u8]) -> String {
    let shown: String = bytes.iter().take(32).map(|b| format!("{b:02x}")).collect();
    if bytes.len() > 32 {
        format!("{shown}… ({} bytes)", bytes.len())
    } else {
        format!("0x{shown}")
    }
}

fn shape_error(message: impl Into<String>) -> VerifyError {
    VerifyError::InvalidShape(message.into())
}

/// What the shape check learns: the memory regions, every part's parameters and the LogUp
/// fractions the components add, per relation.
struct Checked {
    regions: Vec<Region>,
    params: Vec<StarkParams>,
    fractions: RelationCounts,
}

/// Validates the proof's shape: part count, components and log sizes, each boundary and table
/// component once in the whole proof, regions, cycle count and every part's parameters.
fn check_shape(proof: &Proof) -> Result<Checked, VerifyError> {
    let claim = &proof.claim;
    let segments = proof.segments.len();
    if segments == 0 || segments > MAX_SEGMENTS {
        return Err(shape_error(format!("{segments} parts")));
    }
    if claim.cycles == 0 || u64::from(claim.cycles) >= 1 << 27 {
        return Err(shape_error(format!("{} cycles", claim.cycles)));
    }
    if claim.output.len() as u64 >= MAX_IO_LEN {
        return Err(shape_error(format!("{} output bytes", claim.output.len())));
    }
    // Cheap bounds first, so that the work below follows the proof's size: every component
    // brings at least MIN_SAMPLES_PER_COMPONENT sampled values (16 bytes each) of its own.
    for (index, segment) in proof.segments.iter().enumerate() {
        let sampled: usize = segment
            .stark
            .sampled_values
            .iter()
            .flatten()
            .map(Vec::len)
            .sum();
        if segment.components.len() > MAX_COMPONENTS
            || sampled < MIN_SAMPLES_PER_COMPONENT * segment.components.len()
        {
            return Err(shape_error(format!(
                "part {index}: {} components but {sampled} sampled values",
                segment.components.len()
            )));
        }
    }
    let mut regions = Vec::new();
    let mut boundary_kinds = Vec::new();
    let mut params = Vec::with_capacity(segments);
    let mut fractions = FractionCounter::new(claim.exit_code);
    for (index, segment) in proof.segments.iter().enumerate() {
        let components = &segment.components;
        // (At most MAX_COMPONENTS: the precheck above.)
        if components.is_empty() {
            return Err(shape_error(format!("part {index} has no components")));
        }
        if segment.claimed_sums.len() != components.len() {
            return Err(shape_error(format!(
                "part {index}: one claimed sum per component is required"
            )));
        }
        for &(id, log_size) in components {
            if !(LOG_SIZE_RANGE.0..=LOG_SIZE_RANGE.1).contains(&log_size) {
                return Err(shape_error(format!("{id:?} has log size {log_size}")));
            }
            if id.fixed_log_size().is_some_and(|fixed| fixed != log_size) {
                return Err(shape_error(format!(
                    "{id:?} must have log size {:?}",
                    id.fixed_log_size()
                )));
            }
            match id {
                ComponentId::MemRegion(region) => {
                    if region.end() > 1 << 30 {
                        return Err(shape_error("memory region beyond 2^30 words"));
                    }
                    regions.push(region);
                }
                id if id.is_boundary() => boundary_kinds.push(id.kind()),
                _ => {}
            }
            fractions.add(id, log_size);
        }
        let max_log = max_log_size(components);
        match params_of(&segment.stark.config, max_log) {
            Some(p) => params.push(p),
            None => {
                return Err(VerifyError::WrongConfig {
                    part: index,
                    found: format!("{:?}", segment.stark.config),
                })
            }
        }
    }
    boundary_kinds.sort_unstable();
    if boundary_kinds.windows(2).any(|w| w.first() == w.get(1)) {
        return Err(shape_error("a boundary or table component appears twice"));
    }
    if regions.len() > crate::air::components::MAX_REGIONS {
        return Err(shape_error(format!("{} memory regions", regions.len())));
    }
    let mut sorted = regions.clone();
    sorted.sort_by_key(|r| r.base);
    if sorted
        .iter()
        .zip(sorted.iter().skip(1))
        .any(|(a, b)| a.end() > u64::from(b.base))
    {
        return Err(shape_error("memory regions overlap"));
    }
    Ok(Checked {
        regions,
        params,
        fractions: fractions.counts,
    })
}

/// Counts the LogUp fractions of components by relation (G7, `air::budget`), padding rows
/// included; the verifier's count of a shape and the prover's check before proving.
pub(crate) struct FractionCounter {
    exit_code: u32,
    /// Fractions per row, once per kind of instance (memory regions differ only in position).
    per_row: Vec<(ComponentId, RelationCounts)>,
    /// The sum so far.
    pub(crate) counts: RelationCounts,
}

impl FractionCounter {
    pub(crate) fn new(exit_code: u32) -> FractionCounter {
        FractionCounter {
            exit_code,
            per_row: Vec::new(),
            counts: RelationCounts::default(),
        }
    }

    /// The fractions one row of `id` adds.
    pub(crate) fn per_row(&mut self, id: ComponentId) -> RelationCounts {
        let kind = match id {
            ComponentId::MemRegion(_) => ComponentId::MemRegion(Region::default()),
            other => other,
        };
        match self.per_row.iter().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n,
            None => {
                let n = id.air(self.exit_code).fractions_by_relation();
                self.per_row.push((kind, n));
                n
            }
        }
    }

    /// Adds `rows` rows of `id`.
    pub(crate) fn add_rows(&mut self, id: ComponentId, rows: u64) {
        let per_row = self.per_row(id);
        self.counts.add_rows(&per_row, rows);
    }

    /// Adds a component of 2^`log_size` rows.
    pub(crate) fn add(&mut self, id: ComponentId, log_size: u32) {
        self.add_rows(id, 1u64 << log_size.min(63));
    }
}

/// The three trace roots of a part's STARK proof (fixed, main, LogUp) and its largest log size,
/// after checking its fixed-table root and that its sampled values have the layout its
/// components give (stwo indexes them without checking).
fn segment_roots(
    segment: &SegmentProof,
    params: &StarkParams,
    layout: &PartLayout,
) -> Result<(Blake2sHash, Blake2sHash, Blake2sHash, u32), VerifyError> {
    let max_log_size = max_log_size(&segment.components);
    let commitments = &segment.stark.commitments;
    let [root0, root1, root2, _composition] = commitments.as_slice() else {
        return Err(shape_error(format!("{} commitments", commitments.len())));
    };
    let lifting = max_log_size + params.log_blowup;
    if Some(*root0) != expected_preprocessed_root(params.log_blowup, lifting) {
        return Err(VerifyError::WrongPreprocessedRoot);
    }
    let expected = &layout.samples;
    let sampled = &segment.stark.sampled_values;
    let layout_matches = sampled.len() == expected.len()
        && sampled.iter().zip(expected.iter()).all(|(tree, counts)| {
            tree.len() == counts.len() && tree.iter().zip(counts).all(|(v, n)| v.len() == *n)
        });
    if !layout_matches {
        return Err(shape_error(
            "sampled values do not match the components' masks",
        ));
    }
    Ok((*root0, *root1, *root2, max_log_size))
}

/// The proven security of a proof, from its parameters and shape alone (no cryptography): the
/// figure [`verify`] requires to reach `security::MIN_PROVEN_BITS` and returns.
pub fn security_report(
    program: &Program,
    public_input: &[u8],
    proof: &Proof,
) -> Result<SecurityReport, VerifyError> {
    let checked = check_shape(proof)?;
    let io = public_io(public_input, &proof.claim);
    let public_terms = public_term_count(program, &checked.regions, &io);
    Ok(report_for(&checked, public_terms, &layouts(proof)))
}

/// Every part's layout (each component kind and size built once).
fn layouts(proof: &Proof) -> Vec<PartLayout> {
    let mut cache = LayoutCache::default();
    proof
        .segments
        .iter()
        .map(|segment| cache.part(&segment.components, proof.claim.exit_code))
        .collect()
}

/// The statement's public I/O as the verifier's public terms see it.
fn public_io<'a>(public_input: &'a [u8], claim: &'a crate::proof::Claim) -> PublicIo<'a> {
    PublicIo {
        input: public_input,
        input_read: claim.input_read,
        output: &claim.output,
    }
}

/// The proof's proven level, from its checked shape and `public_terms` verifier terms.
fn report_for(checked: &Checked, public_terms: u64, layouts: &[PartLayout]) -> SecurityReport {
    let bus = BusShape {
        fractions: checked.fractions.total() + public_terms,
        arity: crate::air::bus::BUS_ARITY as u32,
        pow_bits: BUS_POW_BITS,
    };
    let parts: Vec<_> = checked
        .params
        .iter()
        .zip(layouts)
        .map(|(params, layout)| (*params, layout.shape))
        .collect();
    assess(&parts, &bus)
}

/// Checks a proof against `program` and `public_input`, taking the output and exit code from
/// the proof's claim (see [`verify`] to compare them with expected values).
pub fn verify_claim(
    program: &Program,
    public_input: &[u8],
    proof: &Proof,
) -> Result<SecurityReport, VerifyError> {
    let digest = program_digest(program);
    check_program(&digest, proof)?;
    verify_statement(program, &digest, public_input, proof)
}

/// The checks every entry point shares, once the proof's claim names `program`, whose digest
/// is `digest`: shape, security, and the STARKs on the statement built from `program`.
fn verify_statement(
    program: &Program,
    digest: &[u8; 32],
    public_input: &[u8],
    proof: &Proof,
) -> Result<SecurityReport, VerifyError> {
    let checked = check_shape(proof)?;
    let claim = &proof.claim;
    if public_input.len() as u64 >= MAX_IO_LEN {
        return Err(shape_error(format!(
            "a public input of {} bytes is not provable",
            public_input.len()
        )));
    }
    if claim.input_read as usize > public_input.len() {
        return Err(shape_error(format!(
            "the proof claims {} bytes of a {}-byte public input were read",
            claim.input_read,
            public_input.len()
        )));
    }
    let io = public_io(public_input, claim);
    let public_terms = public_term_count(program, &checked.regions, &io);
    if let Err((rel, n)) = checked.fractions.check(public_terms) {
        return Err(shape_error(format!(
            "{n} LogUp fractions of relation {rel:?} with the public terms (at most p − 1, G7)"
        )));
    }
    let layouts = layouts(proof);
    let report = report_for(&checked, public_terms, &layouts);
    if report.udr.bits < MIN_PROVEN_BITS {
        return Err(VerifyError::InsufficientSecurity {
            bits: report.udr.bits,
            weakest: report.udr.weakest,
        });
    }
    let roots = proof
        .segments
        .iter()
        .zip(&checked.params)
        .zip(&layouts)
        .map(|((segment, params), layout)| segment_roots(segment, params, layout))
        .collect::<Result<Vec<_>, _>>()?;

    let statement = Statement::of_proof(*digest, public_input, proof);
    let mut shared = channel_for(&statement);
    for (_, main, _, _) in &roots {
        Blake2sMerkleChannel::mix_root(&mut shared, *main);
    }
    if !shared.verify_pow_nonce(BUS_POW_BITS, proof.bus_pow_nonce) {
        return Err(VerifyError::BusProofOfWork);
    }
    shared.mix_u64(proof.bus_pow_nonce);
    let bus = Bus::draw(&mut shared);

    // Every part's STARK first: its cost follows the proof's size, while the public terms'
    // follows the claimed output's; a forged output never gets past its own transcript.
    for (index, (((segment, roots), params), layout)) in proof
        .segments
        .iter()
        .zip(&roots)
        .zip(&checked.params)
        .zip(&layouts)
        .enumerate()
    {
        let part = Part {
            index,
            segment,
            params,
            layout,
            roots: *roots,
        };
        verify_segment(part, &bus, &shared, claim.exit_code)?;
    }
    let total = proof
        .segments
        .iter()
        .flat_map(|s| &s.claimed_sums)
        .fold(SecureField::zero(), |a, &s| a + s)
        + public_sum(&bus, program, claim.cycles, &checked.regions, &io);
    if !total.is_zero() {
        return Err(VerifyError::LogupImbalance);
    }
    Ok(report)
}

/// One part of a proof, with what the checks before its STARK learned about it.
struct Part<'a> {
    index: usize,
    segment: &'a SegmentProof,
    params: &'a StarkParams,
    layout: &'a PartLayout,
    roots: (Blake2sHash, Blake2sHash, Blake2sHash, u32),
}

/// Verifies one part's STARK on its copy of the shared channel.
fn verify_segment(
    part: Part<'_>,
    bus: &Bus,
    shared: &Blake2sChannel,
    exit_code: u32,
) -> Result<(), VerifyError> {
    let Part {
        index,
        segment,
        params,
        layout,
        roots: (root0, root1, root2, max_log_size),
    } = part;
    let config = pcs_config(params, max_log_size);
    let channel = &mut segment_channel(shared, index, &config);
    let scheme = &mut CommitmentSchemeVerifier::<Blake2sMerkleChannel>::new(config);
    let fixed_sizes: Vec<u32> = FIXED_COLUMNS.iter().map(|c| c.log_size).collect();
    scheme.commit(root0, &fixed_sizes, channel);

    let airs: Vec<_> = segment
        .components
        .iter()
        .map(|(id, _)| id.air(exit_code))
        .collect();
    // Column sizes per tree, from components built with placeholder challenges.
    let (mut main_sizes, mut interaction_sizes) = (Vec::new(), Vec::new());
    let mut allocator = TraceLocationAllocator::new_with_preprocessed_columns(&column_ids());
    for (air, (_, log_size)) in airs.iter().zip(&segment.components) {
        let component =
            air.verifier_component(*log_size, Bus::dummy(), &mut allocator, SecureField::zero());
        let bounds = component.trace_log_degree_bounds();
        main_sizes.extend(bounds.get(1).into_iter().flatten().copied());
        interaction_sizes.extend(bounds.get(2).into_iter().flatten().copied());
    }
    scheme.commit(root1, &main_sizes, channel);
    mix_claimed_sums(channel, &segment.claimed_sums);
    scheme.commit(root2, &interaction_sizes, channel);

    let mut allocator = TraceLocationAllocator::new_with_preprocessed_columns(&column_ids());
    let components: Vec<Box<dyn Component>> = airs
        .iter()
        .zip(&segment.components)
        .zip(&segment.claimed_sums)
        .map(|((air, (_, log_size)), sum)| {
            air.verifier_component(*log_size, bus.clone(), &mut allocator, *sum)
        })
        .collect();
    let refs: Vec<&dyn Component> = components.iter().map(|c| c.as_ref()).collect();
    let stark = segment.stark.clone();
    structure::check_lengths(index, &stark, layout, params, max_log_size)?;
    structure::check_query_counts(index, &stark, params, max_log_size, channel)?;
    // Every structure stwo indexes is checked above; this only turns a panic that should not
    // exist into an error where panics unwind (not in wasm).
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        stwo::core::verifier::verify::<Blake2sMerkleChannel>(&refs, channel, scheme, stark)
    }));
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(VerifyError::Stark(format!("segment {index}: {e}"))),
        Err(_) => Err(VerifyError::Stark(format!(
            "segment {index}: malformed proof (stwo verifier panicked)"
        ))),
    }
}

/// The fixed-table root for a lifting size (embedded constants; see
/// `air::preprocessed::FIXED_ROOTS`).
fn expected_preprocessed_root(log_blowup: u32, lifting_log_size: u32) -> Option<Blake2sHash> {
    crate::air::preprocessed::fixed_root(log_blowup, lifting_log_size).map(Blake2sHash)
}
