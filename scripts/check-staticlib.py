"""Checks a static library built for a mobile target: every object in the archive is aarch64
(ELF for Android, Mach-O for iOS) and the archive defines the uniffi entry points. GNU binutils
cannot read Mach-O, so this reads the `ar` format itself.

Usage: python3 scripts/check-staticlib.py ARCHIVE elf|macho"""

import struct
import sys

path, kind = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
if not data.startswith(b"!<arch>\n"):
    sys.exit(f"{path}: not an ar archive")

objects, at = 0, 8
while at + 60 <= len(data):
    header = data[at : at + 60]
    name, size = header[:16].decode().strip(), int(header[48:58].decode().strip())
    body = data[at + 60 : at + 60 + size]
    if name.startswith("#1/"):  # BSD long name stored before the member's data
        body = body[int(name[3:]) :]
    if body[:4] == b"\x7fELF":
        machine = struct.unpack_from("<H", body, 18)[0]
        if kind != "elf" or machine != 0xB7:
            sys.exit(f"{path}: an ELF object for machine {machine:#x}, expected aarch64 {kind}")
        objects += 1
    elif body[:4] == b"\xcf\xfa\xed\xfe":
        cputype = struct.unpack_from("<I", body, 4)[0]
        if kind != "macho" or cputype != 0x0100000C:
            sys.exit(f"{path}: a Mach-O object for cpu {cputype:#x}, expected arm64 {kind}")
        objects += 1
    at += 60 + size + (size & 1)

for symbol in (b"uniffi_pocketvm_ffi_fn_func_prove", b"uniffi_pocketvm_ffi_fn_func_verify"):
    if symbol + b"\0" not in data:
        sys.exit(f"{path}: {symbol.decode()} is not defined")
print(f"{path}: {objects} aarch64 {kind} objects, {len(data) / 2**20:.1f} MiB, exports the uniffi API")
