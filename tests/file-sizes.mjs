// No source file over 400 lines: a file that long holds more than one job, and a newcomer
// reading it cannot see where one ends. Source is every tracked file a person writes and
// reads as code (Rust, JavaScript, TypeScript, HTML, CSS, shell); data files (the calling-code
// table, JSON schemas, lock files) and Markdown are not code.
//
//   node tests/file-sizes.mjs     exit 0, or 1 listing every file over the limit

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MAX_LINES = 400;
const SOURCE = /\.(rs|mjs|cjs|js|ts|html|css|sh)$/;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: repoRoot, encoding: "utf8" }).split("\0").filter((f) => SOURCE.test(f));
if (tracked.length < 100) {
  console.error(`only ${tracked.length} source files tracked: is this a git checkout of the repository?`);
  process.exit(1);
}
const lines = (file) => readFileSync(path.join(repoRoot, file), "utf8").split("\n").length - 1;
const over = tracked.map((file) => [file, lines(file)]).filter(([, n]) => n > MAX_LINES);
for (const [file, n] of over) console.error(`${file}: ${n} lines (at most ${MAX_LINES})`);
console.log(`${tracked.length} source files, ${over.length} over ${MAX_LINES} lines`);
process.exit(over.length ? 1 : 0);
