#!/usr/bin/env bash
# Builds the PocketVM FFI library for this machine and generates its Swift, Kotlin and Python
# bindings with the workspace's pinned uniffi-bindgen (library mode):
#
#   mobile-ffi/bindings/kotlin/uniffi/pocketvm/pocketvm.kt      package uniffi.pocketvm (needs JNA)
#   mobile-ffi/bindings/swift/pocketvm.swift                    the Swift API
#   mobile-ffi/bindings/swift/pocketvmFFI.h, pocketvmFFI.modulemap   the C module Swift imports
#   mobile-ffi/bindings/python/pocketvm.py (+ libpocketvm_ffi.so beside it)
#
# and the library itself at target/release/libpocketvm_ffi.{so,a}. Usage:
#   bash mobile-ffi/generate.sh [OUT_DIR]      (default mobile-ffi/bindings)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-mobile-ffi/bindings}"

cargo build --quiet --release -p pocketvm-ffi
cargo build --quiet -p pocketvm-uniffi-bindgen
lib=target/release/libpocketvm_ffi.so
rm -rf "$out"
for language in kotlin swift python; do
    target/debug/uniffi-bindgen generate "$lib" --no-format -l "$language" -o "$out/$language"
done
cp "$lib" "$out/python/"
echo "bindings in $out; library $lib"
