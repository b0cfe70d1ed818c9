// The packed package in Bun (1.4, from npm), which takes the `node` entry: import by name, then
// the whole flow.
import { execFile } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { repoRoot, stageFiles } from "../support/package.mjs";
import { startSim } from "../support/sim.mjs";
import { assertScenarioReport, closedUrl, freshDestination } from "./expect.mjs";

const run = promisify(execFile);
let sim;
let dir;
before(async () => {
  sim = await startSim();
  dir = stageFiles("bun", ["runtime/fixtures/scenario.mjs", "runtime/fixtures/node-esm.mjs"]);
});
after(() => sim?.stop());

test("Bun: import from 'verify-8x8' (node entry) runs the whole flow", async () => {
  const params = { simUrl: sim.url, closedUrl: await closedUrl(), destination: freshDestination() };
  const { stdout } = await run(path.join(repoRoot, "node_modules", ".bin", "bun"), ["node-esm.mjs", JSON.stringify(params)], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1" },
  });
  assertScenarioReport(JSON.parse(stdout));
});
