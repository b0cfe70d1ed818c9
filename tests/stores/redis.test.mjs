// createRedisLimitStore against a real redis-server (Debian's, on loopback, started here) through
// the node-redis client, a node-redis cluster, and adapters shaped like ioredis and @upstash/redis;
// plus fake clients that record the commands, for the duck typing.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient, createCluster } from "redis";
import { createRedisLimitStore } from "../../pkg/stores.js";
import { startRedis } from "./redis-server.mjs";

let server;
let a; // two independent connections: two proxy instances
let b;
let n = 0;
const freshKey = (what = "k") => `test:${process.pid}:${Date.now()}:${++n}:${what}`;

before(async () => {
  server = await startRedis();
  a = await createClient({ url: server.url }).connect();
  b = await createClient({ url: server.url }).connect();
});
after(async () => {
  await a?.quit();
  await b?.quit();
  await server?.stop();
});

async function hits(store, key, count, max, windowSeconds) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(await store.hit(key, max, windowSeconds));
  return out;
}

/** `count` hits of `key` (`max` per 10 minutes) alternating between `first` and `second`: whether each was allowed. */
async function alternateHits(first, second, key, count, max) {
  const allowed = [];
  for (let i = 0; i < count; i++) allowed.push((await (i % 2 ? second : first).hit(key, max, 600)).allowed);
  return allowed;
}

