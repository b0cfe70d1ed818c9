#!/usr/bin/env node
// The verify-8x8 demo server (Node 20, no dependencies beyond the built package).
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

import { spawn } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..");

const BASE_PATH = "/api/verify";
const HOST = "127.0.0.1";

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

const SECURITY_HEADERS = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};

// Every file the server will ever send, by URL path. Nothing else on disk is reachable.
// The package's part is its browser entry plus exactly what that imports (found at start,
// so a rebuilt package with other file names still works; the server wasm is never served).
const STATIC_FILES = new Map([
  ["/", "www/index.html"],
  ["/index.html", "www/index.html"],
  ["/app.js", "www/app.js"],
  ["/messages.js", "www/messages.js"],
  ["/phone.js", "www/phone.js"],
  ["/autofill.js", "www/autofill.js"],
  ["/style.css", "www/style.css"],
  ["/favicon.svg", "www/favicon.svg"],
  ["/check.svg", "www/check.svg"],
]);

const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
};

const REGIONS = ["ap", "us", "eu", "id"];
const MAX_CONFIRMATIONS = 1000;

// ---------------------------------------------------------------------------------------
// Configuration

function usage() {
  return [
    "usage: node www/server.mjs [--port PORT]",
    "",
    "  --port PORT   port on 127.0.0.1 (default $PORT or 8080; 0 picks a free port)",
    "",
    "environment:",
    "  VERIFY_8X8_API_KEY, VERIFY_8X8_SUBACCOUNT, VERIFY_8X8_ALLOWED_COUNTRIES (e.g. SG,GB or *)",
    "      all three set: the proxy talks to the real 8x8 API, no simulator is started",
    "  VERIFY_8X8_REGION   ap (default), us, eu or id (real API only)",
    "  VERIFY_8X8_SIM_BIN  simulator binary (default target/debug/verify-8x8-sim)",
  ].join("\n");
}

function fail(message, code = 1) {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(code);
}

function parsePort(text, where) {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) fail(`${where} must be a port number from 0 to 65535`, 2);
  return Number(text);
}

function readConfig(argv, env) {
  let port = env.PORT !== undefined && env.PORT !== "" ? parsePort(env.PORT, "PORT") : 8080;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--port" && i + 1 < argv.length) port = parsePort(argv[++i], "--port");
    else if (arg.startsWith("--port=")) port = parsePort(arg.slice(7), "--port");
    else if (arg === "-h" || arg === "--help") {
      process.stdout.write(`${usage()}\n`);
      process.exit(0);
    } else fail(`unknown argument ${JSON.stringify(arg)}\n${usage()}`, 2);
  }

  const apiKey = env.VERIFY_8X8_API_KEY || "";
  const subAccountId = env.VERIFY_8X8_SUBACCOUNT || "";
  const countries = (env.VERIFY_8X8_ALLOWED_COUNTRIES || "").trim();
  const live = apiKey !== "" && subAccountId !== "" && countries !== "";
  const partlySet = [apiKey, subAccountId].some((v) => v !== "");
  if (!live && partlySet) {
    fail(
      "to use the real 8x8 API set all of VERIFY_8X8_API_KEY, VERIFY_8X8_SUBACCOUNT and VERIFY_8X8_ALLOWED_COUNTRIES " +
        "(unset them to use the simulator)",
      2,
    );
  }
  const allowedCountries =
    countries === "" || countries === "*"
      ? ["*"]
      : countries
          .split(",")
          .map((c) => c.trim().toUpperCase())
          .filter(Boolean);
  if (!allowedCountries.every((c) => c === "*" || /^[A-Z]{2}$/.test(c))) {
    fail("VERIFY_8X8_ALLOWED_COUNTRIES must be * or a comma-separated list of two-letter country codes (SG,GB,US)", 2);
  }
  const region = env.VERIFY_8X8_REGION || undefined;
  if (region !== undefined && !REGIONS.includes(region)) fail(`VERIFY_8X8_REGION must be one of ${REGIONS.join(", ")}`, 2);

  return { port, live, apiKey, subAccountId, allowedCountries, region };
}

