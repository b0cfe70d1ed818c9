// The proxy suite's checks of what a request may hold (../suite.mjs): server-only fields,
// countries derived from the number, configured channels, routes, methods, content types and
// body sizes, and session ids kept inside their path segment. Each refusal reaches no 8x8.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { rawStatus, streamedPost } from "../http.mjs";
import { MARKER } from "../proxies.mjs";
import { freshSg } from "./harness.mjs";

/** Defines these tests on the suite `useProxyHost` (./harness.mjs) returned. */
export function defineRequestTests(suite) {
  const { send, received, refusedBeforeUpstream } = suite;
  let proxy; // started by the suite's own `before`, which runs first
  before(() => ({ proxy } = suite));

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
}
