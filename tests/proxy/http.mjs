// Requests on loopback with exactly the headers given (Node's fetch would add or rewrite
// some, like Sec-Fetch-Mode), over a keep-alive agent so floods reuse their connections;
// and a bounded-concurrency driver for the floods.
import { Agent, request as httpRequest } from "node:http";

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * `method url` with exactly `headers` and `body` (a string). Resolves to
 * `{ status, headers, text, json }` (`headers` lower-case names, `json` undefined if not JSON).
 * A kept-alive connection that the server closed just as it was reused (ECONNRESET before any
 * answer) is retried once on a new one, as Node's documentation advises: the server never saw
 * the request.
 */
export function rawRequest(method, url, options = {}) {
  return once(method, url, options).catch((error) => {
    if (error.reusedSocket && error.code === "ECONNRESET") return once(method, url, options);
    throw error;
  });
}

function once(method, url, { headers = {}, body } = {}) {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { agent, host: hostname, port, path: `${pathname}${search}`, method, headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          const construction = res.headers["x-test-construction-error"];
          if (construction) {
            reject(new Error(`the host could not create this proxy: ${decodeURIComponent(construction)}`));
            return;
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
        res.on("error", reject);
      },
    );
    req.on("error", (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
    req.end(body);
  });
}

/** A path sent verbatim (fetch would normalise `..`); its status. */
export async function rawStatus(base, path, headers = {}) {
  return (await rawRequest("GET", `${base}${path}`, { headers })).status;
}

/** Runs `one(i)` for i in [0, count) with `concurrency` in flight; returns `{ status: count }`. */
export async function flood(count, concurrency, one) {
  const statuses = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const status = await one(next++);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  // An in-process flood runs on microtasks alone: sockets that closed meanwhile (the simulator
  // drops a connection idle for 30 s) are noticed only once the event loop turns. Let it turn,
  // so the next fetch does not pick a dead pooled connection ("other side closed").
  await new Promise((resolve) => setTimeout(resolve, 20));
  return statuses;
}

/** Closes the idle keep-alive sockets (so a host can stop without waiting on them). */
export function closeIdleConnections() {
  agent.destroy();
}

/**
 * POSTs `chunks` as a streamed (chunked) body on a connection of its own, never reused: the
 * server may answer before the body ends and close the connection on the rest. Resolves to
 * `{ status, text }`, or `{ reset }` when the connection closed first.
 */
export function streamedPost(url, headers, chunks) {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve) => {
    const req = httpRequest({ agent: false, host: hostname, port, path: pathname, method: "POST", headers: { ...headers, connection: "close" } }, (res) => {
      const parts = [];
      res.on("data", (c) => parts.push(c));
      res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(parts).toString("utf8") }));
      res.on("error", (reset) => resolve({ reset }));
    });
    req.on("error", (reset) => resolve({ reset }));
    (async () => {
      for (const chunk of chunks) {
        if (req.destroyed) return;
        req.write(chunk);
        await new Promise((r) => setImmediate(r));
      }
      req.end();
    })();
  });
}

/**
 * POSTs the start of a body that declares `declaredLength` bytes and never sends the rest (a
 * client that trickles its body), on a connection of its own. Resolves to `{ status, text }`
 * when the server answers anyway, then drops the connection.
 */
export function unfinishedPost(url, headers, start, declaredLength) {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ agent: false, host: hostname, port, path: pathname, method: "POST", headers: { ...headers, "content-length": String(declaredLength) } }, (res) => {
      const parts = [];
      res.on("data", (c) => parts.push(c));
      res.on("end", () => {
        resolve({ status: res.statusCode, text: Buffer.concat(parts).toString("utf8") });
        req.destroy();
      });
    });
    req.on("error", reject);
    req.write(start);
  });
}