/**
 * `pkg/browser.js` and the files it reaches through relative static imports, re-exports and
 * `new URL("./…", import.meta.url)` (the lazily fetched wasm), as repository-relative paths.
 */
export function browserEntryFiles(entry = "pkg/browser.js") {
  const found = new Set();
  const pending = [entry];
  const pattern =
    /(?:\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bexport\s*[\w*{}\s,$]+\s*from\s*|\bnew\s+URL\s*\(\s*)(["'])(\.{1,2}\/[^"']+)\1/g;
  while (pending.length > 0) {
    const file = pending.pop();
    if (found.has(file)) continue;
    found.add(file);
    if (!file.endsWith(".js")) continue;
    const source = readFileSync(path.join(repoRoot, file), "utf8");
    for (const match of source.matchAll(pattern)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[2]));
      if (target.startsWith("pkg/") && !found.has(target)) pending.push(target);
    }
  }
  return [...found].sort();
}

// ---------------------------------------------------------------------------------------
// The simulator

function startSimulator() {
  const bin = process.env.VERIFY_8X8_SIM_BIN || path.join(repoRoot, "target", "debug", "verify-8x8-sim");
  if (!existsSync(bin)) fail(`simulator not found at ${bin}: run \`make sim\` (or \`make demo\`)`);
  // Its own process group: Ctrl-C reaches only this server, which then stops the simulator
  // in order (instead of both racing to exit).
  const child = spawn(bin, ["--listen", `${HOST}:0`], { stdio: ["ignore", "pipe", "pipe"], detached: true });
  const stderrTail = [];
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    stderrTail.push(chunk);
    if (stderrTail.length > 20) stderrTail.shift();
  });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("the simulator did not start within 10 s")), 10_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited (code ${code}, signal ${signal}): ${stderrTail.join("").trim()}`));
    });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      if (out === null) return; // keep draining
      out += chunk;
      const newline = out.indexOf("\n");
      if (newline < 0) return;
      const match = /^listening on (http:\/\/\S+)$/.exec(out.slice(0, newline).trim());
      out = null;
      clearTimeout(timer);
      if (match) resolve(match[1]);
      else reject(new Error("unexpected first line from the simulator"));
    });
  });
  return {
    child,
    ready,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---------------------------------------------------------------------------------------
// Node request ⇄ fetch Request/Response

function requestUrl(req) {
  return new URL(req.url, `http://${req.headers.host}`);
}

/** A fetch Request for the proxy, with the client's address in x-real-ip (set here, never trusted from outside). */
function toFetchRequest(req, url, signal) {
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

async function sendFetchResponse(res, response) {
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

function sendJson(res, status, value, extraHeaders = {}) {
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

function sendText(res, status, text, extraHeaders = {}) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "no-store",
    ...extraHeaders,
  });
  res.end(text);
}

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
  const verify = await import(pkgEntry);
  const { createVerifyProxy } = verify;
  if (typeof createVerifyProxy !== "function") fail("the built package has no createVerifyProxy: run `make build`");

  let sim = null;
  let simUrl = null;
  if (!config.live) {
    sim = startSimulator();
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

    const file = STATIC_FILES.get(pathname);
    if (file) {
      if (req.method !== "GET" && req.method !== "HEAD") return sendText(res, 405, "GET only\n", { allow: "GET, HEAD" });
      let body;
      try {
        body = readFileSync(path.join(repoRoot, file));
      } catch {
        return sendText(res, 404, `${file} is missing: run \`make build\`\n`);
      }
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        "content-type": MIME_TYPES[path.extname(file)] ?? "application/octet-stream",
        "content-length": body.length,
        "cache-control": "no-cache",
      });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }

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
