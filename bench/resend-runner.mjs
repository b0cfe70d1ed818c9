// Runs inside Deno or Bun (`deno run --allow-net=127.0.0.1 resend-runner.mjs SIM ROUNDS PAIRS`,
// `bun resend-runner.mjs …`): the price of the package's guard against runtime re-sends
// (src/fresh_connection.rs), measured on the requests it changes. A start + check pair against
// the simulator, as 8x8 receives them from the package, sent (a) on pooled connections and (b)
// the way the package sends them in this runtime — Deno: a `Deno.createHttpClient({
// poolMaxIdlePerHost: 0 })` of its own as the request's `client`, closed once the body is read;
// Bun: `Connection: close` — interleaved,
// rounds alternating which goes first. Prints `RESULT {json}`: medians in µs per pair.
const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const [simUrl, rounds, pairs] = [args[0], Number(args[1]), Number(args[2])];
const runtime = globalThis.Deno ? "deno" : "bun";
const version = globalThis.Deno ? Deno.version.deno : Bun.version;
const base = `${simUrl}/api/v2/subaccounts/test_hq/sessions`;
const headers = { accept: "application/json", authorization: "Bearer test-key" };
let n = 0;
/** Sends `url` with `init` as the package would (`fresh`) or on the pool; resolves to the body. */
async function send(fresh, url, init) {
  if (!fresh) return (await fetch(new Request(url, init))).text();
  if (!globalThis.Deno) return (await fetch(new Request(url, { ...init, headers: { ...init.headers, connection: "close" } }))).text();
  const client = Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
  try {
    return await (await fetch(new Request(url, { ...init, client }))).text();
  } finally {
    client.close();
  }
}
async function pair(fresh) {
  const destination = `+6593${String((n++ * 7919 + 1000003) % 1000000).padStart(6, "0")}`;
  const t0 = performance.now();
  const body = JSON.stringify({ destination, resetSession: true });
  const { sessionId } = JSON.parse(await send(fresh, base, { method: "POST", body, headers: { ...headers, "content-type": "application/json" } }));
  await send(fresh, `${base}/${sessionId}?code=0000`, { headers });
  return (performance.now() - t0) * 1000;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pooled = [];
const fresh = [];
for (let i = 0; i < 20; i++) await pair(i % 2 === 0); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const which of r % 2 ? [true, false] : [false, true]) {
    const t = [];
    for (let i = 0; i < pairs; i++) t.push(await pair(which));
    (which ? fresh : pooled).push(median(t));
  }
}
const p = median(pooled);
const f = median(fresh);
console.log(`RESULT ${JSON.stringify({ runtime, version, pairs: rounds * pairs, pooled_us_per_pair: p, fresh_us_per_pair: f, extra_us_per_pair: f - p, ratio: f / p })}`);
