// The proxy where it runs: workerd (Cloudflare Workers' runtime, through miniflare), with
// the packed package bundled as wrangler bundles it (tests/runtime/bundle.mjs: conditions
// workerd, worker, browser; the .wasm a CompiledWasm module).
//
// `proxy`: one Worker holds both createVerifyProxy and the plain-JS proxy
// (./baseline-proxy.mjs), both with bench/proxy.mjs's options, and runs the load itself —
// `POST /batch {which, flows, concurrency}` runs `flows` flows (POST a fresh destination,
// GET it with a wrong code) through that proxy, `concurrency` loops at a time, against the
// simulator. Node times each batch around `dispatchFetch` (inside workerd the clock stands
// still between I/O) and resets the simulator before it, untimed; rounds alternate the
// order, warm-up rounds are dropped; the result is the median requests per second of each
// and their ratio, like bench/proxy.mjs's.
//
// `cold start`: the time from `new Miniflare(...)` to the first response of a fresh
// isolate, for the README's Worker (bench/size.mjs's, which imports the package) and for a
// Worker that imports nothing, alternating; `worker_cold_start_ms` is the median of the
// paired differences — what importing the package adds to a fresh isolate's first
// response (workerd's own start is in both and cancels out).

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Miniflare } from "miniflare";
import { bundle } from "../tests/runtime/bundle.mjs";
import { median, quantile } from "./stats.mjs";

const COMPATIBILITY_DATE = "2024-09-23";
const CONDITIONS = ["workerd", "worker", "browser"];

const LOAD_WORKER = `import { createVerifyProxy } from "verify-8x8";
import { benchProxyOptions, createBaselineProxy } from "../bench/baseline-proxy.mjs";

let proxies;
let n = 0;
const ORIGIN = "http://app.example";
const CHECK = { headers: { "x-verify-8x8": "1" } };

function fresh() {
  const digits = String(++n).padStart(7, "0");
  return "+44 7" + digits.slice(0, 3) + " " + digits.slice(3);
}

async function flow(handler) {
  const started = await handler.fetch(new Request(ORIGIN + "/api/verify/sessions", {
    method: "POST",
    headers: { "content-type": "application/json", "x-verify-8x8": "1" },
    body: JSON.stringify({ destination: fresh() }),
  }));
  const session = await started.json();
  if (started.status !== 200) throw new Error("POST answered " + started.status + ": " + JSON.stringify(session));
  const checked = await handler.fetch(new Request(ORIGIN + "/api/verify/sessions/" + session.sessionId + "?code=00000", CHECK));
  const result = await checked.json();
  if (checked.status !== 200 || result.status !== "WAITING") throw new Error("GET answered " + checked.status + ": " + JSON.stringify(result));
}

export default {
  async fetch(request) {
    const { which, flows, concurrency, simUrl } = await request.json();
    if (!proxies) {
      const options = benchProxyOptions(simUrl);
      proxies = { wasm: createVerifyProxy(options), js: createBaselineProxy(options) };
    }
    const handler = proxies[which];
    let next = 0;
    try {
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < flows) {
          next++;
          await flow(handler);
        }
      }));
    } catch (error) {
      return new Response(String(error && error.stack || error), { status: 500 });
    }
    return new Response("ok");
  },
};
`;

const EMPTY_WORKER = `export default { fetch: () => new Response("ok") };\n`;

async function resetSim(simUrl) {
  const response = await fetch(`${simUrl}/_sim/reset`, { method: "POST" });
  if (!response.ok) throw new Error(`/_sim/reset: HTTP ${response.status}`);
  await response.arrayBuffer();
}

function miniflare(scriptPath) {
  return new Miniflare({
    modules: true,
    scriptPath,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: [],
  });
}

/** Bundles `source` (a Worker module written into `project`/workerd-bench) as wrangler would. */
async function bundleWorker(project, name, source) {
  const dir = path.join(project, "workerd-bench");
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, `${name}.mjs`);
  writeFileSync(entry, source);
  return (await bundle({ entry, outdir: dir, name: `${name}.bundle`, conditions: CONDITIONS })).outfile;
}

/** `proxy` in workerd: { wasm_rps, js_baseline_rps, ratio, paired_ratio_median, requests, samples }. */
export async function workerdProxy({ project, simUrl, rounds, flows, concurrency, warmup }) {
  rmSync(path.join(project, "workerd-bench"), { recursive: true, force: true });
  const mf = miniflare(await bundleWorker(project, "load", LOAD_WORKER));
  try {
    const samples = { wasm: [], js: [] };
    for (let round = 0; round < rounds + warmup; round++) {
      const order = round % 2 ? ["js", "wasm"] : ["wasm", "js"];
      for (const which of order) {
        await resetSim(simUrl);
        const t0 = performance.now();
        const response = await mf.dispatchFetch("http://worker.test/batch", {
          method: "POST",
          body: JSON.stringify({ which, flows, concurrency, simUrl }),
        });
        const text = await response.text();
        const seconds = (performance.now() - t0) / 1000;
        if (response.status !== 200) throw new Error(`workerd ${which} batch: ${text}`);
        if (round >= warmup) samples[which].push((2 * flows) / seconds);
      }
    }
    const wasm = median(samples.wasm);
    const js = median(samples.js);
    return {
      requests: samples.js.length * flows * 2,
      wasm_rps: wasm,
      js_baseline_rps: js,
      ratio: wasm / js,
      paired_ratio_median: median(samples.wasm.map((w, i) => w / samples.js[i])),
      concurrency,
      compatibilityDate: COMPATIBILITY_DATE,
      samples,
    };
  } finally {
    await mf.dispose();
  }
}

/** Time from `new Miniflare` to the first response's body, ms. */
async function firstResponse(scriptPath) {
  const t0 = performance.now();
  const mf = miniflare(scriptPath);
  try {
    // Refused before anything leaves the isolate (no X-Verify-8x8), after the wasm ran.
    const response = await mf.dispatchFetch("http://worker.test/api/verify/sessions");
    await response.arrayBuffer();
    return performance.now() - t0;
  } finally {
    await mf.dispose();
  }
}

/** Cold start in workerd: { worker_cold_start_ms, package_ms, empty_ms, p10, p90, samples }. */
export async function workerdColdStart({ project, workerScript, pairs }) {
  const empty = await bundleWorker(project, "empty", EMPTY_WORKER);
  await firstResponse(workerScript); // file cache
  const withPackage = [];
  const without = [];
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 ? [[empty, without], [workerScript, withPackage]] : [[workerScript, withPackage], [empty, without]];
    for (const [script, into] of order) into.push(await firstResponse(script));
  }
  const added = withPackage.map((ms, i) => ms - without[i]);
  return {
    worker_cold_start_ms: median(added),
    p10: quantile(added, 0.1),
    p90: quantile(added, 0.9),
    package_ms: median(withPackage),
    empty_ms: median(without),
    samples: { withPackage, without },
  };
}
