// The npm package as a user gets it: `npm pack` of pkg/, installed from the tarball into a
// throwaway project. Runtime tests copy their files into that project and import the
// package by its name, never by a file path.

import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
// VERIFY_8X8_PACKAGE_TESTS moves it, so two test runs in one checkout do not share a project.
const workDir = path.resolve(repoRoot, process.env.VERIFY_8X8_PACKAGE_TESTS ?? path.join("target", "package-tests"));

/** Packs pkg/ and installs the tarball into a fresh project; returns the project directory. */
export function preparePackedProject() {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  execFileSync("npm", ["pack", "--silent", "--pack-destination", workDir], {
    cwd: path.join(repoRoot, "pkg"),
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tarball = readdirSync(workDir).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  const project = path.join(workDir, "project");
  mkdirSync(project);
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "verify-8x8-consumer", private: true, type: "module", dependencies: { "verify-8x8": `file:../${tarball}` } }, null, 2),
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", "--silent"], {
    cwd: project,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return project;
}

/** The prepared project (made by tests/run.mjs, or on demand when a suite runs alone). */
export function packedProject() {
  const project = process.env.VERIFY_8X8_PROJECT || path.join(workDir, "project");
  if (!existsSync(path.join(project, "node_modules", "verify-8x8"))) return preparePackedProject();
  return project;
}

/** Copies `files` (paths relative to tests/) into a fresh subdirectory of the project. */
export function stageFiles(name, files) {
  const dir = path.join(packedProject(), name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of files) cpSync(path.join(repoRoot, "tests", file), path.join(dir, path.basename(file)));
  return dir;
}

/** The tarball path (for publint / attw). */
export function packedTarball() {
  packedProject();
  const tarball = readdirSync(workDir).find((f) => f.endsWith(".tgz"));
  return path.join(workDir, tarball);
}
