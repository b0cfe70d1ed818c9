// The proxy's behaviour (README "The proxy") and its attack table (./attacks.mjs), run
// over real HTTP against proxies hosted in a runtime: Node (fetch adapter), Deno
// (Deno.serve) or workerd (miniflare, proxies made at module scope). One host process per
// runtime serves every proxy the suite needs, each under its own basePath
// (fixtures/app.mjs). Upstream is the simulator; `/_sim/requests` shows exactly what
// reached it.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, beforeEach, describe, test } from "node:test";
import { runAttack, ATTACKS } from "./attacks.mjs";
import { asBrowserPage } from "./browser-fetch.mjs";
import { VerifyClient } from "./client.mjs";
import { closeIdleConnections, rawRequest, rawStatus, streamedPost } from "./http.mjs";
import { closedUrl } from "../runtime/expect.mjs";
import { injectFault, resetSim, simMessages, startSim } from "../support/sim.mjs";

export const API_KEY = "proxy-secret-key-7f3a";
export const SUB_ACCOUNT = "acme_secret_hq";
export const ORIGIN = "https://app.example.com";
/** The header every request of the package's client carries; a cross-site page cannot send it. */
export const MARKER = { "x-verify-8x8": "1" };

/** The options of the suite's main proxy (plus the host's client-IP source). */
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

/** The header the attack table's proxies read the client's address from, in every runtime. */
export const CLIENT_IP_HEADER = "x-client-ip";

/**
 * Every proxy a host serves (fixtures/app.mjs entries). `mainIp` is the main proxy's client-IP
 * source (`{}`: the runtime's default). The attack table's proxies (`row1` … `row9-*`) use
 * only options that older releases also knew, so that the table can be run against them.
 */
export function proxyEntries({ runtime, simUrl, redirectUrl, closedUrl, mainIp }) {
  const attackOptions = {
    apiKey: API_KEY,
    subAccountId: SUB_ACCOUNT,
    upstreamUrl: simUrl,
    allowedCountries: ["SG", "US"],
    defaults: { brand: "Acme", codeLength: 6 },
    clientIpHeader: CLIENT_IP_HEADER,
    // The defaults (README "The proxy"), written out: 3 sends per number per 10 min, 10 requests per client per hour.
    limits: { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: { max: 10, windowSeconds: 3600 } },
    timeoutMs: 2000,
  };
  const recorded = { beforeSend: "by-header", onVerified: "by-header" };
  // One proxy per row of the attack table (a fresh limiter each: no row depends on another).
  // A row may change its proxy's options or hooks, and ask for `peers`: more proxies of the same
  // options under `/row<N>-<peer>/…` (with a shared store, other isolates of one deployment).
  const rows = ATTACKS.flatMap(({ row, options = {}, hooks = {}, peers = [] }) =>
    ["", ...peers.map((peer) => `-${peer}`)].map((suffix) => ({
      name: `row${row}${suffix}`,
      options: { ...attackOptions, basePath: `/row${row}${suffix}/api/verify`, ...(row === 8 ? { upstreamUrl: redirectUrl } : {}), ...options },
      hooks: { ...recorded, ...hooks },
    })),
  );
  // Row 9: the runtime's default client-IP source (no clientIpHeader).
  const platform = { ...attackOptions, clientIpHeader: undefined };
  if (runtime === "workerd") {
    rows.push(
      { name: "row9-cloudflare", options: { ...platform, basePath: "/row9-cloudflare/api/verify" }, hooks: recorded },
      { name: "row9-self-hosted", options: { ...platform, basePath: "/row9-self-hosted/api/verify" }, hooks: recorded, stripCf: true },
    );
  }
  if (runtime === "deno") rows.push({ name: "row9-platform-ip", options: { ...platform, basePath: "/row9-platform-ip/api/verify" }, hooks: recorded });
  return [
    { name: "main", options: { ...proxyOptions(simUrl), ...mainIp }, hooks: { onVerified: "record", onEvent: "record" } },
    {
      name: "budget",
      options: {
        ...proxyOptions(simUrl),
        basePath: "/budget/api/verify",
        limits: { perDestination: null, perClientIp: null, perCountry: { max: 2, windowSeconds: 600 } },
      },
      hooks: { onEvent: "record" },
    },
    {
      // Every hook and refusal an operator should see: upstream is the redirector (any request that gets there is a 502).
      name: "events-hooks",
      options: {
        ...proxyOptions(simUrl),
        basePath: "/events-hooks/api/verify",
        upstreamUrl: redirectUrl,
        clientIpHeader: CLIENT_IP_HEADER,
        limits: { perDestination: null, perClientIp: { max: 1, windowSeconds: 600 } },
      },
      hooks: { beforeSend: "by-header", onEvent: "record" },
    },
    { name: "events-unreachable", options: { ...proxyOptions(closedUrl), ...mainIp, basePath: "/events-unreachable/api/verify" }, hooks: { onEvent: "record" } },
    { name: "events-store", options: { ...proxyOptions(simUrl), ...mainIp, basePath: "/events-store/api/verify" }, hooks: { onEvent: "record", store: "failing" } },
    ...["throw", "reject"].map((how) => ({
      name: `events-${how}`,
      options: { ...proxyOptions(simUrl), ...mainIp, basePath: `/events-${how}/api/verify`, limits: { perDestination: { max: 1, windowSeconds: 600 } } },
      hooks: { onEvent: how, onVerified: "record" },
    })),
    ...rows,
  ];
}

