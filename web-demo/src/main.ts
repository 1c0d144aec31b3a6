// The PocketVM web demo: pick a program, give it input, prove it in a Web Worker, verify the
// proof in the page, download it, and verify proof files. Uses the npm package exactly as any
// web app would.
import init, { programDigest, securityBits, verify, type PocketVmError } from "pocketvm";
import type { ProveJob, WorkerMessage } from "./protocol";
import {
  bytesToText, formatBytes, hexToBytes, isPrintable, textToBytes, toGroupedHex, toHex, u32le,
} from "./bytes";

// ---------------------------------------------------------------------------------------------
// Elements

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

const ui = {
  securityBits: element("security-bits"),
  program: element<HTMLSelectElement>("program"),
  elfUpload: element("elf-upload"),
  elfFile: element<HTMLInputElement>("elf-file"),
  programAbout: element("program-about"),
  programDigest: element("program-digest"),
  privateNote: element("private-note"),
  maxCycles: element<HTMLInputElement>("max-cycles"),
  prove: element<HTMLButtonElement>("prove"),
  cancel: element<HTMLButtonElement>("cancel"),
  elapsed: element("elapsed"),
  progress: element<HTMLProgressElement>("progress"),
  status: element("status"),
  error: element("error"),
  result: element("result"),
  resultTitle: element("result-title"),
  outText: element("out-text"),
  outHex: element("out-hex"),
  outMeaning: element("out-meaning"),
  exitCode: element("exit-code"),
  cycles: element("cycles"),
  proveMs: element("prove-ms"),
  khz: element("khz"),
  proofSize: element("proof-size"),
  memory: element("memory"),
  debug: element("debug"),
  verify: element<HTMLButtonElement>("verify"),
  download: element<HTMLAnchorElement>("download"),
  verifyStatus: element("verify-status"),
  proofFile: element<HTMLInputElement>("proof-file"),
  loadStatus: element("load-status"),
};

// ---------------------------------------------------------------------------------------------
// Errors: one visible box, for every failure (never console-only)

const explanations: Record<string, string> = {
  MALFORMED_PROGRAM: "This is not a usable RV32IM program.",
  EXECUTION_ERROR: "The program failed while running.",
  CYCLE_LIMIT: "The program ran past the cycle limit.",
  UNPROVABLE: "This run cannot be proven.",
  INVALID_PROOF: "Invalid proof: it does not prove this program on this public input.",
  MALFORMED_PROOF: "This is not a readable PocketVM proof.",
  INVALID_ARGUMENT: "The package rejected an argument.",
  INVALID_INPUT: "The input cannot be used.",
  NO_PROGRAM: "No program is selected.",
  FETCH: "A file could not be loaded.",
  WASM_LOAD: "The WebAssembly module could not be loaded.",
  WORKER: "The proving worker failed.",
  INTERNAL: "Internal error.",
  PAGE: "Unexpected error in the page.",
};

interface Failure {
  code: string;
  message: string;
  pc?: number;
}

/** A failure the page itself detects (bad hex, no program…), with a code like the package's. */
class PageError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

function failureOf(error: unknown, fallbackCode = "INTERNAL"): Failure {
  const e = error as Partial<PocketVmError> | undefined;
  return {
    code: typeof e?.code === "string" ? e.code : fallbackCode,
    message: typeof e?.message === "string" ? e.message : String(error),
    pc: typeof e?.pc === "number" ? e.pc : undefined,
  };
}

const hex32 = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;

function showError({ code, message, pc }: Failure): void {
  const title = document.createElement("strong");
  title.textContent = explanations[code] ?? "Error.";
  const detail = document.createElement("div");
  detail.className = "mono";
  detail.textContent = `${code}: ${message}${pc === undefined ? "" : ` (pc ${hex32(pc)})`}`;
  ui.error.replaceChildren(title, detail);
  ui.error.dataset.code = code;
  ui.error.hidden = false;
}

function clearError(): void {
  ui.error.hidden = true;
  ui.error.replaceChildren();
  delete ui.error.dataset.code;
}

