//! The one transcript schedule prover and verifier share, the security parameters and the
//! program digest.
//!
//! Order: domain tag → statement (program digest, public input, claimed output, exit code,
//! cycles, public input bytes read, every segment's shape) → every segment's main-trace root,
//! in order → draw the bus challenges. Then each segment s is proven on its own copy of that
//! channel: s → its PCS config → tree 0 (fixed tables) → tree 1 (main traces, the root already
//! mixed above) → claimed sums → tree 2 (LogUp) → stwo's own schedule (composition, OODS, FRI,
//! proof of work). Everything the AIR depends on, in every segment, is mixed before the
//! challenges are drawn.

// Untrusted proof bytes reach this module: no panics, enforced.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

use crate::air::ComponentId;
use crate::program::Program;
use blake2::{Blake2s256, Digest};
use stwo::core::channel::{Blake2sChannel, Channel};
use stwo::core::fields::qm31::SecureField;
use stwo::core::fri::FriConfig;
use stwo::core::pcs::PcsConfig;

/// Transcript domain separator.
const DOMAIN_TAG: &[u8; 16] = b"PocketVM-AIR-v2\0";

/// Proof-of-work bits.
pub const POW_BITS: u32 = 16;
/// log2 of the FRI blowup factor.
pub const LOG_BLOWUP: u32 = 1;
/// FRI queries.
pub const N_QUERIES: usize = 80;
/// FRI layers folded per step (3 gives the smallest proofs: about 7 % below 1 on sha256).
pub const FOLD_STEP: u32 = 3;

/// The only configuration the verifier accepts for a proof whose largest component has
/// `max_log_size` rows: 16 bits of proof of work, blowup 2, 80 queries (96 bits by stwo's
/// `security_bits`), FRI folding three layers per step, lifted to the largest domain.
pub fn pcs_config(max_log_size: u32) -> PcsConfig {
    PcsConfig {
        pow_bits: POW_BITS,
        fri_config: FriConfig::new(0, LOG_BLOWUP, N_QUERIES, FOLD_STEP),
        lifting_log_size: Some(max_log_size + LOG_BLOWUP),
    }
}

/// The conjectured security of [`pcs_config`], in bits.
pub fn security_bits() -> u32 {
    pcs_config(16).security_bits()
}

/// A 32-byte digest of a program: Blake2s-256 over its entry point and loadable segments
/// (address, size in memory, executable flag, file bytes), so the same program always has the
/// same digest.
pub fn program_digest(program: &Program) -> [u8; 32] {
    let mut hasher = Blake2s256::new();
    hasher.update(b"PocketVM program v1");
    hasher.update(program.entry().to_le_bytes());
    hasher.update((program.segments().len() as u32).to_le_bytes());
    for segment in program.segments() {
        hasher.update(segment.vaddr.to_le_bytes());
        hasher.update(segment.mem_size.to_le_bytes());
        hasher.update([u8::from(segment.executable)]);
        hasher.update((segment.data.len() as u32).to_le_bytes());
        hasher.update(&segment.data);
    }
    hasher.finalize().into()
}

fn words(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks(4)
        .map(|c| c.iter().rev().fold(0u32, |acc, &b| acc << 8 | u32::from(b)))
        .collect()
}

fn mix_bytes(channel: &mut Blake2sChannel, bytes: &[u8]) {
    channel.mix_u64(bytes.len() as u64);
    let digest: [u8; 32] = Blake2s256::digest(bytes).into();
    channel.mix_u32s(&words(&digest));
}

/// The public statement of a proof, as mixed into the transcript.
pub(crate) struct Statement<'a> {
    pub program_digest: [u8; 32],
    pub public_input: &'a [u8],
    pub output: &'a [u8],
    pub exit_code: u32,
    pub cycles: u32,
    pub input_read: u32,
    /// Every segment's components with their log sizes.
    pub shapes: Vec<&'a [(ComponentId, u32)]>,
}

/// A fresh channel with the domain tag and the statement mixed in.
pub(crate) fn channel_for(statement: &Statement<'_>) -> Blake2sChannel {
    let mut channel = Blake2sChannel::default();
    channel.mix_u32s(&words(DOMAIN_TAG));
    channel.mix_u32s(&words(&statement.program_digest));
    mix_bytes(&mut channel, statement.public_input);
    mix_bytes(&mut channel, statement.output);
    channel.mix_u32s(&[
        statement.exit_code,
        statement.cycles,
        statement.input_read,
        statement.shapes.len() as u32,
    ]);
    for shape in &statement.shapes {
        channel.mix_u64(shape.len() as u64);
        for (id, log_size) in shape.iter() {
            let [a, b] = id.params();
            channel.mix_u32s(&[id.kind(), a, b, *log_size]);
        }
    }
    channel
}

/// The channel segment `index` is proven on: the shared channel (statement, every main root,
/// the bus challenges drawn) with the segment's index and PCS config mixed in.
pub(crate) fn segment_channel(
    shared: &Blake2sChannel,
    index: usize,
    config: &PcsConfig,
) -> Blake2sChannel {
    let mut channel = shared.clone();
    channel.mix_u64(index as u64);
    config.mix_into(&mut channel);
    channel
}

/// Mixes the claimed sums (after tree 1, before tree 2).
pub(crate) fn mix_claimed_sums(channel: &mut Blake2sChannel, sums: &[SecureField]) {
    channel.mix_felts(sums);
}
