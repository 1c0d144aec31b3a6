//! The soundness calculator: what a proof's parameters and shape prove, term by term.
//!
//! A PocketVM proof is one or more STARKs (the proof's parts: segments of the run, and groups
//! of a segment's components) tied together by one LogUp bus. Each STARK is a DEEP-ALI
//! argument over a FRI low-degree test; the bus is one LogUp argument over the whole run. This
//! module computes, from numbers alone, the error of every round of those arguments in the
//! two regimes whose bounds are **proven**:
//! - UDR, the unique decoding regime (proximity parameter θ = (1 − ρ)/2, list size 1);
//! - JBR, the Johnson bound regime (θ = 1 − √ρ − η, list size 1/(2η√ρ), errors from BCHKS25
//!   Theorem 4.2),
//!
//! as the Ethereum Foundation's soundcalc does for FRI-based STARKs. The proven level of a
//! proof is the smallest of all its rounds' levels: round-by-round soundness, so the
//! Fiat–Shamir adversary's work, not a sum over parts (docs/security.md gives every formula,
//! its source, and the argument for combining parts). stwo's own `security_bits()`
//! (`pow + log_blowup × queries`) is reported only as `conjectured`: it rests on the refuted
//! up-to-capacity conjectures.
//!
//! [`shape`] counts a proof part's columns, sampled values and constraints from the AIR.

// Untrusted proof bytes reach this module: no panics, enforced.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

pub mod shape;

use serde::{Deserialize, Serialize};

/// log2 of |QM31| = (2^31 − 1)^4, the field every challenge is drawn from.
pub fn log2_field_size() -> f64 {
    4.0 * (((1u64 << 31) - 1) as f64).log2()
}

/// Every accepted proof proves at least this many bits in the unique decoding regime.
pub const MIN_PROVEN_BITS: f64 = 96.0;

/// Highest constraint degree of the AIR (every constraint, LogUp included, has total degree
/// ≤ 3 in the committed columns; the composition polynomial has degree < 2·trace length).
pub const MAX_CONSTRAINT_DEGREE: u32 = 3;

/// The FRI and proof-of-work parameters of one STARK, as the prover chooses them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StarkParams {
    /// log2 of the FRI blowup factor (ρ = 2^−log_blowup).
    pub log_blowup: u32,
    /// FRI queries.
    pub queries: u32,
    /// Proof-of-work bits before the queries are drawn.
    pub pow_bits: u32,
    /// Folds per FRI layer (the first layer, circle to line, included).
    pub fold_step: u32,
    /// log2 of the last FRI layer's degree bound.
    pub log_last_layer: u32,
}

/// What one STARK commits and opens, counted from its AIR ([`shape::stark_shape`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StarkShape {
    /// log2 of the trace length k: the largest column's rows (all columns are lifted to it).
    pub log_trace: u32,
    /// Committed base-field columns, all trees (fixed, main, LogUp, composition).
    pub columns: u64,
    /// Functions FRI batches with powers of one challenge: one per (column, sample point),
    /// composition columns included.
    pub batched: u64,
    /// Constraints combined into the composition polynomial.
    pub constraints: u64,
    /// Most points one column is opened at (mask offsets).
    pub max_openings: u32,
}

/// The LogUp bus of a whole proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BusShape {
    /// Every fraction of every component of every part, plus the verifier's public terms.
    pub fractions: u64,
    /// Longest tuple, tag included: each denominator is a polynomial of degree `arity − 1` in
    /// α, minus z.
    pub arity: u32,
    /// Proof-of-work bits ground before the bus challenges are drawn.
    pub pow_bits: u32,
}

/// A proximity regime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Regime {
    /// Unique decoding: θ = (1 − ρ)/2.
    Udr,
    /// Johnson bound: θ = 1 − √ρ − η (BCHKS25).
    Jbr,
}

impl Regime {
    /// The gap η to the Johnson radius that soundcalc uses for fields below 2^150:
    /// max(ρ/20, √ρ/100).
    fn jbr_gap(rho: f64) -> f64 {
        (rho / 20.0).max(rho.sqrt() / 100.0)
    }

    /// The proximity parameter θ.
    pub fn theta(self, rho: f64) -> f64 {
        match self {
            Regime::Udr => (1.0 - rho) / 2.0,
            Regime::Jbr => 1.0 - rho.sqrt() - Self::jbr_gap(rho),
        }
    }

    /// The list size the DEEP and ALI errors are multiplied by.
    pub fn list_size(self, rho: f64) -> f64 {
        match self {
            Regime::Udr => 1.0,
            Regime::Jbr => 1.0 / (2.0 * Self::jbr_gap(rho) * rho.sqrt()),
        }
    }

