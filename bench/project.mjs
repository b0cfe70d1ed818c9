// The package as a user gets it: `npm pack` of pkg/, installed from the tarball into a
// throwaway consumer project under bench/work/run-<pid>/ (git-ignored). Every benchmark that loads
// the package runs from inside that project and imports it by name ("verify-8x8").

import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { consumerProject, pack, stage } from "../tests/support/consumer.mjs";

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(benchDir, "..");
export const workDir = path.join(benchDir, "work");

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** Pids of other benchmark runs in progress (they would skew this run's numbers). */
export function otherRuns() {
  if (!existsSync(workDir)) return [];
  return readdirSync(workDir)
    .map((entry) => /^run-(\d+)$/.exec(entry))
    .filter((m) => m && Number(m[1]) !== process.pid && alive(Number(m[1])))
    .map((m) => Number(m[1]));
}

/**
 * Packs pkg/, installs the tarball into bench/work/run-<pid>/project, copies bench/*.mjs into
 * it. Each run has its own directory, so runs started at the same time don't clobber each
 * other; directories of runs that are gone are removed.
 */
export function preparePackedProject() {
  mkdirSync(workDir, { recursive: true });
  for (const entry of readdirSync(workDir)) {
    const m = /^run-(\d+)$/.exec(entry);
    if (m && !alive(Number(m[1]))) rmSync(path.join(workDir, entry), { recursive: true, force: true });
  }
  const runDir = path.join(workDir, `run-${process.pid}`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir);
  const tarball = pack(path.join(repoRoot, "pkg"), runDir);
  const project = consumerProject(runDir, { name: "verify-8x8-bench-consumer", dependencies: { "verify-8x8": `file:../${tarball}` } });
  stage(project, "bench", readdirSync(benchDir).filter((file) => file.endsWith(".mjs")), benchDir);
  return { runDir, project, tarball: path.join(runDir, tarball), installed: path.join(project, "node_modules", "verify-8x8") };
}