/** A stand-in for 8x8's address that answers every request with a 307 to the simulator. */
async function startRedirector(simUrl) {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    req.resume();
    res.writeHead(307, { location: `${simUrl}${req.url}` }).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

let counter = 0;
const freshSg = () => `+65 9${String((process.pid * 1000 + ++counter) % 10_000_000).padStart(7, "0")}`;

/**
 * Defines the suite for a host: `{ runtime, mainIp, start({ entries }) }`, where `start`
 * resolves to `{ url, clientIp, stop() }` — the host's origin, the client IP the main proxy
 * sees for this process's requests, and a way to stop it.
 */
export function defineProxySuite(name, host) {
  describe(`proxy in ${name}`, () => {
    let sim;
    let redirector;
    let proxy;
    const seen = []; // every response text and headers, checked for secrets at the end

    before(async () => {
      sim = await startSim({ args: ["--api-key", API_KEY, "--sub-account", SUB_ACCOUNT] });
      redirector = await startRedirector(sim.url);
      const entries = proxyEntries({ runtime: host.runtime, simUrl: sim.url, redirectUrl: redirector.url, closedUrl: await closedUrl(), mainIp: host.mainIp });
      proxy = await host.start({ entries });
    });
    after(async () => {
      closeIdleConnections();
      await proxy?.stop();
      await redirector?.close();
      await sim?.stop();
    });
    beforeEach(async () => {
      await resetSim(sim.url);
      await fetch(`${proxy.url}/__test/log/reset`, { method: "POST" });
    });

    /** A request through fetch (as a browser's fetch, Sec-Fetch-Mode: cors), with the marker header unless `marker: false`. */
    async function send(method, path, { body, headers = {}, raw, marker = true } = {}) {
      const all = { ...(marker ? MARKER : {}), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers };
      const response = await fetch(`${proxy.url}${path}`, {
        method,
        headers: all,
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      seen.push(text, JSON.stringify([...response.headers]));
      return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : undefined };
    }
    const received = async () => (await fetch(`${sim.url}/_sim/requests`)).json();
    /**
     * Waits (polling, at most 10 s) until the simulator has recorded a request to `destination`
     * `count` times: a request held by a `delayMs` fault is recorded only when the delay ends,
     * long after the proxy gave up on it, and must not land in a later test's record.
     */
    async function untilReceived(destination, count) {
      const digits = destination.replace(/\D/g, "");
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 25))) {
        const calls = (await received()).filter((c) => c.body?.destination?.replace(/\D/g, "") === digits);
        if (calls.length >= count) return;
      }
      assert.fail(`the simulator never recorded ${count} requests to ${destination}`);
    }
    const hookLog = async () => (await fetch(`${proxy.url}/__test/log`)).json();
    const advance = (seconds) => fetch(`${proxy.url}/__test/advance?seconds=${seconds}`).then((r) => r.text());
    async function refusedBeforeUpstream(status, call, field) {
      const before = await received();
      const r = await call();
      assert.equal(r.status, status, r.text);
      assert.equal(r.headers.get("cache-control"), "no-store");
      assert.equal(r.headers.get("x-content-type-options"), "nosniff");
      assert.equal(typeof r.json.errorId, "string");
      assert.equal(typeof r.json.timestamp, "string");
      if (field) assert.equal(r.json.field, field);
      assert.deepEqual(await received(), before, "nothing reached 8x8");
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
      // A streamed body is refused as soon as it passes 4 KB, while the client may still be
      // sending: the answer is 413, or the server closes the connection on the rest. (On a
      // connection of its own: a pooled one could be handed to the next request as it closes.)
      const before = await received();
      const streamed = await streamedPost(`${proxy.url}/api/verify/sessions`, { ...MARKER, "content-type": "application/json" }, Array(10).fill(" ".repeat(1000)));
      assert.ok(streamed.reset !== undefined || streamed.status === 413, streamed.text);
      assert.deepEqual(await received(), before, "nothing reached 8x8");
    });

    test("cross-site gate: X-Verify-8x8 required, fetch metadata of another site refused, before anything else", async () => {
      const post = (headers, marker = true) => () => send("POST", "/api/verify/sessions", { body: { destination: freshSg() }, headers, marker });
      const missing = await refusedBeforeUpstream(403, post({}, false));
      assert.equal(missing.json.code, 1201);
      assert.match(missing.json.message, /X-Verify-8x8/);
      await refusedBeforeUpstream(403, post({ "x-verify-8x8": "true" }, false), undefined);
      await refusedBeforeUpstream(403, post({ "x-verify-8x8": "0" }, false), undefined);
      // Before the route and the body: a wrong method or a broken body without the header is still 403.
      await refusedBeforeUpstream(403, () => send("DELETE", "/api/verify/sessions", { marker: false }));
      await refusedBeforeUpstream(403, () => send("POST", "/api/verify/sessions", { raw: "{", headers: { "content-type": "application/json" }, marker: false }));
      // Sec-Fetch-Site: cross-site from an origin that is not allowed (or none), even with the header.
      await refusedBeforeUpstream(403, post({ "sec-fetch-site": "cross-site" }));
      await refusedBeforeUpstream(403, post({ "sec-fetch-site": "cross-site", origin: "https://evil.example" }));
      // From an allowed origin a cross-site fetch is what CORS is for.
      const allowed = await send("POST", "/api/verify/sessions", { body: { destination: freshSg() }, headers: { "sec-fetch-site": "cross-site", origin: ORIGIN } });
      assert.equal(allowed.status, 200, allowed.text);
      // Navigation and no-cors modes (Node's fetch always says "cors": sent verbatim here).
      for (const mode of ["navigate", "no-cors", "NAVIGATE"]) {
        const before = await received();
        const r = await rawRequest("POST", `${proxy.url}/api/verify/sessions`, {
          headers: { ...MARKER, "content-type": "application/json", "sec-fetch-mode": mode, "sec-fetch-site": "same-origin" },
          body: JSON.stringify({ destination: freshSg() }),
        });
        assert.equal(r.status, 403, `${mode}: ${r.text}`);
        assert.equal(r.json.code, 1201);
        assert.equal(r.headers["cache-control"], "no-store");
        assert.deepEqual(await received(), before, "nothing reached 8x8");
      }
    });

    test("session ids cannot escape their path segment", async () => {
      for (const path of ["/api/verify/sessions/..%2F..%2Fsma%2Fcoverage", "/api/verify/sessions/abc%2Fdef", "/api/verify/sessions/a.b", "/api/verify/sessions/x?code=1%202"]) {
        await refusedBeforeUpstream(400, () => send("GET", path));
      }
      for (const path of ["/api/verify/sessions/../../api/v2/subaccounts", "/api/verify/sessions/%2e%2e/%2e%2e/x"]) {
        const status = await rawStatus(proxy.url, path, MARKER);
        assert.ok([400, 404].includes(status), `${path}: ${status}`);
      }
      assert.deepEqual(await received(), []);
    });

    test("CORS: allowed origin, foreign origin, preflight", async () => {
      for (const route of ["/api/verify/sessions", "/api/verify/sessions/abc"]) {
        // A preflight carries no X-Verify-8x8 (a browser never adds it to one): it needs none.
        const pre = await send("OPTIONS", route, {
          marker: false,
          headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-verify-8x8" },
        });
        assert.equal(pre.status, 204, pre.text);
        assert.equal(pre.headers.get("access-control-allow-origin"), ORIGIN);
        assert.equal(pre.headers.get("access-control-allow-methods"), "GET, POST");
        assert.equal(pre.headers.get("access-control-allow-headers"), "Content-Type, X-Verify-8x8, Idempotency-Key");
        assert.equal(pre.headers.get("access-control-allow-credentials"), "true", "cookies, for the exact origin only");
        assert.equal(pre.headers.get("cache-control"), "no-store");
      }
      const ok = await send("POST", "/api/verify/sessions", { body: { destination: freshSg() }, headers: { origin: ORIGIN } });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.headers.get("access-control-allow-origin"), ORIGIN);
      assert.match(ok.headers.get("vary"), /Origin/);
      assert.equal(ok.headers.get("access-control-expose-headers"), "Retry-After, Date");
      assert.equal(ok.headers.get("access-control-allow-credentials"), "true");
      assert.equal(ok.headers.get("x-content-type-options"), "nosniff");
      const foreign = await refusedBeforeUpstream(403, () => send("POST", "/api/verify/sessions", { body: { destination: freshSg() }, headers: { origin: "https://evil.example" } }));
      assert.equal(foreign.headers.get("access-control-allow-origin"), null);
      assert.equal(foreign.headers.get("access-control-allow-credentials"), null);
      // Behind a framework's server (next start, Vite's proxy) request.url names another host:
      // what the browser states (Sec-Fetch-Site: same-origin, which no page can forge) decides.
      const behind = await send("POST", "/api/verify/sessions", { body: { destination: freshSg() }, headers: { origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" } });
      assert.equal(behind.status, 200, behind.text);
      assert.equal(behind.headers.get("access-control-allow-origin"), null, "same-origin needs no CORS headers");
      const foreignPre = await send("OPTIONS", "/api/verify/sessions", { marker: false, headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
      assert.equal(foreignPre.status, 403);
      assert.equal(foreignPre.headers.get("access-control-allow-origin"), null);
      const nullOrigin = await send("OPTIONS", "/api/verify/sessions", { marker: false, headers: { origin: "null", "access-control-request-method": "POST" } });
      assert.equal(nullOrigin.status, 403, "the opaque origin of a sandboxed page is not allowed");
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
        assert.equal(ok.status, 200, `send ${i + 1}: ${ok.text}`);
        await fetch(`${sim.url}/_sim/clock`, { method: "POST", body: JSON.stringify({ advanceSeconds: 11 }) });
      }
      const limited = await refusedBeforeUpstream(429, () => send("POST", "/api/verify/sessions", { body: { destination } }));
      const retryAfter = Number(limited.headers.get("retry-after"));
      assert.ok(retryAfter > 0 && retryAfter <= 600, `${retryAfter}`);
      assert.equal(limited.json.retryAfterSeconds, retryAfter);
      assert.equal(limited.json.code, 1100);
      await advance(601);
      const recovered = await send("POST", "/api/verify/sessions", { body: { destination } });
      assert.equal(recovered.status, 200, recovered.text);
    });

    test("limits.perCountry: a send budget per derived country; 429 country_limit; other countries unaffected", async () => {
      const post = (destination) => send("POST", "/budget/api/verify/sessions", { body: { destination } });
      assert.equal((await post(freshSg())).status, 200);
      assert.equal((await post(freshSg())).status, 200);
      const over = await refusedBeforeUpstream(429, () => post(freshSg()));
      assert.equal(over.json.code, 1100);
      assert.ok(Number(over.headers.get("retry-after")) > 0 && Number(over.headers.get("retry-after")) <= 600);
      // National input is the same country: the budget is per derived country, not per spelling.
      await refusedBeforeUpstream(429, () => send("POST", "/budget/api/verify/sessions", { body: { destination: "8123 4567", country: "SG" } }));
      const us = await post("+1 202 555 0147");
      assert.equal(us.status, 200, `another country has its own budget: ${us.text}`);
      assert.equal((await post("+1 202 555 0148")).status, 200);
      await refusedBeforeUpstream(429, () => post("+1 202 555 0149"));
      const { budget } = await hookLog();
      assert.deepEqual(
        budget.events.map((e) => [e.type, e.reason ?? null, e.country]),
        [
          ["sent", null, "SG"],
          ["sent", null, "SG"],
          ["refused", "country_limit", "SG"],
          ["refused", "country_limit", "SG"],
          ["sent", null, "US"],
          ["sent", null, "US"],
          ["refused", "country_limit", "US"],
        ],
      );
      await advance(601);
      assert.equal((await post(freshSg())).status, 200, "a new window");
    });

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

    test("upstream failures: 401 and 500 and HTML become 502, a timeout 504; resend-too-soon passes through", async () => {
      for (const fault of [{ status: 401 }, { status: 500 }, { body: "non-json" }]) {
        await injectFault(sim.url, { count: 1, ...fault });
        const r = await send("POST", "/api/verify/sessions", { body: { destination: freshSg() } });
        assert.equal(r.status, 502, JSON.stringify(fault));
        assert.equal(r.json.code, 2000);
      }
      await injectFault(sim.url, { count: 1, delayMs: 2500 });
      const slowDestination = freshSg();
      const slow = await send("POST", "/api/verify/sessions", { body: { destination: slowDestination } });
      assert.equal(slow.status, 504);
      await untilReceived(slowDestination, 1);
      const destination = freshSg();
      await send("POST", "/api/verify/sessions", { body: { destination } });
      const tooSoon = await send("POST", "/api/verify/sessions", { body: { destination } });
      assert.equal(tooSoon.status, 403);
      assert.equal(tooSoon.json.code, 1400);
      assert.ok(Number(tooSoon.headers.get("retry-after")) > 0);
    });

    describe("attack table: each attack is refused, nothing reaches 8x8, no hook runs", () => {
      const context = () => ({ runtime: host.runtime, proxyUrl: proxy.url, sim, redirector, seen, apiKey: API_KEY, subAccountId: SUB_ACCOUNT });
      for (const attack of ATTACKS) {
        test(`#${attack.row} ${attack.attack} → ${attack.expect}`, () => runAttack(attack, context()));
      }
    });

    test("no response ever contained the key or the subaccount", () => {
      assert.ok(seen.length > 100);
      for (const text of seen) {
        assert.ok(!text.includes(API_KEY) && !text.includes(SUB_ACCOUNT), text);
      }
    });
  });
}
