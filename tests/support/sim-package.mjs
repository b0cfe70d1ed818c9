// The simulator's npm package as a user gets it: `npm pack` of sim/npm/ (with the main
// package `verify-8x8` from pkg/ beside it), both installed from their tarballs into a
// throwaway project. Tests import `verify-8x8-sim` by name and run `npx verify-8x8-sim`
// there, never a file path. The project's dev tools (msw, miniflare, deno) resolve from
// the repository's node_modules, as the other packed-package suites' do.

import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { packedTarball, repoRoot } from "./package.mjs";

const workDir = path.join(repoRoot, "target", "sim-package-tests");

/** Packs sim/npm/ and installs it (and verify-8x8) into a fresh project; returns the project directory. */
export function prepareSimProject() {
  const main = packedTarball();
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  execFileSync("npm", ["pack", "--silent", "--pack-destination", workDir], {
    cwd: path.join(repoRoot, "sim", "npm"),
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tarball = readdirSync(workDir).find((f) => f.startsWith("verify-8x8-sim-") && f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack of sim/npm produced no tarball");
  const project = path.join(workDir, "project");
  mkdirSync(project);
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify(
      {
        name: "verify-8x8-sim-consumer",
        private: true,
        type: "module",
        devDependencies: { "verify-8x8-sim": `file:../${tarball}`, "verify-8x8": `file:${main}` },
      },
      null,
      2,
    ),
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", "--silent"], {
    cwd: project,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return project;
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
  return path.join(workDir, readdirSync(workDir).find((f) => f.startsWith("verify-8x8-sim-") && f.endsWith(".tgz")));
}

/** Copies `files` (paths relative to tests/) into a fresh subdirectory of the project. */
export function stageSimFiles(name, files) {
  const dir = path.join(simProject(), name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of files) cpSync(path.join(repoRoot, "tests", file), path.join(dir, path.basename(file)));
  return dir;
}
