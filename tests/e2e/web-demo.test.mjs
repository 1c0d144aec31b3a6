// End-to-end tests of the web demo (web-demo/) in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core): prove fib and check the output, verify, download the proof and
// load it back (intact, tampered, malformed, wrong input), bad and failing ELFs, a worker that
// cannot start, a cycle limit and bad hex, sort's private input and a proven panic, crc32,
// responsiveness while sha256 of 2,048 bytes is proving, and cancel. Serves the *built* demo
// (web-demo/dist, from `npm run build` in web-demo/) on 127.0.0.1. Keeps a screenshot of a
// finished, verified proof in target/e2e/web-demo-proof.png.
// Run with: (cd web-demo && npm ci && npm run build) && node --test tests/e2e/
// (or set WEB_DEMO_URL to test a running server instead, e.g. http://127.0.0.1:4173/).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dist = path.join(root, "web-demo/dist");
const artifacts = path.join(root, "target/e2e");
const screenshot = path.join(artifacts, "web-demo-proof.png");
const types = {
  ".html": "text/html", ".js": "text/javascript", ".css": "text/css",
  ".wasm": "application/wasm", ".elf": "application/octet-stream",
};
const PROOF_TIMEOUT = 60_000;

/** F(n) mod 2^32, as the fib guest computes it. */
function fibMod32(n) {
  let [a, b] = [0n, 1n];
  for (let i = 0; i < n; i++) [a, b] = [b, (a + b) % 2n ** 32n];
  return a;
}

/** A minimal RV32IM ELF: `addi x0, x0, 0` then the word 0xffffffff (not an instruction). */
function elfWithInvalidInstruction() {
  const elf = Buffer.alloc(52 + 32 + 8);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]); // magic, 32-bit, little-endian, version 1
  elf.writeUInt16LE(2, 16); // ET_EXEC
  elf.writeUInt16LE(243, 18); // EM_RISCV
  elf.writeUInt32LE(1, 20); // version
  elf.writeUInt32LE(0x10000, 24); // entry
  elf.writeUInt32LE(52, 28); // program headers right after this header
  elf.writeUInt16LE(52, 40); // header size
  elf.writeUInt16LE(32, 42); // program header size
  elf.writeUInt16LE(1, 44); // one program header
  const ph = 52;
  elf.writeUInt32LE(1, ph); // PT_LOAD
  elf.writeUInt32LE(84, ph + 4); // offset of the code in the file
  elf.writeUInt32LE(0x10000, ph + 8); // vaddr
  elf.writeUInt32LE(0x10000, ph + 12); // paddr
  elf.writeUInt32LE(8, ph + 16); // file size
  elf.writeUInt32LE(8, ph + 20); // memory size
  elf.writeUInt32LE(5, ph + 24); // R + X
  elf.writeUInt32LE(4, ph + 28); // align
  elf.writeUInt32LE(0x00000013, 84);
  elf.writeUInt32LE(0xffffffff, 88);
  return elf;
}

