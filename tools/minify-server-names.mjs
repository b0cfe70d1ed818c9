// Build step of the server wasm (`make build-wasm`): wasm-bindgen names every import
// `__wbg_<name>_<16 hex digits>` and its exports by their Rust paths; 133 imports and 30
// exports spell about 7 KB of names, in the wasm and again in the glue (random hex digits
// gzip poorly). `wasm-opt --minify-imports-and-exports-and-modules` renames them to one to
// three letters and prints the renaming; this script applies it to wasm-bindgen's
// bundler-target glue and writes the names pkg/server-glue.js needs (the import module's
// name, the `memory` and start exports) to server_names.js.
//
// It fails loudly when the glue does not have the shape it expects (a wasm-bindgen upgrade
// that changes how the glue defines its imports or reaches the exports): every import must
// be defined exactly once as `export function NAME(`, the glue must reach exports only as
// `wasm.NAME`, each an export, and no new name may equal another export of the glue.
//
// usage: node tools/minify-server-names.mjs <dir>   (holds server_bg.wasm and server_bg.js)

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.argv[2];
if (!dir) throw new Error("usage: node tools/minify-server-names.mjs <dir>");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const wasmFile = path.join(dir, "server_bg.wasm");
const glueFile = path.join(dir, "server_bg.js");
const fail = (message) => {
  console.error(`tools/minify-server-names.mjs: ${message}`);
  process.exit(1);
};

const before = new WebAssembly.Module(readFileSync(wasmFile));
const importsBefore = WebAssembly.Module.imports(before);
const glueModule = "./server_bg.js";
if (importsBefore.some((i) => i.module !== glueModule)) fail(`an import not from ${glueModule}: the glue's shape changed`);

const printed = execFileSync(path.join(root, "node_modules", ".bin", "wasm-opt"), ["--minify-imports-and-exports-and-modules", wasmFile, "-o", wasmFile], {
  encoding: "utf8",
  maxBuffer: 16 << 20,
});
const map = JSON.parse(printed.slice(printed.indexOf("{")));
const after = new WebAssembly.Module(readFileSync(wasmFile));
const modules = [...new Set(WebAssembly.Module.imports(after).map((i) => i.module))];
if (modules.length !== 1) fail(`expected one import module after minifying, found ${JSON.stringify(modules)}`);
if (map.imports.length !== importsBefore.length) fail(`wasm-opt renamed ${map.imports.length} of ${importsBefore.length} imports`);

let glue = readFileSync(glueFile, "utf8");
const glueExports = new Set([...glue.matchAll(/^export (?:function|class|const|let) ([A-Za-z0-9_$]+)/gm)].map((m) => m[1]));
const escape = (s) => s.replace(/[$]/g, "\\$");
const taken = new Set();
for (const [module, from, to] of map.imports) {
  if (module !== glueModule) fail(`import ${from} is from ${module}`);
  const definition = new RegExp(`^export function ${escape(from)}\\(`, "gm");
  const found = glue.match(definition)?.length ?? 0;
  if (found !== 1) fail(`import ${from}: ${found} definitions \`export function ${from}(\` in the glue, expected 1`);
  if (glueExports.has(to) || taken.has(to)) fail(`the new name ${to} of ${from} is already taken`);
  taken.add(to);
  glue = glue.replace(definition, `export function ${to}(`);
}
// Reached by pkg/server-glue.js rather than by the glue.
const byServerGlue = new Set(["__wbindgen_start"]);
const exported = {};
for (const [from, to] of map.exports) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${escape(from)}\\b`, "g"), `wasm.${to}`);
  exported[from] = to;
}
for (const name of ["memory", ...byServerGlue]) if (!exported[name]) fail(`no export ${name}`);
// Every export the glue reaches is `wasm.NAME`, now a new name.
if (/\bwasm\s*\[/.test(glue)) fail("the glue reaches an export as wasm[…]");
const renamed = new Set(Object.values(exported));
for (const [, name] of glue.matchAll(/\bwasm\.([A-Za-z0-9_$]+)/g)) if (!renamed.has(name)) fail(`the glue reaches wasm.${name}, which is not an export`);
const left = glue.match(/^export function (__wbg_[A-Za-z0-9_]*_[0-9a-f]{16})\(/m);
if (left) fail(`an import the wasm no longer has is left in the glue: ${left[1]}`);
writeFileSync(glueFile, glue);
writeFileSync(
  path.join(dir, "server_names.js"),
  `// Written by tools/minify-server-names.mjs: the server wasm's minified names.\n` +
    `export const importModule = ${JSON.stringify(modules[0])};\n` +
    `export const memoryExport = ${JSON.stringify(exported.memory)};\n` +
    `export const startExport = ${JSON.stringify(exported.__wbindgen_start)};\n`,
);
console.log(`minified ${map.imports.length} import and ${map.exports.length} export names of ${wasmFile}`);
