// What every part of the proxy suite (../suite.mjs) shares: the simulator, a redirector
// standing in for 8x8's address, the host's proxies (../proxies.mjs), fresh numbers, and the
// requests and checks the tests make through them. `refusedBeforeUpstream` is the suite's
// main assertion: refused with the proxy's error headers and body, and nothing reached 8x8.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, beforeEach } from "node:test";
import { closeIdleConnections } from "../http.mjs";
import { API_KEY, MARKER, SUB_ACCOUNT, proxyEntries } from "../proxies.mjs";
import { closedUrl } from "../../runtime/expect.mjs";
import { resetSim, startSim } from "../../support/sim.mjs";

/** A stand-in for 8x8's address that answers every request with a 307 to the simulator. */
async function startRedirector(simUrl) {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    req.resume();
    res.writeHead(307, { location: `${simUrl}${req.url}` }).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

let counter = 0;
/** A Singapore number no other test of this process uses. */
export const freshSg = () => `+65 9${String((process.pid * 1000 + ++counter) % 10_000_000).padStart(7, "0")}`;

/**
 * Starts `host`'s proxies around the tests of the enclosing describe and returns the suite
 * they share: `sim`, `redirector` and `proxy` (set once the suite's `before` has run: read
 * them in a test or hook), `seen` (every response text and headers, checked for secrets at
 * the end) and the helpers below.
 */
export function useProxyHost(host) {
  let sim;
  let redirector;
  let proxy;
  const seen = [];

  before(async () => {
    sim = await startSim({ args: ["--api-key", API_KEY, "--sub-account", SUB_ACCOUNT] });
    redirector = await startRedirector(sim.url);
    const entries = proxyEntries({ runtime: host.runtime, simUrl: sim.url, redirectUrl: redirector.url, closedUrl: await closedUrl(), mainIp: host.mainIp });
    proxy = await host.start({ entries });
  });
  after(async () => {
    closeIdleConnections();
    await proxy?.stop();
    await redirector?.close();
    await sim?.stop();
  });
  beforeEach(async () => {
    await resetSim(sim.url);
    await fetch(`${proxy.url}/__test/log/reset`, { method: "POST" });
  });

  /** A request through fetch (as a browser's fetch, Sec-Fetch-Mode: cors), with the marker header unless `marker: false`. */
  async function send(method, path, { body, headers = {}, raw, marker = true } = {}) {
    const all = { ...(marker ? MARKER : {}), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers };
    const response = await fetch(`${proxy.url}${path}`, {
      method,
      headers: all,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    seen.push(text, JSON.stringify([...response.headers]));
    return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : undefined };
  }
  const received = async () => (await fetch(`${sim.url}/_sim/requests`)).json();
  /**
   * Waits (polling, at most 10 s) until the simulator has recorded a request to `destination`
   * `count` times: a request held by a `delayMs` fault is recorded only when the delay ends,
   * long after the proxy gave up on it, and must not land in a later test's record.
   */
  async function untilReceived(destination, count) {
    const digits = destination.replace(/\D/g, "");
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 25))) {
      const calls = (await received()).filter((c) => c.body?.destination?.replace(/\D/g, "") === digits);
      if (calls.length >= count) return;
    }
    assert.fail(`the simulator never recorded ${count} requests to ${destination}`);
  }
  const hookLog = async () => (await fetch(`${proxy.url}/__test/log`)).json();
  const advance = (seconds) => fetch(`${proxy.url}/__test/advance?seconds=${seconds}`).then((r) => r.text());
  async function refusedBeforeUpstream(status, call, field) {
    const before = await received();
    const r = await call();
    assert.equal(r.status, status, r.text);
    assert.equal(r.headers.get("cache-control"), "no-store");
    assert.equal(r.headers.get("x-content-type-options"), "nosniff");
    assert.equal(typeof r.json.errorId, "string");
    assert.equal(typeof r.json.timestamp, "string");
    if (field) assert.equal(r.json.field, field);
    assert.deepEqual(await received(), before, "nothing reached 8x8");
    return r;
  }

  return {
    get sim() {
      return sim;
    },
    get redirector() {
      return redirector;
    },
    get proxy() {
      return proxy;
    },
    seen,
    send,
    received,
    untilReceived,
    hookLog,
    advance,
    refusedBeforeUpstream,
  };
}
