// The packed package in Node: `import` and `require` by name, then the whole flow.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { stageFiles } from "../support/package.mjs";
import { startSim } from "../support/sim.mjs";
import { assertScenarioReport, closedUrl, freshDestination } from "./expect.mjs";

const run = promisify(execFile);
let sim;
let dir;
before(async () => {
  sim = await startSim();
  dir = stageFiles("node", ["runtime/fixtures/scenario.mjs", "runtime/fixtures/node-esm.mjs", "runtime/fixtures/node-cjs.cjs"]);
});
after(() => sim?.stop());

async function scenarioIn(file) {
  const params = { simUrl: sim.url, closedUrl: await closedUrl(), destination: freshDestination() };
  const { stdout } = await run(process.execPath, [path.join(dir, file), JSON.stringify(params)], { cwd: dir });
  return JSON.parse(stdout);
}

test("ESM: import { … } from 'verify-8x8' runs the whole flow", async () => {
  assertScenarioReport(await scenarioIn("node-esm.mjs"));
});

test("CJS: require('verify-8x8') runs the whole flow", async () => {
  const report = await scenarioIn("node-cjs.cjs");
  assert.equal(report.requiredNotImported, true);
  assertScenarioReport(report);
});
