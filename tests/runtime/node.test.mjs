// The packed package in Node: `import` and `require` by name, then the whole flow.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertScenarioReport } from "./expect.mjs";
import { useScenarioProcess } from "./process.mjs";

const scenario = useScenarioProcess("node", ["node-esm.mjs", "node-cjs.cjs"]);
/** The report of `file` (a staged fixture) run by this Node. */
const scenarioIn = (file) => scenario(process.execPath, [file]);

test("ESM: import { … } from 'verify-8x8' runs the whole flow", async () => {
  assertScenarioReport(await scenarioIn("node-esm.mjs"));
});

test("CJS: require('verify-8x8') runs the whole flow", async () => {
  const report = await scenarioIn("node-cjs.cjs");
  assert.equal(report.requiredNotImported, true);
  assertScenarioReport(report);
});
