#!/usr/bin/env python3
"""Plot PocketVM prover benchmarks: peak memory and prove time against cycles, as an SVG.

Reads the JSON written by `pocketvm bench --json FILE` (native: peak RSS of each child prover)
and, optionally, by `node tests/js/bench.cjs --json FILE` (wasm in Node: linear memory after
proving), and writes one hand-written SVG (standard library only) with two panels: peak memory
(MB, 10^6 bytes; linear, or log when some figure is far over the target) against cycles, with
the 512 MB target as a dashed line, and prove time (s) against cycles, log-log. fib and sha256
differ by colour and marker; native and wasm by line style (solid, filled markers / dashed,
hollow markers). Failed and skipped workloads are listed under the legend.

    cargo run --release -p pocketvm-cli -- bench --prover-only --json target/bench.json
    node tests/js/bench.cjs --json target/bench-wasm.json
    python3 scripts/plot-bench.py target/bench.json target/bench-wasm.json \\
        --machine "2 vCPUs (AMD EPYC), 24 GiB RAM, Debian 12" -o docs/benchmarks-plot.svg
"""

import argparse
import json
import math
import sys
from html import escape

MB = 1e6
COLOURS = {"fib": "#1f77b4", "sha256": "#e67e22"}
FALLBACK_COLOURS = ["#2ca02c", "#9467bd", "#8c564b", "#17becf"]
TARGET_COLOUR = "#d62728"
WASM_LIMIT_COLOUR = "#7f7f7f"
FONT = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""


