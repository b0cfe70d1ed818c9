// An HTTP/1.1 front on 127.0.0.1 that reads every request in full, counts it, forwards it to
// `target` (the simulator, or a proxy) and answers with target's answer on a kept-alive
// connection — except for the requests `plan` names, which it forwards too (so whatever is
// behind it acts on them) and then drops without a byte of answer: "fin" closes the socket
// (FIN), "rst" resets it (RST). That is the failure a deploy, a crash or a load balancer makes,
// and the one after which some runtimes send the same request again on their own.
//
// Receipts are kept in memory for the test to count: method, path, whether a code was in the
// query (never the code), the Idempotency-Key's presence, the connection and its request count.

import { createServer } from "node:net";

const HOP_BY_HOP = new Set(["host", "connection", "keep-alive", "content-length", "transfer-encoding", "te", "upgrade", "proxy-connection"]);

/** Reads one request from `buffer`: `{ request, rest }`, or null while it is incomplete. */
function parseRequest(buffer) {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const lines = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const [method, target] = lines[0].split(" ");
  const headers = new Headers();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  let body = buffer.subarray(end + 4);
  if (/chunked/i.test(headers.get("transfer-encoding") ?? "")) {
    const chunks = [];
    let at = 0;
    for (;;) {
      const lineEnd = body.indexOf("\r\n", at);
      if (lineEnd < 0) return null;
      const size = parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
      if (body.length < lineEnd + 2 + size + 2) return null;
      if (size === 0) return { request: { method, target, headers, body: Buffer.concat(chunks) }, rest: body.subarray(lineEnd + 4) };
      chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  const length = Number(headers.get("content-length") ?? 0);
  if (body.length < length) return null;
  return { request: { method, target, headers, body: body.subarray(0, length) }, rest: body.subarray(length) };
}

/** `target`'s answer to `request`, as the raw HTTP/1.1 response to write back. */
async function forward(targetUrl, request) {
  const headers = new Headers();
  for (const [name, value] of request.headers) if (!HOP_BY_HOP.has(name)) headers.set(name, value);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const response = await fetch(`${targetUrl}${request.target}`, {
    method: request.method,
    headers,
    body: hasBody ? request.body : undefined,
    redirect: "manual",
  });
  const body = Buffer.from(await response.arrayBuffer());
  let head = `HTTP/1.1 ${response.status} ${response.statusText || "Status"}\r\n`;
  for (const [name, value] of response.headers) {
    if (!HOP_BY_HOP.has(name) && name !== "content-encoding") head += `${name}: ${value}\r\n`;
  }
  head += `content-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n`;
  return { status: response.status, bytes: Buffer.concat([Buffer.from(head, "latin1"), body]) };
}

/**
 * Starts the front. `plan(receipt, receipts)` answers "fin", "rst" or nothing for each request
 * (after it was forwarded). Resolves to `{ url, receipts, close() }`.
 */
export async function startDropFront({ target, plan = () => null }) {
  const receipts = [];
  const sockets = new Set();
  let connections = 0;
  const server = createServer((socket) => {
    const connection = ++connections;
    let served = 0;
    let buffer = Buffer.alloc(0);
    let busy = false;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const pump = async () => {
      if (busy) return;
      busy = true;
      try {
        for (;;) {
          const parsed = parseRequest(buffer);
          if (!parsed) break;
          buffer = parsed.rest;
          const { request } = parsed;
          const url = new URL(request.target, "http://front.invalid");
          const receipt = {
            method: request.method,
            path: url.pathname,
            withCode: url.searchParams.has("code"),
            keyed: request.headers.has("idempotency-key"),
            key: request.headers.get("idempotency-key"),
            connection,
            onConnection: ++served,
          };
          receipts.push(receipt);
          let answer;
          try {
            answer = await forward(target, request);
          } catch {
            answer = { status: 502, bytes: Buffer.from("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n") };
          }
          receipt.status = answer.status;
          const drop = plan(receipt, receipts);
          if (drop === "rst") return socket.resetAndDestroy();
          if (drop === "fin") return socket.end();
          if (socket.destroyed) return;
          socket.write(answer.bytes);
        }
      } finally {
        busy = false;
      }
      if (parseRequest(buffer)) pump();
    };
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      pump();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    receipts,
    /** The receipts of acting requests (starts and code checks), for counting. */
    acting: () => receipts.filter((r) => (r.method === "POST" && r.path.endsWith("/sessions")) || (r.method === "GET" && r.withCode)),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(resolve);
      }),
  };
}

/** Drops (with `how`) the first receipt of every start and code check; answers everything else. */
export function dropFirstActing(how) {
  const seen = new Set();
  return (receipt) => {
    const acting = (receipt.method === "POST" && receipt.path.endsWith("/sessions")) || (receipt.method === "GET" && receipt.withCode);
    if (!acting) return null;
    const id = `${receipt.method} ${receipt.path} ${receipt.key ?? ""}`;
    if (seen.has(id)) return null;
    seen.add(id);
    return how;
  };
}
