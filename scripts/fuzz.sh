#!/usr/bin/env bash
# Fuzzes proof decoding + verification (fuzz/fuzz_targets/decode_verify.rs) with libFuzzer,
# seeded with the committed fib(10) proof: no crash, no hang (10 s per input), no single
# allocation over 256 MB (the process as a whole holds libFuzzer's in-memory corpus of inputs of
# up to 1.6 MB, so its RSS limit is 2 GB). Not part of the test suite: run it by hand, e.g. `bash scripts/fuzz.sh 1000000`
# for 10^6 executions (the default), or with a time limit: `bash scripts/fuzz.sh -1 -max_total_time=3600`.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000000}
shift || true
command -v cargo-fuzz >/dev/null || cargo install --quiet cargo-fuzz
corpus=target/fuzz-corpus/decode_verify
mkdir -p "$corpus"
cp -n tests/fixtures/proofs/fib-10.proof "$corpus/seed-fib-10.proof"
cd fuzz
exec cargo fuzz run decode_verify "../$corpus" -- \
  -runs="$runs" -max_len=4194304 -rss_limit_mb=2048 -malloc_limit_mb=256 -timeout=10 \
  -print_final_stats=1 "$@"
