// The proxy's attack table (README "Security model"), as data and one
// function per row. suite.mjs runs every row against the proxy hosted in Node, Deno and
// workerd, over real HTTP, with the simulator as 8x8. Each row asserts what the attacker
// gets, that nothing reached 8x8 (the simulator's GET /_sim/requests), and that no hook ran
// where none may.
//
// Each row has its own proxy, a fixtures/app.mjs entry (suite.mjs, proxyEntries) at
// /row<N>/api/verify: it takes the client's address from `x-client-ip` (so the tests choose
// it in every runtime), with the default limits written out — 3 sends per number per 10 min,
// 10 requests per client per hour — a recording beforeSend (answering what the request's
// `x-test-before-send` header names) and a recording onVerified.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { runInContext } from "node:vm";
import { EdgeRuntime } from "edge-runtime";
import { flood, rawRequest, unfinishedPost } from "./http.mjs";
import { verify } from "../client/harness.mjs";
import { bundle } from "../runtime/bundle.mjs";
import { stageFiles } from "../support/package.mjs";
import { advanceClock, simMessages } from "../support/sim.mjs";

const CONCURRENCY = 32;

/**
 * A Singapore mobile number for row `row`, index `i` (< 1,000,000): +65 8<row><6 digits>.
 * The behaviour suite's numbers start with 9, so the two never meet.
 */
