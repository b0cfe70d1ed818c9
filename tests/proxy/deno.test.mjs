// The proxy in Deno: `Deno.serve` with the package's bound fetch; the client IP is
// Deno's info.remoteAddr.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { repoRoot, stageFiles } from "../support/package.mjs";
import { defineProxySuite, proxyOptions } from "./suite.mjs";

defineProxySuite("Deno", {
  async start(simUrl) {
    const dir = stageFiles("proxy-deno", ["proxy/fixtures/deno-server.mjs"]);
    const child = spawn(
      path.join(repoRoot, "node_modules", ".bin", "deno"),
      ["run", "--no-prompt", "--allow-net=127.0.0.1", "deno-server.mjs", JSON.stringify(proxyOptions(simUrl))],
      { cwd: dir, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } },
    );
    const [line] = await new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).once("line", (l) => resolve([l]));
      child.once("exit", (code) => reject(new Error(`deno exited ${code}`)));
    });
    const url = line.replace("listening on ", "");
    return {
      url,
      clientIp: "127.0.0.1",
      advance: (seconds) => fetch(`${url}/__test/advance?seconds=${seconds}`).then((r) => r.text()),
      verified: () => fetch(`${url}/__test/verified`).then((r) => r.json()),
      stop: () => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM"))),
    };
  },
});
