#!/usr/bin/env bash
# Tests the mobile FFI (mobile-ffi/, crate pocketvm-ffi) through its generated bindings:
#   1. generates the Kotlin, Swift and Python bindings (mobile-ffi/generate.sh);
#   2. compiles tests/kotlin/PocketVmTest.kt with the generated Kotlin and runs it on the JVM
#      (JNA from Debian's libjna-java, compiler from scripts/kotlin-setup.sh);
#   3. runs tests/python/test_pocketvm.py against the generated Python module;
#   4. checks the Swift output: the C header parses, and every FFI function the Swift code
#      calls is declared in the header and exported by the library (Swift itself cannot run
#      here: no Swift toolchain reaches this machine);
#   5. builds the static library for aarch64-linux-android and aarch64-apple-ios (-Zbuild-std;
#      linking needs the NDK or Xcode, see mobile-ffi/README.md).
# `--no-mobile` skips step 5.
set -euo pipefail
cd "$(dirname "$0")/.."
mobile=1
[ "${1:-}" = "--no-mobile" ] && mobile=0

step() { printf '\n==> %s\n' "$*"; }
bindings=mobile-ffi/bindings
lib=target/release/libpocketvm_ffi.so

step "generate the bindings"
bash mobile-ffi/generate.sh "$bindings"

step "Kotlin on the JVM (tests/kotlin)"
bash scripts/kotlin-setup.sh
kjar=.cache/kotlin/kotlin-compiler.jar
kstd=.cache/kotlin/kotlin-stdlib.jar
jna=/usr/share/java/jna.jar
out=target/kotlin-test
rm -rf "$out"
java -cp "$kjar" org.jetbrains.kotlin.cli.jvm.K2JVMCompiler -no-stdlib -no-reflect -nowarn \
  -cp "$kstd:$jna" -d "$out" "$bindings/kotlin/uniffi/pocketvm/pocketvm.kt" tests/kotlin/PocketVmTest.kt
java -Djna.library.path="$(dirname "$lib")" -cp "$out:$kstd:$jna" PocketVmTestKt tests/fixtures

step "Python (tests/python)"
PYTHONPATH="$bindings/python" python3 -m unittest -v tests/python/test_pocketvm.py 2>&1

step "Swift: header, modulemap and symbols agree"
swift="$bindings/swift"
# (clang's nullability qualifiers defined away for gcc)
printf '#include "pocketvmFFI.h"\n' |
  gcc -fsyntax-only -Wall -Werror -D_Nullable= -D_Nonnull= -I"$swift" -x c -
grep -q 'header "pocketvmFFI.h"' "$swift/pocketvmFFI.modulemap"
called=$(grep -o 'uniffi_pocketvm_ffi_[a-z0-9_]*\|ffi_pocketvm_ffi_[a-z0-9_]*' "$swift/pocketvm.swift" | sort -u)
declared=$(grep -o 'uniffi_pocketvm_ffi_[a-z0-9_]*\|ffi_pocketvm_ffi_[a-z0-9_]*' "$swift/pocketvmFFI.h" | sort -u)
exported=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep '^\(uniffi\|ffi\)_pocketvm_ffi_' | sort -u)
missing=$(comm -23 <(echo "$called") <(echo "$declared"))
[ -z "$missing" ] || { echo "Swift calls functions the header lacks: $missing" >&2; exit 1; }
missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
[ -z "$missing" ] || { echo "the header declares functions the library lacks: $missing" >&2; exit 1; }
echo "swift: $(echo "$called" | wc -l) FFI symbols called, all declared in pocketvmFFI.h and exported by $lib"

if [ "$mobile" = 1 ]; then
  # The check is that the library builds for each target and exports the uniffi API, so it
  # builds without whole-program optimisation: 3.7 instead of 6.2 minutes a target on a cold
  # 2-core machine. Release libraries use the `mobile` profile as committed
  # (mobile-ffi/README.md).
  export CARGO_PROFILE_MOBILE_LTO=off CARGO_PROFILE_MOBILE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_MOBILE_OPT_LEVEL=1
  for target in aarch64-linux-android:elf aarch64-apple-ios:macho; do
    step "static library for ${target%:*} (-Zbuild-std; checked without LTO)"
    cargo rustc --quiet --profile mobile --lib -p pocketvm-ffi --target "${target%:*}" \
      -Zbuild-std=std,panic_abort --crate-type staticlib
    python3 scripts/check-staticlib.py "target/${target%:*}/mobile/libpocketvm_ffi.a" "${target#*:}"
  done
fi
