// The demo server itself: headers, MIME types, what it serves and refuses, its
// configuration (simulator, real API, allowed countries), error messages in the page,
// the CSP in Chromium, and a clean stop on SIGTERM and SIGINT.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { test } from "node:test";
import { ERROR_CODES, OUTCOMES, errorMessage, outcomeMessage } from "../../www/messages.js";
import { CONTENT_SECURITY_POLICY, browserEntryFiles } from "../../www/server.mjs";
import { composeDestination } from "../../www/phone.js";
import {
  DESKTOP,
  PHONE,
  assertNoProblems,
  freshNational,
  injectFault,
  openDemo,
  screenshot,
  sendCode,
  startDemo,
  statusMatching,
  useDemo,
} from "./helpers.mjs";

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; " +
  "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const env = useDemo();

test("every response carries the strict CSP, nosniff and a referrer policy; files have their MIME types", async () => {
  const expected = {
    "/": "text/html; charset=utf-8",
    "/app.js": "text/javascript; charset=utf-8",
    "/messages.js": "text/javascript; charset=utf-8",
    "/phone.js": "text/javascript; charset=utf-8",
    "/style.css": "text/css; charset=utf-8",
    "/favicon.svg": "image/svg+xml",
    "/pkg/browser.js": "text/javascript; charset=utf-8",
    "/pkg/shim.js": "text/javascript; charset=utf-8",
    "/pkg/browser-options.js": "text/javascript; charset=utf-8",
    "/pkg/browser-rules.js": "text/javascript; charset=utf-8",
    "/pkg/dist/client.js": "text/javascript; charset=utf-8",
    "/pkg/dist/client_bg.wasm": "application/wasm",
    "/api/demo/config": "application/json",
  };
  for (const [path, type] of Object.entries(expected)) {
    const response = await fetch(`${env.demo.url}${path}`);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get("content-type"), type, path);
    assert.equal(response.headers.get("content-security-policy"), CSP, path);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff", path);
    assert.equal(response.headers.get("referrer-policy"), "no-referrer", path);
    await response.arrayBuffer();
  }
  const proxied = await fetch(`${env.demo.url}/api/verify/sessions/nope`, { headers: { "x-verify-8x8": "1" } });
  assert.equal(proxied.headers.get("content-security-policy"), CSP, "the proxy's answers too");
  assert.equal(proxied.headers.get("cache-control"), "no-store");
  await proxied.arrayBuffer();
});

test("every stylesheet, script and module the page references is served, with its MIME type", async () => {
  const html = await (await fetch(`${env.demo.url}/`)).text();
  const referenced = new Set([...html.matchAll(/<(?:link rel="stylesheet" href|script type="module" src)="(\/[^"]+)"/g)].map((m) => m[1]));
  // What the page's modules import, by absolute path, followed to the end.
  const pending = [...referenced].filter((p) => p.endsWith(".js"));
  while (pending.length) {
    const source = await (await fetch(`${env.demo.url}${pending.pop()}`)).text();
    for (const [, imported] of source.matchAll(/\bfrom\s*"(\/[^"]+)"/g)) {
      if (!referenced.has(imported)) pending.push(imported);
      referenced.add(imported);
    }
  }
  assert.ok([...referenced].filter((p) => p.endsWith(".css")).length >= 1 && referenced.has("/app.js"), [...referenced].join(", "));
  for (const path of referenced) {
    const response = await fetch(`${env.demo.url}${path}`);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get("content-type"), path.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8", path);
    await response.arrayBuffer();
  }
});

