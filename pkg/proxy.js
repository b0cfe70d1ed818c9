// createVerifyProxy: the wasm proxy behind a bound `fetch`, for every server entry.
import { toJson, toVerifyError } from "./shim.js";

const INTERNAL_ERROR = JSON.stringify({ code: 2000, message: "the proxy failed to answer" });

/**
 * The request body as text, or null once it exceeds `max` bytes — by Content-Length when sent,
 * and counted while the stream arrives in every case. Rejects on bytes that are not UTF-8.
 */
async function readBody(request, max) {
  if (Number(request.headers.get("content-length")) > max) return null;
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** Builds createVerifyProxy over an initialised server wasm, for `runtime`'s defaults. */
export function createProxyFactory(wasm, runtime) {
  /** The browser proxy: `{ fetch(request, info?) }`, usable detached. */
  return function createVerifyProxy(options) {
    let proxy;
    try {
      proxy = new wasm.VerifyProxy(toJson(options, "options"), options, runtime, readBody);
    } catch (thrown) {
      throw toVerifyError(thrown);
    }
    const fetch = (request, info) =>
      proxy.handle(request, info).catch(
        () => new Response(INTERNAL_ERROR, { status: 500, headers: { "content-type": "application/json", "cache-control": "no-store" } }),
      );
    return { fetch };
  };
}
