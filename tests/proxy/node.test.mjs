// The proxies in Node behind a fetch adapter (tests/support/node-adapter.mjs, which puts the
// socket's address in x-real-ip) in a process of its own (fixtures/node-server.mjs), and the client-IP rules that need a controllable address:
// X-Forwarded-For's right-most entry, per-IP limits, a missing IP; options refused by name.
import assert from "node:assert/strict";
import { test } from "node:test";
import { verify } from "../client/harness.mjs";
import { serveFetch } from "../support/node-adapter.mjs";
import { stageFiles } from "../support/package.mjs";
import { startSim } from "../support/sim.mjs";
import { startHost } from "./host.mjs";
import { API_KEY, MARKER, SUB_ACCOUNT, defineProxySuite, proxyOptions } from "./suite.mjs";

defineProxySuite("Node (fetch adapter)", {
  runtime: "node",
  mainIp: { clientIpHeader: "x-real-ip" },
  async start({ entries }) {
    // A process of its own (as the Deno and workerd hosts): the floods' client and server do not share one thread.
    const dir = stageFiles("proxy-node", ["proxy/fixtures/node-server.mjs", "proxy/fixtures/app.mjs", "support/node-adapter.mjs"]);
    return startHost(process.execPath, ["node-server.mjs", JSON.stringify(entries)], { cwd: dir });
  },
});

test("behind a trusted reverse proxy: X-Forwarded-For's right-most entry is the client; per-IP limits", async () => {
  const sim = await startSim({ args: ["--api-key", API_KEY, "--sub-account", SUB_ACCOUNT] });
  let offset = 0;
  const handler = verify.createVerifyProxy({
    ...proxyOptions(sim.url),
    clientIpHeader: "x-forwarded-for",
    limits: { perDestination: null, perClientIp: { max: 2, windowSeconds: 60 } },
    now: () => Date.now() + offset,
  });
  const proxy = await serveFetch(handler.fetch, { trustForwardedFor: true });
  try {
    const post = (xff, n) =>
      fetch(`${proxy.url}/api/verify/sessions`, {
        method: "POST",
        headers: { ...MARKER, "content-type": "application/json", ...(xff === undefined ? {} : { "x-forwarded-for": xff }) },
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
    const missing = await post(undefined, 5);
    assert.equal(missing.status, 400, "no client IP: refused, not unlimited");
    assert.equal((await missing.json()).code, 1012);
    for (const garbage of ["unknown", "203.0.113.5:443", "203.0.113.5, garbage", "[2001:db8::1]"]) {
      const r = await post(garbage, 6);
      assert.equal(r.status, 400, `an unparsable address is no address: ${garbage}`);
    }
    assert.equal((await (await fetch(`${sim.url}/_sim/requests`)).json()).length, 3, "nothing more reached 8x8");
    offset += 61_000;
    assert.equal((await post("203.0.113.5", 7)).status, 200, "a new window");
  } finally {
    await proxy.close();
    await sim.stop();
  }
});

test("createVerifyProxy refuses bad options by name", () => {
  const base = { apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["SG"], limits: { perClientIp: null } };
  const cases = [
    [{}, "apiKey"],
    [{ apiKey: "k", subAccountId: "acme_hq", clientIpHeader: "x-real-ip" }, "allowedCountries"],
    [{ apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["SG"] }, "limits.perClientIp"],
    [{ apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["SG"], limits: { perClientIp: { max: 10, windowSeconds: 3600 } } }, "limits.perClientIp"],
    [{ ...base, onVerified: "yes" }, "onVerified"],
    [{ ...base, onEvent: {} }, "onEvent"],
    [{ ...base, beforeSend: true }, "beforeSend"],
    [{ ...base, store: {} }, "store"],
    [{ ...base, defaults: { template: 1 } }, "defaults.template"],
    [{ ...base, upstreamUrl: "http://example.com" }, "upstreamUrl"],
    [{ ...base, limits: { perClientIp: null, perCountry: { max: 0, windowSeconds: 60 } } }, "limits.perCountry.max"],
    [{ ...base, limits: { perClientIp: null, ipv6PrefixLength: 0 } }, "limits.ipv6PrefixLength"],
    [{ ...base, limits: { perClientIp: null, ipv6PrefixLength: 129 } }, "limits.ipv6PrefixLength"],
    [{ ...base, clientIpHeader: "x real ip" }, "clientIpHeader"],
  ];
  for (const [options, field] of cases) {
    assert.throws(() => verify.createVerifyProxy(options), (e) => e.name === "VerifyError" && e.code === "INVALID_REQUEST" && e.field === field, field);
  }
  const proxy = verify.createVerifyProxy({ ...base, allowedCountries: ["*"] });
  assert.deepEqual(Object.keys(proxy), ["fetch"]);
  assert.ok(!JSON.stringify(proxy).includes("acme_hq"));
});
