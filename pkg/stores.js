// Shared limit stores for `createVerifyProxy` (its `store` option, a `LimitStore`): counters that several
// proxy instances (isolates, processes, machines) share, so a limit holds for the deployment as a
// whole. Fixed windows: the first hit of a key opens a window of `windowSeconds`; every hit counts;
// `allowed` is `count <= max`; a denied hit gets the whole seconds (ceil) until the window ends.
//
// Plain ESM with no dependencies and nothing but constants and definitions at module scope (no
// I/O, timers or randomness: workerd forbids them there). The user brings the Redis client or the
// Durable Object binding; this file never imports one.

/**
 * @typedef {{ allowed: boolean, retryAfterSeconds: number }} LimitResult
 * @typedef {{ hit(key: string, max: number, windowSeconds: number): Promise<LimitResult>,
 *   claimIdempotencyKey(key: string, record: string, ttlSeconds: number): Promise<string | null>,
 *   settleIdempotencyKey(key: string, record: string | null, ttlSeconds: number): Promise<void> }} LimitStore
 *
 * `hit` counts a limit. The two others hold the proxy's idempotency records (the first answer to
 * each `Idempotency-Key`): `claimIdempotencyKey` stores `record` for `ttlSeconds` unless `key`
 * holds a live record, atomically, and resolves to the record found (`null` when it stored it);
 * `settleIdempotencyKey` replaces the record (`null`: deletes the key).
 */

/** Validates the arguments of `hit`; returns the window in whole milliseconds. */
function windowMillis(key, max, windowSeconds) {
  if (typeof key !== "string" || key.length === 0) {
    throw new TypeError("LimitStore.hit: key must be a non-empty string");
  }
  if (!Number.isSafeInteger(max) || max < 0) {
    throw new RangeError(`LimitStore.hit: max must be an integer >= 0 (got ${String(max)})`);
  }
  if (typeof windowSeconds !== "number" || !Number.isFinite(windowSeconds) || windowSeconds <= 0) {
    throw new RangeError(`LimitStore.hit: windowSeconds must be a finite number > 0 (got ${String(windowSeconds)})`);
  }
  return Math.max(1, Math.ceil(windowSeconds * 1000));
}

/** Validates the arguments of an idempotency record call; returns the lifetime in whole milliseconds. */
function recordArgs(key, record, ttlSeconds) {
  if (typeof key !== "string" || key.length === 0) throw new TypeError("LimitStore: key must be a non-empty string");
  if (typeof record !== "string" || record.length === 0) throw new TypeError("LimitStore: record must be a non-empty string");
  if (typeof ttlSeconds !== "number" || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`LimitStore: ttlSeconds must be a finite number > 0 (got ${String(ttlSeconds)})`);
  }
  return Math.max(1, Math.ceil(ttlSeconds * 1000));
}

/** Seconds (ceil, at least 1) from `remainingMs` milliseconds. */
function retrySeconds(remainingMs) {
  return Math.max(1, Math.ceil(remainingMs / 1000));
}

// ---------------------------------------------------------------------------------------------
// Redis

/**
 * One atomic step per hit. KEYS[1] = the prefixed key; ARGV[1] = max; ARGV[2] = window in ms.
 * INCR counts the hit; the first hit of a window sets its expiry, so the window is fixed (later
 * hits never extend it). A key found without an expiry (PTTL -1: written by something else, or
 * by a server that lost the PEXPIRE) gets one now, so no counter can live forever.
 * Returns {allowed (1/0), retryAfterSeconds}.
 */
const REDIS_HIT_SCRIPT = `local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
if count <= tonumber(ARGV[1]) then
  return {1, 0}
end
return {0, math.max(1, math.floor((ttl + 999) / 1000))}`;

/**
 * Idempotency records (the proxy's `Idempotency-Key` answers): KEYS[1] = the prefixed key;
 * ARGV[1] = the record; ARGV[2] = its lifetime in ms. CLAIM stores the record unless the key
 * holds one, and returns the one found (nil when it stored it); SETTLE replaces it, or deletes
 * the key when ARGV[1] is empty. One atomic step each.
 */