    /// log2 of the correlated-agreement error for one random line over a code of rate `rho`
    /// on a domain of `2^log_domain` points: BCIKS20 Theorem 1.2 (UDR: n/|F|), BCHKS25
    /// Theorem 4.2 (JBR).
    pub fn log2_line_error(self, rho: f64, log_domain: u32) -> f64 {
        let n = f64::from(log_domain).exp2();
        let numerator = match self {
            Regime::Udr => n,
            Regime::Jbr => {
                let sqrt_rho = rho.sqrt();
                let theta = self.theta(rho);
                let m = (sqrt_rho / (1.0 - sqrt_rho - theta)).ceil().max(3.0) + 0.5;
                (2.0 * m.powi(5) + 3.0 * m * theta * rho) * n / (3.0 * rho * sqrt_rho)
                    + m / sqrt_rho
            }
        };
        numerator.log2() - log2_field_size()
    }

    /// The short name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Regime::Udr => "UDR",
            Regime::Jbr => "JBR",
        }
    }
}

/// One round's level: its error is at most 2^−bits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// Which round ("batching", "FRI fold 1", "queries", "DEEP", "ALI", "LogUp bus").
    pub name: String,
    /// −log2 of the error, grinding included.
    pub bits: f64,
}

/// log2 of (m − 1) for a batch of m functions (0 functions batch nothing: −∞ error).
fn log2_minus_one(m: u64) -> f64 {
    (m.saturating_sub(1) as f64).log2()
}

/// Every round of one STARK in `regime`, in protocol order.
pub fn stark_terms(params: &StarkParams, shape: &StarkShape, regime: Regime) -> Vec<Term> {
    let rho = f64::from(params.log_blowup).exp2().recip();
    let log_domain = shape.log_trace + params.log_blowup;
    let list = regime.list_size(rho);
    let field = log2_field_size();
    let k = f64::from(shape.log_trace).exp2();
    let mut terms = Vec::new();
    let mut push = |name: String, log2_error: f64| {
        terms.push(Term {
            name,
            bits: -log2_error,
        })
    };

    // ALI: the constraints are combined with powers of one challenge (soundcalc, after
    // Ha22 Theorem 8): L · constraints / |F|.
    push(
        "ALI".into(),
        list.log2() + (shape.constraints.max(1) as f64).log2() - field,
    );
    // DEEP: L · (d·(k + m − 1) + (k − 1)) / (|F| − k − D).
    let d = f64::from(MAX_CONSTRAINT_DEGREE);
    let m = f64::from(shape.max_openings.max(1));
    let domain = f64::from(log_domain).exp2();
    let field_minus = (field.exp2() - k - domain).log2();
    push(
        "DEEP".into(),
        list.log2() + (d * (k + m - 1.0) + (k - 1.0)).log2() - field_minus,
    );
    // Batching: one challenge's powers combine every (column, point) quotient:
    // (batched − 1) · ε_line(D).
    push(
        "batching".into(),
        log2_minus_one(shape.batched) + regime.log2_line_error(rho, log_domain),
    );
    // FRI commit rounds, as stwo 2.3 schedules them: every layer (the first, circle to line,
    // included) folds 2^fold_step points into one with one challenge's powers, the last one
    // by what is left, from degree k down to 2^log_last_layer; layer i errs with
    // (2^fold − 1) · ε_line(D_i), D_i the folded domain.
    let mut remaining = shape.log_trace.saturating_sub(params.log_last_layer);
    let mut log_d = log_domain;
    let mut layer = 1;
    while remaining > 0 {
        let step = params.fold_step.max(1).min(remaining);
        log_d -= step;
        remaining -= step;
        let fold = (1u64 << step) as f64;
        push(
            format!("FRI layer {layer}"),
            (fold - 1.0).log2() + regime.log2_line_error(rho, log_d),
        );
        layer += 1;
    }
    // Queries: (1 − θ)^s, then the proof of work.
    let theta = regime.theta(rho);
    push(
        "queries".into(),
        f64::from(params.queries) * (1.0 - theta).log2() - f64::from(params.pow_bits),
    );
    terms
}

/// The bus's single round: with N fractions whose denominators have degree ≤ arity − 1 in α,
/// a wrong multiset sums to zero, or hits a zero denominator, with probability at most
/// ((arity − 1)(N − 1) + N) / |F| (Schwartz–Zippel on the cleared sum; docs/security.md),
/// and each redraw costs 2^pow_bits.
pub fn bus_term(bus: &BusShape) -> Term {
    let n = bus.fractions.max(1) as f64;
    let degree = f64::from(bus.arity.max(1) - 1);
    let numerator = degree * (n - 1.0) + n;
    Term {
        name: "LogUp bus".into(),
        bits: log2_field_size() - numerator.log2() + f64::from(bus.pow_bits),
    }
}

