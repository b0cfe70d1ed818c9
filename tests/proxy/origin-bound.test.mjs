// Origin-bound codes (README "Origin-bound codes"): the template the proxy sends 8x8 for an
// SMS ends with "@host #{code}" for the origin the gate checked, and the simulator's inbox shows
// the message exactly as 8x8 would send it. Proxies of the packed package in Node behind the
// fetch adapter (real HTTP; the adapter builds the request's URL from its Host header, as a
// Node server behind a TLS-ending reverse proxy does), upstream the simulator.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { verify, received, rejection } from "../client/harness.mjs";
import { serveFetch } from "../support/node-adapter.mjs";
import { resetSim, simMessages, startSim } from "../support/sim.mjs";
import { rawRequest } from "./http.mjs";
import { API_KEY, MARKER, SUB_ACCOUNT } from "./suite.mjs";

const ALLOWED = "https://app.example.com";
const base = (simUrl) => ({
  apiKey: API_KEY,
  subAccountId: SUB_ACCOUNT,
  upstreamUrl: simUrl,
  allowedCountries: ["SG"],
  channels: ["sms", "call"],
  allowedOrigins: [ALLOWED],
  clientIpHeader: "x-real-ip",
  defaults: { brand: "Acme", template: "Acme code: {code}", codeLength: 6 },
});

let counter = 0;
const freshSg = () => `+65 8${String((process.pid * 100 + ++counter) % 10_000_000).padStart(7, "0")}`;