describe("node-redis client against redis-server", () => {
  test("allowed up to max, then denied with retryAfterSeconds in (0, window]", async () => {
    const store = createRedisLimitStore(a);
    const key = freshKey();
    const results = await hits(store, key, 6, 3, 600);
    assert.deepEqual(results.slice(0, 3), [
      { allowed: true, retryAfterSeconds: 0 },
      { allowed: true, retryAfterSeconds: 0 },
      { allowed: true, retryAfterSeconds: 0 },
    ]);
    for (const r of results.slice(3)) {
      assert.equal(r.allowed, false);
      assert.ok(Number.isInteger(r.retryAfterSeconds), String(r.retryAfterSeconds));
      assert.ok(r.retryAfterSeconds > 0 && r.retryAfterSeconds <= 600, String(r.retryAfterSeconds));
    }
    assert.equal(await a.get(`verify-8x8:${key}`), "6", "every hit counts, denied ones too");
  });

  test("the window is fixed: later hits do not extend it", async () => {
    const store = createRedisLimitStore(a);
    const key = freshKey();
    await store.hit(key, 1, 10);
    const first = await a.pTTL(`verify-8x8:${key}`);
    await sleep(50);
    await hits(store, key, 5, 1, 10);
    const later = await a.pTTL(`verify-8x8:${key}`);
    assert.ok(first <= 10_000 && first > 9_000, String(first));
    assert.ok(later < first, `${later} < ${first}`);
  });

  test("retryAfterSeconds is the remaining time rounded up to whole seconds", async () => {
    const store = createRedisLimitStore(a);
    const key = freshKey();
    await store.hit(key, 0, 600);
    await a.pExpire(`verify-8x8:${key}`, 2_500);
    assert.deepEqual(await store.hit(key, 0, 600), { allowed: false, retryAfterSeconds: 3 });
    await a.pExpire(`verify-8x8:${key}`, 40);
    assert.deepEqual(await store.hit(key, 0, 600), { allowed: false, retryAfterSeconds: 1 });
  });

  test("max 0 denies every hit", async () => {
    const store = createRedisLimitStore(a);
    const [r] = await hits(store, freshKey(), 1, 0, 60);
    assert.equal(r.allowed, false);
    assert.ok(r.retryAfterSeconds >= 1 && r.retryAfterSeconds <= 60);
  });

  test("a new window after expiry (1 s window, real wait)", async () => {
    const store = createRedisLimitStore(a);
    const key = freshKey();
    const first = await hits(store, key, 3, 2, 1);
    assert.deepEqual(first.map((r) => r.allowed), [true, true, false]);
    assert.equal(first[2].retryAfterSeconds, 1);
    await sleep(1_100);
    const second = await hits(store, key, 3, 2, 1);
    assert.deepEqual(second.map((r) => r.allowed), [true, true, false]);
  });

  test("a new window after expiry (PEXPIRE), and fractional windows in ms", async () => {
    const store = createRedisLimitStore(a);
    const key = freshKey();
    await hits(store, key, 4, 2, 600);
    assert.equal((await store.hit(key, 2, 600)).allowed, false);
    await a.pExpire(`verify-8x8:${key}`, 1);
    await sleep(5);
    assert.deepEqual(await store.hit(key, 2, 600), { allowed: true, retryAfterSeconds: 0 });
    assert.equal(await a.get(`verify-8x8:${key}`), "1");

    const half = freshKey();
    await store.hit(half, 5, 0.5);
    const ttl = await a.pTTL(`verify-8x8:${half}`);
    assert.ok(ttl > 0 && ttl <= 500, String(ttl));
  });

  test("a counter found without an expiry gets one (no key lives forever)", async () => {
    const store = createRedisLimitStore(a);
    const key = freshKey();
    await a.set(`verify-8x8:${key}`, "7");
    const r = await store.hit(key, 3, 30);
    assert.equal(r.allowed, false);
    assert.ok(r.retryAfterSeconds >= 29 && r.retryAfterSeconds <= 30, String(r.retryAfterSeconds));
    const ttl = await a.pTTL(`verify-8x8:${key}`);
    assert.ok(ttl > 0 && ttl <= 30_000, String(ttl));
  });

  test("two store instances over two clients share one count", async () => {
    const storeA = createRedisLimitStore(a);
    const storeB = createRedisLimitStore(b);
    const key = freshKey();
    assert.deepEqual(await alternateHits(storeA, storeB, key, 6, 3), [true, true, true, false, false, false]);
    // Different keys are independent.
    assert.equal((await storeB.hit(freshKey(), 3, 600)).allowed, true);
  });

  test("keys are the prefix plus the given key, nothing else", async () => {
    const db = await createClient({ url: server.url, database: 3 }).connect();
    try {
      await createRedisLimitStore(db).hit("dest:6591234567", 3, 600);
      await createRedisLimitStore(db, { prefix: "app1:limits:" }).hit("ip:203.0.113.7", 10, 3600);
      await createRedisLimitStore(db, { prefix: "" }).hit("bare", 1, 60);
      assert.deepEqual((await db.keys("*")).sort(), ["app1:limits:ip:203.0.113.7", "bare", "verify-8x8:dest:6591234567"]);
      // Different prefixes are different counters.
      assert.equal(await db.get("verify-8x8:dest:6591234567"), "1");
      const ipv6 = "ip:2001:db8::1";
      await createRedisLimitStore(db).hit(ipv6, 3, 600);
      assert.equal(await db.get(`verify-8x8:${ipv6}`), "1");
    } finally {
      await db.flushDb();
      await db.quit();
    }
  });

  test("concurrency: 50 parallel hits over two clients, exactly max allowed", async () => {
    const storeA = createRedisLimitStore(a);
    const storeB = createRedisLimitStore(b);
    const key = freshKey();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? storeB : storeA).hit(key, 7, 600)));
    assert.equal(results.filter((r) => r.allowed).length, 7);
    assert.ok(results.filter((r) => !r.allowed).every((r) => r.retryAfterSeconds > 0 && r.retryAfterSeconds <= 600));
    assert.equal(await a.get(`verify-8x8:${key}`), "50");
  });

  test("invalid arguments reject before anything is sent; Redis errors reject", async () => {
    const store = createRedisLimitStore(a);
    await assert.rejects(store.hit("", 3, 60), TypeError);
    await assert.rejects(store.hit(42, 3, 60), TypeError);
    await assert.rejects(store.hit("k", -1, 60), RangeError);
    await assert.rejects(store.hit("k", 1.5, 60), RangeError);
    await assert.rejects(store.hit("k", 3, 0), RangeError);
    await assert.rejects(store.hit("k", 3, Number.POSITIVE_INFINITY), RangeError);
    await assert.rejects(store.hit("k", 3, "60"), RangeError);
    const key = freshKey();
    await a.set(`verify-8x8:${key}`, "not a number");
    await assert.rejects(store.hit(key, 3, 60), /not an integer/);
  });
});

