// esbuild as a Worker / edge deployment bundles the package: with the platform's export
// conditions, and the .wasm left as a separate module next to the bundle (never inlined).
import { build } from "esbuild";
import { copyFileSync } from "node:fs";
import path from "node:path";

/** Bundles `entry` into `outdir/<name>.js`; .wasm imports become `./<file>.wasm<suffix>`. */
export async function bundle({ entry, outdir, name, conditions, format = "esm", define = {}, external = [], minify = false }) {
  const wasmFiles = [];
  const wasmAsSeparateModule = {
    name: "wasm-as-separate-module",
    setup(b) {
      b.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => {
        const [file, query] = args.path.split("?");
        const source = path.resolve(args.resolveDir, file);
        copyFileSync(source, path.join(outdir, path.basename(source)));
        wasmFiles.push(path.basename(source));
        return { path: `./${path.basename(source)}${query ? `?${query}` : ""}`, external: true };
      });
    },
  };
  const outfile = path.join(outdir, `${name}.js`);
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format,
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions,
    plugins: [wasmAsSeparateModule],
    define,
    external,
    minify,
    logLevel: "silent",
    metafile: true,
  });
  return { outfile, wasmFiles, inputs: Object.keys(result.metafile.inputs) };
}
