// Benchmark of the npm package in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core): the same workloads as bench.cjs, each in a fresh page. Serves the
// repository on 127.0.0.1 only. Run with `npm run bench:browser`. Not a test.
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");
const { chromium } = require("playwright-core");
const root = path.resolve(__dirname, "../..");
const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html", ".elf": "application/octet-stream" };

const server = http.createServer((req, res) => {
  const file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});

async function main() {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const workloads = [["fib(100000)", "fib.elf", "100000"], ["fib(1000)", "fib.elf", "1000"], ["sha256(2048 B)", "sha256.elf", null]];
  console.log(`pocketvm wasm in headless Chromium ${browser.version()}, single thread`);
  console.log("workload          cycles   prove s     kHz  wasm memory MiB  proof KiB  verify ms");
  for (const [name, elf, input] of workloads) {
    const page = await browser.newPage();
    await page.goto(`${base}/wasm/pkg/worker-example.js`); // any same-origin page will do
    const out = await page.evaluate(async ({ base, elf, input }) => {
      const pvm = await import(`${base}/wasm/pkg/web/pocketvm_wasm.js`);
      await pvm.default();
      const bytes = new Uint8Array(await (await fetch(`${base}/tests/fixtures/elf/${elf}`)).arrayBuffer());
      const data = input === null ? Uint8Array.from({ length: 2048 }, (_, i) => (i * 37) % 251) : new TextEncoder().encode(input);
      const r = pvm.prove(bytes, { input: data });
      const v = pvm.verify(bytes, r.proof, { input: data });
      return { cycles: r.cycles, proveMs: r.proveMs, memory: pvm.memoryBytes(), proofBytes: r.proof.length, verifyMs: v.verifyMs };
    }, { base, elf, input });
    console.log(`${name.padEnd(16)} ${String(out.cycles).padStart(7)} ${(out.proveMs / 1e3).toFixed(2).padStart(9)} ${(out.cycles / out.proveMs).toFixed(1).padStart(7)} ${(out.memory / 2 ** 20).toFixed(0).padStart(16)} ${(out.proofBytes / 1024).toFixed(0).padStart(10)} ${out.verifyMs.toFixed(1).padStart(10)}`);
    await page.close();
  }
  await browser.close();
  server.close();
}

main().catch((error) => {
  console.error(error);
  server.close();
  process.exit(1);
});
