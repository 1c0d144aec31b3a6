#!/usr/bin/env bash
# End to end, as a guest developer starts: `pocketvm new` makes a Rust and a C project outside
# the repository; each builds with its own tool (`cargo build --release`, `make`), and the ELF
# runs, proves and verifies with the CLI. Uses the debug CLI (`cargo test` has built it).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p pocketvm-cli
pvm="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/pocketvm"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The projects build with their own settings, not this repository's environment.
unset CARGO_TARGET_DIR RUSTFLAGS CARGO_BUILD_TARGET
printf 'world\n' >"$work/input.txt"

check() { # ELF: run, prove, verify, and compare the proven output
    local elf="$1"
    "$pvm" run "$elf" --input "$work/input.txt" >"$work/out.txt"
    printf 'hello, world!\n' | cmp - "$work/out.txt"
    "$pvm" prove "$elf" --input "$work/input.txt" -o "$work/p.proof"
    "$pvm" verify "$elf" "$work/p.proof" --input "$work/input.txt" >"$work/verified.txt"
    cmp "$work/out.txt" "$work/verified.txt"
}

(cd "$work" && "$pvm" new demo)
(cd "$work/demo" && cargo build --release --quiet)
check "$work/demo/target/riscv32im-unknown-none-elf/release/demo"
echo "pocketvm new (Rust): built, proved and verified"

(cd "$work" && "$pvm" new cdemo --c)
(cd "$work/cdemo" && make --quiet)
check "$work/cdemo/cdemo.elf"
echo "pocketvm new --c: built, proved and verified"
