// The simulator's npm package as a user gets it: `npm pack` of sim/npm/ (with the main
// package `verify-8x8` from pkg/ beside it), both installed from their tarballs into a
// throwaway project. Tests import `verify-8x8-sim` by name and run `npx verify-8x8-sim`
// there, never a file path. The project's dev tools (msw, miniflare, deno) resolve from
// the repository's node_modules, as the other packed-package suites' do.

import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { consumerProject, findTarball, pack, repoRoot, stage } from "./consumer.mjs";
import { packedTarball } from "./package.mjs";

const workDir = path.join(repoRoot, "target", "sim-package-tests");
const PREFIX = "verify-8x8-sim-";

/** Packs sim/npm/ and installs it (and verify-8x8) into a fresh project; returns the project directory. */
export function prepareSimProject() {
  const main = packedTarball();
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const tarball = pack(path.join(repoRoot, "sim", "npm"), workDir, PREFIX);
  return consumerProject(workDir, {
    name: "verify-8x8-sim-consumer",
    devDependencies: { "verify-8x8-sim": `file:../${tarball}`, "verify-8x8": `file:${main}` },
  });
}

/** The prepared project (made by tests/run.mjs, or on demand when a suite runs alone). */
export function simProject() {
  const project = process.env.VERIFY_8X8_SIM_PROJECT || path.join(workDir, "project");
  if (!existsSync(path.join(project, "node_modules", "verify-8x8-sim"))) return prepareSimProject();
  return project;
}

/** The sim package's tarball. */
export function simTarball() {
  simProject();
  return path.join(workDir, findTarball(workDir, PREFIX));
}

/** Copies `files` (paths relative to tests/) into a fresh subdirectory of the project. */
export function stageSimFiles(name, files) {
  return stage(simProject(), name, files);
}
