// The proxy in Node behind a fetch adapter (tests/support/node-adapter.mjs), and the
// client-IP rules that need a controllable address: X-Forwarded-For's right-most entry,
// per-IP limits, a missing IP.
import assert from "node:assert/strict";
import { test } from "node:test";
import { verify } from "../client/harness.mjs";
import { serveFetch } from "../support/node-adapter.mjs";
import { startSim } from "../support/sim.mjs";
import { API_KEY, SUB_ACCOUNT, defineProxySuite, proxyOptions } from "./suite.mjs";

function host(extra = {}, adapter = {}) {
  return {
    async start(simUrl) {
      let offset = 0;
      const verified = [];
      const proxy = verify.createVerifyProxy({
        ...proxyOptions(simUrl),
        clientIpHeader: "x-real-ip",
        now: () => Date.now() + offset,
        onVerified: async (v) => void verified.push(v.sessionId),
        ...extra,
      });
      const server = await serveFetch(proxy.fetch, adapter);
      return {
        url: server.url,
        clientIp: "127.0.0.1",
        advance: async (seconds) => void (offset += seconds * 1000),
        verified: async () => verified,
        stop: () => server.close(),
      };
    },
  };
}

defineProxySuite("Node (fetch adapter)", host());

test("behind a trusted reverse proxy: X-Forwarded-For's right-most entry is the client; per-IP limits", async () => {
  const sim = await startSim({ args: ["--api-key", API_KEY, "--sub-account", SUB_ACCOUNT] });
  const proxy = await host(
    { clientIpHeader: "x-forwarded-for", limits: { perDestination: null, perClientIp: { max: 2, windowSeconds: 60 } } },
    { trustForwardedFor: true },
  ).start(sim.url);
  try {
    const post = (xff, n) =>
      fetch(`${proxy.url}/api/verify/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(xff === undefined ? {} : { "x-forwarded-for": xff }) },
        body: JSON.stringify({ destination: `+65 9000 00${String(n).padStart(2, "0")}` }),
      });
    assert.equal((await post("6.6.6.6, 203.0.113.5", 1)).status, 200);
    assert.equal((await post("7.7.7.7, 203.0.113.5", 2)).status, 200, "the spoofed left entries differ; the client is the same");
    const limited = await post("8.8.8.8,203.0.113.5", 3);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "60");
    assert.equal((await post("203.0.113.6", 4)).status, 200, "another client has its own budget");
    const calls = await (await fetch(`${sim.url}/_sim/requests`)).json();
    assert.deepEqual(calls.map((c) => c.body.clientIp), ["203.0.113.5", "203.0.113.5", "203.0.113.6"]);
    assert.equal((await post(undefined, 5)).status, 400, "no client IP: refused, not unlimited");
    await proxy.advance(61);
    assert.equal((await post("203.0.113.5", 6)).status, 200, "a new window");
  } finally {
    await proxy.stop();
    await sim.stop();
  }
});

test("createVerifyProxy refuses bad options by name", () => {
  const cases = [
    [{}, "apiKey"],
    [{ apiKey: "k", subAccountId: "acme_hq", clientIpHeader: "x-real-ip" }, "allowedCountries"],
    [{ apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["SG"] }, "limits.perClientIp"],
    [{ apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["SG"], limits: { perClientIp: null }, onVerified: "yes" }, "onVerified"],
    [{ apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["SG"], limits: { perClientIp: null }, store: {} }, "store"],
    [{ apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["SG"], limits: { perClientIp: null }, defaults: { template: 1 } }, "defaults.template"],
    [{ apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["SG"], limits: { perClientIp: null }, upstreamUrl: "http://example.com" }, "upstreamUrl"],
  ];
  for (const [options, field] of cases) {
    assert.throws(() => verify.createVerifyProxy(options), (e) => e.name === "VerifyError" && e.code === "INVALID_REQUEST" && e.field === field, field);
  }
  const proxy = verify.createVerifyProxy({ apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["*"], limits: { perClientIp: null } });
  assert.deepEqual(Object.keys(proxy), ["fetch"]);
  assert.ok(!JSON.stringify(proxy).includes("acme_hq"));
});