const server = http.createServer((req, res) => {
  let file = path.join(dist, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (file.endsWith(path.sep)) file = path.join(file, "index.html");
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});

let browser;
let base;

before(async () => {
  if (process.env.WEB_DEMO_URL) {
    base = process.env.WEB_DEMO_URL; // e.g. the server `npm run demo` or `npm run dev` started
  } else {
    assert.ok(fs.existsSync(path.join(dist, "index.html")), "build the demo first: (cd web-demo && npm ci && npm run build)");
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${server.address().port}/`;
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  if (server.listening) server.close();
});

/** Opens the demo in a fresh page, waits until it can prove; collects page errors. */
async function openDemo() {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
  });
  await page.goto(base);
  await page.locator("#prove:enabled").waitFor();
  return { page, problems };
}

const text = (page, selector) => page.locator(selector).textContent();
/** The error box as the visitor reads it: the explanation, then a line with code and message. */
const errorBox = (page) => page.locator("#error").innerText();

/** Waits until `selector`'s text matches `pattern`; fails with the text it saw. */
async function waitForText(page, selector, pattern, timeout = PROOF_TIMEOUT) {
  try {
    await page.waitForFunction(
      ([sel, source, flags]) => new RegExp(source, flags).test(document.querySelector(sel)?.textContent ?? ""),
      [selector, pattern.source, pattern.flags],
      { timeout },
    );
  } catch (error) {
    assert.fail(`${selector} never matched ${pattern}; it shows ${JSON.stringify(await text(page, selector))}` +
      ` (error box: ${JSON.stringify(await errorBox(page))}; ${error.message.split("\n")[0]})`);
  }
}

async function proveAndWait(page) {
  await page.click("#prove");
  await page.locator("#result").waitFor({ timeout: PROOF_TIMEOUT });
}

async function proveFib(page, n) {
  await page.selectOption("#program", "fib");
  await page.fill("#input", String(n));
  await proveAndWait(page);
}

async function loadProofFile(page, name, buffer) {
  await page.setInputFiles("#proof-file", { name, mimeType: "application/octet-stream", buffer });
  await page.waitForFunction(() => document.querySelector("#load-status")?.dataset.state);
  return page.locator("#load-status").getAttribute("data-state");
}

describe("web demo in headless Chromium", { timeout: 180_000 }, () => {
  test("proves fib(1000), shows the right output and figures, verifies in the page", async () => {
    const { page, problems } = await openDemo();
    assert.match(await text(page, "#zk-note"), /not yet\s+zero-knowledge/);
    assert.equal(await text(page, "#security-bits"), "96");
    assert.match(await text(page, "#program-digest"), /^program digest [0-9a-f]{64}$/);

    await proveFib(page, 1000);
    const expected = `${fibMod32(1000)}\n`;
    assert.equal(await text(page, "#out-text"), expected);
    assert.equal((await text(page, "#out-hex")).replaceAll(" ", ""), Buffer.from(expected).toString("hex"));
    assert.equal(await text(page, "#out-meaning"), `F(1000) mod 2³² = ${fibMod32(1000)}`);
    assert.equal(await text(page, "#exit-code"), "0");
    const cycles = Number((await text(page, "#cycles")).replaceAll(",", ""));
    const proveMs = Number(await text(page, "#prove-ms"));
    const khz = Number(await text(page, "#khz"));
    assert.ok(cycles > 5000 && cycles < 6000, `fib(1000) takes about 5,450 cycles, not ${cycles}`);
    assert.ok(proveMs > 0 && Math.abs(khz - cycles / proveMs) < 0.1, `kHz ${khz} = cycles / prove ms`);
    assert.match(await text(page, "#proof-size"), /^\d+\.\d+ (KiB|MiB) \(\d{1,3}(,\d{3})+ bytes\)$/);
    assert.match(await text(page, "#status"), /^Proved in \d+\.\d s/);
    assert.equal(await page.locator("#error").isHidden(), true);

    await page.click("#verify");
    await page.locator('#verify-status[data-state="valid"]').waitFor();
    assert.match(await text(page, "#verify-status"), /^✓ Valid proof: verified in \d+\.\d ms\. It proves output "\d+"/);
    assert.ok(Number(await text(page, "#verify-ms")) > 0);

    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    assert.ok(fs.statSync(screenshot).size > 10_000);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("downloaded proof verifies when loaded back; tampered, malformed and wrong-input proofs are rejected visibly", async () => {
    const { page, problems } = await openDemo();
    await proveFib(page, 1000);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    assert.equal(download.suggestedFilename(), "fib.proof");
    const proof = fs.readFileSync(await download.path());
    assert.match(await text(page, "#proof-size"), new RegExp(`\\(${proof.length.toLocaleString("en-US")} bytes\\)`));

    assert.equal(await loadProofFile(page, "fib.proof", proof), "valid");
    assert.match(await text(page, "#load-status"), /^✓ Valid proof \(fib\.proof, for fib\): verified in [\d.]+ ms/);
    assert.equal(await page.locator("#error").isHidden(), true);

    const tampered = Buffer.from(proof);
    tampered[tampered.length >> 1] ^= 0x01;
    assert.equal(await loadProofFile(page, "fib-tampered.proof", tampered), "rejected");
    assert.match(await text(page, "#load-status"), /^✗ Rejected \(fib-tampered\.proof, for fib\): (INVALID_PROOF|MALFORMED_PROOF): /);
    assert.equal(await page.locator("#error").isVisible(), true);
    assert.match(await errorBox(page), /(Invalid proof|not a readable PocketVM proof)[^]*(INVALID_PROOF|MALFORMED_PROOF): \S/);

    assert.equal(await loadProofFile(page, "garbage.proof", randomBytes(3000)), "rejected");
    assert.match(await errorBox(page), /This is not a readable PocketVM proof\.\nMALFORMED_PROOF: not a PocketVM proof/);

    // The intact proof is about fib(1000): with another public input it is rejected.
    await page.fill("#input", "1001");
    assert.equal(await loadProofFile(page, "fib.proof", proof), "rejected");
    assert.match(await errorBox(page), /Invalid proof: it does not prove this program on this public input\.\nINVALID_PROOF: /);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("a malformed ELF and a failing program get clear error messages", async () => {
    const { page, problems } = await openDemo();
    await page.selectOption("#program", "upload");
    assert.equal(await page.locator("#prove").isDisabled(), true, "no ELF chosen yet");

    await page.setInputFiles("#elf-file", { name: "random.elf", mimeType: "application/octet-stream", buffer: randomBytes(4096) });
    await waitForText(page, "#error", /MALFORMED_PROGRAM/);
    assert.match(await errorBox(page), /^This is not a usable RV32IM program\.\nMALFORMED_PROGRAM: not an ELF file/);
    assert.equal(await text(page, "#program-digest"), "random.elf is not a usable program");
    // Proving it anyway fails the same way, from the worker.
    await page.click("#prove");
    await waitForText(page, "#status", /^Failed\.$/);
    assert.match(await errorBox(page), /MALFORMED_PROGRAM: not an ELF file/);
    assert.equal(await page.locator("#result").isHidden(), true);

    await page.setInputFiles("#elf-file", { name: "invalid-instruction.elf", mimeType: "application/octet-stream", buffer: elfWithInvalidInstruction() });
    await page.locator("#error").waitFor({ state: "hidden" });
    assert.match(await text(page, "#program-digest"), /^program digest [0-9a-f]{64}$/);
    await page.click("#prove");
    await waitForText(page, "#status", /^Failed\.$/);
    assert.match(await errorBox(page), /^The program failed while running\.\nEXECUTION_ERROR: .*\(pc 0x00010004\)$/);
    assert.equal(await page.locator("#prove").isEnabled(), true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("a proving worker that cannot start is reported on the page, not only in the console", async () => {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.route(/\/worker[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: "" }));
    await page.goto(base);
    await page.click("#prove");
    await waitForText(page, "#error", /WORKER/, 10_000);
    assert.match(await errorBox(page), /^The proving worker failed\.\nWORKER: /);
    assert.equal(await text(page, "#status"), "Failed.");
    assert.equal(await page.locator("#prove").isEnabled(), true);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test("cycle limit and bad hex input are reported", async () => {
    const { page, problems } = await openDemo();
    await page.fill("#input", "100000");
    await page.fill("#max-cycles", "1000");
    await page.click("#prove");
    await waitForText(page, "#error", /CYCLE_LIMIT/);
    assert.match(await errorBox(page), /^The program ran past the cycle limit\.\nCYCLE_LIMIT: cycle limit of 1000 reached .*\(pc 0x[0-9a-f]{8}\)$/);

    await page.fill("#max-cycles", "");
    await page.check("#input-format-hex");
    assert.equal(await page.inputValue("#input"), "31303030 3030");
    await page.fill("#input", "12 3");
    assert.equal(await text(page, "#input-bytes"), "invalid hex");
    await page.click("#prove");
    assert.match(await errorBox(page), /^The input cannot be used\.\nINVALID_INPUT: public input: odd number of hex digits \(3\)$/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("sort reads the private input, a panic is proven with exit code 101 and its message shown, crc32 (C) works", async () => {
    const { page, problems } = await openDemo();
    await page.selectOption("#program", "sort");
    assert.match(await text(page, "#private-note"), /sort reads only the private input/);
    assert.equal(await page.inputValue("#private-input"), "05000000 03000000 09000000 01000000 07000000");
    await proveAndWait(page);
    assert.equal(await text(page, "#out-hex"), "05000000 5f000000");
    assert.equal(await text(page, "#out-text"), "(not text; see the hex)");
    assert.equal(await text(page, "#out-meaning"), "5 words, checksum 95"); // 1·1 + 2·3 + 3·5 + 4·7 + 5·9
    assert.match(await text(page, "#memory"), /^\d+\.\d\d MiB$/);

    await page.fill("#private-input", "010203");
    await proveAndWait(page);
    assert.equal(await text(page, "#exit-code"), "101");
    assert.match(await text(page, "#out-meaning"), /exited with code 101 \(a panic\)/);
    assert.match(await text(page, "#debug"), /^Debug output \(fd 2, not proven\):\n.*not a multiple of 4/s);
    await page.click("#verify");
    await page.locator('#verify-status[data-state="valid"]').waitFor();
    assert.match(await text(page, "#verify-status"), /exit code 101/);

    await page.selectOption("#program", "crc32");
    assert.equal(await page.inputValue("#input"), "123456789");
    await proveAndWait(page);
    assert.equal(await text(page, "#out-text"), "cbf43926\n");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the page stays responsive while sha256 of 2,048 bytes is proving", async () => {
    const { page, problems } = await openDemo();
    await page.selectOption("#program", "sha256");
    await page.check("#input-format-hex");
    const input = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 37) % 251));
    await page.fill("#input", input.toString("hex"));
    assert.equal(await text(page, "#input-bytes"), "2,048 bytes");

    await page.click("#prove");
    await waitForText(page, "#status", /^Proving: /);
    const elapsedBefore = await text(page, "#elapsed");
    // Type into a field while the worker proves: the page's input handler updates the count.
    await page.click("#private-input");
    await page.keyboard.type("typed while proving");
    await waitForText(page, "#private-bytes", /^19 bytes$/, 2000);
    const during = await page.evaluate(() => ({
      typed: document.querySelector("#private-input").value,
      progress: document.querySelector("#progress").value,
      resultHidden: document.querySelector("#result").hidden,
      cancelEnabled: !document.querySelector("#cancel").disabled,
      elapsed: document.querySelector("#elapsed").textContent,
    }));
    assert.equal(during.typed, "typed while proving");
    assert.ok(during.resultHidden && during.cancelEnabled && during.progress < 1,
      `the proof was still running while we typed: ${JSON.stringify(during)}`);
    assert.notEqual(during.elapsed, elapsedBefore, "the elapsed-time display kept ticking");

    await page.locator("#result").waitFor({ timeout: PROOF_TIMEOUT });
    const digest = createHash("sha256").update(input).digest("hex");
    assert.equal((await text(page, "#out-hex")).replaceAll(" ", ""), digest);
    assert.equal(await text(page, "#out-meaning"), `SHA-256 digest ${digest}`);
    assert.ok(Number((await text(page, "#cycles")).replaceAll(",", "")) > 100_000);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("cancel stops a long proof, and the next proof works", async () => {
    const { page, problems } = await openDemo();
    await page.fill("#input", "100000");
    await page.click("#prove");
    await waitForText(page, "#status", /^Proving: /);
    assert.equal(await page.locator("#prove").isDisabled(), true);
    await page.click("#cancel");
    await waitForText(page, "#status", /^Cancelled after \d+\.\d s/, 5000);
    assert.equal(await page.locator("#prove").isEnabled(), true);
    assert.equal(await page.locator("#cancel").isDisabled(), true);
    assert.equal(await page.locator("#result").isHidden(), true);
    assert.equal(await page.locator("#error").isHidden(), true);

    await proveFib(page, 10);
    assert.equal(await text(page, "#out-text"), "55\n");
    assert.deepEqual(problems, []);
    await page.close();
  });
});
