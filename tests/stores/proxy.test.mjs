// End to end: two createVerifyProxy instances, one shared limit, the simulator as upstream.
// (a) two Workers in miniflare with the Durable Object store, at an old and the current
// compatibility date; (b) two proxies in Node over two Redis connections. Sends alternate between
// the two proxies; the 4th send to one destination is 429 with Retry-After, and the simulator
// received exactly 3. Then attacks 2, 3, 6, 10 and 11 of the attack table (../proxy/attacks.mjs) through each store: the order of the
// checks (per-IP limit first; a refused request touches no other counter) makes them impossible
// with a shared store too, and the stores keep their TTL semantics (each key expires with its
// window). Needs the built package (pkg/dist, `make build`).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createClient } from "redis";
import { createVerifyProxy } from "../../pkg/node.js";
import { createRedisLimitStore } from "../../pkg/stores.js";
import { flood } from "../proxy/http.mjs";
import { advanceClock, simMessages, startSim } from "../support/sim.mjs";
import { bundleFixture, compatibilityDates, twoWorkers } from "./helpers.mjs";
import { startRedis, useRedisClients } from "./redis-server.mjs";

let sim;
let n = 0;
/** A Singapore mobile number not used by any other test run. */
const freshDestination = () => `+659${String((process.pid * 1000 + ++n) % 10_000_000).padStart(7, "0")}`;

before(async () => {
  sim = await startSim();
});
after(() => sim?.stop());

/**
 * A Node proxy in front of the simulator, counting in Redis through `client`; `options` add
 * to (or override) these.
 */
const redisProxy = (client, options) =>
  createVerifyProxy({
    apiKey: "test-key",
    subAccountId: "test_hq",
    upstreamUrl: sim.url,
    allowedCountries: ["SG"],
    store: createRedisLimitStore(client),
    ...options,
  });
/** A proxy's `fetch` as a function of (url, init), as `send` calls it. */
const fetcherOf = (proxy) => (url, init) => proxy.fetch(new Request(url, init));
/** 3 sends per number per 10 minutes, no per-client limit: the shared limit under test. */
const ONE_LIMIT = { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: null };

/** The Workers import the server wasm as a compiled module (as wrangler does). */
const COMPILED_WASM = [{ type: "CompiledWasm", include: ["**/*.wasm"] }];
/** The header every request of the package's client carries (the proxy refuses requests without it). */
const MARKER = { "x-verify-8x8": "1" };

const send = (fetcher, destination, headers = {}) =>
  fetcher("http://proxy.test/api/verify/sessions", {
    method: "POST",
    headers: { ...MARKER, "content-type": "application/json", ...headers },
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
      const { mf, workers } = await twoWorkers(built.outfile, (scriptName) => ({ LIMITER: { className: "VerifyLimiterDurableObject", scriptName } }), {
        modulesRules: COMPILED_WASM,
        compatibilityDate,
        bindings: { SIM_URL: sim.url },
      });
      try {
        await assertSharedLimit(workers.map((w) => (url, init) => w.fetch(url, init)));
      } finally {
        await mf.dispose();
      }
    });
  }
});

