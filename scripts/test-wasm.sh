#!/usr/bin/env bash
# The wasm bindings' wasm-bindgen-test suites: in headless Chromium (Debian's chromium and
# chromedriver) and in Node.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT=300
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/wasm/webdriver.json"
cargo test -p pocketvm-wasm --target wasm32-unknown-unknown
