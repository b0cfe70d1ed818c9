// The packed package in Deno, with no permission but network access to loopback.
import path from "node:path";
import { test } from "node:test";
import { repoRoot } from "../support/package.mjs";
import { assertScenarioReport } from "./expect.mjs";
import { useScenarioProcess } from "./process.mjs";

const deno = path.join(repoRoot, "node_modules", ".bin", "deno");
const scenario = useScenarioProcess("deno", ["deno.mjs"]);

test("Deno: import from 'verify-8x8' (deno condition) runs the whole flow with --allow-net=127.0.0.1 only", async () => {
  const report = await scenario(deno, ["run", "--no-prompt", "--allow-net=127.0.0.1", "deno.mjs"], { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" });
  assertScenarioReport(report);
});
