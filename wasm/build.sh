#!/usr/bin/env bash
# Builds the npm package into wasm/pkg: the wasm module (SIMD, no threads) with wasm-bindgen's
# bindings for the web (ESM) and for Node (CommonJS), the package manifest and its README.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p pocketvm-wasm --target wasm32-unknown-unknown --profile wasm
wasm=target/wasm32-unknown-unknown/wasm/pocketvm_wasm.wasm
rm -rf wasm/pkg
wasm-bindgen --target web --out-dir wasm/pkg/web "$wasm"
wasm-bindgen --target nodejs --out-dir wasm/pkg/node "$wasm"
cp wasm/js/package.json wasm/js/README.md wasm/pkg/
cp wasm/js/worker-example.js wasm/pkg/
echo "built wasm/pkg ($(wc -c <wasm/pkg/web/pocketvm_wasm_bg.wasm) bytes of wasm, $(gzip -9c wasm/pkg/web/pocketvm_wasm_bg.wasm | wc -c) gzipped)"
