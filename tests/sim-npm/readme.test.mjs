// "Testing your verification flow": the three recipes of the repository's README and of the
// npm package's README (the same code in both), each run as written in a project where
// verify-8x8 and verify-8x8-sim are installed from their packed tarballs. The msw recipe runs
// with every client socket counted: none may be opened.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import { promisify } from "node:util";
import { bundle } from "../runtime/bundle.mjs";
import { repoRoot } from "../support/package.mjs";
import { stageSimFiles } from "../support/sim-package.mjs";

const run = promisify(execFile);

/** The recipes of a README: name → code. */
function recipes(file) {
  const text = readFileSync(path.join(repoRoot, file), "utf8");
  return new Map([...text.matchAll(/<!-- sim-recipe: ([\w-]+) -->\n```js\n([\s\S]*?)```/g)].map(([, name, code]) => [name, code]));
}

const fromRepo = recipes("README.md");
const fromPackage = recipes("sim/npm/README.md");
let dir;

/** Writes a recipe to the file its first line names (`// verify.test.mjs (node --test)`). */
function write(name) {
  const code = fromRepo.get(name);
  const file = /^\/\/ (\S+)/.exec(code)[1];
  const target = path.join(dir, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, code);
  return file;
}

/** Runs a node:test file directly; resolves to its output, asserting `tests` passed and none failed. */
async function runTests(file, tests, preload = []) {
  const args = [...preload.flatMap((p) => ["--import", p]), "--test-reporter=spec", file];
  // Without this test's NODE_TEST_CONTEXT, the file reports as a top-level run would.
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  const { stdout, stderr } = await run(process.execPath, args, { cwd: dir, env }).catch((e) => {
    throw new Error(`${file} failed (exit ${e.code}):\n${e.stdout}\n${e.stderr}`);
  });
  assert.match(stdout, new RegExp(`ℹ pass ${tests}\\n`), stdout);
  assert.match(stdout, /ℹ fail 0\n/, stdout);
  return stdout + stderr;
}

before(() => {
  dir = stageSimFiles("sim-npm-readme", ["sim-npm/fixtures/no-sockets.mjs"]);
});

test("both READMEs carry the same three recipes", () => {
  assert.deepEqual([...fromRepo.keys()].sort(), ["listen", "msw", "worker", "worker-test"]);
  assert.deepEqual([...fromPackage.entries()].sort(), [...fromRepo.entries()].sort());
});

test("recipe 1: listen() and a VerifyClient with baseUrl", async () => {
  await runTests(write("listen"), 3);
});

test("recipe 2: msw in front of https://verify.8x8.com, no socket opened", async () => {
  await runTests(write("msw"), 1, ["./no-sockets.mjs"]);
});

test("recipe 3: a Worker's tests in miniflare, 8x8's host routed to sim.fetch", async () => {
  const worker = write("worker");
  const testFile = write("worker-test");
  // What `wrangler deploy --dry-run --outdir dist` does: bundle with the workerd conditions,
  // the .wasm kept as a module beside the bundle.
  mkdirSync(path.join(dir, "dist"), { recursive: true });
  const built = await bundle({ entry: path.join(dir, worker), outdir: path.join(dir, "dist"), name: "worker", conditions: ["workerd", "worker", "browser"] });
  assert.ok(built.inputs.some((p) => p.endsWith("verify-8x8/workerd.js")), built.inputs.join("\n"));
  await runTests(testFile, 1);
});
