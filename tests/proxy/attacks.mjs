// The proxy's attack table (README "Security model"), as data and one
// function per row. suite.mjs runs every row against the proxy hosted in Node, Deno and
// workerd, over real HTTP, with the simulator as 8x8. Each row asserts what the attacker
// gets, that nothing reached 8x8 (the simulator's GET /_sim/requests), and that no hook ran
// where none may. Rows 10–17 (a deployment: isolates sharing a store, IPv6 networks, hung
// dependencies, spellings of one phone) are in ./deployment-attacks.mjs.
//
// Each row has its own proxy, a fixtures/app.mjs entry (proxies.mjs, proxyEntries) at
// /row<N>/api/verify: it takes the client's address from `x-client-ip` (so the tests choose
// it in every runtime), with the default limits written out — 3 sends per number per 10 min,
// 10 requests per client per hour — a recording beforeSend (answering what the request's
// `x-test-before-send` header names) and a recording onVerified.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { runInContext } from "node:vm";
import { EdgeRuntime } from "edge-runtime";
import { CONCURRENCY, ipv4, number } from "./attack-data.mjs";
import { DEPLOYMENT_ATTACKS } from "./deployment-attacks.mjs";
import { flood, rawRequest } from "./http.mjs";
import { verify } from "../client/harness.mjs";
import { bundle } from "../runtime/bundle.mjs";
import { stageFiles } from "../support/package.mjs";
import { advanceClock, simMessages } from "../support/sim.mjs";

