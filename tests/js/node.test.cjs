// The npm package in Node: prove and verify, typed errors, the cross-target fixture (a proof
// made by the native CLI verifies here, and proving here reproduces it byte for byte), proving
// by digest, cancellation, and the packed tarball installed into a scratch folder.
// Run with `npm run test:node` (builds wasm/pkg first).
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const root = path.resolve(__dirname, "../..");
const pvm = require(path.join(root, "wasm/pkg/node/pocketvm_wasm.js"));
const fixture = (p) => new Uint8Array(fs.readFileSync(path.join(root, "tests/fixtures", p)));
const text = (s) => new TextEncoder().encode(s);
const fib = fixture("elf/fib.elf");

function codeOf(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof Error, "errors are Error objects");
    assert.equal(typeof error.message, "string");
    return error.code;
  }
  assert.fail("expected an error");
}

test("proves and verifies fib(10)", () => {
  const phases = [];
  const result = pvm.prove(fib, { input: text("10"), onProgress: (phase, fraction) => { phases.push([phase, fraction]); } });
  assert.equal(new TextDecoder().decode(result.output), "55\n");
  assert.equal(result.exitCode, 0);
  assert.ok(result.cycles > 100 && result.proveMs > 0);
  assert.deepEqual([...new Set(phases.map((p) => p[0]))], ["execute", "trace", "commit", "interaction", "prove"]);
  const verified = pvm.verify(fib, result.proof, { input: text("10") });
  assert.equal(verified.valid, true);
  assert.deepEqual(verified.output, result.output);
  assert.equal(verified.cycles, result.cycles);
});

test("native fixture verifies and is reproduced byte for byte", () => {
  const native = fixture("proofs/fib-10.proof");
  assert.equal(pvm.verify(fib, native, { input: text("10") }).valid, true);
  const { proof } = pvm.prove(fib, { input: text("10") });
  assert.equal(Buffer.compare(Buffer.from(proof), Buffer.from(native)), 0);
});

test("tampered proofs and statements are rejected with typed errors", () => {
  const native = fixture("proofs/fib-10.proof");
  const flipped = Uint8Array.from(native);
  flipped[flipped.length - 1000] ^= 1;
  assert.match(codeOf(() => pvm.verify(fib, flipped, { input: text("10") })), /^(INVALID_PROOF|MALFORMED_PROOF)$/);
  assert.equal(codeOf(() => pvm.verify(fib, native, { input: text("11") })), "INVALID_PROOF");
  assert.equal(codeOf(() => pvm.verify(fib, native.slice(0, 50), { input: text("10") })), "MALFORMED_PROOF");
  assert.equal(codeOf(() => pvm.verify(fib, text("not a proof"), {})), "MALFORMED_PROOF");
  const crc = fixture("elf/crc32.elf");
  assert.equal(codeOf(() => pvm.verify(crc, native, { input: text("10") })), "INVALID_PROOF");
});

test("malformed programs and arguments are typed errors, never traps", () => {
  assert.equal(codeOf(() => pvm.prove(new Uint8Array([1, 2, 3]), {})), "MALFORMED_PROGRAM");
  assert.equal(codeOf(() => pvm.run(fib.slice(0, 100), {})), "MALFORMED_PROGRAM");
  assert.equal(codeOf(() => pvm.programDigest(new Uint8Array(0))), "MALFORMED_PROGRAM");
  assert.equal(codeOf(() => pvm.run(fib, { input: "10" })), "INVALID_ARGUMENT");
  assert.equal(codeOf(() => pvm.run(fib, { maxCycles: -1 })), "INVALID_ARGUMENT");
  assert.equal(codeOf(() => pvm.prove(fib, { onProgress: 5 })), "INVALID_ARGUMENT");
  assert.equal(codeOf(() => pvm.run(fib, 7)), "INVALID_ARGUMENT");
  assert.equal(codeOf(() => pvm.prove(fib, { segmentLogCycles: 40 })), "INVALID_ARGUMENT");
  assert.equal(codeOf(() => pvm.verify(fib, new Uint8Array(8), { input: 10 })), "INVALID_ARGUMENT");
  // The message names what is wrong (options are read by serde-wasm-bindgen; docs/wasm.md).
  const wrong = (() => { try { pvm.run(fib, { maxCycles: "many" }); } catch (e) { return e; } })();
  assert.match(wrong.message, /invalid options: .*(number|integer|u64)/);
  // Bytes may also come as an ArrayBuffer; fields the package does not know are ignored.
  const buffer = text("10").buffer;
  assert.equal(new TextDecoder().decode(pvm.run(fib, { input: buffer, colour: "blue" }).output), "55\n");
  const limited = (() => { try { pvm.run(fib, { input: text("100000"), maxCycles: 1000 }); } catch (e) { return e; } })();
  assert.equal(limited.code, "CYCLE_LIMIT");
  assert.equal(typeof limited.pc, "number");
  // The module still works after every error.
  assert.equal(new TextDecoder().decode(pvm.run(fib, { input: text("10") }).output), "55\n");
});

