// Load and memory: the proxy (in Node, in process through proxy.fetch) in front of the
// simulator, and the in-memory limiter under floods of distinct keys: bounded memory, and no
// flood can make it forget a key that is still blocking. Memory is the server wasm's linear
// memory (it never shrinks, so "equal" means "no growth").
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { packageFile, verify } from "../client/harness.mjs";
import { advanceClock, simMessages, startSim } from "../support/sim.mjs";
import { flood } from "./http.mjs";

// The glue instance the Node entry uses: the one inside dist/node-bundle.js (its `wasm`).
const { wasm } = await import(packageFile("dist/node-bundle.js"));
const wasmMemoryBytes = () => wasm.initSync().memory.buffer.byteLength;

let sim;
before(async () => {
  sim = await startSim({ args: ["--rate-limit", "0"] });
});
after(() => sim?.stop());

const ip = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
/** A distinct IPv6 /64 per i (i < 2^32): a distinct per-IP key. */
const network = (i) => `2001:db8:${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}::1`;
const MARKER = { "x-verify-8x8": "1" };
/**
 * The limiter tests below flood it with distinct per-IP keys, many /64s of a few /48s: the /48
 * and /56 budgets (which would stop such a flood early; the last test) are off there.
 */
const PER_KEY_ONLY = { perNetwork48: null, perNetwork56: null };

function post(proxy, { clientIp, destination, headers = {} }) {
  return proxy.fetch(
    new Request("http://app.test/api/verify/sessions", {
      method: "POST",
      headers: { ...MARKER, "content-type": "application/json", "x-client-ip": clientIp, ...headers },
      body: JSON.stringify({ destination }),
    }),
  );
}
/** A proxy in front of the simulator, sending to every country, the client's address from x-client-ip. */
function proxyWith(options) {
  return verify.createVerifyProxy({ apiKey: "test-key", subAccountId: "test_hq", upstreamUrl: sim.url, allowedCountries: ["*"], clientIpHeader: "x-client-ip", ...options });
}
const status = async (pending) => {
  const response = await pending;
  await response.arrayBuffer();
  return response.status;
};

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
      headers: { ...MARKER, "content-type": "application/json", "x-real-ip": "192.0.2.1" },
      body: JSON.stringify({ destination: "+6590000000" }),
    }),
  );
  const { sessionId } = await start.json();
  const one = async (offset, i) => {
    const n = offset + i;
    const request =
      n % 2
        ? new Request(`http://app.test/api/verify/sessions/${sessionId}`, { headers: { ...MARKER, "x-real-ip": ip(n) } })
        : new Request("http://app.test/api/verify/sessions", {
            method: "POST",
            headers: { ...MARKER, "content-type": "application/json", "x-real-ip": ip(n) },
            body: JSON.stringify({ destination: `+1202${String(1_000_000 + n).slice(-7)}` }),
          });
    return status(proxy.fetch(request));
  };
  const started = Date.now();
  const first = await flood(10_000, 50, (i) => one(0, i));
  const afterFirst = wasmMemoryBytes();
  const second = await flood(10_000, 50, (i) => one(10_000, i));
  const afterSecond = wasmMemoryBytes();
  const seconds = (Date.now() - started) / 1000;
  console.log(`# 20000 requests in ${seconds.toFixed(1)} s (${Math.round(20000 / seconds)} req/s); wasm memory ${afterFirst} → ${afterSecond} bytes`);
  assert.deepEqual(first, { 200: 10_000 });
  assert.deepEqual(second, { 200: 10_000 });
  assert.equal(afterSecond, afterFirst, "no growth over the second 10,000");
});

test("the in-memory limiter is bounded: memory after 200k distinct keys equals that after 100k", async () => {
  const proxy = proxyWith({
    limits: { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: { max: 3, windowSeconds: 600 }, ...PER_KEY_ONLY },
    // The per-IP limit counts first; then this answers: nothing goes upstream, and no other key is made.
    beforeSend: async () => new Response(null, { status: 204 }),
  });
  const hit = (i) => status(post(proxy, { clientIp: network(i), destination: "+6581234567" }));
  assert.deepEqual(await flood(100_000, 20, hit), { 204: 100_000 });
  const after100k = wasmMemoryBytes();
  assert.deepEqual(await flood(100_000, 20, (i) => hit(100_000 + i)), { 204: 100_000 });
  const after200k = wasmMemoryBytes();
  console.log(`# wasm memory after 100k keys: ${after100k} bytes; after 200k: ${after200k} bytes`);
  assert.equal(after200k, after100k);
  // The limiter still limits: a key just used is remembered.
  assert.equal(await hit(199_999), 204);
  assert.equal(await hit(199_999), 204);
  assert.equal(await hit(199_999), 429);
  assert.deepEqual(await simMessages(sim.url, "+6581234567"), [], "nothing went upstream");
});

