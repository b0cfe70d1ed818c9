// The proxies in Bun: Bun.serve with the package's bound fetch (fixtures/bun-server.mjs); the
// main proxy's client IP is the socket's address, put in x-real-ip by the host.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { repoRoot, stageFiles } from "../support/package.mjs";
import { defineProxySuite } from "./suite.mjs";

defineProxySuite("Bun", {
  runtime: "bun",
  mainIp: { clientIpHeader: "x-real-ip" },
  async start({ entries }) {
    const dir = stageFiles("proxy-bun", ["proxy/fixtures/bun-server.mjs", "proxy/fixtures/app.mjs"]);
    const child = spawn(path.join(repoRoot, "node_modules", ".bin", "bun"), ["bun-server.mjs", JSON.stringify(entries)], {
      cwd: dir,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const line = await new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).once("line", resolve);
      exited.then((code) => reject(new Error(`bun exited ${code}`)));
    });
    return {
      url: line.replace("listening on ", ""),
      clientIp: "127.0.0.1",
      stop: () => (child.exitCode === null ? (child.kill("SIGTERM"), exited) : exited),
    };
  },
});
