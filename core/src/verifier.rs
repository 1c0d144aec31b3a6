//! Verifying a proof against a statement. Never panics: every defect of the proof is a
//! [`VerifyError`].
//!
//! Before stwo sees anything, the claim's shape is validated (segment count, component kinds
//! and log sizes per segment, boundary components only in the last segment, regions, cycle
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

use crate::air::bus::Bus;
use crate::air::preprocessed::{column_ids, FIXED_COLUMNS};
use crate::air::public::{public_sum, PublicIo};
use crate::air::{ComponentId, Region};
use crate::emulator::MAX_IO_LEN;
use crate::program::Program;
use crate::proof::{Proof, SegmentProof};
use crate::schedule::{
    channel_for, mix_claimed_sums, pcs_config, program_digest, segment_channel, Statement,
};
use num_traits::Zero;
use stwo::core::air::Component;
use stwo::core::channel::{Blake2sChannel, MerkleChannel};
use stwo::core::fields::qm31::SecureField;
use stwo::core::pcs::CommitmentSchemeVerifier;
use stwo::core::vcs::blake2_hash::Blake2sHash;
use stwo::core::vcs_lifted::blake2_merkle::Blake2sMerkleChannel;
use stwo_constraint_framework::TraceLocationAllocator;

/// Smallest and largest component log size a proof may use.
pub const LOG_SIZE_RANGE: (u32, u32) = (4, 24);
/// The most components one segment may have.
pub const MAX_COMPONENTS: usize = 128;
/// The most segments a proof may have.
pub const MAX_SEGMENTS: usize = 4096;
/// The most LogUp fractions all components of all segments may add together (G7). Every table multiplicity
/// and every use count of a tuple is then below p = 2^31 − 1 even with the verifier's own
/// terms (at most about 2^29.1: ROM, image, registers, regions, input, output), so no
/// multiplicity can wrap around the field.
pub const MAX_TOTAL_FRACTIONS: u64 = 1 << 30;

/// Why a proof is rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
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
    /// The proof was made with other security parameters than this verifier's.
    #[error("the proof uses PCS config {found}; this verifier requires {expected}")]
    WrongConfig {
        /// The proof's config.
        found: String,
        /// The required config.
        expected: String,
    },
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
) -> Result<(), VerifyError> {
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
    verify_claim(program, public_input, proof)
}

