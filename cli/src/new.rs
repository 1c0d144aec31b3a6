//! `pocketvm new`: a guest project of one's own, outside this repository.
//!
//! The project carries everything it needs to build: the guest runtime (Rust) or the startup
//! code and header (C), and the linker script, copied from this repository at the version of
//! this `pocketvm` binary, plus the toolchain settings. `cargo build --release` (Rust) or
//! `make` (C) inside it gives an ELF that `pocketvm prove` accepts.

use crate::Failure;
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub(crate) struct NewArgs {
    /// The project's directory, created by this command; its last component names the crate.
    path: PathBuf,
    /// A C project (Makefile, riscv64-unknown-elf-gcc) instead of a Rust crate.
    #[arg(long)]
    c: bool,
}

/// The nightly the guests build with (the repository pins it in rust-toolchain.toml; a test
/// checks the two agree).
pub(crate) const GUEST_TOOLCHAIN: &str = "nightly-2026-05-20";

const RUNTIME_FILES: [(&str, &str); 8] = [
    (
        "runtime/build.rs",
        include_str!("../../guests/runtime/build.rs"),
    ),
    (
        "runtime/pocketvm.ld",
        include_str!("../../guests/runtime/pocketvm.ld"),
    ),
    (
        "runtime/src/lib.rs",
        include_str!("../../guests/runtime/src/lib.rs"),
    ),
    (
        "runtime/src/heap.rs",
        include_str!("../../guests/runtime/src/heap.rs"),
    ),
    (
        "runtime/src/io.rs",
        include_str!("../../guests/runtime/src/io.rs"),
    ),
    (
        "runtime/src/panic.rs",
        include_str!("../../guests/runtime/src/panic.rs"),
    ),
    (
        "runtime/src/syscall.rs",
        include_str!("../../guests/runtime/src/syscall.rs"),
    ),
    ("runtime/Cargo.toml", RUNTIME_MANIFEST),
];

const RUNTIME_MANIFEST: &str = r#"[package]
name = "pocketvm-guest"
description = "Runtime for PocketVM guest programs (copied by `pocketvm new`)"
version = "0.1.0"
edition = "2021"
publish = false
build = "build.rs"
links = "pocketvm-guest"

[lib]
name = "pocketvm_guest"
test = false
bench = false
doctest = false
"#;

const C_FILES: [(&str, &str); 4] = [
    ("pocketvm.h", include_str!("../../guests/c/pocketvm.h")),
    ("start.S", include_str!("../../guests/c/start.S")),
    ("mem.c", include_str!("../../guests/c/mem.c")),
    (
        "pocketvm.ld",
        include_str!("../../guests/runtime/pocketvm.ld"),
    ),
];

const CARGO_CONFIG: &str = r#"# Every build of this project targets PocketVM: RV32IM without an OS.
[build]
target = "riscv32im-unknown-none-elf"

[unstable]
# No prebuilt standard library exists for riscv32im on this nightly: build
# core and alloc from the rust-src component. compiler-builtins-mem provides
# memcpy and friends, since a guest has no libc.
build-std = ["core", "alloc"]
build-std-features = ["compiler-builtins-mem"]

[target.riscv32im-unknown-none-elf]
rustflags = [
    # No source paths in panic messages (smaller, path-independent ELFs).
    "-Zlocation-detail=none",
    # The linker script comes from the runtime crate (runtime/build.rs).
    "-Clink-arg=-Tpocketvm.ld",
]
"#;

const RUST_MAIN: &str = r#"//! A PocketVM guest: greets the name on its public input.
//!
//! Public input: a name. Private input: anything (only its length is used,
//! and it stays private). Public output: `hello, <name>!` and a newline.

#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use pocketvm_guest::{debug, entry, read_input, read_private_input, write_output};

entry!(main);

fn main() {
    let name = read_input();
    let secret = read_private_input();
    // Debug text goes to stderr when run; it is not part of what a proof states.
    debug!("{} public and {} private bytes", name.len(), secret.len());
    let mut out = Vec::new();
    out.extend_from_slice(b"hello, ");
    out.extend_from_slice(name.trim_ascii());
    out.extend_from_slice(b"!\n");
    write_output(&out);
}
"#;

const C_MAIN: &str = r#"/* A PocketVM guest: greets the name on its public input.
 *
 * Public input: a name (up to 256 bytes). Public output: "hello, <name>!"
 * and a newline. Exit code 0. */
#include "pocketvm.h"

static char name[256];

int main(void)
{
    size_t n = pvm_read_input(name, sizeof name);
    while (n > 0 && (name[n - 1] == '\n' || name[n - 1] == ' '))
        n--;
    pvm_write_output("hello, ", 7);
    pvm_write_output(name, n);
    pvm_write_output("!\n", 2);
    return 0;
}
"#;

const MAKEFILE: &str = r#"# Builds NAME.elf for PocketVM: RV32IM, soft float, no libc.
# make's own default CC is the host compiler: replace it unless CC was set.
ifeq ($(origin CC),default)
CC = riscv64-unknown-elf-gcc
endif
CFLAGS = -march=rv32im -mabi=ilp32 -Os -nostdlib -ffreestanding -fno-builtin \
         -ffunction-sections -fdata-sections -Wall -Wextra
LDFLAGS = -T pocketvm.ld -Wl,--gc-sections -Wl,--build-id=none

NAME.elf: start.S mem.c main.c pocketvm.h pocketvm.ld
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ start.S mem.c main.c -lgcc

