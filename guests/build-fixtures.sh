#!/usr/bin/env bash
# Builds the example guests and installs their ELFs as test fixtures.
#
#   guests/build-fixtures.sh              build into tests/fixtures/elf/
#   guests/build-fixtures.sh --out DIR    build into DIR instead
#   guests/build-fixtures.sh --check      rebuild in a temporary directory and
#                                         compare with tests/fixtures/elf/;
#                                         exit 1 if any ELF differs
#
# Fixtures: fib.elf, sha256.elf, sort.elf (Rust, guest workspace) and
# crc32.elf (C). Works from any directory. The output depends only on the
# sources, Cargo.lock and the toolchains (the nightly pinned in
# rust-toolchain.toml, riscv64-unknown-elf-gcc), not on where the repository
# lives: the same commit gives the same bytes in any clone.
#
# Environment: RISCV_CC overrides the C compiler (default
# riscv64-unknown-elf-gcc). RUSTFLAGS and friends are ignored on purpose.
set -euo pipefail

guests_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo_dir="$(cd -- "$guests_dir/.." && pwd -P)"
fixtures_dir="$repo_dir/tests/fixtures/elf"

rust_guests=(fib sha256 sort)
c_guests=(crc32)
target=riscv32im-unknown-none-elf

usage() {
    # The comment block at the top of this file, without the '#'s.
    awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"
}

mode=install
out_dir="$fixtures_dir"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --out)
            [[ $# -ge 2 ]] || { echo "error: --out needs a directory" >&2; exit 2; }
            out_dir="$2"
            shift 2
            ;;
        --out=*)
            out_dir="${1#--out=}"
            shift
            ;;
        --check)
            mode=check
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            echo "error: unknown argument '$1'" >&2
            usage >&2
            exit 2
            ;;
    esac
done
if [[ $mode == check && $out_dir != "$fixtures_dir" ]]; then
    echo "error: --check compares with tests/fixtures/elf and takes no --out" >&2
    exit 2
fi

# Settings from the caller's environment that would change the bytes.
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS \
    CARGO_TARGET_RISCV32IM_UNKNOWN_NONE_ELF_RUSTFLAGS CARGO_BUILD_TARGET \
    CARGO_PROFILE_RELEASE_OPT_LEVEL CARGO_PROFILE_RELEASE_LTO \
    CARGO_PROFILE_RELEASE_DEBUG CARGO_PROFILE_RELEASE_CODEGEN_UNITS \
    CARGO_PROFILE_RELEASE_STRIP CARGO_PROFILE_RELEASE_PANIC
export LC_ALL=C

work_dir=""
cleanup() {
    if [[ -n $work_dir ]]; then
        rm -rf -- "$work_dir"
    fi
}
trap cleanup EXIT

if [[ $mode == check ]]; then
    # A private target directory: never waits for, or disturbs, another build.
    work_dir="$(mktemp -d "${TMPDIR:-/tmp}/pocketvm-fixtures.XXXXXX")"
    target_dir="$work_dir/target"
    elf_dir="$work_dir/elf"
else
    target_dir="$guests_dir/target"
    mkdir -p -- "$out_dir"
    elf_dir="$(cd -- "$out_dir" && pwd -P)"
fi
mkdir -p -- "$elf_dir"

# Rust guests. Cargo finds guests/.cargo/config.toml and rustup finds
# rust-toolchain.toml by looking upwards from the current directory, so the
# build must run from inside guests/.
package_args=()
for name in "${rust_guests[@]}"; do
    package_args+=(--package "$name")
done
echo "building Rust guests: ${rust_guests[*]}" >&2
(
    cd -- "$guests_dir"
    CARGO_TARGET_DIR="$target_dir" cargo build --release --locked --quiet "${package_args[@]}"
)
for name in "${rust_guests[@]}"; do
    cp -- "$target_dir/$target/release/$name" "$elf_dir/$name.elf"
done

# C guests. Sources are named relative to guests/c and the repository path
# is mapped away, so no absolute path can reach the ELF.
cc="${RISCV_CC:-riscv64-unknown-elf-gcc}"
cflags=(
    -march=rv32im -mabi=ilp32 -Os
    -nostdlib -ffreestanding -fno-builtin
    -ffunction-sections -fdata-sections
    -Wall -Wextra -Werror
    "-ffile-prefix-map=$repo_dir=."
)
ldflags=(
    -T ../runtime/pocketvm.ld
    -Wl,--gc-sections
    -Wl,--build-id=none
)
for name in "${c_guests[@]}"; do
    echo "building C guest: $name" >&2
    (
        cd -- "$guests_dir/c"
        "$cc" "${cflags[@]}" "${ldflags[@]}" -o "$elf_dir/$name.elf" \
            start.S mem.c "$name.c" -lgcc
    )
done

all=("${rust_guests[@]}" "${c_guests[@]}")

# No ELF may contain compressed instructions: EF_RISCV_RVC is bit 0 of
# e_flags, the little-endian word at offset 36 of an ELF32 header.
for name in "${all[@]}"; do
    flags="$(od -An -t u4 -j 36 -N 4 "$elf_dir/$name.elf" | tr -d ' ')"
    if (( flags & 1 )); then
        echo "error: $name.elf has EF_RISCV_RVC set (e_flags = $flags)" >&2
        exit 1
    fi
done

if [[ $mode == check ]]; then
    status=0
    for name in "${all[@]}"; do
        committed="$fixtures_dir/$name.elf"
        if [[ ! -f $committed ]]; then
            echo "missing: tests/fixtures/elf/$name.elf"
            status=1
        elif cmp -s -- "$elf_dir/$name.elf" "$committed"; then
            echo "same:    tests/fixtures/elf/$name.elf"
        else
            echo "differs: tests/fixtures/elf/$name.elf"
            status=1
        fi
    done
    if [[ $status -ne 0 ]]; then
        echo "fixtures are stale: run guests/build-fixtures.sh and commit the result" >&2
    fi
    exit "$status"
fi

for name in "${all[@]}"; do
    printf '%-11s %7d bytes  %s\n' "$name.elf" "$(wc -c < "$elf_dir/$name.elf")" "$elf_dir"
done
