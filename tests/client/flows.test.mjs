// Verification flows in Node through the packed package: VerifyClient, outcomes, resend
// semantics and expiry driven by the simulator's clock.
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { freshDestination } from "../runtime/expect.mjs";
import { advanceClock, resetSim, simMessages, startSim } from "../support/sim.mjs";
import { rejection, verify } from "./harness.mjs";

let sim;
let client;
before(async () => {
  sim = await startSim();
  client = new verify.VerifyClient({ apiKey: "test-key", subAccountId: "test_hq", baseUrl: sim.url });
});
after(() => sim?.stop());
beforeEach(() => resetSim(sim.url));

const lastCode = async (destination) => (await simMessages(sim.url, destination)).at(-1).code;
const wrongFor = (code) => code.replace(/./g, (c) => (c === "1" ? "2" : "1"));

test("start → wrong code → right code → VERIFIED, with typed fields", async () => {
  const destination = freshDestination();
  const started = await client.startVerification({ destination, brand: "Acme", codeLength: 6 });
  assert.equal(started.status, "WAITING");
  assert.equal(started.verified, false);
  assert.equal(started.destination, destination);
  assert.equal(started.attempt, 0);
  assert.equal(started.attemptsLeft, 5);
  assert.equal(started.expiresInSeconds, 300);
  assert.equal(started.resendInSeconds, 10);
  assert.match(started.expiresAt, /^\d{4}-\d\d-\d\dT/);
  assert.match(started.verifyUri, new RegExp(`/sessions/${started.sessionId}$`));
  const [message] = await simMessages(sim.url, destination);
  assert.equal(message.text, `Acme: Your verification code is ${message.code}`);
  assert.match(message.code, /^\d{6}$/);

  const wrong = await client.checkCode(started.sessionId, wrongFor(message.code));
  assert.deepEqual([wrong.outcome, wrong.status, wrong.attempt, wrong.attemptsLeft, wrong.verified], ["WRONG_CODE", "WAITING", 1, 4, false]);
  const right = await client.checkCode(started.sessionId, message.code);
  assert.deepEqual([right.outcome, right.status, right.verified, right.attemptsLeft], ["VERIFIED", "VERIFIED", true, 0]);
  const read = await client.getVerification(started.sessionId);
  assert.equal(read.status, "VERIFIED");
  assert.equal(read.outcome, undefined, "getVerification has no outcome");
});

test("five wrong codes → FAILED, final; getVerification never consumes an attempt", async () => {
  const destination = freshDestination();
  const { sessionId } = await client.startVerification({ destination });
  const code = await lastCode(destination);
  for (let i = 0; i < 3; i++) assert.equal((await client.getVerification(sessionId)).attemptsLeft, 5);
  const outcomes = [];
  for (let i = 0; i < 5; i++) outcomes.push((await client.checkCode(sessionId, wrongFor(code))).outcome);
  assert.deepEqual(outcomes, ["WRONG_CODE", "WRONG_CODE", "WRONG_CODE", "WRONG_CODE", "FAILED"]);
  const late = await client.checkCode(sessionId, code);
  assert.deepEqual([late.outcome, late.attempt, late.attemptsLeft], ["FAILED", 5, 0]);
});

