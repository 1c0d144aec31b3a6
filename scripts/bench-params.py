#!/usr/bin/env python3
"""Measures FRI/proof-of-work parameter candidates on benchmark workloads (docs/benchmarks.md,
"Security parameters"): prove time, peak memory, proof size, verify time and the proven bits.

Each run is a child `pocketvm prove --json` (its own peak RSS) and `pocketvm verify --json`.
Not a test: run it by hand on a quiet machine.

    cargo build --release -p pocketvm-cli
    python3 scripts/bench-params.py [--quick] [--big] > target/bench-params.md
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.path.join(ROOT, "target", "release", "pocketvm")
FIB = os.path.join(ROOT, "tests", "fixtures", "elf", "fib.elf")
SHA = os.path.join(ROOT, "tests", "fixtures", "elf", "sha256.elf")

# (label, extra prove arguments)
CANDIDATES = [
    ("blowup 2, 193 q, pow 16, seg 2^18", ["--log-blowup", "1", "--pow-bits", "16", "--segment-log-cycles", "18"]),
    ("blowup 2, 193 q, pow 16, seg 2^17", ["--log-blowup", "1", "--pow-bits", "16", "--segment-log-cycles", "17"]),
    ("blowup 2, 193 q, pow 16, seg 2^16", ["--log-blowup", "1", "--pow-bits", "16", "--segment-log-cycles", "16"]),
    ("blowup 2, 184 q, pow 20, seg 2^18", ["--log-blowup", "1", "--pow-bits", "20", "--segment-log-cycles", "18"]),
    ("blowup 2, 174 q, pow 24, seg 2^18", ["--log-blowup", "1", "--pow-bits", "24", "--segment-log-cycles", "18"]),
    ("blowup 4, 118 q, pow 16, seg 2^18", ["--log-blowup", "2", "--pow-bits", "16", "--segment-log-cycles", "18"]),
    ("blowup 4, 118 q, pow 16, seg 2^16", ["--log-blowup", "2", "--pow-bits", "16", "--segment-log-cycles", "16"]),
    ("blowup 8, 97 q, pow 16, seg 2^18", ["--log-blowup", "3", "--pow-bits", "16", "--segment-log-cycles", "18"]),
    ("blowup 8, 97 q, pow 16, seg 2^16", ["--log-blowup", "3", "--pow-bits", "16", "--segment-log-cycles", "16"]),
]


def workloads(big):
    sha_input = bytes((i * 37) % 251 for i in range(2048))
    rows = [
        ("fib 10^4", FIB, b"1900"),
        ("sha256 2 KiB", SHA, sha_input),
        ("fib 10^6", FIB, b"200000"),
    ]
    if big:
        rows.append(("fib 5·10^6", FIB, b"1000000"))
    return rows


def measure(elf, data, extra, tmp):
    input_path = os.path.join(tmp, "input")
    proof_path = os.path.join(tmp, "p.proof")
    with open(input_path, "wb") as f:
        f.write(data)
    out = subprocess.run(
        [CLI, "prove", elf, "--input", input_path, "-o", proof_path, "--json", *extra],
        capture_output=True, check=True,
    )
    prove = json.loads(out.stdout.decode().strip().splitlines()[-1])
    out = subprocess.run(
        [CLI, "verify", elf, proof_path, "--input", input_path, "--json"],
        capture_output=True, check=True,
    )
    verify = json.loads(out.stdout.decode().strip().splitlines()[-1])
    return prove, verify


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the first and the blowup-4 candidates only")
    parser.add_argument("--big", action="store_true", help="also fib at 5·10^6 cycles")
    args = parser.parse_args()
    candidates = CANDIDATES
    if args.quick:
        candidates = [c for c in CANDIDATES if c[0].endswith("pow 16, seg 2^18")]
    print("| parameters | workload | cycles | parts | prove s | peak RSS MiB | proof KiB | verify ms | UDR bits | JBR bits | weakest round |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for label, extra in candidates:
            for name, elf, data in workloads(args.big):
                try:
                    prove, verify = measure(elf, data, extra, tmp)
                except subprocess.CalledProcessError as e:
                    print(f"| {label} | {name} | failed: {e.stderr.decode().strip()[:120]} |||||||||")
                    continue
                s = prove["security"]
                rss = (prove.get("peak_rss_bytes") or 0) / 2**20
                print(
                    f"| {label} | {name} | {prove['cycles']:,} | {prove['segments']} | "
                    f"{prove['prove_seconds']:.2f} | {rss:.0f} | {prove['proof_bytes'] / 1024:,.0f} | "
                    f"{verify['verify_ms']:.1f} | {s['proven_bits']} | {s['jbr_bits']} | {s['weakest']} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
