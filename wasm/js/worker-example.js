// Proving in a Web Worker keeps the page responsive. Save as prover-worker.js next to your
// page (with the package's web/ folder) and start it with
//   const worker = new Worker("prover-worker.js", { type: "module" });
//   worker.onmessage = ({ data }) => { if (data.type === "progress") bar.value = data.fraction; };
//   worker.postMessage({ elf, input });   // Uint8Arrays
import init, { prove } from "./web/pocketvm_wasm.js";

const ready = init();
self.onmessage = async ({ data }) => {
  await ready;
  try {
    const result = prove(data.elf, {
      input: data.input,
      privateInput: data.privateInput,
      onProgress: (phase, fraction) => self.postMessage({ type: "progress", phase, fraction }),
    });
    self.postMessage({ type: "done", ...result }, [result.proof.buffer, result.output.buffer]);
  } catch (error) {
    self.postMessage({ type: "error", code: error.code, message: error.message });
  }
};
