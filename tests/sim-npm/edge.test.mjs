// verify-8x8-sim in Vercel's edge-runtime (the edge-light entry), from the packed tarball:
// bundled with the conditions Next.js uses for edge routes, the .wasm provided as a compiled
// module for `?module`, and compiling wasm from bytes disabled inside the runtime.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { runInContext } from "node:vm";
import { EdgeRuntime } from "edge-runtime";
import { bundle } from "../runtime/bundle.mjs";
import { stageSimFiles } from "../support/sim-package.mjs";

test("edge-runtime: sim.fetch verifies a number, with wasm compilation from bytes disabled", async () => {
  const dir = stageSimFiles("sim-npm-edge", ["sim-npm/fixtures/edge-flow.mjs"]);
  const built = await bundle({ entry: path.join(dir, "edge-flow.mjs"), outdir: dir, name: "bundle", conditions: ["edge-light", "worker", "browser"], format: "iife" });
  assert.ok(built.inputs.some((p) => p.endsWith("verify-8x8-sim/edge-light.js")), built.inputs.join("\n"));
  assert.deepEqual(built.wasmFiles, ["sim_bg.wasm"]);
  const runtime = new EdgeRuntime({
    initialCode: readFileSync(built.outfile, "utf8"),
    codeGeneration: { strings: false, wasm: false },
    extend(context) {
      // The bundler's `*.wasm?module` import, compiled at "build time" and given the runtime realm's prototype.
      const compiled = new WebAssembly.Module(readFileSync(path.join(dir, "sim_bg.wasm")));
      Object.setPrototypeOf(compiled, runInContext("WebAssembly.Module.prototype", context));
      context.require = (id) => ({ "./sim_bg.wasm?module": compiled })[id];
      return context;
    },
  });
  const response = await runtime.dispatchFetch("http://edge.test/");
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assert.deepEqual(JSON.parse(text), { started: "WAITING", checked: "VERIFIED" });
});
