// Short import and export names for the browser's wasm, and its glue rewritten to match.
//
//   node tools/minify-wasm-names.mjs <glue.js> <module.wasm> <names.json>
//
// `wasm-opt --minify-imports-and-exports-and-modules` renames every import of the module
// (wasm-bindgen's `__wbg_<name>_<16 hex digits>`) and every export to one or two letters,
// and prints the renaming as JSON (names.json). This script applies that renaming to the
// unminified `--target web` glue of wasm-bindgen, where the names appear in exactly three
// shapes:
//   - the imports object:   `        __wbg_fetch_9b478faef8cda538: function(arg0) {`
//   - its module key:       `        "./client_bg.js": import0,`
//   - every export use:     `wasm.client_new(options)`, `wasm.memory.buffer`
// Anything else — a name that is not found exactly once, an export the glue uses that the
// renaming does not know, an import left out — fails the build with a message: a
// wasm-bindgen upgrade that changes the glue's shape must stop here, never ship a glue that
// cannot link. Last, the rewritten glue is instantiated against the rewritten module in
// this process (`initSync`), so a missing or misnamed import is a LinkError at build time.

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [gluePath, wasmPath, namesPath] = process.argv.slice(2);
if (!namesPath) {
  console.error("usage: node tools/minify-wasm-names.mjs <glue.js> <module.wasm> <names.json>");
  process.exit(2);
}

function fail(message) {
  console.error(`${path.basename(gluePath)}: ${message} (has wasm-bindgen's glue changed shape?)`);
  process.exit(1);
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Replaces the single match of `pattern` in `text`, failing unless there is exactly one. */
function replaceOnce(text, pattern, replacement, what) {
  const matches = text.match(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`));
  if (!matches || matches.length !== 1) fail(`${what}: expected once, found ${matches ? matches.length : 0} times`);
  return text.replace(pattern, replacement);
}

let names;
try {
  names = JSON.parse(readFileSync(namesPath, "utf8"));
} catch (error) {
  fail(`${namesPath} is not wasm-opt's renaming JSON: ${error.message}`);
}
if (!Array.isArray(names?.imports) || !Array.isArray(names?.exports)) fail(`${namesPath} lacks "imports" and "exports"`);

const bytes = readFileSync(wasmPath);
const module = new WebAssembly.Module(bytes);
const newModules = [...new Set(WebAssembly.Module.imports(module).map((i) => i.module))];
if (newModules.length !== 1) fail(`the minified module imports from ${newModules.length} modules, expected 1`);
const oldModules = [...new Set(names.imports.map(([m]) => m))];
if (oldModules.length !== 1) fail(`the renaming lists ${oldModules.length} import modules, expected 1`);

let glue = readFileSync(gluePath, "utf8");

// The imports object: each key once, at the start of a line.
for (const [, from, to] of names.imports) {
  glue = replaceOnce(glue, new RegExp(`^(\\s+)${escape(from)}:(?= function\\()`, "m"), `$1${JSON.stringify(to)}:`, `import ${from}`);
}
glue = replaceOnce(glue, new RegExp(`^(\\s+)${escape(JSON.stringify(oldModules[0]))}:(?= import0,)`, "m"), `$1${JSON.stringify(newModules[0])}:`, `import module ${oldModules[0]}`);

// Every export the glue uses: `wasm.<name>`.
const exportsRenamed = new Map(names.exports.map(([from, to]) => [from, to]));
const used = new Set([...glue.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
if (used.size === 0) fail("no `wasm.<export>` found");
for (const name of used) {
  if (!exportsRenamed.has(name)) fail(`the glue uses export ${name}, which the renaming does not list`);
}
glue = glue.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (_, name) => `wasm[${JSON.stringify(exportsRenamed.get(name))}]`);

// No hashed import name may survive.
const left = glue.match(/^\s+__wb\w+:\s*function/m);
if (left) fail(`import key left unrenamed: ${left[0].trim()}`);

writeFileSync(gluePath, glue);

// Link the rewritten glue with the rewritten module: every import must resolve.
const { initSync } = await import(`${pathToFileURL(path.resolve(gluePath)).href}?check=${Date.now()}`);
try {
  initSync({ module });
} catch (error) {
  fail(`the rewritten glue does not link with ${path.basename(wasmPath)}: ${error.message}`);
}
console.log(`${path.basename(gluePath)}: ${names.imports.length} imports and ${used.size} exports renamed`);
