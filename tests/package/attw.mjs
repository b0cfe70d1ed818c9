// @arethetypeswrong/cli on the packed tarball. Profile "esm-only": the package is ESM, and
// `require()` of it works on Node >= 20.19 (require(esm); tests/runtime/node.test.mjs proves
// it), which attw's node16-from-CJS resolution does not model.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { packedTarball, repoRoot } from "../support/package.mjs";

const attw = path.join(repoRoot, "node_modules", ".bin", "attw");
const { status } = spawnSync(attw, ["--profile", "esm-only", "--no-color", packedTarball()], { stdio: "inherit" });
process.exit(status ?? 1);
