//! The global allocator: a bump allocator over `[_heap_start, _heap_end)`.
//!
//! Allocation moves a cursor up; memory is never reused, with two cheap
//! exceptions that matter for typical guests:
//!
//! * `realloc` of the most recent allocation grows or shrinks it in place,
//!   so a `Vec` that is pushed to while nothing else allocates never copies
//!   its contents;
//! * `dealloc` of the most recent allocation moves the cursor back.
//!
//! When the heap is full, `alloc` returns null and `alloc::alloc` reports an
//! allocation failure (which aborts through the panic handler).
//!
//! `alloc_zeroed` skips clearing memory above the highest address ever
//! handed out, because the heap starts zeroed (see the crate docs) and
//! nothing but allocations writes into it.
//!
//! A guest has one hart, no threads and no interrupts, so the two cursors
//! need no synchronisation. They are `AtomicUsize` only because that is the
//! interior mutability a `static` accepts without an `unsafe impl Sync`; on
//! riscv32im relaxed atomic loads and stores are plain `lw`/`sw`.

use core::alloc::{GlobalAlloc, Layout};
use core::ptr;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

unsafe extern "C" {
    // Defined by pocketvm.ld. Only their addresses are used.
    static mut _heap_start: u8;
    static _heap_end: u8;
}

/// First byte of the heap.
#[inline]
fn heap_base() -> *mut u8 {
    &raw mut _heap_start
}

/// Size of the heap in bytes.
#[inline]
fn heap_size() -> usize {
    (&raw const _heap_end).addr() - heap_base().addr()
}

/// The bump allocator. Both fields are offsets from `_heap_start`.
struct BumpAllocator {
    /// Where the next allocation may start.
    next: AtomicUsize,
    /// The highest offset ever handed out; above it the heap is still zero.
    high: AtomicUsize,
}

impl BumpAllocator {
    /// Moves the cursor to `end`, remembering the high-water mark.
    #[inline]
    fn set_next(&self, end: usize) {
        self.next.store(end, Relaxed);
        if end > self.high.load(Relaxed) {
            self.high.store(end, Relaxed);
        }
    }

    /// Reserves `layout` and returns its offset, or `None` when full.
    #[inline]
    fn bump(&self, layout: Layout) -> Option<usize> {
        let next = self.next.load(Relaxed);
        let addr = heap_base().addr() + next;
        // Padding up to the next multiple of the (power of two) alignment.
        let pad = addr.wrapping_neg() & (layout.align() - 1);
        let start = next.checked_add(pad)?;
        let end = start.checked_add(layout.size())?;
        if end > heap_size() {
            return None;
        }
        self.set_next(end);
        Some(start)
    }
}

// SAFETY: every block handed out lies inside the heap, is aligned as its
// layout asks, and does not overlap any live block: blocks come from a
// cursor that only moves back over a block being freed or resized, and only
// when that block is the last one before the cursor.
unsafe impl GlobalAlloc for BumpAllocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match self.bump(layout) {
            Some(start) => heap_base().wrapping_add(start),
            None => ptr::null_mut(),
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let high = self.high.load(Relaxed);
        let Some(start) = self.bump(layout) else {
            return ptr::null_mut();
        };
        let block = heap_base().wrapping_add(start);
        // Only the part below the old high-water mark can hold old data.
        if start < high {
            let dirty = (high - start).min(layout.size());
            // SAFETY: block..block+dirty lies inside the block just reserved.
            unsafe { ptr::write_bytes(block, 0, dirty) };
        }
        block
    }

    #[inline]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let start = block.addr() - heap_base().addr();
        if start + layout.size() == self.next.load(Relaxed) {
            self.next.store(start, Relaxed);
        }
    }

    #[inline]
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let start = block.addr() - heap_base().addr();
        if start + layout.size() == self.next.load(Relaxed) {
            // The last block: resize it where it is.
            return match start.checked_add(new_size) {
                Some(end) if end <= heap_size() => {
                    self.set_next(end);
                    block
                }
                // Nothing after it is free either.
                _ => ptr::null_mut(),
            };
        }
        if new_size <= layout.size() {
            return block;
        }
        // SAFETY: the caller guarantees that new_size, rounded up to the
        // alignment, does not overflow isize, and the alignment is valid.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match self.bump(new_layout) {
            Some(new_start) => {
                let new_block = heap_base().wrapping_add(new_start);
                // SAFETY: the old block is live and readable for its size, the
                // new one was just reserved behind the cursor, so they are
                // disjoint; the old block is simply abandoned.
                unsafe { ptr::copy_nonoverlapping(block, new_block, layout.size()) };
                new_block
            }
            None => ptr::null_mut(),
        }
    }
}

#[global_allocator]
static HEAP: BumpAllocator = BumpAllocator {
    next: AtomicUsize::new(0),
    high: AtomicUsize::new(0),
};

/// Bytes of heap in use: the distance from `_heap_start` to the cursor,
/// including padding and abandoned blocks.
#[must_use]
pub fn heap_used() -> usize {
    HEAP.next.load(Relaxed)
}

/// Total heap size in bytes (16 MiB with the stock `pocketvm.ld`).
#[must_use]
pub fn heap_capacity() -> usize {
    heap_size()
}