describe("(b) two Node proxies with the Redis store", () => {
  const clients = useRedisClients();

  test("the 4th send is 429 with Retry-After", async () => {
    await assertSharedLimit(clients.map((client) => fetcherOf(redisProxy(client, { limits: ONE_LIMIT }))));
    const keys = await clients[0].keys("*");
    assert.ok(keys.length > 0 && keys.every((k) => k.startsWith("verify-8x8:dest:")), keys.join(", "));
  });

  /**
   * A proxy whose Redis (a client made with `clientOptions`) has just stopped: its answer to a
   * start, how long it took, its events, and whether anything reached 8x8.
   */
  async function startWithRedisDown(clientOptions, extra = {}) {
    const doomed = await startRedis();
    const client = createClient({ url: doomed.url, ...clientOptions });
    client.on("error", () => {});
    await client.connect();
    const events = [];
    const proxy = redisProxy(client, { limits: ONE_LIMIT, onEvent: (e) => events.push(e), ...extra });
    await doomed.stop();
    const destination = freshDestination();
    const t0 = Date.now();
    const response = await send(fetcherOf(proxy), destination);
    const result = { status: response.status, body: await response.json(), ms: Date.now() - t0, events, sent: await simMessages(sim.url, destination) };
    try {
      client.destroy(); // also stops a client still trying to reconnect
    } catch {
      // already closed
    }
    return result;
  }

  test("Redis down: 502/2000 (fails closed), nothing sent upstream", async () => {
    const r = await startWithRedisDown({ disableOfflineQueue: true, socket: { reconnectStrategy: false } });
    assert.equal(r.status, 502, JSON.stringify(r.body));
    assert.equal(r.body.code, 2000);
    assert.deepEqual(r.sent, []);
  });

  test("Redis down behind node-redis's default offline queue (a hit that never answers): 504/2000 within timeoutMs, nothing sent upstream", async () => {
    const r = await startWithRedisDown({}, { timeoutMs: 1000 });
    assert.equal(r.status, 504, JSON.stringify(r.body));
    assert.equal(r.body.code, 2000);
    assert.ok(r.ms < 3000, `answered in ${r.ms} ms`);
    assert.deepEqual(r.events.map((e) => e.reason), ["store_timeout"]);
    assert.deepEqual(r.sent, []);
  });
});

// ---------------------------------------------------------------------------------------------
// Attacks 2, 3 and 6 of the attack table through a shared store.
//
// Neither store has a key limit (Redis keys and Durable Objects live until their window ends),
// so no flood can evict anything; what makes the attacks impossible is the order of the checks:
// the per-IP limit first, and a request it refuses never touches another key. So the tests look
// into the store: a refused request leaves no key behind, and a blocking key keeps its count and
// its window.

/** The defaults written out (3 sends per number per 10 min, 10 per client per hour), client IP from x-client-ip. */
const ATTACK_OPTIONS = {
  clientIpHeader: "x-client-ip",
  limits: { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: { max: 10, windowSeconds: 3600 } },
};

const upstreamRequests = async () => (await fetch(`${sim.url}/_sim/requests`)).json();

/**
 * The attacks against two proxies sharing `store()`'s store: `{ fetchers: [a, b], inspect(key) }`,
 * where `inspect` answers `{ count, ttlSeconds }` for a key in the store, or null when it holds none.
 * `prefix` (one digit) keeps each store's numbers and addresses apart; `floodSize` is the row-2 flood.
 */
