// Shared by the store tests: the compatibility dates, the worker bundle of a fixture, and two
// Workers sharing Durable Object namespaces.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { bundle } from "../runtime/bundle.mjs";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The newest compatibility date the bundled workerd supports (from its version, 1.YYYYMMDD.N). */
export function currentCompatibilityDate() {
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, "node_modules", "workerd", "package.json"), "utf8"));
  const [, ymd] = version.split(".");
  return `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
}

/** An old date (the fetch interface, no RPC) and the current one. */
export const compatibilityDates = ["2024-01-01", currentCompatibilityDate()];

/**
 * Two Workers running `scriptPath` in one Miniflare: "a" defines the Durable Object classes,
 * "b" binds the same namespaces through `scriptName`. `durableObjects(scriptName)` is a
 * Worker's Durable Object bindings; `options` the rest of each Worker's options (its
 * compatibilityDate, bindings, modulesRules). Resolves with `{ mf, workers: [a, b] }`.
 */
export async function twoWorkers(scriptPath, durableObjects, options) {
  const worker = (name, scriptName) => ({ name, modules: true, scriptPath, ...options, durableObjects: durableObjects(scriptName) });
  const mf = new Miniflare({ workers: [worker("a", undefined), worker("b", "a")] });
  return { mf, workers: [await mf.getWorker("a"), await mf.getWorker("b")] };
}

/** Bundles tests/stores/fixtures/<name>.mjs for workerd into target/stores-tests/. */
export async function bundleFixture(name) {
  const outdir = path.join(repoRoot, "target", "stores-tests");
  mkdirSync(outdir, { recursive: true });
  return bundle({
    entry: path.join(repoRoot, "tests", "stores", "fixtures", `${name}.mjs`),
    outdir,
    name,
    conditions: ["workerd", "worker", "browser"],
  });
}
