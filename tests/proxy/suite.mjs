// The proxy's behaviour and attack table (PRODUCT §6), run over real HTTP against a proxy
// hosted in a runtime: Deno (Deno.serve), workerd (miniflare, proxy made at module scope)
// or Node (fetch adapter). Upstream is the simulator; `/_sim/requests` shows exactly what
// reached it.
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, before, beforeEach, describe, test } from "node:test";
import { VerifyClient } from "./client.mjs";
import { injectFault, resetSim, simMessages, startSim } from "../support/sim.mjs";

export const API_KEY = "proxy-secret-key-7f3a";
export const SUB_ACCOUNT = "acme_secret_hq";
export const ORIGIN = "https://app.example.com";

/** The proxy options every host uses (plus its own client-IP source and clock). */
export function proxyOptions(simUrl) {
  return {
    apiKey: API_KEY,
    subAccountId: SUB_ACCOUNT,
    upstreamUrl: simUrl,
    allowedCountries: ["SG", "US"],
    channels: ["sms", "call"],
    allowedOrigins: [ORIGIN],
    defaults: { brand: "Acme", template: "Acme code: {code}", codeLength: 6 },
    limits: { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: { max: 1000, windowSeconds: 3600 } },
    timeoutMs: 1000,
  };
}

let counter = 0;
const freshSg = () => `+65 9${String((process.pid * 1000 + ++counter) % 10_000_000).padStart(7, "0")}`;

/**
 * Defines the suite. `host.start(simUrl)` returns `{ url, advance(seconds), verified(), stop(), clientIp }`:
 * the proxy's origin, its test clock, the sessions onVerified saw, and the client IP
 * upstream should receive.
 */
