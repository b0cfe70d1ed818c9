// The idempotency records in the shared stores: claimIdempotencyKey stores a record unless a
// live one is there (atomically) and answers the one found; settleIdempotencyKey replaces or
// deletes it; records expire with their lifetime. In Redis (two clients) and in Durable Objects
// (two Workers, one namespace); and two Node proxies sharing Redis answer a repeat of a key sent
// to the other with the first answer, 8x8 reached once.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createRedisLimitStore } from "../../pkg/stores.js";
import { verify } from "../client/harness.mjs";
import { freshDestination } from "../runtime/expect.mjs";
import { startSim } from "../support/sim.mjs";
import { bundleFixture, compatibilityDates, twoWorkers } from "../stores/helpers.mjs";
import { useRedisClients } from "../stores/redis-server.mjs";

let n = 0;
const freshKey = () => `records-test:${Date.now()}-${++n}`;

/** The record semantics, for two handles `[a, b]` on one store. */
function defineRecordTests(handles) {
  test("claim stores unless held; the other handle finds it; settle replaces; null deletes", async () => {
    const [a, b] = handles();
    const key = freshKey();
    assert.equal(await a.claimIdempotencyKey(key, '{"f":"x"}', 60), null);
    assert.equal(await b.claimIdempotencyKey(key, '{"f":"y"}', 60), '{"f":"x"}');
    await b.settleIdempotencyKey(key, '{"f":"x","s":200,"b":"{}"}', 60);
    assert.equal(await a.claimIdempotencyKey(key, '{"f":"z"}', 60), '{"f":"x","s":200,"b":"{}"}');
    await a.settleIdempotencyKey(key, null, 60);
    assert.equal(await b.claimIdempotencyKey(key, '{"f":"w"}', 60), null, "deleted: claimed anew");
  });

  test("concurrent claims of one key: exactly one stores", async () => {
    const [a, b] = handles();
    const key = freshKey();
    const found = await Promise.all(Array.from({ length: 10 }, (_, i) => [a, b][i % 2].claimIdempotencyKey(key, `{"f":"${i}"}`, 60)));
    assert.equal(found.filter((f) => f === null).length, 1, JSON.stringify(found));
  });

  test("a record expires with its lifetime", async () => {
    const [a, b] = handles();
    const key = freshKey();
    assert.equal(await a.claimIdempotencyKey(key, '{"f":"x"}', 1), null);
    await sleep(1300);
    assert.equal(await b.claimIdempotencyKey(key, '{"f":"y"}', 1), null);
  });
}

describe("Redis", () => {
  const clients = useRedisClients();
  let sim;
  before(async () => {
    sim = await startSim();
  });
  after(() => sim?.stop());
  defineRecordTests(() => clients.map((c) => createRedisLimitStore(c)));

  test("two proxies sharing Redis: a repeat sent to the other proxy gets the first answer; 8x8 reached once", async () => {
    const [a, b] = clients.map((client) =>
      verify.createVerifyProxy({
        apiKey: "test-key",
        subAccountId: "test_hq",
        upstreamUrl: sim.url,
        allowedCountries: ["SG"],
        store: createRedisLimitStore(client),
        clientIpHeader: "x-real-ip",
      }),
    );
    const destination = freshDestination();
    const send = async (proxy) => {
      const response = await proxy.fetch(
        new Request("http://proxy.test/api/verify/sessions", {
          method: "POST",
          headers: { "content-type": "application/json", "x-verify-8x8": "1", "x-real-ip": "203.0.113.5", "idempotency-key": "shared-key-1" },
          body: JSON.stringify({ destination }),
        }),
      );
      return [response.status, await response.text()];
    };
    const first = await send(a);
    assert.equal(first[0], 200, first[1]);
    assert.deepEqual(await send(b), first);
    const requests = await (await fetch(`${sim.url}/_sim/requests`)).json();
    assert.equal(requests.filter((r) => r.method === "POST" && String(r.body?.destination).endsWith(destination.slice(-8))).length, 1);
    const keys = await clients[0].keys("verify-8x8:idem:*");
    assert.ok(keys.length >= 1 && keys.every((k) => /^verify-8x8:idem:[0-9a-f]{64}$/.test(k)), keys.join(", "));
    const stored = await clients[0].get(keys[0]);
    assert.ok(!String(stored).includes("shared-key-1"));
  });
});

for (const compatibilityDate of compatibilityDates) {
  describe(`Durable Objects at compatibility date ${compatibilityDate}: two Workers, one namespace`, () => {
    let mf;
    let workers = [];
    before(async () => {
      const built = await bundleFixture("records-worker");
      const limiter = (scriptName) => ({ LIMITER: { className: "VerifyLimiterDurableObject", scriptName } });
      ({ mf, workers } = await twoWorkers(built.outfile, limiter, { compatibilityDate }));
    });
    after(() => mf?.dispose());
    const handle = (worker) => {
      const call = async (op, key, record, ttlSeconds) => {
        const response = await worker.fetch("http://worker.test/", { method: "POST", body: JSON.stringify({ op, key, record, ttlSeconds }) });
        const text = await response.text();
        assert.equal(response.status, 200, text);
        return JSON.parse(text);
      };
      return {
        claimIdempotencyKey: async (key, record, ttl) => (await call("claim", key, record, ttl)).found,
        settleIdempotencyKey: async (key, record, ttl) => void (await call("settle", key, record, ttl)),
      };
    };
    defineRecordTests(() => workers.map(handle));
  });
}
