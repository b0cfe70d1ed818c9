// A minimal Node http ⇄ fetch adapter: what "Node through a fetch adapter" means in the
// README. The socket's address goes into `x-real-ip` (overwriting anything the client sent),
// for `createVerifyProxy({ clientIpHeader: "x-real-ip" })`.
import { createServer } from "node:http";
import { Readable } from "node:stream";

/** Serves `handler(request: Request) → Response` on 127.0.0.1:`port`. */
export async function serveFetch(handler, { port = 0, trustForwardedFor = false } = {}) {
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    if (!trustForwardedFor) headers.set("x-real-ip", req.socket.remoteAddress.replace(/^::ffff:/, ""));
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url}`, {
      method: req.method,
      headers,
      body: hasBody ? Readable.toWeb(req) : undefined,
      duplex: hasBody ? "half" : undefined,
    });
    try {
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) for await (const chunk of response.body) res.write(chunk);
      res.end();
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}
