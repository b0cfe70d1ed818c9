// The speed floor (bench/floor-speed.sh builds it): a minimal proxy and client on the user's
// stack (bench/floor/src/speed.rs) against the package and the plain-JS baselines, on the
// same loads as `make bench` (bench/loads.mjs), interleaved in this one Node process against
// the release simulator; each round runs one batch of every contender, in a rotating order.
// It prints, for the proxy and for calls, each contender's median and its median per-round
// ratio to the plain-JS baseline: what the floor's ratio is, the stack sets; what lies
// between the floor and the package, the package's own code does.
// usage: node bench/floor-speed.mjs <floorDir> [proxyRounds] [callsRounds]

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BaselineClient } from "./baseline-client.mjs";
import { benchProxyOptions, createBaselineProxy } from "./baseline-proxy.mjs";
import { callsBatch, proxyBatch, simulator } from "./loads.mjs";
import { destinations, median } from "./stats.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [floorDir, proxyRounds = "24", callsRounds = "24"] = process.argv.slice(2);
const floor = await import(path.resolve(floorDir, "floor.js"));
floor.initSync({ module: readFileSync(path.resolve(floorDir, "floor_bg.wasm")) });
const verify = await import(path.join(repoRoot, "pkg", "node.js"));

process.env.VERIFY_8X8_SIM_BIN ||= path.join(repoRoot, "target", "release", "verify-8x8-sim");
const { startSim } = await import("../tests/support/sim.mjs");
const simProcess = await startSim({ args: ["--rate-limit", "0"] });
const sim = simulator(simProcess.url);

/** Runs `rounds` (+2 warm-up) rounds of `batch` over `contenders`; medians and ratios to `js`. */
async function interleaved(contenders, rounds, batch) {
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds + 2; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const value = await batch(contenders[name]);
      if (round >= 2) samples[name].push(value);
    }
  }
  return Object.fromEntries(names.map((name) => [name, { median: median(samples[name]), ratio: median(samples[name].map((v, i) => v / samples.js[i])) }]));
}

const options = benchProxyOptions(simProcess.url);
const fresh = destinations("44 7");
const proxy = await interleaved(
  {
    js: createBaselineProxy(options),
    js_request_form: createBaselineProxy({ ...options, requestForm: true }),
    floor: new floor.FloorProxy(simProcess.url, options.subAccountId, options.apiKey, false),
    floor_serde_json: new floor.FloorProxy(simProcess.url, options.subAccountId, options.apiKey, true),
    package: verify.createVerifyProxy(options),
  },
  Number(proxyRounds),
  (handler) => proxyBatch(handler, { sim, fresh, count: 100, parallel: 8 }),
);
const clientOptions = { apiKey: "test-key", subAccountId: "test_hq", baseUrl: simProcess.url };
const calls = await interleaved(
  {
    js: new BaselineClient(clientOptions),
    js_request_form: new BaselineClient(clientOptions, { requestForm: true }),
    floor: new floor.FloorClient(simProcess.url, "test_hq", "test-key", false),
    floor_serde_json: new floor.FloorClient(simProcess.url, "test_hq", "test-key", true),
    package: new verify.VerifyClient(clientOptions),
  },
  Number(callsRounds),
  (client) => callsBatch(client, { sim, fresh, size: 25, verified: (c) => c.outcome === "VERIFIED" || c.status === "VERIFIED" }),
);
await simProcess.stop();

for (const [title, unit, result] of [["proxy (higher is faster)", "req/s", proxy], ["calls (lower is faster)", "µs per call", calls]]) {
  console.log(`${title}:`);
  for (const [name, { median: value, ratio }] of Object.entries(result)) {
    console.log(`  ${name.padEnd(16)} ${value.toFixed(1).padStart(8)} ${unit.padEnd(12)} ${ratio.toFixed(3)} × js`);
  }
}
