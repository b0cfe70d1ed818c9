// Idempotency keys through createVerifyProxy (the packed package in Node, against the
// simulator): a repeat of a key gets the first answer without reaching 8x8 or counting a limit;
// a repeat in flight waits for the first; another request with the key is 422; no header is
// served as before; keys are scoped to their client, bounded, never in an event; a request
// refused before 8x8 frees its key; the CORS preflight allows the header. And the client:
// a key on every start and check through a proxy, the caller's own key, none in direct mode.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { rejection, verify } from "../client/harness.mjs";
import { freshDestination } from "../runtime/expect.mjs";
import { serveFetch } from "../support/node-adapter.mjs";
import { startSim } from "../support/sim.mjs";

let sim;
before(async () => {
  sim = await startSim();
});
after(() => sim?.stop());

const received = async () => (await fetch(`${sim.url}/_sim/requests`)).json();
const upstreamStarts = async (destination) =>
  (await received()).filter((r) => r.method === "POST" && r.path.endsWith("/sessions") && String(r.body?.destination ?? "").endsWith(destination.slice(-8)));
const upstreamChecks = async (sessionId) => (await received()).filter((r) => r.method === "GET" && r.path.endsWith(`/sessions/${sessionId}`) && /code=/.test(r.query ?? r.url ?? ""));

function makeProxy(extra = {}) {
  const events = [];
  const proxy = verify.createVerifyProxy({
    apiKey: "test-key",
    subAccountId: "test_hq",
    upstreamUrl: sim.url,
    allowedCountries: ["SG"],
    allowedOrigins: ["https://app.example"],
    clientIpHeader: "x-real-ip",
    onEvent: (event) => events.push(event),
    ...extra,
  });
  return { proxy, events };
}