describe("adapters over the same redis-server", () => {
  test("an ioredis-shaped client (call) and an eval(script, keys, args) client share the count", async () => {
    // Shaped like ioredis and @upstash/redis, executed by node-redis: the exact argument order
    // each style produces is run by a real server.
    const ioredisLike = { call: (...args) => a.sendCommand(args.map(String)) };
    const upstashLike = {
      eval: (script, keys, args) => b.sendCommand(["EVAL", script, String(keys.length), ...keys, ...args.map(String)]),
    };
    const s1 = createRedisLimitStore(ioredisLike);
    const s2 = createRedisLimitStore(upstashLike);
    const key = freshKey();
    assert.deepEqual(await alternateHits(s1, s2, key, 5, 2), [true, true, false, false, false]);
    assert.equal(await a.get(`verify-8x8:${key}`), "5");
  });

  test("node-redis cluster (a one-node cluster holding every slot)", async () => {
    const node = await startRedis(["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-announce-ip", "127.0.0.1"]);
    const admin = await createClient({ url: node.url }).connect();
    let cluster;
    try {
      await admin.sendCommand(["CLUSTER", "ADDSLOTSRANGE", "0", "16383"]);
      for (let i = 0; i < 100 && !/cluster_state:ok/.test(await admin.sendCommand(["CLUSTER", "INFO"])); i++) await sleep(50);
      cluster = await createCluster({ rootNodes: [{ url: node.url }] }).connect();
      const s1 = createRedisLimitStore(cluster);
      const s2 = createRedisLimitStore(admin);
      const key = freshKey();
      assert.deepEqual(await alternateHits(s1, s2, key, 5, 3), [true, true, true, false, false]);
      assert.equal(await admin.get(`verify-8x8:${key}`), "5");
    } finally {
      await cluster?.quit();
      await admin.quit();
      await node.stop();
    }
  });
});

describe("duck typing (fake clients recording their commands)", () => {
  const reply = [1, 0];

  test("ioredis style: call('EVAL', script, 1, key, max, windowMs)", async () => {
    const calls = [];
    const client = { call: async (...args) => (calls.push(args), reply), sendCommand() {}, eval() {} };
    const r = await createRedisLimitStore(client).hit("dest:4915123456789", 3, 600);
    assert.deepEqual(r, { allowed: true, retryAfterSeconds: 0 });
    assert.equal(calls.length, 1);
    const [cmd, script, numKeys, ...rest] = calls[0];
    assert.equal(cmd, "EVAL");
    assert.match(script, /INCR/);
    assert.match(script, /PEXPIRE/);
    assert.match(script, /PTTL/);
    assert.equal(numKeys, 1);
    assert.deepEqual(rest, ["verify-8x8:dest:4915123456789", "3", "600000"]);
  });

  test("node-redis style: sendCommand(['EVAL', script, '1', key, max, windowMs])", async () => {
    const calls = [];
    const client = { sendCommand: async (args, options) => (calls.push(args), [0, 17]), eval() {} };
    const r = await createRedisLimitStore(client, { prefix: "p:" }).hit("ip:10.0.0.1", 10, 3600);
    assert.deepEqual(r, { allowed: false, retryAfterSeconds: 17 });
    assert.equal(calls.length, 1);
    assert.equal(calls[0][0], "EVAL");
    assert.deepEqual(calls[0].slice(2), ["1", "p:ip:10.0.0.1", "10", "3600000"]);
    assert.ok(calls[0].every((x) => typeof x === "string"), "node-redis wants string arguments");
  });

  test("node-redis cluster / sentinel style: eval(script, { keys, arguments })", async () => {
    const calls = [];
    const client = {
      sendCommand: async (firstKey, isReadonly, args, options) => assert.fail("routing sendCommand must not be used"),
      eval: async (script, options) => (calls.push([script, options]), reply),
    };
    await createRedisLimitStore(client).hit("k", 1, 1);
    assert.deepEqual(calls[0][1], { keys: ["verify-8x8:k"], arguments: ["1", "1000"] });
  });

  test("eval style (e.g. @upstash/redis): eval(script, [key], [max, windowMs])", async () => {
    const calls = [];
    const client = { eval: async (...args) => (calls.push(args), ["0", "5"]) };
    const r = await createRedisLimitStore(client).hit("dest:1", 3, 60);
    assert.deepEqual(r, { allowed: false, retryAfterSeconds: 5 }, "string replies are accepted");
    assert.equal(calls[0].length, 3);
    assert.deepEqual(calls[0].slice(1), [["verify-8x8:dest:1"], ["3", "60000"]]);
  });

  test("anything else is a TypeError at creation", () => {
    for (const bad of [undefined, null, 42, "redis://localhost", {}, { get() {}, set() {} }, { incr() {}, expire() {} }]) {
      assert.throws(() => createRedisLimitStore(bad), TypeError, String(bad));
    }
    assert.throws(() => createRedisLimitStore({ eval() {} }, { prefix: 1 }), TypeError);
  });

  test("an unexpected reply rejects; a failing client rejects with its error", async () => {
    await assert.rejects(createRedisLimitStore({ eval: async () => "OK" }).hit("k", 1, 1), /unexpected reply/);
    const boom = new Error("connection lost");
    await assert.rejects(createRedisLimitStore({ call: async () => { throw boom; } }).hit("k", 1, 1), (e) => e === boom);
  });
});
