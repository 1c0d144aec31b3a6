//! What the CLI test binaries share: fixtures, a scratch directory and running `pocketvm`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// An ELF of `tests/fixtures/elf`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/elf")
        .join(name)
}

/// This test process's scratch directory.
pub fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pocketvm-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

/// Writes `bytes` to `name` in the scratch directory.
pub fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch_dir().join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// Runs the `pocketvm` binary (with backtraces on, so that a panic would show).
pub fn pocketvm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pocketvm"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot start pocketvm: {e}"))
}

/// Bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A path as a `&str` argument.
pub fn path(p: &Path) -> &str {
    p.to_str().unwrap_or_else(|| panic!("non-UTF-8 temp path"))
}
