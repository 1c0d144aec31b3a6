//! Splitting a segment's components into parts (one STARK each) so that every part proves
//! `security::MIN_PROVEN_BITS` in the unique decoding regime.
//!
//! The round that limits a part is FRI's batching: one challenge's powers combine every
//! (column, sample point) quotient, which errs with (batched − 1)·D/|F| for a lifted domain of
//! D points (docs/security.md). A part's budget of batched functions therefore halves each time
//! its largest component doubles. Components are taken largest first and packed greedily;
//! each part's count is bounded from above by the sum of its components' counts alone (a fixed
//! column two components share is counted twice), so the verifier's exact count is never
//! larger.

use super::ProveError;
use crate::air::trace::ComponentTrace;
use crate::air::ComponentId;
use crate::security::shape::{stark_shape, COMPOSITION_COLUMNS};
use crate::security::{stark_terms, Regime, StarkParams, StarkShape, MIN_PROVEN_BITS};
use std::collections::HashMap;

/// Rejects parameters too weak for any part (the query round does not depend on the shape).
pub(crate) fn check_params(params: &StarkParams) -> Result<(), ProveError> {
    let probe = StarkShape {
        log_trace: 16,
        columns: 1,
        batched: 1,
        constraints: 1,
        max_openings: 1,
    };
    if crate::schedule::params_of(&crate::schedule::pcs_config(params, 16), 16).is_none() {
        return Err(ProveError::WeakParameters(format!(
            "{params:?} is outside the verifier's limits"
        )));
    }
    match weakest(params, &probe) {
        Some(term) => Err(ProveError::WeakParameters(term)),
        None => Ok(()),
    }
}

/// The first UDR round of a part below the target, as a message.
fn weakest(params: &StarkParams, shape: &StarkShape) -> Option<String> {
    stark_terms(params, shape, Regime::Udr)
        .into_iter()
        .find(|t| t.bits < MIN_PROVEN_BITS)
        .map(|t| format!("the {} round proves {:.1} bits", t.name, t.bits))
}

/// Splits segments into parts, remembering each component's counts.
pub(crate) struct Splitter {
    params: StarkParams,
    exit_code: u32,
    alone: HashMap<(ComponentId, u32), StarkShape>,
}

impl Splitter {
    pub(crate) fn new(params: StarkParams, exit_code: u32) -> Splitter {
        Splitter {
            params,
            exit_code,
            alone: HashMap::new(),
        }
    }

    /// The counts of a component in a part of its own, less the composition columns.
    fn alone(&mut self, id: ComponentId, log_size: u32) -> StarkShape {
        let exit_code = self.exit_code;
        *self.alone.entry((id, log_size)).or_insert_with(|| {
            let mut shape = stark_shape(&[(id, log_size)], exit_code);
            shape.columns -= COMPOSITION_COLUMNS as u64;
            shape.batched -= COMPOSITION_COLUMNS as u64;
            shape
        })
    }

    /// The exit code of the statement the parts prove (some AIRs depend on it).
    pub(crate) fn exit_code(&self) -> u32 {
        self.exit_code
    }

    /// Fails if `id` with 2^`log_size` rows cannot reach the target even in a part of its own.
    pub(crate) fn check_alone(&mut self, id: ComponentId, log_size: u32) -> Result<(), ProveError> {
        let solo = add(&StarkShape::default(), &self.alone(id, log_size));
        match weakest(&self.params, &solo) {
            Some(term) => Err(ProveError::WeakParameters(format!(
                "{id:?} with 2^{log_size} rows alone: {term}"
            ))),
            None => Ok(()),
        }
    }

    /// The segment's components in parts, each in the segment's order. Deterministic, so that
    /// the second pass rebuilds the same parts.
    pub(crate) fn split(
        &mut self,
        traces: Vec<ComponentTrace>,
    ) -> Result<Vec<Vec<ComponentTrace>>, ProveError> {
        let mut order: Vec<usize> = (0..traces.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(traces[i].log_size));
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut current: Vec<usize> = Vec::new();
        let mut bound = StarkShape::default();
        for i in order {
            let own = self.alone(traces[i].id, traces[i].log_size);
            let solo = add(&StarkShape::default(), &own);
            self.check_alone(traces[i].id, traces[i].log_size)?;
            let joined = add(&bound, &own);
            if !current.is_empty() && weakest(&self.params, &joined).is_some() {
                groups.push(std::mem::take(&mut current));
                bound = solo;
            } else {
                bound = joined;
            }
            current.push(i);
        }
        if !current.is_empty() {
            groups.push(current);
        }
        let mut slots: Vec<Option<ComponentTrace>> = traces.into_iter().map(Some).collect();
        Ok(groups
            .into_iter()
            .map(|mut group| {
                group.sort_unstable();
                group
                    .into_iter()
                    .filter_map(|i| slots.get_mut(i).and_then(Option::take))
                    .collect()
            })
            .collect())
    }
}

/// An upper bound on the counts of a part holding both.
fn add(a: &StarkShape, b: &StarkShape) -> StarkShape {
    let composition = if a.batched == 0 {
        COMPOSITION_COLUMNS as u64
    } else {
        0
    };
    StarkShape {
        log_trace: a.log_trace.max(b.log_trace).max(16),
        columns: a.columns + b.columns + composition,
        batched: a.batched + b.batched + composition,
        constraints: a.constraints + b.constraints,
        max_openings: a.max_openings.max(b.max_openings),
    }
}
