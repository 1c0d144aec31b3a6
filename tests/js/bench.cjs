// Benchmark of the npm package in Node: prove time, kHz, wasm memory, proof size, verify time for
// fib at about 10^4 … 5·10^6 cycles and sha256 over 128 … 16,384 bytes (the workloads of
// `pocketvm bench`), each in a fresh Node process (wasm linear memory only grows). Run with
// `npm run bench:wasm` (builds wasm/pkg first) or, with wasm/pkg built, `node tests/js/bench.cjs`.
// Not a test. A 5·10^6-cycle proof takes minutes: each row is printed as it finishes.
//
//   node tests/js/bench.cjs [--quick] [--only fib|sha256] [--max-cycles N] [--json FILE]
//                           [--workload fib:N|sha256:N]
//
// --quick proves the smallest fib and sha256 only (a smoke run); --json FILE writes every row
// (rewritten after each one) for scripts/plot-bench.py; --workload proves that one workload
// instead of the table (e.g. fib:1200000, the 6 M-cycle run of issue 13). Each row also reports
// the child process's peak resident memory.
const path = require("node:path");
const fs = require("node:fs");
const os = require("node:os");
const { spawnSync } = require("node:child_process");
const root = path.resolve(__dirname, "../..");
const pkg = path.join(root, "wasm/pkg/node/pocketvm_wasm.js");

// fib(n) runs about 5 n + 450 cycles: just under 10^4, just over 10^5, 10^6, 2·10^6, 5·10^6.
const FIB_NS = [1900, 20000, 200000, 400000, 1000000];
const SHA256_LENS = [128, 512, 2048, 8192, 16384];
const QUICK = new Set(["fib:1900", "sha256:128"]);

function workload(key) {
  const [program, param] = key.split(":");
  const n = Number(param);
  if (program === "fib") {
    return { key, program, param: n, name: `fib (n = ${n})`, elf: "fib.elf", input: new TextEncoder().encode(String(n)) };
  }
  if (program === "sha256") {
    return { key, program, param: n, name: `sha256 (${n} B)`, elf: "sha256.elf", input: Uint8Array.from({ length: n }, (_, i) => (i * 37) % 251) };
  }
  throw new Error(`unknown workload ${key}`);
}
const ALL = [...FIB_NS.map((n) => `fib:${n}`), ...SHA256_LENS.map((n) => `sha256:${n}`)];

function usage(message) {
  console.error(`error: ${message}\nusage: node tests/js/bench.cjs [--quick] [--only fib|sha256] [--max-cycles N] [--json FILE]`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { quick: false, only: null, maxCycles: null, json: null, workload: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === "--quick") opts.quick = true;
    else if (a === "--only") {
      opts.only = value();
      if (!["fib", "sha256"].includes(opts.only)) usage(`--only takes fib or sha256, not ${opts.only}`);
    } else if (a === "--max-cycles") {
      opts.maxCycles = Number(value());
      if (!Number.isFinite(opts.maxCycles)) usage("--max-cycles takes a number");
    } else if (a === "--json") opts.json = value();
    else if (a === "--workload") {
      opts.workload = value();
      workload(opts.workload); // fail early on an unknown program
    }
    else usage(`unknown argument ${a}`);
  }
  return opts;
}

// Child: prove and verify one workload in this fresh process; print one JSON line.
function one(key) {
  const pvm = require(pkg);
  const w = workload(key);
  const elf = fs.readFileSync(path.join(root, "tests/fixtures/elf", w.elf));
  try {
    const r = pvm.prove(elf, { input: w.input });
    const memory = pvm.memoryBytes(); // after proving: linear memory never shrinks
    // The package times with Date.now() (whole milliseconds): fine for proving, coarse for a
    // ~15 ms verification, which is timed here with performance.now() instead.
    const start = performance.now();
    pvm.verify(elf, r.proof, { input: w.input });
    const verifyMs = performance.now() - start;
    const rss = process.resourceUsage().maxRSS * 1024;
    console.log(JSON.stringify({ cycles: r.cycles, proveMs: r.proveMs, memory, rss, proofBytes: r.proof.length, verifyMs, segments: r.segments ?? null }));
  } catch (e) {
    console.log(JSON.stringify({ error: `${e.code ? e.code + ": " : ""}${e.message}`, memory: pvm.memoryBytes() }));
    process.exitCode = 1;
  }
}

