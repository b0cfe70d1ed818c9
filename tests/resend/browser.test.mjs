// The browser entry in headless Chromium, through a proxy whose front drops the browser's
// connection after the proxy answered (FIN, then RST). Chromium sends the request again on its
// own when a kept-alive connection drops after the server read it; the Idempotency-Key the
// client sends lets the proxy answer that repeat with its first answer: every start and check
// reaches 8x8 (the simulator) once, and the page's call resolves with the first answer.
import assert from "node:assert/strict";
import { createReadStream, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, test } from "node:test";
import { verify } from "../client/harness.mjs";
import { launchChromium } from "../support/browser.mjs";
import { dropFirstActing, startDropFront } from "../support/drop-front.mjs";
import { serveFetch } from "../support/node-adapter.mjs";
import { packedProject } from "../support/package.mjs";
import { startSim } from "../support/sim.mjs";
import { freshDestination } from "../runtime/expect.mjs";

const packageDir = path.dirname(createRequire(path.join(packedProject(), "package.json")).resolve("verify-8x8/package.json"));
const PAGE = `<!doctype html><meta charset="utf-8"><title>resend</title>
<script type="importmap">{ "imports": { "verify-8x8": "/verify-8x8/dist/browser.js" } }</script>
<script type="module">
  import * as verify from "verify-8x8";
  window.verify = verify;
  window.ready = true;
</script>`;
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm" };

let sim;
let browser;
before(async () => {
  sim = await startSim();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

/** The site: the page, the package's files, /ping, and the proxy at /api/verify (same origin). */
async function startSite() {
  let proxy;
  const site = await serveFetch(async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith("/api/verify/")) return proxy.fetch(request);
    if (pathname === "/ping") return new Response(null, { status: 204 });
    if (pathname === "/") return new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } });
    const file = path.join(packageDir, pathname.replace(/^\/verify-8x8\//, ""));
    if (!pathname.startsWith("/verify-8x8/") || !file.startsWith(packageDir) || !existsSync(file) || !statSync(file).isFile()) {
      return new Response("not found", { status: 404 });
    }
    return new Response(createReadStream(file), { headers: { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" } });
  });
  return {
    url: site.url,
    mount(origin) {
      proxy = verify.createVerifyProxy({
        apiKey: "test-key",
        subAccountId: "test_hq",
        upstreamUrl: sim.url,
        allowedCountries: ["SG"],
        allowedOrigins: [origin], // the front's origin (the Host the site sees is its own)
        clientIpHeader: "x-real-ip",
      });
    },
    close: site.close,
  };
}

const received = async () => (await fetch(`${sim.url}/_sim/requests`)).json();

for (const how of ["fin", "rst"]) {
  test(`Chromium, the front drops the connection (${how.toUpperCase()}) after the proxy answered: 8x8 reached once per call, the first answer resolves`, async () => {
    const site = await startSite();
    const front = await startDropFront({ target: site.url, plan: dropFirstActing(how) });
    site.mount(front.url);
    const page = await browser.newPage();
    try {
      await page.goto(front.url);
      await page.waitForFunction(() => window.ready === true, null, { timeout: 20_000 });
      const destination = freshDestination();
      const before = (await received()).length;
      // A request just before each call keeps a connection to the front alive in Chromium's pool.
      const started = await page.evaluate(async (destination) => {
        const client = new window.verify.VerifyClient({ baseUrl: "/api/verify" });
        await fetch("/ping");
        try {
          return { ok: await client.startVerification({ destination }) };
        } catch (error) {
          return { error: { code: error.code, maybeSent: error.maybeSent } };
        }
      }, destination);
      assert.ok(started.ok, JSON.stringify(started));
      const messages = await (await fetch(`${sim.url}/_sim/messages?destination=${encodeURIComponent(destination)}`)).json();
      assert.equal(messages.length, 1, "one code sent");
      assert.equal(started.ok.sessionId, messages[0].sessionId, "the first answer");
      const checked = await page.evaluate(
        async ({ sessionId, code }) => {
          const client = new window.verify.VerifyClient({ baseUrl: "/api/verify" });
          await fetch("/ping");
          try {
            return { ok: await client.checkCode(sessionId, code) };
          } catch (error) {
            return { error: { code: error.code, maybeSent: error.maybeSent } };
          }
        },
        { sessionId: started.ok.sessionId, code: messages[0].code },
      );
      assert.equal(checked.ok?.outcome, "VERIFIED", JSON.stringify(checked));
      const upstream = (await received()).slice(before);
      assert.equal(upstream.filter((r) => r.method === "POST").length, 1, "one start reached 8x8");
      assert.equal(upstream.filter((r) => r.method === "GET" && /code=/.test(r.query ?? "")).length, 1, "one check reached 8x8");
      // What the front read: each call twice (Chromium's own re-send), with one key per call.
      const starts = front.acting().filter((r) => r.method === "POST");
      const checks = front.acting().filter((r) => r.method === "GET");
      for (const [name, reads] of [["start", starts], ["check", checks]]) {
        assert.ok(reads.length >= 2, `${name}: Chromium re-sent the dropped request (${reads.length} read)`);
        assert.ok(reads.every((r) => r.keyed && r.key === reads[0].key), `${name}: every read carried the call's one key`);
      }
      assert.notEqual(starts[0].key, checks[0].key, "a fresh key per call");
    } finally {
      await page.close();
      await front.close();
      await site.close();
    }
  });
}
