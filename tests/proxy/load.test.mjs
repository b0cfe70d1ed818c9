// Load and memory: the proxy (in Node) in front of the simulator, and the in-memory
// limiter's bound. Memory is the server wasm's linear memory (it never shrinks, so "equal"
// means "no growth").
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { packageFile, verify } from "../client/harness.mjs";
import { startSim } from "../support/sim.mjs";

const { initSync } = await import(packageFile("dist/server.js"));
const wasmMemoryBytes = () => initSync().memory.buffer.byteLength;

let sim;
before(async () => {
  sim = await startSim({ args: ["--rate-limit", "0"] });
});
after(() => sim?.stop());

/** Runs `count` calls of `one(i)` with `concurrency` in flight; returns the statuses seen. */
async function drive(count, concurrency, one) {
  const statuses = new Map();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const status = await one(i);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  return Object.fromEntries(statuses);
}

const ip = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

test("20,000 requests, 50 concurrent, fresh client IPs: zero unexpected errors, memory flat", async () => {
  const proxy = verify.createVerifyProxy({
    apiKey: "test-key",
    subAccountId: "test_hq",
    upstreamUrl: sim.url,
    allowedCountries: ["*"],
    clientIpHeader: "x-real-ip",
  });
  const start = await proxy.fetch(
    new Request("http://app.test/api/verify/sessions", {
      method: "POST",
      headers: { "content-type": "application/json", "x-real-ip": "192.0.2.1" },
      body: JSON.stringify({ destination: "+6590000000" }),
    }),
  );
  const { sessionId } = await start.json();
  const one = async (offset, i) => {
    const n = offset + i;
    const request =
      n % 2
        ? new Request(`http://app.test/api/verify/sessions/${sessionId}`, { headers: { "x-real-ip": ip(n) } })
        : new Request("http://app.test/api/verify/sessions", {
            method: "POST",
            headers: { "content-type": "application/json", "x-real-ip": ip(n) },
            body: JSON.stringify({ destination: `+1202${String(1_000_000 + n).slice(-7)}` }),
          });
    const response = await proxy.fetch(request);
    await response.arrayBuffer();
    return response.status;
  };
  const started = Date.now();
  const first = await drive(10_000, 50, (i) => one(0, i));
  const afterFirst = wasmMemoryBytes();
  const second = await drive(10_000, 50, (i) => one(10_000, i));
  const afterSecond = wasmMemoryBytes();
  const seconds = (Date.now() - started) / 1000;
  console.log(`# 20000 requests in ${seconds.toFixed(1)} s (${Math.round(20000 / seconds)} req/s); wasm memory ${afterFirst} → ${afterSecond} bytes`);
  assert.deepEqual(first, { 200: 10_000 });
  assert.deepEqual(second, { 200: 10_000 });
  assert.equal(afterSecond, afterFirst, "no growth over the second 10,000");
});

test("the in-memory limiter is bounded: memory after 200k distinct keys equals that after 100k", async () => {
  const proxy = verify.createVerifyProxy({
    apiKey: "test-key",
    subAccountId: "test_hq",
    upstreamUrl: sim.url,
    allowedCountries: ["*"],
    limits: { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: null },
    beforeSend: async () => new Response(null, { status: 204 }), // counted, then answered here: nothing goes upstream
  });
  const hit = async (i) => {
    const response = await proxy.fetch(
      new Request("http://app.test/api/verify/sessions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"destination":"+65${String(10_000_000 + i).slice(-8)}"}`,
      }),
    );
    return response.status;
  };
  assert.deepEqual(await drive(100_000, 20, hit), { 204: 100_000 });
  const after100k = wasmMemoryBytes();
  assert.deepEqual(await drive(100_000, 20, (i) => hit(100_000 + i)), { 204: 100_000 });
  const after200k = wasmMemoryBytes();
  console.log(`# wasm memory after 100k keys: ${after100k} bytes; after 200k: ${after200k} bytes`);
  assert.equal(after200k, after100k);
  // The limiter still limits: a key just used is remembered.
  assert.equal(await hit(199_999), 204);
  assert.equal(await hit(199_999), 204);
  assert.equal(await hit(199_999), 429);
});
