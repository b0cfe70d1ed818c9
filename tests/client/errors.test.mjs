// The full error matrix (every VerifyError code) in Node, through the packed package against the
// simulator: every code, its fields, retryable, and a successful call after each failure.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { after, before, beforeEach, describe, test } from "node:test";
import { closedUrl, freshDestination } from "../runtime/expect.mjs";
import { injectFault, resetSim, simMessages, startSim } from "../support/sim.mjs";
import { received, rejection, verify } from "./harness.mjs";

const RETRYABLE = new Set(["RESEND_TOO_SOON", "RATE_LIMITED", "SERVER_ERROR", "NETWORK", "TIMEOUT"]);
let sim;
let options;
let session; // a started verification, for calls that need one

before(async () => {
  sim = await startSim();
  options = { apiKey: "test-key", subAccountId: "test_hq", baseUrl: sim.url };
});
after(() => sim?.stop());
beforeEach(async () => {
  await resetSim(sim.url);
  session = await verify.startVerification(options, { destination: freshDestination() });
});

/** Asserts the error's shape, then that the module still works. */
async function expectError(promise, expected) {
  const error = await rejection(promise);
  assert.ok(error instanceof verify.VerifyError, `${error}`);
  assert.ok(error instanceof Error);
  assert.ok(verify.isVerifyError(error));
  assert.equal(error.name, "VerifyError");
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(error[key], value, key);
  assert.equal(error.retryable, RETRYABLE.has(expected.code), "retryable");
  assert.equal(typeof error.message, "string");
  const again = await verify.getVerification(options, session.sessionId);
  assert.equal(again.sessionId, session.sessionId, "a successful call after the failure");
  return error;
}

describe("INVALID_REQUEST", () => {
  test("checked before anything is sent, naming the field", async () => {
    const before = (await received(sim.url)).length;
    const cases = [
      [{ destination: "12" }, "destination"],
      [{ destination: "+6587654321", call: { repetition: 4 } }, "call.repetition"],
      [{ destination: "+6587654321", channel: "whatsapp" }, "whatsapp.templateName"],
      [{ destination: "+6587654321", tempalte: "x" }, "tempalte"],
      [{ destination: "+6587654321", codeLength: "6" }, "codeLength"],
      [{ destination: "+6587654321", country: "Singapore" }, "country"],
    ];
    for (const [request, field] of cases) {
      await expectError(verify.startVerification(options, request), { code: "INVALID_REQUEST", field, status: undefined });
    }
    await expectError(verify.checkCode(options, "../../x", "1234"), { code: "INVALID_REQUEST", field: "sessionId" });
    await expectError(verify.checkCode(options, session.sessionId, "12"), { code: "INVALID_REQUEST", field: "code" });
    await expectError(verify.checkCode(options, session.sessionId, 1234), { code: "INVALID_REQUEST", field: "code" });
    await expectError(verify.getVerification({ ...options, region: "mars" }, session.sessionId), { code: "INVALID_REQUEST", field: "region" });
    await expectError(verify.getVerification(options, session.sessionId, { signal: "no" }), { code: "INVALID_REQUEST", field: "signal" });
    const sent = (await received(sim.url)).length - before;
    assert.equal(sent, 11, "only the 11 follow-up getVerification calls reached the simulator");
  });

  test("from the service: 400 (1002 → destination), 405, 413, 415", async () => {
    await expectError(verify.startVerification(options, { destination: "+65 1234" }), {
      code: "INVALID_REQUEST",
      status: 400,
      apiCode: 1002,
      field: "destination",
    });
    for (const status of [400, 405, 413, 415]) {
      await injectFault(sim.url, { count: 1, status });
      await expectError(verify.startVerification(options, { destination: freshDestination() }), { code: "INVALID_REQUEST", status });
    }
  });
});

