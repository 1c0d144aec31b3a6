//! **MemRegion**: opens and closes the access chains of 2^n consecutive RAM words.
//!
//! An instance has a public base word B and log size n. Row: w, f.lo, f.hi, tf (every row is
//! real). It uses RAddr(w), yields RAddr(w + 1), yields Mem(RAM, w, 0, 0, 0) and uses
//! Mem(RAM, w, f, tf). The verifier yields RAddr(B) and uses RAddr(B + 2^n) per region and
//! checks regions are disjoint, so the w of all rows are exactly the covered words, each once:
//! **the boundary's addresses are distinct by construction**. The verifier also swaps the zero
//! initial value of each nonzero image word for its real value (public terms), so memory
//! starts as the ELF image.

use crate::air::bus::{use_tuple, yield_tuple, Bus, Rel, SPACE_RAM};
use crate::air::columns::columns;
use crate::air::framework::Air;
use crate::air::gadgets::{hi, k, lo};
use crate::air::row::Row;
use crate::air::witness::FinalCell;
use stwo_constraint_framework::EvalAtRow;

columns! {
    /// MemRegion columns.
    pub(crate) struct Cols { w, lo, hi, ts }
}

/// A memory region component.
#[derive(Clone, Debug)]
pub(crate) struct MemRegionAir;

impl Air for MemRegionAir {
    fn name(&self) -> &'static str {
        "mem_region"
    }
    fn columns(&self) -> &'static [&'static str] {
        Cols::<()>::names()
    }
    fn evaluate<E: EvalAtRow>(&self, bus: &Bus, eval: &mut Row<E>) {
        let c = Cols::read(|| eval.next_trace_mask());
        let one: E::F = k(1);
        let space: E::F = k(SPACE_RAM);
        use_tuple(
            eval,
            bus,
            Rel::RAddr,
            one.clone(),
            std::slice::from_ref(&c.w),
        );
        yield_tuple(
            eval,
            bus,
            Rel::RAddr,
            one.clone(),
            &[c.w.clone() + one.clone()],
        );
        yield_tuple(
            eval,
            bus,
            Rel::Mem,
            one.clone(),
            &[space.clone(), c.w.clone(), k(0), k(0), k(0)],
        );
        use_tuple(eval, bus, Rel::Mem, one, &[space, c.w, c.lo, c.hi, c.ts]);
    }
}

pub use crate::air::public::{Region, MAX_REGIONS, MAX_REGION_LOG};

/// Clusters of touched words before cutting: at most this many, merged closest first.
const MAX_CLUSTERS: usize = 8;

/// Chooses disjoint power-of-two regions of at most 2^[`MAX_REGION_LOG`] words covering every
/// word in `words` (sorted), keeping the total size small: clusters separated by large gaps get
/// their own region, and while there are more than eight, the two closest merge; a region
/// larger than the limit is cut into aligned pieces, keeping those that hold a word. More than
/// [`MAX_REGIONS`] pieces (a span over 256 MiB) cannot be proven; the prover checks the count.
pub(crate) fn choose_regions(words: &[u32]) -> Vec<Region> {
    let mut pieces = Vec::new();
    for region in cluster_regions(words) {
        if region.log_size <= MAX_REGION_LOG {
            pieces.push(region);
            continue;
        }
        let size = 1u32 << MAX_REGION_LOG;
        let start = words.partition_point(|&w| w < region.base);
        let mut held = words[start..]
            .iter()
            .take_while(|&&w| u64::from(w) < region.end())
            .map(|&w| w - (w - region.base) % size)
            .collect::<Vec<_>>();
        held.dedup();
        pieces.extend(held.into_iter().map(|base| Region {
            base,
            log_size: MAX_REGION_LOG,
        }));
    }
    pieces
}

/// At most [`MAX_CLUSTERS`] disjoint power-of-two regions covering `words`, of any size.
fn cluster_regions(words: &[u32]) -> Vec<Region> {
    let mut clusters: Vec<(u32, u32)> = Vec::new(); // [first, last]
    for &w in words {
        match clusters.last_mut() {
            Some((_, last)) if w - *last < 1 << 12 => *last = w,
            _ => clusters.push((w, w)),
        }
    }
    loop {
        let regions: Vec<Region> = clusters.iter().map(|&(a, b)| region_for(a, b)).collect();
        let overlapping = regions
            .windows(2)
            .position(|r| r[0].end() > u64::from(r[1].base));
        let merge = if let Some(i) = overlapping {
            Some(i)
        } else if clusters.len() > MAX_CLUSTERS {
            (0..clusters.len() - 1).min_by_key(|&i| clusters[i + 1].0 - clusters[i].1)
        } else {
            None
        };
        match merge {
            Some(i) => {
                clusters[i].1 = clusters[i + 1].1;
                clusters.remove(i + 1);
            }
            None => return regions,
        }
    }
}

/// The smallest aligned-to-16 power-of-two region covering [first, last].
fn region_for(first: u32, last: u32) -> Region {
    let base = first & !15;
    let len = u64::from(last - base) + 1;
    let log_size = len.next_power_of_two().ilog2().max(4);
    // Keep the region inside the 2^30 words of RAM.
    let base = base.min(((1u64 << 30) - (1u64 << log_size)) as u32);
    Region { base, log_size }
}

/// Rows of one region: every word in it, with its final value and timestamp (untouched words
/// close their chain at (0, 0)).
pub(crate) fn fill(region: Region, ram: &[FinalCell]) -> Vec<Vec<u32>> {
    let start = ram.partition_point(|c| c.addr < region.base);
    let mut cells = ram[start..]
        .iter()
        .take_while(|c| u64::from(c.addr) < region.end())
        .peekable();
    (0..1u32 << region.log_size)
        .map(|i| {
            let w = region.base + i;
            match cells.peek() {
                Some(c) if c.addr == w => {
                    let c = cells.next().copied().unwrap_or_default();
                    vec![w, lo(c.value), hi(c.value), c.ts]
                }
                _ => vec![w, 0, 0, 0],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_spans_are_cut_into_pieces_that_hold_words() {
        // One cluster (gaps below 2^12) over 3·2^20 words: a 2^22 region before the cut, three
        // 2^20 pieces after it (the fourth would hold no word).
        let words: Vec<u32> = (0..3 << 20).step_by(1000).collect();
        let regions = choose_regions(&words);
        assert_eq!(regions.len(), 3, "{regions:?}");
        for r in &regions {
            assert_eq!(r.log_size, MAX_REGION_LOG);
        }
        for w in &words {
            let covering = regions
                .iter()
                .filter(|r| r.base <= *w && u64::from(*w) < r.end())
                .count();
            assert_eq!(covering, 1, "word {w}");
        }
    }

    #[test]
    fn small_spans_keep_one_region_per_cluster() {
        let words = [0x100, 0x180, 0x10_0000, 0x10_0010];
        let regions = choose_regions(&words);
        assert_eq!(
            regions,
            vec![
                Region {
                    base: 0x100,
                    log_size: 8
                },
                Region {
                    base: 0x10_0000,
                    log_size: 5
                }
            ]
        );
    }
}
