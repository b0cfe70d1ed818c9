// The JavaScript layer of verify-8x8-sim, shared by every entry. It only moves bytes
// and keeps the time: every decision (routing, auth, validation, sessions, faults,
// responses) is made by the simulator's Rust core, compiled to wasm (dist/sim.js +
// dist/sim_bg.wasm), through the same pipeline as the native binary:
// admit → wait out a fault's delay → read the capped body → respond (or drop).
//
// Nothing here runs at module scope: the wasm is instantiated by the first
// createSimulator() call, from the compiled module (or bytes) the entry provides.

/** Internal: serve over HTTP with a request log (the CLI); not part of the API. */
export const SERVE = Symbol("verify-8x8-sim serve");

const OPTIONS = ["apiKey", "subAccountId", "rateLimit", "cors", "now"];
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * Builds `createSimulator` for one runtime.
 * @param {object} runtime
 * @param {typeof import("./dist/sim.js")} runtime.wasm the wasm-bindgen glue
 * @param {() => WebAssembly.Module | BufferSource} runtime.module the compiled module or its bytes
 * @param {((exchange: Exchange, options: object) => Promise<{url: string, close(): Promise<void>}>) | null} runtime.listen
 * @param {string} runtime.name the runtime, for messages
 */
export function simulatorFactory({ wasm, module, listen, name }) {
  let ready = false;
  const init = () => {
    if (!ready) {
      wasm.initSync({ module: module() });
      ready = true;
    }
  };

  return function createSimulator(options = {}) {
    const { apiKey = "test-key", subAccountId = "test_hq", rateLimit = 0, cors = false, now = Date.now } = checkOptions(options);
    init();
    let core;
    try {
      core = new wasm.Simulator({ apiKey, subAccountId, rateLimit, cors });
    } catch (e) {
      throw new TypeError(`createSimulator: ${e.message}`);
    }
    const limits = wasm.bodyLimits();
    const exchange = (head, readBody, baseUrl) => runExchange(core, now, head, readBody, baseUrl);

    /** A control endpoint, synchronously: { status, json }. */
    const control = (method, path, query, body) => {
      const admission = core.admit(method, path);
      const bytes = body === undefined ? new Uint8Array(0) : new TextEncoder().encode(JSON.stringify(body));
      const answer = core.respond(admission, { method, path, query, contentType: "application/json", body: bytes, now: now(), baseUrl: "" });
      return { status: answer.status, json: JSON.parse(new TextDecoder().decode(answer.body)) };
    };

    const serve = (opts = {}, log) => {
      if (!listen) return Promise.reject(new Error(`verify-8x8-sim: listen() needs Node or Deno (this is ${name}); use sim.fetch here`));
      const { host = "127.0.0.1", port = 0, ...rest } = opts ?? {};
      const unknown = Object.keys(rest);
      if (unknown.length) return Promise.reject(new TypeError(`listen: unknown option ${unknown[0]}`));
      return listen(exchange, { host, port, limits, baseUrl: wasm.baseUrl, logLine: wasm.logLine, log });
    };

    return {
      fetch: async (input, init) => {
        const request = init === undefined && isRequest(input) ? input : new Request(input, init);
        const url = new URL(request.url);
        const head = {
          method: request.method,
          path: url.pathname,
          query: url.search ? url.search.slice(1) : undefined,
          header: (n) => request.headers.get(n) ?? undefined,
          signal: request.signal,
        };
        const result = await exchange(head, () => readStream(request.body, limits.maxBody), url.origin);
        if (!result) {
          throw new TypeError("fetch failed", { cause: new Error("verify-8x8-sim: connection dropped by an injected fault") });
        }
        return new Response(NULL_BODY.has(result.status) ? null : result.body, { status: result.status, headers: result.headers });
      },
      messages(destination) {
        const query = destination === undefined ? undefined : `destination=${encodeURIComponent(String(destination))}`;
        return control("GET", "/_sim/messages", query).json;
      },
      lastCode(destination) {
        if (typeof destination !== "string" || destination === "") throw new TypeError("lastCode: destination must be a non-empty string");
        return this.messages(destination).at(-1)?.code;
      },
      advanceClock(seconds) {
        if (typeof seconds !== "number") throw new TypeError("advanceClock: seconds must be a number");
        const { status, json } = control("POST", "/_sim/clock", undefined, { advanceSeconds: seconds });
        if (status !== 200) throw new RangeError(`advanceClock: ${json.message}`);
      },
      fault(fault) {
        const { status, json } = control("POST", "/_sim/faults", undefined, fault);
        if (status !== 200) throw new TypeError(`fault: ${json.message}`);
      },
      reset() {
        control("POST", "/_sim/reset");
      },
      listen: (opts) => serve(opts),
      [SERVE]: serve,
    };
  };
}

/** @typedef {(head: Head, readBody: () => Promise<Body>, baseUrl: string) => Promise<Result | null>} Exchange */

function checkOptions(options) {
  if (options === null || typeof options !== "object") throw new TypeError("createSimulator: options must be an object");
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) throw new TypeError(`createSimulator: unknown option ${key}`);
  }
  const types = { apiKey: "string", subAccountId: "string", rateLimit: "number", cors: "boolean", now: "function" };
  for (const [key, type] of Object.entries(types)) {
    if (options[key] !== undefined && typeof options[key] !== type) throw new TypeError(`createSimulator: ${key} must be a ${type}`);
  }
  return options;
}

function isRequest(x) {
  return typeof x === "object" && x !== null && typeof x.url === "string" && typeof x.method === "string" && typeof x.headers?.get === "function";
}

/** One request through the core's pipeline; `null` means: drop the connection. */
async function runExchange(core, now, head, readBody, baseUrl) {
  const admission = core.admit(head.method, head.path);
  const delay = admission.delayMs;
  if (delay > 0) {
    try {
      await sleep(delay, head.signal);
    } catch (e) {
      admission.free();
      throw e;
    }
  }
  const { bytes, tooLarge } = await readBody();
  const answer = core.respond(admission, {
    method: head.method,
    path: head.path,
    query: head.query,
    authorization: head.header("authorization"),
    contentType: head.header("content-type"),
    origin: head.header("origin"),
    body: bytes,
    tooLarge,
    now: now(),
    baseUrl,
  });
  if (answer.dropped) return null;
  return { status: answer.status, headers: answer.headers, body: answer.body };
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Reads a WHATWG body stream, keeping at most `max` bytes. */
export async function readStream(stream, max) {
  if (!stream) return { bytes: new Uint8Array(0), tooLarge: false };
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        return { bytes: undefined, tooLarge: true };
      }
      chunks.push(value);
    }
  } catch {
    return { bytes: undefined, tooLarge: false };
  }
  return { bytes: concat(chunks, size), tooLarge: false };
}

/** The chunks as one Uint8Array of `size` bytes. */
export function concat(chunks, size) {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
