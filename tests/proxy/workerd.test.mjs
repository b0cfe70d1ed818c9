// The proxy in workerd (miniflare), created at module scope; the client IP is
// CF-Connecting-IP. Served over real HTTP by miniflare.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { Miniflare } from "miniflare";
import { stageFiles } from "../support/package.mjs";
import { startSim } from "../support/sim.mjs";
import { bundle } from "../runtime/bundle.mjs";
import { API_KEY, SUB_ACCOUNT, defineProxySuite, proxyOptions } from "./suite.mjs";

async function workerUrl(entry, simUrl, name) {
  const dir = stageFiles(`proxy-workerd-${name}`, [`proxy/fixtures/${entry}`]);
  const built = await bundle({
    entry: path.join(dir, entry),
    outdir: dir,
    name: "bundle",
    conditions: ["workerd", "worker", "browser"],
    define: { PROXY_OPTIONS: JSON.stringify(proxyOptions(simUrl)) },
  });
  const mf = new Miniflare({
    modules: true,
    scriptPath: built.outfile,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2024-01-01",
  });
  return { mf, url: (await mf.ready).href.replace(/\/$/, "") };
}

defineProxySuite("workerd", {
  async start(simUrl) {
    const { mf, url } = await workerUrl("worker.mjs", simUrl, "suite");
    return {
      url,
      clientIp: "127.0.0.1",
      advance: (seconds) => fetch(`${url}/__test/advance?seconds=${seconds}`).then((r) => r.text()),
      verified: () => fetch(`${url}/__test/verified`).then((r) => r.json()),
      stop: () => mf.dispose(),
    };
  },
});

test("the README's Worker, `export default { fetch: proxy.fetch }`, serves a start", async () => {
  const sim = await startSim({ args: ["--api-key", API_KEY, "--sub-account", SUB_ACCOUNT] });
  const { mf, url } = await workerUrl("minimal-worker.mjs", sim.url, "minimal");
  try {
    const response = await fetch(`${url}/api/verify/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ destination: "+65 9123 4567" }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal((await response.json()).destination, "+******4567");
  } finally {
    await mf.dispose();
    await sim.stop();
  }
});
