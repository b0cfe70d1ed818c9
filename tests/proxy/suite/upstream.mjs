// The proxy suite's answers when 8x8 fails (../suite.mjs): 401, 500 and a non-JSON body become
// 502, a timeout 504; a resend-too-soon refusal passes through with its Retry-After.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { injectFault } from "../../support/sim.mjs";
import { freshSg } from "./harness.mjs";

/** Defines these tests on the suite `useProxyHost` (./harness.mjs) returned. */
export function defineUpstreamTests(suite) {
  const { send, untilReceived } = suite;
  let sim; // started by the suite's own `before`, which runs first
  before(() => ({ sim } = suite));

  test("upstream failures: 401 and 500 and HTML become 502, a timeout 504; resend-too-soon passes through", async () => {
    for (const fault of [{ status: 401 }, { status: 500 }, { body: "non-json" }]) {
      await injectFault(sim.url, { count: 1, ...fault });
      const r = await send("POST", "/api/verify/sessions", { body: { destination: freshSg() } });
      assert.equal(r.status, 502, JSON.stringify(fault));
      assert.equal(r.json.code, 2000);
    }
    await injectFault(sim.url, { count: 1, delayMs: 2500 });
    const slowDestination = freshSg();
    const slow = await send("POST", "/api/verify/sessions", { body: { destination: slowDestination } });
    assert.equal(slow.status, 504);
    await untilReceived(slowDestination, 1);
    const destination = freshSg();
    await send("POST", "/api/verify/sessions", { body: { destination } });
    const tooSoon = await send("POST", "/api/verify/sessions", { body: { destination } });
    assert.equal(tooSoon.status, 403);
    assert.equal(tooSoon.json.code, 1400);
    assert.ok(Number(tooSoon.headers.get("retry-after")) > 0);
  });
}
