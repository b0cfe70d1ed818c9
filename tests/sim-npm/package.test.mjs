// The verify-8x8-sim package as published: publint (strict) on sim/npm, arethetypeswrong on
// the tarball, and its TypeScript declarations compiled against a consumer file.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { repoRoot } from "../support/package.mjs";
import { simTarball, stageSimFiles } from "../support/sim-package.mjs";

const bin = (name) => path.join(repoRoot, "node_modules", ".bin", name);
const run = (command, args, cwd = repoRoot) => spawnSync(command, args, { cwd, encoding: "utf8" });

test("publint --strict", () => {
  const r = run(bin("publint"), ["run", "--strict", "sim/npm"]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /All good!/);
});

test("arethetypeswrong: every resolution finds the types (ESM-only profile, as verify-8x8)", () => {
  const r = run(bin("attw"), ["--profile", "esm-only", "--no-color", simTarball()]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test("the declarations type-check a consumer (strict, NodeNext)", () => {
  const dir = stageSimFiles("sim-npm-types", ["sim-npm/fixtures/types-check.ts"]);
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2022", "dom"], types: [] },
      files: ["types-check.ts"],
    }),
  );
  const r = run(bin("tsc"), ["-p", "tsconfig.json"], dir);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
