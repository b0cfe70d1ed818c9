// No two modules of either crate import each other, directly or around a loop; and the
// simulator's layers (sim/src/lib.rs) import only downward:
//   model  <  validate, state  <  http  <  cli, server, wasm
//
//   node tests/module-loops.mjs     exit 0, or 1 listing every loop and upward import
//
// An import is any path a module names that starts with `crate::`, `super::` or `self::`
// (in `use` items and inline in code), resolved to the deepest module it reaches. Inline
// `mod tests { … }` blocks are left out: they are modules of their own that nothing imports,
// so they cannot be part of a loop. `mod child;` declarations are not imports.

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Every `.rs` file under `dir`. */
function rustFiles(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return rustFiles(full);
    return entry.endsWith(".rs") ? [full] : [];
  });
}

/** The module path of a file (`a::b`), "" for the crate root; null for a `#[path]` test file. */
function moduleOf(srcDir, file) {
  const rel = path.relative(srcDir, file).replace(/\\/g, "/").replace(/\.rs$/, "");
  if (rel === "lib" || rel === "main") return "";
  if (/_tests$/.test(rel)) return null;
  return rel.replace(/\/mod$/, "").split("/").join("::");
}

/** The source without comments, string and char literals, and inline `mod tests { … }`. */
function code(text) {
  let out = text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/[^\n]*/g, "")
    .replace(/r#*"[\s\S]*?"#*/g, '""')
    .replace(/"(?:\\.|[^"\\])*"/g, '""')
    .replace(/'(?:\\.|[^'\\])'/g, "' '");
  const test = /#\[cfg\(test\)\]\s*(?:#\[[^\]]*\]\s*)*mod\s+\w+\s*\{/g;
  for (let m = test.exec(out); m; m = test.exec(out)) {
    let depth = 1;
    let i = m.index + m[0].length;
    while (i < out.length && depth > 0) {
      if (out[i] === "{") depth++;
      else if (out[i] === "}") depth--;
      i++;
    }
    out = out.slice(0, m.index) + out.slice(i);
    test.lastIndex = m.index;
  }
  return out;
}

/** Expands a `use` tree (`crate::a::{b, c::{d, self}}`) into its paths. */
function expandUse(tree) {
  tree = tree.replace(/\s+/g, "");
  const open = tree.indexOf("{");
  if (open < 0) return [tree.replace(/::self$/, "").replace(/ as \w+$/, "")];
  const prefix = tree.slice(0, open);
  const inner = tree.slice(open + 1, tree.lastIndexOf("}"));
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= inner.length; i++) {
    const c = inner[i];
    if (c === "{") depth++;
    else if (c === "}") depth--;
    else if ((c === "," && depth === 0) || i === inner.length) {
      if (i > start) parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  return parts.flatMap((p) => (p === "self" ? [prefix.replace(/::$/, "")] : expandUse(prefix + p)));
}

/** Every crate-relative path a module's code names, as segment lists from the crate root. */
function referencedPaths(moduleName, source) {
  const own = moduleName === "" ? [] : moduleName.split("::");
  const paths = [];
  const resolve = (p) => {
    const segs = p.replace(/\s+/g, "").split("::").filter(Boolean);
    if (segs[0] === "crate") return segs.slice(1);
    let base = own.slice();
    let i = 0;
    if (segs[0] === "self") i = 1;
    while (segs[i] === "super") {
      base = base.slice(0, -1);
      i++;
    }
    if (i === 0) return null;
    return [...base, ...segs.slice(i)];
  };
  const useItem = /\buse\s+((?:crate|super|self)\b[^;]*);/g;
  for (const m of source.matchAll(useItem)) {
    for (const p of expandUse(m[1].replace(/\s+as\s+\w+/g, ""))) {
      const r = resolve(p);
      if (r) paths.push(r);
    }
  }
  const withoutUse = source.replace(/\buse\s+[^;]*;/g, "");
  for (const m of withoutUse.matchAll(/\b(?:crate|self|super)(?:::(?:super|[A-Za-z_]\w*))+/g)) {
    const r = resolve(m[0]);
    if (r) paths.push(r);
  }
  return paths;
}

/** Module → set of modules it imports, for the crate whose sources are in `srcDir`. */
export function importGraph(srcDir) {
  const files = rustFiles(srcDir);
  const modules = new Map();
  for (const f of files) {
    const name = moduleOf(srcDir, f);
    if (name !== null) modules.set(name, code(readFileSync(f, "utf8")));
  }
  const graph = new Map();
  for (const [name, source] of modules) {
    const targets = new Set();
    for (const segs of referencedPaths(name, source)) {
      for (let n = segs.length; n > 0; n--) {
        const candidate = segs.slice(0, n).join("::");
        if (modules.has(candidate)) {
          if (candidate !== name) targets.add(candidate);
          break;
        }
      }
    }
    targets.delete(name);
    graph.set(name, targets);
  }
  return graph;
}

/** Strongly connected components with more than one module (Tarjan). */
export function loops(graph) {
  let index = 0;
  const stack = [];
  const on = new Set();
  const idx = new Map();
  const low = new Map();
  const found = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

/** The simulator's layers, bottom (0) to top. */
const SIM_LAYERS = { model: 0, validate: 1, state: 1, http: 2, cli: 3, server: 3, wasm: 3 };

/** Imports of the simulator that go up a layer, or sideways between validate and state. */
export function upwardImports(graph) {
  const layer = (m) => SIM_LAYERS[m.split("::")[0]];
  const bad = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const a = layer(from);
      const b = layer(to);
      if (a === undefined || b === undefined) continue;
      const top = from.split("::")[0];
      const other = to.split("::")[0];
      if (b > a || (b === a && top !== other && a !== 3)) bad.push(`${from} → ${to}`);
    }
  }
  return bad;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  let failed = false;
  for (const [crate, dir] of [["verify-8x8", "src"], ["verify-8x8-sim", "sim/src"]]) {
    const graph = importGraph(path.join(repoRoot, dir));
    const edges = [...graph.values()].reduce((n, s) => n + s.size, 0);
    const found = loops(graph);
    for (const component of found) console.log(`${crate}: modules import each other around a loop: ${component.join(", ")}`);
    const upward = crate === "verify-8x8-sim" ? upwardImports(graph) : [];
    for (const edge of upward) console.log(`${crate}: import against the layers: ${edge}`);
    failed ||= found.length > 0 || upward.length > 0;
    console.log(`${crate}: ${graph.size} modules, ${edges} imports, ${found.length} loops${crate === "verify-8x8-sim" ? `, ${upward.length} upward imports` : ""}`);
  }
  process.exit(failed ? 1 : 0);
}
