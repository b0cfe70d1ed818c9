// Node's request and response ⇄ fetch's Request and Response for the proxy, and the
// demo server's other answers (JSON, text), every one with the security headers below.
import { Readable } from "node:stream";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The headers of every answer of the demo server. */
export const SECURITY_HEADERS = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};

/** The request's URL, absolute. */
export function requestUrl(req) {
  return new URL(req.url, `http://${req.headers.host}`);
}

/** A fetch Request for the proxy, with the client's address in x-real-ip (set here, never trusted from outside). */
export function toFetchRequest(req, url, signal) {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    if (name === "x-real-ip" || name === "x-forwarded-for" || name === "host" || name === "connection") continue;
    headers.append(name, req.rawHeaders[i + 1]);
  }
  headers.set("x-real-ip", (req.socket.remoteAddress || "").replace(/^::ffff:/, ""));
  const init = { method: req.method, headers, signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = Readable.toWeb(req);
    init.duplex = "half";
  }
  return new Request(url, init);
}

/** Writes a fetch Response to a Node response, with the security headers. */
export async function sendFetchResponse(res, response) {
  const headers = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, { ...headers, ...SECURITY_HEADERS });
  if (!response.body) {
    res.end();
    return;
  }
  for await (const chunk of response.body) res.write(chunk);
  res.end();
}

/** A JSON answer, never cached. */
export function sendJson(res, status, value, extraHeaders = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": "application/json",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(body),
    ...extraHeaders,
  });
  res.end(body);
}

/** A plain-text answer, never cached. */
export function sendText(res, status, text, extraHeaders = {}) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "no-store",
    ...extraHeaders,
  });
  res.end(text);
}