function main(opts) {
  const keys = opts.workload ? [opts.workload] : ALL.filter((k) => (!opts.quick || QUICK.has(k)) && (!opts.only || k.startsWith(`${opts.only}:`)));
  const wasm = path.join(root, "wasm/pkg/web/pocketvm_wasm_bg.wasm");
  const raw = fs.statSync(wasm).size;
  const gz = require("node:zlib").gzipSync(fs.readFileSync(wasm), { level: 9 }).length;
  const report = {
    benchmark: "tests/js/bench.cjs",
    target: "wasm-node",
    node: process.version,
    module_bytes: raw,
    module_gzip_bytes: gz,
    arch: process.arch,
    os: process.platform,
    cpu: os.cpus()[0]?.model ?? null,
    cpus: os.cpus().length,
    memory_bytes: os.totalmem(),
    threads: 1,
    quick: opts.quick,
    unix_time: Math.floor(Date.now() / 1000),
    rows: [],
    failures: [],
    skipped: [],
  };
  const save = () => opts.json && fs.writeFileSync(opts.json, JSON.stringify(report, null, 2) + "\n");
  save(); // fail early on an unwritable path
  console.log(`pocketvm wasm: ${(raw / 1e6).toFixed(2)} MB raw, ${(gz / 1e6).toFixed(2)} MB gzipped; Node ${process.version}, single thread`);
  console.log(`${"workload".padEnd(18)} ${"cycles".padStart(9)} ${"prove s".padStart(9)} ${"kHz".padStart(7)} ${"wasm memory MiB".padStart(16)} ${"peak RSS MiB".padStart(13)} ${"proof KiB".padStart(10)} ${"verify ms".padStart(10)}`);
  let counter = null; // counts cycles for --max-cycles (this process's memory is not measured)
  for (const key of keys) {
    const w = workload(key);
    if (opts.maxCycles !== null) {
      counter ??= require(pkg);
      const elf = fs.readFileSync(path.join(root, "tests/fixtures/elf", w.elf));
      const cycles = counter.run(elf, { input: w.input }).cycles;
      if (cycles > opts.maxCycles) {
        report.skipped.push(`${w.name} (${cycles} cycles)`);
        continue;
      }
    }
    const child = spawnSync(process.execPath, [__filename, "--one", key], { encoding: "utf8", maxBuffer: 1 << 24 });
    let out = null;
    try {
      out = JSON.parse(child.stdout.trim().split("\n").pop());
    } catch {
      const why = (child.stderr || "").trim().split("\n").pop();
      out = { error: [child.signal ? `killed by ${child.signal}` : `exit status ${child.status}`, why].filter(Boolean).join(": ") };
    }
    if (out.error || child.status !== 0) {
      const error = out.error ?? `exit status ${child.status}`;
      console.log(`${w.name.padEnd(18)} ${"".padStart(9)}  FAILED: ${error}`);
      report.failures.push({ workload: w.name, program: w.program, param: w.param, error, wasm_memory_bytes: out.memory ?? null });
      save();
      continue;
    }
    const row = {
      workload: w.name,
      program: w.program,
      param: w.param,
      cycles: out.cycles,
      prove_s: out.proveMs / 1e3,
      khz: out.cycles / out.proveMs,
      wasm_memory_bytes: out.memory,
      peak_rss_bytes: out.rss ?? null,
      proof_bytes: out.proofBytes,
      verify_ms: out.verifyMs,
      segments: out.segments ?? null, // if the package reports it
    };
    report.rows.push(row);
    save();
    console.log(`${w.name.padEnd(18)} ${String(row.cycles).padStart(9)} ${row.prove_s.toFixed(2).padStart(9)} ${row.khz.toFixed(1).padStart(7)} ${(row.wasm_memory_bytes / 2 ** 20).toFixed(0).padStart(16)} ${(row.peak_rss_bytes === null ? "-" : (row.peak_rss_bytes / 2 ** 20).toFixed(0)).padStart(13)} ${(row.proof_bytes / 1024).toFixed(0).padStart(10)} ${row.verify_ms.toFixed(1).padStart(10)}`);
  }
  if (report.skipped.length) console.log(`skipped (over --max-cycles): ${report.skipped.join(", ")}`);
  if (report.failures.length) {
    console.error(`error: workloads failed: ${report.failures.map((f) => f.workload).join(", ")}`);
    process.exitCode = 1;
  }
}

if (process.argv[2] === "--one") one(process.argv[3]);
else main(parseArgs(process.argv.slice(2)));
