// The proxies in Deno: `Deno.serve` with the package's bound fetch (fixtures/deno-server.mjs);
// the main proxy's client IP is Deno's info.remoteAddr.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { repoRoot, stageFiles } from "../support/package.mjs";
import { defineProxySuite } from "./suite.mjs";

defineProxySuite("Deno", {
  runtime: "deno",
  mainIp: {},
  async start({ entries }) {
    const dir = stageFiles("proxy-deno", ["proxy/fixtures/deno-server.mjs", "proxy/fixtures/app.mjs"]);
    const child = spawn(
      path.join(repoRoot, "node_modules", ".bin", "deno"),
      ["run", "--no-prompt", "--allow-net=127.0.0.1", "deno-server.mjs", JSON.stringify(entries)],
      { cwd: dir, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } },
    );
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const line = await new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).once("line", resolve);
      exited.then((code) => reject(new Error(`deno exited ${code}`)));
    });
    return {
      url: line.replace("listening on ", ""),
      clientIp: "127.0.0.1",
      stop: () => (child.exitCode === null ? (child.kill("SIGTERM"), exited) : exited),
    };
  },
});
