// A `fetch` answered in-process, for timing a client's own work (validation, request
// building, the fetch call itself, body reading and parsing) with no socket and no
// simulator: every request gets 8x8's session JSON — VERIFIED for a code check (a URL with
// `?code=`), WAITING for anything else. Used by bench/calls.mjs and bench/ab-calls.mjs.

const session = (status) =>
  JSON.stringify({
    sessionId: "0123456789abcdef0123456789abcdef",
    verifyUri: "/api/v2/subaccounts/test_hq/sessions/0123456789abcdef0123456789abcdef",
    destination: "+6580000001",
    status,
    attempt: 0,
    expiresAt: new Date(Date.now() + 300_000).toISOString().replace(/\d(?=Z)/, ""),
    retryAfter: new Date(Date.now() + 10_000).toISOString().replace(/\d(?=Z)/, ""),
  });

/** The stub: `fetch(url, init)` or `fetch(request)` (the package passes a Request: gloo-net). */
export function stubSessionFetch() {
  const bodies = { start: session("WAITING"), check: session("VERIFIED") };
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    await request.text();
    return new Response(request.url.includes("?code=") ? bodies.check : bodies.start, {
      status: 200,
      headers: { "content-type": "application/json", date: new Date().toUTCString() },
    });
  };
}