test("resend: too soon is RESEND_TOO_SOON; after the interval the same code is re-sent; resetSession sends a new one", async () => {
  const destination = freshDestination();
  const first = await client.startVerification({ destination, resendingInterval: 30 });
  assert.equal(first.resendInSeconds, 30);
  const tooSoon = await rejection(client.startVerification({ destination, resendingInterval: 30 }));
  assert.equal(tooSoon.code, "RESEND_TOO_SOON");
  assert.ok(tooSoon.retryAfterSeconds >= 29 && tooSoon.retryAfterSeconds <= 30, `${tooSoon.retryAfterSeconds}`);

  await advanceClock(sim.url, 30);
  const again = await client.startVerification({ destination, resendingInterval: 30 });
  assert.equal(again.sessionId, first.sessionId);
  assert.equal(again.expiresInSeconds, 300, "validity extended");
  const [m1, m2] = await simMessages(sim.url, destination);
  assert.equal(m2.code, m1.code, "same code re-sent");

  await advanceClock(sim.url, 30);
  const reset = await client.startVerification({ destination, resetSession: true });
  assert.equal(reset.sessionId, first.sessionId);
  const m3 = (await simMessages(sim.url, destination)).at(-1);
  const check = await client.checkCode(reset.sessionId, m1.code === m3.code ? wrongFor(m3.code) : m1.code);
  assert.equal(check.outcome, "WRONG_CODE", "the old code no longer works");
  assert.equal((await client.checkCode(reset.sessionId, m3.code)).outcome, "VERIFIED");
});

test("expiry: past codeValidity the right code is EXPIRED, final", async () => {
  const destination = freshDestination();
  const { sessionId } = await client.startVerification({ destination, codeValidity: 60 });
  const code = await lastCode(destination);
  await advanceClock(sim.url, 30);
  const halfway = await client.getVerification(sessionId);
  assert.equal(halfway.expiresInSeconds, 30, "countdown follows the service's Date header");
  await advanceClock(sim.url, 31);
  const expired = await client.checkCode(sessionId, code);
  assert.deepEqual([expired.outcome, expired.status, expired.verified, expired.expiresInSeconds], ["EXPIRED", "EXPIRED", false, 0]);
});

test("codes: dashed codes with or without the dash; capitals case-insensitively", async () => {
  const dashed = freshDestination();
  const a = await client.startVerification({ destination: dashed, codeType: "NUMERIC_WITH_DASH", codeLength: 6 });
  const dashedCode = await lastCode(dashed);
  assert.match(dashedCode, /^\d{3}-\d{3}$/);
  assert.equal((await client.checkCode(a.sessionId, dashedCode.replace("-", ""))).outcome, "VERIFIED");
  const ten = freshDestination();
  const b = await client.startVerification({ destination: ten, codeType: "NUMERIC_WITH_DASH", codeLength: 10 });
  const tenCode = await lastCode(ten);
  assert.equal(tenCode.length, 11, "a dashed 10-digit code is 11 characters");
  assert.equal((await client.checkCode(b.sessionId, tenCode)).outcome, "VERIFIED");
  const caps = freshDestination();
  const c = await client.startVerification({ destination: caps, codeType: "ALPHANUMERIC_CAPITALS", codeLength: 8 });
  assert.equal((await client.checkCode(c.sessionId, (await lastCode(caps)).toLowerCase())).outcome, "VERIFIED");
});

