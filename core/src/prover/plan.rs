//! Whether a run can be proven, decided from the counting pass before any proving work.
//!
//! A run that executed can still be out of reach of one proof in four ways, each of which
//! would otherwise surface late (or, for the budget, only as a proof the verifier refuses):
//! - it uses an instruction family the AIR does not prove;
//! - its touched memory needs more than `MAX_REGIONS` regions;
//! - some component, even in a part of its own, cannot reach 96 proven bits (a memory region
//!   is at most 2^20 words, so this concerns only unusual segment sizes);
//! - some LogUp relation would have p or more fractions (`air::budget`, rule G7).
//!
//! The counting pass gives the cycles and rows per family of the whole run, the words it
//! moved through `read`/`write` and the words it touched. From them [`check`] bounds every
//! component from above without recording anything: a family's rows in one segment are at
//! most min(its rows in the run, the segment's cycles), and over all segments its instances
//! pad to at most 2·rows + 16 per instance and segment (an instance of r rows pads to
//! max(16, the next power of two), which is below 2r + 16). The memory regions, the ROM and the
//! tables are known exactly.
//! If every bound passes, so does the run. If a bound fails, the bound may just be loose (long
//! runs near the budget), so [`exact`] decides on the real shapes, from a recording pass that
//! builds traces but commits nothing.

use super::parts::Splitter;
use super::segmenter::Segmenter;
use super::ProveError;
use crate::air::components::mem_region::choose_regions;
use crate::air::components::MAX_REGIONS;
use crate::air::gadgets::log_size_for;
use crate::air::public::{image_words, public_term_count, PublicIo};
use crate::air::rom::rom;
use crate::air::trace::SUPPORTED;
use crate::air::{ComponentId, Region, WitnessError};
use crate::emulator::ExecStats;
use crate::isa::Family;
use crate::program::Program;
use crate::verifier::FractionCounter;

/// What the counting pass could establish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Every bound passes: the run proves.
    Provable,
    /// A bound failed but may be loose: the real shapes must decide ([`exact`]).
    CheckShapes,
}

/// The memory regions the run's boundary will have: every touched word and every nonzero
/// word of the image (as the witness builder's final cells).
pub(crate) fn regions(program: &Program, touched: &[u32]) -> Vec<Region> {
    let mut words: Vec<u32> = touched.to_vec();
    words.extend(image_words(program).into_iter().map(|(w, _)| w));
    words.sort_unstable();
    words.dedup();
    choose_regions(&words)
}

/// Checks from the counting pass (see the module docs).
pub(crate) fn check(
    program: &Program,
    stats: &ExecStats,
    touched: &[u32],
    io: &PublicIo<'_>,
    segment_log: u32,
    segments: u64,
    splitter: &mut Splitter,
) -> Result<Verdict, ProveError> {
    let exit_code = splitter.exit_code();
    for family in Family::ALL {
        if stats.rows(family) > 0 && !SUPPORTED.contains(&family) {
            return Err(WitnessError::Unsupported(family.name()).into());
        }
    }
    let regions = regions(program, touched);
    if regions.len() > MAX_REGIONS {
        return Err(ProveError::TooLarge(format!(
            "its touched memory needs {} regions of at most 4 MiB (a proof has at most \
             {MAX_REGIONS})",
            regions.len()
        )));
    }

    // Components known exactly: their failures are final.
    let rom_rows = rom(program).len();
    let mut boundary: Vec<(ComponentId, u32)> = vec![
        (ComponentId::Program, log_size_for(rom_rows)),
        (ComponentId::RegBoundary, fixed(ComponentId::RegBoundary)),
        (ComponentId::Rc16, fixed(ComponentId::Rc16)),
        (ComponentId::And8, fixed(ComponentId::And8)),
        (ComponentId::ShiftCfg, fixed(ComponentId::ShiftCfg)),
    ];
    boundary.extend(
        regions
            .iter()
            .map(|&r| (ComponentId::MemRegion(r), r.log_size)),
    );
    let mut counter = FractionCounter::new(exit_code);
    for &(id, log_size) in &boundary {
        splitter.check_alone(id, log_size)?;
        counter.add(id, log_size);
    }

    // Step components, bounded from above.
    let segment_cycles = 1u64 << segment_log;
    let mut verdict = Verdict::Provable;
    let mut bound = |ids: &[ComponentId], rows: u64, per_segment: u64| {
        if rows == 0 || ids.is_empty() {
            return;
        }
        let log_size = log_size_for(per_segment.min(1 << 40) as usize);
        let mut per_row = crate::air::budget::RelationCounts::default();
        for &id in ids {
            if splitter.check_alone(id, log_size).is_err() {
                verdict = Verdict::CheckShapes;
            }
            per_row = per_row.max(&counter.per_row(id));
        }
        let padded = 2 * rows + 16 * ids.len() as u64 * segments;
        counter.counts.add_rows(&per_row, padded);
    };
    for family in Family::ALL {
        let rows = stats.rows(family);
        bound(
            ComponentId::of_family(family),
            rows,
            rows.min(segment_cycles),
        );
    }
    bound(&ComponentId::IO, stats.io_words, stats.io_words);

    if counter
        .counts
        .check(public_term_count(program, &regions, io))
        .is_err()
    {
        verdict = Verdict::CheckShapes;
    }
    Ok(verdict)
}

fn fixed(id: ComponentId) -> u32 {
    id.fixed_log_size().unwrap_or(4)
}

/// Decides on the real shapes: records the whole run, splits every segment as the prover
/// will (which checks every component alone), and counts the fractions exactly, as the
/// verifier will. `each_segment` is called after every segment (progress, cancellation).
pub(crate) fn exact(
    program: &Program,
    mut segments: Segmenter<'_>,
    io: &PublicIo<'_>,
    splitter: &mut Splitter,
    each_segment: &mut dyn FnMut() -> Result<(), ProveError>,
) -> Result<(), ProveError> {
    let mut counter = FractionCounter::new(splitter.exit_code());
    let mut regions = Vec::new();
    while let Some(traces) = segments.next()? {
        for part in splitter.split(traces)? {
            for trace in &part {
                if let ComponentId::MemRegion(r) = trace.id {
                    regions.push(r);
                }
                counter.add(trace.id, trace.log_size);
            }
        }
        each_segment()?;
    }
    let public_terms = public_term_count(program, &regions, io);
    counter.counts.check(public_terms).map_err(|(rel, n)| {
        ProveError::TooLarge(format!(
            "relation {rel:?} would have {n} LogUp fractions; a proof may have at most \
                 p − 1 = 2^31 − 2 per relation (shorter runs fit)"
        ))
    })
}
