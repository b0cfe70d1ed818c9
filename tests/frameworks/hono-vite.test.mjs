// Hono and Vite as a new user puts them together, from the README's recipes as written: a page
// (src/verify.js) built by `vite build` and served by the Hono server (server.js) that mounts
// the proxy; the same page in `vite` (development) and `vite preview`, through Vite's proxy
// (vite.config.js); and the page on one origin calling a Hono proxy on another, with cookies
// both ways. Each in headless Chromium at 127.0.0.1, against the simulator.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { Miniflare } from "miniflare";
import { bundle } from "../runtime/bundle.mjs";
import { launchChromium } from "../support/browser.mjs";
import { repoRoot, stageFiles } from "../support/package.mjs";
import { startSim } from "../support/sim.mjs";
import { closedUrl, freshDestination } from "../runtime/expect.mjs";
import { recipe, startServer, verifyInPage } from "./support.mjs";

const vite = path.join(repoRoot, "node_modules", ".bin", "vite");
const secrets = { VERIFY_8X8_API_KEY: "test-key", VERIFY_8X8_SUBACCOUNT: "test_hq" };
let app;
let sim;
let browser;
const servers = [];

const freePort = async () => new URL(await closedUrl()).port;

function viteBuild(outDir, env = {}) {
  return promisify(execFile)(vite, ["build", "--outDir", outDir, "--logLevel", "warn"], { cwd: app, env: { ...process.env, ...env } }).catch((e) => {
    throw new Error(`vite build failed:\n${e.stdout}\n${e.stderr}`);
  });
}

/** The README's Hono server on a free port; returns its origin and output. */
async function startHono(env = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = await startServer(process.execPath, ["server.js"], {
    cwd: app,
    env: { ...secrets, VERIFY_8X8_UPSTREAM_URL: sim.url, PORT: port, ...env },
    url: `${origin}/api/verify/sessions`,
  });
  servers.push(server);
  return { origin, output: server.output };
}

/** `vite` or `vite preview` on a free port, proxying /api/verify to `api`. */
async function startVite(args, api) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  servers.push(
    await startServer(vite, [...args, "--host", "127.0.0.1", "--port", port, "--strictPort"], {
      cwd: app,
      env: { VERIFY_API_ORIGIN: api },
      url: `${origin}/`,
    }),
  );
  return origin;
}

/** Opens `url` as the user "alice" (a cookie of the page's site) and verifies a fresh number. */
async function verifyAt(url) {
  const context = await browser.newContext();
  await context.addCookies([{ name: "user", value: "alice", url }]);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  try {
    await page.goto(url);
    const destination = freshDestination();
    await verifyInPage(page, sim.url, destination);
    assert.deepEqual(errors, []);
    return { destination, cookies: await context.cookies() };
  } finally {
    await context.close();
  }
}

async function clientIpSent(destination) {
  const requests = await (await fetch(`${sim.url}/_sim/requests`)).json();
  return requests.filter((r) => r.body?.destination === destination).map((r) => r.body.clientIp);
}

before(async () => {
  sim = await startSim();
  app = stageFiles("hono-vite", ["frameworks/fixtures/index.html"]);
  mkdirSync(path.join(app, "src"));
  cpSync(path.join(repoRoot, "tests", "frameworks", "fixtures", "main.js"), path.join(app, "src", "main.js"));
  writeFileSync(path.join(app, "src", "verify.js"), recipe("vite-client"));
  writeFileSync(path.join(app, "vite.config.js"), recipe("vite-config"));
  writeFileSync(path.join(app, "server.js"), recipe("hono-node"));
  writeFileSync(path.join(app, "main.js"), recipe("hono-deno"));
  writeFileSync(path.join(app, "worker.js"), recipe("hono-worker"));
  await viteBuild("dist");
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  for (const server of servers) await server.stop();
  await sim?.stop();
});

test("vite build emits the client wasm only", () => {
  const assets = readdirSync(path.join(app, "dist", "assets"));
  assert.deepEqual(assets.filter((f) => f.endsWith(".wasm")).map((f) => f.split("-")[0]), ["client_bg"], assets.join(", "));
});

test("Hono on Node serves the built page and the proxy; the client IP comes from the connection", async () => {
  const hono = await startHono();
  const { destination, cookies } = await verifyAt(`${hono.origin}/`);
  assert.deepEqual(await clientIpSent(destination), ["127.0.0.1"]);
  assert.match(hono.output(), /user alice verified a number/);
  assert.ok(cookies.some((c) => c.name === "phone_verified" && c.value === "1"), JSON.stringify(cookies));
});

test("vite (development) through Vite's proxy, with no optimizeDeps.exclude", async () => {
  const hono = await startHono();
  await verifyAt(`${await startVite([], hono.origin)}/`);
});

test("vite preview through Vite's proxy", async () => {
  const hono = await startHono();
  await verifyAt(`${await startVite(["preview"], hono.origin)}/`);
});

test("Hono on Deno (the README's variant) behind vite preview: the client IP is Deno's remoteAddr", async () => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  servers.push(
    await startServer(path.join(repoRoot, "node_modules", ".bin", "deno"), ["run", "--no-prompt", "--allow-net=127.0.0.1", "--allow-env", "main.js"], {
      cwd: app,
      env: { ...secrets, VERIFY_8X8_UPSTREAM_URL: sim.url, PORT: port, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
      url: `${origin}/api/verify/sessions`,
    }),
  );
  const { destination } = await verifyAt(`${await startVite(["preview"], origin)}/`);
  assert.deepEqual(await clientIpSent(destination), ["127.0.0.1"]);
});

test("Hono on Cloudflare Workers (the README's variant, bundled for workerd, in miniflare) behind vite preview", async () => {
  const built = await bundle({ entry: path.join(app, "worker.js"), outdir: app, name: "worker-bundle", conditions: ["workerd", "worker", "browser"] });
  const mf = new Miniflare({
    modules: true,
    scriptPath: built.outfile,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-01-01",
    host: "127.0.0.1",
    port: 0,
    bindings: { ...secrets, VERIFY_8X8_UPSTREAM_URL: sim.url },
  });
  servers.push({ stop: () => mf.dispose() });
  const origin = new URL(await mf.ready).origin;
  const { destination } = await verifyAt(`${await startVite(["preview"], origin)}/`);
  assert.deepEqual(await clientIpSent(destination), ["127.0.0.1"], "CF-Connecting-IP, as workerd sets it");
});

test("the page on one origin, the proxy on another: its cookies reach onVerified, and the cookie it sets is kept", async () => {
  const apiPort = await freePort();
  await viteBuild("dist-cross", { VITE_VERIFY_URL: `http://127.0.0.1:${apiPort}/api/verify` });
  const page = await startVite(["preview", "--outDir", "dist-cross"], "http://127.0.0.1:9");
  const api = await startServer(process.execPath, ["server.js"], {
    cwd: app,
    env: { ...secrets, VERIFY_8X8_UPSTREAM_URL: sim.url, PORT: apiPort, APP_ORIGIN: page },
    url: `http://127.0.0.1:${apiPort}/api/verify/sessions`,
  });
  servers.push(api);
  const { cookies } = await verifyAt(`${page}/`);
  assert.match(api.output(), /user alice verified a number/);
  assert.ok(cookies.some((c) => c.name === "phone_verified" && c.value === "1"), JSON.stringify(cookies));
});
