// The two loads the speed benchmarks time, shared by bench/proxy.mjs, bench/calls.mjs and
// bench/floor-speed.mjs so that every contender meets exactly the same work.

import { performance } from "node:perf_hooks";

const ORIGIN = "http://app.example";
/** What the package's client sends with every request to a proxy. */
const CHECK = { headers: { "x-verify-8x8": "1" } };

/** The simulator's test-only routes. */
export function simulator(simUrl) {
  async function call(path, init) {
    const response = await fetch(`${simUrl}${path}`, init);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  }
  return {
    /** Forgets every session (no resend interval can trigger, no state grows). */
    reset: () => call("/_sim/reset", { method: "POST" }),
    /** The codes sent, by session id. */
    codes: async () => new Map((await call("/_sim/messages")).map((m) => [m.sessionId, m.code])),
  };
}

/** A browser's start, as the package's client sends it to a proxy. */
export function proxyStart(destination) {
  return new Request(`${ORIGIN}/api/verify/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-verify-8x8": "1" },
    body: JSON.stringify({ destination }),
  });
}

/** A browser's check of `sessionId` with `code`, as the package's client sends it. */
export function proxyCheck(sessionId, code) {
  return new Request(`${ORIGIN}/api/verify/sessions/${sessionId}?code=${code}`, CHECK);
}

/**
 * `proxy`'s load: `count` flows through `handler.fetch` from `parallel` loops, after a reset
 * (untimed). One flow = a start with a fresh destination, then a check with a wrong code
 * (the session stays WAITING, attempt 1), each response body read. Returns requests per
 * second by wall clock.
 */
export async function proxyBatch(handler, { sim, fresh, count, parallel }) {
  await sim.reset();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        next++;
        const started = await handler.fetch(proxyStart(fresh()));
        const session = await started.json();
        if (started.status !== 200) throw new Error(`POST answered ${started.status}: ${JSON.stringify(session)}`);
        const checked = await handler.fetch(proxyCheck(session.sessionId, "00000"));
        const result = await checked.json();
        if (checked.status !== 200 || result.status !== "WAITING") throw new Error(`GET answered ${checked.status}: ${JSON.stringify(result)}`);
      }
    }),
  );
  return (2 * count) / ((performance.now() - t0) / 1000);
}

/**
 * `calls`' load: after a reset (untimed), `size` starts back to back (timed), the codes read
 * from the simulator (untimed), then every check with the right code (timed); `verified`
 * tells whether a check's result says so. Returns microseconds per call.
 */
export async function callsBatch(client, { sim, fresh, size, verified }) {
  await sim.reset();
  const sessions = [];
  const t0 = performance.now();
  for (let i = 0; i < size; i++) {
    const v = await client.startVerification({ destination: fresh(), brand: "Acme", codeLength: 6, channel: "sms" });
    sessions.push(v.sessionId);
  }
  const t1 = performance.now();
  const codes = await sim.codes();
  const t2 = performance.now();
  for (const id of sessions) {
    const c = await client.checkCode(id, codes.get(id));
    if (!verified(c)) throw new Error(`unexpected check result ${JSON.stringify(c)}`);
  }
  const t3 = performance.now();
  return ((t1 - t0 + (t3 - t2)) * 1000) / (2 * size);
}