/// The level of a whole proof in one regime.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegimeLevel {
    /// The smallest level of all rounds.
    pub bits: f64,
    /// The round that sets it, with the part it belongs to ("part 3: batching").
    pub weakest: String,
}

/// The security of a proof.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityReport {
    /// Unique decoding regime: the proven figure every accepted proof must reach.
    pub udr: RegimeLevel,
    /// Johnson bound regime (also proven, larger radius, weaker per-round bounds here).
    pub jbr: RegimeLevel,
    /// stwo's `pow + log_blowup × queries` (the weakest part's): refuted up-to-capacity
    /// conjecture, for comparison only.
    pub conjectured_bits: u32,
    /// The parameters of the part with the fewest UDR bits.
    pub params: Option<StarkParams>,
}

/// The figures a report shows (`prove --json`, `verify --json`, the bindings): proven bits in
/// UDR (the required regime), in JBR, stwo's conjectured figure, and the parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecuritySummary {
    /// Always "UDR": the regime `proven_bits` is in.
    pub regime: String,
    /// Proven bits, unique decoding regime (weakest round of the whole proof).
    pub proven_bits: f64,
    /// Proven bits, Johnson bound regime.
    pub jbr_bits: f64,
    /// stwo's conjectured figure (refuted conjecture; comparison only).
    pub conjectured_bits: u32,
    /// log2 of the FRI blowup.
    pub log_blowup: u32,
    /// FRI queries.
    pub queries: u32,
    /// Proof-of-work bits before the queries.
    pub pow_bits: u32,
    /// Line layers folded per FRI step.
    pub fold_step: u32,
    /// The weakest round (UDR).
    pub weakest: String,
}

impl SecurityReport {
    /// The figures to show, rounded down to a tenth of a bit.
    pub fn summary(&self) -> SecuritySummary {
        let tenth = |bits: f64| (bits * 10.0).floor() / 10.0;
        let params = self.params.unwrap_or(StarkParams {
            log_blowup: 0,
            queries: 0,
            pow_bits: 0,
            fold_step: 0,
            log_last_layer: 0,
        });
        SecuritySummary {
            regime: "UDR".into(),
            proven_bits: tenth(self.udr.bits),
            jbr_bits: tenth(self.jbr.bits),
            conjectured_bits: self.conjectured_bits,
            log_blowup: params.log_blowup,
            queries: params.queries,
            pow_bits: params.pow_bits,
            fold_step: params.fold_step,
            weakest: self.udr.weakest.clone(),
        }
    }
}

/// The security of a proof made of `parts` (their parameters and shapes) and one bus.
pub fn assess(parts: &[(StarkParams, StarkShape)], bus: &BusShape) -> SecurityReport {
    let level = |regime: Regime| {
        let bus = bus_term(bus);
        let mut best = RegimeLevel {
            bits: bus.bits,
            weakest: bus.name,
        };
        for (index, (params, shape)) in parts.iter().enumerate() {
            for term in stark_terms(params, shape, regime) {
                if term.bits < best.bits {
                    best = RegimeLevel {
                        bits: term.bits,
                        weakest: format!("part {index}: {}", term.name),
                    };
                }
            }
        }
        best
    };
    let conjectured_bits = parts
        .iter()
        .map(|(p, _)| p.pow_bits + p.log_blowup * p.queries)
        .min()
        .unwrap_or(0);
    let udr = level(Regime::Udr);
    // "part 3: batching" names the weakest part; the bus belongs to none (take the first).
    let weakest_part = udr
        .weakest
        .strip_prefix("part ")
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    SecurityReport {
        udr,
        jbr: level(Regime::Jbr),
        conjectured_bits,
        params: parts.get(weakest_part).map(|(p, _)| *p),
    }
}

/// The fewest queries for which the UDR query round reaches `bits` with `pow_bits` of work.
pub fn udr_queries_for(bits: f64, log_blowup: u32, pow_bits: u32) -> u32 {
    let rho = f64::from(log_blowup).exp2().recip();
    let per_query = -(1.0 - Regime::Udr.theta(rho)).log2();
    ((bits - f64::from(pow_bits)) / per_query).ceil().max(1.0) as u32
}

/// The largest number of batched functions a STARK over `2^log_trace` rows may have at
/// `log_blowup` for its UDR batching round to reach `bits`.
pub fn udr_batch_limit(bits: f64, log_trace: u32, log_blowup: u32) -> u64 {
    let log_line = Regime::Udr.log2_line_error(0.0, log_trace + log_blowup);
    // (m − 1) · 2^log_line ≤ 2^−bits
    let room = (-bits - log_line).exp2();
    room.floor() as u64 + 1
}

#[cfg(test)]
mod tests;
