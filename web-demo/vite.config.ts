// Vite: builds index.html + src/ into dist/ (the worker as an ES module worker, the package's
// wasm as an asset), and copies the example ELFs from tests/fixtures/elf to examples/ (served
// from there by the dev server too), so no binary is committed twice.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const fixtures = fileURLToPath(new URL("../tests/fixtures/elf/", import.meta.url));
const examples = ["fib.elf", "sha256.elf", "sort.elf", "crc32.elf"];

function exampleElfs(): Plugin {
  return {
    name: "pocketvm-example-elfs",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.match(/\/examples\/([a-z0-9]+\.elf)$/)?.[1];
        if (!name || !examples.includes(name)) return next();
        res.setHeader("content-type", "application/octet-stream");
        res.end(readFileSync(fixtures + name));
      });
    },
    generateBundle() {
      const missing = examples.filter((name) => !readdirSync(fixtures).includes(name));
      if (missing.length) this.error(`missing example ELFs in ${fixtures}: ${missing.join(", ")}`);
      for (const name of examples) {
        this.emitFile({ type: "asset", fileName: `examples/${name}`, source: readFileSync(fixtures + name) });
      }
    },
  };
}

export default defineConfig({
  base: "./",
  plugins: [exampleElfs()],
  worker: { format: "es" },
  // The package is linked from ../wasm/pkg; keep it out of dependency pre-bundling so its
  // `new URL("pocketvm_wasm_bg.wasm", import.meta.url)` still finds the wasm.
  optimizeDeps: { exclude: ["pocketvm"] },
  server: { fs: { allow: [".", "../wasm/pkg"] } },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
});
