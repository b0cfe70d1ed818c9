// Rows 10–17 of the attack table (./attacks.mjs): what a real deployment meets — many
// isolates sharing one store, IPv6 networks, slow or hung dependencies, hostile field names,
// odd spellings of one phone, +1 area codes, and code guessing. Same shape and helpers as the
// rows there (`t`, from runAttack).
import assert from "node:assert/strict";
import { CONCURRENCY, ipv4, number } from "./attack-data.mjs";
import { flood, unfinishedPost } from "./http.mjs";
import { advanceClock, simMessages } from "../support/sim.mjs";

export const DEPLOYMENT_ATTACKS = [
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
    expect: "504/2000 within the proxy's timeoutMs (store_timeout), every request, with or without an Idempotency-Key; nothing reaches 8x8",
    hooks: { store: "hanging", onEvent: "record" },
    async run(t) {
      const t0 = Date.now();
      const statuses = await t.quiet(() => flood(8, 8, (i) => t.post(t.base, number(13, i), { ip: ipv4(13, i) }).then((r) => r.status)), "a hung store");
      assert.deepEqual(statuses, { 504: 8 });
      assert.ok(Date.now() - t0 < 5_000, `answered within the deadline (${Date.now() - t0} ms)`);
      const keyed = await t.quiet(() => t.post(t.base, number(13, 100), { ip: ipv4(13, 100), headers: { "idempotency-key": "row13-key" } }), "a request with an Idempotency-Key (its record goes to the store first)");
      assert.equal(keyed.status, 504, keyed.text);
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
