//! The glue between our components and stwo's constraint framework.
//!
//! A component implements [`Air`]: one function that states the constraints and lookups of a
//! row. From that single function come (a) the stwo component the prover and verifier run,
//! (b) the LogUp interaction trace ([`interaction_trace`], which replays `evaluate` on the
//! committed rows and collects the fractions, so trace and constraints cannot drift), and
//! (c) [`check_rows`], a row-by-row check on concrete values used by tests and debugging.

use super::budget::RelationCounts;
use super::bus::Bus;
use super::logup::{evaluate_row, Logup};
use super::preprocessed::Preprocessed;
use super::row::Row;
use num_traits::Zero;
use stwo::core::fields::m31::BaseField;
use stwo::core::fields::qm31::{SecureField, SECURE_EXTENSION_DEGREE};
use stwo::core::Fraction;
use stwo_constraint_framework::preprocessed_columns::PreProcessedColumnId;
use stwo_constraint_framework::{
    EvalAtRow, FrameworkComponent, FrameworkEval, TraceLocationAllocator, ORIGINAL_TRACE_IDX,
};

/// One AIR component: the constraints and lookups of a row. Every constraint must have degree
/// at most 3 and vanish on the all-zero padding row; every multiplicity must vanish there too.
/// `evaluate` must add at least one lookup (the framework finalises LogUp in pairs).
pub(crate) trait Air: Clone + Send + Sync + 'static {
    /// A short name, for errors and reports.
    fn name(&self) -> &'static str;
    /// The names of the main-trace columns, in order.
    fn columns(&self) -> &'static [&'static str];
    /// States the row's constraints and lookups.
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>);
}

/// A component with its size and the drawn bus: what stwo runs.
#[derive(Clone, Debug)]
pub(crate) struct AirEval<A> {
    pub air: A,
    pub log_size: u32,
    pub bus: Bus,
    /// Whether the LogUp fractions become constraints (stwo's evaluators) or are collected.
    pub logup: Logup,
}

impl<A: Air> FrameworkEval for AirEval<A> {
    fn log_size(&self) -> u32 {
        self.log_size
    }

    fn max_constraint_log_degree_bound(&self) -> u32 {
        self.log_size + 1
    }

    fn evaluate<E: EvalAtRow>(&self, eval: E) -> E {
        evaluate_row(&self.air, &self.bus, self.log_size, self.logup, eval)
    }
}

/// Builds the stwo component for the verifier (and, with `prover`, the prover).
pub(crate) fn framework_component<A: Air>(
    air: A,
    log_size: u32,
    bus: Bus,
    allocator: &mut TraceLocationAllocator,
    claimed_sum: SecureField,
) -> FrameworkComponent<AirEval<A>> {
    let eval = AirEval {
        air,
        log_size,
        bus,
        logup: Logup::Constrain(claimed_sum),
    };
    FrameworkComponent::new(allocator, eval, claimed_sum)
}

/// The object-safe face of a component, so that components of different types can live in one
/// list.
pub(crate) trait DynAir: Send + Sync {
    fn columns(&self) -> &'static [&'static str];
    fn verifier_component(
        &self,
        log_size: u32,
        bus: Bus,
        allocator: &mut TraceLocationAllocator,
        claimed_sum: SecureField,
    ) -> Box<dyn stwo::core::air::Component>;
    #[cfg(feature = "prover")]
    fn prover_component(
        &self,
        log_size: u32,
        bus: Bus,
        allocator: &mut TraceLocationAllocator,
        claimed_sum: SecureField,
    ) -> Box<dyn stwo::prover::ComponentProver<stwo::prover::backend::simd::SimdBackend>>;
    #[cfg(feature = "prover")]
    fn interaction_trace(
        &self,
        log_size: u32,
        bus: &Bus,
        main: &[stwo::prover::backend::simd::column::BaseColumn],
        preprocessed: &Preprocessed,
    ) -> (Vec<crate::prover::TraceColumn>, SecureField);
    /// How many LogUp fractions one row adds, per relation (the verifier bounds each
    /// relation's total, G7: `air::budget`).
    fn fractions_by_relation(&self) -> RelationCounts;
    /// The degree of every constraint and LogUp fraction (docs/zk.md's audit).
    #[cfg(test)]
    fn degrees(&self) -> super::zk_audit::Degrees;
    /// Checks every row on concrete values; returns the sum of the component's fractions.
    fn check_rows(
        &self,
        log_size: u32,
        bus: &Bus,
        main: &[Vec<BaseField>],
        preprocessed: &Preprocessed,
    ) -> Result<SecureField, RowError>;
}

