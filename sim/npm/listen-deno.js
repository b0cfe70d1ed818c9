// `sim.listen()` in Deno: a real HTTP server (Deno.serve) in front of the simulator.
// A `drop` fault answers with a body stream that fails before its first chunk, so the
// connection is torn down before the response head is written.
import { readStream } from "./shim.js";

/** Starts the server; resolves once it listens. */
export function listenDeno(exchange, { host, port, limits, baseUrl, logLine, log }) {
  return new Promise((resolve, reject) => {
    let url;
    const handler = async (request) => {
      const started = performance.now();
      const target = new URL(request.url);
      const path = target.pathname;
      const query = target.search ? target.search.slice(1) : undefined;
      const head = { method: request.method, path, query, header: (n) => request.headers.get(n) ?? undefined, signal: request.signal };
      const result = await exchange(head, () => readStream(request.body, limits[0]), url);
      log?.(logLine(request.method, path, query, result ? result.status : 0, performance.now() - started));
      if (!result) {
        const broken = new ReadableStream({ pull: (c) => c.error(new Error("verify-8x8-sim: connection dropped by an injected fault")) });
        return new Response(broken);
      }
      return new Response(result.status === 204 || result.status === 304 ? null : result.body, { status: result.status, headers: result.headers });
    };
    try {
      const server = Deno.serve(
        {
          hostname: host,
          port,
          onListen: ({ hostname, port: bound }) => {
            url = baseUrl(hostname, bound);
            resolve({ url, close: () => server.shutdown() });
          },
          onError: () => new Response("internal error\n", { status: 500 }),
        },
        handler,
      );
    } catch (e) {
      reject(e);
    }
  });
}