export const ATTACKS = [
  {
    row: 1,
    attack: "a cross-site page navigates the victim to GET {basePath}/sessions/{attackerSession}?code={attackerCode} (no Origin, cookies sent)",
    expect: "403 whatever the browser sends; 8x8 never asked; onVerified never runs",
    async run(t) {
      // The attacker starts a verification of their own number and reads its code.
      const attacker = number(1, 1);
      const started = await t.post(t.base, attacker, { ip: ipv4(1, 1) });
      assert.equal(started.status, 200, started.text);
      const [{ code }] = await simMessages(t.sim.url, attacker);
      const url = `${t.base}/sessions/${started.json.sessionId}?code=${code}`;
      // What the victim's browser sends on the attacker's page (its address is the victim's).
      const browsers = {
        "a navigation (Sec-Fetch-Mode: navigate, Sec-Fetch-Site: cross-site)": {
          "sec-fetch-mode": "navigate",
          "sec-fetch-site": "cross-site",
          "sec-fetch-dest": "document",
          "sec-fetch-user": "?1",
          cookie: "session=victim",
        },
        "an <img> (Sec-Fetch-Mode: no-cors)": { "sec-fetch-mode": "no-cors", "sec-fetch-site": "cross-site", "sec-fetch-dest": "image", cookie: "session=victim" },
        "an old browser: no Sec-Fetch-* and no X-Verify-8x8": { cookie: "session=victim" },
        "a navigation that somehow carries X-Verify-8x8": { "sec-fetch-mode": "navigate", "sec-fetch-site": "cross-site", "x-verify-8x8": "1" },
        "a cross-site fetch without Origin that carries X-Verify-8x8": { "sec-fetch-mode": "cors", "sec-fetch-site": "cross-site", "x-verify-8x8": "1" },
      };
      for (const [what, headers] of Object.entries(browsers)) {
        const r = await t.quiet(() => t.request("GET", url, { ip: ipv4(1, 2), headers, marker: false }), what);
        assert.equal(r.status, 403, `${what}: ${r.text}`);
        assert.equal(r.json.code, 1201, what);
        assert.equal(r.headers["cache-control"], "no-store");
      }
      assert.deepEqual((await t.hooks()).verified, [], "onVerified never ran");
      // The same check from the attacker's own client still works: the gate, not a broken session, stopped it.
      const own = await t.request("GET", url, { ip: ipv4(1, 1) });
      assert.equal(own.json?.status, "VERIFIED", own.text);
      assert.deepEqual((await t.hooks()).verified, [started.json.sessionId]);
    },
  },
  {
    row: 2,
    attack: "a client over its own limit floods 10,050 POSTs to distinct numbers (the in-memory store holds 10,000 keys)",
    expect: "all 429 before any counter but its own; the victim's blocking per-number counter intact (still 429)",
    async run(t) {
      await t.keepsVictimBlocked([ipv4(2, 1), ipv4(2, 3)], async () => {
        const attacker = ipv4(2, 2);
        await t.exhaustClient(attacker, (i) => number(2, 100 + i));
        await t.resetHooks();
        const statuses = await t.quiet(
          () => flood(10_050, CONCURRENCY, (i) => t.post(t.base, number(2, 1000 + i), { ip: attacker }).then((r) => r.status)),
          "the flood",
        );
        assert.deepEqual(statuses, { 429: 10_050 });
        assert.deepEqual((await t.hooks()).beforeSend, [], "beforeSend never ran for a refused request");
      });
    },
  },
  {
    row: 3,
    attack: "3,000 clients, each under its limit (4 sends each), send to 12,000 distinct numbers: 15,000 keys through a 10,000-key store",
    expect: "every send goes through; the victim's still-blocking per-number counter intact (still 429)",
    async run(t) {
      await t.keepsVictimBlocked([ipv4(3, 60_000), ipv4(3, 60_001)], async () => {
        const statuses = await flood(12_000, CONCURRENCY, (i) => t.post(t.base, number(3, 1000 + i), { ip: ipv4(3, i >> 2) }).then((r) => r.status));
        assert.deepEqual(statuses, { 200: 12_000 });
      });
    },
  },
  {
    row: 4,
    attack: "one client rotates its source address inside its IPv6 /64 on every request",
    expect: "one quota: the 11th request in the hour is 429 (default 10/h); the next /64 is another client",
    async run(t) {
      const inside = (i) => `2001:db8:4:1:${(0x1000 + i * 797).toString(16)}:${i.toString(16)}:a:${(i * 31).toString(16)}`;
      for (let i = 0; i < 10; i++) {
        const r = await t.post(t.base, number(4, i), { ip: inside(i) });
        assert.equal(r.status, 200, `request ${i + 1}: ${r.text}`);
      }
      await t.resetHooks();
      for (const ip of [inside(10), "2001:DB8:4:1::1", "2001:db8:4:1:ffff:ffff:ffff:ffff"]) {
        const r = await t.quiet(() => t.post(t.base, number(4, 10), { ip }), ip);
        assert.equal(r.status, 429, `${ip}: ${r.text}`);
        assert.equal(r.json.code, 1100);
      }
      assert.deepEqual((await t.hooks()).beforeSend, [], "beforeSend never ran for a refused request");
      const neighbour = await t.post(t.base, number(4, 11), { ip: "2001:DB8:4:2:0:0:0:1" });
      assert.equal(neighbour.status, 200, `the next /64 is another client: ${neighbour.text}`);
      const forwarded = (await t.upstream()).filter((c) => c.method === "POST").map((c) => c.body.clientIp);
      assert.equal(forwarded.at(-1), "2001:db8:4:2::1", "8x8 receives the client's own address, canonical (not the /64)");
    },
  },
  {
    row: 5,
    attack: "one client alternates between 1.2.3.4 and ::ffff:1.2.3.4",
    expect: "one client: the 11th request is 429; 8x8 receives clientIp 1.2.3.4 every time",
    async run(t) {
      const forms = ["1.2.3.4", "::ffff:1.2.3.4", "::FFFF:1.2.3.4", "::ffff:102:304"];
      for (let i = 0; i < 10; i++) {
        const r = await t.post(t.base, number(5, i), { ip: forms[i % forms.length] });
        assert.equal(r.status, 200, `request ${i + 1} (${forms[i % forms.length]}): ${r.text}`);
      }
      for (const ip of forms) {
        const r = await t.quiet(() => t.post(t.base, number(5, 10), { ip }), ip);
        assert.equal(r.status, 429, `${ip}: ${r.text}`);
      }
      const forwarded = (await t.upstream()).filter((c) => c.method === "POST").map((c) => c.body.clientIp);
      assert.deepEqual(forwarded, Array(10).fill("1.2.3.4"), "8x8 receives one canonical address");
      assert.equal((await t.hooks()).beforeSend.length, 10, "beforeSend never ran for a refused request");
    },
  },
  {
    row: 6,
    attack: "a client over its own limit sends 3 refused POSTs to someone else's number (every 10 min, to lock it out for free)",
    expect: "the number is not locked out: its owner (another client) still gets 200",
    async run(t) {
      const target = number(6, 0);
      const attacker = ipv4(6, 1);
      await t.exhaustClient(attacker, (i) => number(6, 100 + i));
      await t.resetHooks();
      for (let i = 0; i < 3; i++) {
        const r = await t.quiet(() => t.post(t.base, target, { ip: attacker }), `refused POST ${i + 1}`);
        assert.equal(r.status, 429, r.text);
      }
      assert.deepEqual((await t.hooks()).beforeSend, [], "beforeSend never ran for a refused request");
      const owner = await t.post(t.base, target, { ip: ipv4(6, 2) });
      assert.equal(owner.status, 200, `the owner's own request: ${owner.text}`);
      assert.equal((await simMessages(t.sim.url, target)).length, 1);
    },
  },
  {
    row: 7,
    attack: "beforeSend (a bot check) answers false, {status: 403}, a string, null, a throw, a Response, or a Response-shaped object of another realm (a ponyfill's); onVerified likewise",
    expect: "false/{status}/string/throw → 500 and nothing upstream; a Response (any realm) → its status is sent, nothing upstream; null → the request goes on; onVerified fails closed the same way (once per session: a retry is closed)",
    async run(t) {
      const failClosed = { false: "hook_result", "status-object": "hook_result", string: "hook_result", throw: "hook_failed" };
      let n = 0;
      for (const answer of Object.keys(failClosed)) {
        n++;
        const r = await t.quiet(() => t.post(t.base, number(7, n), { ip: ipv4(7, n), headers: { "x-test-before-send": answer } }), answer);
        assert.equal(r.status, 500, `beforeSend → ${answer}: ${r.text}`);
        assert.equal(r.json.code, 2000);
        assert.equal(r.headers["cache-control"], "no-store");
      }
      for (const [answer, status] of [
        ["response", 403],
        ["ponyfill-response", 451],
      ]) {
        n++;
        const r = await t.quiet(() => t.post(t.base, number(7, n), { ip: ipv4(7, n), headers: { "x-test-before-send": answer } }), answer);
        assert.equal(r.status, status, `beforeSend → ${answer}: ${r.text}`);
        assert.deepEqual(r.json, { bot: true });
        assert.equal(r.headers["x-bot-check"], "failed", "the hook's own headers are kept");
        assert.equal(r.headers["cache-control"], "no-store", "re-issued with the proxy's headers");
        assert.equal(r.headers["x-content-type-options"], "nosniff");
      }
      assert.equal((await t.hooks()).beforeSend.length, n, "beforeSend ran once per request");
      n++;
      const goesOn = await t.post(t.base, number(7, n), { ip: ipv4(7, n), headers: { "x-test-before-send": "null" } });
      assert.equal(goesOn.status, 200, `beforeSend → null lets the request go on: ${goesOn.text}`);
      assert.equal((await t.upstream()).length, 1);
      // onVerified, on the check 8x8 reports VERIFIED: a mistake is a 500, and the session is spent
      // (its claim is kept: running the hook again would let anyone's next check run it).
      const verifiedWith = async (answer) => {
        n++;
        const started = await t.post(t.base, number(7, n), { ip: ipv4(7, n) });
        assert.equal(started.status, 200, started.text);
        const [{ code }] = await simMessages(t.sim.url, number(7, n));
        const check = () => t.request("GET", `${t.base}/sessions/${started.json.sessionId}?code=${code}`, { ip: ipv4(7, n), headers: answer ? { "x-test-on-verified": answer } : {} });
        return { sessionId: started.json.sessionId, first: await check(), again: await check() };
      };
      const ran = [];
      for (const answer of ["false", "status-object", "string", "throw"]) {
        const { sessionId, first, again } = await verifiedWith(answer);
        ran.push(sessionId);
        assert.equal(first.status, 500, `onVerified → ${answer}: ${first.text}`);
        assert.equal(first.json.code, 2000);
        assert.ok(!first.text.includes("VERIFIED"), "the browser is not told it is verified");
        assert.equal(again.status, 404, `a retry after onVerified → ${answer} is closed: ${again.text}`);
        assert.equal(again.json.code, 1300);
      }
      const answered = await verifiedWith("ponyfill-response");
      ran.push(answered.sessionId);
      assert.equal(answered.first.status, 451, `onVerified → a ponyfill's Response: ${answered.first.text}`);
      assert.equal(answered.first.headers["x-bot-check"], "failed");
      const fine = await verifiedWith(undefined);
      ran.push(fine.sessionId);
      assert.equal(fine.first.status, 200);
      assert.equal(fine.first.json.status, "VERIFIED");
      assert.equal(fine.again.status, 404, "a second check of a verified session is closed");
      assert.deepEqual((await t.hooks()).verified, ran, "once per session, whatever it answered");
    },
  },
  {
    row: 8,
    attack: "8x8's address answers a redirect (307 to a server of the attacker's choosing: here the simulator)",
    expect: "502/2000, the redirect is not followed: the simulator receives nothing; onVerified never runs",
    async run(t) {
      const hitsBefore = t.redirector.hits();
      const start = await t.quiet(() => t.post(t.base, number(8, 1), { ip: ipv4(8, 1) }), "POST");
      assert.equal(start.status, 502, start.text);
      assert.equal(start.json.code, 2000);
      const check = await t.quiet(
        () => t.request("GET", `${t.base}/sessions/0f1e2d3c-4b5a-4697-8877-665544332211?code=123456`, { ip: ipv4(8, 1) }),
        "GET ?code=",
      );
      assert.equal(check.status, 502, check.text);
      assert.equal(t.redirector.hits() - hitsBefore, 2, "the proxy did ask 8x8's address (and got the redirect)");
      assert.deepEqual(await t.upstream(), [], "the simulator received nothing");
      assert.deepEqual((await t.hooks()).verified, []);
    },
  },
  {
    row: 9,
    attack: "a client-set client-IP header where no platform sets it: self-hosted Next.js edge routes (x-real-ip), workerd outside Cloudflare (CF-Connecting-IP)",
    expect: "edge-light without VERCEL has no default (createVerifyProxy throws naming limits.perClientIp); workerd without request.cf: 400/1012, nothing upstream; each runtime's own source is used",
    async run(t) {
      const spoofed = { "cf-connecting-ip": "6.6.6.6", "x-real-ip": "6.6.6.6", "x-forwarded-for": "6.6.6.6", "true-client-ip": "6.6.6.6" };
      if (t.runtime === "workerd") {
        const r = await t.quiet(() => t.post("/row9-self-hosted/api/verify", number(9, 1), { headers: spoofed }), "self-hosted workerd");
        assert.equal(r.status, 400, r.text);
        assert.equal(r.json.code, 1012);
        assert.deepEqual((await t.hooks("row9-self-hosted")).beforeSend, [], "refused before beforeSend");
        const onCloudflare = await t.post("/row9-cloudflare/api/verify", number(9, 2));
        assert.equal(onCloudflare.status, 200, `a request through Cloudflare (with request.cf): ${onCloudflare.text}`);
        assert.equal((await t.upstream()).at(-1).body.clientIp, "127.0.0.1", "CF-Connecting-IP as the platform set it");
      } else if (t.runtime === "deno") {
        const r = await t.post("/row9-platform-ip/api/verify", number(9, 3), { headers: spoofed });
        assert.equal(r.status, 200, r.text);
        assert.equal((await t.upstream()).at(-1).body.clientIp, "127.0.0.1", "Deno's info.remoteAddr, never a header");
      } else {
        assert.throws(
          () => verify.createVerifyProxy({ apiKey: "test-key", subAccountId: "test_hq", upstreamUrl: t.sim.url, allowedCountries: ["SG"] }),
          (e) => e.name === "VerifyError" && e.field === "limits.perClientIp",
          "Node has no default: createVerifyProxy without clientIpHeader throws",
        );
      }
      // Vercel Edge's entry (edge-light), in Vercel's edge-runtime, whatever the host.
      const selfHosted = await t.edgeLight({});
      assert.equal(selfHosted.created, false, `self-hosted edge-light: ${JSON.stringify(selfHosted)}`);
      assert.equal(selfHosted.name, "VerifyError");
      assert.equal(selfHosted.field, "limits.perClientIp");
      const vercel = await t.edgeLight({ VERCEL: "1" });
      assert.equal(vercel.created, true, `on Vercel, which sets x-real-ip: ${JSON.stringify(vercel)}`);
      assert.equal(vercel.status, 200, vercel.body);
      assert.equal(vercel.forwardedClientIp, "198.51.100.9");
    },
  },
  ...DEPLOYMENT_ATTACKS,
];

