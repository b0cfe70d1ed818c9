// The proxy suite's operator events (../suite.mjs): onEvent reports one event per request with
// its reason, country, masked number and client IP (never a code, the key or the subaccount),
// names the hooks', limits' and upstream's refusals too, and breaks nothing when it throws.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { rawRequest } from "../http.mjs";
import { API_KEY, CLIENT_IP_HEADER, ORIGIN, SUB_ACCOUNT } from "../proxies.mjs";
import { injectFault, simMessages } from "../../support/sim.mjs";
import { freshSg } from "./harness.mjs";

/** Defines these tests on the suite `useProxyHost` (./harness.mjs) returned. */
export function defineEventTests(suite) {
  const { send, untilReceived, hookLog } = suite;
  let sim, proxy; // started by the suite's own `before`, which runs first
  before(() => ({ sim, proxy } = suite));

  test("onEvent: one event per request (type, reason, country, masked number, client IP); never a code, the key or the subaccount", async () => {
    const destination = freshSg();
    const digits = destination.replace(/\D/g, "");
    const masked = `+******${digits.slice(-4)}`;
    const ip = proxy.clientIp;
    const started = await send("POST", "/api/verify/sessions", { body: { destination } });
    assert.equal(started.status, 200);
    const { sessionId } = started.json;
    const [message] = await simMessages(sim.url, destination);
    const wrongCode = message.code === "000000" ? "111111" : "000000";
    await send("GET", `/api/verify/sessions/${sessionId}?code=${wrongCode}`);
    await send("GET", `/api/verify/sessions/${sessionId}`); // a status read: no event
    await send("OPTIONS", "/api/verify/sessions", { marker: false, headers: { origin: ORIGIN, "access-control-request-method": "POST" } }); // a preflight: no event
    await send("GET", `/api/verify/sessions/${sessionId}?code=${message.code}`);
    await send("POST", "/api/verify/sessions", { body: { destination: "+44 7700 900123" } });
    await send("POST", "/api/verify/sessions", { body: { destination: freshSg(), channel: "whatsapp" } });
    await send("POST", "/api/verify/sessions", { body: { destination }, marker: false });
    await rawRequest("GET", `${proxy.url}/api/verify/sessions/${sessionId}?code=${message.code}`, { headers: { "sec-fetch-mode": "navigate", "sec-fetch-site": "cross-site" } });
    await send("POST", "/api/verify/sessions", { body: { destination }, headers: { origin: "https://evil.example" } });
    await send("GET", "/api/verify/nowhere");
    await send("PUT", "/api/verify/sessions");
    await send("POST", "/api/verify/sessions", { raw: "x", headers: { "content-type": "text/plain" } });
    await send("POST", "/api/verify/sessions", { body: { destination, template: "{code}" } });
    await send("GET", "/api/verify/sessions/00000000-0000-4000-8000-000000000000");
    await injectFault(sim.url, { count: 1, status: 500 });
    const other = freshSg();
    await send("POST", "/api/verify/sessions", { body: { destination: other } });
    await injectFault(sim.url, { count: 1, status: 401 });
    await send("POST", "/api/verify/sessions", { body: { destination: other } });
    await injectFault(sim.url, { count: 1, delayMs: 2500 });
    await send("POST", "/api/verify/sessions", { body: { destination: other } });
    await untilReceived(other, 3);
    const { main } = await hookLog();
    const otherMasked = `+******${other.replace(/\D/g, "").slice(-4)}`;
    const expected = [
      { type: "sent", country: "SG", destination: masked, clientIp: ip },
      { type: "refused", reason: "wrong_code", country: "SG", destination: masked, clientIp: ip },
      { type: "verified", country: "SG", destination: masked, clientIp: ip },
      { type: "refused", reason: "country_not_allowed", clientIp: ip },
      { type: "refused", reason: "channel_not_allowed", clientIp: ip },
      { type: "refused", reason: "missing_header", clientIp: ip },
      { type: "refused", reason: "cross_site", clientIp: ip },
      { type: "refused", reason: "origin_not_allowed", clientIp: ip },
      { type: "refused", reason: "not_found", clientIp: ip },
      { type: "refused", reason: "method_not_allowed", clientIp: ip },
      { type: "refused", reason: "unsupported_media_type", clientIp: ip },
      { type: "refused", reason: "invalid_request", clientIp: ip },
      { type: "refused", reason: "session_not_found", clientIp: ip },
      { type: "upstream_error", reason: "upstream_failed", country: "SG", destination: otherMasked, clientIp: ip },
      { type: "upstream_error", reason: "upstream_unauthorized", country: "SG", destination: otherMasked, clientIp: ip },
      { type: "upstream_error", reason: "upstream_timeout", country: "SG", destination: otherMasked, clientIp: ip },
    ];
    // Country and number are reported once known; the refusals before the body may or may not carry them.
    const comparable = main.events.map((e) => {
      const { type, reason, clientIp } = e;
      const keep = expected.find((x) => x.type === type && x.reason === reason)?.country !== undefined;
      return { type, ...(reason ? { reason } : {}), ...(keep ? { country: e.country, destination: e.destination } : {}), clientIp };
    });
    assert.deepEqual(comparable, expected);
    for (const e of main.events) {
      assert.deepEqual(Object.keys(e).filter((k) => !["type", "reason", "country", "destination", "clientIp"].includes(k)), [], JSON.stringify(e));
      if (e.destination !== undefined) assert.match(e.destination, /^\+\*+\d{4}$/, "masked");
    }
    const text = JSON.stringify(main.events);
    for (const secret of [API_KEY, SUB_ACCOUNT, message.code, wrongCode, digits, digits.slice(2)]) {
      assert.ok(!text.includes(secret), `no event contains ${secret}`);
    }
  });

  test("onEvent: hooks, client-IP, limit and upstream refusals are named too", async () => {
    const base = "/events-hooks/api/verify";
    const destination = freshSg();
    const masked = `+******${destination.replace(/\D/g, "").slice(-4)}`;
    const post = (ip, headers = {}) => send("POST", `${base}/sessions`, { body: { destination }, headers: { ...(ip ? { [CLIENT_IP_HEADER]: ip } : {}), ...headers } });
    assert.equal((await post(undefined)).status, 400);
    assert.equal((await post("192.0.2.1", { "x-test-before-send": "response" })).status, 403);
    assert.equal((await post("192.0.2.2", { "x-test-before-send": "false" })).status, 500);
    assert.equal((await post("192.0.2.3", { "x-test-before-send": "throw" })).status, 500);
    assert.equal((await post("192.0.2.4")).status, 502);
    assert.equal((await post("192.0.2.4")).status, 429);
    assert.equal((await send("POST", `${base}/sessions`, { raw: JSON.stringify({ destination, language: "x".repeat(5000) }), headers: { "content-type": "application/json", [CLIENT_IP_HEADER]: "192.0.2.5" } })).status, 413);
    assert.equal((await send("POST", "/events-store/api/verify/sessions", { body: { destination } })).status, 502);
    await injectFault(sim.url, { count: 1, body: "non-json" });
    assert.equal((await send("POST", "/api/verify/sessions", { body: { destination } })).status, 502);
    // (Nothing listens there. A `drop` fault would not do: Deno's fetch silently retries a request,
    // POST included, whose pooled connection closed before the answer.)
    assert.equal((await send("POST", "/events-unreachable/api/verify/sessions", { body: { destination } })).status, 502);
    const log = await hookLog();
    const sg = { country: "SG", destination: masked };
    assert.deepEqual(log["events-hooks"].events, [
      { type: "refused", reason: "no_client_ip", ...sg },
      { type: "refused", reason: "before_send", ...sg, clientIp: "192.0.2.1" },
      { type: "refused", reason: "hook_result", ...sg, clientIp: "192.0.2.2" },
      { type: "refused", reason: "hook_failed", ...sg, clientIp: "192.0.2.3" },
      { type: "upstream_error", reason: "upstream_redirect", ...sg, clientIp: "192.0.2.4" },
      { type: "refused", reason: "ip_limit", ...sg, clientIp: "192.0.2.4" },
      { type: "refused", reason: "too_large", clientIp: "192.0.2.5" },
    ]);
    assert.deepEqual(log["events-store"].events, [{ type: "upstream_error", reason: "limit_store", ...sg, clientIp: proxy.clientIp }]);
    assert.deepEqual(log.main.events.map((e) => e.reason), ["upstream_bad_response"]);
    assert.deepEqual(log["events-unreachable"].events, [{ type: "upstream_error", reason: "upstream_unreachable", ...sg, clientIp: proxy.clientIp }]);
  });

  test("an onEvent that throws or returns a rejected promise breaks nothing", async () => {
    for (const how of ["throw", "reject"]) {
      const base = `/events-${how}/api/verify`;
      const destination = freshSg();
      const started = await send("POST", `${base}/sessions`, { body: { destination } });
      assert.equal(started.status, 200, started.text);
      const [message] = await simMessages(sim.url, destination);
      const verified = await send("GET", `${base}/sessions/${started.json.sessionId}?code=${message.code}`);
      assert.equal(verified.status, 200, verified.text);
      assert.equal(verified.json.status, "VERIFIED");
      const limited = await send("POST", `${base}/sessions`, { body: { destination } });
      assert.equal(limited.status, 429, "a refusal is answered as usual");
      assert.equal((await send("GET", `${base}/nowhere`)).status, 404);
      const log = (await hookLog())[`events-${how}`];
      assert.deepEqual(log.events.map((e) => e.reason ?? e.type), ["sent", "verified", "destination_limit", "not_found"]);
      assert.deepEqual(log.verified, [started.json.sessionId], "onVerified still ran");
    }
    // The host is still healthy (an unhandled rejection would have killed Deno or failed Node's test).
    assert.equal((await send("GET", "/api/verify/nowhere")).status, 404);
  });
}
