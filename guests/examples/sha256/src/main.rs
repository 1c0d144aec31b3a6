//! PocketVM example: SHA-256.
//!
//! Public input: any bytes. Public output: the 32 raw bytes of their
//! SHA-256 digest (as `sha256sum` prints in hex).
//!
//! The input is hashed as it streams in through a 4 KiB buffer, so the
//! program needs no heap however long the input is.

#![no_std]
#![no_main]

use pocketvm_guest::{entry, read_input_into, write_output};
use sha2::{Digest, Sha256};

entry!(main);

fn main() {
    let mut hasher = Sha256::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = read_input_into(&mut chunk);
        hasher.update(&chunk[..n]);
        // A short chunk means the input has ended.
        if n < chunk.len() {
            break;
        }
    }
    write_output(&hasher.finalize());
}
