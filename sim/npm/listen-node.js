// `sim.listen()` in Node and Deno: a real HTTP server (node:http) in front of the simulator.
// Bodies are read with the core's limits (the cap while reading, a bounded drain past
// it); a `drop` fault destroys the socket before any byte is written.
import { createServer } from "node:http";
import { concat } from "./shim.js";

/** Starts the server; resolves once it listens. */
export function listenNode(exchange, { host, port, limits, baseUrl, logLine, log }) {
  const server = createServer((req, res) => {
    handle(req, res, exchange, limits, url, logLine, log);
  });
  let url;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      url = baseUrl(address.address, address.port);
      resolve({
        url,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeIdleConnections?.();
          }),
      });
    });
  });
}

async function handle(req, res, exchange, limits, url, logLine, log) {
  const started = performance.now();
  const q = req.url.indexOf("?");
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? undefined : req.url.slice(q + 1);
  const header = (n) => {
    const v = req.headers[n];
    return Array.isArray(v) ? v.join(", ") : v;
  };
  let result;
  try {
    result = await exchange({ method: req.method, path, query, header }, () => readNode(req, limits), url);
  } catch {
    result = { status: 500, headers: [["content-type", "text/plain; charset=utf-8"]], body: new TextEncoder().encode("internal error\n") };
  }
  log?.(logLine({ method: req.method, path, query, status: result?.status, ms: performance.now() - started }));
  if (!result) {
    req.socket.destroy();
    return;
  }
  const headers = result.headers.flat();
  if (result.status !== 204 && result.status !== 304) headers.push("content-length", String(result.body.byteLength));
  res.writeHead(result.status, headers);
  res.end(result.body);
}

/** Reads a request body with the cap; past it, drains a bounded amount so the client can read the 413. */
function readNode(req, { maxBody, drainLimit, drainMs, readMs }) {
  return new Promise((resolve) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > drainLimit) return resolve({ bytes: undefined, tooLarge: true });
    let tooLarge = declared > maxBody;
    let chunks = [];
    let size = 0;
    let seen = 0;
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off("data", onData);
      if (!result.bytes) req.pause();
      resolve(result);
    };
    const failed = () => finish({ bytes: undefined, tooLarge });
    let timer = setTimeout(failed, tooLarge ? drainMs : readMs);
    const onData = (chunk) => {
      seen += chunk.length;
      if (!tooLarge && size + chunk.length > maxBody) {
        tooLarge = true;
        chunks = [];
        clearTimeout(timer);
        timer = setTimeout(failed, drainMs);
      }
      if (tooLarge) {
        if (seen > drainLimit) failed();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    };
    req.on("data", onData);
    req.on("end", () => finish(tooLarge ? { bytes: undefined, tooLarge } : { bytes: concat(chunks, size), tooLarge: false }));
    req.on("error", failed);
    req.on("aborted", failed);
  });
}
