// The proxies in workerd (miniflare), created at module scope (fixtures/worker.mjs), served over
// real HTTP by miniflare; the main proxy's client IP is CF-Connecting-IP (miniflare's requests
// carry `request.cf`, as Cloudflare's do).
import path from "node:path";
import { Miniflare } from "miniflare";
import { stageFiles } from "../support/package.mjs";
import { bundle } from "../runtime/bundle.mjs";
import { defineProxySuite } from "./suite.mjs";

defineProxySuite("workerd", {
  runtime: "workerd",
  mainIp: {},
  async start({ entries }) {
    const dir = stageFiles("proxy-workerd", ["proxy/fixtures/worker.mjs", "proxy/fixtures/app.mjs"]);
    const built = await bundle({
      entry: path.join(dir, "worker.mjs"),
      outdir: dir,
      name: "bundle",
      conditions: ["workerd", "worker", "browser"],
      define: { ENTRIES: JSON.stringify(entries) },
    });
    const mf = new Miniflare({
      modules: true,
      modulesRoot: dir, // module names relative to the staged project, wherever it is
      scriptPath: built.outfile,
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: "2024-01-01",
    });
    const url = (await mf.ready).href.replace(/\/$/, "");
    return { url, clientIp: "127.0.0.1", stop: () => mf.dispose() };
  },
});
