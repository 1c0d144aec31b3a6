#!/usr/bin/env bash
# The main job: build the CLI and run the example guests. (Once the prover lands, this proves
# and verifies them.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export RUST_BACKTRACE=0
cargo build --quiet --release -p pocketvm-cli
pocketvm=target/release/pocketvm
input=$(mktemp)
trap 'rm -f "$input"' EXIT

echo "\$ pocketvm run tests/fixtures/elf/fib.elf --input <(echo 100000) --json"
echo 100000 >"$input"
"$pocketvm" run tests/fixtures/elf/fib.elf --input "$input" --json

echo "\$ pocketvm run tests/fixtures/elf/sha256.elf --input <(printf abc) --json"
printf abc >"$input"
"$pocketvm" run tests/fixtures/elf/sha256.elf --input "$input" --json
