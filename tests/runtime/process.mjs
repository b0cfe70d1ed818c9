// The runtimes that run the scenario as a process of their own (Node, Deno, Bun): the
// simulator and the staged fixtures around a file's tests, and one run of the scenario.
import { execFile } from "node:child_process";
import { after, before } from "node:test";
import { promisify } from "node:util";
import { stageFiles } from "../support/package.mjs";
import { startSim } from "../support/sim.mjs";
import { closedUrl, freshDestination } from "./expect.mjs";

const run = promisify(execFile);

/**
 * Starts the simulator and stages `fixtures` (beside runtime/fixtures/scenario.mjs) in the
 * consumer project's folder `name` before the file's tests; stops the simulator after them.
 * Returns `scenario(command, args, env)`: runs `command args… PARAMS` in that folder (`env`
 * added to this process's), PARAMS being the JSON of a fresh flow's parameters, and resolves
 * with the report it printed.
 */
export function useScenarioProcess(name, fixtures) {
  let sim;
  let dir;
  before(async () => {
    sim = await startSim();
    dir = stageFiles(name, ["runtime/fixtures/scenario.mjs", ...fixtures.map((file) => `runtime/fixtures/${file}`)]);
  });
  after(() => sim?.stop());
  return async function scenario(command, args, env = {}) {
    const params = { simUrl: sim.url, closedUrl: await closedUrl(), destination: freshDestination() };
    const { stdout } = await run(command, [...args, JSON.stringify(params)], { cwd: dir, env: { ...process.env, ...env } });
    return JSON.parse(stdout);
  };
}
