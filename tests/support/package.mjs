// The npm package as a user gets it: `npm pack` of pkg/, installed from the tarball into a
// throwaway project. Runtime tests copy their files into that project and import the
// package by its name, never by a file path.

import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { consumerProject, findTarball, pack, repoRoot, stage } from "./consumer.mjs";

export { repoRoot };
// VERIFY_8X8_PACKAGE_TESTS moves it, so two test runs in one checkout do not share a project.
const workDir = path.resolve(repoRoot, process.env.VERIFY_8X8_PACKAGE_TESTS ?? path.join("target", "package-tests"));

/** Packs pkg/ and installs the tarball into a fresh project; returns the project directory. */
export function preparePackedProject() {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const tarball = pack(path.join(repoRoot, "pkg"), workDir);
  return consumerProject(workDir, { name: "verify-8x8-consumer", dependencies: { "verify-8x8": `file:../${tarball}` } });
}

/** The prepared project (made by tests/run.mjs, or on demand when a suite runs alone). */
export function packedProject() {
  const project = process.env.VERIFY_8X8_PROJECT || path.join(workDir, "project");
  if (!existsSync(path.join(project, "node_modules", "verify-8x8"))) return preparePackedProject();
  return project;
}

/** Copies `files` (paths relative to tests/) into a fresh subdirectory of the project. */
export function stageFiles(name, files) {
  return stage(packedProject(), name, files);
}

/** The tarball path (for publint / attw). */
export function packedTarball() {
  packedProject();
  return path.join(workDir, findTarball(workDir));
}
