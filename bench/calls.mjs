// `calls`: per-call cost of verify-8x8 vs a hand-written plain-JS fetch client
// (./baseline-client.mjs), both doing start + check round trips against the simulator on
// loopback, interleaved in this one process.
//
// One batch = `batch` fresh destinations: every start back to back (timed), then the codes
// are read from the simulator's /_sim/messages (untimed), then every check with the right
// code (timed). The simulator is reset (untimed) before each batch, so no resend interval
// can trigger and its state never grows. Each round runs one batch of each client, the
// order alternating between rounds (A B, B A, ...). Result: medians over rounds of the
// microseconds per call (start and check each count as one call).
//
// For information, a third client: the same baseline sending `fetch(new Request(url, init))`,
// the only form gloo-net has, to show what that form costs by itself (in Node, fetch makes a
// second Request from the first, re-wrapping its body stream and re-following its signal).
//
// Runs from inside the consumer project: `import("verify-8x8")` resolves as for a user.
// usage: node calls.mjs <simUrl> [rounds] [batch] [warmupRounds]

import { performance } from "node:perf_hooks";
import { VerifyClient } from "verify-8x8";
import { BaselineClient } from "./baseline-client.mjs";
import { callsBatch, simulator } from "./loads.mjs";
import { destinations, median, report } from "./stats.mjs";
import { stubSessionFetch } from "./stub-fetch.mjs";

const [simUrl, rounds = "30", batch = "25", warmup = "4"] = process.argv.slice(2);
const options = { apiKey: "test-key", subAccountId: "test_hq", baseUrl: simUrl };
const clients = {
  wasm: new VerifyClient(options),
  js: new BaselineClient(options),
  js_request_form: new BaselineClient(options, { requestForm: true }),
};
const fresh = destinations("65 8");
const sim = simulator(simUrl);
const verified = (c) => c.outcome === "VERIFIED" && c.expiresInSeconds >= 200;
const runBatch = (client, size) => callsBatch(client, { sim, fresh, size, verified });

const samples = { wasm: [], js: [], js_request_form: [] };
const total = Number(rounds) + Number(warmup);
for (let round = 0; round < total; round++) {
  const order = [["wasm", "js", "js_request_form"], ["js", "js_request_form", "wasm"], ["js_request_form", "wasm", "js"]][round % 3];
  for (const name of order) {
    const us = await runBatch(clients[name], Number(batch));
    if (round >= Number(warmup)) samples[name].push(us);
  }
}

// For information: the same calls with `fetch` answered in-process by a stub (no socket,
// no simulator), so only the client's own work is timed: validation, request building,
// the fetch call itself, body reading and parsing.
const realFetch = globalThis.fetch;
globalThis.fetch = stubSessionFetch();
async function stubbedBatch(client, size) {
  const t0 = performance.now();
  for (let i = 0; i < size; i++) {
    const v = await client.startVerification({ destination: fresh(), brand: "Acme", codeLength: 6, channel: "sms" });
    const c = await client.checkCode(v.sessionId, "123456");
    if (c.outcome !== "VERIFIED") throw new Error("stubbed check failed");
  }
  return ((performance.now() - t0) * 1000) / (2 * size);
}
const stubbed = { wasm: [], js: [] };
for (let round = 0; round < 250; round++) {
  const order = round % 2 ? ["js", "wasm"] : ["wasm", "js"];
  for (const name of order) {
    const us = await stubbedBatch(clients[name], 20);
    if (round >= 50) stubbed[name].push(us);
  }
}
globalThis.fetch = realFetch;

const wasmUs = median(samples.wasm);
const jsUs = median(samples.js);
report({
  n: samples.wasm.length * Number(batch) * 2,
  wasm_us_per_call: wasmUs,
  js_baseline_us_per_call: jsUs,
  ratio: wasmUs / jsUs,
  paired_ratio_median: median(samples.wasm.map((w, i) => w / samples.js[i])),
  request_form_us_per_call: median(samples.js_request_form),
  request_form_ratio: median(samples.js_request_form) / jsUs,
  stubbed_fetch_us_per_call: { wasm: median(stubbed.wasm), js: median(stubbed.js) },
  samples,
});
