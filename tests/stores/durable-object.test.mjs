// VerifyLimiterDurableObject and createDurableObjectLimitStore in workerd (miniflare): two Workers
// bound to the same Durable Object namespaces share one count, at an old and the current
// compatibility date, with KV-backed and SQLite-backed objects. Plus the class on its own in Node
// with a fake storage and a mocked clock (the lazy reset without any alarm).
import assert from "node:assert/strict";
import { after, before, describe, mock, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createDurableObjectLimitStore, VerifyLimiterDurableObject } from "../../pkg/stores.js";
import { bundleFixture, compatibilityDates, twoWorkers } from "./helpers.mjs";

let built;
before(async () => {
  built = await bundleFixture("limiter-worker");
});

let n = 0;
const freshKey = () => `dest:${Date.now()}${++n}`;

/** The namespaces of both Workers (twoWorkers: "b" binds "a"'s through scriptName). */
function bindings(scriptName) {
  return {
    LIMITER: { className: "VerifyLimiterDurableObject", scriptName },
    INSPECT: { className: "InspectableLimiter", scriptName },
    INSPECT_SQL: { className: "SqliteLimiter", scriptName, useSQLite: true },
  };
}

for (const compatibilityDate of compatibilityDates) {
  describe(`workerd at compatibility date ${compatibilityDate}: two Workers, one namespace`, () => {
    let mf;
    let workers;
    before(async () => {
      ({ mf, workers } = await twoWorkers(built.outfile, bindings, { compatibilityDate }));
    });
    after(() => mf?.dispose());

    const call = async (worker, path, body) => {
      const response = await worker.fetch(`http://worker.test${path}`, { method: "POST", body: JSON.stringify(body) });
      const json = await response.json();
      return { status: response.status, json };
    };

    for (const binding of ["LIMITER", "INSPECT_SQL"]) {
      test(`${binding}: alternating hits from the two Workers share one count`, async () => {
        const key = freshKey();
        const results = [];
        for (let i = 0; i < 6; i++) {
          const { status, json } = await call(workers[i % 2], "/hit", { binding, key, max: 3, windowSeconds: 600 });
          assert.equal(status, 200, JSON.stringify(json));
          results.push(json);
        }
        assert.deepEqual(results.slice(0, 3), Array(3).fill({ allowed: true, retryAfterSeconds: 0 }));
        for (const r of results.slice(3)) {
          assert.equal(r.allowed, false);
          assert.ok(Number.isInteger(r.retryAfterSeconds) && r.retryAfterSeconds > 0 && r.retryAfterSeconds <= 600, JSON.stringify(r));
        }
        // Another key is another object, with its own count.
        assert.deepEqual((await call(workers[1], "/hit", { binding, key: freshKey(), max: 3, windowSeconds: 600 })).json, {
          allowed: true,
          retryAfterSeconds: 0,
        });
      });

      test(`${binding}: 50 concurrent hits from both Workers, exactly max allowed`, async () => {
        const key = freshKey();
        const [ra, rb] = await Promise.all(workers.map((w) => call(w, "/hits", { binding, key, max: 7, windowSeconds: 600, count: 25 })));
        const all = [...ra.json, ...rb.json];
        assert.equal(all.length, 50);
        assert.equal(all.filter((r) => r.allowed).length, 7);
      });
    }

    test("a window resets after it ends, and its alarm deletes the stored state", async () => {
      // workerd's own clock times the window and fires the alarm: a short real window, then a
      // poll (not a fixed sleep) for the alarm, so a loaded machine only makes it slower.
      const windowSeconds = 2;
      const check = async (binding) => {
        const key = freshKey();
        const first = [];
        for (let i = 0; i < 3; i++) first.push((await call(workers[i % 2], "/hit", { binding, key, max: 2, windowSeconds })).json);
        assert.deepEqual(first.map((r) => r.allowed), [true, true, false]);
        assert.ok([1, 2].includes(first[2].retryAfterSeconds), JSON.stringify(first[2]));
        const open = (await call(workers[0], "/inspect", { binding, key })).json;
        assert.equal(open.storage.window.count, 3);
        assert.equal(open.alarm, open.storage.window.end, "an alarm at the window's end");

        let closed;
        for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(100)) {
          closed = (await call(workers[1], "/inspect", { binding, key })).json;
          if (closed.alarm === null) break;
        }
        assert.deepEqual(closed, { storage: {}, alarm: null }, "nothing is kept after the window");
        assert.ok(Date.now() >= open.storage.window.end, "not deleted before the window ended");

        const second = [];
        for (let i = 0; i < 3; i++) second.push((await call(workers[i % 2], "/hit", { binding, key, max: 2, windowSeconds })).json);
        assert.deepEqual(second.map((r) => r.allowed), [true, true, false]);
      };
      await Promise.all([check("INSPECT"), check("INSPECT_SQL")]);
    });

    test("the object refuses bad requests; the store rejects bad arguments", async () => {
      const key = freshKey();
      const raw = async (method, body) => (await call(workers[0], "/raw", { binding: "LIMITER", key, method, body })).json;
      assert.deepEqual(await raw("GET"), { status: 405, allow: "POST", body: '{"error":"method not allowed"}' });
      assert.equal((await raw("POST", "not json")).status, 400);
      assert.equal((await raw("POST", "[1]")).status, 400);
      assert.equal((await raw("POST", "null")).status, 400);
      assert.equal((await raw("POST", JSON.stringify({ key, max: -1, windowSeconds: 60 }))).status, 400);
      assert.equal((await raw("POST", JSON.stringify({ key, max: 1, windowSeconds: "60" }))).status, 400);
      assert.equal((await raw("POST", JSON.stringify({ key: "", max: 1, windowSeconds: 60 }))).status, 400);
      const ok = await raw("POST", JSON.stringify({ key, max: 1, windowSeconds: 60 }));
      assert.deepEqual(ok, { status: 200, allow: null, body: '{"allowed":true,"retryAfterSeconds":0}' });

      const bad = await call(workers[1], "/hit", { binding: "LIMITER", key, max: 1.5, windowSeconds: 60 });
      assert.equal(bad.status, 500);
      assert.equal(bad.json.error.name, "RangeError");
      const ns = (await call(workers[1], "/bad-namespace", {})).json;
      assert.equal(ns.name, "TypeError");
    });
  });
}

