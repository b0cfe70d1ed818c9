// The package as a user gets it: `npm pack` of pkg/, installed from the tarball into a
// throwaway consumer project under bench/work/run-<pid>/ (git-ignored). Every benchmark that loads
// the package runs from inside that project and imports it by name ("verify-8x8").

import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
  execFileSync("npm", ["pack", "--silent", "--pack-destination", runDir], {
    cwd: path.join(repoRoot, "pkg"),
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tarball = readdirSync(runDir).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  const project = path.join(runDir, "project");
  mkdirSync(project);
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify(
      { name: "verify-8x8-bench-consumer", private: true, type: "module", dependencies: { "verify-8x8": `file:../${tarball}` } },
      null,
      2,
    ),
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", "--silent"], {
    cwd: project,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const staged = path.join(project, "bench");
  mkdirSync(staged);
  for (const file of readdirSync(benchDir)) {
    if (file.endsWith(".mjs")) cpSync(path.join(benchDir, file), path.join(staged, file));
  }
  return { runDir, project, tarball: path.join(runDir, tarball), installed: path.join(project, "node_modules", "verify-8x8") };
}