export function defineProxySuite(name, host) {
  describe(`proxy in ${name}`, () => {
    let sim;
    let proxy;
    const seen = []; // every response text, checked for secrets at the end

    before(async () => {
      sim = await startSim({ args: ["--api-key", API_KEY, "--sub-account", SUB_ACCOUNT] });
      proxy = await host.start(sim.url);
    });
    after(async () => {
      await proxy?.stop();
      await sim?.stop();
    });
    beforeEach(() => resetSim(sim.url));

    async function send(method, path, { body, headers = {}, raw } = {}) {
      const response = await fetch(`${proxy.url}${path}`, {
        method,
        headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
        duplex: raw instanceof ReadableStream ? "half" : undefined,
      });
      const text = await response.text();
      seen.push(text, JSON.stringify([...response.headers]));
      return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : undefined };
    }
    const received = async () => (await fetch(`${sim.url}/_sim/requests`)).json();
    async function refusedBeforeUpstream(status, call, field) {
      const before = (await received()).length;
      const r = await call();
      assert.equal(r.status, status, r.text);
      assert.equal(r.headers.get("cache-control"), "no-store");
      assert.equal(typeof r.json.errorId, "string");
      assert.equal(typeof r.json.timestamp, "string");
      if (field) assert.equal(r.json.field, field);
      assert.equal((await received()).length, before, "nothing reached 8x8");
      return r;
    }

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
      const again = await client.checkCode(started.sessionId, message.code);
      assert.equal(again.outcome, "VERIFIED");
      assert.equal((await client.getVerification(started.sessionId)).status, "VERIFIED");
      assert.deepEqual((await proxy.verified()).filter((id) => id === started.sessionId), [started.sessionId], "onVerified ran exactly once");
    });

    test("injection of server-only fields is refused before 8x8", async () => {
      for (const field of ["template", "callbackUrl", "brand", "templateKey", "sms", "codeLength", "resetSession", "clientIp", "whatsapp", "unknownField"]) {
        const value = field === "sms" || field === "whatsapp" ? { source: "BANK" } : "https://evil.example/{code}";
        await refusedBeforeUpstream(400, () => send("POST", "/api/verify/sessions", { body: { destination: freshSg(), [field]: value } }), field);
      }
    });

    test("countries: derived from the number, never from the country field", async () => {
      const post = (body) => () => send("POST", "/api/verify/sessions", { body });
      await refusedBeforeUpstream(403, post({ destination: "+44 7700 900123" }), "destination");
      await refusedBeforeUpstream(403, post({ destination: "+44 7700 900123", country: "SG" }), "destination");
      await refusedBeforeUpstream(403, post({ destination: "+1 416 555 0123", country: "US" }), "destination");
      await refusedBeforeUpstream(403, post({ destination: "07700 900123", country: "GB" }), "destination");
      await refusedBeforeUpstream(400, post({ destination: "87654321" }), "destination");
      const national = await send("POST", "/api/verify/sessions", { body: { destination: "9123 4567", country: "SG" } });
      assert.equal(national.status, 200, national.text);
      const [call] = (await received()).filter((r) => r.method === "POST");
      assert.equal(call.body.destination, "+6591234567");
      assert.equal(call.body.country, undefined);
    });

    test("channels: only those configured", async () => {
      await refusedBeforeUpstream(403, () => send("POST", "/api/verify/sessions", { body: { destination: freshSg(), channel: "whatsapp" } }), "channel");
      const call = await send("POST", "/api/verify/sessions", { body: { destination: freshSg(), channel: "call", language: "en-US" } });
      assert.equal(call.status, 200, call.text);
    });

    test("routes, methods, content types, bodies", async () => {
      await refusedBeforeUpstream(404, () => send("GET", "/api/verify/other"));
      await refusedBeforeUpstream(404, () => send("GET", "/elsewhere"));
      const wrongMethod = await refusedBeforeUpstream(405, () => send("DELETE", "/api/verify/sessions"));
      assert.match(wrongMethod.headers.get("allow"), /POST/);
      assert.match((await refusedBeforeUpstream(405, () => send("POST", "/api/verify/sessions/abc"))).headers.get("allow"), /GET/);
      await refusedBeforeUpstream(415, () => send("POST", "/api/verify/sessions", { raw: JSON.stringify({ destination: freshSg() }), headers: { "content-type": "text/plain" } }));
      await refusedBeforeUpstream(400, () => send("POST", "/api/verify/sessions", { raw: "{destination:", headers: { "content-type": "application/json" } }));
      await refusedBeforeUpstream(400, () => send("POST", "/api/verify/sessions", { raw: "[]", headers: { "content-type": "application/json" } }));
      const big = JSON.stringify({ destination: freshSg(), language: "x".repeat(5000) });
      await refusedBeforeUpstream(413, () => send("POST", "/api/verify/sessions", { raw: big, headers: { "content-type": "application/json" } }));
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(" ".repeat(1000)));
          controller.close();
        },
      });
      // A streamed body is refused as soon as it passes 4 KB, while the client may still be
      // sending: the answer is 413, or the server closes the connection on the rest.
      const before = (await received()).length;
      const streamed = await send("POST", "/api/verify/sessions", { raw: stream, headers: { "content-type": "application/json" } }).catch((reset) => ({ reset }));
      assert.ok(streamed.reset !== undefined || streamed.status === 413, streamed.text);
      assert.equal((await received()).length, before, "nothing reached 8x8");
    });

    test("session ids cannot escape their path segment", async () => {
      for (const path of ["/api/verify/sessions/..%2F..%2Fsma%2Fcoverage", "/api/verify/sessions/abc%2Fdef", "/api/verify/sessions/a.b", "/api/verify/sessions/x?code=1%202"]) {
        await refusedBeforeUpstream(400, () => send("GET", path));
      }
      for (const path of ["/api/verify/sessions/../../api/v2/subaccounts", "/api/verify/sessions/%2e%2e/%2e%2e/x"]) {
        const status = await rawStatus(proxy.url, path);
        assert.ok([400, 404].includes(status), `${path}: ${status}`);
      }
      assert.deepEqual(await received(), []);
    });

    test("CORS: allowed origin, foreign origin, preflight", async () => {
      const pre = await send("OPTIONS", "/api/verify/sessions", { headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get("access-control-allow-origin"), ORIGIN);
      assert.equal(pre.headers.get("access-control-allow-methods"), "GET, POST");
      assert.equal(pre.headers.get("access-control-allow-headers"), "Content-Type");
      const ok = await send("POST", "/api/verify/sessions", { body: { destination: freshSg() }, headers: { origin: ORIGIN } });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.headers.get("access-control-allow-origin"), ORIGIN);
      assert.match(ok.headers.get("vary"), /Origin/);
      assert.equal(ok.headers.get("access-control-expose-headers"), "Retry-After, Date");
      await refusedBeforeUpstream(403, () => send("POST", "/api/verify/sessions", { body: { destination: freshSg() }, headers: { origin: "https://evil.example" } }));
      const foreignPre = await send("OPTIONS", "/api/verify/sessions", { headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
      assert.equal(foreignPre.status, 403);
      assert.equal(foreignPre.headers.get("access-control-allow-origin"), null);
    });

    test("a spoofed X-Forwarded-For does not choose the client IP", async () => {
      const r = await send("POST", "/api/verify/sessions", { body: { destination: freshSg() }, headers: { "x-forwarded-for": "6.6.6.6" } });
      assert.equal(r.status, 200, r.text);
      const [call] = (await received()).filter((c) => c.method === "POST");
      assert.equal(call.body.clientIp, proxy.clientIp);
    });

    test("rate limit: exhaustion, Retry-After, recovery after the window", async () => {
      const destination = freshSg();
      for (let i = 0; i < 3; i++) {
        const ok = await send("POST", "/api/verify/sessions", { body: { destination, channel: "sms" } });
        assert.notEqual(ok.status, 429, `send ${i + 1}`);
        await fetch(`${sim.url}/_sim/clock`, { method: "POST", body: JSON.stringify({ advanceSeconds: 11 }) });
      }
      const limited = await refusedBeforeUpstream(429, () => send("POST", "/api/verify/sessions", { body: { destination } }));
      const retryAfter = Number(limited.headers.get("retry-after"));
      assert.ok(retryAfter > 0 && retryAfter <= 600, `${retryAfter}`);
      assert.equal(limited.json.retryAfterSeconds, retryAfter);
      await proxy.advance(601);
      const recovered = await send("POST", "/api/verify/sessions", { body: { destination } });
      assert.equal(recovered.status, 200, recovered.text);
    });

    test("upstream failures: 401 and 500 and HTML become 502, a timeout 504; resend-too-soon passes through", async () => {
      for (const fault of [{ status: 401 }, { status: 500 }, { body: "non-json" }]) {
        await injectFault(sim.url, { count: 1, ...fault });
        const r = await send("POST", "/api/verify/sessions", { body: { destination: freshSg() } });
        assert.equal(r.status, 502, JSON.stringify(fault));
        assert.equal(r.json.code, 2000);
      }
      await injectFault(sim.url, { count: 1, delayMs: 2500 });
      const slow = await send("POST", "/api/verify/sessions", { body: { destination: freshSg() } });
      assert.equal(slow.status, 504);
      const destination = freshSg();
      await send("POST", "/api/verify/sessions", { body: { destination } });
      const tooSoon = await send("POST", "/api/verify/sessions", { body: { destination } });
      assert.equal(tooSoon.status, 403);
      assert.equal(tooSoon.json.code, 1400);
      assert.ok(Number(tooSoon.headers.get("retry-after")) > 0);
    });

    test("no response ever contained the key or the subaccount", () => {
      assert.ok(seen.length > 50);
      for (const text of seen) {
        assert.ok(!text.includes(API_KEY) && !text.includes(SUB_ACCOUNT), text);
      }
    });
  });
}

/** The status for a path sent verbatim (fetch would normalise `..`). */
function rawStatus(base, path) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: "GET" }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("error", reject);
    req.end();
  });
}