clean:
	rm -f NAME.elf

.PHONY: clean
"#;

/// A crate name from a directory name: lowercase letters, digits and `_`/`-`, starting with a
/// letter.
fn crate_name(dir: &Path) -> Result<String, Failure> {
    let raw = dir
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Failure::usage(format!("{}: not a usable project name", dir.display())))?;
    let ok = raw.starts_with(|c: char| c.is_ascii_alphabetic())
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !ok {
        return Err(Failure::usage(format!(
            "{raw:?} is not a usable project name: use letters, digits, '-' and '_', starting \
             with a letter"
        )));
    }
    Ok(raw.to_ascii_lowercase())
}

fn write(root: &Path, relative: &str, contents: &str) -> Result<(), Failure> {
    let path = root.join(relative);
    let fail = |e: std::io::Error| Failure::usage(format!("cannot write {}: {e}", path.display()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::write(&path, contents).map_err(fail)
}

fn rust_files(name: &str) -> Vec<(String, String)> {
    let manifest = format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
pocketvm-guest = {{ path = "runtime" }}

# No test harness exists for riscv32im-unknown-none-elf.
[[bin]]
name = "{name}"
test = false
bench = false

[profile.release]
opt-level = 3
lto = true
codegen-units = 1
panic = "abort"

[profile.dev]
panic = "abort"

# A project of its own, even when created inside another Cargo workspace.
[workspace]
"#
    );
    let toolchain = format!(
        "[toolchain]\nchannel = \"{GUEST_TOOLCHAIN}\"\ncomponents = [\"rust-src\"]\nprofile = \"minimal\"\n"
    );
    let elf = format!("target/riscv32im-unknown-none-elf/release/{name}");
    let readme = format!(
        "# {name}: a PocketVM guest\n\n\
         Build (the toolchain in rust-toolchain.toml is installed on first use):\n\n\
         ```sh\ncargo build --release\n```\n\n\
         Run, prove and verify:\n\n\
         ```sh\nprintf world > input.txt\n\
         pocketvm run {elf} --input input.txt\n\
         pocketvm prove {elf} --input input.txt -o {name}.proof\n\
         pocketvm verify {elf} {name}.proof --input input.txt\n```\n\n\
         Where the cycles go, and the run step by step:\n\n\
         ```sh\npocketvm profile {elf} --input input.txt\n\
         pocketvm trace {elf} --input input.txt --to 50\n```\n\n\
         `runtime/` is the PocketVM guest runtime (entry point, system calls, allocator, panic \
         handler) as `pocketvm new` copied it; `src/main.rs` is your program.\n"
    );
    let mut files: Vec<(String, String)> = vec![
        ("Cargo.toml".into(), manifest),
        ("rust-toolchain.toml".into(), toolchain),
        (".cargo/config.toml".into(), CARGO_CONFIG.into()),
        ("src/main.rs".into(), RUST_MAIN.into()),
        ("README.md".into(), readme),
        (".gitignore".into(), "/target\n".into()),
    ];
    files.extend(
        RUNTIME_FILES
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string())),
    );
    files
}

fn c_files(name: &str) -> Vec<(String, String)> {
    let readme = format!(
        "# {name}: a PocketVM guest in C\n\n\
         Build with `make` (needs riscv64-unknown-elf-gcc, or set CC), then:\n\n\
         ```sh\nprintf world > input.txt\n\
         pocketvm prove {name}.elf --input input.txt -o {name}.proof\n\
         pocketvm verify {name}.elf {name}.proof --input input.txt\n```\n\n\
         `pocketvm.h` has the system calls; `start.S` calls `main` and exits with its result.\n"
    );
    let mut files: Vec<(String, String)> = vec![
        ("Makefile".into(), MAKEFILE.replace("NAME", name)),
        ("main.c".into(), C_MAIN.into()),
        ("README.md".into(), readme),
        (".gitignore".into(), "*.elf\n".into()),
    ];
    files.extend(C_FILES.iter().map(|(p, c)| (p.to_string(), c.to_string())));
    files
}

pub(crate) fn new_command(args: &NewArgs) -> Result<(), Failure> {
    let name = crate_name(&args.path)?;
    if args.path.exists() {
        return Err(Failure::usage(format!(
            "{} already exists; choose a new directory",
            args.path.display()
        )));
    }
    let files = if args.c {
        c_files(&name)
    } else {
        rust_files(&name)
    };
    for (relative, contents) in &files {
        write(&args.path, relative, contents)?;
    }
    let build = if args.c {
        "make"
    } else {
        "cargo build --release"
    };
    eprintln!(
        "created {} ({} project); build it with `cd {} && {build}`",
        args.path.display(),
        if args.c { "C" } else { "Rust" },
        args.path.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guest_toolchain_is_the_repository_one() {
        let pinned = include_str!("../../rust-toolchain.toml");
        assert!(
            pinned.contains(&format!("channel = \"{GUEST_TOOLCHAIN}\"")),
            "rust-toolchain.toml and GUEST_TOOLCHAIN disagree"
        );
    }

    #[test]
    fn project_names_must_be_crate_names() {
        assert_eq!(
            crate_name(Path::new("a/My-Guest")).ok(),
            Some("my-guest".into())
        );
        for bad in ["1abc", "a b", "", "é"] {
            assert!(crate_name(Path::new(bad)).is_err(), "{bad:?}");
        }
    }
}
