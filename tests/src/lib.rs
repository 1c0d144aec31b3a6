//! Shared helpers for the cross-crate tests.
//!
//! - [`elf_builder`]: writes small ELF files, well formed (they run under PocketVM and under
//!   qemu-user alike) or broken on purpose for the loader's error tests;
//! - [`asm`]: assembles instruction lists with [`pocketvm_core::isa::encode`];
//! - [`models`]: host-side models of the example guests' outputs;
//! - [`rng`]: a seeded, dependency-free random number generator, so every test is deterministic;
//! - [`qemu`]: runs an ELF under `qemu-riscv32` with the PocketVM stream layout (public input on
//!   stdin, private input on fd 3);
//! - [`ScratchDir`]: a temporary directory removed when dropped.

pub mod asm;
pub mod elf_builder;
pub mod models;
pub mod qemu;
pub mod rng;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// A directory for the files one test writes (ELFs and inputs for qemu), removed on drop.
#[derive(Debug)]
pub struct ScratchDir {
    path: PathBuf,
}

impl ScratchDir {
    /// Creates a fresh directory `<base>/<tag>-<pid>-<n>`.
    pub fn new(base: impl AsRef<Path>, tag: &str) -> ScratchDir {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = base
            .as_ref()
            .join(format!("{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("cannot create scratch directory {}: {e}", path.display()));
        ScratchDir { path }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Formats bytes as a hex dump of at most `max` bytes, for failure messages.
pub fn hex_preview(bytes: &[u8], max: usize) -> String {
    let shown = &bytes[..bytes.len().min(max)];
    let mut text = hex::encode(shown);
    if bytes.len() > max {
        text.push_str(&format!("... ({} bytes in all)", bytes.len()));
    }
    text
}