test("150k requests over 150k distinct keys leave a blocking key intact and memory bounded", async () => {
  const proxy = proxyWith({
    limits: { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: { max: 10, windowSeconds: 3600 }, ...PER_KEY_ONLY },
    // Only the test's own setup reaches 8x8; the flood is answered here, after the per-IP count.
    beforeSend: async ({ request }) => (request.headers.get("x-setup") ? undefined : new Response(null, { status: 204 })),
  });
  const setup = { "x-setup": "1" };
  // A blocking per-number key: three sends (past the simulator's resend interval), then 429.
  const victim = "+6588880000";
  for (let i = 0; i < 3; i++) {
    assert.equal(await status(post(proxy, { clientIp: "192.0.2.10", destination: victim, headers: setup })), 200);
    await advanceClock(sim.url, 11);
  }
  assert.equal(await status(post(proxy, { clientIp: "192.0.2.11", destination: victim, headers: setup })), 429);
  // A blocking per-IP key: ten requests, then 429.
  for (let i = 0; i < 10; i++) assert.equal(await status(post(proxy, { clientIp: "192.0.2.20", destination: `+658888${String(100 + i).padStart(4, "0")}` })), 204);
  assert.equal(await status(post(proxy, { clientIp: "192.0.2.20", destination: "+6588889999" })), 429);
  const before = wasmMemoryBytes();
  const floodFrom = (offset) => flood(50_000, 20, (i) => status(post(proxy, { clientIp: network(1_000_000 + offset + i), destination: "+6581234567" })));
  // The first 50k fill the store; the next 50k churn it (the allocator's free lists settle:
  // measured +2 pages once, then flat through 300k); the last 50k must not grow it at all.
  assert.deepEqual(await floodFrom(0), { 204: 50_000 });
  const filled = wasmMemoryBytes();
  assert.deepEqual(await floodFrom(50_000), { 204: 50_000 });
  const settled = wasmMemoryBytes();
  assert.deepEqual(await floodFrom(100_000), { 204: 50_000 });
  const full = wasmMemoryBytes();
  console.log(`# wasm memory before the flood ${before}, after 50k keys ${filled}, 100k ${settled}, 150k ${full} bytes`);
  assert.ok(settled - filled <= 4 * 65_536, `memory bounded: ${settled - filled} bytes over the second 50,000 keys`);
  assert.equal(full, settled, "memory bounded: no growth over the third 50,000 keys");
  const victimAgain = await post(proxy, { clientIp: "192.0.2.12", destination: victim, headers: setup });
  assert.equal(victimAgain.status, 429, "the blocking per-number key survived the flood");
  assert.ok(Number(victimAgain.headers.get("retry-after")) <= 600);
  assert.equal(await status(post(proxy, { clientIp: "192.0.2.20", destination: "+6588889998" })), 429, "the blocking per-IP key survived the flood");
  assert.equal((await simMessages(sim.url, victim)).length, 3, "8x8 sent the victim exactly three codes");
});

test("with only blocking keys left, the store refuses a new key (429) rather than forget one, until a window ends", async () => {
  let offset = 0;
  const proxy = proxyWith({
    // One request per client per 10 min: every client's key blocks after its first request.
    limits: { perDestination: null, perClientIp: { max: 1, windowSeconds: 600 }, ...PER_KEY_ONLY },
    beforeSend: async () => new Response(null, { status: 204 }),
    now: () => Date.now() + offset,
  });
  const hit = (i) => status(post(proxy, { clientIp: network(3_000_000 + i), destination: "+6581234567" }));
  assert.deepEqual(await flood(10_000, 20, hit), { 204: 10_000 }, "10,000 clients, 10,000 blocking keys: the store is full");
  const refused = await post(proxy, { clientIp: "192.0.2.99", destination: "+6581234567" });
  assert.equal(refused.status, 429, "a new client is refused: no blocking key may be forgotten");
  const retryAfter = Number(refused.headers.get("retry-after"));
  assert.ok(retryAfter > 0 && retryAfter <= 600, `until the first window ends: ${retryAfter} s`);
  assert.equal(await hit(0), 429, "a blocking key is still counted");
  offset += 601_000;
  assert.equal(await status(post(proxy, { clientIp: "192.0.2.99", destination: "+6581234567" })), 204, "once windows end, their slots are free again");
  assert.equal(await hit(0), 204, "and the old clients have a new window");
});