test("UNAUTHORIZED: a wrong key (401/1200) and a foreign subaccount (400/1001)", async () => {
  await expectError(verify.startVerification({ ...options, apiKey: "wrong-key" }, { destination: freshDestination() }), {
    code: "UNAUTHORIZED",
    status: 401,
    apiCode: 1200,
  });
  await expectError(verify.getVerification({ ...options, subAccountId: "someone_else" }, session.sessionId), {
    code: "UNAUTHORIZED",
    status: 400,
    apiCode: 1001,
  });
});

test("FORBIDDEN: 403 other than the resend interval", async () => {
  await injectFault(sim.url, { count: 1, status: 403, apiCode: 1201 });
  await expectError(verify.getVerification(options, session.sessionId), { code: "FORBIDDEN", status: 403, apiCode: 1201 });
});

test("NOT_FOUND: an unknown session (404/1404)", async () => {
  const error = await expectError(verify.getVerification(options, "0123456789abcdef0123456789abcdef"), {
    code: "NOT_FOUND",
    status: 404,
    apiCode: 1404,
  });
  assert.match(error.errorId, /^[0-9a-f-]{36}$/);
});

test("RESEND_TOO_SOON: a second send inside the resend interval (403/1400)", async () => {
  const destination = freshDestination();
  await verify.startVerification(options, { destination, resendingInterval: 30 });
  const error = await expectError(verify.startVerification(options, { destination }), {
    code: "RESEND_TOO_SOON",
    status: 403,
    apiCode: 1400,
  });
  assert.ok(error.retryAfterSeconds > 0 && error.retryAfterSeconds <= 30, `${error.retryAfterSeconds}`);
});

test("RATE_LIMITED: 429 with Retry-After", async () => {
  const limited = await startSim({ args: ["--rate-limit", "1"] });
  try {
    const limitedOptions = { ...options, baseUrl: limited.url };
    const results = await Promise.allSettled([1, 2, 3].map(() => verify.getVerification(limitedOptions, "unknown-session")));
    const error = results.map((r) => r.reason).find((e) => e?.code === "RATE_LIMITED");
    assert.ok(error, "a call beyond one per second is limited");
    assert.equal(error.code, "RATE_LIMITED");
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterSeconds, 1);
    assert.equal(error.retryable, true);
  } finally {
    await limited.stop();
  }
  await injectFault(sim.url, { count: 1, status: 429 });
  await expectError(verify.getVerification(options, session.sessionId), { code: "RATE_LIMITED", status: 429, retryAfterSeconds: 1 });
});

test("UPGRADE_REQUIRED: 426", async () => {
  await injectFault(sim.url, { count: 1, status: 426, apiCode: 1014 });
  await expectError(verify.startVerification(options, { destination: freshDestination() }), { code: "UPGRADE_REQUIRED", status: 426, apiCode: 1014 });
});

test("SERVER_ERROR: 5xx, with a JSON or a non-JSON body", async () => {
  await injectFault(sim.url, { count: 1, status: 500 });
  await expectError(verify.getVerification(options, session.sessionId), { code: "SERVER_ERROR", status: 500, apiCode: 2000 });
  await injectFault(sim.url, { count: 1, status: 503, body: "non-json" });
  await expectError(verify.getVerification(options, session.sessionId), { code: "SERVER_ERROR", status: 503, apiCode: undefined });
});

test("NETWORK: a closed port, and a dropped connection", async () => {
  await expectError(verify.getVerification({ ...options, baseUrl: await closedUrl() }, session.sessionId), { code: "NETWORK", status: undefined });
  await injectFault(sim.url, { count: 1, drop: true });
  await expectError(verify.getVerification(options, session.sessionId), { code: "NETWORK", status: undefined });
});

test("TIMEOUT: no complete response within timeoutMs", async () => {
  await injectFault(sim.url, { count: 1, delayMs: 1500 });
  const started = Date.now();
  await expectError(verify.getVerification({ ...options, timeoutMs: 200 }, session.sessionId), { code: "TIMEOUT", status: undefined });
  assert.ok(Date.now() - started < 1400, "gave up at the deadline");
});

