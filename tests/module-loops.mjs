// No two modules of either crate import each other, directly or around a loop; and the
// simulator's layers (sim/src/lib.rs) import only downward:
//   model  <  validate, state  <  http  <  cli, server, wasm
//
//   node tests/module-loops.mjs     exit 0, or 1 listing every loop and upward import
//
// An import is any path a module names that starts with `crate::`, `super::`, `self::` or
// the name of one of its child modules (in `use` items and inline in code), resolved to the
// module that defines what it names: through re-exports (`pub use`), which are a module's
// interface, not an import of its own. Inline
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
function referencedPaths(moduleName, source, modules) {
  const own = moduleName === "" ? [] : moduleName.split("::");
  const paths = [];
  const resolve = (p) => {
    const segs = p.replace(/\s+/g, "").split("::").filter(Boolean);
    if (segs[0] === "crate") return segs.slice(1);
    if (modules.has([...own, segs[0]].join("::"))) return [...own, ...segs];
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
  const useItem = /\buse\s+([a-z_][\w]*::[^;]*);/g;
  for (const m of source.matchAll(useItem)) {
    for (const p of expandUse(m[1].replace(/\s+as\s+\w+/g, ""))) {
      const r = resolve(p);
      if (r) paths.push(r);
    }
  }
  const withoutUse = source.replace(/\buse\s+[^;]*;/g, "");
  for (const m of withoutUse.matchAll(/(?<![\w:])[a-z_]\w*(?:::(?:super|[A-Za-z_]\w*))+/g)) {
    const r = resolve(m[0]);
    if (r) paths.push(r);
  }
  return paths;
}

/**
 * What a module re-exports (`pub use`, `pub(crate) use`): exported name → the absolute path
 * it names; `*` → the modules it re-exports wholesale.
 */
function reexports(moduleName, source, modules) {
  const out = new Map();
  for (const m of source.matchAll(/\bpub(?:\([^)]*\))?\s+use\s+([^;]*);/g)) {
    for (const raw of expandUse(m[1])) {
      const [p, alias] = raw.split(/\s+as\s+/);
      const segs = referencedPaths(moduleName, `use ${p};`, modules)[0];
      if (!segs) continue;
      const name = alias ?? segs.at(-1);
      if (name === "*") out.set("*", [...(out.get("*") ?? []), segs.slice(0, -1)]);
      else out.set(name, segs);
    }
  }
  return out;
}

/** Whether `source` defines an item called `name`. */
function defines(source, name) {
  return new RegExp(`\\b(?:struct|enum|fn|trait|type|const|static|mod|union|macro_rules!)\\s+${name}\\b`).test(source);
}

/**
 * Module → set of modules it imports, for the crate whose sources are in `srcDir`. A path
 * through a re-export counts as an import of the module that defines the item, so a
 * module that only gathers its children's items (`pub use child::Item`) is not in a loop
 * with a child that names a sibling's item through it.
 */
export function importGraph(srcDir) {
  const files = rustFiles(srcDir);
  const modules = new Map();
  for (const f of files) {
    const name = moduleOf(srcDir, f);
    if (name !== null) modules.set(name, code(readFileSync(f, "utf8")));
  }
  const exported = new Map([...modules].map(([name, source]) => [name, reexports(name, source, modules)]));
  /** The module an absolute path reaches, following re-exports of its item. */
  const owner = (segs, depth = 0) => {
    for (let n = segs.length; n > 0; n--) {
      const module = segs.slice(0, n).join("::");
      if (!modules.has(module)) continue;
      const item = segs[n];
      if (item === undefined || !/^\w+$/.test(item) || depth > 8) return module;
      const named = exported.get(module).get(item);
      if (named) return owner([...named, ...segs.slice(n + 1)], depth + 1);
      if (!defines(modules.get(module), item)) {
        for (const glob of exported.get(module).get("*") ?? []) {
          const via = owner([...glob, ...segs.slice(n)], depth + 1);
          if (via !== glob.join("::")) return via;
          if (defines(modules.get(via) ?? "", item)) return via;
        }
      }
      return module;
    }
    return null;
  };
  const graph = new Map();
  for (const [name, source] of modules) {
    const targets = new Set();
    // A re-export is the module's interface, not a use of it: what names it reaches
    // through the re-export counts for them.
    const ownCode = source.replace(/\bpub(?:\([^)]*\))?\s+use\s+[^;]*;/g, "");
    for (const segs of referencedPaths(name, ownCode, modules)) {
      const target = owner(segs);
      if (target !== null && target !== name) targets.add(target);
    }
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
    const found = loops(graph).map((component) => component.join(", "));
    for (const loop of found) console.log(`${crate}: modules import each other around a loop: ${loop}`);
    const upward = crate === "verify-8x8-sim" ? upwardImports(graph) : [];
    for (const edge of upward) console.log(`${crate}: import against the layers: ${edge}`);
    failed ||= found.length > 0 || upward.length > 0;
    console.log(`${crate}: ${graph.size} modules, ${edges} imports, ${found.length} loops${crate === "verify-8x8-sim" ? `, ${upward.length} upward imports` : ""}`);
  }
  process.exit(failed ? 1 : 0);
}