test("a store full of keys under their limit cannot be used to void the limits of the next clients", async () => {
  const proxy = proxyWith({
    limits: { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: { max: 10, windowSeconds: 3600 }, perCountry: { max: 50, windowSeconds: 3600 }, ...PER_KEY_ONLY },
    beforeSend: async ({ request }) => (request.headers.get("x-bot-check") === "passed" ? undefined : new Response(null, { status: 403 })),
  });
  // 10,001 clients (IPv6 /64s: one subscriber's /48 holds 65,536) each send one request the bot check refuses:
  // no code is sent, but the store is now full of per-IP keys under their limit.
  assert.deepEqual(await flood(10_001, 20, (i) => status(post(proxy, { clientIp: network(2_000_000 + i), destination: "+6581234567" }))), { 403: 10_001 });
  const passed = { "x-bot-check": "passed" };
  // One client sends 20 codes to one number (3 per number per 10 min, 10 per client per hour) ...
  const victim = "+6587770000";
  const perNumber = [];
  for (let i = 0; i < 20; i++) {
    perNumber.push(await status(post(proxy, { clientIp: "203.0.113.77", destination: victim, headers: passed })));
    await advanceClock(sim.url, 11);
  }
  // ... and 100 clients send one code each to 100 numbers in one country (a budget of 50 per hour).
  const perCountry = await flood(100, 10, (i) => status(post(proxy, { clientIp: `198.51.100.${i}`, destination: `+6586${String(i).padStart(6, "0")}`, headers: passed })));
  assert.deepEqual(
    { perNumber, codesToTheVictim: (await simMessages(sim.url, victim)).length, perCountry },
    { perNumber: [200, 200, 200, ...Array(17).fill(429)], codesToTheVictim: 3, perCountry: { 200: 47, 429: 53 } },
  );
});

test("one IPv6 /48 floods 100,000 requests from 10,000 of its /64s (each its per-IP budget): its budget stops it, memory stays flat, no client of another network is refused", async () => {
  const proxy = proxyWith({
    // The defaults (10 per client per hour; so 100 per /48 and 40 per /56), and a bot check that refuses everything.
    limits: { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: { max: 10, windowSeconds: 3600 } },
    beforeSend: async () => new Response(null, { status: 403 }),
  });
  // /64 number i % 10,000 of the /48, spread over its 256 /56s (so that the /48's budget is what binds).
  const slash64 = (j) => ((j % 256) << 8) | (j >> 8);
  const attacker = (i) => `2001:db8:4800:${slash64(i % 10_000).toString(16)}::${((i % 65_535) + 1).toString(16)}`;
  const before = wasmMemoryBytes();
  const started = Date.now();
  const flooded = await flood(100_000, 20, (i) => status(post(proxy, { clientIp: attacker(i), destination: `+6581${String(i).padStart(6, "0")}` })));
  const seconds = (Date.now() - started) / 1000;
  const afterFlood = wasmMemoryBytes();
  // Clients of other networks: 2,000 IPv4 addresses and 2,000 other /48s, one request each.
  const others = await flood(4_000, 20, (i) =>
    status(post(proxy, { clientIp: i % 2 ? `198.18.${(i >> 8) & 255}.${i & 255}` : `2001:db8:${(0x4900 + i).toString(16)}::1`, destination: `+6582${String(i).padStart(6, "0")}` })),
  );
  const wronglyRefused = others[429] ?? 0;
  console.log(
    `# /48 flood: 100000 requests in ${seconds.toFixed(1)} s, ${flooded[403] ?? 0} reached beforeSend, ${flooded[429] ?? 0} refused (429); ` +
      `wasm memory ${before} → ${afterFlood} bytes (+${afterFlood - before}); clients of other networks refused: ${wronglyRefused} of 4000`,
  );
  assert.deepEqual(flooded, { 403: 100, 429: 99_900 }, "the /48 gets 10 × perClientIp");
  assert.deepEqual(others, { 403: 4_000 }, "every client of another network passed the limits");
  assert.ok(afterFlood - before <= 2 * 65_536, `memory flat under the flood: +${afterFlood - before} bytes`);
});
