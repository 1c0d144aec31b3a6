//! The proof: what it claims and its versioned binary encoding.
//!
//! A proof covers a run in one or more **segments** of consecutive cycles; each segment has its
//! own STARK proof over its own traces, and all segments share the LogUp challenges, drawn
//! after every segment's main trace is committed (`docs/segments.md`).
//!
//! Encoding: the 8 magic bytes `PVMPROOF`, a little-endian `u16` format version, then the
//! postcard encoding of [`Proof`]. Decoding never panics; every defect is a
//! [`ProofDecodeError`].

// Untrusted proof bytes reach this module: no panics, enforced.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

#[cfg(any(test, feature = "crafted-proofs"))]
pub mod crafted;

use crate::air::ComponentId;
use serde::{Deserialize, Serialize};
use stwo::core::fields::qm31::SecureField;
use stwo::core::proof::StarkProof;
use stwo::core::vcs_lifted::blake2_merkle::Blake2sMerkleHasher;

/// The magic bytes every encoded proof starts with.
pub const MAGIC: [u8; 8] = *b"PVMPROOF";
/// The format version this build writes and reads (7: the claim names its program's digest;
/// proofs of earlier versions do not verify against it).
pub const FORMAT_VERSION: u16 = 7;

/// What a proof claims about one run, besides the program and public input the verifier holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The digest of the program that ran ([`crate::program_digest`]). The verifier compares
    /// it with the digest of the program it holds before anything else, so that a proof
    /// checked against the wrong ELF is reported as such (the statement it verifies is built
    /// from the verifier's own program, never from this field).
    pub program_digest: [u8; 32],
    /// The code the program passed to `exit`.
    pub exit_code: u32,
    /// The bytes the program wrote to its public output.
    pub output: Vec<u8>,
    /// How many bytes of the public input the program read (a prefix of it).
    pub input_read: u32,
    /// Instructions executed, the final `exit` included.
    pub cycles: u32,
}

/// The Merkle hasher of every tree.
pub type Hasher = Blake2sMerkleHasher;

/// One part of the proof: a STARK over some component instances. A segment of the run is
/// proven in one or more parts (as many as keep each part at 96 proven bits, docs/security.md).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SegmentProof {
    /// The segment's shape: every component instance with its log size, in commitment order.
    pub components: Vec<(ComponentId, u32)>,
    /// Each component's LogUp sum, in the same order.
    pub claimed_sums: Vec<SecureField>,
    /// The S-two proof of the segment's traces.
    pub stark: StarkProof<Blake2sMerkleHasher>,
}

/// A PocketVM proof: the claim and the STARK proofs of its segments.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Proof {
    /// What is claimed.
    pub claim: Claim,
    /// The parts, in execution order of their segments; each boundary and table component
    /// appears once, in the parts of the last segment.
    pub segments: Vec<SegmentProof>,
    /// The proof-of-work nonce ground before the bus challenges were drawn
    /// (`schedule::BUS_POW_BITS`).
    pub bus_pow_nonce: u64,
    /// The program itself, when the prover embedded it, so that a verifier holding only the
    /// program digest can check the proof (`verify_digest`). Untrusted: it is used only after
    /// its digest matches the one the verifier holds.
    pub program: Option<EmbeddedProgram>,
}

/// A program as a proof can carry it: entry point and loadable segments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbeddedProgram {
    /// Entry point.
    pub entry: u32,
    /// Loadable segments.
    pub segments: Vec<crate::program::Segment>,
}

impl EmbeddedProgram {
    /// The embedding of a program.
    pub fn of(program: &crate::Program) -> EmbeddedProgram {
        EmbeddedProgram {
            entry: program.entry(),
            segments: program.segments().to_vec(),
        }
    }
}

/// Why bytes are not a proof this build can read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProofDecodeError {
    /// Too short, or not starting with [`MAGIC`].
    #[error("not a PocketVM proof (bad magic bytes)")]
    BadMagic,
    /// A format version this build does not read.
    #[error(
        "proof format version {0} is not supported (this build reads version {FORMAT_VERSION})"
    )]
    UnsupportedVersion(u16),
    /// The body does not decode.
    #[error("malformed proof: {0}")]
    Malformed(String),
}

impl Proof {
    /// The versioned binary encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        // One allocation of the exact size: a long run's proof is tens of MB, and a growing
        // buffer would hold up to twice that at the end of proving.
        let mut bytes = Vec::with_capacity(self.encoded_len());
        bytes.extend_from_slice(&MAGIC);
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        // Serialising plain data into a Vec cannot fail.
        postcard::to_extend(self, bytes).unwrap_or_default()
    }

    /// The length of [`Proof::to_bytes`]'s output, without encoding.
    pub fn encoded_len(&self) -> usize {
        let body = postcard::serialize_with_flavor::<_, postcard::ser_flavors::Size, usize>(
            self,
            postcard::ser_flavors::Size::default(),
        );
        MAGIC.len() + 2 + body.unwrap_or(0)
    }

    /// Decodes [`Proof::to_bytes`] output.
    pub fn from_bytes(bytes: &[u8]) -> Result<Proof, ProofDecodeError> {
        let Some(rest) = bytes.strip_prefix(&MAGIC) else {
            return Err(ProofDecodeError::BadMagic);
        };
        let (version, body) = match rest {
            [a, b, body @ ..] => (u16::from_le_bytes([*a, *b]), body),
            _ => return Err(ProofDecodeError::BadMagic),
        };
        if version != FORMAT_VERSION {
            return Err(ProofDecodeError::UnsupportedVersion(version));
        }
        match postcard::take_from_bytes::<Proof>(body) {
            Ok((proof, [])) => Ok(proof),
            Ok((_, extra)) => Err(ProofDecodeError::Malformed(format!(
                "{} trailing bytes",
                extra.len()
            ))),
            Err(e) => Err(ProofDecodeError::Malformed(e.to_string())),
        }
    }
}
