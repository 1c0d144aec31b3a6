//! The LogUp multiplicity budget (rule G7 of docs/prover.md).
//!
//! The LogUp argument shows that every tuple's fractions sum to zero *in the field*. For a tuple
//! whose multiplicities are 0/1 flags (every relation except a table's own yields), that sum is
//! an integer whose absolute value is at most the number of fractions of its relation, so it is
//! zero as an integer, as the memory, state and range arguments need, only if that number stays
//! below p = 2^31 − 1: otherwise p uses of one forged tuple would balance as if unused. Tags
//! keep relations apart, so the bound is per relation: for every relation, the fractions all
//! components may add (rows × fractions per row, padding rows included, since the verifier
//! cannot tell them apart) plus every public term of the statement stay below p. The verifier
//! checks it on each proof's shape; the prover checks it in its counting pass, so a run over
//! the budget is refused before any proving work.

use super::bus::Rel;

/// One slot per tag; slot 0 for unknown tags.
const SLOTS: usize = Rel::ALL.len() + 1;

/// The largest number of fractions one relation may have, public terms included: p − 1.
pub const MAX_RELATION_FRACTIONS: u64 = (1 << 31) - 2;

/// Fractions counted per relation (a row's, or a whole proof's).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RelationCounts {
    counts: [u64; SLOTS],
}

impl RelationCounts {
    /// Adds `n` fractions of the relation with tag `tag` (slot 0 collects unknown tags, which
    /// [`RelationCounts::check`] counts against every relation).
    pub(crate) fn add(&mut self, tag: u32, n: u64) {
        let slot = Rel::from_tag(tag).map_or(0, |rel| rel as usize);
        self.counts[slot] = self.counts[slot].saturating_add(n);
    }

    /// Fractions whose tag is no relation's (none, for every component: a unit test).
    pub fn unknown(&self) -> u64 {
        self.counts[0]
    }

    /// Adds `per_row` × `rows`.
    pub(crate) fn add_rows(&mut self, per_row: &RelationCounts, rows: u64) {
        for (slot, n) in self.counts.iter_mut().zip(per_row.counts) {
            *slot = slot.saturating_add(n.saturating_mul(rows));
        }
    }

    /// The larger of two counts, relation by relation.
    pub(crate) fn max(&self, other: &RelationCounts) -> RelationCounts {
        let mut counts = self.counts;
        for (slot, n) in counts.iter_mut().zip(other.counts) {
            *slot = (*slot).max(n);
        }
        RelationCounts { counts }
    }

    /// The count of one relation.
    pub fn get(&self, rel: Rel) -> u64 {
        self.counts[rel as usize]
    }

    /// The sum over all relations.
    pub fn total(&self) -> u64 {
        self.counts.iter().fold(0u64, |a, &n| a.saturating_add(n))
    }

    /// Checks the budget with `public_terms` verifier terms added to every relation: returns
    /// the first relation over it and its count.
    pub fn check(&self, public_terms: u64) -> Result<(), (Rel, u64)> {
        for rel in Rel::ALL {
            let n = self
                .get(rel)
                .saturating_add(self.unknown())
                .saturating_add(public_terms);
            if n > MAX_RELATION_FRACTIONS {
                return Err((rel, n));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_relation_is_bounded_on_its_own() {
        let mut counts = RelationCounts::default();
        counts.add(Rel::Mem as u32, MAX_RELATION_FRACTIONS - 10);
        counts.add(Rel::Rc16 as u32, MAX_RELATION_FRACTIONS - 10);
        // Twice p in all, but each relation below it: accepted.
        assert_eq!(counts.check(10), Ok(()));
        assert_eq!(
            counts.check(11),
            Err((Rel::Mem, MAX_RELATION_FRACTIONS + 1))
        );
        counts.add(Rel::Rc16 as u32, 11);
        assert_eq!(
            counts.check(0),
            Err((Rel::Rc16, MAX_RELATION_FRACTIONS + 1))
        );
    }

    #[test]
    fn unknown_tags_count_against_every_relation() {
        let mut counts = RelationCounts::default();
        counts.add(Rel::State as u32, MAX_RELATION_FRACTIONS);
        counts.add(99, 1);
        assert_eq!(counts.unknown(), 1);
        assert_eq!(
            counts.check(0),
            Err((Rel::State, MAX_RELATION_FRACTIONS + 1))
        );
    }

    #[test]
    fn rows_multiply_and_saturate() {
        let mut row = RelationCounts::default();
        row.add(Rel::Mem as u32, 6);
        row.add(Rel::State as u32, 2);
        let mut total = RelationCounts::default();
        total.add_rows(&row, 1 << 20);
        assert_eq!(total.get(Rel::Mem), 6 << 20);
        assert_eq!(total.total(), 8 << 20);
        total.add_rows(&row, u64::MAX);
        assert_eq!(total.get(Rel::Mem), u64::MAX);
    }
}
