// verify-8x8-sim in Deno, from the packed tarball installed by name, with network access to
// loopback only and no read permission: sim.fetch, and listen() (a 503 fault, and a drop
// that closes the connection before any byte).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { repoRoot } from "../support/package.mjs";
import { stageSimFiles } from "../support/sim-package.mjs";

const run = promisify(execFile);
const deno = path.join(repoRoot, "node_modules", ".bin", "deno");

test("Deno: sim.fetch in-process and listen(), --allow-net=127.0.0.1 only", async () => {
  const dir = stageSimFiles("sim-npm-deno", ["sim-npm/fixtures/deno-flow.mjs"]);
  const { stdout } = await run(deno, ["run", "--no-prompt", "--allow-net=127.0.0.1", "deno-flow.mjs"], {
    cwd: dir,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  const report = JSON.parse(stdout);
  assert.match(report.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual(
    { ...report, url: undefined },
    { url: undefined, started: "WAITING", checked: "VERIFIED", over: "VERIFIED", unavailable: 503, dropBytes: 0, after: 200 },
  );
});
