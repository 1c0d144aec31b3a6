#!/usr/bin/env bash
# Installs what building and testing PocketVM needs on a fresh Debian machine, skipping what is
# already there: the pinned Rust nightly (rust-toolchain.toml) with rust-src, Debian's RISC-V GNU
# toolchain (C guests), qemu-user (differential tests), Chromium (browser tests), JNA (the Kotlin
# bindings on the JVM) and a Kotlin compiler (scripts/kotlin-setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

missing=()
command -v qemu-riscv32 >/dev/null || missing+=(qemu-user)
command -v riscv64-unknown-elf-gcc >/dev/null || missing+=(gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
[ -f /usr/share/java/jna.jar ] || missing+=(libjna-java)
command -v java >/dev/null || missing+=(default-jdk-headless)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: please install: ${missing[*]} (apt-get install needs root)" >&2
    exit 1
  fi
  echo "setup: apt-get install ${missing[*]}"
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node (for the npm package's tests) comes with the image; say so clearly if it does not.
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "setup: node and npm are needed for the JavaScript tests" >&2
  exit 1
}

# The pinned nightly (RUSTUP_AUTO_INSTALL=0 on this image means cargo will not fetch it).
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1; then
  echo "setup: rustup toolchain install $toolchain"
  rustup toolchain install --no-self-update >/dev/null
fi

# wasm-bindgen's CLI must match the wasm-bindgen crate version exactly (wasm/Cargo.toml).
# Built from crates.io (about 3 minutes once); --locked fails on this registry mirror.
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen 0.2.130" ]; then
  echo "setup: cargo install wasm-bindgen-cli 0.2.130"
  cargo install --quiet wasm-bindgen-cli --version 0.2.130
fi

# A Kotlin compiler for the Kotlin binding tests (from PyPI; see the script).
bash scripts/kotlin-setup.sh