def load(path):
    """Returns (kind, report, rows, failures) for one benchmark JSON file."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, list):  # a bare list of rows
        data = {"rows": data}
    rows = [r for r in data.get("rows", []) if r.get("cycles") and r.get("prove_s")]
    target = data.get("target")
    if target is None:
        target = "wasm" if any("wasm_memory_bytes" in r for r in rows) else "native"
    kind = "wasm" if target.startswith("wasm") else "native"
    return kind, data, rows, data.get("failures", [])


def memory_of(row):
    value = row.get("peak_rss_bytes")
    if value is None:
        value = row.get("wasm_memory_bytes")
    return None if value is None else value / MB


def program_of(row):
    if row.get("program"):
        return row["program"]
    return row.get("workload", "?").split()[0]


def machine_text(reports):
    """A one-line description of the machine from the JSON files."""
    parts = []
    native = next((d for k, d in reports if k == "native"), None)
    first = native or (reports[0][1] if reports else {})
    if first.get("cpu"):
        cpus = first.get("cpus")
        parts.append(f"{first['cpu']}" + (f", {cpus} CPUs" if cpus else ""))
    if first.get("memory_bytes"):
        parts.append(f"{first['memory_bytes'] / 2**30:.0f} GiB RAM")
    if first.get("arch"):
        parts.append(f"{first['arch']} {first.get('os', '')}".strip())
    parts.append("one thread")
    wasm = next((d for k, d in reports if k == "wasm"), None)
    if wasm and wasm.get("node"):
        parts.append(f"Node {wasm['node']}")
    return "; ".join(parts)


def nice_step(span, ticks=6):
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def cycles_label(v):
    for div, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if v >= div:
            q = v / div
            return f"{q:g}{suffix}"
    return f"{v:g}"


def number_label(v):
    if v >= 1000:
        return f"{v:,.0f}"
    if v >= 1:
        return f"{v:g}"
    return f"{v:.3g}"


class Panel:
    """A plot area with log-x and linear or log y, mapping data to SVG coordinates."""

    def __init__(self, x, y, w, h, xlim, ylim, ylog):
        self.x, self.y, self.w, self.h = x, y, w, h
        self.xlim, self.ylim, self.ylog = xlim, ylim, ylog

    def px(self, v):
        lo, hi = (math.log10(b) for b in self.xlim)
        return self.x + (math.log10(v) - lo) / (hi - lo) * self.w

    def py(self, v):
        lo, hi = self.ylim
        if self.ylog:
            lo, hi, v = math.log10(lo), math.log10(hi), math.log10(v)
        return self.y + self.h - (v - lo) / (hi - lo) * self.h


def log_range(values, pad_decades=0.0):
    lo = 10 ** math.floor(math.log10(min(values)) - pad_decades)
    hi = 10 ** math.ceil(math.log10(max(values)) + pad_decades)
    if lo == hi:
        hi *= 10
    return lo, hi


def marker(program, cx, cy, colour, hollow, size=4.5):
    fill = "white" if hollow else colour
    style = f'fill="{fill}" stroke="{colour}" stroke-width="1.6"'
    if program == "sha256":
        s = size * 0.9
        return f'<rect x="{cx - s:.1f}" y="{cy - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" {style}/>'
    if program == "fib":
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{size:.1f}" {style}/>'
    s = size * 1.2
    return (f'<path d="M{cx:.1f},{cy - s:.1f} L{cx + s:.1f},{cy + s * 0.8:.1f} '
            f'L{cx - s:.1f},{cy + s * 0.8:.1f} Z" {style}/>')


def draw_axes(out, p, title, ylabel, yticks, xticks, xminor, ylabel_fmt):
    out.append(f'<rect x="{p.x}" y="{p.y}" width="{p.w}" height="{p.h}" fill="white" stroke="#333"/>')
    for v in xminor:
        x = p.px(v)
        out.append(f'<line x1="{x:.1f}" y1="{p.y}" x2="{x:.1f}" y2="{p.y + p.h}" stroke="#eee"/>')
    labelled = list(xticks)
    if len(xticks) < 3:  # a narrow range: label 2 and 5 × each decade too
        labelled += [v for v in xminor if str(round(v))[0] in "25"]
    for v in labelled:
        x = p.px(v)
        out.append(f'<line x1="{x:.1f}" y1="{p.y}" x2="{x:.1f}" y2="{p.y + p.h}" stroke="#d8d8d8"/>')
        out.append(f'<line x1="{x:.1f}" y1="{p.y + p.h}" x2="{x:.1f}" y2="{p.y + p.h + 5}" stroke="#333"/>')
        out.append(f'<text x="{x:.1f}" y="{p.y + p.h + 19}" text-anchor="middle" font-size="12" {FONT}>'
                   f'{cycles_label(v)}</text>')
    for v, major in yticks:
        y = p.py(v)
        out.append(f'<line x1="{p.x}" y1="{y:.1f}" x2="{p.x + p.w}" y2="{y:.1f}" '
                   f'stroke="{"#d8d8d8" if major else "#eee"}"/>')
        if major:
            out.append(f'<line x1="{p.x - 5}" y1="{y:.1f}" x2="{p.x}" y2="{y:.1f}" stroke="#333"/>')
            out.append(f'<text x="{p.x - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" {FONT}>'
                       f'{ylabel_fmt(v)}</text>')
    out.append(f'<rect x="{p.x}" y="{p.y}" width="{p.w}" height="{p.h}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{p.x + p.w / 2}" y="{p.y - 10}" text-anchor="middle" font-size="14" '
               f'font-weight="bold" {FONT}>{escape(title)}</text>')
    out.append(f'<text x="{p.x + p.w / 2}" y="{p.y + p.h + 40}" text-anchor="middle" font-size="13" '
               f'{FONT}>cycles (log scale)</text>')
    cy = p.y + p.h / 2
    out.append(f'<text x="{p.x - 58}" y="{cy}" text-anchor="middle" font-size="13" {FONT} '
               f'transform="rotate(-90 {p.x - 58} {cy})">{escape(ylabel)}</text>')


def series_colour(program, others):
    if program in COLOURS:
        return COLOURS[program]
    if program not in others:
        others[program] = FALLBACK_COLOURS[len(others) % len(FALLBACK_COLOURS)]
    return others[program]


def plot(inputs, title, machine, memory_scale, memory_limit_mb, wasm_limit_mb):
    series = {}  # (kind, program) -> sorted rows
    reports = []
    failures = []
    for kind, report, rows, failed in inputs:
        reports.append((kind, report))
        for row in rows:
            series.setdefault((kind, program_of(row)), []).append(row)
        failures += [(kind, f) for f in failed]
    if not series:
        sys.exit("error: no benchmark rows with cycles and prove_s in the input")
    for rows in series.values():
        rows.sort(key=lambda r: r["cycles"])
    kinds = {k for k, _ in series}
    all_rows = [r for rows in series.values() for r in rows]
    cycles = [r["cycles"] for r in all_rows]
    times = [r["prove_s"] for r in all_rows]
    mems = [m for m in (memory_of(r) for r in all_rows) if m is not None]

    width, height = 1100, 560
    top, pw, ph = 92, 420, 330
    left1, left2 = 95, 95 + pw + 130
    # Cycles: a factor of 2 of margin, decade ticks, minor grid at 2…9 × each decade.
    xlim = (min(cycles) / 2, max(cycles) * 2)
    decades = range(math.floor(math.log10(xlim[0])), math.ceil(math.log10(xlim[1])) + 1)
    xticks = [10 ** e for e in decades if xlim[0] <= 10 ** e <= xlim[1]]
    xminor = [10 ** e * m for e in decades for m in range(2, 10) if xlim[0] <= 10 ** e * m <= xlim[1]]

    # Memory panel: linear from 0 (or log), always showing the target line (and the wasm limit
    # when wasm rows are plotted).
    limits = [memory_limit_mb] + ([wasm_limit_mb] if "wasm" in kinds else [])
    if memory_scale == "auto":
        log_memory = max(mems + limits) > 4 * memory_limit_mb
    else:
        log_memory = memory_scale == "log"
    if log_memory:
        mlim = log_range(mems + limits)
        myticks = []
        for e in range(round(math.log10(mlim[0])), round(math.log10(mlim[1])) + 1):
            myticks += [(10 ** e * m, m in (1, 2, 5)) for m in range(1, 10) if 10 ** e * m <= mlim[1]]
    else:
        top_mb = max(mems + limits) * 1.08
        step = nice_step(top_mb)
        mlim = (0, math.ceil(top_mb / step) * step)
        myticks = [(i * step, True) for i in range(int(round(mlim[1] / step)) + 1)]
    mem = Panel(left1, top, pw, ph, xlim, mlim, log_memory)

    tlim = log_range(times)
    tyticks = []
    for e in range(round(math.log10(tlim[0])), round(math.log10(tlim[1])) + 1):
        tyticks += [(10 ** e * m, m in (1, 2, 5)) for m in range(1, 10) if 10 ** e * m <= tlim[1] * 1.0001]
    tim = Panel(left2, top, pw, ph, xlim, tlim, True)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="30" text-anchor="middle" font-size="18" font-weight="bold" {FONT}>'
           f'{escape(title)}</text>',
           f'<text x="{width / 2}" y="52" text-anchor="middle" font-size="13" fill="#444" {FONT}>'
           f'{escape(machine)}</text>']
    draw_axes(out, mem, "Peak memory", "peak memory (MB, 10⁶ bytes" + (", log scale)" if log_memory else ")"), myticks, xticks, xminor,
              number_label)
    draw_axes(out, tim, "Prove time", "prove time (s, log scale)", tyticks, xticks, xminor,
              number_label)

    # Reference lines on the memory panel.
    def hline(value, colour, dash, label):
        y = mem.py(value)
        out.append(f'<line x1="{mem.x}" y1="{y:.1f}" x2="{mem.x + mem.w}" y2="{y:.1f}" stroke="{colour}" '
                   f'stroke-width="1.5" stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{mem.x + 6}" y="{y - 5:.1f}" font-size="11" fill="{colour}" {FONT}>'
                   f'{escape(label)}</text>')

    hline(memory_limit_mb, TARGET_COLOUR, "7 4", f"target: peak RSS ≤ {memory_limit_mb:g} MB (native)")
    if "wasm" in kinds:
        hline(wasm_limit_mb, WASM_LIMIT_COLOUR, "2 3", f"wasm memory ≤ {wasm_limit_mb:g} MB (1 GB)")

    others = {}
    for (kind, program), rows in sorted(series.items(), key=lambda kv: (kv[0][0] != "native", kv[0][1])):
        colour = series_colour(program, others)
        dash = ' stroke-dasharray="6 4"' if kind == "wasm" else ""
        for panel, value in ((mem, memory_of), (tim, lambda r: r["prove_s"])):
            pts = [(panel.px(r["cycles"]), panel.py(value(r)), r) for r in rows if value(r) is not None]
            if len(pts) > 1:
                d = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in pts)
                out.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
            for x, y, r in pts:
                mb = memory_of(r)
                tip = (f"{kind}: {r.get('workload', program)}: {r['cycles']:,} cycles, "
                       f"{r['prove_s']:.2f} s, {r.get('khz', r['cycles'] / r['prove_s'] / 1e3):.1f} kHz"
                       + (f", {mb:,.0f} MB" if mb is not None else "")
                       + (f", {r['segments']} segments" if r.get("segments") else ""))
                out.append(f'<g>{marker(program, x, y, colour, kind == "wasm")}'
                           f'<title>{escape(tip)}</title></g>')

    # Legend, centred under the panels.
    entries = []
    for kind, program in sorted(series, key=lambda s: (s[0] != "native", s[1])):
        name = "native" if kind == "native" else "wasm (Node)"
        entries.append((kind, program, f"{program}, {name}"))
    lx, ly = 95, top + ph + 70
    item_w = (width - 2 * lx) / max(len(entries), 1)
    item_w = min(item_w, 230)
    start = (width - item_w * len(entries)) / 2
    for i, (kind, program, label) in enumerate(entries):
        x = start + i * item_w
        colour = series_colour(program, others)
        dash = ' stroke-dasharray="6 4"' if kind == "wasm" else ""
        out.append(f'<line x1="{x:.1f}" y1="{ly}" x2="{x + 36:.1f}" y2="{ly}" stroke="{colour}" '
                   f'stroke-width="2"{dash}/>')
        out.append(marker(program, x + 18, ly, colour, kind == "wasm"))
        out.append(f'<text x="{x + 44:.1f}" y="{ly + 4}" font-size="13" {FONT}>{escape(label)}</text>')

    notes = []
    for kind, f in failures:
        notes.append(f"{kind} {f.get('workload', '?')} failed: {f.get('error', '?')}")
    for kind, report in reports:
        for s in report.get("skipped", []):
            notes.append(f"{kind} skipped: {s}")
    y = ly + 32
    for note in notes[:6]:
        out.append(f'<text x="{width / 2}" y="{y}" text-anchor="middle" font-size="11" fill="#a33" {FONT}>'
                   f'{escape(note[:160])}</text>')
        y += 15
    out.append("</svg>")
    return "\n".join(out) + "\n", notes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", metavar="JSON",
                    help="pocketvm bench --json output (native) and/or tests/js/bench.cjs --json output (wasm)")
    ap.add_argument("-o", "--output", default="docs/benchmarks-plot.svg", help="SVG to write (default: %(default)s)")
    ap.add_argument("--title", default="PocketVM prover: peak memory and prove time against cycles")
    ap.add_argument("--machine", help="machine line under the title (default: from the JSON)")
    ap.add_argument("--memory-scale", choices=("auto", "linear", "log"), default="auto",
                    help="memory axis: linear from 0, log, or auto: log when the largest figure is over "
                         "4× the target line (default: %(default)s)")
    ap.add_argument("--memory-target-mb", type=float, default=512, help="dashed target line (default: %(default)s)")
    ap.add_argument("--wasm-limit-mb", type=float, default=1000,
                    help="dotted wasm-memory line when wasm rows are plotted (default: %(default)s)")
    args = ap.parse_args()
    inputs = [load(p) for p in args.inputs]
    machine = args.machine or machine_text([(k, d) for k, d, _, _ in inputs])
    svg, notes = plot(inputs, args.title, machine, args.memory_scale, args.memory_target_mb, args.wasm_limit_mb)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(svg)
    n = sum(len(rows) for _, _, rows, _ in inputs)
    print(f"wrote {args.output} ({n} rows)")
    for note in notes:
        print(f"note: {note}")


if __name__ == "__main__":
    main()