test("serves only the page and the browser entry: no server wasm, no other file, no other /_sim endpoint", async () => {
  for (const path of [
    "/pkg/dist/server_bg.wasm",
    "/pkg/node.js",
    "/pkg/package.json",
    "/server.mjs",
    "/www/server.mjs",
    "/README.md",
    "/%2e%2e/package.json",
    "/_sim/clock",
    "/_sim/reset",
  ]) {
    const response = await fetch(`${env.demo.url}${path}`);
    assert.equal(response.status, 404, path);
    await response.arrayBuffer();
  }
  // What is served from pkg/: the browser entry's import graph, client wasm only (the
  // crate has no JavaScript snippets: gloo-net and web-sys do its I/O).
  assert.deepEqual(browserEntryFiles(), [
    "pkg/browser-options.js",
    "pkg/browser-rules.js",
    "pkg/browser.js",
    "pkg/dist/client.js",
    "pkg/dist/client_bg.wasm",
    "pkg/receive-code.js",
    "pkg/shim.js",
  ]);
  assert.equal(CONTENT_SECURITY_POLICY, CSP);
  const post = await fetch(`${env.demo.url}/_sim/messages`, { method: "POST" });
  assert.equal(post.status, 405);
  await post.arrayBuffer();
});

test("answers only to loopback host names (no DNS rebinding)", async () => {
  const { port } = new URL(env.demo.url);
  const status = (host) =>
    new Promise((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path: "/", headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      req.end();
    });
  assert.equal(await status(`127.0.0.1:${port}`), 200);
  assert.equal(await status(`localhost:${port}`), 200);
  assert.equal(await status(`evil.example:${port}`), 421);
});

test("GET /api/demo/config, /_sim/messages (forwarded) and /api/demo/confirmations", async () => {
  const config = await (await fetch(`${env.demo.url}/api/demo/config`)).json();
  assert.deepEqual(config, {
    upstream: "simulator",
    region: null,
    inbox: true,
    allowedCountries: ["*"],
    codeLength: 6,
    basePath: "/api/verify",
  });
  const messages = await fetch(`${env.demo.url}/_sim/messages?destination=%2B6580000000`);
  assert.equal(messages.status, 200);
  assert.deepEqual(await messages.json(), []);
  const unknown = await fetch(`${env.demo.url}/api/demo/confirmations?sessionId=0123456789abcdef0123456789abcdef`);
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).confirmed, false);
});

test("the page loads with no console error or CSP violation, and the CSP is enforced", async () => {
  for (const [label, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
    ["narrow phone", { width: 360, height: 740 }],
  ]) {
    const { page, context, problems } = await openDemo(env.browser, env.demo.url, { viewport });
    // The package's wasm was fetched with the right type and compiled under 'wasm-unsafe-eval'.
    await sendCode(page, freshNational());
    assert.equal(await page.isVisible("#inbox"), true);
    assert.equal(await page.textContent("#mode"), "Local simulator · no real SMS");
    // Nothing overflows sideways, down to a phone's width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${label}: no horizontal scrolling`);
    assertNoProblems(problems);

    // An injected inline script must not run.
    const ran = await page.evaluate(async () => {
      const blocked = new Promise((resolve) => document.addEventListener("securitypolicyviolation", () => resolve("blocked"), { once: true }));
      const script = document.createElement("script");
      script.textContent = "window.__inline = 'ran'";
      document.body.append(script);
      return Promise.race([blocked, new Promise((resolve) => setTimeout(() => resolve(window.__inline ?? "nothing"), 1000))]);
    });
    assert.equal(ran, "blocked");
    await context.close();
  }
});

test("keyboard: the focus order follows the form and focus is visible", async () => {
  const { page, context, problems } = await openDemo(env.browser, env.demo.url);
  const order = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => document.activeElement?.id));
  }
  assert.deepEqual(order, ["country", "phone", "send"]);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, "solid", "a visible focus ring");
  await page.fill("#phone", freshNational());
  await page.keyboard.press("Enter");
  await page.waitForSelector("#code-form:not([hidden])");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "code");
  assertNoProblems(problems);
  await context.close();
});

