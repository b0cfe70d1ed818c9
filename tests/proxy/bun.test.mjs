// The proxies in Bun: Bun.serve with the package's bound fetch (fixtures/bun-server.mjs); the
// main proxy's client IP is the socket's address, put in x-real-ip by the host.
import path from "node:path";
import { repoRoot, stageFiles } from "../support/package.mjs";
import { startHost } from "./host.mjs";
import { defineProxySuite } from "./suite.mjs";

defineProxySuite("Bun", {
  runtime: "bun",
  mainIp: { clientIpHeader: "x-real-ip" },
  async start({ entries }) {
    const dir = stageFiles("proxy-bun", ["proxy/fixtures/bun-server.mjs", "proxy/fixtures/app.mjs"]);
    return startHost(path.join(repoRoot, "node_modules", ".bin", "bun"), ["bun-server.mjs", JSON.stringify(entries)], { cwd: dir, env: { NO_COLOR: "1" } });
  },
});
