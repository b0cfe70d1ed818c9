// `size` and `extra.worker_bundle_gz`: gzip -9 bytes of shipped files, from the installed
// (packed) package.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { bundle } from "../tests/runtime/bundle.mjs";

let gzipBinary = true;
/** Bytes of `gzip -9` of `data` (the gzip program when present, else zlib at level 9). */
export function gzipSize(data) {
  if (gzipBinary) {
    try {
      return execFileSync("gzip", ["-9c"], { input: data, maxBuffer: 64 << 20 }).length;
    } catch {
      gzipBinary = false;
    }
  }
  return gzipSync(data, { level: 9 }).length;
}

/**
 * What the browser entry loads: every JS module it imports (the graph esbuild resolves from
 * `import "verify-8x8"` with the `browser` condition) and every .wasm those modules fetch
 * (`new URL("….wasm", import.meta.url)`), each file gzip -9'd on its own, as served.
 */
export async function browserEntrySize(project) {
  const entry = path.join(project, "bench-size-entry.mjs");
  writeFileSync(entry, 'export * from "verify-8x8";\n');
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: project,
    external: ["*.wasm"],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    conditions: ["browser"],
    metafile: true,
    logLevel: "silent",
  });
  rmSync(entry);
  const jsFiles = Object.keys(result.metafile.inputs)
    .map((p) => path.resolve(project, p))
    .filter((p) => p !== entry);
  // The .wasm it fetches: string literals naming an existing .wasm file next to the module
  // (`new URL("./dist/client_bg.wasm", import.meta.url)`, minified or not).
  const wasmFiles = new Set();
  for (const file of jsFiles) {
    for (const m of readFileSync(file, "utf8").matchAll(/["'`]([^"'`\s]+\.wasm)["'`]/g)) {
      const candidate = path.resolve(path.dirname(file), m[1]);
      if (existsSync(candidate)) wasmFiles.add(candidate);
    }
  }
  if (wasmFiles.size === 0) throw new Error(`no .wasm referenced by the browser entry's modules: ${jsFiles.join(", ")}`);
  const files = [];
  for (const file of [...jsFiles, ...wasmFiles]) {
    const data = readFileSync(file);
    files.push({ file: path.relative(path.join(project, "node_modules"), file), bytes: data.length, gz: gzipSize(data), wasm: file.endsWith(".wasm") });
  }
  const wasm_gz = files.filter((f) => f.wasm).reduce((s, f) => s + f.gz, 0);
  const js_gz = files.filter((f) => !f.wasm).reduce((s, f) => s + f.gz, 0);
  return { wasm_gz, js_gz, total_gz: wasm_gz + js_gz, files };
}

/**
 * A minimal Cloudflare Worker (the README's example) bundled by esbuild the way wrangler
 * does: conditions workerd, worker, browser; the .wasm kept as a separate module (never
 * inlined). Returns gzip -9 of the bundle + of each .wasm, unminified (wrangler's default)
 * and, for information, minified.
 */
export async function workerBundleSize(project) {
  const dir = path.join(project, "worker");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, "worker.mjs");
  writeFileSync(
    entry,
    `import { createVerifyProxy } from "verify-8x8";

const proxy = createVerifyProxy({
  apiKey: "replace-with-a-secret",
  subAccountId: "acme_hq",
  allowedCountries: ["SG", "GB"],
});

export default { fetch: proxy.fetch };
`,
  );
  const sizes = {};
  let wasmFiles = [];
  for (const minify of [false, true]) {
    const built = await bundle({ entry, outdir: dir, name: minify ? "bundle.min" : "bundle", conditions: ["workerd", "worker", "browser"], minify });
    sizes[minify ? "minified" : "plain"] = gzipSize(readFileSync(built.outfile));
    wasmFiles = built.wasmFiles.map((f) => path.join(dir, f));
  }
  wasmFiles = [...new Set(wasmFiles)];
  const wasm_gz = wasmFiles.reduce((s, f) => s + gzipSize(readFileSync(f)), 0);
  return { worker_bundle_gz: sizes.plain + wasm_gz, js_gz: sizes.plain, js_min_gz: sizes.minified, wasm_gz, wasmFiles: wasmFiles.map((f) => path.basename(f)) };
}
