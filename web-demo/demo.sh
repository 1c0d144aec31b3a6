#!/usr/bin/env bash
# `npm run demo`: builds the npm package (wasm/build.sh) and the web demo, then serves the demo
# on http://127.0.0.1:4173/ (PORT=… to change; the next free port if that one is taken). Only
# static files: no COOP/COEP headers are needed, since the package uses no threads.
set -euo pipefail
cd "$(dirname "$0")/.."

# The wasm build needs the pinned nightly (with its wasm32 target) and wasm-bindgen-cli at the
# version wasm/Cargo.toml pins. If either is missing, scripts/setup.sh installs it (with the
# rest of what the tests need); otherwise it is not run, so the demo needs nothing else.
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
bindgen=$(sed -n 's/^wasm-bindgen *= *"=\(.*\)"/\1/p' wasm/Cargo.toml)
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1 ||
  [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen" ]; then
  bash scripts/setup.sh
fi
bash wasm/build.sh

cd web-demo
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
echo "Serving the PocketVM web demo; open the Local URL below (Ctrl-C stops it)."
exec npx vite preview --host 127.0.0.1 --port "${PORT:-4173}"