describe("origin-bound codes through createVerifyProxy (Node, real HTTP, the simulator upstream)", () => {
  let sim;
  const servers = [];
  /** Serves a proxy of `options` (over the base options) and returns its URL. */
  async function serve(options = {}) {
    const proxy = verify.createVerifyProxy({ ...base(sim.url), ...options });
    const server = await serveFetch(proxy.fetch);
    servers.push(server);
    return server.url;
  }
  /** POSTs a start as a browser page on `origin` would (Host names the site the page asked). */
  async function start(url, { origin, host, site = "same-origin", body = {} }) {
    const destination = freshSg();
    const headers = { ...MARKER, "content-type": "application/json", "sec-fetch-mode": "cors", "sec-fetch-site": site };
    if (origin) headers.origin = origin;
    if (host) headers.host = host;
    const response = await rawRequest("POST", `${url}/api/verify/sessions`, { headers, body: JSON.stringify({ destination, ...body }) });
    const digits = destination.replace(/\D/g, "");
    const calls = (await received(sim.url)).filter((c) => c.method === "POST" && c.body?.destination?.replace(/\D/g, "") === digits);
    const [message] = await simMessages(sim.url, destination);
    return { response, upstream: calls[0]?.body, message };
  }

  before(async () => {
    sim = await startSim({ args: ["--api-key", API_KEY, "--sub-account", SUB_ACCOUNT] });
  });
  after(async () => {
    for (const server of servers) await server.close();
    await sim?.stop();
  });
  beforeEach(() => resetSim(sim.url));

  test("same origin: the site's own host, checked against the request's URL, ends the SMS", async () => {
    const url = await serve();
    const { response, upstream, message } = await start(url, { origin: "https://shop.example", host: "shop.example" });
    assert.equal(response.status, 200, response.text);
    assert.equal(upstream.template, "Acme code: {code}\n\n@shop.example #{code}");
    assert.match(message.code, /^\d{6}$/);
    assert.equal(message.text, `Acme code: ${message.code}\n\n@shop.example #${message.code}`, "the inbox holds the text 8x8 would send");
    assert.equal(message.text.split("\n").at(-1), `@shop.example #${message.code}`, "the bound line is the last line");
  });

  test("an allowed origin: its host ends the SMS", async () => {
    const url = await serve();
    const { response, upstream, message } = await start(url, { origin: ALLOWED, site: "cross-site" });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.headers["access-control-allow-origin"], ALLOWED);
    assert.equal(upstream.template, "Acme code: {code}\n\n@app.example.com #{code}");
    assert.equal(message.text, `Acme code: ${message.code}\n\n@app.example.com #${message.code}`);
  });

  test("a host nobody checked is never bound: a forged Sec-Fetch-Site, an http or ported origin, no Origin", async () => {
    const url = await serve();
    const cases = [
      { origin: "https://evil.example" }, // says same-origin; the request's URL is 127.0.0.1
      { origin: "http://shop.example", host: "shop.example" }, // same site, but the format binds https only
      { origin: "https://shop.example:8443", host: "shop.example:8443" }, // a port cannot be written
      {}, // no Origin: not a page's fetch
    ];
    for (const page of cases) {
      const { response, upstream, message } = await start(url, page);
      assert.equal(response.status, 200, `${JSON.stringify(page)}: ${response.text}`);
      assert.equal(upstream.template, "Acme code: {code}", JSON.stringify(page));
      assert.equal(message.text, `Acme code: ${message.code}`);
    }
  });

  test("never for a call, never with a templateKey, nothing with originBoundCodes: false", async () => {
    const url = await serve();
    const call = await start(url, { origin: ALLOWED, site: "cross-site", body: { channel: "call" } });
    assert.equal(call.response.status, 200, call.response.text);
    assert.equal(call.upstream.channel, "call");
    assert.equal(call.upstream.template, "Acme code: {code}");
    assert.equal(call.message.text, `Acme code: ${call.message.code}`);

    const keyed = await serve({ defaults: { brand: "Acme", templateKey: "otp-default", codeLength: 6 } });
    const withKey = await start(keyed, { origin: ALLOWED, site: "cross-site" });
    assert.equal(withKey.response.status, 200, withKey.response.text);
    assert.equal(withKey.upstream.templateKey, "otp-default");
    assert.equal(withKey.upstream.template, undefined, "8x8 resolves the saved template itself");

    const off = await serve({ originBoundCodes: false });
    const unbound = await start(off, { origin: ALLOWED, site: "cross-site" });
    assert.equal(unbound.response.status, 200, unbound.response.text);
    assert.equal(unbound.upstream.template, "Acme code: {code}");
    assert.equal(unbound.message.text, `Acme code: ${unbound.message.code}`);
  });

  test("no template configured: 8x8's default text, with the line", async () => {
    const url = await serve({ defaults: { brand: "Acme", codeLength: 6 } });
    const { upstream, message } = await start(url, { origin: ALLOWED, site: "cross-site" });
    assert.equal(upstream.template, "{brand}: Your verification code is {code}\n\n@app.example.com #{code}");
    assert.equal(message.text, `Acme: Your verification code is ${message.code}\n\n@app.example.com #${message.code}`);
  });

  test("a template that the line would push past one SMS: createVerifyProxy throws, naming the option", async () => {
    const template = `${"x".repeat(100)}{code}`; // 108 characters with an 8-digit code: one SMS alone
    const long = "https://" + "a".repeat(40) + ".example"; // its line: 3 + 48 + 2 + 8 = 61 → 169 > 160
    const thrown = await rejection((async () => verify.createVerifyProxy({ ...base(sim.url), allowedOrigins: [long], defaults: { template, codeLength: 8 } }))());
    assert.equal(thrown.name, "VerifyError");
    assert.equal(thrown.code, "INVALID_REQUEST");
    assert.equal(thrown.field, "originBoundCodes");
    assert.match(thrown.message, /169 characters.*one GSM-7 SMS \(160\).*originBoundCodes to false/);
    // UCS-2 text: 70.
    const ucs2 = await rejection((async () => verify.createVerifyProxy({ ...base(sim.url), defaults: { template: `${"ж".repeat(40)} {code}` } }))());
    assert.equal(ucs2.field, "originBoundCodes");
    assert.match(ucs2.message, /UCS-2 SMS \(70\)/);
    // The same options with the line off, or a template that fits, are accepted.
    verify.createVerifyProxy({ ...base(sim.url), allowedOrigins: [long], defaults: { template, codeLength: 8 }, originBoundCodes: false });
    verify.createVerifyProxy({ ...base(sim.url), allowedOrigins: [long], defaults: { template: `${"x".repeat(91)}{code}`, codeLength: 8 } });
  });

  test("a same-origin host unknown at createVerifyProxy time that would make two SMS: refused (502), nothing sent", async () => {
    const url = await serve({ allowedOrigins: [], defaults: { template: `${"x".repeat(100)}{code}`, codeLength: 8 } });
    const host = "a".repeat(40) + ".example";
    const before = (await received(sim.url)).length;
    const { response } = await start(url, { origin: `https://${host}`, host });
    assert.equal(response.status, 502, response.text);
    assert.equal(response.json.code, 2000);
    assert.equal((await received(sim.url)).length, before, "nothing reached 8x8");
    const fits = await start(url, { origin: "https://short.example", host: "short.example" });
    assert.equal(fits.response.status, 200, "a shorter host of the same proxy still fits");
    assert.equal(fits.message.text.split("\n").at(-1), `@short.example #${fits.message.code}`);
  });
});
