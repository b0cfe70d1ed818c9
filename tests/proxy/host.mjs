// The proxy hosts that run in a process of their own (fixtures/{node,deno,bun}-server.mjs):
// each prints `listening on URL` as its first line once it serves.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

/**
 * Runs `command args…` in `cwd` (with `env` added to this process's environment) and
 * resolves, once it printed `listening on URL`, with what a proxy suite's `start` returns:
 * `{ url, clientIp, stop }`, the host seeing this process as 127.0.0.1. Rejects if it exits
 * first.
 */
export async function startHost(command, args, { cwd, env = {} }) {
  const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    exited.then((code) => reject(new Error(`${path.basename(command)} exited ${code}`)));
  });
  return {
    url: line.replace("listening on ", ""),
    clientIp: "127.0.0.1",
    stop: () => (child.exitCode === null ? (child.kill("SIGTERM"), exited) : exited),
  };
}
