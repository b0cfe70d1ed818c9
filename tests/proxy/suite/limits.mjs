// The proxy suite's send limits (../suite.mjs): per number (exhaustion, Retry-After, recovery
// after the window) and per derived country.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { freshSg } from "./harness.mjs";

/** Defines these tests on the suite `useProxyHost` (./harness.mjs) returned. */
export function defineLimitTests(suite) {
  const { send, hookLog, advance, refusedBeforeUpstream } = suite;
  let sim; // started by the suite's own `before`, which runs first
  before(() => ({ sim } = suite));

  test("rate limit: exhaustion, Retry-After, recovery after the window", async () => {
    const destination = freshSg();
    for (let i = 0; i < 3; i++) {
      const ok = await send("POST", "/api/verify/sessions", { body: { destination, channel: "sms" } });
      assert.equal(ok.status, 200, `send ${i + 1}: ${ok.text}`);
      await fetch(`${sim.url}/_sim/clock`, { method: "POST", body: JSON.stringify({ advanceSeconds: 11 }) });
    }
    const limited = await refusedBeforeUpstream(429, () => send("POST", "/api/verify/sessions", { body: { destination } }));
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert.ok(retryAfter > 0 && retryAfter <= 600, `${retryAfter}`);
    assert.equal(limited.json.retryAfterSeconds, retryAfter);
    assert.equal(limited.json.code, 1100);
    await advance(601);
    const recovered = await send("POST", "/api/verify/sessions", { body: { destination } });
    assert.equal(recovered.status, 200, recovered.text);
  });

  test("limits.perCountry: a send budget per derived country; 429 country_limit; other countries unaffected", async () => {
    const post = (destination) => send("POST", "/budget/api/verify/sessions", { body: { destination } });
    assert.equal((await post(freshSg())).status, 200);
    assert.equal((await post(freshSg())).status, 200);
    const over = await refusedBeforeUpstream(429, () => post(freshSg()));
    assert.equal(over.json.code, 1100);
    assert.ok(Number(over.headers.get("retry-after")) > 0 && Number(over.headers.get("retry-after")) <= 600);
    // National input is the same country: the budget is per derived country, not per spelling.
    await refusedBeforeUpstream(429, () => send("POST", "/budget/api/verify/sessions", { body: { destination: "8123 4567", country: "SG" } }));
    const us = await post("+1 202 555 0147");
    assert.equal(us.status, 200, `another country has its own budget: ${us.text}`);
    assert.equal((await post("+1 202 555 0148")).status, 200);
    await refusedBeforeUpstream(429, () => post("+1 202 555 0149"));
    const { budget } = await hookLog();
    assert.deepEqual(
      budget.events.map((e) => [e.type, e.reason ?? null, e.country]),
      [
        ["sent", null, "SG"],
        ["sent", null, "SG"],
        ["refused", "country_limit", "SG"],
        ["refused", "country_limit", "SG"],
        ["sent", null, "US"],
        ["sent", null, "US"],
        ["refused", "country_limit", "US"],
      ],
    );
    await advance(601);
    assert.equal((await post(freshSg())).status, 200, "a new window");
  });
}
