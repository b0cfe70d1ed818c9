// The proxy suite's end-to-end flows (../suite.mjs): the package's client in proxy mode through
// the whole verification, onVerified once per verification, and the same client as a browser
// page on the proxy's own origin, on an allowed origin (CORS preflight) and on a foreign one.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { asBrowserPage } from "../browser-fetch.mjs";
import { VerifyClient } from "../client.mjs";
import { ORIGIN } from "../proxies.mjs";
import { simMessages } from "../../support/sim.mjs";
import { freshSg } from "./harness.mjs";

/** Defines these tests on the suite `useProxyHost` (./harness.mjs) returned. */
export function defineClientFlowTests(suite) {
  const { received, hookLog } = suite;
  let sim, proxy; // started by the suite's own `before`, which runs first
  before(() => ({ sim, proxy } = suite));

  test("happy path through the client in proxy mode; onVerified once per verification", async () => {
    const client = new VerifyClient({ baseUrl: `${proxy.url}/api/verify` });
    const destination = freshSg();
    const started = await client.startVerification({ destination });
    assert.equal(started.status, "WAITING");
    assert.match(started.destination, /^\+\*+\d{4}$/, "masked to the last 4 digits");
    assert.equal(started.verifyUri, `/api/verify/sessions/${started.sessionId}`);
    assert.equal(started.expiresInSeconds, 300);
    const [upstreamCall] = (await received()).filter((r) => r.method === "POST");
    assert.deepEqual(Object.keys(upstreamCall.body).sort(), ["brand", "channel", "clientIp", "codeLength", "destination", "template"]);
    assert.equal(upstreamCall.body.template, "Acme code: {code}", "the template comes from the server");
    assert.equal(upstreamCall.body.clientIp, proxy.clientIp);
    const [message] = await simMessages(sim.url, destination);
    assert.equal(message.text, `Acme code: ${message.code}`);
    const wrong = await client.checkCode(started.sessionId, message.code === "000000" ? "111111" : "000000");
    assert.equal(wrong.outcome, "WRONG_CODE");
    const right = await client.checkCode(started.sessionId, message.code);
    assert.equal(right.outcome, "VERIFIED");
    await assert.rejects(
      client.checkCode(started.sessionId, message.code),
      (e) => e.code === "NOT_FOUND" && e.status === 404 && e.apiCode === 1300,
      "a second check of a verified session is told it is closed, never VERIFIED (onVerified ran for the first)",
    );
    assert.equal((await client.getVerification(started.sessionId)).status, "VERIFIED");
    const { main } = await hookLog();
    assert.deepEqual(main.verified, [started.sessionId], "onVerified ran exactly once");
  });

  test("the package's client works same-origin and from an allowed origin (the preflight allows X-Verify-8x8)", async () => {
    for (const page of [proxy.url, ORIGIN]) {
      const destination = freshSg();
      const { result, sent } = await asBrowserPage(page, proxy.url, async () => {
        const client = new VerifyClient({ baseUrl: `${proxy.url}/api/verify` });
        const started = await client.startVerification({ destination, channel: "sms" });
        const [message] = await simMessages(sim.url, destination);
        return { started, checked: await client.checkCode(started.sessionId, message.code) };
      });
      assert.equal(result.started.status, "WAITING", page);
      assert.equal(result.checked.outcome, "VERIFIED", page);
      assert.ok(result.started.expiresInSeconds > 0 && result.started.expiresInSeconds <= 300, "Date is readable (exposed)");
      const actual = sent.filter((r) => r.method !== "OPTIONS");
      assert.equal(actual.length, 2);
      for (const r of actual) assert.equal(r.headers["x-verify-8x8"], "1", `${r.method} ${r.url} carries the header`);
      const preflights = sent.filter((r) => r.method === "OPTIONS");
      if (page === ORIGIN) {
        assert.equal(preflights.length, 2, "a preflight before each cross-origin request");
        assert.deepEqual(preflights.map((r) => r.headers["access-control-request-headers"]), ["content-type,idempotency-key,x-verify-8x8", "idempotency-key,x-verify-8x8"]);
      } else {
        assert.equal(preflights.length, 0, "same-origin: no preflight");
      }
    }
    const { main } = await hookLog();
    assert.equal(main.verified.length, 2);
    // The same page on an origin that is not allowed fails as in a browser, and nothing is sent.
    const before = await received();
    const refused = await asBrowserPage("https://evil.example", proxy.url, async () => {
      const client = new VerifyClient({ baseUrl: `${proxy.url}/api/verify` });
      return client.startVerification({ destination: freshSg() }).catch((e) => e);
    });
    assert.equal(refused.result.name, "VerifyError");
    assert.equal(refused.result.code, "NETWORK");
    assert.deepEqual(refused.sent.map((r) => r.method), ["OPTIONS"], "only the preflight went out");
    assert.deepEqual(await received(), before, "nothing reached 8x8");
  });
}
