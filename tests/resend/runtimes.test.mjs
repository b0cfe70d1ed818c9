// Exactly one send per call, in every server runtime: a front (../support/drop-front.mjs) before
// the simulator reads each start and each code check in full, lets the simulator act on it, then
// drops the connection (FIN, then RST) on a kept-alive connection. Runtimes that re-send a
// request on a dropped pooled connection (Deno's fetch for POST and GET, Bun's for GET) would
// make the front read it twice. The client in direct mode and createVerifyProxy's upstream calls,
// in Node, Deno, Bun, workerd and edge-runtime: each start and check is read once, and the call
// fails saying it may have been sent (direct mode: NETWORK with maybeSent; proxy: 502).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { runInContext } from "node:vm";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { EdgeRuntime } from "edge-runtime";
import { Miniflare } from "miniflare";
import { repoRoot, stageFiles } from "../support/package.mjs";
import { startSim } from "../support/sim.mjs";
import { dropFirstActing, startDropFront } from "../support/drop-front.mjs";
import { bundle } from "../runtime/bundle.mjs";
import { freshDestination } from "../runtime/expect.mjs";

const run = promisify(execFile);
const bin = (name) => path.join(repoRoot, "node_modules", ".bin", name);
const FILES = ["resend/fixtures/scenario.mjs", "resend/fixtures/node.mjs", "resend/fixtures/deno.mjs", "resend/fixtures/deno-sanitizer.test.mjs", "resend/fixtures/worker.mjs", "resend/fixtures/edge.mjs"];
const quietEnv = { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };

let sim;
let dir;
let worker;
let edge;
before(async () => {
  sim = await startSim();
  dir = stageFiles("resend", FILES);
  const built = await bundle({ entry: path.join(dir, "worker.mjs"), outdir: dir, name: "worker-bundle", conditions: ["workerd", "worker", "browser"] });
  worker = new Miniflare({ modules: true, scriptPath: built.outfile, modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }], compatibilityDate: "2024-01-01" });
  const edgeBuilt = await bundle({ entry: path.join(dir, "edge.mjs"), outdir: dir, name: "edge-bundle", conditions: ["edge-light", "worker", "browser"], format: "iife" });
  edge = new EdgeRuntime({
    initialCode: readFileSync(edgeBuilt.outfile, "utf8"),
    codeGeneration: { strings: false, wasm: false },
    extend(context) {
      // The bundler's `*.wasm?module` import, as a module compiled at build time.
      const compiled = new WebAssembly.Module(readFileSync(path.join(dir, "server_bg.wasm")));
      Object.setPrototypeOf(compiled, runInContext("WebAssembly.Module.prototype", context));
      context.require = (id) => (id === "./server_bg.wasm?module" ? compiled : undefined);
      return context;
    },
  });
});
after(async () => {
  await worker?.dispose();
  await sim?.stop();
});

const posted = async (dispatch, params) => {
  const response = await dispatch("http://runner.test/", { method: "POST", body: JSON.stringify(params) });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text);
};

/** Each runtime: how to run the scenario with `params` and get its report. */
const runtimes = {
  Node: async (params) => JSON.parse((await run(process.execPath, ["node.mjs", JSON.stringify(params)], { cwd: dir })).stdout),
  Deno: async (params) =>
    JSON.parse((await run(bin("deno"), ["run", "--no-prompt", "--allow-net=127.0.0.1", "deno.mjs", JSON.stringify(params)], { cwd: dir, env: quietEnv })).stdout),
  Bun: async (params) => JSON.parse((await run(bin("bun"), ["node.mjs", JSON.stringify(params)], { cwd: dir, env: quietEnv })).stdout),
  workerd: (params) => posted((url, init) => worker.dispatchFetch(url, init), params),
  "edge-runtime": (params) => posted((url, init) => edge.dispatchFetch(url, init), params),
};

const direct8x8 = (p, init = {}) =>
  fetch(`${sim.url}/api/v2/subaccounts/test_hq${p}`, {
    ...init,
    headers: { authorization: "Bearer test-key", "content-type": "application/json" },
  }).then((r) => r.json());

/** A session on the simulator for the code check (its destination is not the one the scenario starts). */
async function session() {
  const { sessionId } = await direct8x8("/sessions", { method: "POST", body: JSON.stringify({ destination: freshDestination() }) });
  return sessionId;
}

for (const [runtime, runScenario] of Object.entries(runtimes)) {
  describe(`${runtime}: every start and check reaches 8x8 once`, () => {
    for (const part of ["direct", "proxy"]) {
      for (const how of ["fin", "rst"]) {
        test(`${part === "direct" ? "the client in direct mode" : "createVerifyProxy's upstream calls"}, connection dropped with ${how.toUpperCase()}`, async () => {
          const front = await startDropFront({ target: sim.url, plan: dropFirstActing(how) });
          try {
            const sessionId = await session();
            const destination = freshDestination();
            const report = await runScenario({ part, frontUrl: front.url, sessionId, code: "000000", destination });
            const starts = front.acting().filter((r) => r.method === "POST");
            const checks = front.acting().filter((r) => r.method === "GET");
            const shape = (rs) => rs.map((r) => `connection ${r.connection} request ${r.onConnection}`).join(", ");
            assert.equal(starts.length, 1, `starts read: ${shape(starts)}; report ${JSON.stringify(report)}`);
            assert.equal(checks.length, 1, `checks read: ${shape(checks)}; report ${JSON.stringify(report)}`);
            const spent = await direct8x8(`/sessions/${sessionId}`);
            assert.equal(spent.attempt, 1, "one attempt spent");
            if (part === "direct") {
              for (const call of ["start", "check"]) {
                assert.deepEqual(report[call], { code: "NETWORK", maybeSent: true, retryable: true }, call);
              }
            } else {
              assert.deepEqual(report, { start: 502, check: 502 });
            }
          } finally {
            await front.close();
          }
        });
      }
    }
  });
}

test("Deno: deno test's resource and op sanitizers see nothing left open by a start and a check", async () => {
  const params = { simUrl: sim.url, sessionId: await session(), destination: freshDestination() };
  const { stdout } = await run(bin("deno"), ["test", "--no-prompt", "--allow-net=127.0.0.1", "--allow-env=PARAMS", "deno-sanitizer.test.mjs"], {
    cwd: dir,
    env: { ...quietEnv, PARAMS: JSON.stringify(params) },
  });
  assert.match(stdout, /ok \| 1 passed/);
});
