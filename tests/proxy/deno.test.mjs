// The proxies in Deno: `Deno.serve` with the package's bound fetch (fixtures/deno-server.mjs);
// the main proxy's client IP is Deno's info.remoteAddr.
import path from "node:path";
import { repoRoot, stageFiles } from "../support/package.mjs";
import { startHost } from "./host.mjs";
import { defineProxySuite } from "./suite.mjs";

defineProxySuite("Deno", {
  runtime: "deno",
  mainIp: {},
  async start({ entries }) {
    const dir = stageFiles("proxy-deno", ["proxy/fixtures/deno-server.mjs", "proxy/fixtures/app.mjs"]);
    return startHost(
      path.join(repoRoot, "node_modules", ".bin", "deno"),
      ["run", "--no-prompt", "--allow-net=127.0.0.1", "deno-server.mjs", JSON.stringify(entries)],
      { cwd: dir, env: { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } },
    );
  },
});