describe("the class and the store without workerd", () => {
  /** A Durable Object state whose alarm never fires: only the lazy reset can start a new window. */
  function fakeState() {
    const map = new Map();
    let alarm = null;
    return {
      map,
      alarm: () => alarm,
      storage: {
        get: async (k) => structuredClone(map.get(k)),
        put: async (k, v) => void map.set(k, structuredClone(v)),
        deleteAll: async () => map.clear(),
        setAlarm: async (t) => void (alarm = t),
      },
    };
  }
  const hit = async (object, body) => {
    const response = await object.fetch(new Request("https://x/", { method: "POST", body: JSON.stringify(body) }));
    return response.json();
  };

  test("lazy reset, whole-second ceil, and the alarm handler (mocked clock)", async (t) => {
    t.mock.timers.enable({ apis: ["Date"], now: 1_000_000 });
    const state = fakeState();
    const object = new VerifyLimiterDurableObject(state, {});
    const body = { key: "dest:1", max: 1, windowSeconds: 10 };
    assert.deepEqual(await hit(object, body), { allowed: true, retryAfterSeconds: 0 });
    assert.deepEqual(state.map.get("window"), { count: 1, end: 1_010_000 });
    assert.equal(state.alarm(), 1_010_000);
    t.mock.timers.tick(1);
    assert.deepEqual(await hit(object, body), { allowed: false, retryAfterSeconds: 10 });
    t.mock.timers.tick(8_998);
    assert.deepEqual(await hit(object, body), { allowed: false, retryAfterSeconds: 2 });
    t.mock.timers.tick(1_000); // 1 ms left
    assert.deepEqual(await hit(object, body), { allowed: false, retryAfterSeconds: 1 });
    await object.alarm(); // early (still open): keeps the state, re-arms
    assert.equal(state.map.get("window").count, 4);
    assert.equal(state.alarm(), 1_010_000);
    t.mock.timers.tick(1);
    // The window has ended; the alarm has not run: the next hit starts a new window anyway.
    assert.deepEqual(await hit(object, { ...body, windowSeconds: 0.25 }), { allowed: true, retryAfterSeconds: 0 });
    assert.deepEqual(state.map.get("window"), { count: 1, end: 1_010_250 });
    t.mock.timers.tick(250);
    await object.alarm();
    assert.equal(state.map.size, 0);
  });

  test("the store asks the object named by the key, and rejects on a failing object", async () => {
    const asked = [];
    const namespace = {
      idFromName: (name) => ({ name }),
      get: (id) => ({
        fetch: async (url, init) => {
          asked.push({ id: id.name, method: init.method, body: JSON.parse(init.body) });
          return id.name === "broken" ? new Response("boom", { status: 500 }) : Response.json({ allowed: false, retryAfterSeconds: 9 });
        },
      }),
    };
    const store = createDurableObjectLimitStore(namespace);
    assert.deepEqual(await store.hit("ip:192.0.2.1", 10, 3600), { allowed: false, retryAfterSeconds: 9 });
    assert.deepEqual(asked, [{ id: "ip:192.0.2.1", method: "POST", body: { key: "ip:192.0.2.1", max: 10, windowSeconds: 3600 } }]);
    await assert.rejects(store.hit("broken", 1, 1), /answered 500: boom/);
    await assert.rejects(store.hit("", 1, 1), TypeError);
    for (const bad of [undefined, null, {}, { idFromName() {} }, "LIMITER"]) {
      assert.throws(() => createDurableObjectLimitStore(bad), TypeError);
    }
  });
});
