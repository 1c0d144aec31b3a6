//! The LogUp argument's constraints, stated by our framework instead of stwo's
//! `finalize_logup_in_pairs`, with the same columns and the same values.
//!
//! A component's row yields fractions m/d on the bus. They are summed in pairs; every pair but
//! the last has an interaction column c_k holding the running total over the pairs so far on
//! that row, and the last pair feeds the running sum S over the rows. With D and N the pair's
//! denominator and numerator:
//!
//! - pair k < last: `(c_k − c_{k−1})·D_k − N_k = 0` (c_{−1} = 0);
//! - last pair: `(S(x) − S(ω⁻¹x) − c_{last−1}(x) + claimed/2^n)·D − N = 0`.
//!
//! Summed over the 2^n rows the differences S(x) − S(ω⁻¹x) cancel, so the rows' fractions add
//! up to the claimed sum exactly when these hold on every row (docs/security.md, the LogUp
//! term). Owning these constraints is what lets blinding rows relax them later (docs/zk.md,
//! plan step 2); today they are stwo's, value for value, and proofs are byte for byte the same.

use super::bus::Bus;
use super::row::Row;
use num_traits::Zero;
use stwo::core::fields::m31::BaseField;
use stwo::core::fields::qm31::SecureField;
use stwo::core::Fraction;
use stwo_constraint_framework::{EvalAtRow, INTERACTION_TRACE_IDX};

/// What the framework does with a row's fractions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Logup {
    /// Hands them to the evaluator (`write_logup_frac`): the interaction-trace generator, the
    /// row checker and the counters collect them.
    Collect,
    /// States the LogUp constraints over the interaction columns, for a component whose
    /// fractions sum to this claimed sum.
    Constrain(SecureField),
}

/// Evaluates one row of `air` on `eval` and finishes its fractions as `logup` says.
pub(crate) fn evaluate_row<A: super::framework::Air, E: EvalAtRow>(
    air: &A,
    bus: &Bus,
    log_size: u32,
    logup: Logup,
    eval: E,
) -> E {
    let mut row = Row::new(eval);
    air.evaluate(bus, &mut row);
    let Row {
        mut inner,
        fractions,
    } = row;
    match logup {
        Logup::Collect => {
            for fraction in fractions {
                inner.write_logup_frac(fraction);
            }
        }
        Logup::Constrain(claimed_sum) => {
            let shift = claimed_sum / BaseField::from(1u32 << log_size);
            constrain_in_pairs(&mut inner, fractions, shift);
        }
    }
    inner
}

/// The constraints of the module doc, with `shift` = claimed sum / 2^n.
fn constrain_in_pairs<E: EvalAtRow>(
    eval: &mut E,
    fractions: Vec<Fraction<E::EF, E::EF>>,
    shift: SecureField,
) {
    let mut pairs: Vec<Fraction<E::EF, E::EF>> = fractions
        .chunks(2)
        .map(|pair| pair.iter().cloned().sum())
        .collect();
    let Some(last) = pairs.pop() else {
        // `Air` requires at least one lookup per row.
        return;
    };
    let mut previous = E::EF::zero();
    for pair in pairs {
        let [total] = eval.next_extension_interaction_mask(INTERACTION_TRACE_IDX, [0]);
        let step = total.clone() - previous;
        previous = total;
        eval.add_constraint(step * pair.denominator - pair.numerator);
    }
    let [before, sum] = eval.next_extension_interaction_mask(INTERACTION_TRACE_IDX, [-1, 0]);
    let step = sum - before - previous + shift;
    eval.add_constraint(step * last.denominator - last.numerator);
}