/** Runs `attack` with the helpers its function uses. */
export async function runAttack(attack, { runtime, proxyUrl, sim, redirector, seen, apiKey, subAccountId }) {
  const upstream = async () => (await fetch(`${sim.url}/_sim/requests`)).json();
  const t = {
    runtime,
    proxyUrl,
    /** This row's own proxy (proxies.mjs, proxyEntries). */
    base: `/row${attack.row}/api/verify`,
    sim,
    redirector,
    upstream,
    /** A request with the marker header (unless `marker: false`) and the client's address in `ip`. */
    async request(method, path, { ip, headers = {}, body, marker = true } = {}) {
      const all = { ...(marker ? { "x-verify-8x8": "1" } : {}), ...(ip ? { "x-client-ip": ip } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers };
      const r = await rawRequest(method, `${proxyUrl}${path}`, { headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
      if (seen.length < 5_000) seen.push(r.text, JSON.stringify(r.headers));
      return r;
    },
    post(base, destination, options = {}) {
      return t.request("POST", `${base}/sessions`, { ...options, body: { destination } });
    },
    /** Runs `call`; asserts that nothing reached 8x8 meanwhile (the simulator's last 100 requests unchanged). */
    async quiet(call, what = "") {
      const before = await upstream();
      const result = await call();
      assert.deepEqual(await upstream(), before, `nothing reached 8x8 (${what})`);
      return result;
    },
    async hooks(entry = `row${attack.row}`) {
      return (await (await fetch(`${proxyUrl}/__test/log`)).json())[entry];
    },
    async resetHooks() {
      await fetch(`${proxyUrl}/__test/log/reset`, { method: "POST" });
    },
    /** Three sends to `destination` from `ip` (past the simulator's resend interval), then the 4th is 429. */
    async blockNumber(destination, ip) {
      for (let i = 0; i < 3; i++) {
        const r = await t.post(t.base, destination, { ip });
        assert.equal(r.status, 200, `send ${i + 1} to the victim: ${r.text}`);
        await advanceClock(sim.url, 11);
      }
      const blocked = await t.post(t.base, destination, { ip });
      assert.equal(blocked.status, 429, `the victim's number is blocking: ${blocked.text}`);
    },
    /** Ten requests from `ip` (its hourly budget), then the 11th is 429. */
    async exhaustClient(ip, destinationOf) {
      for (let i = 0; i < 10; i++) {
        const r = await t.post(t.base, destinationOf(i), { ip });
        assert.equal(r.status, 200, `the attacker's request ${i + 1}: ${r.text}`);
      }
      const over = await t.post(t.base, destinationOf(10), { ip });
      assert.equal(over.status, 429, `the attacker is over its limit: ${over.text}`);
    },
    /**
     * The row's victim number blocked (three sends from `ips[0]`) before `during` runs, and
     * still refused from each of `ips` after it, while another number is not.
     */
    async keepsVictimBlocked(ips, during) {
      const victim = number(attack.row, 0);
      await t.blockNumber(victim, ips[0]);
      await during();
      await t.assertNumberBlocked(victim, ips, number(attack.row, 99));
    },
    /** `destination` is still refused (429, per number: not the senders' own limits), and nothing reaches 8x8. */
    async assertNumberBlocked(destination, ips, other) {
      for (const ip of ips) {
        const r = await t.quiet(() => t.post(t.base, destination, { ip }), `a send to the victim from ${ip}`);
        assert.equal(r.status, 429, `the victim's number must still be blocked (from ${ip}): ${r.text}`);
        assert.equal(r.json.code, 1100);
        const retryAfter = Number(r.headers["retry-after"]);
        assert.ok(retryAfter > 0 && retryAfter <= 600, `Retry-After ${r.headers["retry-after"]}: the number's 10-minute window`);
      }
      const free = await t.post(t.base, other, { ip: ips.at(-1) });
      assert.equal(free.status, 200, `the sender is not limited itself: ${free.text}`);
    },
    edgeLight: (env) => edgeLight({ simUrl: sim.url, apiKey, subAccountId }, env),
  };
  await attack.run(t);
}

let edgeBundle;
/**
 * The package's edge-light entry (bundled as a Next.js edge route is) in Vercel's
 * edge-runtime, with `env` as process.env: creates a proxy without clientIpHeader and, when
 * that works, sends one request with a client-set `x-real-ip: 198.51.100.9` through it.
 */
async function edgeLight({ simUrl, apiKey, subAccountId }, env) {
  if (!edgeBundle) {
    const dir = stageFiles("proxy-edge-default-ip", ["proxy/fixtures/edge-default-ip.mjs"]);
    const built = await bundle({ entry: path.join(dir, "edge-default-ip.mjs"), outdir: dir, name: "bundle", conditions: ["edge-light", "worker", "browser"], format: "iife" });
    edgeBundle = { code: readFileSync(built.outfile, "utf8"), wasm: readFileSync(path.join(dir, "server_bg.wasm")) };
  }
  const runtime = new EdgeRuntime({
    initialCode: edgeBundle.code,
    codeGeneration: { strings: false, wasm: false },
    extend(context) {
      const compiled = new WebAssembly.Module(edgeBundle.wasm);
      Object.setPrototypeOf(compiled, runInContext("WebAssembly.Module.prototype", context));
      context.require = (id) => ({ "./server_bg.wasm?module": compiled })[id];
      context.process = { env };
      return context;
    },
  });
  const response = await runtime.dispatchFetch("http://edge.test/", { method: "POST", body: JSON.stringify({ simUrl, apiKey, subAccountId, destination: number(9, 9) }) });
  return response.json();
}
