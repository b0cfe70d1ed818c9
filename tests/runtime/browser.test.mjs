// The packed package in a page built by `vite build` (production), served statically with a
// strict Content-Security-Policy and loaded in headless Chromium: the browser entry fetches
// the client-only wasm on first use and runs the whole flow in proxy mode, through a
// createVerifyProxy (the packed package's, in this Node process) on another origin.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { build } from "vite";
import { verify } from "../client/harness.mjs";
import { launchChromium, serveStatic } from "../support/browser.mjs";
import { serveFetch } from "../support/node-adapter.mjs";
import { stageFiles } from "../support/package.mjs";
import { startSim } from "../support/sim.mjs";
import { assertScenarioReport, closedUrl, freshDestination } from "./expect.mjs";

let sim;
let site;
let proxy;
let browser;
let outDir;
before(async () => {
  sim = await startSim({ args: ["--cors"] });
  const dir = stageFiles("browser", ["runtime/fixtures/scenario.mjs", "runtime/fixtures/browser-main.mjs", "runtime/fixtures/index.html"]);
  outDir = path.join(dir, "dist");
  await build({ root: dir, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  site = await serveStatic(outDir, {
    "content-security-policy": `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' http://127.0.0.1:*`,
  });
  const { fetch: handle } = verify.createVerifyProxy({
    apiKey: "test-key",
    subAccountId: "test_hq",
    upstreamUrl: sim.url,
    allowedCountries: ["SG"],
    allowedOrigins: [site.url],
    clientIpHeader: "x-real-ip",
    limits: { perClientIp: { max: 1000, windowSeconds: 3600 } },
  });
  proxy = await serveFetch(handle);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await proxy?.close();
  await site?.close();
  await sim?.stop();
});

test("vite build ships the client wasm only", () => {
  const assets = readdirSync(path.join(outDir, "assets"));
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, assets.join(", "));
  assert.match(wasm[0], /^client_bg/);
  const js = assets.filter((f) => f.endsWith(".js")).map((f) => readFileSync(path.join(outDir, "assets", f), "utf8")).join("");
  assert.ok(!/proxy_new|proxy_handle/.test(js), "the proxy's wasm bindings are not in the browser's glue");
});

test("Chromium: the whole flow in proxy mode, cross-origin, under a strict CSP", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const params = {
    simUrl: sim.url,
    proxyUrl: `${proxy.url}/api/verify`,
    closedUrl: await closedUrl(),
    destination: freshDestination(),
  };
  await page.goto(`${site.url}/#${encodeURIComponent(JSON.stringify(params))}`);
  await page.waitForFunction(() => window.__report !== undefined, null, { timeout: 20_000 });
  const report = await page.evaluate(() => window.__report);
  assert.deepEqual(errors, []);
  assert.equal(report.error, undefined, report.error);
  assertScenarioReport(report, { entry: "browser" });
  assert.doesNotMatch(JSON.stringify(report), /test-key|test_hq/, "nothing in the page ever saw the key or the subaccount");
  await page.close();
});
