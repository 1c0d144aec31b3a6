// Type-checked (never run) against the package's generated TypeScript declarations:
// `npx tsc -p tests/js` fails if the typings stop describing the API the README documents.
import init, { prove, verify, run, programDigest, securityBits } from "../../wasm/pkg/web/pocketvm_wasm.js";
import type { ProveResult, VerifyResult, RunResult, PocketVmError, ProvePhase, Security } from "../../wasm/pkg/web/pocketvm_wasm.js";

export async function example(elf: Uint8Array): Promise<string> {
  await init();
  const input = new TextEncoder().encode("1000");
  const phases: ProvePhase[] = [];
  const proved: ProveResult = prove(elf, {
    input,
    maxCycles: 1 << 20,
    onProgress: (phase, fraction) => {
      phases.push(phase);
      return fraction < 2;
    },
  });
  const verified: VerifyResult = verify(elf, proved.proof, { input });
  const byDigest: VerifyResult = verify(programDigest(elf), prove(elf, { input, embedProgram: true }).proof, { input });
  const ran: RunResult = run(elf);
  try {
    verify(elf, new Uint8Array(3));
  } catch (e) {
    const error = e as PocketVmError;
    if (error.code === "MALFORMED_PROOF") return "malformed";
  }
  const valid: true = verified.valid;
  const security: Security = verified.security;
  const regime: "UDR" = security.regime;
  return `${valid} ${byDigest.exitCode} ${ran.cycles} ${proved.proveMs} ${securityBits()} ${regime} ${security.provenBits} ${proved.security.weakest}`;
}
