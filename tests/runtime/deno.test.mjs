// The packed package in Deno, with no permission but network access to loopback.
import { execFile } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { repoRoot, stageFiles } from "../support/package.mjs";
import { startSim } from "../support/sim.mjs";
import { assertScenarioReport, closedUrl, freshDestination } from "./expect.mjs";

const run = promisify(execFile);
const deno = path.join(repoRoot, "node_modules", ".bin", "deno");
let sim;
let dir;
before(async () => {
  sim = await startSim();
  dir = stageFiles("deno", ["runtime/fixtures/scenario.mjs", "runtime/fixtures/deno.mjs"]);
});
after(() => sim?.stop());

test("Deno: import from 'verify-8x8' (deno condition) runs the whole flow with --allow-net=127.0.0.1 only", async () => {
  const params = { simUrl: sim.url, closedUrl: await closedUrl(), destination: freshDestination() };
  const { stdout } = await run(deno, ["run", "--no-prompt", "--allow-net=127.0.0.1", "deno.mjs", JSON.stringify(params)], {
    cwd: dir,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  assertScenarioReport(JSON.parse(stdout));
});
