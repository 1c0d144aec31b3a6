#!/usr/bin/env bash
# Runs every PocketVM test: formatting, lints, the Rust test suites (unit tests, the example
# guests' expected outputs, ELF errors, the differential test against qemu-riscv32, the check
# that the committed guest ELFs match their sources, proofs, CLI behaviour), new guest projects
# built outside the repository (`pocketvm new`), the npm package's
# tests in Node (including installing the packed tarball), the wasm suites in headless
# Chromium and Node, the web demo's end-to-end tests (Playwright, headless Chromium), the mobile
# bindings (Kotlin on the JVM, Python, Swift checks, Android and iOS static libraries), and a
# smoke run of the benchmark command. `npm test` runs this too.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export RUST_BACKTRACE=0 CARGO_TERM_COLOR=never

# Each step's wall time, printed at the end (also when a step fails), to see where CI time goes.
timings=()
current=""
started=$SECONDS
step_started=$SECONDS
close_step() {
    [[ -n $current ]] && timings+=("$(printf '%6ds  %s' $((SECONDS - step_started)) "$current")")
    current=""
}
step() {
    close_step
    current="$*"
    step_started=$SECONDS
    printf '\n==> %s\n' "$*"
}
report_times() {
    close_step
    printf '\n==> step times\n'
    printf '%s\n' "${timings[@]}"
    printf '%6ds  in all\n' $((SECONDS - started))
}
trap report_times EXIT

step "cargo fmt --check"
cargo fmt --all -- --check
(cd guests && cargo fmt --all -- --check)

step "cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "verifier-only build (no prover feature)"
cargo check --quiet -p pocketvm-core --no-default-features --features std

step "cargo test"
cargo test --workspace

step "pocketvm new: a Rust and a C guest project built, proved and verified outside the repository"
bash scripts/test-new.sh

step "wasm package (wasm/build.sh)"
bash wasm/build.sh

step "npm package: TypeScript declarations type-check (tsc)"
npm ci --no-audit --no-fund --silent
npx tsc -p tests/js

step "npm package in Node (node --test tests/js/)"
node --test tests/js/

step "wasm-bindgen-test: headless Chromium and Node"
bash scripts/test-wasm.sh

step "web demo: tsc, vite build, Playwright end-to-end tests in headless Chromium"
(cd web-demo && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
node --test tests/e2e/

step "mobile FFI: Kotlin and Python bindings, Swift checks, mobile static libraries"
bash scripts/test-ffi.sh

# The test build `cargo test` made: a smoke run needs no release build (fat LTO, minutes on a
# cold machine); measurements use `pocketvm bench` from a release build (docs/benchmarks.md).
step "pocketvm bench --quick (smoke run of the test build, not a measurement)"
cargo run --quiet -p pocketvm-cli -- bench --quick