test("national numbers with country, and every channel's shape", async () => {
  const national = await client.startVerification({ destination: "8765 4321", country: "SG" });
  assert.equal(national.destination, "+6587654321");
  const sma = await client.startVerification({ destination: freshDestination(), channel: "sma" });
  assert.match(sma.smaVerificationUrl, /^http:\/\/127\.0\.0\.1:\d+\/sma\//);
  const whatsapp = await client.startVerification({ destination: freshDestination(), channel: "whatsapp", whatsapp: { templateName: "otp" } });
  assert.equal(whatsapp.status, "WAITING");
});

test("VerifyClient validates options synchronously, like the free functions", async () => {
  const table = [
    { apiKey: "k" },
    { apiKey: "k", subAccountId: "ab" },
    { apiKey: "k", subAccountId: "abc", region: "mars" },
    { apiKey: "k", subAccountId: "abc", baseUrl: "http://example.com" },
    { apiKey: "k", subAccountId: "abc", baseUrl: "http://localhost:8480" },
    { apiKey: "k", subAccountId: "abc", baseUrl: "http://[::1]:8480/x/" },
    { apiKey: "k", subAccountId: "abc", baseUrl: "http://127.0.0.01" },
    { apiKey: "k", subAccountId: "abc", timeoutMs: 0 },
    { apiKey: "k", subAccountId: "abc", timeoutMs: 2.5 },
    { apiKey: "k", subAccountId: "abc", timeoutMs: 600000 },
    { apiKey: "a b", subAccountId: "abc" },
    { apiKey: "", subAccountId: "abc" },
    { apiKey: 1, subAccountId: "abc" },
    { apiKey: "k", subAccountId: "abc", apikey: "typo" },
    { apiKey: "k", subAccountId: "abc", region: "eu" },
    ...PROXY_MODE_OPTIONS,
  ];
  for (const options of table) {
    const viaClass = verdict(() => new verify.VerifyClient(options));
    const viaFunction = await verify.getVerification(options, "abc", { signal: AbortSignal.abort() }).then(
      () => "ok",
      (e) => (e.code === "ABORTED" ? "ok" : `${e.code} ${e.field}: ${e.message}`),
    );
    assert.equal(viaFunction, viaClass, `free function: ${JSON.stringify(options)}`);
  }
});

/** Proxy-mode options, good and bad: what a browser may pass. */
const PROXY_MODE_OPTIONS = [
  { apiKey: undefined, baseUrl: "https://example.com/api/verify/" },
  { baseUrl: "https://example.com/api/verify", timeoutMs: 2500 },
  { baseUrl: "http://127.0.0.1:8080/api/verify", apiKey: null },
  { baseUrl: "https://example.com/api/verify?x" },
  { baseUrl: "https://example.com/api/verify#x" },
  { baseUrl: "https://u:p@example.com" },
  { baseUrl: "ftp://example.com" },
  { baseUrl: "https://example.com", timeoutMs: 0 },
  { baseUrl: "https://example.com", timeoutMs: 600001 },
  { baseUrl: "https://example.com", timeoutMs: 1.5 },
  { baseUrl: "https://example.com", timeoutMs: "10" },
  { baseUrl: "https://example.com", timeout: 10 },
  { baseUrl: 42 },
  { subAccountId: "abc", baseUrl: "https://example.com" },
  { region: "eu", baseUrl: "https://example.com" },
  {},
  null,
  [],
  "https://example.com",
];

function verdict(construct) {
  try {
    construct();
    return "ok";
  } catch (e) {
    assert.equal(e.name, "VerifyError");
    return `${e.code} ${e.field}: ${e.message}`;
  }
}

test("the browser entry's synchronous option checks give the wasm's answers in proxy mode, and refuse any key", async () => {
  // The browser entry checks its options in this file (its words and numbers generated
  // from the crate's rules: pkg/browser-rules.js), and its wasm takes them as prepared:
  // for every proxy-mode option it must agree with the server wasm's own checks.
  const { prepareBrowserOptions } = await import(new URL("../../pkg/browser-options.js", import.meta.url).href);
  for (const options of PROXY_MODE_OPTIONS) {
    const viaBrowser = verdict(() => prepareBrowserOptions(options));
    const viaWasm = verdict(() => new verify.VerifyClient(options));
    assert.equal(viaBrowser, viaWasm, JSON.stringify(options));
  }
  for (const options of [{ apiKey: "k", subAccountId: "acme_hq" }, { apiKey: "k", baseUrl: "https://example.com" }]) {
    const refused = verdict(() => prepareBrowserOptions(options));
    assert.match(refused, /^INVALID_REQUEST apiKey: apiKey must never reach a browser: mount createVerifyProxy on a server/);
    assert.ok(!refused.includes("k,") && !refused.includes('"k"'), "the key is never echoed");
  }
  assert.deepEqual(prepareBrowserOptions({ baseUrl: "https://example.com/api/verify/", timeoutMs: 5 }), {
    baseUrl: "https://example.com/api/verify/",
    timeoutMs: 5,
  });
});
