// The proxy suite's checks of who may call (../suite.mjs): the X-Verify-8x8 header and fetch
// metadata gate, CORS for allowed and foreign origins, and a client IP no header can spoof.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { rawRequest } from "../http.mjs";
import { MARKER, ORIGIN } from "../proxies.mjs";
import { freshSg } from "./harness.mjs";

/** Defines these tests on the suite `useProxyHost` (./harness.mjs) returned. */
export function defineCrossSiteTests(suite) {
  const { send, received, refusedBeforeUpstream } = suite;
  let proxy; // started by the suite's own `before`, which runs first
  before(() => ({ proxy } = suite));

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
}
