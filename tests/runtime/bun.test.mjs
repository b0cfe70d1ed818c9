// The packed package in Bun (1.4, from npm), which takes the `node` entry: import by name, then
// the whole flow.
import path from "node:path";
import { test } from "node:test";
import { repoRoot } from "../support/package.mjs";
import { assertScenarioReport } from "./expect.mjs";
import { useScenarioProcess } from "./process.mjs";

const scenario = useScenarioProcess("bun", ["node-esm.mjs"]);

test("Bun: import from 'verify-8x8' (node entry) runs the whole flow", async () => {
  const bun = path.join(repoRoot, "node_modules", ".bin", "bun");
  assertScenarioReport(await scenario(bun, ["node-esm.mjs"], { NO_COLOR: "1" }));
});