const REDIS_CLAIM_SCRIPT = `local found = redis.call('GET', KEYS[1])
if found then
  return found
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;
const REDIS_SETTLE_SCRIPT = `if ARGV[1] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1`;

/**
 * Picks how to run EVAL on the user's client (duck typing):
 * - ioredis (`Redis` and `Cluster`): `client.call("EVAL", script, 1, key, ...args)`;
 * - node-redis v4/v5 client or pool: `client.sendCommand(["EVAL", script, "1", key, ...args])`;
 * - node-redis cluster / sentinel (their `sendCommand` takes routing arguments first):
 *   `client.eval(script, { keys: [key], arguments: args })`, which routes by the key;
 * - clients with `eval(script, keys, args)` (e.g. `@upstash/redis`).
 */
function redisEvaluator(client) {
  if (client === null || (typeof client !== "object" && typeof client !== "function")) {
    throw new TypeError("createRedisLimitStore: pass a connected Redis client (node-redis, ioredis, or one with eval(script, keys, args))");
  }
  if (typeof client.call === "function") {
    return { kind: "ioredis", run: (script, key, args) => client.call("EVAL", script, 1, key, ...args) };
  }
  if (typeof client.sendCommand === "function") {
    if (client.sendCommand.length >= 3 && typeof client.eval === "function") {
      return {
        kind: "node-redis-cluster",
        run: (script, key, args) => client.eval(script, { keys: [key], arguments: args }),
      };
    }
    return { kind: "node-redis", run: (script, key, args) => client.sendCommand(["EVAL", script, "1", key, ...args]) };
  }
  if (typeof client.eval === "function") {
    return { kind: "eval", run: (script, key, args) => client.eval(script, [key], args) };
  }
  throw new TypeError(
    "createRedisLimitStore: unsupported Redis client: expected node-redis (sendCommand), ioredis (call) " +
      "or a client with eval(script, keys, args) such as @upstash/redis",
  );
}

/**
 * A `LimitStore` in Redis, shared by every proxy instance that uses the same Redis server (or
 * cluster) and prefix. Each hit is one atomic Lua script (INCR, PEXPIRE on the first hit of the
 * window, PTTL), so concurrent hits from any number of instances are counted exactly, and windows
 * are timed by the Redis server's clock. Keys are `prefix + key` and expire with their window.
 *
 * Bring your own connected client; this package has no Redis dependency. Supported, detected by
 * duck typing: node-redis v4/v5 (`createClient`, `createCluster`, `createSentinel`, pools), ioredis
 * (`Redis`, `Cluster`) and clients with `eval(script, keys, args)` such as `@upstash/redis`.
 * Anything else throws a TypeError here. A failing command rejects `hit` with the client's error.
 *
 * @param {object} client a connected Redis client
 * @param {{ prefix?: string }} [options] key prefix, default `"verify-8x8:"`
 * @returns {LimitStore}
 * @throws {TypeError} when the client is not one of the supported kinds or `prefix` is not a string
 * @example
 * import { createClient } from "redis";
 * // Fail fast while Redis is down (the proxy answers 502) rather than queue every hit until
 * // the proxy's deadline (504): node-redis queues commands offline by default.
 * const redis = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
 * const proxy = createVerifyProxy({ ...options, store: createRedisLimitStore(redis) });
 */
export function createRedisLimitStore(client, { prefix = "verify-8x8:" } = {}) {
  if (typeof prefix !== "string") throw new TypeError("createRedisLimitStore: prefix must be a string");
  const { run } = redisEvaluator(client);
  return {
    async hit(key, max, windowSeconds) {
      const ms = windowMillis(key, max, windowSeconds);
      const reply = await run(REDIS_HIT_SCRIPT, prefix + key, [String(max), String(ms)]);
      if (!Array.isArray(reply) || reply.length !== 2) {
        throw new Error(`createRedisLimitStore: unexpected reply from Redis: ${JSON.stringify(reply)}`);
      }
      const allowed = Number(reply[0]) === 1;
      return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Number(reply[1])) };
    },
    async claimIdempotencyKey(key, record, ttlSeconds) {
      const ms = recordArgs(key, record, ttlSeconds);
      const found = await run(REDIS_CLAIM_SCRIPT, prefix + key, [record, String(ms)]);
      return typeof found === "string" ? found : found == null ? null : String(found);
    },
    async settleIdempotencyKey(key, record, ttlSeconds) {
      const ms = recordArgs(key, record ?? "-", ttlSeconds);
      await run(REDIS_SETTLE_SCRIPT, prefix + key, [record ?? "", String(ms)]);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Cloudflare Durable Objects

const STATE_KEY = "window";
const RECORD_KEY = "record";

function badRequest(message, status = 400, headers = {}) {
  return new Response(JSON.stringify({ error: message }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/**
 * The Durable Object behind `createDurableObjectLimitStore`: one object per limit key, holding
 * that key's window (count and end time) in its transactional storage. Export it from your Worker
 * and bind it (see the README); use the binding only for this class.
 *
 * It speaks the fetch interface (works at any compatibility date, no RPC needed): `POST` with a
 * JSON body `{ key, max, windowSeconds }` answers `{ allowed, retryAfterSeconds }`. The object's
 * input gate serialises hits, so concurrent hits from any number of Workers are counted exactly.
 * A window that has ended is replaced on the next hit, and an alarm at the window's end deletes
 * the stored state, so objects of keys that are never hit again keep no storage.
 */
export class VerifyLimiterDurableObject {
  /**
   * @param {{ storage: { get(key: string): Promise<any>, put(key: string, value: any): Promise<void>,
   *   deleteAll(): Promise<void>, setAlarm(time: number): Promise<void> } }} state the object's state
   * @param {unknown} [env] the Worker's bindings (unused)
   */
  constructor(state, env) {
    this.state = state;
    this.env = env;
  }

  /**
   * Counts one hit.
   * @param {Request} request `POST` with JSON `{ key: string, max: number, windowSeconds: number }`
   * @returns {Promise<Response>} 200 `{ allowed, retryAfterSeconds }`; 400 / 405 on a bad request
   */
  async fetch(request) {
    if (request.method !== "POST") return badRequest("method not allowed", 405, { allow: "POST" });
    let body;
    try {
      body = await request.json();
    } catch {
      return badRequest("body must be JSON");
    }
    const path = new URL(request.url).pathname;
    if (path === "/claim" || path === "/settle") return this.#record(path, body);
    let windowMs;
    try {
      if (body === null || typeof body !== "object") throw new TypeError("body must be a JSON object");
      windowMs = windowMillis(body.key, body.max, body.windowSeconds);
    } catch (e) {
      return badRequest(e.message);
    }
    const storage = this.state.storage;
    const now = Date.now();
    let state = await storage.get(STATE_KEY);
    if (state === undefined || !(now < state.end)) {
      state = { count: 1, end: now + windowMs };
      await storage.setAlarm(state.end);
    } else {
      state = { count: state.count + 1, end: state.end };
    }
    await storage.put(STATE_KEY, state);
    const allowed = state.count <= body.max;
    return new Response(JSON.stringify({ allowed, retryAfterSeconds: allowed ? 0 : retrySeconds(state.end - now) }), {
      headers: { "content-type": "application/json" },
    });
  }

  /**
   * An idempotency record: `/claim` `{ key, record, ttlSeconds }` stores it unless a live one is
   * there and answers `{ found }` (null when it stored it); `/settle` replaces it (`record` null:
   * deletes it). The object's input gate makes each one atomic.
   */
  async #record(path, body) {
    let ttlMs;
    try {
      if (body === null || typeof body !== "object") throw new TypeError("body must be a JSON object");
      ttlMs = recordArgs(body.key, body.record ?? (path === "/settle" ? "-" : body.record), body.ttlSeconds);
    } catch (e) {
      return badRequest(e.message);
    }
    const storage = this.state.storage;
    const now = Date.now();
    if (path === "/claim") {
      const held = await storage.get(RECORD_KEY);
      if (held !== undefined && now < held.end) return Response.json({ found: held.record });
    }
    if (body.record == null) {
      await storage.delete(RECORD_KEY);
    } else {
      const end = now + ttlMs;
      await storage.put(RECORD_KEY, { record: body.record, end });
      await storage.setAlarm(end);
    }
    return Response.json({ found: null });
  }

  /** Deletes the state of a window or record that has ended (re-arms itself if one is still live). */
  async alarm() {
    const storage = this.state.storage;
    const ends = [await storage.get(STATE_KEY), await storage.get(RECORD_KEY)].filter((s) => s !== undefined).map((s) => s.end);
    const live = ends.filter((end) => Date.now() < end);
    if (live.length > 0) {
      await storage.setAlarm(Math.max(...live));
      return;
    }
    await storage.deleteAll();
  }
}

/**
 * A `LimitStore` in Cloudflare Durable Objects, shared by every Worker bound to the same namespace
 * of `VerifyLimiterDurableObject`: each key is one object (`namespace.idFromName(key)`), reached
 * through its `fetch`. A failing or unreachable object rejects `hit`.
 *
 * @param {{ idFromName(name: string): unknown, get(id: unknown): { fetch(input: string, init?: RequestInit): Promise<Response> } }} namespace
 *   the Durable Object binding of `VerifyLimiterDurableObject` (e.g. `env.LIMITER`)
 * @returns {LimitStore}
 * @throws {TypeError} when `namespace` is not a Durable Object namespace binding
 * @example
 * export { VerifyLimiterDurableObject } from "verify-8x8";
 * const store = createDurableObjectLimitStore(env.LIMITER);
 */
export function createDurableObjectLimitStore(namespace) {
  if (
    namespace === null ||
    typeof namespace !== "object" ||
    typeof namespace.idFromName !== "function" ||
    typeof namespace.get !== "function"
  ) {
    throw new TypeError(
      "createDurableObjectLimitStore: pass the Durable Object namespace binding of VerifyLimiterDurableObject (e.g. env.LIMITER)",
    );
  }
  return {
    async hit(key, max, windowSeconds) {
      windowMillis(key, max, windowSeconds);
      const stub = namespace.get(namespace.idFromName(key));
      const response = await stub.fetch("https://verify-8x8-limiter.internal/hit", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key, max, windowSeconds }),
      });
      const text = await response.text();
      if (!response.ok) {
        throw new Error(`createDurableObjectLimitStore: the limiter object answered ${response.status}: ${text.slice(0, 200)}`);
      }
      let result;
      try {
        result = JSON.parse(text);
      } catch {
        result = null;
      }
      if (result === null || typeof result.allowed !== "boolean" || typeof result.retryAfterSeconds !== "number") {
        throw new Error(`createDurableObjectLimitStore: unexpected answer from the limiter object: ${text.slice(0, 200)}`);
      }
      return { allowed: result.allowed, retryAfterSeconds: result.retryAfterSeconds };
    },
    async claimIdempotencyKey(key, record, ttlSeconds) {
      recordArgs(key, record, ttlSeconds);
      const { found } = await recordCall(namespace, "claim", { key, record, ttlSeconds });
      return typeof found === "string" ? found : null;
    },
    async settleIdempotencyKey(key, record, ttlSeconds) {
      recordArgs(key, record ?? "-", ttlSeconds);
      await recordCall(namespace, "settle", { key, record: record ?? null, ttlSeconds });
    },
  };
}

/** One idempotency-record call to the object of `body.key`; its JSON answer. */
async function recordCall(namespace, operation, body) {
  const stub = namespace.get(namespace.idFromName(body.key));
  const response = await stub.fetch(`https://verify-8x8-limiter.internal/${operation}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`createDurableObjectLimitStore: the limiter object answered ${response.status}: ${text.slice(0, 200)}`);
  }
  return JSON.parse(text);
}
