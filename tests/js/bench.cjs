// Benchmark of the npm package in Node: prove time, peak wasm memory, proof size, verify time,
// for fib(100,000) and sha256(2,048 B), each in a fresh Node process (wasm memory only grows).
// Run with `npm run bench:wasm` (builds wasm/pkg first). Not a test.
const path = require("node:path");
const fs = require("node:fs");
const { execFileSync } = require("node:child_process");
const root = path.resolve(__dirname, "../..");
const workloads = {
  "fib(100000)": { elf: "fib.elf", input: new TextEncoder().encode("100000") },
  "fib(1000)": { elf: "fib.elf", input: new TextEncoder().encode("1000") },
  "sha256(2048 B)": { elf: "sha256.elf", input: Uint8Array.from({ length: 2048 }, (_, i) => (i * 37) % 251) },
};

if (process.argv[2] === "--one") {
  const pvm = require(path.join(root, "wasm/pkg/node/pocketvm_wasm.js"));
  const w = workloads[process.argv[3]];
  const elf = fs.readFileSync(path.join(root, "tests/fixtures/elf", w.elf));
  const r = pvm.prove(elf, { input: w.input });
  const v = pvm.verify(elf, r.proof, { input: w.input });
  console.log(JSON.stringify({ cycles: r.cycles, proveMs: r.proveMs, memory: pvm.memoryBytes(), proofBytes: r.proof.length, verifyMs: v.verifyMs }));
} else {
  const wasm = path.join(root, "wasm/pkg/web/pocketvm_wasm_bg.wasm");
  const raw = fs.statSync(wasm).size;
  const gz = require("node:zlib").gzipSync(fs.readFileSync(wasm), { level: 9 }).length;
  console.log(`pocketvm wasm: ${(raw / 1e6).toFixed(2)} MB raw, ${(gz / 1e6).toFixed(2)} MB gzipped; Node ${process.version}, single thread`);
  console.log("workload          cycles   prove s     kHz  wasm memory MiB  proof KiB  verify ms");
  for (const name of Object.keys(workloads)) {
    const out = JSON.parse(execFileSync("node", [__filename, "--one", name], { encoding: "utf8" }));
    console.log(`${name.padEnd(16)} ${String(out.cycles).padStart(7)} ${(out.proveMs / 1e3).toFixed(2).padStart(9)} ${(out.cycles / out.proveMs).toFixed(1).padStart(7)} ${(out.memory / 2 ** 20).toFixed(0).padStart(16)} ${(out.proofBytes / 1024).toFixed(0).padStart(10)} ${out.verifyMs.toFixed(1).padStart(10)}`);
  }
}
