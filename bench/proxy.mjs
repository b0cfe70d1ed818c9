// `proxy`: requests per second through createVerifyProxy (limits off) vs a hand-written
// plain-JS proxy (./baseline-proxy.mjs), same upstream (the simulator), same load
// generator, interleaved in this one process.
//
// Load generator: `concurrency` in-process loops calling `handler.fetch(new Request(...))`
// and reading each response body. One flow = POST {basePath}/sessions with a fresh
// destination, then GET {basePath}/sessions/{id}?code=<wrong code> (a full check round
// trip: the session stays WAITING, attempt 1). One batch = `flows` flows (2 × flows
// requests), timed by wall clock; the simulator is reset before each batch (untimed).
// Each round runs one batch per proxy, the order alternating. Result: medians over rounds.
//
// Runs from inside the consumer project: `import("verify-8x8")` resolves as for a user.
// usage: node proxy.mjs <simUrl> [rounds] [flows] [concurrency] [warmupRounds]

import * as verify from "verify-8x8";
import { benchProxyOptions, createBaselineProxy } from "./baseline-proxy.mjs";
import { proxyBatch, proxyCheck, proxyStart, simulator } from "./loads.mjs";
import { destinations, median, report } from "./stats.mjs";

const [simUrl, rounds = "20", flows = "100", concurrency = "8", warmup = "3"] = process.argv.slice(2);
const options = benchProxyOptions(simUrl);
const sim = simulator(simUrl);

// For information, the baseline sending upstream with `fetch(new Request(url, init))`, the only
// form gloo-net has: what that form costs by itself.
const proxies = { js: createBaselineProxy(options), js_request_form: createBaselineProxy({ ...options, requestForm: true }) };
if (typeof verify.createVerifyProxy === "function") {
  proxies.wasm = verify.createVerifyProxy(options);
  // For information: the same proxy with every request carrying a fresh Idempotency-Key, as the
  // package's client sends them (the record claimed, the answer remembered in memory).
  const keyed = verify.createVerifyProxy(options);
  proxies.wasm_keyed = {
    fetch(request) {
      request.headers.set("idempotency-key", crypto.randomUUID());
      return keyed.fetch(request);
    },
  };
}
const fresh = destinations("44 7");
const runBatch = (handler, count, parallel) => proxyBatch(handler, { sim, fresh, count, parallel });

/** Both proxies answer the same flow with the same statuses, headers and JSON keys. */
async function sameShape() {
  const shapes = {};
  for (const [name, handler] of Object.entries(proxies)) {
    await sim.reset();
    const r = await handler.fetch(proxyStart(fresh()));
    const body = await r.json();
    const g = await handler.fetch(proxyCheck(body.sessionId, "00000"));
    const checked = await g.json();
    shapes[name] = {
      status: [r.status, g.status],
      cacheControl: r.headers.get("cache-control"),
      keys: Object.keys(body).sort(),
      verifyUri: body.verifyUri.replace(body.sessionId, "{id}"),
      masked: /^\D*\d{4}$/.test(body.destination) || body.destination.length <= 8,
      attempt: checked.attempt,
    };
  }
  return shapes;
}

const shapes = await sameShape();
const samples = Object.fromEntries(Object.keys(proxies).map((name) => [name, []]));
const total = Number(rounds) + Number(warmup);
for (let round = 0; round < total; round++) {
  const names = Object.keys(proxies);
  const order = round % 2 ? names.reverse() : names;
  for (const name of order) {
    const rps = await runBatch(proxies[name], Number(flows), Number(concurrency));
    if (round >= Number(warmup)) samples[name].push(rps);
  }
}

const js = median(samples.js);
const wasm = proxies.wasm ? median(samples.wasm) : null;
report({
  requests: samples.js.length * Number(flows) * 2,
  wasm_rps: wasm,
  js_baseline_rps: js,
  ratio: wasm === null ? null : wasm / js,
  request_form_rps: median(samples.js_request_form),
  request_form_ratio: median(samples.js_request_form) / js,
  keyed_rps: proxies.wasm_keyed ? median(samples.wasm_keyed) : null,
  keyed_ratio: proxies.wasm_keyed ? median(samples.wasm_keyed) / js : null,
  paired_ratio_median: wasm === null ? null : median(samples.wasm.map((w, i) => w / samples.js[i])),
  concurrency: Number(concurrency),
  shapes,
  samples,
});