test("run, digest and security bits", () => {
  const r = pvm.run(fixture("elf/sort.elf"), { privateInput: new Uint8Array([1, 2, 3, 4, 5]) });
  assert.equal(r.exitCode, 101);
  assert.match(new TextDecoder().decode(r.debug), /multiple of 4/);
  assert.equal(pvm.programDigest(fib).length, 32);
  assert.equal(pvm.securityBits(), 96);
});

test("results carry the proven security of the proof", () => {
  const proved = pvm.prove(fib, { input: text("10") });
  const verified = pvm.verify(fib, proved.proof, { input: text("10") });
  for (const { security } of [proved, verified]) {
    assert.equal(security.regime, "UDR");
    assert.ok(security.provenBits >= 96, JSON.stringify(security));
    assert.ok(security.jbrBits > 0 && security.jbrBits < security.provenBits);
    assert.equal(security.logBlowup, 1);
    assert.equal(security.queries, 193);
    assert.equal(security.powBits, 16);
    assert.equal(security.foldStep, 3);
    assert.equal(security.conjecturedBits, 16 + 193);
  }
});

test("verifies by program digest when the proof embeds the program", () => {
  const { proof } = pvm.prove(fib, { input: text("10"), embedProgram: true });
  const digest = pvm.programDigest(fib);
  assert.equal(pvm.verify(digest, proof, { input: text("10") }).valid, true);
  const other = Uint8Array.from(digest);
  other[0] ^= 1;
  assert.equal(codeOf(() => pvm.verify(other, proof, { input: text("10") })), "INVALID_PROOF");
  const plain = fixture("proofs/fib-10.proof");
  assert.equal(codeOf(() => pvm.verify(digest, plain, { input: text("10") })), "INVALID_PROOF");
});

test("onProgress can cancel", () => {
  assert.equal(codeOf(() => pvm.prove(fib, { input: text("10"), onProgress: (phase) => phase !== "commit" })), "CANCELLED");
  assert.equal(codeOf(() => pvm.prove(fib, { input: text("10"), onProgress: () => { throw new Error("stop"); } })), "CANCELLED");
});

test("the packed tarball installs and proves from a scratch folder", () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pocketvm-npm-"));
  try {
    const tarball = execFileSync("npm", ["pack", path.join(root, "wasm/pkg"), "--pack-destination", scratch, "--silent"], { encoding: "utf8" }).trim().split("\n").pop();
    fs.writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", path.join(scratch, tarball)], { cwd: scratch, stdio: "pipe" });
    fs.copyFileSync(path.join(root, "tests/fixtures/elf/fib.elf"), path.join(scratch, "fib.elf"));
    const script = `
      const { prove, verify } = require("pocketvm");
      const elf = require("fs").readFileSync("fib.elf");
      const input = new TextEncoder().encode("12");
      const { proof, output } = prove(elf, { input });
      if (!verify(elf, proof, { input }).valid) throw new Error("not valid");
      process.stdout.write(Buffer.from(output));`;
    const out = execFileSync("node", ["-e", script], { cwd: scratch, encoding: "utf8" });
    assert.equal(out, "144\n");
    assert.ok(fs.existsSync(path.join(scratch, "node_modules/pocketvm/web/pocketvm_wasm.d.ts")), "types ship");
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});
