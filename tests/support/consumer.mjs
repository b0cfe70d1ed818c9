// A package as a user gets it: `npm pack` of a package folder, and a throwaway consumer
// project that installs tarballs by name (offline, from the files). The one recipe behind
// the packed-package suites (tests/support/package.mjs), the simulator's package suites
// (tests/support/sim-package.mjs) and the benchmarks (bench/project.mjs).

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * `npm pack` of `packageDir` into `intoDir`; returns the tarball's file name (the first in
 * `intoDir` whose name starts with `prefix`).
 */
export function pack(packageDir, intoDir, prefix = "") {
  execFileSync("npm", ["pack", "--silent", "--pack-destination", intoDir], { cwd: packageDir, stdio: ["ignore", "ignore", "inherit"] });
  const tarball = findTarball(intoDir, prefix);
  if (!tarball) throw new Error(`npm pack of ${path.relative(repoRoot, packageDir)} produced no tarball`);
  return tarball;
}

/** The file name of the tarball in `dir` whose name starts with `prefix`, if any. */
export function findTarball(dir, prefix = "") {
  return readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith(".tgz"));
}

/**
 * A fresh project `dir/project` whose package.json is `manifest` (made private, an ES
 * module), installed offline by npm; returns its directory. Dependencies name tarballs
 * with `file:` paths relative to the project.
 */
export function consumerProject(dir, manifest) {
  const project = path.join(dir, "project");
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project);
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ private: true, type: "module", ...manifest }, null, 2));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", "--silent"], { cwd: project, stdio: ["ignore", "ignore", "inherit"] });
  return project;
}

/** Copies `files` (paths relative to `fromDir`) into a fresh subdirectory `name` of `project`. */
export function stage(project, name, files, fromDir = path.join(repoRoot, "tests")) {
  const dir = path.join(project, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of files) cpSync(path.join(fromDir, file), path.join(dir, path.basename(file)));
  return dir;
}