/// Like [`verify`] for a verifier that holds only the program's digest
/// ([`crate::program_digest`]): the proof must embed its program, whose digest must match.
pub fn verify_digest(
    digest: &[u8; 32],
    public_input: &[u8],
    output: &[u8],
    exit_code: u32,
    proof: &Proof,
) -> Result<(), VerifyError> {
    let program = embedded_program(digest, proof)?;
    verify(&program, public_input, output, exit_code, proof)
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
        let hex32 = |d: &[u8; 32]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
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

/// Validates the proof's shape; returns the memory regions (from the last segment).
fn check_shape(proof: &Proof) -> Result<Vec<Region>, VerifyError> {
    let claim = &proof.claim;
    let segments = proof.segments.len();
    if segments == 0 || segments > MAX_SEGMENTS {
        return Err(shape_error(format!("{segments} segments")));
    }
    if claim.cycles == 0 || u64::from(claim.cycles) >= 1 << 27 {
        return Err(shape_error(format!("{} cycles", claim.cycles)));
    }
    if claim.output.len() as u64 >= MAX_IO_LEN {
        return Err(shape_error(format!("{} output bytes", claim.output.len())));
    }
    let mut regions = Vec::new();
    let mut fractions: u64 = 0;
    for (index, segment) in proof.segments.iter().enumerate() {
        let last = index + 1 == segments;
        let components = &segment.components;
        if components.is_empty() || components.len() > MAX_COMPONENTS {
            return Err(shape_error(format!(
                "segment {index} has {} components",
                components.len()
            )));
        }
        if segment.claimed_sums.len() != components.len() {
            return Err(shape_error(format!(
                "segment {index}: one claimed sum per component is required"
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
            if id.is_boundary() && !last {
                return Err(shape_error(format!(
                    "{id:?} in segment {index}; boundary components belong to the last segment"
                )));
            }
            if let ComponentId::MemRegion(region) = id {
                if region.end() > 1 << 30 {
                    return Err(shape_error("memory region beyond 2^30 words"));
                }
                regions.push(region);
            }
            let per_row = id.air(claim.exit_code).fractions_per_row() as u64;
            fractions += per_row << log_size;
        }
        if last {
            let mut kinds: Vec<u32> = components
                .iter()
                .filter(|(id, _)| id.is_boundary() && !matches!(id, ComponentId::MemRegion(_)))
                .map(|(id, _)| id.kind())
                .collect();
            kinds.sort();
            if kinds.windows(2).any(|w| w.first() == w.get(1)) {
                return Err(shape_error("a boundary component appears twice"));
            }
        }
    }
    if fractions > MAX_TOTAL_FRACTIONS {
        return Err(shape_error(format!(
            "{fractions} LogUp fractions in all (at most 2^30)"
        )));
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
    Ok(regions)
}

/// The three trace roots of a segment's STARK proof (fixed, main, LogUp), after checking its
/// configuration and fixed-table root.
fn segment_roots(
    segment: &SegmentProof,
) -> Result<(Blake2sHash, Blake2sHash, Blake2sHash, u32), VerifyError> {
    let max_log_size = segment
        .components
        .iter()
        .map(|c| c.1)
        .max()
        .unwrap_or(16)
        .max(16);
    let config = pcs_config(max_log_size);
    if segment.stark.config != config {
        return Err(VerifyError::WrongConfig {
            found: format!("{:?}", segment.stark.config),
            expected: format!("{config:?}"),
        });
    }
    let commitments = &segment.stark.commitments;
    let [root0, root1, root2, _composition] = commitments.as_slice() else {
        return Err(shape_error(format!("{} commitments", commitments.len())));
    };
    let lifting = max_log_size + config.fri_config.log_blowup_factor;
    if Some(*root0) != expected_preprocessed_root(lifting) {
        return Err(VerifyError::WrongPreprocessedRoot);
    }
    Ok((*root0, *root1, *root2, max_log_size))
}

/// Checks a proof against `program` and `public_input`, taking the output and exit code from
/// the proof's claim (see [`verify`] to compare them with expected values).
pub fn verify_claim(
    program: &Program,
    public_input: &[u8],
    proof: &Proof,
) -> Result<(), VerifyError> {
    let regions = check_shape(proof)?;
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
    let roots = proof
        .segments
        .iter()
        .map(segment_roots)
        .collect::<Result<Vec<_>, _>>()?;

    let statement = Statement {
        program_digest: program_digest(program),
        public_input,
        output: &claim.output,
        exit_code: claim.exit_code,
        cycles: claim.cycles,
        input_read: claim.input_read,
        shapes: proof
            .segments
            .iter()
            .map(|s| s.components.as_slice())
            .collect(),
    };
    let mut shared = channel_for(&statement);
    for (_, main, _, _) in &roots {
        Blake2sMerkleChannel::mix_root(&mut shared, *main);
    }
    let bus = Bus::draw(&mut shared);

    let io = PublicIo {
        input: public_input,
        input_read: claim.input_read,
        output: &claim.output,
    };
    let total = proof
        .segments
        .iter()
        .flat_map(|s| &s.claimed_sums)
        .fold(SecureField::zero(), |a, &s| a + s)
        + public_sum(&bus, program, claim.cycles, &regions, &io);
    if !total.is_zero() {
        return Err(VerifyError::LogupImbalance);
    }
    for (index, (segment, roots)) in proof.segments.iter().zip(&roots).enumerate() {
        verify_segment(segment, index, *roots, &bus, &shared, claim.exit_code)?;
    }
    Ok(())
}

/// Verifies one segment's STARK on its copy of the shared channel.
fn verify_segment(
    segment: &SegmentProof,
    index: usize,
    (root0, root1, root2, max_log_size): (Blake2sHash, Blake2sHash, Blake2sHash, u32),
    bus: &Bus,
    shared: &Blake2sChannel,
    exit_code: u32,
) -> Result<(), VerifyError> {
    let config = pcs_config(max_log_size);
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
fn expected_preprocessed_root(lifting_log_size: u32) -> Option<Blake2sHash> {
    crate::air::preprocessed::fixed_root(lifting_log_size).map(Blake2sHash)
}
