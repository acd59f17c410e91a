//! The binary's global allocator: mimalloc, called the way `malloc` is.
//!
//! `gazette entities` makes many small, short-lived allocations on worker
//! threads (about 140 an article) that the main thread often frees; glibc's
//! arenas made allocation ~10% of its instructions, mimalloc much less. The
//! `mimalloc` crate's allocator passes every request through
//! `mi_malloc_aligned`, whose fast path only covers blocks of up to 1 KiB: a
//! paragraph, a token buffer or a growing output line took its generic path.
//! Every block mimalloc hands out is aligned to at least a word, so a request
//! for word alignment or less is a plain `mi_malloc`, as std's own `System`
//! allocator does with `malloc`; only larger alignments go the aligned way.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// Every mimalloc block is aligned to at least this (its smallest size class
/// is one word, and every size class is a multiple of a word).
const WORD: usize = std::mem::size_of::<usize>();

pub struct Mimalloc;

// SAFETY: each method forwards to the mimalloc function with the contract
// `GlobalAlloc` asks for: a block of at least `layout.size()` bytes aligned to
// `layout.align()` (guaranteed by mimalloc for `align <= WORD`, asked for
// explicitly otherwise), freed by `mi_free` whichever way it was made.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions take any size and (for the
        // aligned one) any power-of-two alignment, which `Layout` guarantees.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`: any size, a power-of-two alignment.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: the caller passes a block this allocator gave out, that is
        // one of mimalloc's, which `mi_free` frees whatever its alignment.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller passes a block this allocator gave out with
        // `layout` (one of mimalloc's), and a new size that `Layout` accepts
        // with its alignment; an aligned block is grown keeping its alignment.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

/// `mi_option_purge_delay` of mimalloc.h (v3): milliseconds before freed
/// memory is given back to the system; -1 for never.
const PURGE_DELAY: std::ffi::c_int = 15;

unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Tells mimalloc never to give freed memory back to the system, for a
/// command that exits in a moment: each worker thread's exit gave its pages
/// back, some 150 `madvise` calls at the end of a corpus run, each a TLB
/// shootdown across the cores, for memory the process was about to drop
/// anyway. (Harmless when mimalloc is not the global allocator, as in tests.)
pub fn keep_freed_memory() {
    // SAFETY: setting an option is a store into mimalloc's option table; it
    // is called before the worker threads start.
    unsafe { mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    unsafe extern "C" {
        fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    }

    /// The option number is mimalloc's purge delay: its default is the
    /// 1000 ms of mimalloc v3's options.c, and setting it reads back. A
    /// mimalloc upgrade that renumbers its options fails here.
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reading an option is a load from mimalloc's option table.
        unsafe {
            assert_eq!(mi_option_get(PURGE_DELAY), 1000);
        }
        keep_freed_memory();
        // SAFETY: as above.
        unsafe {
            assert_eq!(mi_option_get(PURGE_DELAY), -1);
        }
    }

    /// Blocks of every alignment and many sizes come back aligned, keep their
    /// bytes when grown and shrunk, and are zeroed when asked.
    #[test]
    fn blocks_are_aligned_zeroed_and_keep_their_bytes() {
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 8, 24, 100, 1000, 1025, 5000, 70_000, 1 << 20] {
                let Ok(layout) = Layout::from_size_align(size, align) else {
                    continue;
                };
                // SAFETY: every block is used within its size, grown and
                // shrunk with the layout it has, and freed once with its own.
                unsafe {
                    let p = Mimalloc.alloc_zeroed(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    let bytes = std::slice::from_raw_parts_mut(p, size);
                    assert!(bytes.iter().all(|&b| b == 0));
                    for (i, b) in bytes.iter_mut().enumerate() {
                        *b = i as u8;
                    }
                    // Grown, then shrunk below the first size: the bytes stay.
                    let grown = Mimalloc.realloc(p, layout, size * 3);
                    assert_eq!(grown as usize % align, 0);
                    let big = Layout::from_size_align(size * 3, align).unwrap();
                    let small = size / 2 + 1;
                    let q = Mimalloc.realloc(grown, big, small);
                    assert_eq!(q as usize % align, 0);
                    let kept = std::slice::from_raw_parts(q, small);
                    assert!(kept.iter().enumerate().all(|(i, &b)| b == i as u8));
                    Mimalloc.dealloc(q, Layout::from_size_align(small, align).unwrap());
                    let p = Mimalloc.alloc(layout);
                    assert_eq!(p as usize % align, 0);
                    Mimalloc.dealloc(p, layout);
                }
            }
        }
    }
}
