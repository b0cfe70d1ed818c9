// The price of no runtime re-sends (src/fresh_connection.rs) in the runtimes that need it:
// bench/resend-runner.mjs in Deno and in Bun (both from the workspace's npm dev dependencies),
// against the simulator. Resolves to `{ deno, bun }` (each `null` when its binary is missing).
import { execFile } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs the runner in Deno and Bun from `workDir` with `rounds` × `pairs` pairs each. */
export async function measureResendGuard({ repoRoot, workDir, simUrl, rounds, pairs }) {
  const runner = path.join(workDir, "resend-runner.mjs");
  copyFileSync(path.join(repoRoot, "bench", "resend-runner.mjs"), runner);
  const bin = (name) => path.join(repoRoot, "node_modules", ".bin", name);
  const commands = {
    deno: [bin("deno"), ["run", "--no-prompt", "--allow-net=127.0.0.1", runner, simUrl, String(rounds), String(pairs)]],
    bun: [bin("bun"), [runner, simUrl, String(rounds), String(pairs)]],
  };
  const results = {};
  for (const [name, [command, args]] of Object.entries(commands)) {
    if (!existsSync(command)) {
      results[name] = null;
      continue;
    }
    const { stdout } = await run(command, args, { cwd: workDir, env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } });
    const line = stdout.split("\n").findLast((l) => l.startsWith("RESULT "));
    results[name] = line ? JSON.parse(line.slice("RESULT ".length)) : null;
  }
  return results;
}
