// Replays tests/cases/responses.json over real HTTP: any request under `/{case name}/`
// gets that case's status, headers and body (with CORS, for the browser tests).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const casesFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "cases", "responses.json");

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, content-type, accept",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-expose-headers": "Date, Retry-After",
};

/** Starts the replay server on 127.0.0.1:`port` (0: any free port). */
export async function startCasesServer(port = 0) {
  const cases = new Map(JSON.parse(readFileSync(casesFile, "utf8")).map((c) => [c.name, c]));
  const server = createServer((request, response) => {
    if (request.method === "OPTIONS") {
      response.writeHead(204, CORS).end();
      return;
    }
    const name = new URL(request.url, "http://x").pathname.split("/")[1];
    const found = cases.get(name);
    if (!found) {
      response.writeHead(599, CORS).end(`no case ${name}`);
      return;
    }
    const body = found.bodyText ?? JSON.stringify(found.body);
    const headers = { ...CORS, ...found.headers };
    if (found.bodyText === undefined) headers["content-type"] = "application/json";
    if (headers.date === undefined) response.sendDate = false;
    response.writeHead(found.status, headers).end(body);
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}
