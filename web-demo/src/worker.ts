// The proving worker. prove() is synchronous and takes seconds, so it runs here, off the page's
// main thread. One job at a time; the page cancels a job by terminating this worker (a running
// prove() cannot receive messages) and starting a fresh one.
import init, { memoryBytes, prove, run, type PocketVmError } from "pocketvm";
import type { ProveJob, WorkerMessage } from "./protocol";

const ready = init();

function post(message: WorkerMessage, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

function errorMessage(error: unknown): WorkerMessage {
  const e = error as Partial<PocketVmError> | undefined;
  return {
    type: "error",
    // Errors from the package carry a stable code; anything else (a trap, out of memory) does not.
    code: typeof e?.code === "string" ? e.code : "INTERNAL",
    message: typeof e?.message === "string" ? e.message : String(error),
    pc: typeof e?.pc === "number" ? e.pc : undefined,
  };
}

self.onmessage = async ({ data: job }: MessageEvent<ProveJob>) => {
  try {
    await ready;
  } catch (error) {
    post({ type: "error", code: "WASM_LOAD", message: `could not load the wasm module: ${String(error)}` });
    return;
  }
  try {
    const options = { input: job.input, privateInput: job.privateInput, maxCycles: job.maxCycles };
    const result = prove(job.elf, {
      ...options,
      onProgress: (phase, fraction) => post({ type: "progress", phase, fraction }),
    });
    let debug: string | undefined;
    if (result.exitCode !== 0) {
      // prove() does not return the debug text (fd 2), where a panic's message goes; running
      // the program again without proving is cheap next to the proof.
      try {
        debug = new TextDecoder().decode(run(job.elf, options).debug);
      } catch {
        debug = undefined;
      }
    }
    const { proof, output, exitCode, cycles, proveMs } = result;
    post(
      { type: "done", proof, output, exitCode, cycles, proveMs, memoryBytes: memoryBytes(), debug },
      [proof.buffer, output.buffer],
    );
  } catch (error) {
    post(errorMessage(error));
  }
};
