// Shared helpers of the demo's end-to-end suites: start `node www/server.mjs --port 0`
// (which starts its own simulator), open the page in headless Chromium, drive it.
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { launchChromium } from "../support/browser.mjs";
export { launchChromium };
export { advanceClock, injectFault, simMessages } from "../support/sim.mjs";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const artifactsDir = path.join(repoRoot, "tests", "artifacts", "e2e");

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * Starts the demo server on a free port. Resolves with its URL, the simulator's URL (read
 * from the server's `simulator: URL` line) and `stop()`, which sends SIGTERM and resolves
 * with the exit code.
 */
export function startDemo({ env = {}, args = [], timeoutMs = 20_000 } = {}) {
  const child = spawn(process.execPath, [path.join(repoRoot, "www", "server.mjs"), "--port", "0", ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      VERIFY_8X8_API_KEY: "",
      VERIFY_8X8_SUBACCOUNT: "",
      VERIFY_8X8_ALLOWED_COUNTRIES: "",
      PORT: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  process.once("exit", () => child.kill("SIGKILL"));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the demo server did not start in ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the demo server exited (code ${code}, signal ${signal})\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const ready = /^demo ready: (http:\/\/\S+)$/m.exec(stdout);
      if (!ready) return;
      clearTimeout(timer);
      const sim = /^simulator: (http:\/\/\S+)/m.exec(stdout);
      resolve({
        url: ready[1],
        simUrl: sim ? sim[1] : null,
        process: child,
        output: () => ({ stdout, stderr }),
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
          const result = await exited;
          clearTimeout(t);
          return result;
        },
      });
    });
  });
}

/** A fresh Singapore mobile number (national form, 8 digits starting with 8 or 9). */
let counter = 0;
export function freshNational() {
  counter += 1;
  const n = (Date.now() * 7 + counter * 7919 + Math.floor(Math.random() * 1e6)) % 10_000_000;
  return `8${String(n).padStart(7, "0")}`;
}

/**
 * Opens the page in a fresh context. Collects console errors, page errors and CSP
 * violations in `problems` (assert it is empty at the end). `init` runs in the page before
 * its own scripts.
 */
export async function openDemo(browser, url, { viewport = DESKTOP, clock = false, init } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  if (init) await page.addInitScript(init); // before the page's own scripts (e.g. a WebOTP stub)
  if (clock) await page.clock.install();
  await page.goto(url);
  await page.waitForSelector("html[data-ready=true]");
  return { page, context, problems };
}

/** Chooses Singapore, types the national number, sends; waits for the code step. */
export async function sendCode(page, national, { country = "SG" } = {}) {
  await page.selectOption("#country", country);
  await page.fill("#phone", national);
  await page.click("#send");
  await page.waitForSelector("#code-form:not([hidden])");
}

/** The code in the newest message of the page's inbox panel (waits for `count` messages). */
export async function codeFromInbox(page, count = 1) {
  await page.waitForFunction((n) => document.querySelectorAll("#inbox-list .message").length >= n, count);
  return page.locator("#inbox-list .message").last().locator(".message__code").textContent();
}

/**
 * Opens the page of `useDemo()`'s `env` (with openDemo's options), sends a code to a fresh
 * Singapore number and reads it from the inbox panel: openDemo's `{ page, context, problems }`
 * with the `national` number and its `code`.
 */
export async function openWithCode(env, options) {
  const opened = await openDemo(env.browser, env.demo.url, options);
  const national = freshNational();
  await sendCode(opened.page, national);
  return { ...opened, national, code: await codeFromInbox(opened.page) };
}

/**
 * The end of a flow that verifies: waits for the server's confirmation in the page, asserts
 * the page had no problems (openDemo's `problems`) and closes its context.
 */
export async function endConfirmed(page, context, problems) {
  await page.waitForSelector("#confirmation[data-state=confirmed]");
  assertNoProblems(problems);
  await context.close();
}

/** The text of the status region once it says something matching `pattern`. */
export async function statusMatching(page, pattern) {
  await page.waitForFunction(
    (source) => new RegExp(source).test(document.getElementById("status").textContent),
    pattern.source,
  );
  return page.textContent("#status");
}

export function wrongCodeFor(code) {
  return [...code].map((d) => String((Number(d) + 1) % 10)).join("");
}

export async function screenshot(page, name) {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export function assertNoProblems(problems) {
  assert.deepEqual(problems, [], problems.join("\n"));
}

/**
 * Starts the demo server and headless Chromium before a file's tests and stops both after
 * them: `const env = useDemo()`, then `env.demo` and `env.browser` inside the tests.
 * `onStopped` receives what `demo.stop()` resolved with (the server's exit).
 */
export function useDemo({ onStopped } = {}) {
  const env = {};
  before(async () => {
    [env.demo, env.browser] = await Promise.all([startDemo(), launchChromium()]);
  });
  after(async () => {
    await env.browser?.close();
    const stopped = await env.demo?.stop();
    onStopped?.(stopped);
  });
  return env;
}
