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
 * @typedef {{ hit(key: string, max: number, windowSeconds: number): Promise<LimitResult> }} LimitStore
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
    return { kind: "ioredis", run: (key, args) => client.call("EVAL", REDIS_HIT_SCRIPT, 1, key, ...args) };
  }
  if (typeof client.sendCommand === "function") {
    if (client.sendCommand.length >= 3 && typeof client.eval === "function") {
      return {
        kind: "node-redis-cluster",
        run: (key, args) => client.eval(REDIS_HIT_SCRIPT, { keys: [key], arguments: args }),
      };
    }
    return { kind: "node-redis", run: (key, args) => client.sendCommand(["EVAL", REDIS_HIT_SCRIPT, "1", key, ...args]) };
  }
  if (typeof client.eval === "function") {
    return { kind: "eval", run: (key, args) => client.eval(REDIS_HIT_SCRIPT, [key], args) };
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
      const reply = await run(prefix + key, [String(max), String(ms)]);
      if (!Array.isArray(reply) || reply.length !== 2) {
        throw new Error(`createRedisLimitStore: unexpected reply from Redis: ${JSON.stringify(reply)}`);
      }
      const allowed = Number(reply[0]) === 1;
      return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Number(reply[1])) };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Cloudflare Durable Objects

const STATE_KEY = "window";

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

  /** Deletes the state of a window that has ended (re-arms itself if the window is still open). */
  async alarm() {
    const storage = this.state.storage;
    const state = await storage.get(STATE_KEY);
    if (state !== undefined && Date.now() < state.end) {
      await storage.setAlarm(state.end);
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
  };
}