const BASE = "http://proxy.test/api/verify";
/** A browser-like request to the proxy, from `ip`, with `key` (none when undefined). */
function request(path, { key, ip = "203.0.113.7", body, headers = {} } = {}) {
  const h = { "x-verify-8x8": "1", "x-real-ip": ip, ...headers };
  if (key !== undefined) h["idempotency-key"] = key;
  if (body !== undefined) h["content-type"] = "application/json";
  return new Request(`${BASE}${path}`, { method: body === undefined ? "GET" : "POST", headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
}
async function answer(proxy, req) {
  const response = await proxy.fetch(req);
  return { status: response.status, text: await response.text(), headers: response.headers };
}
const start = (proxy, destination, options = {}) => answer(proxy, request("/sessions", { ...options, body: { destination } }));

async function faults(body) {
  await fetch(`${sim.url}/_sim/faults`, { method: "POST", body: JSON.stringify(body) });
}

describe("the proxy", () => {
  test("a start repeated with its key: the first answer, 8x8 reached once, no limit counted again", async () => {
    const { proxy } = makeProxy({ limits: { perDestination: { max: 2, windowSeconds: 600 }, perClientIp: { max: 100, windowSeconds: 60 } } });
    const destination = freshDestination();
    const first = await start(proxy, destination, { key: "start-key-1" });
    assert.equal(first.status, 200, first.text);
    const repeat = await start(proxy, destination, { key: "start-key-1" });
    assert.deepEqual([repeat.status, repeat.text], [first.status, first.text]);
    assert.equal(repeat.headers.get("cache-control"), "no-store");
    for (const name of ["content-type", "date"]) assert.equal(repeat.headers.get(name), first.headers.get(name), name);
    assert.ok(first.headers.get("date"), "8x8's Date, passed on");
    assert.equal((await upstreamStarts(destination)).length, 1);
    // The repeat did not count: a new key still passes the per-destination limit of 2 (8x8
    // itself refuses the resend), and the one after is the proxy's 429.
    assert.equal((await start(proxy, destination, { key: "start-key-2" })).status, 403);
    assert.equal((await start(proxy, destination, { key: "start-key-3" })).status, 429);
  });

  test("a code check repeated with its key: one attempt spent, the first answer again", async () => {
    const { proxy } = makeProxy();
    const { sessionId } = JSON.parse((await start(proxy, freshDestination())).text);
    const check = () => answer(proxy, request(`/sessions/${sessionId}?code=000000`, { key: "check-key-1" }));
    const first = await check();
    const repeat = await check();
    assert.equal(first.status, 200, first.text);
    assert.deepEqual([repeat.status, repeat.text], [first.status, first.text]);
    assert.equal(JSON.parse(first.text).attempt, 1);
    const status = JSON.parse((await answer(proxy, request(`/sessions/${sessionId}`))).text);
    assert.equal(status.attempt, 1, "one attempt spent");
  });

  test("8x8's refusal repeated with its key: the same status, body, Date and Retry-After, 8x8 reached once for it", async () => {
    const { proxy } = makeProxy();
    const destination = freshDestination();
    assert.equal((await start(proxy, destination, { key: "refused-first" })).status, 200);
    const refused = await start(proxy, destination, { key: "refused-1" });
    assert.equal(refused.status, 403, "8x8's own resend interval");
    const repeat = await start(proxy, destination, { key: "refused-1" });
    assert.deepEqual([repeat.status, repeat.text], [refused.status, refused.text]);
    for (const name of ["content-type", "date", "retry-after"]) assert.equal(repeat.headers.get(name), refused.headers.get(name), name);
    assert.ok(refused.headers.get("date"));
    assert.equal((await upstreamStarts(destination)).length, 2);
  });

  test("a verified check answered by onVerified's own response, repeated with its key: that response again, 8x8 and the hook reached once", async () => {
    let hooked = 0;
    const { proxy } = makeProxy({
      onVerified: () => {
        hooked++;
        return new Response(JSON.stringify({ signedIn: true }), { status: 201, headers: { "content-type": "application/json" } });
      },
    });
    const { sessionId } = JSON.parse((await start(proxy, freshDestination())).text);
    const messages = await (await fetch(`${sim.url}/_sim/messages`)).json();
    const { code } = messages.find((m) => m.sessionId === sessionId);
    const check = () => answer(proxy, request(`/sessions/${sessionId}?code=${code}`, { key: "verified-key-1" }));
    const first = await check();
    const repeat = await check();
    assert.deepEqual([first.status, JSON.parse(first.text)], [201, { signedIn: true }]);
    assert.deepEqual([repeat.status, repeat.text, repeat.headers.get("content-type")], [201, first.text, "application/json"]);
    assert.equal(repeat.headers.get("cache-control"), "no-store");
    assert.equal(hooked, 1);
    assert.equal((await upstreamChecks(sessionId)).length, 1);
  });

  test("a repeat while the first is in flight waits for it and gets its answer", async () => {
    const { proxy } = makeProxy();
    const destination = freshDestination();
    await faults({ count: 1, path: "/api/v2/subaccounts/test_hq/sessions", delayMs: 700 });
    const [a, b] = await Promise.all([start(proxy, destination, { key: "in-flight-1" }), start(proxy, destination, { key: "in-flight-1" })]);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual([b.status, b.text], [a.status, a.text]);
    assert.equal((await upstreamStarts(destination)).length, 1);
  });

  test("a repeat still waiting past the upstream timeout and 2 s gets 409 with Retry-After; later, the first answer", async () => {
    // Every step has the deadline timeoutMs, so the first request outlasts the wait (timeoutMs +
    // 2 s) only through two slow steps: beforeSend and 8x8, each just under the deadline.
    const { proxy } = makeProxy({ timeoutMs: 3000, beforeSend: () => new Promise((resolve) => setTimeout(resolve, 2800)) });
    await faults({ count: 1, path: "/api/v2/subaccounts/test_hq/sessions", delayMs: 2800 });
    const destination = freshDestination();
    const first = start(proxy, destination, { key: "slow-1" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const t0 = Date.now();
    const waiting = await start(proxy, destination, { key: "slow-1" });
    assert.equal(waiting.status, 409, waiting.text);
    assert.ok(Date.now() - t0 >= 4500, "it waited first");
    assert.equal(waiting.headers.get("retry-after"), "1");
    const done = await first;
    assert.equal(done.status, 200, done.text);
    assert.deepEqual((await start(proxy, destination, { key: "slow-1" })).text, done.text);
    assert.equal((await upstreamStarts(destination)).length, 1);
  });

  test("the same key with another request: 422 naming Idempotency-Key, nothing sent", async () => {
    const { proxy } = makeProxy();
    const destination = freshDestination();
    assert.equal((await start(proxy, destination, { key: "reused-1" })).status, 200);
    const other = freshDestination();
    const reused = await start(proxy, other, { key: "reused-1" });
    assert.equal(reused.status, 422, reused.text);
    assert.equal(JSON.parse(reused.text).field, "Idempotency-Key");
    assert.deepEqual(await upstreamStarts(other), []);
  });

  test("no header: served as before (every request reaches 8x8)", async () => {
    const { proxy } = makeProxy();
    const destination = freshDestination();
    assert.equal((await start(proxy, destination)).status, 200);
    assert.equal((await start(proxy, destination)).status, 403, "8x8's own resend interval");
    assert.equal((await upstreamStarts(destination)).length, 2);
  });

  test("keys are bounded: a longer or malformed key is 400 naming Idempotency-Key, nothing sent", async () => {
    const { proxy } = makeProxy();
    for (const key of ["k".repeat(256), "two words", ""]) {
      const destination = freshDestination();
      const refused = await start(proxy, destination, { key });
      assert.equal(refused.status, 400, `${key.length}: ${refused.text}`);
      assert.equal(JSON.parse(refused.text).field, "Idempotency-Key");
      assert.deepEqual(await upstreamStarts(destination), []);
    }
    assert.equal((await start(proxy, freshDestination(), { key: `"${"k".repeat(255)}"` })).status, 200, "the draft's quoted form");
  });

  test("keys are scoped to their client: another address replaying a key does not get its answer", async () => {
    const { proxy } = makeProxy();
    const destination = freshDestination();
    const mine = await start(proxy, destination, { key: "scoped-1", ip: "203.0.113.10" });
    const theirs = await start(proxy, destination, { key: "scoped-1", ip: "198.51.100.20" });
    assert.equal(mine.status, 200);
    assert.equal(theirs.status, 403, "a request of its own, refused by 8x8's resend interval");
    assert.notEqual(theirs.text, mine.text);
    assert.equal((await upstreamStarts(destination)).length, 2);
  });

  test("a request refused before 8x8 frees its key: the same key runs anew", async () => {
    let refuse = true;
    const { proxy } = makeProxy({
      beforeSend: () => (refuse ? new Response("bot check failed", { status: 403 }) : undefined),
    });
    const destination = freshDestination();
    assert.equal((await start(proxy, destination, { key: "freed-1" })).status, 403);
    refuse = false;
    assert.equal((await start(proxy, destination, { key: "freed-1" })).status, 200);
    assert.equal((await upstreamStarts(destination)).length, 1);
  });

  test("the key is in no event; a replay makes none", async () => {
    const { proxy, events } = makeProxy();
    const key = "secret-key-7f3a9c";
    const destination = freshDestination();
    await start(proxy, destination, { key });
    await start(proxy, destination, { key });
    await start(proxy, freshDestination(), { key });
    assert.deepEqual(events.map((e) => e.type), ["sent", "refused"]);
    assert.equal(events[1].reason, "idempotency_key_reused");
    assert.ok(!JSON.stringify(events).includes(key));
  });

  test("a CORS preflight from an allowed origin allows the Idempotency-Key header", async () => {
    const { proxy } = makeProxy();
    const response = await proxy.fetch(
      new Request(`${BASE}/sessions`, {
        method: "OPTIONS",
        headers: { origin: "https://app.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type, idempotency-key, x-verify-8x8" },
      }),
    );
    assert.equal(response.status, 204);
    assert.match(response.headers.get("access-control-allow-headers"), /Idempotency-Key/i);
  });

  test("a store without the idempotency methods is refused by createVerifyProxy, naming store", () => {
    assert.throws(
      () => verify.createVerifyProxy({ apiKey: "k", subAccountId: "test_hq", allowedCountries: ["SG"], limits: { perClientIp: null }, store: { hit: async () => ({ allowed: true, retryAfterSeconds: 0 }) } }),
      (error) => error.code === "INVALID_REQUEST" && error.field === "store" && /claimIdempotencyKey/.test(error.message),
    );
  });
});

describe("the client", () => {
  let server;
  let proxyEvents;
  before(async () => {
    const { proxy, events } = makeProxy();
    proxyEvents = events;
    server = await serveFetch(proxy.fetch);
  });
  after(() => server?.close());

  test("every start and check through a proxy carries a fresh key; a call with the caller's key twice sends once", async () => {
    const client = new verify.VerifyClient({ baseUrl: `${server.url}/api/verify` });
    const destination = freshDestination();
    const first = await client.startVerification({ destination }, { idempotencyKey: "app-retry-1" });
    const again = await client.startVerification({ destination }, { idempotencyKey: "app-retry-1" });
    assert.deepEqual(again, first);
    assert.equal((await upstreamStarts(destination)).length, 1);
    // Without a key of its own, each call is new (and 8x8 refuses the early resend).
    const error = await rejection(client.startVerification({ destination }));
    assert.equal(error.code, "RESEND_TOO_SOON");
    assert.equal(error.maybeSent, false);
    const check = await client.checkCode(first.sessionId, "000000", { idempotencyKey: "check-retry-1" });
    const checkAgain = await client.checkCode(first.sessionId, "000000", { idempotencyKey: "check-retry-1" });
    assert.deepEqual(checkAgain, check);
    assert.equal(check.attempt, 1);
    assert.ok(!JSON.stringify(proxyEvents).includes("app-retry-1"));
  });

  test("a malformed key is INVALID_REQUEST naming idempotencyKey, sending nothing; direct mode refuses a key", async () => {
    const client = new verify.VerifyClient({ baseUrl: `${server.url}/api/verify` });
    const destination = freshDestination();
    const bad = await rejection(client.startVerification({ destination }, { idempotencyKey: "has space" }));
    assert.deepEqual([bad.code, bad.field], ["INVALID_REQUEST", "idempotencyKey"]);
    assert.ok(!bad.message.includes("has space"));
    assert.deepEqual(await upstreamStarts(destination), []);
    const direct = new verify.VerifyClient({ apiKey: "test-key", subAccountId: "test_hq", baseUrl: sim.url });
    const refused = await rejection(direct.startVerification({ destination }, { idempotencyKey: "k-1" }));
    assert.deepEqual([refused.code, refused.field], ["INVALID_REQUEST", "idempotencyKey"]);
    assert.deepEqual(await upstreamStarts(destination), []);
  });

  test("maybeSent: true after a 5xx or a dropped connection, false for a refusal, in toJSON too", async () => {
    const direct = new verify.VerifyClient({ apiKey: "test-key", subAccountId: "test_hq", baseUrl: sim.url });
    await faults({ count: 1, status: 503 });
    const failed = await rejection(direct.startVerification({ destination: freshDestination() }));
    assert.deepEqual([failed.code, failed.maybeSent, failed.toJSON().maybeSent], ["SERVER_ERROR", true, true]);
    await faults({ count: 1, drop: true });
    const dropped = await rejection(direct.checkCode("abc-123", "1234"));
    assert.deepEqual([dropped.code, dropped.maybeSent], ["NETWORK", true]);
    await faults({ count: 1, drop: true });
    const read = await rejection(direct.getVerification("abc-123"));
    assert.deepEqual([read.code, read.maybeSent], ["NETWORK", false], "a status read acts on nothing");
    const invalid = await rejection(direct.startVerification({ destination: "12" }));
    assert.equal(invalid.maybeSent, false);
  });
});
