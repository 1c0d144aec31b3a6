//! PocketVM example: sorting private data.
//!
//! Private input: u32 words, little-endian, back to back. A length that is
//! not a multiple of 4 panics (exit code 101).
//! Public output: 8 bytes, the number of words as u32 LE, then the
//! checksum as u32 LE, where checksum = sum over i of (i + 1) * v[i]
//! (wrapping, i from 0) over the words v sorted ascending.
//!
//! The output shows that the prover knows a list with that count and
//! checksum, without the list being part of the statement.

#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use pocketvm_guest::{entry, read_private_input, write_output};

entry!(main);

fn main() {
    let bytes = read_private_input();
    if !bytes.len().is_multiple_of(4) {
        panic!(
            "sort: the private input is {} bytes long, not a multiple of 4; \
             expected little-endian u32 words",
            bytes.len()
        );
    }
    let mut words: Vec<u32> = bytes
        .chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        .collect();
    words.sort_unstable();

    let checksum = words.iter().zip(1u32..).fold(0u32, |sum, (&v, weight)| {
        sum.wrapping_add(weight.wrapping_mul(v))
    });

    let mut out = [0u8; 8];
    out[..4].copy_from_slice(&(words.len() as u32).to_le_bytes());
    out[4..].copy_from_slice(&checksum.to_le_bytes());
    write_output(&out);
}
