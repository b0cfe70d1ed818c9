// verify-8x8-sim and workerd (miniflare), from the packed tarballs:
// - a Worker's tests route 8x8's host to sim.fetch (miniflare's outboundService) and
//   verify a number end to end through the Worker's createVerifyProxy;
// - the simulator itself runs inside workerd (the workerd entry, the .wasm imported as a
//   compiled module) and serves a proxy in the same isolate.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { Miniflare } from "miniflare";
import { bundle } from "../runtime/bundle.mjs";
import { stageSimFiles } from "../support/sim-package.mjs";

const WORKERD = ["workerd", "worker", "browser"];
let dir;
let createSimulator;
before(async () => {
  dir = stageSimFiles("sim-npm-workerd", ["sim-npm/fixtures/entry.mjs", "sim-npm/fixtures/proxy-worker.mjs", "sim-npm/fixtures/sim-in-worker.mjs"]);
  ({ createSimulator } = await import(pathToFileURL(path.join(dir, "entry.mjs")).href));
});

const miniflare = (scriptPath, extra = {}) =>
  new Miniflare({
    modules: true,
    scriptPath,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2024-01-01",
    ...extra,
  });

test("a Worker's tests: outbound fetches to 8x8's host go to sim.fetch; a number is verified through createVerifyProxy", async () => {
  const built = await bundle({ entry: path.join(dir, "proxy-worker.mjs"), outdir: dir, name: "proxy-worker-bundle", conditions: WORKERD });
  const sim = createSimulator();
  const outbound = [];
  const mf = miniflare(built.outfile, {
    bindings: { VERIFY_8X8_API_KEY: "test-key", VERIFY_8X8_SUBACCOUNT: "test_hq" },
    outboundService: (request) => {
      outbound.push(new URL(request.url).host);
      return new URL(request.url).hostname === "verify.8x8.com" ? sim.fetch(request) : new Response("unexpected host", { status: 599 });
    },
  });
  try {
    const headers = { "content-type": "application/json", "x-verify-8x8": "1", "cf-connecting-ip": "203.0.113.7" };
    const start = await mf.dispatchFetch("http://app.test/api/verify/sessions", { method: "POST", headers, body: JSON.stringify({ destination: "+65 9123 4567" }) });
    const session = await start.json();
    assert.equal(start.status, 200, JSON.stringify(session));
    assert.equal(session.status, "WAITING");
    const code = sim.lastCode("+6591234567");
    assert.match(code, /^\d{6}$/, "the proxy asks for 6 digits by default");
    const check = await mf.dispatchFetch(`http://app.test/api/verify/sessions/${session.sessionId}?code=${code}`, { headers });
    assert.equal((await check.json()).status, "VERIFIED");
    assert.deepEqual(outbound, ["verify.8x8.com", "verify.8x8.com"]);
    // The simulator saw the proxy's requests, client IP included.
    const requests = await (await sim.fetch("https://verify.8x8.com/_sim/requests")).json();
    assert.equal(requests[0].body.clientIp, "203.0.113.7");
    // A 503 from "8x8" reaches the browser as the proxy's 502.
    sim.fault({ status: 503 });
    const failed = await mf.dispatchFetch(`http://app.test/api/verify/sessions/${session.sessionId}`, { headers });
    assert.equal(failed.status, 502);
    await failed.arrayBuffer();
  } finally {
    await mf.dispose();
  }
});

test("the simulator inside workerd: sim.fetch serves createVerifyProxy in the same isolate", async () => {
  const built = await bundle({ entry: path.join(dir, "sim-in-worker.mjs"), outdir: dir, name: "sim-in-worker-bundle", conditions: WORKERD });
  assert.ok(built.inputs.some((p) => p.endsWith("verify-8x8-sim/workerd.js")), built.inputs.join("\n"));
  assert.ok(built.wasmFiles.includes("sim_bg.wasm"), built.wasmFiles.join());
  const mf = miniflare(built.outfile);
  try {
    const res = await mf.dispatchFetch("http://worker.test/");
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.deepEqual(JSON.parse(text), {
      started: "WAITING",
      destination: "+******4567",
      code: true,
      checked: "VERIFIED",
      expired: "EXPIRED",
      unavailable: 502,
      messages: 2,
      listen: "verify-8x8-sim: listen() needs Node or Deno (this is workerd); use sim.fetch here",
    });
  } finally {
    await mf.dispose();
  }
});
