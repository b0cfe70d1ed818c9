// `extra.limiter_bytes_per_10k_keys`: growth of the server wasm's linear memory per 10k
// distinct keys in createVerifyProxy's default in-memory limiter.
//
// POSTs from distinct client IPs, `limits.perClientIp` on (`perDestination: null`), and a
// `beforeSend` that answers a Response (it runs after the per-IP limit), so nothing goes
// upstream. The wasm memory is the
// glue's: `initSync()` called again returns the already-initialised exports (`memory`
// included); the glue is the `wasm` of the installed package's own dist/node-bundle.js (the
// Node entry's one-module bundle, next to the entry `verify-8x8` resolves to), so it is the
// same module instance the entry uses.
// Baseline: after warming with a few keys (the code paths and the allocator are warm).
// Then 10k new keys (the key), then 10k more (shows whether memory stays bounded), plus the
// JS heap after a full GC for information (run with --expose-gc).
//
// usage: node --expose-gc limiter.mjs

import * as verify from "verify-8x8";
import { report } from "./stats.mjs";

const { wasm: glue } = await import(new URL("./dist/node-bundle.js", import.meta.resolve("verify-8x8")).href);
verify.version(); // the Node entry instantiates its wasm on first use
const memory = glue.initSync().memory;
if (!(memory instanceof WebAssembly.Memory)) throw new Error("initSync() returned no WebAssembly.Memory");

if (typeof verify.createVerifyProxy !== "function") {
  report({ missing: "createVerifyProxy is not exported by the node entry" });
  process.exit(0);
}

const WINDOW = { max: 3, windowSeconds: 600 };
const proxy = verify.createVerifyProxy({
  apiKey: "test-key",
  subAccountId: "test_hq",
  upstreamUrl: "http://127.0.0.1:9",
  allowedCountries: ["*"],
  limits: { perDestination: null, perClientIp: WINDOW },
  clientIpHeader: "x-client-ip",
  beforeSend: async () => new Response("{}", { status: 200, headers: { "content-type": "application/json" } }),
});

let key = 0;
/** A distinct client address per `n` (10.0.0.0/8 holds 16M of them). */
const client = (n) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

async function hit(ip) {
  const response = await proxy.fetch(
    new Request("http://app.example/api/verify/sessions", {
      method: "POST",
      headers: { "content-type": "application/json", "x-verify-8x8": "1", "x-client-ip": ip },
      body: JSON.stringify({ destination: "+65 9123 4567" }),
    }),
  );
  await response.arrayBuffer();
  return response.status;
}

function jsHeap() {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

// The limiter is in the path: the 4th request from one client within the window is refused.
const probe = client(++key);
const sameKey = [];
for (let i = 0; i < WINDOW.max + 1; i++) sameKey.push(await hit(probe));
const limiterActive = sameKey.slice(0, WINDOW.max).every((s) => s === 200) && sameKey[WINDOW.max] === 429;

// Warm: a few keys, many times.
for (let pass = 0; pass < 20; pass++) {
  for (let i = 0; i < 50; i++) await hit(client(9_000_000 + i));
}

async function distinctKeys(count) {
  const before = { wasm: memory.buffer.byteLength, heap: jsHeap() };
  for (let i = 0; i < count; i++) await hit(client(++key));
  const after = { wasm: memory.buffer.byteLength, heap: jsHeap() };
  return { wasm: after.wasm - before.wasm, heap: after.heap - before.heap, wasmAfter: after.wasm };
}

const baseline = memory.buffer.byteLength;
const first = await distinctKeys(10_000);
const second = await distinctKeys(10_000);
report({
  limiter_bytes_per_10k_keys: first.wasm,
  limiter_active: limiterActive,
  same_key_statuses: sameKey,
  wasm_memory_baseline: baseline,
  wasm_growth_first_10k: first.wasm,
  wasm_growth_second_10k: second.wasm,
  wasm_memory_final: second.wasmAfter,
  js_heap_growth_first_10k: first.heap,
  js_heap_growth_second_10k: second.heap,
});