const number = (row, i) => `+658${row}${String(i).padStart(6, "0")}`;
/** A distinct IPv4 address per (row, i), i < 65,536. */
const ipv4 = (row, i) => `100.${64 + row}.${(i >> 8) & 255}.${i & 255}`;

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
      const victim = number(2, 0);
      await t.blockNumber(victim, ipv4(2, 1));
      const attacker = ipv4(2, 2);
      await t.exhaustClient(attacker, (i) => number(2, 100 + i));
      await t.resetHooks();
      const statuses = await t.quiet(
        () => flood(10_050, CONCURRENCY, (i) => t.post(t.base, number(2, 1000 + i), { ip: attacker }).then((r) => r.status)),
        "the flood",
      );
      assert.deepEqual(statuses, { 429: 10_050 });
      assert.deepEqual((await t.hooks()).beforeSend, [], "beforeSend never ran for a refused request");
      await t.assertNumberBlocked(victim, [ipv4(2, 1), ipv4(2, 3)], number(2, 99));
    },
  },
  {
    row: 3,
    attack: "3,000 clients, each under its limit (4 sends each), send to 12,000 distinct numbers: 15,000 keys through a 10,000-key store",
    expect: "every send goes through; the victim's still-blocking per-number counter intact (still 429)",
    async run(t) {
      const victim = number(3, 0);
      await t.blockNumber(victim, ipv4(3, 60_000));
      const statuses = await flood(12_000, CONCURRENCY, (i) => t.post(t.base, number(3, 1000 + i), { ip: ipv4(3, i >> 2) }).then((r) => r.status));
      assert.deepEqual(statuses, { 200: 12_000 });
      await t.assertNumberBlocked(victim, [ipv4(3, 60_000), ipv4(3, 60_001)], number(3, 99));
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
  {
    row: 10,
    attack: "account binding: the attacker learns a live session's id by starting a verification of the victim's number (8x8 keeps one sessionId per number), lets the victim verify, then checks that id with any code through another isolate sharing the store; and races two right checks through two isolates",
    expect: "every replay is 404/1300 (event already_verified), never 200 VERIFIED; onVerified ran once, for the victim; of two simultaneous checks exactly one is VERIFIED",
    hooks: { store: "shared:row10", onEvent: "record" },
    peers: ["b"],
    async run(t) {
      const other = "/row10-b/api/verify";
      const victim = number(10, 1);
      const mine = await t.post(t.base, victim, { ip: ipv4(10, 1) });
      assert.equal(mine.status, 200, mine.text);
      await advanceClock(t.sim.url, 11);
      const learned = await t.post(other, victim, { ip: ipv4(10, 2) });
      assert.equal(learned.status, 200, learned.text);
      assert.equal(learned.json.sessionId, mine.json.sessionId, "8x8 re-sends on the live session: the attacker knows its id");
      const { code } = (await simMessages(t.sim.url, victim)).at(-1);
      const own = await t.request("GET", `${t.base}/sessions/${mine.json.sessionId}?code=${code}`, { ip: ipv4(10, 1) });
      assert.equal(own.json?.status, "VERIFIED", own.text);
      for (const [base, guess] of [[other, "000000"], [other, code], [t.base, "123456"]]) {
        const r = await t.request("GET", `${base}/sessions/${mine.json.sessionId}?code=${guess}`, { ip: ipv4(10, 2), headers: { cookie: "session=attacker" } });
        assert.equal(r.status, 404, `${base}: ${r.text}`);
        assert.equal(r.json.code, 1300);
        assert.ok(!r.text.includes("VERIFIED"), r.text);
      }
      const ran = async () => [...(await t.hooks()).verified, ...(await t.hooks("row10-b")).verified];
      assert.deepEqual(await ran(), [mine.json.sessionId], "onVerified ran once, for the victim's own check");
      const reasons = [...(await t.hooks()).events, ...(await t.hooks("row10-b")).events].map((e) => e.reason);
      assert.equal(reasons.filter((r) => r === "already_verified").length, 3, reasons.join());
      const raced = number(10, 2);
      const started = await t.post(t.base, raced, { ip: ipv4(10, 3) });
      const [{ code: racedCode }] = await simMessages(t.sim.url, raced);
      const both = await Promise.all([t.base, other].map((base) => t.request("GET", `${base}/sessions/${started.json.sessionId}?code=${racedCode}`, { ip: ipv4(10, 3) })));
      assert.deepEqual(both.map((r) => r.status).sort(), [200, 404], both.map((r) => r.text).join(" | "));
      assert.equal((await ran()).length, 2, "onVerified once per session");
    },
  },
  {
    row: 11,
    attack: "one IPv6 /48 (a free tunnel-broker allocation: 65,536 /64s) sends from 3,000 of its /64s, one request each, every one refused by beforeSend; then 41 /64s of one /56 of another /48",
    expect: "the /48 shares 10 × perClientIp (100 an hour), then 429 (network_limit); a /56 shares 40; clients of other networks still get 200; nothing reaches 8x8",
    async run(t) {
      // /64 number i of 2001:db8:11::/48, spread over its 256 /56s so that only the /48 budget binds.
      const inside48 = (i) => `2001:db8:11:${(((i % 256) << 8) | (i >> 8)).toString(16)}::${(i + 1).toString(16)}`;
      const refuse = { "x-test-before-send": "response" };
      const statuses = await t.quiet(() => flood(3_000, CONCURRENCY, (i) => t.post(t.base, number(11, i), { ip: inside48(i), headers: refuse }).then((r) => r.status)), "the /48 flood");
      assert.deepEqual(statuses, { 403: 100, 429: 2_900 });
      const over = await t.quiet(() => t.post(t.base, number(11, 4_000), { ip: "2001:db8:11:ffff::1" }), "a fresh /64 of the /48");
      assert.equal(over.status, 429, over.text);
      assert.equal(over.json.code, 1100);
      const inside56 = (i) => `2001:db8:12:${(0x3400 + i).toString(16)}::1`;
      const fiftySix = await t.quiet(() => flood(41, 1, (i) => t.post(t.base, number(11, 5_000 + i), { ip: inside56(i), headers: refuse }).then((r) => r.status)), "41 /64s of one /56");
      assert.deepEqual(fiftySix, { 403: 40, 429: 1 });
      assert.equal((await t.hooks()).beforeSend.length, 140, "refused requests never reached beforeSend");
      for (const ip of ["2001:db8:13::1", "2001:db8:12:3500::1", ipv4(11, 1)]) {
        const r = await t.post(t.base, number(11, 6_000 + ip.length), { ip });
        assert.equal(r.status, 200, `${ip}, of another network: ${r.text}`);
      }
    },
  },
  {
    row: 12,
    attack: "beforeSend, onVerified, or the browser's body never finishes (a hung bot-check service, a hung database, a client that trickles its body)",
    expect: "504/2000 within the proxy's timeoutMs (before_send_timeout, on_verified_timeout, body_timeout); nothing sent to 8x8 after it; a check made while onVerified hangs is closed, not VERIFIED",
    hooks: { onEvent: "record" },
    async run(t) {
      const hang = { "x-test-before-send": "hang" };
      const t0 = Date.now();
      const send = await t.quiet(() => t.post(t.base, number(12, 1), { ip: ipv4(12, 1), headers: hang }), "beforeSend hangs");
      assert.equal(send.status, 504, send.text);
      assert.equal(send.json.code, 2000);
      assert.ok(Date.now() - t0 < 4_000, `answered within the deadline (${Date.now() - t0} ms)`);
      const started = await t.post(t.base, number(12, 2), { ip: ipv4(12, 2) });
      assert.equal(started.status, 200, started.text);
      const [{ code }] = await simMessages(t.sim.url, number(12, 2));
      const url = `${t.base}/sessions/${started.json.sessionId}?code=${code}`;
      const hung = t.request("GET", url, { ip: ipv4(12, 2), headers: { "x-test-on-verified": "hang" } });
      await new Promise((r) => setTimeout(r, 500));
      const meanwhile = await t.request("GET", url, { ip: ipv4(12, 3) });
      assert.equal(meanwhile.status, 404, `a check while onVerified runs: ${meanwhile.text}`);
      const verified = await hung;
      assert.equal(verified.status, 504, verified.text);
      assert.ok(!verified.text.includes("VERIFIED"));
      const trickled = await t.quiet(
        () => unfinishedPost(`${t.proxyUrl}${t.base}/sessions`, { "x-verify-8x8": "1", "x-client-ip": ipv4(12, 4), "content-type": "application/json" }, `{"destination":"${number(12, 4)}"`, 200),
        "a body that never ends",
      );
      assert.equal(trickled.status, 504, trickled.text);
      const reasons = (await t.hooks()).events.map((e) => e.reason);
      for (const reason of ["before_send_timeout", "on_verified_timeout", "body_timeout"]) assert.ok(reasons.includes(reason), `${reason} in ${reasons.join()}`);
    },
  },
  {
    row: 13,
    attack: "the limit store never answers (Redis unreachable behind a client's offline queue)",
    expect: "504/2000 within the proxy's timeoutMs (store_timeout), every request; nothing reaches 8x8",
    hooks: { store: "hanging", onEvent: "record" },
    async run(t) {
      const t0 = Date.now();
      const statuses = await t.quiet(() => flood(8, 8, (i) => t.post(t.base, number(13, i), { ip: ipv4(13, i) }).then((r) => r.status)), "a hung store");
      assert.deepEqual(statuses, { 504: 8 });
      assert.ok(Date.now() - t0 < 5_000, `answered within the deadline (${Date.now() - t0} ms)`);
      assert.deepEqual([...new Set((await t.hooks()).events.map((e) => e.reason))], ["store_timeout"]);
    },
  },
  {
    row: 14,
    attack: "a request whose unknown field names are HTML, 2 KB long, or not identifiers (to reflect them into a page or a log)",
    expect: "400/1000 without repeating the name; a plain unknown name is still named",
    async run(t) {
      for (const name of ["<img src=x onerror=alert(1)>", `<b>${"x".repeat(2_000)}</b>`, "a b", "x".repeat(65)]) {
        const r = await t.quiet(() => t.request("POST", `${t.base}/sessions`, { ip: ipv4(14, 1), body: { destination: number(14, 1), [name]: 1 } }), name.slice(0, 20));
        assert.equal(r.status, 400, r.text);
        assert.equal(r.json.code, 1000);
        assert.equal(r.json.field, undefined);
        assert.ok(!r.text.includes(name) && !r.text.includes("<") && r.text.length < 400, r.text);
      }
      const plain = await t.quiet(() => t.request("POST", `${t.base}/sessions`, { ip: ipv4(14, 2), body: { destination: number(14, 1), brand: "Bank" } }), "brand");
      assert.equal(plain.status, 400);
      assert.equal(plain.json.field, "brand");
    },
  },
  {
    row: 15,
    attack: "one phone, many keys: +65 8… spelled with a trunk 0 or 00 after the calling code, 15 times from one client",
    expect: "400 destination before any limit counts (the client's budget and the number's are untouched); the E.164 spelling then gets its 3 sends",
    async run(t) {
      const phone = number(15, 1).slice(3);
      for (let i = 0; i < 15; i++) {
        const spelled = `+65 ${"0".repeat(1 + (i % 2))} ${phone}`;
        const r = await t.quiet(() => t.post(t.base, spelled, { ip: ipv4(15, 1) }), spelled);
        assert.equal(r.status, 400, `${spelled}: ${r.text}`);
        assert.equal(r.json.field, "destination");
      }
      for (let i = 0; i < 3; i++) {
        const r = await t.post(t.base, `+65 ${phone}`, { ip: ipv4(15, 1) });
        assert.equal(r.status, 200, `send ${i + 1}: ${r.text}`);
        await advanceClock(t.sim.url, 11);
      }
      const fourth = await t.post(t.base, `+65${phone}`, { ip: ipv4(15, 2) });
      assert.equal(fourth.status, 429, fourth.text);
    },
  },
  {
    row: 16,
    attack: "+1 numbers of area codes that are not the US': Canada's non-geographic 600, and 999 (listed for no country)",
    expect: "403/1201 with allowedCountries [SG, US]: a +1 number is a country's only by its listed area code; +1 202 is still the US'",
    async run(t) {
      for (const destination of ["+1 600 555 0123", "+1 999 555 0123"]) {
        const r = await t.quiet(() => t.post(t.base, destination, { ip: ipv4(16, 1) }), destination);
        assert.equal(r.status, 403, `${destination}: ${r.text}`);
        assert.equal(r.json.code, 1201);
      }
      const us = await t.post(t.base, "+1 202 555 0123", { ip: ipv4(16, 1) });
      assert.equal(us.status, 200, us.text);
    },
  },
  {
    row: 17,
    attack: "guessing a number's code: 432 sessions a day (3 starts per 10 min) × 5 checks, with default options",
    expect: "codes of 6 digits unless defaults.codeLength says otherwise: 2,160 guesses a day are a 0.22 % chance (4 digits: 19 %)",
    options: { defaults: { brand: "Acme" } },
    async run(t) {
      const r = await t.post(t.base, number(17, 1), { ip: ipv4(17, 1) });
      assert.equal(r.status, 200, r.text);
      assert.equal((await t.upstream()).at(-1).body.codeLength, 6);
      const [{ code }] = await simMessages(t.sim.url, number(17, 1));
      assert.match(code, /^\d{6}$/);
    },
  },
];

/** Runs `attack` with the helpers its function uses. */
export async function runAttack(attack, { runtime, proxyUrl, sim, redirector, seen, apiKey, subAccountId }) {
  const upstream = async () => (await fetch(`${sim.url}/_sim/requests`)).json();
  const t = {
    runtime,
    proxyUrl,
    /** This row's own proxy (suite.mjs, proxyEntries). */
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
