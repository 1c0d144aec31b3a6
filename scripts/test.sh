#!/usr/bin/env bash
# Runs every PocketVM test: formatting, lints, the Rust test suites (unit tests, the example
# guests' expected outputs, ELF errors, the differential test against qemu-riscv32, the check
# that the committed guest ELFs match their sources, CLI behaviour) and a smoke run of the
# benchmark command.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export RUST_BACKTRACE=0 CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
(cd guests && cargo fmt --all -- --check)

step "cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "verifier-only build (no prover feature)"
cargo check --quiet -p pocketvm-core --no-default-features --features std

step "cargo test"
cargo test --workspace

step "pocketvm bench --quick (smoke run, not a measurement)"
cargo run --quiet --release -p pocketvm-cli -- bench --quick