window.addEventListener("error", (event) => showError({ code: "PAGE", message: event.message }));
window.addEventListener("unhandledrejection", (event) => showError(failureOf(event.reason, "PAGE")));

// ---------------------------------------------------------------------------------------------
// Input fields: text or hex, with a live byte count

type Format = "text" | "hex";

class BytesField {
  constructor(
    private readonly label: string,
    private readonly area: HTMLTextAreaElement,
    private readonly formatName: string,
    private readonly count: HTMLElement,
  ) {
    area.addEventListener("input", () => this.updateCount());
    for (const radio of this.radios()) radio.addEventListener("change", () => this.convert(radio));
  }

  private radios(): HTMLInputElement[] {
    return Array.from(document.querySelectorAll<HTMLInputElement>(`input[name="${this.formatName}"]`));
  }

  get format(): Format {
    return this.radios().find((r) => r.checked)?.value === "hex" ? "hex" : "text";
  }

  private setFormat(format: Format): void {
    for (const radio of this.radios()) radio.checked = radio.value === format;
  }

  /** The bytes the field holds; throws INVALID_INPUT for bad hex. */
  bytes(): Uint8Array {
    if (this.format === "text") return textToBytes(this.area.value);
    try {
      return hexToBytes(this.area.value);
    } catch (error) {
      throw new PageError("INVALID_INPUT", `${this.label}: ${(error as Error).message}`);
    }
  }

  set(value: string, format: Format): void {
    this.setFormat(format);
    this.area.value = value;
    this.updateCount();
  }

  updateCount(): void {
    try {
      const n = this.bytes().length;
      this.count.textContent = `${n.toLocaleString("en-US")} byte${n === 1 ? "" : "s"}`;
      this.count.classList.remove("invalid");
    } catch {
      this.count.textContent = "invalid hex";
      this.count.classList.add("invalid");
    }
  }

  /** Switching the format converts the content, so the bytes stay the same. */
  private convert(radio: HTMLInputElement): void {
    if (!radio.checked) return;
    const to = radio.value as Format;
    const from: Format = to === "hex" ? "text" : "hex";
    try {
      if (to === "hex") {
        this.area.value = toGroupedHex(textToBytes(this.area.value));
      } else {
        const text = bytesToText(hexToBytes(this.area.value));
        if (text === null) throw new Error("these bytes are not UTF-8 text; keep editing them as hex");
        this.area.value = text;
      }
      clearError();
    } catch (error) {
      this.setFormat(from);
      showError({ code: "INVALID_INPUT", message: `${this.label}: ${(error as Error).message}` });
    }
    this.updateCount();
  }
}

const publicInput = new BytesField("public input", element("input"), "input-format", element("input-bytes"));
const privateInput = new BytesField("private input", element("private-input"), "private-format", element("private-bytes"));

