// The proxy in workerd (miniflare), created at module scope; the client IP is
// CF-Connecting-IP. Served over real HTTP by miniflare.
import path from "node:path";
import { Miniflare } from "miniflare";
import { stageFiles } from "../support/package.mjs";
import { bundle } from "../runtime/bundle.mjs";
import { defineProxySuite, proxyOptions } from "./suite.mjs";

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
