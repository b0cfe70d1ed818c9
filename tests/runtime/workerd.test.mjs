// The packed package in workerd (Cloudflare Workers' runtime, through miniflare): bundled by
// esbuild with the conditions wrangler uses, the .wasm loaded as a CompiledWasm module, at
// an old and the current compatibility date, without nodejs_compat.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { Miniflare } from "miniflare";
import { repoRoot, stageFiles } from "../support/package.mjs";
import { startSim } from "../support/sim.mjs";
import { bundle } from "./bundle.mjs";
import { assertClientOnlyReport, assertScenarioReport, closedUrl, freshDestination } from "./expect.mjs";

/** The newest compatibility date the bundled workerd supports (from its version, 1.YYYYMMDD.N). */
function currentCompatibilityDate() {
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, "node_modules", "workerd", "package.json"), "utf8"));
  const [, ymd] = version.split(".");
  return `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
}

let sim;
let built;
before(async () => {
  sim = await startSim();
  const dir = stageFiles("workerd", ["runtime/fixtures/scenario.mjs", "runtime/fixtures/worker.mjs"]);
  built = await bundle({ entry: path.join(dir, "worker.mjs"), outdir: dir, name: "bundle", conditions: ["workerd", "worker", "browser"] });
});
after(() => sim?.stop());

test("the bundle takes the workerd entry and the server wasm", () => {
  assert.ok(built.inputs.some((p) => p.endsWith("verify-8x8/workerd.js")), built.inputs.join("\n"));
  assert.deepEqual(built.wasmFiles, ["server_bg.wasm"]);
});

test("a proxy-only Worker's bundle leaves the direct-mode client wrappers out (server-exports.js binds each export on its own)", async () => {
  const dir = stageFiles("workerd-proxy-only", []);
  const entry = path.join(dir, "proxy-only.mjs");
  writeFileSync(entry, 'import { createVerifyProxy } from "verify-8x8";\nexport default { fetch: createVerifyProxy({ apiKey: "k", subAccountId: "acme_hq" }).fetch };\n');
  const proxyOnly = await bundle({ entry, outdir: dir, name: "bundle", conditions: ["workerd", "worker", "browser"] });
  const text = readFileSync(proxyOnly.outfile, "utf8");
  assert.match(text, /function createProxyFactory\(/);
  assert.doesNotMatch(text, /class VerifyClient|createClientApi/);
  // The whole entry still has them (the flow test below calls VerifyClient in workerd).
  assert.match(readFileSync(built.outfile, "utf8"), /class VerifyClient/);
});

test("a Worker that imports only the client by name still initialises the wasm (the entry keeps its side effects)", async () => {
  const dir = stageFiles("workerd-client-only", ["runtime/fixtures/client-only.mjs", "runtime/fixtures/client-only-worker.mjs"]);
  const clientOnly = await bundle({ entry: path.join(dir, "client-only-worker.mjs"), outdir: dir, name: "bundle", conditions: ["workerd", "worker", "browser"] });
  assert.deepEqual(clientOnly.wasmFiles, ["server_bg.wasm"]);
  const mf = new Miniflare({
    modules: true,
    scriptPath: clientOnly.outfile,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: currentCompatibilityDate(),
  });
  try {
    const response = await mf.dispatchFetch("http://worker.test/", { method: "POST", body: JSON.stringify({ simUrl: sim.url, destination: freshDestination() }) });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    assertClientOnlyReport(JSON.parse(text));
  } finally {
    await mf.dispose();
  }
});

for (const compatibilityDate of ["2024-01-01", currentCompatibilityDate()]) {
  test(`workerd at compatibility date ${compatibilityDate}: the whole flow`, async () => {
    const mf = new Miniflare({
      modules: true,
      scriptPath: built.outfile,
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate,
      compatibilityFlags: [],
    });
    try {
      const params = { simUrl: sim.url, closedUrl: await closedUrl(), destination: freshDestination() };
      const response = await mf.dispatchFetch("http://worker.test/", { method: "POST", body: JSON.stringify(params) });
      const text = await response.text();
      assert.equal(response.status, 200, text);
      assertScenarioReport(JSON.parse(text));
    } finally {
      await mf.dispose();
    }
  });
}
