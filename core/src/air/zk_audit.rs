//! The degree audit behind docs/zk.md: for each component, the degree of every constraint and
//! of every LogUp numerator and denominator, with preprocessed columns counted as degree 1
//! (stwo's `ExprEvaluator` counts them as 0).
//!
//! Zero-knowledge switches every constraint off on blinding rows by a fixed selector, which
//! adds 1 to its degree, and negates the numerators of mirrored blinding rows by a fixed sign,
//! which adds 1 to theirs; the audit says where that exceeds the degree bound of 3.

use super::bus::Bus;
use super::framework::DynAir;
use std::collections::HashMap;
use stwo::core::fields::qm31::SECURE_EXTENSION_DEGREE;
use stwo::core::Fraction;
use stwo_constraint_framework::expr::degree::NamedExprs;
use stwo_constraint_framework::expr::{BaseExpr, ColumnExpr, ExtExpr};
use stwo_constraint_framework::preprocessed_columns::PreProcessedColumnId;
use stwo_constraint_framework::EvalAtRow;

/// The degrees of one component's row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Degrees {
    /// Every constraint's degree, in `evaluate` order.
    pub constraints: Vec<usize>,
    /// Every LogUp fraction's (numerator, denominator) degrees, in `evaluate` order.
    pub fractions: Vec<(usize, usize)>,
    /// The constraints of degree 3 and numerators of degree 2, written out.
    pub over: Vec<String>,
}

impl Degrees {
    /// Constraints of degree 3 (a selector factor would make them 4).
    pub fn cubic_constraints(&self) -> usize {
        self.constraints.iter().filter(|&&d| d >= 3).count()
    }

    /// Numerators of degree 2 or more (a sign factor would make their pair 4).
    pub fn quadratic_numerators(&self) -> usize {
        self.fractions.iter().filter(|f| f.0 >= 2).count()
    }
}

impl core::fmt::Display for Degrees {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let histogram = |ds: &mut dyn Iterator<Item = usize>| {
            let mut counts = [0usize; 5];
            for d in ds {
                counts[d.min(4)] += 1;
            }
            counts
        };
        let c = histogram(&mut self.constraints.iter().copied());
        let n = histogram(&mut self.fractions.iter().map(|f| f.0));
        let max_denominator = self.fractions.iter().map(|f| f.1).max().unwrap_or(0);
        write!(
            f,
            "constraints by degree 0..4 {c:?}, numerators by degree {n:?}, \
             denominators ≤ {max_denominator}"
        )
    }
}

struct Audit {
    next_column: usize,
    next_preprocessed: usize,
    degrees: Degrees,
}

fn no_names() -> NamedExprs {
    NamedExprs::new(HashMap::new(), HashMap::new())
}

impl EvalAtRow for Audit {
    type F = BaseExpr;
    type EF = ExtExpr;

    fn next_interaction_mask<const N: usize>(
        &mut self,
        interaction: usize,
        offsets: [isize; N],
    ) -> [Self::F; N] {
        let column = self.next_column;
        self.next_column += 1;
        offsets.map(|o| BaseExpr::Col(ColumnExpr::from((interaction, column, o))))
    }

    fn get_preprocessed_column(&mut self, _column: PreProcessedColumnId) -> Self::F {
        // A column of the preprocessed tree: degree 1.
        let column = self.next_preprocessed;
        self.next_preprocessed += 1;
        BaseExpr::Col(ColumnExpr::from((0, column, 0)))
    }

    fn add_constraint<G>(&mut self, constraint: G)
    where
        Self::EF: std::ops::Mul<G, Output = Self::EF> + From<G>,
    {
        let constraint = ExtExpr::from(constraint);
        let degree = constraint.degree_bound(&no_names());
        if degree >= 3 {
            self.degrees
                .over
                .push(format!("constraint {}", constraint.simplify_and_format()));
        }
        self.degrees.constraints.push(degree);
    }

    fn combine_ef(values: [Self::F; SECURE_EXTENSION_DEGREE]) -> Self::EF {
        ExtExpr::SecureCol(values.map(Box::new))
    }

    fn write_logup_frac(&mut self, fraction: Fraction<Self::EF, Self::EF>) {
        let names = no_names();
        if fraction.numerator.degree_bound(&names) >= 2 {
            let n = fraction.numerator.simplify_and_format();
            self.degrees.over.push(format!("numerator {n}"));
        }
        self.degrees.fractions.push((
            fraction.numerator.degree_bound(&names),
            fraction.denominator.degree_bound(&names),
        ));
    }
    fn finalize_logup_batched(&mut self, _batching: &Vec<usize>) {}
    fn finalize_logup(&mut self) {}
    fn finalize_logup_in_pairs(&mut self) {}
}

/// The degree audit of a component.
pub(crate) fn audit(air: &dyn DynAir) -> Degrees {
    air.degrees()
}

/// Runs `evaluate` symbolically (the blanket `DynAir` impl calls this).
pub(crate) fn degrees_of<A: super::framework::Air>(air: &A) -> Degrees {
    let eval = Audit {
        next_column: 0,
        next_preprocessed: 0,
        degrees: Degrees::default(),
    };
    let mut row = super::row::Row::new(eval);
    air.evaluate(&Bus::dummy(), &mut row);
    let mut eval = row.inner;
    for fraction in row.fractions {
        eval.write_logup_frac(fraction);
    }
    eval.degrees
}