impl<A: Air> DynAir for A {
    fn columns(&self) -> &'static [&'static str] {
        Air::columns(self)
    }

    fn verifier_component(
        &self,
        log_size: u32,
        bus: Bus,
        allocator: &mut TraceLocationAllocator,
        claimed_sum: SecureField,
    ) -> Box<dyn stwo::core::air::Component> {
        Box::new(framework_component(
            self.clone(),
            log_size,
            bus,
            allocator,
            claimed_sum,
        ))
    }

    #[cfg(feature = "prover")]
    fn prover_component(
        &self,
        log_size: u32,
        bus: Bus,
        allocator: &mut TraceLocationAllocator,
        claimed_sum: SecureField,
    ) -> Box<dyn stwo::prover::ComponentProver<stwo::prover::backend::simd::SimdBackend>> {
        Box::new(framework_component(
            self.clone(),
            log_size,
            bus,
            allocator,
            claimed_sum,
        ))
    }

    #[cfg(feature = "prover")]
    fn interaction_trace(
        &self,
        log_size: u32,
        bus: &Bus,
        main: &[stwo::prover::backend::simd::column::BaseColumn],
        preprocessed: &Preprocessed,
    ) -> (Vec<crate::prover::TraceColumn>, SecureField) {
        super::interaction::interaction_trace(self, log_size, bus, main, preprocessed)
    }

    fn fractions_by_relation(&self) -> RelationCounts {
        let main = vec![vec![BaseField::from(0u32); 1]; Air::columns(self).len()];
        let preprocessed = Preprocessed::default();
        let row = RowEval {
            main: &main,
            preprocessed: &preprocessed,
            log_size: 0,
            row: 0,
            next_column: 0,
            constraints: Vec::new(),
            fractions: Vec::new(),
        };
        let eval = AirEval {
            air: self.clone(),
            log_size: 4,
            bus: Bus::tags_only(),
            logup: Logup::Collect,
        };
        let mut counts = RelationCounts::default();
        for fraction in FrameworkEval::evaluate(&eval, row).fractions {
            // With z = α = 0 the denominator is the tuple's tag.
            let tag = fraction.denominator.to_m31_array()[0].0;
            counts.add(tag, 1);
        }
        counts
    }

    #[cfg(test)]
    fn degrees(&self) -> super::zk_audit::Degrees {
        super::zk_audit::degrees_of(self)
    }

    fn check_rows(
        &self,
        log_size: u32,
        bus: &Bus,
        main: &[Vec<BaseField>],
        preprocessed: &Preprocessed,
    ) -> Result<SecureField, RowError> {
        check_rows(self, log_size, bus, main, preprocessed)
    }
}

/// A row whose constraints do not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{component}: constraint {constraint} fails on row {row}")]
pub struct RowError {
    /// The component's name.
    pub component: &'static str,
    /// Row index (storage order).
    pub row: usize,
    /// Index of the constraint in `evaluate` order (LogUp constraints are not checked here).
    pub constraint: usize,
}

/// Evaluates one concrete row: main columns by value, preprocessed columns by id.
struct RowEval<'a> {
    main: &'a [Vec<BaseField>],
    preprocessed: &'a Preprocessed,
    log_size: u32,
    row: usize,
    next_column: usize,
    constraints: Vec<SecureField>,
    fractions: Vec<Fraction<SecureField, SecureField>>,
}

impl EvalAtRow for RowEval<'_> {
    type F = BaseField;
    type EF = SecureField;

    fn next_interaction_mask<const N: usize>(
        &mut self,
        interaction: usize,
        offsets: [isize; N],
    ) -> [Self::F; N] {
        debug_assert_eq!(
            interaction, ORIGINAL_TRACE_IDX,
            "components read only the main trace"
        );
        let column = self.next_column;
        self.next_column += 1;
        offsets.map(|_| {
            self.main
                .get(column)
                .and_then(|c| c.get(self.row))
                .copied()
                .unwrap_or_default()
        })
    }

    fn get_preprocessed_column(&mut self, column: PreProcessedColumnId) -> Self::F {
        self.preprocessed.value(&column.id, self.log_size, self.row)
    }

    fn add_constraint<G>(&mut self, constraint: G)
    where
        Self::EF: std::ops::Mul<G, Output = Self::EF> + From<G>,
    {
        self.constraints.push(SecureField::from(constraint));
    }

    fn combine_ef(values: [Self::F; SECURE_EXTENSION_DEGREE]) -> Self::EF {
        SecureField::from_m31_array(values)
    }

    fn write_logup_frac(&mut self, fraction: Fraction<Self::EF, Self::EF>) {
        self.fractions.push(fraction);
    }

    fn finalize_logup_batched(&mut self, _batching: &Vec<usize>) {}
    fn finalize_logup(&mut self) {}
    fn finalize_logup_in_pairs(&mut self) {}
}

/// Checks every row of a component on concrete values and returns the sum of its LogUp
/// fractions (which, over all components plus the public terms, must be zero).
pub(crate) fn check_rows<A: Air>(
    air: &A,
    log_size: u32,
    bus: &Bus,
    main: &[Vec<BaseField>],
    preprocessed: &Preprocessed,
) -> Result<SecureField, RowError> {
    let eval = AirEval {
        air: air.clone(),
        log_size,
        bus: bus.clone(),
        logup: Logup::Collect,
    };
    let mut sum = SecureField::zero();
    for row in 0..1usize << log_size {
        let row_eval = RowEval {
            main,
            preprocessed,
            log_size,
            row,
            next_column: 0,
            constraints: Vec::new(),
            fractions: Vec::new(),
        };
        let done = FrameworkEval::evaluate(&eval, row_eval);
        if let Some(constraint) = done.constraints.iter().position(|c| !c.is_zero()) {
            return Err(RowError {
                component: air.name(),
                row,
                constraint,
            });
        }
        for f in done.fractions {
            sum += f.numerator / f.denominator;
        }
    }
    Ok(sum)
}
