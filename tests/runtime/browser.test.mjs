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

/**
 * A page of the same build (same strict CSP) whose WebOTP is stubbed before any script runs:
 * `mode` "deliver" answers `{ code }` as Chrome does when the user taps the prompt, "decline"
 * rejects as Chrome does when the user dismisses it, "hang" waits (for the SMS) until the
 * signal aborts, rejecting with an AbortError as Chrome does; "absent" removes WebOTP (desktop,
 * Firefox, Safari) and leaves a spy on navigator.credentials.get.
 */
async function webOtpPage(mode) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.addInitScript((mode) => {
    window.__otpCalls = [];
    if (mode === "absent") delete window.OTPCredential;
    else window.OTPCredential ??= class OTPCredential {};
    navigator.credentials.get = (options) => {
      window.__otpCalls.push({ otp: options?.otp, signal: options?.signal instanceof AbortSignal });
      if (mode === "deliver") return new Promise((resolve) => setTimeout(() => resolve({ type: "otp", id: "", code: "481516" }), 50));
      if (mode === "decline") return Promise.reject(new DOMException("the user declined", "NotAllowedError"));
      return new Promise((_, reject) => options.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    };
  }, mode);
  await page.goto(`${site.url}/`);
  await page.waitForFunction(() => window.__verify !== undefined, null, { timeout: 20_000 });
  return { page, errors };
}

test("Chromium: receiveCode resolves with WebOTP's code, null without WebOTP or when declined, ABORTED by its signal", async () => {
  {
    const { page, errors } = await webOtpPage("deliver");
    assert.equal(await page.evaluate(() => window.__verify.receiveCode()), "481516");
    assert.deepEqual(await page.evaluate(() => window.__otpCalls), [{ otp: { transport: ["sms"] }, signal: false }]);
    const withSignal = await page.evaluate(() => window.__verify.receiveCode({ signal: new AbortController().signal }));
    assert.equal(withSignal, "481516");
    assert.equal(await page.evaluate(() => window.__otpCalls[1].signal), true, "the signal reaches WebOTP");
    assert.deepEqual(errors, []);
    await page.close();
  }
  {
    const { page } = await webOtpPage("decline");
    assert.equal(await page.evaluate(() => window.__verify.receiveCode()), null, "declined: the user types the code");
    await page.close();
  }
  {
    const { page } = await webOtpPage("absent");
    const result = await page.evaluate(async () => {
      const t0 = performance.now();
      const code = await window.__verify.receiveCode();
      return { code, ms: performance.now() - t0, calls: window.__otpCalls.length };
    });
    assert.deepEqual({ code: result.code, calls: result.calls }, { code: null, calls: 0 }, "no WebOTP: null, and credentials.get is never asked");
    assert.ok(result.ms < 50, `null at once (${result.ms} ms)`);
    await page.close();
  }
  {
    const { page, errors } = await webOtpPage("hang");
    const aborted = await page.evaluate(async () => {
      const controller = new AbortController();
      const pending = window.__verify.receiveCode({ signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      const error = await pending.then(() => undefined, (e) => e);
      const early = await window.__verify.receiveCode({ signal: AbortSignal.abort() }).then(() => undefined, (e) => e);
      return [error, early].map((e) => ({ name: e?.name, code: e?.code, isVerifyError: window.__verify.isVerifyError(e), instance: e instanceof window.__verify.VerifyError }));
    });
    for (const e of aborted) assert.deepEqual(e, { name: "VerifyError", code: "ABORTED", isVerifyError: true, instance: true });
    assert.equal(await page.evaluate(() => window.__otpCalls.length), 1, "an already aborted signal asks nothing");
    assert.deepEqual(errors, []);
    await page.close();
  }
});
