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
use crate::security::StarkParams;
use blake2::{Blake2s256, Digest};
use stwo::core::channel::{Blake2sChannel, Channel};
use stwo::core::fields::qm31::SecureField;
use stwo::core::fri::FriConfig;
use stwo::core::pcs::PcsConfig;

/// Transcript domain separator.
const DOMAIN_TAG: &[u8; 16] = b"PocketVM-AIR-v5\0";

/// The FRI and proof-of-work parameters the prover uses by default: blowup 2, the fewest queries
/// that give the UDR query round 96 bits with 16 bits of work (193), FRI folding three layers
/// per step (the smallest proofs), down to a constant last layer. The verifier accepts any
/// parameters within [`limits`] whose proven level, computed from the proof's shape
/// (`crate::security`), reaches 96 bits; docs/security.md and docs/benchmarks.md say why these.
pub const DEFAULT_PARAMS: StarkParams = StarkParams {
    log_blowup: 1,
    queries: 193,
    pow_bits: 16,
    fold_step: 3,
    log_last_layer: 0,
};

/// Bounds on the parameters a verifier looks at (beyond them a proof is rejected unread):
/// blowup 2 to 8, at most 512 queries and 40 bits of work, fold steps 1 to 4, a constant last
/// layer.
pub mod limits {
    /// log2 of the blowup.
    pub const LOG_BLOWUP: (u32, u32) = (1, 3);
    /// Queries.
    pub const QUERIES: (u32, u32) = (1, 512);
    /// Proof-of-work bits.
    pub const POW_BITS: (u32, u32) = (0, 40);
    /// Line layers per FRI step.
    pub const FOLD_STEP: (u32, u32) = (1, 4);
    /// Largest lifted domain (log2): component log size + log blowup.
    pub const LIFTING: u32 = 25;
}

/// Proof-of-work bits ground after every main-trace root is mixed and before the bus challenges
/// are drawn, so that redrawing them costs 2^12 hashes each (the LogUp round of
/// docs/security.md).
pub const BUS_POW_BITS: u32 = 12;

/// The PCS configuration of a part whose largest component has `max_log_size` rows.
pub fn pcs_config(params: &StarkParams, max_log_size: u32) -> PcsConfig {
    PcsConfig {
        pow_bits: params.pow_bits,
        fri_config: FriConfig::new(
            params.log_last_layer,
            params.log_blowup,
            params.queries as usize,
            params.fold_step,
        ),
        lifting_log_size: Some(max_log_size + params.log_blowup),
    }
}

/// The parameters of a PCS configuration (`None` if it is not one [`pcs_config`] makes for
/// `max_log_size`, or is outside [`limits`]).
pub fn params_of(config: &PcsConfig, max_log_size: u32) -> Option<StarkParams> {
    let fri = &config.fri_config;
    let params = StarkParams {
        log_blowup: fri.log_blowup_factor,
        queries: u32::try_from(fri.n_queries).ok()?,
        pow_bits: config.pow_bits,
        fold_step: fri.fold_step,
        log_last_layer: fri.log_last_layer_degree_bound,
    };
    let within = |v: u32, (lo, hi): (u32, u32)| (lo..=hi).contains(&v);
    let ok = within(params.log_blowup, limits::LOG_BLOWUP)
        && within(params.queries, limits::QUERIES)
        && within(params.pow_bits, limits::POW_BITS)
        && within(params.fold_step, limits::FOLD_STEP)
        && params.log_last_layer == 0
        && max_log_size + params.log_blowup <= limits::LIFTING
        && pcs_config(&params, max_log_size) == *config;
    ok.then_some(params)
}

/// The floor every accepted proof reaches: its proven bits in the unique decoding regime.
pub fn security_bits() -> u32 {
    crate::security::MIN_PROVEN_BITS as u32
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

impl<'a> Statement<'a> {
    /// The statement a proof makes about `program` (its digest) on `public_input`.
    pub(crate) fn of_proof(
        program_digest: [u8; 32],
        public_input: &'a [u8],
        proof: &'a crate::proof::Proof,
    ) -> Statement<'a> {
        let claim = &proof.claim;
        Statement {
            program_digest,
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
        }
    }
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
