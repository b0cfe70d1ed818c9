// Strict `tsc --noEmit` over a usage file and a misuse file, both importing the packed
// package by name from the consumer project.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot, stageFiles } from "../support/package.mjs";

const dir = stageFiles("types", ["types/usage.ts", "types/misuse.ts"]);
writeFileSync(
  path.join(dir, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      exactOptionalPropertyTypes: true,
      noUnusedLocals: false,
      module: "nodenext",
      moduleResolution: "nodenext",
      target: "es2022",
      lib: ["es2022", "dom"],
      types: [],
      skipLibCheck: false,
    },
    files: ["usage.ts", "misuse.ts"],
  }),
);
const tsc = path.join(repoRoot, "node_modules", ".bin", "tsc");
const { status } = spawnSync(tsc, ["-p", path.join(dir, "tsconfig.json")], { stdio: "inherit" });
if (status === 0) console.log("tsc: usage.ts compiles; every misuse in misuse.ts is rejected");
process.exit(status ?? 1);
