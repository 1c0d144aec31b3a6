//! Sparse, word-addressed memory with a record of which words were touched.
//!
//! Memory is split into pages of 64 KiB allocated on first touch; a page holds its words and one
//! bit per word saying whether the program read or wrote it. Untouched memory reads as zero.
//! The touched set is what the prover's memory boundary has to cover.

use crate::program::Program;

const PAGE_WORD_BITS: u32 = 14;
const PAGE_WORDS: usize = 1 << PAGE_WORD_BITS;
const PAGE_MASK: u32 = (1 << PAGE_WORD_BITS) - 1;
const PAGE_COUNT: usize = 1 << (30 - PAGE_WORD_BITS);
/// Bytes in one page.
pub const PAGE_BYTES: u64 = (PAGE_WORDS as u64) * 4;

struct Page {
    words: [u32; PAGE_WORDS],
    touched: [u64; PAGE_WORDS / 64],
}

/// The machine's RAM: 2^30 words, allocated page by page.
pub(crate) struct Memory {
    pages: Vec<Option<Box<Page>>>,
    allocated: usize,
    max_pages: usize,
}

/// Allocating a page would exceed the memory limit.
#[derive(Debug)]
pub(crate) struct OutOfMemory;

impl Memory {
    /// Memory holding the program's initial image, allowed to grow to `max_bytes`.
    pub(crate) fn new(program: &Program, max_bytes: u64) -> Result<Memory, OutOfMemory> {
        let max_pages = (max_bytes / PAGE_BYTES).min(PAGE_COUNT as u64) as usize;
        let mut memory = Memory {
            pages: Vec::new(),
            allocated: 0,
            max_pages,
        };
        memory.pages.resize_with(PAGE_COUNT, || None);
        for segment in program.segments() {
            for (k, &byte) in segment.data.iter().enumerate() {
                if byte != 0 {
                    let addr = segment.vaddr + k as u32;
                    let page = memory.page(addr >> 2)?;
                    let word = &mut page.words[((addr >> 2) & PAGE_MASK) as usize];
                    *word |= u32::from(byte) << (8 * (addr & 3));
                }
            }
        }
        Ok(memory)
    }

    #[inline]
    fn page(&mut self, word: u32) -> Result<&mut Page, OutOfMemory> {
        let index = (word >> PAGE_WORD_BITS) as usize & (PAGE_COUNT - 1);
        if self.pages[index].is_none() {
            if self.allocated >= self.max_pages {
                return Err(OutOfMemory);
            }
            self.allocated += 1;
            self.pages[index] = Some(Box::new(Page {
                words: [0; PAGE_WORDS],
                touched: [0; PAGE_WORDS / 64],
            }));
        }
        match &mut self.pages[index] {
            Some(page) => Ok(page),
            None => Err(OutOfMemory),
        }
    }

    /// Reads the word with index `word` (byte address / 4) and marks it touched.
    #[inline]
    pub(crate) fn read(&mut self, word: u32) -> Result<u32, OutOfMemory> {
        let page = self.page(word)?;
        let i = (word & PAGE_MASK) as usize;
        page.touched[i >> 6] |= 1 << (i & 63);
        Ok(page.words[i])
    }

    /// Writes the word with index `word`, marks it touched and returns its previous value.
    #[inline]
    pub(crate) fn write(&mut self, word: u32, value: u32) -> Result<u32, OutOfMemory> {
        let page = self.page(word)?;
        let i = (word & PAGE_MASK) as usize;
        page.touched[i >> 6] |= 1 << (i & 63);
        Ok(core::mem::replace(&mut page.words[i], value))
    }

    /// Every touched word with its current value, in address order.
    pub(crate) fn touched(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.pages.iter().enumerate().flat_map(|(p, page)| {
            page.iter().flat_map(move |page| {
                page.touched.iter().enumerate().flat_map(move |(k, &bits)| {
                    (0..64).filter(move |b| bits >> b & 1 == 1).map(move |b| {
                        let i = k * 64 + b;
                        (((p << PAGE_WORD_BITS) + i) as u32, page.words[i])
                    })
                })
            })
        })
    }

    /// How many words were touched.
    pub(crate) fn touched_count(&self) -> u64 {
        let pages = self.pages.iter().flatten();
        pages
            .map(|p| {
                p.touched
                    .iter()
                    .map(|b| u64::from(b.count_ones()))
                    .sum::<u64>()
            })
            .sum()
    }

    /// How many bytes of pages are allocated.
    pub(crate) fn allocated_bytes(&self) -> u64 {
        self.allocated as u64 * PAGE_BYTES
    }
}