function defineStoreAttacks(store, { prefix, floodSize, manyClients }) {
  const number = (i) => `+658${prefix}${String(i).padStart(6, "0")}`;
  const digits = (destination) => destination.replace(/\D/g, "");
  const address = (i) => `100.${64 + Number(prefix)}.${(i >> 8) & 255}.${i & 255}`;
  const post = async (fetcher, destination, ip) => {
    const response = await send(fetcher, destination, { "x-client-ip": ip });
    return { status: response.status, headers: response.headers, json: await response.json() };
  };
  /** Three sends to `destination` from `ip` through the two proxies in turn, then the 4th is 429. */
  async function blockNumber({ fetchers }, destination, ip) {
    for (let i = 0; i < 3; i++) {
      assert.equal((await post(fetchers[i % 2], destination, ip)).status, 200, `send ${i + 1}`);
      await advanceClock(sim.url, 31);
    }
    assert.equal((await post(fetchers[1], destination, ip)).status, 429);
  }
  async function exhaustClient({ fetchers }, ip, numberOf) {
    for (let i = 0; i < 10; i++) assert.equal((await post(fetchers[i % 2], numberOf(i), ip)).status, 200, `request ${i + 1}`);
    assert.equal((await post(fetchers[0], numberOf(10), ip)).status, 429);
  }

  test("#2 a client over its own limit floods POSTs to distinct numbers: no key is made, the victim's blocking key keeps its count and window", async () => {
    const s = await store();
    const victim = number(0);
    await blockNumber(s, victim, address(1));
    const before = await s.inspect(`dest:${digits(victim)}`);
    assert.equal(before.count, 4, "three sends and the refused fourth");
    const attacker = address(2);
    await exhaustClient(s, attacker, (i) => number(100 + i));
    const upstream = await upstreamRequests();
    const statuses = await flood(floodSize, 25, (i) => post(s.fetchers[i % 2], number(1000 + i), attacker).then((r) => r.status));
    assert.deepEqual(statuses, { 429: floodSize });
    assert.deepEqual(await upstreamRequests(), upstream, "nothing reached 8x8");
    for (const i of [0, Math.floor(floodSize / 2), floodSize - 1]) {
      assert.equal(await s.inspect(`dest:${digits(number(1000 + i))}`), null, `a refused request left no key for number ${i}`);
    }
    const victimAgain = await post(s.fetchers[0], victim, address(3));
    assert.equal(victimAgain.status, 429, JSON.stringify(victimAgain.json));
    const after = await s.inspect(`dest:${digits(victim)}`);
    assert.equal(after.count, 5, "the victim's key kept its count");
    assert.ok(after.ttlSeconds <= before.ttlSeconds, `the window was not extended or reset (${before.ttlSeconds} → ${after.ttlSeconds} s)`);
  });

  test("#3 many clients, each under its limit, send to distinct numbers: the victim's still-blocking key is intact", async () => {
    const s = await store();
    const victim = number(1);
    await blockNumber(s, victim, address(10));
    const statuses = await flood(manyClients, 25, (i) => post(s.fetchers[i % 2], number(20_000 + i), address(1000 + (i >> 1))).then((r) => r.status));
    assert.deepEqual(statuses, { 200: manyClients });
    const upstream = await upstreamRequests();
    assert.equal((await post(s.fetchers[1], victim, address(11))).status, 429);
    assert.deepEqual(await upstreamRequests(), upstream, "nothing reached 8x8");
    assert.equal((await simMessages(sim.url, victim)).length, 3);
  });

  test("#10 a verified session's check replayed through the other proxy, and two right checks raced through both: onVerified runs once per session, the replay is 404/1300", async () => {
    const s = await store();
    const check = (fetcher, id, code) => fetcher(`http://proxy.test/api/verify/sessions/${id}?code=${code}`, { headers: { ...MARKER, "x-client-ip": address(30) } });
    const victim = number(3);
    const started = await post(s.fetchers[0], victim, address(30));
    const [{ code }] = await simMessages(sim.url, victim);
    const own = await check(s.fetchers[0], started.json.sessionId, code);
    assert.equal((await own.json()).status, "VERIFIED");
    for (const guess of ["000000", code]) {
      const replay = await check(s.fetchers[1], started.json.sessionId, guess);
      const body = await replay.json();
      assert.equal(replay.status, 404, JSON.stringify(body));
      assert.equal(body.code, 1300);
    }
    const raced = number(4);
    const second = await post(s.fetchers[1], raced, address(31));
    const [{ code: racedCode }] = await simMessages(sim.url, raced);
    const both = await Promise.all(s.fetchers.map((f) => check(f, second.json.sessionId, racedCode)));
    assert.deepEqual(both.map((r) => r.status).sort(), [200, 404]);
    assert.deepEqual((await s.verified()).sort(), [started.json.sessionId, second.json.sessionId].sort(), "once per session across both proxies");
  });

  test("#11 one IPv6 /48's /64s share the /48's budget (10 × perClientIp) through the store", async () => {
    const inside48 = (i) => `2001:db8:${prefix}0:${(((i % 256) << 8) | (i >> 8)).toString(16)}::1`;
    const s = await store();
    const statuses = await flood(130, 10, (i) => post(s.fetchers[i % 2], number(40_000 + i), inside48(i)).then((r) => r.status));
    assert.deepEqual(statuses, { 200: 100, 429: 30 });
    const key = await s.inspect(`ip:2001:db8:${prefix}0::/48`);
    assert.equal(key.count, 130, "every request of the /48 counted once on its key");
    assert.equal((await post(s.fetchers[0], number(41_000), `2001:db8:${prefix}1::1`)).status, 200, "another /48 is another network");
  });

  test("#6 a client over its own limit sends 3 refused POSTs to someone else's number: no key is made, the owner gets 200", async () => {
    const s = await store();
    const target = number(2);
    const attacker = address(20);
    await exhaustClient(s, attacker, (i) => number(200 + i));
    for (let i = 0; i < 3; i++) assert.equal((await post(s.fetchers[i % 2], target, attacker)).status, 429);
    assert.equal(await s.inspect(`dest:${digits(target)}`), null, "the refused requests left no key for the number");
    const attackerKey = await s.inspect(`ip:${attacker}`);
    assert.equal(attackerKey.count, 14, "the attacker's own key counts every request");
    assert.ok(attackerKey.ttlSeconds > 3500 && attackerKey.ttlSeconds <= 3600, `per-IP window: ${attackerKey.ttlSeconds} s`);
    const owner = await post(s.fetchers[1], target, address(21));
    assert.equal(owner.status, 200, JSON.stringify(owner.json));
    const ownerKey = await s.inspect(`dest:${digits(target)}`);
    assert.equal(ownerKey.count, 1);
    assert.ok(ownerKey.ttlSeconds > 590 && ownerKey.ttlSeconds <= 600, `per-number window: ${ownerKey.ttlSeconds} s`);
  });
}