test("an invalid number: the page says what is wrong and focuses the field; nothing is sent", async () => {
  const { page, context, problems } = await openDemo(env.browser, env.demo.url);
  await page.fill("#phone", "12");
  await page.click("#send");
  const status = await statusMatching(page, /phone number doesn't look right/);
  assert.match(status, /6 to 15 digits/);
  assert.equal(await page.getAttribute("#phone", "aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "phone");
  assert.equal(await page.isHidden("#code-form"), true);
  assertNoProblems(problems);
  await context.close();
});

test("an upstream failure becomes a calm SERVER_ERROR message with a reference", async () => {
  const { page, context, problems } = await openDemo(env.browser, env.demo.url);
  await injectFault(env.demo.simUrl, { status: 503, path: "/api/v2/subaccounts/test_hq/sessions" });
  await page.fill("#phone", freshNational());
  await page.click("#send");
  const status = await statusMatching(page, /having trouble/);
  assert.match(status, /^The verification service is having trouble right now\. Please try again in a moment\. \(Reference: [0-9a-f-]{36}\)$/);
  await screenshot(page, "desktop-8-server-error");
  // The retry works (nothing was sent the first time, and nothing is retried by itself).
  await page.click("#send");
  await page.waitForSelector("#code-form:not([hidden])");
  assert.deepEqual(
    problems.filter((p) => !p.includes("status of 502")),
    [],
  );
  await context.close();
});

test("a human message for every VerifyError code and every outcome", () => {
  const texts = new Set();
  for (const code of ERROR_CODES) {
    const message = errorMessage({ name: "VerifyError", code, message: "x", retryAfterSeconds: 42 });
    assert.ok(message.text.length > 20, code);
    assert.doesNotMatch(message.text, /Something went wrong/, code);
    texts.add(message.text);
  }
  assert.equal(texts.size, ERROR_CODES.length, "each code has its own message");
  assert.match(errorMessage({ code: "RESEND_TOO_SOON", retryAfterSeconds: 7 }).text, /in 7 seconds/);
  assert.match(errorMessage({ code: "RATE_LIMITED", retryAfterSeconds: 600 }).text, /in 10 minutes/);
  assert.match(errorMessage({ code: "RATE_LIMITED", retryAfterSeconds: 3000 }).text, /in 50 minutes/);
  assert.match(errorMessage({ code: "INVALID_REQUEST", field: "call.repetition" }).text, /“call\.repetition”/);
  assert.equal(errorMessage({ code: "INVALID_REQUEST", field: "destination" }).field, "destination");
  assert.match(errorMessage({ code: "SERVER_ERROR", errorId: "abc" }).text, /Reference: abc/);
  for (const outcome of OUTCOMES) assert.ok(outcomeMessage({ outcome, attemptsLeft: 2 }).text.length > 20, outcome);
  assert.equal(outcomeMessage({ outcome: "WRONG_CODE", attemptsLeft: 1 }).text, "That code isn't right. 1 attempt left.");
});

test("the number the page sends: national with the country's calling code, or international as typed", () => {
  const sg = { iso: "SG", callingCode: "65" };
  const gb = { iso: "GB", callingCode: "44" };
  assert.deepEqual(composeDestination(sg, "8123 4567"), { destination: "+6581234567", country: "SG" });
  assert.deepEqual(composeDestination(gb, "07700 900123"), { destination: "+447700900123", country: "GB" });
  assert.deepEqual(composeDestination(gb, "+65 8123-4567"), { destination: "+6581234567" });
  assert.deepEqual(composeDestination(gb, "0065 8123 4567"), { destination: "+6581234567" });
  assert.deepEqual(composeDestination({}, "6581234567"), { destination: "+6581234567" });
});

test("the country picker: each calling code as data/calling-codes.tsv has it, Singapore selected, Other last", async () => {
  const html = await (await fetch(`${env.demo.url}/`)).text();
  const options = [...html.matchAll(/<option value="([A-Z]*)"(?: data-calling-code="(\d+)")? data-example="([^"]+)"( selected)?>([^<]+)<\/option>/g)];
  assert.equal(html.match(/<option/g).length, options.length, "every option has the expected shape");
  assert.doesNotMatch(html, /country options: www\/server/, "the marker is replaced");
  const table = new Map(
    readFileSync(new URL("../../data/calling-codes.tsv", import.meta.url), "utf8")
      .split("\n")
      .filter((line) => line && !line.startsWith("#"))
      .map((line) => line.split("\t", 2)),
  );
  const countries = options.slice(0, -1);
  assert.ok(countries.length >= 20, `${countries.length} countries`);
  for (const [, iso, code, example, , label] of countries) {
    assert.equal(code, table.get(iso), iso);
    assert.ok(label.endsWith(` (+${code})`), label);
    assert.match(example, /^\d[\d ]{5,}$/, `${iso} example ${example}`);
  }
  const names = countries.map((o) => o[5]);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, "en")), "sorted by name");
  assert.deepEqual(countries.filter((o) => o[4]).map((o) => o[1]), ["SG"]);
  const other = options.at(-1);
  assert.equal(other[1], "");
  assert.equal(other[5], "Other (international number)");
  assert.match(other[3], /^\+65 8\d{3} \d{4}$/);
});

