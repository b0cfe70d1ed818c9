#!/usr/bin/env node
// The verify-8x8 demo server (Node 20; the built package, and libphonenumber-js from the
// repository's `npm ci` for the country picker's example numbers).
//
//   node www/server.mjs [--port 8080]        (or PORT=8080; port 0 picks a free port)
//
// - Starts the local simulator (target/debug/verify-8x8-sim) unless VERIFY_8X8_API_KEY,
//   VERIFY_8X8_SUBACCOUNT and VERIFY_8X8_ALLOWED_COUNTRIES are set: then the proxy talks to
//   the real 8x8 API (VERIFY_8X8_REGION: ap, us, eu or id) and the page hides its inbox.
// - Mounts createVerifyProxy (from the built package, ../pkg/node.js) at /api/verify.
// - Serves the page (www/) and the package's browser entry (pkg/browser.js and what it
//   imports) under a strict Content-Security-Policy.
// - GET /_sim/messages is forwarded to the simulator (so the page can show the "phone").
// - GET /api/demo/config and GET /api/demo/confirmations?sessionId= (see www/README.md).
//
// Prints `demo ready: http://127.0.0.1:PORT` when ready. SIGINT / SIGTERM stop the server
// and the simulator.
//
// Its parts, in www/server/: config.mjs (arguments and environment), files.mjs (what it sends
// from disk), http.mjs (Node ⇄ fetch, the security headers), simulator.mjs (the local 8x8).

