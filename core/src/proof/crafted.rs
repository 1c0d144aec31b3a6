//! Malformed variants of a valid proof, one for each structure that stwo's verifier would index
//! or iterate without checking. The verifier must reject every one with an error, natively and
//! in wasm, where a panic would trap. Used by the tests of the core, and of the wasm package in
//! Node and headless Chromium (feature `crafted-proofs`).

// Edits a valid proof's known structure (at least two trees, one queried column with values).
#![allow(clippy::indexing_slicing)]

use super::Proof;
use stwo::core::fields::qm31::SecureField;
use stwo::core::poly::line::LinePoly;

/// A last FRI layer with these coefficients and this (untrusted) length field.
fn last_layer(coefficients: Vec<SecureField>, log_size: u32) -> Option<LinePoly> {
    let bytes = postcard::to_allocvec(&(coefficients, log_size)).ok()?;
    postcard::from_bytes(&bytes).ok()
}

/// Named malformed variants of `proof` (edits of its last part).
pub fn variants(proof: &Proof) -> Vec<(&'static str, Proof)> {
    type Edit = fn(&mut stwo::core::pcs::quotients::CommitmentSchemeProof<crate::proof::Hasher>);
    let edits: [(&'static str, Edit); 15] = [
        ("a queried column dropped", |p| {
            p.queried_values[1].pop();
        }),
        ("a queried column one value short", |p| {
            p.queried_values[1][0].pop();
        }),
        ("a queried column one value long", |p| {
            let extra = p.queried_values[1][0][0];
            p.queried_values[1][0].push(extra);
        }),
        ("a tree of queried values missing", |p| {
            p.queried_values.0.pop();
        }),
        ("a Merkle decommitment truncated", |p| {
            p.decommitments[1].hash_witness.pop();
        }),
        ("a Merkle decommitment missing", |p| {
            p.decommitments.0.pop();
        }),
        ("an extra FRI layer", |p| {
            let layer = p.fri_proof.first_layer.clone();
            p.fri_proof.inner_layers.push(layer);
        }),
        ("a FRI layer missing", |p| {
            p.fri_proof.inner_layers.pop();
        }),
        ("an empty last FRI layer", |p| {
            if let Some(poly) = last_layer(vec![], 0) {
                p.fri_proof.last_layer_poly = poly;
            }
        }),
        ("a last FRI layer whose length field says 2^64", |p| {
            let coefficients = p.fri_proof.last_layer_poly.to_vec();
            if let Some(poly) = last_layer(coefficients, 64) {
                p.fri_proof.last_layer_poly = poly;
            }
        }),
        ("a last FRI layer of two coefficients", |p| {
            let mut coefficients = p.fri_proof.last_layer_poly.to_vec();
            coefficients.extend_from_within(..);
            if let Some(poly) = last_layer(coefficients, 1) {
                p.fri_proof.last_layer_poly = poly;
            }
        }),
        ("a sampled value missing", |p| {
            p.sampled_values[1][0].pop();
        }),
        ("a tree of sampled values missing", |p| {
            p.sampled_values.0.pop();
        }),
        ("no commitments", |p| {
            p.commitments.0.clear();
        }),
        ("an extra commitment", |p| {
            let root = p.commitments[0];
            p.commitments.0.push(root);
        }),
    ];
    edits
        .into_iter()
        .map(|(name, edit)| {
            let mut variant = proof.clone();
            if let Some(part) = variant.segments.last_mut() {
                edit(&mut part.stark.0);
            }
            (name, variant)
        })
        .collect()
}

/// Proofs of `program` on `input` re-made with one query fewer and with one bit of work fewer
/// than the default parameters (split into parts as the default parameters split them): the
/// verifier must refuse both as proving less than 96 bits.
#[cfg(feature = "prover")]
pub fn weaker(
    program: &crate::Program,
    input: crate::Input<'_>,
) -> Result<Vec<(&'static str, Proof)>, crate::ProveError> {
    use crate::schedule::DEFAULT_PARAMS;
    use crate::security::StarkParams;
    let fewer_queries = StarkParams {
        queries: DEFAULT_PARAMS.queries - 1,
        ..DEFAULT_PARAMS
    };
    let less_work = StarkParams {
        pow_bits: DEFAULT_PARAMS.pow_bits - 1,
        ..DEFAULT_PARAMS
    };
    Ok(vec![
        (
            "one query fewer",
            crate::prover::prove_unchecked(program, input, &fewer_queries, &DEFAULT_PARAMS)?,
        ),
        (
            "one bit of work fewer",
            crate::prover::prove_unchecked(program, input, &less_work, &DEFAULT_PARAMS)?,
        ),
    ])
}