test("VERIFY_8X8_ALLOWED_COUNTRIES alone restricts the simulator demo: other countries get FORBIDDEN", async () => {
  const restricted = await startDemo({ env: { VERIFY_8X8_ALLOWED_COUNTRIES: "GB" } });
  try {
    assert.ok(restricted.simUrl, "still the simulator");
    const { page, context, problems } = await openDemo(env.browser, restricted.url);
    await sendCode(page, "7700 900123", { country: "GB" });
    await page.click("#change-number");
    await page.selectOption("#country", "SG");
    await page.fill("#phone", freshNational());
    await page.click("#send");
    const status = await statusMatching(page, /can't be sent to this number/);
    assert.match(status, /country .* isn't enabled/);
    assert.deepEqual(
      problems.filter((p) => !p.includes("status of 403")),
      [],
    );
    await context.close();
  } finally {
    await restricted.stop();
  }
});

test("with the three VERIFY_8X8_* variables set: no simulator, inbox hidden, /_sim gone", async () => {
  const live = await startDemo({
    env: {
      VERIFY_8X8_API_KEY: "not-a-real-key",
      VERIFY_8X8_SUBACCOUNT: "demo_account",
      VERIFY_8X8_ALLOWED_COUNTRIES: "SG, gb",
      VERIFY_8X8_REGION: "eu",
    },
  });
  try {
    assert.equal(live.simUrl, null);
    const { stdout } = live.output();
    assert.match(stdout, /upstream: the real 8x8 API, region eu/);
    assert.doesNotMatch(stdout, /not-a-real-key|demo_account/, "neither the key nor the subaccount is printed");
    const config = await (await fetch(`${live.url}/api/demo/config`)).json();
    assert.deepEqual(
      { upstream: config.upstream, region: config.region, inbox: config.inbox, allowedCountries: config.allowedCountries },
      { upstream: "8x8", region: "eu", inbox: false, allowedCountries: ["SG", "GB"] },
    );
    const sim = await fetch(`${live.url}/_sim/messages`);
    assert.equal(sim.status, 404);
    await sim.arrayBuffer();
    const { page, context, problems } = await openDemo(env.browser, live.url);
    assert.equal(await page.isHidden("#inbox"), true);
    assert.equal(await page.textContent("#mode"), "Live 8x8 API · region eu");
    assertNoProblems(problems);
    await context.close();
  } finally {
    await live.stop();
  }
});

test("a partial real-API configuration is refused with a clear message", async () => {
  await assert.rejects(
    startDemo({ env: { VERIFY_8X8_API_KEY: "k" } }),
    /set all of VERIFY_8X8_API_KEY, VERIFY_8X8_SUBACCOUNT and VERIFY_8X8_ALLOWED_COUNTRIES/,
  );
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  test(`${signal} stops the demo server and its simulator`, async () => {
    const own = await startDemo();
    own.process.kill(signal);
    assert.deepEqual(await own.stop(), { code: 0, signal: null });
    for (const url of [own.url, own.simUrl]) {
      await assert.rejects(fetch(`${url}/`), TypeError, `${url} is closed`);
    }
  });
}
