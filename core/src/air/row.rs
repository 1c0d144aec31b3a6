//! The row a component states its constraints and lookups on.
//!
//! Components never see stwo's evaluator directly: they read their columns, add constraints and
//! bus fractions through [`Row`], which keeps the fractions for the framework (`air::logup`) and
//! is the one place where every constraint passes. That is where blinding rows will switch
//! constraints off (docs/zk.md), without any component knowing.

use stwo::core::Fraction;
use stwo_constraint_framework::preprocessed_columns::PreProcessedColumnId;
use stwo_constraint_framework::EvalAtRow;

/// One row of a component, over any of stwo's evaluators (or ours).
pub(crate) struct Row<E: EvalAtRow> {
    /// The evaluator underneath.
    pub inner: E,
    /// The row's bus fractions, in the order the component adds them.
    pub fractions: Vec<Fraction<E::EF, E::EF>>,
}

impl<E: EvalAtRow> Row<E> {
    /// A row over `inner`, with no fractions yet.
    pub(crate) fn new(inner: E) -> Row<E> {
        Row {
            inner,
            fractions: Vec::new(),
        }
    }

    /// The next main-trace column's value on this row.
    pub(crate) fn next_trace_mask(&mut self) -> E::F {
        self.inner.next_trace_mask()
    }

    /// A fixed column's value on this row.
    pub(crate) fn get_preprocessed_column(&mut self, column: PreProcessedColumnId) -> E::F {
        self.inner.get_preprocessed_column(column)
    }

    /// Requires `constraint` to vanish on this row.
    pub(crate) fn add_constraint(&mut self, constraint: E::F) {
        self.inner.add_constraint(constraint);
    }

    /// Adds the bus fraction `numerator / denominator` (`air::bus` builds both).
    pub(crate) fn add_fraction(&mut self, numerator: E::EF, denominator: E::EF) {
        self.fractions.push(Fraction::new(numerator, denominator));
    }
}
