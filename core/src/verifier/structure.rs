//! The structure of one part's stwo proof, checked before stwo's verifier sees it.
//!
//! stwo 2.3's verifier indexes the proof without checking it: a queried column missing from a
//! tree, a column with too few or too many values, a missing tree, an empty last FRI layer or
//! one whose length field disagrees with its coefficients make it panic (a trap in wasm), and
//! some lengths are iterated before they are checked. Every such structure is validated here
//! against what the part's components and parameters imply, so that no panic is reachable and
//! the work stwo does is bounded by the parameters, not by the proof's claims.
//!
//! The number of distinct query positions depends on the transcript, so it is recomputed by
//! replaying stwo's schedule on a copy of the channel (composition coefficient, composition root,
//! OODS point, sampled values, FRI coefficient, FRI layers, last layer, proof-of-work nonce).

// Untrusted proof bytes reach this module: no panics, enforced.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

use super::VerifyError;
use crate::security::shape::PartLayout;
use crate::security::StarkParams;
use stwo::core::channel::{Blake2sChannel, Channel, MerkleChannel};
use stwo::core::circle::CirclePoint;
use stwo::core::fields::qm31::SecureField;
use stwo::core::poly::line::LinePoly;
use stwo::core::proof::StarkProof;
use stwo::core::queries::{draw_queries, Queries};
use stwo::core::vcs_lifted::blake2_merkle::{Blake2sMerkleChannel, Blake2sMerkleHasher};

type Stark = StarkProof<Blake2sMerkleHasher>;

fn malformed(part: usize, what: impl core::fmt::Display) -> VerifyError {
    VerifyError::Malformed(format!("part {part}: {what}"))
}

/// The number of FRI layers after the first: stwo folds `fold_step` layers per step from the
/// trace degree (2^max_log) down to a constant, the first layer included.
pub(super) fn inner_fri_layers(max_log: u32, fold_step: u32) -> usize {
    max_log.saturating_sub(fold_step).div_ceil(fold_step.max(1)) as usize
}

/// Checks every length stwo indexes or iterates, except the per-column query count (see
/// [`check_query_counts`]).
pub(super) fn check_lengths(
    part: usize,
    stark: &Stark,
    layout: &PartLayout,
    params: &StarkParams,
    max_log: u32,
) -> Result<(), VerifyError> {
    let proof = &stark.0;
    let trees = layout.samples.len();
    let queries = params.queries as usize;
    let height = (max_log + params.log_blowup) as usize;
    if proof.commitments.len() != trees
        || proof.decommitments.len() != trees
        || proof.queried_values.len() != trees
    {
        return Err(malformed(part, "wrong number of trees"));
    }
    for (tree, (values, columns)) in proof.queried_values.iter().zip(&layout.samples).enumerate() {
        if values.len() != columns.len() {
            return Err(malformed(
                part,
                format!(
                    "tree {tree} opens {} columns, not {}",
                    values.len(),
                    columns.len()
                ),
            ));
        }
    }
    let mut lengths = proof.queried_values.iter().flatten().map(Vec::len);
    let first = lengths.next().unwrap_or(0);
    if first == 0 || first > queries || lengths.any(|n| n != first) {
        return Err(malformed(
            part,
            "queried columns of unequal or impossible lengths",
        ));
    }
    let path_bound = queries * height;
    if proof
        .decommitments
        .iter()
        .any(|d| d.hash_witness.len() > path_bound)
    {
        return Err(malformed(part, "a Merkle decommitment is too long"));
    }
    let fri = &proof.fri_proof;
    if fri.inner_layers.len() != inner_fri_layers(max_log, params.fold_step) {
        return Err(malformed(
            part,
            format!("{} FRI layers after the first", fri.inner_layers.len()),
        ));
    }
    let witness_bound = queries * ((1usize << params.fold_step) - 1);
    let layers = core::iter::once(&fri.first_layer).chain(&fri.inner_layers);
    for layer in layers {
        if layer.fri_witness.len() > witness_bound
            || layer.decommitment.hash_witness.len() > path_bound
        {
            return Err(malformed(part, "a FRI layer's witness is too long"));
        }
    }
    // The slice, not `LinePoly::len`, which reads a separate (untrusted) length field.
    let coefficients: &[SecureField] = &fri.last_layer_poly;
    if coefficients.len() != 1 << params.log_last_layer {
        return Err(malformed(
            part,
            format!("the last FRI layer has {} coefficients", coefficients.len()),
        ));
    }
    // Its length field is untrusted too (stwo computes `1 << field` from it): it must agree.
    if fri.last_layer_poly != LinePoly::new(coefficients.to_vec()) {
        return Err(malformed(
            part,
            "the last FRI layer's length field is wrong",
        ));
    }
    Ok(())
}

/// Checks that every queried column has one value per distinct query position, by replaying
/// stwo's transcript from `channel` (the part's channel as stwo's `verify` receives it).
pub(super) fn check_query_counts(
    part: usize,
    stark: &Stark,
    params: &StarkParams,
    max_log: u32,
    channel: &Blake2sChannel,
) -> Result<(), VerifyError> {
    let proof = &stark.0;
    let mut ch = channel.clone();
    let _composition_coefficient = ch.draw_secure_felt();
    let composition_root = proof
        .commitments
        .last()
        .ok_or_else(|| malformed(part, "no commitments"))?;
    Blake2sMerkleChannel::mix_root(&mut ch, *composition_root);
    let _oods_point = CirclePoint::<SecureField>::get_random_point(&mut ch);
    ch.mix_felts(&proof.sampled_values.clone().flatten_cols());
    let _fri_coefficient = ch.draw_secure_felt();
    let fri = &proof.fri_proof;
    for layer in core::iter::once(&fri.first_layer).chain(&fri.inner_layers) {
        Blake2sMerkleChannel::mix_root(&mut ch, layer.commitment);
        let _folding = ch.draw_secure_felt();
    }
    ch.mix_felts(&fri.last_layer_poly);
    ch.mix_u64(proof.proof_of_work);
    let log_domain = max_log + params.log_blowup;
    let positions = draw_queries(&mut ch, log_domain, params.queries as usize);
    let distinct = Queries::new(&positions, log_domain).positions.len();
    if proof
        .queried_values
        .iter()
        .flatten()
        .any(|column| column.len() != distinct)
    {
        return Err(malformed(
            part,
            format!("queried columns must have {distinct} values"),
        ));
    }
    Ok(())
}