function maxCycles(): number | undefined {
  const raw = ui.maxCycles.value.trim();
  if (raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new PageError("INVALID_INPUT", `max cycles: "${raw}" is not a positive whole number`);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Programs: the bundled examples (copied from tests/fixtures/elf at build time) or an upload

interface Example {
  file: string;
  about: string;
  input: [string, Format];
  privateInput: [string, Format];
  privateNote: string;
  /** What the output means, in words. */
  meaning: (output: Uint8Array, input: Uint8Array) => string;
}

const examples: Record<string, Example> = {
  fib: {
    file: "fib.elf",
    about: "Public input: n in decimal. Output: F(n) mod 2³² in decimal and a newline. " +
      "It takes about 5 cycles per step, so n = 100000 proves in seconds.",
    input: ["1000", "text"],
    privateInput: ["", "text"],
    privateNote: "fib does not read the private input.",
    meaning: (out, input) => `F(${(bytesToText(input) ?? "?").trim()}) mod 2³² = ${(bytesToText(out) ?? "?").trim()}`,
  },
  sha256: {
    file: "sha256.elf",
    about: "Public input: any bytes. Output: the 32 raw bytes of their SHA-256 digest.",
    input: ["PocketVM proves this sentence was hashed correctly.", "text"],
    privateInput: ["", "text"],
    privateNote: "sha256 does not read the private input.",
    meaning: (out) => (out.length === 32 ? `SHA-256 digest ${toHex(out)}` : ""),
  },
  sort: {
    file: "sort.elf",
    about: "Private input: u32 words, little-endian (in hex, 05000000 is 5). Output: 8 bytes, " +
      "the number of words and the checksum Σ (i+1)·v[i] over the sorted words, both u32 " +
      "little-endian. A length that is not a multiple of 4 makes it panic (exit code 101).",
    input: ["", "text"],
    privateInput: ["05000000 03000000 09000000 01000000 07000000", "hex"],
    privateNote: "sort reads only the private input (it ignores the public input). The proof shows " +
      "the count and checksum of a sorted list; remember that proofs are not zero-knowledge yet.",
    meaning: (out) => (out.length === 8 ? `${u32le(out, 0)} words, checksum ${u32le(out, 4)}` : ""),
  },
  crc32: {
    file: "crc32.elf",
    about: "A C program. Public input: any bytes. Output: their CRC-32 (as zlib computes it) in " +
      "8 hex digits and a newline.",
    input: ["123456789", "text"],
    privateInput: ["", "text"],
    privateNote: "crc32 does not read the private input.",
    meaning: (out) => `CRC-32 = ${(bytesToText(out) ?? "?").trim()}`,
  },
};

interface Program {
  name: string;
  elf: Uint8Array;
  /** Set for the bundled examples. */
  example?: Example;
}

let program: Program | null = null;
let uploaded: Program | null = null;
const elfCache = new Map<string, Promise<Uint8Array>>();

function fetchExample(file: string): Promise<Uint8Array> {
  let bytes = elfCache.get(file);
  if (!bytes) {
    bytes = fetch(new URL(`examples/${file}`, document.baseURI)).then(async (response) => {
      if (!response.ok) throw new PageError("FETCH", `examples/${file}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    });
    bytes.catch(() => elfCache.delete(file));
    elfCache.set(file, bytes);
  }
  return bytes;
}

/** Shows the program's digest, which also checks that it is a usable program. */
function describeProgram(): void {
  ui.programDigest.textContent = "";
  if (!program || !wasmReady) return; // init() describes it once the module is ready
  try {
    ui.programDigest.textContent = `program digest ${toHex(programDigest(program.elf))}`;
  } catch (error) {
    ui.programDigest.textContent = `${program.name} is not a usable program`;
    showError(failureOf(error));
  }
}

let selection = 0;
async function selectProgram(): Promise<void> {
  const token = ++selection;
  const choice = ui.program.value;
  clearError();
  const example = examples[choice];
  ui.elfUpload.hidden = example !== undefined;
  if (!example) {
    program = uploaded;
    ui.programAbout.textContent = "Any statically linked RV32IM ELF (riscv32im-unknown-none-elf, " +
      "built with the guest runtime in guests/runtime or the C header guests/c/pocketvm.h).";
    ui.privateNote.textContent = "Your program reads the private input if it calls read_private_input() (fd 3).";
    describeProgram();
    updateButtons();
    return;
  }
  program = null;
  ui.programAbout.textContent = example.about;
  ui.privateNote.textContent = example.privateNote;
  publicInput.set(...example.input);
  privateInput.set(...example.privateInput);
  updateButtons();
  try {
    const elf = await fetchExample(example.file);
    if (token !== selection) return;
    program = { name: choice, elf, example };
    describeProgram();
  } catch (error) {
    if (token === selection) showError(failureOf(error, "FETCH"));
  }
  updateButtons();
}

ui.program.addEventListener("change", () => void selectProgram());

ui.elfFile.addEventListener("change", async () => {
  const file = ui.elfFile.files?.[0];
  if (!file) return;
  clearError();
  uploaded = { name: file.name, elf: new Uint8Array(await file.arrayBuffer()) };
  if (ui.program.value === "upload") program = uploaded;
  describeProgram();
  updateButtons();
});

// ---------------------------------------------------------------------------------------------
// Proving in a worker; cancel = terminate the worker and start a fresh one

interface Job {
  program: Program;
  input: Uint8Array;
  privateInput: Uint8Array;
  started: number;
}

const RESTART_ABOVE_BYTES = 256 * 1024 * 1024;
let wasmReady = false;
let worker: Worker;
let running: Job | null = null;
let timer: number | undefined;

function startWorker(): void {
  const started = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  worker = started;
  // Events of a worker that was already replaced (cancelled) are ignored.
  started.onmessage = (event: MessageEvent<WorkerMessage>) => {
    if (started === worker) onWorkerMessage(event.data);
  };
  started.onerror = (event) => {
    event.preventDefault();
    if (started !== worker) return;
    const message = event.message || "the worker stopped (it could not be loaded, or it ran out of memory)";
    stopJob("Failed.");
    showError({ code: "WORKER", message });
    restartWorker();
  };
  started.onmessageerror = () => {
    if (started !== worker) return;
    stopJob("Failed.");
    showError({ code: "WORKER", message: "a message from the worker could not be read" });
  };
}

function restartWorker(): void {
  worker.terminate();
  startWorker();
}

function updateButtons(): void {
  ui.prove.disabled = !wasmReady || running !== null || program === null;
  ui.cancel.disabled = running === null;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function stopJob(status: string): void {
  window.clearInterval(timer);
  running = null;
  ui.status.textContent = status;
  updateButtons();
}

function startProve(): void {
  clearError();
  if (!program) {
    showError({ code: "NO_PROGRAM", message: "choose a program (or upload an ELF) first" });
    return;
  }
  let job: ProveJob;
  try {
    job = {
      type: "prove",
      elf: program.elf,
      input: publicInput.bytes(),
      privateInput: privateInput.bytes(),
      maxCycles: maxCycles(),
    };
  } catch (error) {
    showError(failureOf(error, "INVALID_INPUT"));
    return;
  }
  running = { program, input: job.input, privateInput: job.privateInput, started: performance.now() };
  ui.result.hidden = true;
  ui.progress.value = 0;
  ui.status.textContent = "Starting…";
  ui.elapsed.textContent = seconds(0);
  timer = window.setInterval(() => {
    if (running) ui.elapsed.textContent = seconds(performance.now() - running.started);
  }, 100);
  updateButtons();
  worker.postMessage(job); // copied (structured clone); the page keeps its own bytes
}

function onWorkerMessage(message: WorkerMessage): void {
  const job = running;
  if (!job) return;
  switch (message.type) {
    case "progress":
      ui.progress.value = message.fraction;
      ui.status.textContent = `Proving: ${message.phase} (${Math.round(message.fraction * 100)}%)`;
      break;
    case "done":
      ui.elapsed.textContent = seconds(performance.now() - job.started);
      stopJob(`Proved in ${seconds(message.proveMs)}. Press Verify to check the proof here.`);
      showResult(job, message);
      // wasm memory only grows: after a big proof, hand it back by starting a fresh worker.
      if (message.memoryBytes > RESTART_ABOVE_BYTES) restartWorker();
      break;
    case "error":
      stopJob("Failed.");
      ui.progress.value = 0;
      showError(message);
      // A trap can leave the module unusable; start over with a fresh one.
      if (message.code === "INTERNAL") restartWorker();
      break;
  }
}

ui.prove.addEventListener("click", startProve);

ui.cancel.addEventListener("click", () => {
  const job = running;
  if (!job) return;
  restartWorker();
  ui.progress.value = 0;
  stopJob(`Cancelled after ${seconds(performance.now() - job.started)} (the worker was stopped and a fresh one started).`);
});

// ---------------------------------------------------------------------------------------------
// Results, verification, download

interface Proven {
  job: Job;
  proof: Uint8Array;
}

let proven: Proven | null = null;
let downloadUrl: string | null = null;

function outputText(output: Uint8Array): string {
  if (output.length === 0) return "(empty)";
  const text = bytesToText(output);
  return text !== null && isPrintable(text) ? text : "(not text; see the hex)";
}

function showResult(job: Job, done: Extract<WorkerMessage, { type: "done" }>): void {
  proven = { job, proof: done.proof };
  ui.resultTitle.textContent = `${job.program.name}, public input ${formatBytes(job.input.length)}, ` +
    `private input ${formatBytes(job.privateInput.length)}`;
  ui.outText.textContent = outputText(done.output);
  ui.outHex.textContent = done.output.length ? toGroupedHex(done.output) : "(empty)";
  const example = job.program.example;
  ui.outMeaning.textContent = done.exitCode !== 0
    ? `The program exited with code ${done.exitCode}${done.exitCode === 101 ? " (a panic)" : ""}; the proof proves that too.`
    : (example?.meaning(done.output, job.input) || "—");
  ui.exitCode.textContent = String(done.exitCode);
  ui.cycles.textContent = done.cycles.toLocaleString("en-US");
  ui.proveMs.textContent = done.proveMs.toFixed(0);
  ui.khz.textContent = (done.cycles / done.proveMs).toFixed(1);
  ui.proofSize.textContent = `${formatBytes(done.proof.length)} (${done.proof.length.toLocaleString("en-US")} bytes)`;
  ui.memory.textContent = formatBytes(done.memoryBytes);
  ui.debug.hidden = !done.debug;
  ui.debug.textContent = done.debug ? `Debug output (fd 2, not proven):\n${done.debug}` : "";
  ui.verifyStatus.replaceChildren();
  delete ui.verifyStatus.dataset.state;
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob([done.proof.slice()], { type: "application/octet-stream" }));
  ui.download.href = downloadUrl;
  ui.download.download = `${job.program.name.replace(/\.elf$/i, "")}.proof`;
  ui.result.hidden = false;
}

/** Verifies in this page (milliseconds) and writes the outcome into `status`. */
function verifyInto(status: HTMLElement, elf: Uint8Array, proof: Uint8Array, input: Uint8Array, what: string): void {
  clearError();
  try {
    const v = verify(elf, proof, { input });
    const ms = document.createElement("span");
    ms.id = status.id === "verify-status" ? "verify-ms" : "load-verify-ms";
    ms.dataset.testid = ms.id;
    ms.textContent = v.verifyMs.toFixed(1);
    status.replaceChildren(
      `✓ Valid proof${what}: verified in `, ms,
      ` ms. It proves output "${outputText(v.output).trim()}" (hex ${toHex(v.output) || "empty"}), ` +
      `exit code ${v.exitCode}, ${v.cycles.toLocaleString("en-US")} cycles.`,
    );
    status.dataset.state = "valid";
  } catch (error) {
    const failure = failureOf(error);
    status.textContent = `✗ Rejected${what}: ${failure.code}: ${failure.message}`;
    status.dataset.state = "rejected";
    showError(failure);
  }
}

ui.verify.addEventListener("click", () => {
  if (!proven) return;
  const { job, proof } = proven;
  verifyInto(ui.verifyStatus, job.program.elf, proof, job.input, "");
});

ui.proofFile.addEventListener("change", async () => {
  const file = ui.proofFile.files?.[0];
  if (!file) return;
  ui.loadStatus.replaceChildren();
  delete ui.loadStatus.dataset.state;
  const proof = new Uint8Array(await file.arrayBuffer());
  ui.proofFile.value = ""; // so that loading the same file again fires "change"
  if (!program) {
    showError({ code: "NO_PROGRAM", message: "choose the program the proof is about first" });
    return;
  }
  let input: Uint8Array;
  try {
    input = publicInput.bytes();
  } catch (error) {
    showError(failureOf(error, "INVALID_INPUT"));
    return;
  }
  verifyInto(ui.loadStatus, program.elf, proof, input, ` (${file.name}, for ${program.name})`);
});

// ---------------------------------------------------------------------------------------------
// Start

startWorker();
void selectProgram();
init()
  .then(() => {
    wasmReady = true;
    ui.securityBits.textContent = String(securityBits());
    ui.status.textContent = "Ready.";
    describeProgram();
    updateButtons();
  })
  .catch((error: unknown) => {
    ui.status.textContent = "The prover could not be loaded.";
    showError({ code: "WASM_LOAD", message: String(error) });
  });
