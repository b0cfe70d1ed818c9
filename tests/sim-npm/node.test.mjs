// verify-8x8-sim in Node, from the packed tarball installed by name: createSimulator's
// options, sim.fetch in-process, the clock, faults (in-process and through listen), and
// CommonJS require.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { stageSimFiles } from "../support/sim-package.mjs";

const AUTH = { authorization: "Bearer test-key" };
const JSON_AUTH = { ...AUTH, "content-type": "application/json" };
const HOST = "https://verify.8x8.com";
const SESSIONS = `${HOST}/api/v2/subaccounts/test_hq/sessions`;

let dir;
let createSimulator;
before(async () => {
  dir = stageSimFiles("sim-npm-node", ["sim-npm/fixtures/entry.mjs"]);
  ({ createSimulator } = await import(pathToFileURL(path.join(dir, "entry.mjs")).href));
});

/** Starts a session through `fetch`; resolves to the session body. */
async function start(fetch, destination, extra = {}, base = HOST) {
  const res = await fetch(`${base}/api/v2/subaccounts/test_hq/sessions`, {
    method: "POST",
    headers: JSON_AUTH,
    body: JSON.stringify({ destination, ...extra }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

test("the package exports createSimulator only; options are checked by name and value", () => {
  assert.equal(typeof createSimulator, "function");
  assert.throws(() => createSimulator({ apikey: "x" }), { name: "TypeError", message: /unknown option apikey/ });
  assert.throws(() => createSimulator({ rateLimit: "5" }), { name: "TypeError", message: /rateLimit must be a number/ });
  assert.throws(() => createSimulator({ rateLimit: -1 }), { name: "TypeError", message: /rateLimit/ });
  assert.throws(() => createSimulator({ subAccountId: "a b" }), { name: "TypeError", message: /subAccountId/ });
  assert.throws(() => createSimulator({ apiKey: "" }), { name: "TypeError", message: /apiKey/ });
  assert.throws(() => createSimulator(null), TypeError);
});

test("sim.fetch: the tutorial flow in-process, detached, any host; messages and lastCode", async () => {
  const sim = createSimulator();
  const { fetch } = sim; // bound: works detached
  const s = await start(fetch, "+65 9876 5432", { brand: "Acme" });
  assert.equal(s.status, "WAITING");
  assert.equal(s.destination, "+6598765432");
  const [m] = sim.messages("+6598765432");
  assert.deepEqual(Object.keys(m), ["destination", "channel", "text", "code", "sessionId", "sentAt"]);
  assert.equal(m.text, `Acme: Your verification code is ${m.code}`);
  assert.equal(sim.lastCode("6598765432"), m.code);
  assert.equal(sim.lastCode("+6500000000"), undefined);
  const wrong = await fetch(`${SESSIONS}/${s.sessionId}?code=0000${m.code === "0000" ? "1" : ""}`, { headers: AUTH });
  assert.equal((await wrong.json()).attempt, 1);
  const right = await fetch(new Request(`http://anything.test/api/v2/subaccounts/test_hq/sessions/${s.sessionId}?code=${m.code}`, { headers: AUTH }));
  assert.equal((await right.json()).status, "VERIFIED");
  assert.ok(right.headers.get("date"));
  // 8x8's errors, envelope and all.
  const unauth = await fetch(SESSIONS, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  assert.equal(unauth.status, 401);
  assert.deepEqual(Object.keys(await unauth.json()), ["code", "message", "errorId", "timestamp"]);
  // The control endpoints answer through fetch too.
  assert.equal((await (await fetch(`${HOST}/_sim/messages`)).json()).length, 1);
  // Two simulators share nothing.
  assert.deepEqual(createSimulator().messages(), []);
});

test("advanceClock expires a session; reset forgets it; the now option is the real clock", async () => {
  let real = Date.UTC(2030, 0, 1);
  const sim = createSimulator({ now: () => real });
  const s = await start(sim.fetch, "+6591000001", { codeValidity: 60 });
  assert.equal(s.expiresAt, "2030-01-01T00:01:00.00Z");
  const code = sim.lastCode("+6591000001");
  sim.advanceClock(61);
  const expired = await sim.fetch(`${SESSIONS}/${s.sessionId}?code=${code}`, { headers: AUTH });
  assert.equal((await expired.json()).status, "EXPIRED");
  assert.equal(expired.headers.get("date"), "Tue, 01 Jan 2030 00:01:01 GMT");
  real += 1000;
  assert.equal(sim.messages()[0].sentAt, "2030-01-01T00:00:00.00Z");
  assert.throws(() => sim.advanceClock(-1), RangeError);
  assert.throws(() => sim.advanceClock("1"), TypeError);
  sim.reset();
  assert.deepEqual(sim.messages(), []);
  const gone = await sim.fetch(`${SESSIONS}/${s.sessionId}`, { headers: AUTH });
  assert.equal(gone.status, 404);
});

test("fault in-process: 503 envelope, delay, broken bodies, drop rejects like a network error", async () => {
  const sim = createSimulator();
  sim.fault({ status: 503, path: "/api/v2/subaccounts/test_hq/sessions" });
  const r = await sim.fetch(SESSIONS, { method: "POST", headers: JSON_AUTH, body: '{"destination":"+6591000002"}' });
  assert.equal(r.status, 503);
  assert.equal((await r.json()).code, 2000);
  assert.deepEqual(sim.messages(), [], "a faulted request is not processed");
  sim.fault({ body: "truncated" });
  const cut = await sim.fetch(SESSIONS, { method: "POST", headers: JSON_AUTH, body: '{"destination":"+6591000002"}' });
  await assert.rejects(cut.json(), SyntaxError);
  sim.fault({ delayMs: 150 });
  const t0 = Date.now();
  await sim.fetch(`${SESSIONS}/nothing`, { headers: AUTH });
  assert.ok(Date.now() - t0 >= 140);
  sim.fault({ delayMs: 5000 });
  const aborted = sim.fetch(`${SESSIONS}/nothing`, { headers: AUTH, signal: AbortSignal.timeout(50) });
  await assert.rejects(aborted, { name: "TimeoutError" });
  sim.fault({ drop: true });
  await assert.rejects(sim.fetch(`${SESSIONS}/nothing`, { headers: AUTH }), (e) => e instanceof TypeError && /dropped/.test(e.cause.message));
  assert.throws(() => sim.fault({ stauts: 503 }), { name: "TypeError", message: /stauts/ });
  assert.throws(() => sim.fault({ drop: true, status: 500 }), TypeError);
});

/** Raw bytes a server sends back to one request, until it closes the connection. */
function exchange(url, text) {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const sock = net.connect(Number(port), "127.0.0.1", () => sock.write(text));
    const parts = [];
    sock.on("data", (d) => parts.push(d));
    sock.on("close", () => resolve(Buffer.concat(parts)));
    sock.on("error", () => {});
  });
}

test("listen: a real HTTP server; fault gives a 503, and a drop closes the socket before any byte", async () => {
  const sim = createSimulator();
  const server = await sim.listen();
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const s = await start(fetch, "+6591000003", {}, server.url);
    const ok = await fetch(`${server.url}/api/v2/subaccounts/test_hq/sessions/${s.sessionId}?code=${sim.lastCode("+6591000003")}`, { headers: AUTH });
    assert.equal((await ok.json()).status, "VERIFIED");

    sim.fault({ status: 503 });
    const unavailable = await fetch(`${server.url}/api/v2/subaccounts/test_hq/sessions/${s.sessionId}`, { headers: AUTH });
    assert.equal(unavailable.status, 503);
    assert.equal((await unavailable.json()).code, 2000);

    sim.fault({ drop: true });
    const bytes = await exchange(server.url, `GET /api/v2/subaccounts/test_hq/sessions/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\n\r\n`);
    assert.equal(bytes.length, 0, "not one byte before the close");
    sim.fault({ drop: true });
    await assert.rejects(fetch(`${server.url}/api/v2/subaccounts/test_hq/sessions/x`, { headers: AUTH }), TypeError);
    // And it goes on serving.
    assert.equal((await fetch(`${server.url}/_sim/messages`)).status, 200);
  } finally {
    await server.close();
  }
  await assert.rejects(fetch(`${server.url}/_sim/messages`), TypeError, "closed");
  await assert.rejects(sim.listen({ prot: 1 }), { name: "TypeError", message: /prot/ });
});

test("CommonJS require() loads the same entry (no top-level await)", () => {
  const out = execFileSync(process.execPath, ["-e", "const { createSimulator } = require('verify-8x8-sim'); console.log(typeof createSimulator().fetch)"], {
    cwd: dir,
    encoding: "utf8",
  });
  assert.equal(out.trim(), "function");
});