test("ABORTED: the caller's signal, before and during the request", async () => {
  const controller = new AbortController();
  controller.abort();
  const before = (await received(sim.url)).length;
  await expectError(verify.getVerification(options, session.sessionId, { signal: controller.signal }), { code: "ABORTED" });
  assert.equal((await received(sim.url)).length, before + 1, "an aborted call sends nothing (the one request is the follow-up)");

  await injectFault(sim.url, { count: 1, delayMs: 1500 });
  const during = new AbortController();
  setTimeout(() => during.abort(), 100);
  await expectError(verify.checkCode(options, session.sessionId, "1234", { signal: during.signal }), { code: "ABORTED" });
  const timed = AbortSignal.timeout(50);
  await injectFault(sim.url, { count: 1, delayMs: 1500 });
  await expectError(verify.getVerification(options, session.sessionId, { signal: timed }), { code: "ABORTED" });
});

test("BAD_RESPONSE: a 2xx body that is not the expected JSON", async () => {
  await injectFault(sim.url, { count: 1, body: "non-json" });
  await expectError(verify.getVerification(options, session.sessionId), { code: "BAD_RESPONSE", status: 200 });
  await injectFault(sim.url, { count: 1, body: "truncated" });
  await expectError(verify.getVerification(options, session.sessionId), { code: "BAD_RESPONSE", status: 200 });
});

test("nothing that can send a message or consume an attempt is retried", async () => {
  for (const [operation, call] of [
    ["start", () => verify.startVerification(options, { destination: freshDestination() })],
    ["check", () => verify.checkCode(options, session.sessionId, "0000")],
  ]) {
    for (const fault of [{ status: 500 }, { status: 503, body: "non-json" }, { drop: true }, { status: 429 }]) {
      const before = (await received(sim.url)).length;
      await injectFault(sim.url, { count: 1, ...fault });
      await rejection(call());
      assert.equal((await received(sim.url)).length - before, 1, `${operation} ${JSON.stringify(fault)} was sent once`);
    }
  }
  assert.equal((await simMessages(sim.url)).length, 1, "only the beforeEach start delivered a message");
});

test("checkSmaCoverage: direct mode answers; proxy mode rejects naming baseUrl and sends nothing", async () => {
  const coverage = await verify.checkSmaCoverage(options, { clientIp: "203.0.113.7", destination: "+6587654321" });
  assert.equal(typeof coverage.isAvailable, "boolean");
  const before = (await received(sim.url)).length;
  await expectError(verify.checkSmaCoverage({ baseUrl: sim.url }, { clientIp: "203.0.113.7" }), { code: "INVALID_REQUEST", field: "baseUrl" });
  assert.equal((await received(sim.url)).length - before, 1, "only the follow-up call");
});

test("errors print and serialise without secrets", async () => {
  const secretKey = "sk-live-0123456789-secret";
  const wrongKey = await rejection(verify.startVerification({ ...options, apiKey: secretKey }, { destination: freshDestination() }));
  const messages = await simMessages(sim.url);
  const code = messages.at(-1).code;
  const badCode = await rejection(verify.checkCode({ ...options, baseUrl: await closedUrl() }, session.sessionId, code));
  const invalidCode = await rejection(verify.checkCode(options, session.sessionId, `${code}-x-`));
  for (const error of [wrongKey, badCode, invalidCode]) {
    for (const text of [error.message, error.stack, inspect(error, { depth: 5, showHidden: true }), JSON.stringify(error), String(error)]) {
      assert.ok(!text.includes(secretKey), text);
      assert.ok(!text.includes(code), text);
    }
  }
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(wrongKey))).sort(), ["apiCode", "code", "errorId", "maybeSent", "message", "name", "retryable", "status"]);
  const client = new verify.VerifyClient({ ...options, apiKey: secretKey });
  for (const text of [inspect(client, { showHidden: true, depth: 5 }), JSON.stringify(client), String(client)]) {
    assert.ok(!text.includes(secretKey), text);
  }
  const check = await verify.checkCode(options, session.sessionId, code);
  assert.ok(!JSON.stringify(check).includes(code), "results do not echo the code");
});
