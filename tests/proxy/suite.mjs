// The proxy's behaviour (README "The proxy") and its attack table (./attacks.mjs), run
// over real HTTP against proxies hosted in a runtime: Node (fetch adapter), Deno
// (Deno.serve) or workerd (miniflare, proxies made at module scope). One host process per
// runtime serves every proxy the suite needs, each under its own basePath
// (./proxies.mjs, fixtures/app.mjs). Upstream is the simulator; `/_sim/requests` shows
// exactly what reached it. The tests are in ./suite/, by topic, in the order they run.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runAttack, ATTACKS } from "./attacks.mjs";
import { API_KEY, SUB_ACCOUNT } from "./proxies.mjs";
import { defineClientFlowTests } from "./suite/client-flows.mjs";
import { defineCrossSiteTests } from "./suite/cross-site.mjs";
import { defineEventTests } from "./suite/events.mjs";
import { useProxyHost } from "./suite/harness.mjs";
import { defineLimitTests } from "./suite/limits.mjs";
import { defineRequestTests } from "./suite/requests.mjs";
import { defineUpstreamTests } from "./suite/upstream.mjs";

export { API_KEY, CLIENT_IP_HEADER, MARKER, ORIGIN, SUB_ACCOUNT, proxyEntries, proxyOptions } from "./proxies.mjs";

/**
 * Defines the suite for a host: `{ runtime, mainIp, start({ entries }) }`, where `start`
 * resolves to `{ url, clientIp, stop() }` — the host's origin, the client IP the main proxy
 * sees for this process's requests, and a way to stop it.
 */
export function defineProxySuite(name, host) {
  describe(`proxy in ${name}`, () => {
    const suite = useProxyHost(host);

    defineClientFlowTests(suite);
    defineRequestTests(suite);
    defineCrossSiteTests(suite);
    defineLimitTests(suite);
    defineEventTests(suite);
    defineUpstreamTests(suite);

    describe("attack table: each attack is refused, nothing reaches 8x8, no hook runs", () => {
      const context = () => ({ runtime: host.runtime, proxyUrl: suite.proxy.url, sim: suite.sim, redirector: suite.redirector, seen: suite.seen, apiKey: API_KEY, subAccountId: SUB_ACCOUNT });
      for (const attack of ATTACKS) {
        test(`#${attack.row} ${attack.attack} → ${attack.expect}`, () => runAttack(attack, context()));
      }
    });

    test("no response ever contained the key or the subaccount", () => {
      const { seen } = suite;
      assert.ok(seen.length > 100);
      for (const text of seen) {
        assert.ok(!text.includes(API_KEY) && !text.includes(SUB_ACCOUNT), text);
      }
    });
  });
}