describe("(c) attacks 2, 3, 6, 10 and 11 through the Durable Object store (two Workers)", () => {
  let mf;
  let handle;
  before(async () => {
    const built = await bundleFixture("proxy-worker");
    let workers;
    ({ mf, workers } = await twoWorkers(built.outfile, (scriptName) => ({ INSPECT: { className: "InspectableLimiter", scriptName } }), {
      modulesRules: COMPILED_WASM,
      compatibilityDate: compatibilityDates.at(-1),
      bindings: { SIM_URL: sim.url, STORE: "INSPECT", OPTIONS: ATTACK_OPTIONS },
    }));
    handle = {
      fetchers: workers.map((w) => (url, init) => w.fetch(url, init)),
      async inspect(key) {
        const response = await workers[0].fetch(`http://proxy.test/__inspect?key=${encodeURIComponent(key)}`);
        const { storage, alarm } = await response.json();
        if (!storage.window) return null;
        assert.equal(alarm, storage.window.end, "an alarm deletes the window when it ends");
        return { count: storage.window.count, ttlSeconds: (storage.window.end - Date.now()) / 1000 };
      },
      async verified() {
        return (await Promise.all(workers.map(async (w) => (await w.fetch("http://proxy.test/__verified")).json()))).flat();
      },
    };
  });
  after(() => mf?.dispose());

  defineStoreAttacks(async () => handle, { prefix: "1", floodSize: 2_000, manyClients: 600 });
});

describe("(d) attacks 2, 3, 6, 10 and 11 through the Redis store (two Node proxies)", () => {
  const clients = useRedisClients();
  let handle;
  before(async () => {
    const verified = [];
    const onVerified = async (verification) => {
      verified.push(verification.sessionId);
    };
    handle = {
      verified: async () => verified,
      fetchers: clients.map((client) => fetcherOf(redisProxy(client, { ...ATTACK_OPTIONS, onVerified }))),
      async inspect(key) {
        const name = `verify-8x8:${key}`;
        const count = await clients[0].get(name);
        if (count === null) return null;
        return { count: Number(count), ttlSeconds: (await clients[0].pTTL(name)) / 1000 };
      },
    };
  });

  defineStoreAttacks(async () => handle, { prefix: "2", floodSize: 10_050, manyClients: 1_200 });
});
