// The local 8x8 Verify simulator the demo server starts when no real API key is set
// (target/debug/verify-8x8-sim, or VERIFY_8X8_SIM_BIN), and stops with it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fail } from "./config.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Starts the simulator on `host`, port 0: `ready` resolves to its URL, `exited` to how it
 * ended; `stop()` ends it (SIGTERM, then SIGKILL after 5 s).
 */
export function startSimulator(host) {
  const bin = process.env.VERIFY_8X8_SIM_BIN || path.join(repoRoot, "target", "debug", "verify-8x8-sim");
  if (!existsSync(bin)) fail(`simulator not found at ${bin}: run \`make sim\` (or \`make demo\`)`);
  // Its own process group: Ctrl-C reaches only this server, which then stops the simulator
  // in order (instead of both racing to exit).
  const child = spawn(bin, ["--listen", `${host}:0`], { stdio: ["ignore", "pipe", "pipe"], detached: true });
  const stderrTail = [];
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    stderrTail.push(chunk);
    if (stderrTail.length > 20) stderrTail.shift();
  });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("the simulator did not start within 10 s")), 10_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited (code ${code}, signal ${signal}): ${stderrTail.join("").trim()}`));
    });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      if (out === null) return; // keep draining
      out += chunk;
      const newline = out.indexOf("\n");
      if (newline < 0) return;
      const match = /^listening on (http:\/\/\S+)$/.exec(out.slice(0, newline).trim());
      out = null;
      clearTimeout(timer);
      if (match) resolve(match[1]);
      else reject(new Error("unexpected first line from the simulator"));
    });
  });
  return {
    child,
    ready,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
