#!/usr/bin/env bash
# The main job: build the CLI, prove that the sha256 example hashed an input correctly, and
# verify the proof.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export RUST_BACKTRACE=0
cargo build --quiet --release -p pocketvm-cli
pocketvm=target/release/pocketvm
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf 'PocketVM proves this sentence was hashed correctly.' >"$work/input.txt"
echo "\$ pocketvm prove tests/fixtures/elf/sha256.elf --input input.txt -o sha256.proof"
"$pocketvm" prove tests/fixtures/elf/sha256.elf --input "$work/input.txt" -o "$work/sha256.proof" >"$work/out.bin"
echo "output: $(od -An -tx1 -v "$work/out.bin" | tr -d ' \n')"
echo "\$ pocketvm verify tests/fixtures/elf/sha256.elf sha256.proof --input input.txt --json"
"$pocketvm" verify tests/fixtures/elf/sha256.elf "$work/sha256.proof" --input "$work/input.txt" --json
echo "(sha256sum says: $(sha256sum "$work/input.txt" | cut -c1-64))"
