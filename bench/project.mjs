// The package as a user gets it: `npm pack` of pkg/, installed from the tarball into a
// throwaway consumer project under bench/work/ (git-ignored). Every benchmark that loads
// the package runs from inside that project and imports it by name ("verify-8x8").

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(benchDir, "..");
export const workDir = path.join(benchDir, "work");

/** Packs pkg/, installs the tarball into bench/work/project, copies bench/*.mjs into it. */
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
  return { project, tarball: path.join(workDir, tarball), installed: path.join(project, "node_modules", "verify-8x8") };
}
