//! Counting what one proof part commits and opens, from its components alone: the numbers the
//! calculator needs ([`StarkShape`]) and the sampled-value layout stwo's verifier indexes.
//!
//! The counts come from the same stwo components the verifier builds (with placeholder
//! challenges), so they are exactly what stwo commits, samples and batches.

use super::StarkShape;
use crate::air::bus::Bus;
use crate::air::preprocessed::{column_ids, FIXED_COLUMNS};
use crate::air::ComponentId;
use num_traits::Zero;
use stwo::core::air::{Component, Components};
use stwo::core::circle::SECURE_FIELD_CIRCLE_GEN;
use stwo::core::fields::qm31::{SecureField, SECURE_EXTENSION_DEGREE};
use stwo::core::ColumnVec;
use stwo_constraint_framework::TraceLocationAllocator;

/// The composition polynomial's committed columns (two halves, each a QM31 as four columns).
pub const COMPOSITION_COLUMNS: usize = 2 * SECURE_EXTENSION_DEGREE;

/// The largest log size in a part: its components' largest, and at least the fixed tables'
/// 16 (the fixed tree is committed in every part).
pub fn max_log_size(components: &[(ComponentId, u32)]) -> u32 {
    components.iter().map(|c| c.1).max().unwrap_or(16).max(16)
}

/// What one part commits, batches and constrains, and the number of sample points of every
/// column of every tree (fixed, main, LogUp, composition) as stwo's verifier derives them: the
/// proof's `sampled_values` must have exactly this layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartLayout {
    /// The calculator's counts.
    pub shape: StarkShape,
    /// Sample points per column, per tree.
    pub samples: Vec<ColumnVec<usize>>,
}

/// One component's contribution to its part: sample points of its main and LogUp columns, the
/// fixed columns it reads, its constraints.
#[derive(Clone, Debug)]
struct ComponentLayout {
    main: Vec<usize>,
    interaction: Vec<usize>,
    fixed: Vec<usize>,
    constraints: u64,
}

/// Builds part layouts from per-component layouts, each component kind and size built once, so
/// the work for a proof follows the number of its columns, not of its parts.
#[derive(Debug, Default)]
pub struct LayoutCache {
    components: std::collections::HashMap<(ComponentId, u32), ComponentLayout>,
}

impl LayoutCache {
    fn component(&mut self, id: ComponentId, log_size: u32, exit_code: u32) -> &ComponentLayout {
        self.components.entry((id, log_size)).or_insert_with(|| {
            with_components(&[(id, log_size)], exit_code, |built| {
                let Some(component) = built.components.first() else {
                    return ComponentLayout {
                        main: vec![],
                        interaction: vec![],
                        fixed: vec![],
                        constraints: 0,
                    };
                };
                let points = component.mask_points(SECURE_FIELD_CIRCLE_GEN, log_size);
                let counts = |tree: usize| -> Vec<usize> {
                    points
                        .get(tree)
                        .map(|t| t.iter().map(Vec::len).collect())
                        .unwrap_or_default()
                };
                ComponentLayout {
                    main: counts(1),
                    interaction: counts(2),
                    fixed: component.preprocessed_column_indices(),
                    constraints: component.n_constraints() as u64,
                }
            })
        })
    }

    /// The layout of a part with these components.
    pub fn part(&mut self, components: &[(ComponentId, u32)], exit_code: u32) -> PartLayout {
        let mut fixed = vec![0; FIXED_COLUMNS.len()];
        let (mut main, mut interaction) = (Vec::new(), Vec::new());
        let mut constraints = 0;
        for &(id, log_size) in components {
            let layout = self.component(id, log_size, exit_code);
            main.extend_from_slice(&layout.main);
            interaction.extend_from_slice(&layout.interaction);
            for &index in &layout.fixed {
                if let Some(slot) = fixed.get_mut(index) {
                    *slot = 1;
                }
            }
            constraints += layout.constraints;
        }
        let samples = vec![fixed, main, interaction, vec![1; COMPOSITION_COLUMNS]];
        let shape = StarkShape {
            log_trace: max_log_size(components),
            columns: samples.iter().map(|t| t.len() as u64).sum(),
            batched: samples.iter().flatten().map(|&n| n as u64).sum(),
            constraints,
            max_openings: samples.iter().flatten().copied().max().unwrap_or(1) as u32,
        };
        PartLayout { shape, samples }
    }
}

/// The layout of a part as stwo's own `Components::mask_points` gives it, all components built
/// together: the reference [`LayoutCache::part`] is tested against.
pub fn part_layout(components: &[(ComponentId, u32)], exit_code: u32) -> PartLayout {
    with_components(components, exit_code, |built| {
        let max_log = max_log_size_of(built);
        let mut points = built.mask_points(SECURE_FIELD_CIRCLE_GEN, max_log, false);
        points.push(vec![vec![SECURE_FIELD_CIRCLE_GEN]; COMPOSITION_COLUMNS]);
        let samples: Vec<ColumnVec<usize>> = points
            .iter()
            .map(|tree| tree.iter().map(Vec::len).collect())
            .collect();
        let shape = StarkShape {
            log_trace: max_log_size(components),
            columns: samples.iter().map(|t| t.len() as u64).sum(),
            batched: samples.iter().flatten().map(|&n| n as u64).sum(),
            constraints: built
                .components
                .iter()
                .map(|c| c.n_constraints() as u64)
                .sum(),
            max_openings: samples.iter().flatten().copied().max().unwrap_or(1) as u32,
        };
        PartLayout { shape, samples }
    })
}

/// What a part with these components commits, batches and constrains.
pub fn stark_shape(components: &[(ComponentId, u32)], exit_code: u32) -> StarkShape {
    LayoutCache::default().part(components, exit_code).shape
}

fn max_log_size_of(components: &Components<'_>) -> u32 {
    // The composition bound is log_size + 1 for every component (stwo guide, rule 1).
    components
        .components
        .iter()
        .map(|c| c.max_constraint_log_degree_bound() - 1)
        .max()
        .unwrap_or(16)
        .max(16)
}

/// Builds the part's stwo components with placeholder challenges and hands them to `f`.
fn with_components<T>(
    components: &[(ComponentId, u32)],
    exit_code: u32,
    f: impl FnOnce(&Components<'_>) -> T,
) -> T {
    let mut allocator = TraceLocationAllocator::new_with_preprocessed_columns(&column_ids());
    let built: Vec<Box<dyn Component>> = components
        .iter()
        .map(|(id, log_size)| {
            id.air(exit_code).verifier_component(
                *log_size,
                Bus::dummy(),
                &mut allocator,
                SecureField::zero(),
            )
        })
        .collect();
    let components = Components {
        components: built.iter().map(|c| c.as_ref()).collect(),
        n_preprocessed_columns: FIXED_COLUMNS.len(),
    };
    f(&components)
}