import { existsSync, realpathSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { fail, readConfig } from "./server/config.mjs";
import { STATIC_FILES, browserEntryFiles, prepareCountryPicker, repoRoot, serveStaticFile } from "./server/files.mjs";
import { SECURITY_HEADERS, requestUrl, sendFetchResponse, sendJson, sendText, toFetchRequest } from "./server/http.mjs";
import { startSimulator } from "./server/simulator.mjs";

export { CONTENT_SECURITY_POLICY } from "./server/http.mjs";
export { browserEntryFiles };

const BASE_PATH = "/api/verify";
const HOST = "127.0.0.1";
const MAX_CONFIRMATIONS = 1000;

/** Last four digits, the way the page and the proxy show a number: `+…4321`. */
function maskDestination(destination) {
  const digits = String(destination).replace(/\D/g, "");
  return `+…${digits.slice(-4)}`;
}

// ---------------------------------------------------------------------------------------
// The server

async function main() {
  const config = readConfig(process.argv.slice(2), process.env);

  const pkgEntry = path.join(repoRoot, "pkg", "node.js");
  for (const file of ["pkg/dist/server_bg.wasm", "pkg/dist/client_bg.wasm"]) {
    if (!existsSync(path.join(repoRoot, file))) fail(`${file} is missing: run \`make build\` (or \`make demo\`)`);
  }
  for (const file of browserEntryFiles()) {
    if (!existsSync(path.join(repoRoot, file))) fail(`${file} is missing: run \`make build\` (or \`make demo\`)`);
    if (/server/.test(path.basename(file))) fail(`the browser entry imports ${file}: refusing to serve server code`);
    STATIC_FILES.set(`/${file}`, file);
  }
  try {
    prepareCountryPicker();
  } catch (error) {
    fail(error.message);
  }
  const verify = await import(pkgEntry);
  const { createVerifyProxy } = verify;
  if (typeof createVerifyProxy !== "function") fail("the built package has no createVerifyProxy: run `make build`");

  let sim = null;
  let simUrl = null;
  if (!config.live) {
    sim = startSimulator(HOST);
    try {
      simUrl = await sim.ready;
    } catch (error) {
      await sim.stop();
      fail(error.message);
    }
  }

  // Server-side confirmations from onVerified, by session id (bounded, oldest dropped first).
  const confirmations = new Map();
  const proxy = createVerifyProxy({
    apiKey: config.live ? config.apiKey : "test-key",
    subAccountId: config.live ? config.subAccountId : "test_hq",
    ...(config.live ? (config.region ? { region: config.region } : {}) : { upstreamUrl: simUrl }),
    basePath: BASE_PATH,
    allowedCountries: config.allowedCountries,
    defaults: { brand: "verify-8x8 demo", codeLength: 6 },
    // Every request arrives from 127.0.0.1 here, so the per-IP limit (default 10 per hour,
    // code checks included) is raised for the demo; the per-destination default stays.
    limits: { perClientIp: { max: 100, windowSeconds: 3600 } },
    clientIpHeader: "x-real-ip",
    // The one trustworthy signal: 8x8 (or the simulator) told *this server* the session is
    // VERIFIED. A real app would mark the user's number as verified here.
    async onVerified(verification) {
      const confirmation = {
        sessionId: verification.sessionId,
        destination: maskDestination(verification.destination),
        verifiedAt: new Date().toISOString(),
      };
      confirmations.delete(verification.sessionId);
      confirmations.set(verification.sessionId, confirmation);
      while (confirmations.size > MAX_CONFIRMATIONS) confirmations.delete(confirmations.keys().next().value);
      process.stdout.write(`onVerified: ${confirmation.destination} verified (session ${confirmation.sessionId.slice(0, 8)}…)\n`);
    },
    // One line per request for the operator: what the proxy did, and why (never a code or
    // the key; the number masked). An attack shows up here while it happens.
    onEvent(event) {
      const where = [event.country, event.destination, event.clientIp && `from ${event.clientIp}`].filter(Boolean).join(" ");
      process.stdout.write(`onEvent: ${event.type}${event.reason ? ` (${event.reason})` : ""}${where ? ` ${where}` : ""}\n`);
    },
  });

  const demoConfig = {
    upstream: config.live ? "8x8" : "simulator",
    region: config.live ? config.region ?? "ap" : null,
    inbox: !config.live,
    allowedCountries: config.allowedCountries,
    codeLength: 6,
    basePath: BASE_PATH,
  };

  let actualPort = config.port;
  const allowedHosts = () => new Set([`${HOST}:${actualPort}`, `localhost:${actualPort}`]);

  async function handle(req, res) {
    // Only loopback names: a page on another site that rebinds its DNS name to 127.0.0.1
    // must not be able to use this server (and the account behind it).
    if (!allowedHosts().has(String(req.headers.host).toLowerCase())) {
      sendText(res, 421, "Misdirected request: use http://127.0.0.1 or http://localhost\n");
      return;
    }
    const url = requestUrl(req);
    const { pathname } = url;

    if (pathname === BASE_PATH || pathname.startsWith(`${BASE_PATH}/`)) {
      const controller = new AbortController();
      res.once("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const response = await proxy.fetch(toFetchRequest(req, url, controller.signal));
      await sendFetchResponse(res, response);
      return;
    }

    if (pathname === "/_sim/messages") {
      if (!sim) return sendJson(res, 404, { message: "no simulator: the demo talks to the real 8x8 API" });
      if (req.method !== "GET") return sendJson(res, 405, { message: "GET only" }, { allow: "GET" });
      const upstream = await fetch(`${simUrl}/_sim/messages${url.search}`);
      const body = await upstream.text();
      res.writeHead(upstream.status, {
        ...SECURITY_HEADERS,
        "content-type": upstream.headers.get("content-type") ?? "application/json",
        "cache-control": "no-store",
      });
      res.end(body);
      return;
    }

    if (pathname === "/api/demo/config") {
      if (req.method !== "GET") return sendJson(res, 405, { message: "GET only" }, { allow: "GET" });
      return sendJson(res, 200, demoConfig);
    }

    if (pathname === "/api/demo/confirmations") {
      if (req.method !== "GET") return sendJson(res, 405, { message: "GET only" }, { allow: "GET" });
      const sessionId = url.searchParams.get("sessionId") ?? "";
      const confirmation = confirmations.get(sessionId);
      if (!confirmation) return sendJson(res, 404, { sessionId, confirmed: false });
      return sendJson(res, 200, { ...confirmation, confirmed: true });
    }

    if (serveStaticFile(req, res, pathname)) return;

    sendText(res, 404, "Not found\n");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      process.stderr.write(`demo: ${req.method} ${req.url?.split("?")[0]} failed: ${error?.message ?? error}\n`);
      if (!res.headersSent) sendJson(res, 502, { code: 2000, message: "The demo server could not complete the request" });
      else res.destroy();
    });
  });

  let stopping = false;
  async function shutdown(signal) {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the demo server${sim ? " and the simulator" : ""}\n`);
    server.close();
    server.closeAllConnections();
    await sim?.stop();
    process.exit(0);
  }
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("exit", () => {
    if (sim && sim.child.exitCode === null && sim.child.signalCode === null) sim.child.kill("SIGKILL");
  });
  sim?.exited.then(({ code, signal }) => {
    if (stopping) return;
    process.stderr.write(`demo: the simulator stopped unexpectedly (code ${code}, signal ${signal})\n`);
    server.close();
    server.closeAllConnections();
    process.exit(1);
  });

  await new Promise((resolve) => {
    server.once("error", async (error) => {
      await sim?.stop();
      if (error.code === "EADDRINUSE") fail(`port ${config.port} is in use: stop what uses it, or pick another with --port or PORT`);
      fail(error.message);
    });
    server.listen(config.port, HOST, resolve);
  });
  actualPort = server.address().port;
  const pageUrl = `http://${HOST}:${actualPort}`;

  const lines = ["verify-8x8 demo"];
  if (sim) lines.push(`simulator: ${simUrl} (local 8x8 Verify simulator: no account, no real SMS)`);
  else lines.push(`upstream: the real 8x8 API, region ${config.region ?? "ap"}`);
  lines.push(
    `proxy: createVerifyProxy at ${BASE_PATH}, countries ${config.allowedCountries.join(",")}`,
    "Ctrl-C stops the demo" + (sim ? " and the simulator." : "."),
    `demo ready: ${pageUrl}`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}

// Run when started as a program (`node www/server.mjs`); importing it only defines things.
const isMain = () => {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1] ?? "")).href;
  } catch {
    return false;
  }
};
if (isMain()) await main();
