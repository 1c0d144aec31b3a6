// Messages between the page (main.ts) and the proving worker (worker.ts). Byte arrays are
// transferred, not copied, where the sender no longer needs them.
import type { ProvePhase } from "pocketvm";

/** Page → worker: prove one run. */
export interface ProveJob {
  type: "prove";
  elf: Uint8Array;
  input: Uint8Array;
  privateInput: Uint8Array;
  maxCycles?: number;
}

/** Worker → page. */
export type WorkerMessage =
  | { type: "progress"; phase: ProvePhase; fraction: number }
  | {
      type: "done";
      proof: Uint8Array;
      output: Uint8Array;
      exitCode: number;
      cycles: number;
      proveMs: number;
      /** The worker's wasm linear memory after proving (it never shrinks): the proof's peak. */
      memoryBytes: number;
      /** The program's debug text (fd 2, not proven), fetched with run() when exitCode ≠ 0. */
      debug?: string;
    }
  | { type: "error"; code: string; message: string; pc?: number };
