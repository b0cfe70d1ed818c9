// A browser's fetch, as far as CORS and fetch metadata go, for driving the package's own
// client (Node entry, proxy mode) as a page on `pageOrigin` would: every request gets
// `Sec-Fetch-Mode: cors` and `Sec-Fetch-Site`; a cross-origin one gets `Origin` and, when it
// is not a CORS-safelisted request (a JSON body, an `X-Verify-8x8` header), a preflight
// first — which must allow the origin, the method and every header, or the request fails
// with a TypeError as in a browser. The answer must allow the origin too, and the page sees
// only the safelisted and exposed response headers.

const SAFELISTED_RESPONSE = ["cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"];

function isSafelistedRequestHeader(name, value) {
  if (["accept", "accept-language", "content-language"].includes(name)) return true;
  if (name !== "content-type") return false;
  const media = value.split(";")[0].trim().toLowerCase();
  return ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"].includes(media);
}

const list = (value) => (value ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);

/**
 * Runs `body()` with globalThis.fetch replaced by a browser-like fetch for a page on
 * `pageOrigin`, for requests to `serverOrigin` (any other request — say, a proxy in this
 * very process calling its upstream — goes out untouched); returns what `body` returns,
 * and the requests to `serverOrigin` (preflights included) as `{ method, url, headers }`.
 */
export async function asBrowserPage(pageOrigin, serverOrigin, body) {
  const realFetch = globalThis.fetch;
  const sent = [];
  const send = (url, init) => {
    sent.push({ method: init.method, url, headers: Object.fromEntries(new Headers(init.headers)) });
    return realFetch(url, init);
  };
  globalThis.fetch = async (input, init = {}) => {
    const target = new URL(input instanceof Request ? input.url : String(input));
    if (target.origin !== serverOrigin) return realFetch(input, init); // (before `new Request` takes the body)
    const request = new Request(input, init);
    const method = request.method;
    const headers = new Headers(request.headers);
    const body = method === "GET" || method === "HEAD" ? undefined : await request.arrayBuffer();
    const crossOrigin = target.origin !== pageOrigin;
    headers.set("sec-fetch-mode", "cors");
    headers.set("sec-fetch-site", crossOrigin ? "cross-site" : "same-origin");
    headers.set("sec-fetch-dest", "empty");
    if (crossOrigin || !["GET", "HEAD"].includes(method)) headers.set("origin", pageOrigin);
    if (crossOrigin) {
      const unsafe = [...headers]
        .filter(([name, value]) => !name.startsWith("sec-fetch-") && name !== "origin" && !isSafelistedRequestHeader(name, value))
        .map(([name]) => name)
        .sort();
      if (unsafe.length > 0 || !["GET", "HEAD", "POST"].includes(method)) {
        const preflight = await send(request.url, {
          method: "OPTIONS",
          headers: {
            origin: pageOrigin,
            "access-control-request-method": method,
            ...(unsafe.length ? { "access-control-request-headers": unsafe.join(",") } : {}),
            "sec-fetch-mode": "cors",
            "sec-fetch-site": "cross-site",
            "sec-fetch-dest": "empty",
          },
        });
        await preflight.arrayBuffer();
        const allowedHeaders = list(preflight.headers.get("access-control-allow-headers"));
        const allowedMethods = list(preflight.headers.get("access-control-allow-methods")).map((m) => m.toUpperCase());
        const ok =
          preflight.status >= 200 &&
          preflight.status < 300 &&
          preflight.headers.get("access-control-allow-origin") === pageOrigin &&
          (["GET", "HEAD", "POST"].includes(method) || allowedMethods.includes(method)) &&
          unsafe.every((name) => allowedHeaders.includes(name));
        if (!ok) throw new TypeError(`Failed to fetch (CORS preflight refused ${method} ${unsafe.join(",")})`);
      }
    }
    const response = await send(request.url, { method, headers, body, redirect: "manual", signal: init.signal ?? request.signal });
    if (!crossOrigin) return response;
    if (response.headers.get("access-control-allow-origin") !== pageOrigin) {
      await response.arrayBuffer();
      throw new TypeError("Failed to fetch (no Access-Control-Allow-Origin for this page)");
    }
    const exposed = [...SAFELISTED_RESPONSE, ...list(response.headers.get("access-control-expose-headers"))];
    const visible = new Headers();
    for (const [name, value] of response.headers) if (exposed.includes(name)) visible.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers: visible });
  };
  try {
    return { result: await body(), sent };
  } finally {
    globalThis.fetch = realFetch;
  }
}
