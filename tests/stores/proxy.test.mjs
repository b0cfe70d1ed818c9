// End to end: two createVerifyProxy instances, one shared limit, the simulator as upstream.
// (a) two Workers in miniflare with the Durable Object store, at an old and the current
// compatibility date; (b) two proxies in Node over two Redis connections. Sends alternate between
// the two proxies; the 4th send to one destination is 429 with Retry-After, and the simulator
// received exactly 3. Needs the built package (pkg/dist, `make build`).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Miniflare } from "miniflare";
import { createClient } from "redis";
import { createVerifyProxy } from "../../pkg/node.js";
import { createRedisLimitStore } from "../../pkg/stores.js";
import { advanceClock, simMessages, startSim } from "../support/sim.mjs";
import { bundleFixture, compatibilityDates } from "./helpers.mjs";
import { startRedis } from "./redis-server.mjs";

let sim;
let n = 0;
/** A Singapore mobile number not used by any other test run. */
const freshDestination = () => `+659${String((process.pid * 1000 + ++n) % 10_000_000).padStart(7, "0")}`;

before(async () => {
  sim = await startSim();
});
after(() => sim?.stop());

const send = (fetcher, destination) =>
  fetcher("http://proxy.test/api/verify/sessions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ destination }),
  });

/**
 * Four sends to one destination alternating between the two proxies: 200, 200, 200 (a send and
 * two resends), then 429 with Retry-After, from the shared count.
 */
async function assertSharedLimit(fetchers) {
  const destination = freshDestination();
  const statuses = [];
  let last;
  for (let i = 0; i < 4; i++) {
    last = await send(fetchers[i % 2], destination);
    statuses.push(last.status);
    if (i < 3) {
      await last.text();
      // Past the simulator's resend delay (its own clock; the shared stores keep real time).
      await advanceClock(sim.url, 31);
    }
  }
  const body = await last.json();
  assert.deepEqual(statuses, [200, 200, 200, 429], JSON.stringify(body));
  const retryAfter = Number(last.headers.get("retry-after"));
  assert.ok(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 600, `Retry-After: ${last.headers.get("retry-after")}`);
  assert.equal(body.retryAfterSeconds, retryAfter);
  assert.equal((await simMessages(sim.url, destination)).length, 3, "upstream received exactly the allowed sends");
  // The other proxy agrees.
  const again = await send(fetchers[1], destination);
  assert.equal(again.status, 429);
  await again.text();
}

describe("(a) two Workers with the Durable Object store", () => {
  let built;
  before(async () => {
    built = await bundleFixture("proxy-worker");
  });

  for (const compatibilityDate of compatibilityDates) {
    test(`compatibility date ${compatibilityDate}: the 4th send is 429 with Retry-After`, async () => {
      const worker = (name, scriptName) => ({
        name,
        modules: true,
        scriptPath: built.outfile,
        modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
        compatibilityDate,
        bindings: { SIM_URL: sim.url },
        durableObjects: { LIMITER: { className: "VerifyLimiterDurableObject", scriptName } },
      });
      const mf = new Miniflare({ workers: [worker("a", undefined), worker("b", "a")] });
      try {
        const workers = [await mf.getWorker("a"), await mf.getWorker("b")];
        await assertSharedLimit(workers.map((w) => (url, init) => w.fetch(url, init)));
      } finally {
        await mf.dispose();
      }
    });
  }
});

describe("(b) two Node proxies with the Redis store", () => {
  let redis;
  let clients = [];
  before(async () => {
    redis = await startRedis();
    clients = [await createClient({ url: redis.url }).connect(), await createClient({ url: redis.url }).connect()];
  });
  after(async () => {
    for (const c of clients) await c.quit();
    await redis?.stop();
  });

  test("the 4th send is 429 with Retry-After", async () => {
    const proxies = clients.map((client) =>
      createVerifyProxy({
        apiKey: "test-key",
        subAccountId: "test_hq",
        upstreamUrl: sim.url,
        allowedCountries: ["SG"],
        store: createRedisLimitStore(client),
        limits: { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: null },
      }),
    );
    await assertSharedLimit(proxies.map((p) => (url, init) => p.fetch(new Request(url, init))));
    const keys = await clients[0].keys("*");
    assert.ok(keys.length > 0 && keys.every((k) => k.startsWith("verify-8x8:dest:")), keys.join(", "));
  });

  test("Redis down: 502/2000 (fails closed), nothing sent upstream", async () => {
    const doomed = await startRedis();
    const client = createClient({ url: doomed.url, disableOfflineQueue: true, socket: { reconnectStrategy: false } });
    client.on("error", () => {});
    await client.connect();
    const proxy = createVerifyProxy({
      apiKey: "test-key",
      subAccountId: "test_hq",
      upstreamUrl: sim.url,
      allowedCountries: ["SG"],
      store: createRedisLimitStore(client),
      limits: { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: null },
    });
    await doomed.stop();
    const destination = freshDestination();
    const response = await send((url, init) => proxy.fetch(new Request(url, init)), destination);
    const body = await response.json();
    assert.equal(response.status, 502, JSON.stringify(body));
    assert.equal(body.code, 2000);
    assert.deepEqual(await simMessages(sim.url, destination), []);
    if (client.isOpen) client.destroy();
  });
});
