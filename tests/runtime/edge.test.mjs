// The packed package in Vercel's edge-runtime: bundled with the conditions Next.js uses for
// edge routes, `*.wasm?module` provided as a compiled WebAssembly.Module, and compiling
// wasm from bytes disabled inside the runtime (as on Vercel).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { runInContext } from "node:vm";
import { EdgeRuntime } from "edge-runtime";
import { stageFiles } from "../support/package.mjs";
import { startSim } from "../support/sim.mjs";
import { bundle } from "./bundle.mjs";
import { assertClientOnlyReport, assertScenarioReport, closedUrl, freshDestination } from "./expect.mjs";

let sim;
let built;
let dir;
before(async () => {
  sim = await startSim();
  dir = stageFiles("edge", ["runtime/fixtures/scenario.mjs", "runtime/fixtures/edge.mjs"]);
  built = await bundle({ entry: path.join(dir, "edge.mjs"), outdir: dir, name: "bundle", conditions: ["edge-light", "worker", "browser"], format: "iife" });
});
after(() => sim?.stop());

test("the bundle takes the edge-light entry and imports the server wasm with ?module", () => {
  assert.ok(built.inputs.some((p) => p.endsWith("verify-8x8/edge-light.js")), built.inputs.join("\n"));
  assert.deepEqual(built.wasmFiles, ["server_bg.wasm"]);
  assert.match(readFileSync(built.outfile, "utf8"), /require\("\.\/server_bg\.wasm\?module"\)/);
});

/** An edge-runtime running `code` as Vercel does: wasm only as the bundler's precompiled `?module`. */
function vercelEdge(code, wasmDir) {
  return new EdgeRuntime({
    initialCode: code,
    // As on Vercel: V8 refuses to compile wasm from bytes; only precompiled modules run.
    codeGeneration: { strings: false, wasm: false },
    extend(context) {
      // The bundler's `*.wasm?module` import, as Next.js's edge sandbox provides it: a module
      // compiled outside the sandbox, in this (the outer) realm, and used as it is.
      const compiled = new WebAssembly.Module(readFileSync(path.join(wasmDir, "server_bg.wasm")));
      assert.equal(runInContext("(m) => m instanceof WebAssembly.Module", context)(compiled), false, "another realm's module");
      const modules = { "./server_bg.wasm?module": compiled };
      context.require = (id) => modules[id];
      return context;
    },
  });
}

test("edge-runtime: the whole flow, with compiling wasm from bytes disabled", async () => {
  const runtime = vercelEdge(readFileSync(built.outfile, "utf8"), dir);
  const emptyModule = "new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])";
  await assert.rejects(runtime.evaluate(`WebAssembly.compile(${emptyModule})`), /disallowed/, "the lock is effective");
  const params = { simUrl: sim.url, closedUrl: await closedUrl(), destination: freshDestination() };
  const response = await runtime.dispatchFetch("http://edge.test/", { method: "POST", body: JSON.stringify(params) });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assertScenarioReport(JSON.parse(text));
});

test("an edge route that imports only the client by name still initialises the wasm (the entry keeps its side effects)", async () => {
  const clientDir = stageFiles("edge-client-only", ["runtime/fixtures/client-only.mjs", "runtime/fixtures/client-only-edge.mjs"]);
  const clientOnly = await bundle({ entry: path.join(clientDir, "client-only-edge.mjs"), outdir: clientDir, name: "bundle", conditions: ["edge-light", "worker", "browser"], format: "iife" });
  assert.deepEqual(clientOnly.wasmFiles, ["server_bg.wasm"]);
  const runtime = vercelEdge(readFileSync(clientOnly.outfile, "utf8"), clientDir);
  const response = await runtime.dispatchFetch("http://edge.test/", { method: "POST", body: JSON.stringify({ simUrl: sim.url, destination: freshDestination() }) });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assertClientOnlyReport(JSON.parse(text));
});
