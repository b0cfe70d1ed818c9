// Node.js entry: reads the wasm synchronously on first use — creating a client or a proxy,
// or calling an operation — so nothing needs awaiting after the import, there is no
// top-level await (`require()` works on Node >= 20.19), and importing reads nothing: a
// bundler that imports the package for a server render (Next.js's client components)
// neither reads the server wasm then nor copies it into public assets.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// The glue and the JavaScript layer, bundled into one module at build time (pkg/node-bundle.js).
import { wasm, createServerApi } from "./dist/node-bundle.js";

// A file path, not `new URL("./dist/server_bg.wasm", import.meta.url)`: bundlers (Turbopack)
// turn that pattern into the URL of a public asset, while a path they trace as a server file.
const wasmFile = () => join(dirname(fileURLToPath(import.meta.url)), "dist", "server_bg.wasm");

let ready = false;
function load() {
  if (!ready) {
    wasm.initSync({ module: readFileSync(wasmFile()) });
    ready = true;
  }
  return wasm;
}

export {
  VerifyError,
  isVerifyError,
  createRedisLimitStore,
  createDurableObjectLimitStore,
  VerifyLimiterDurableObject,
} from "./dist/node-bundle.js";
export const { startVerification, checkCode, getVerification, checkSmaCoverage, VerifyClient, createVerifyProxy, version } =
  createServerApi(load, () => "node");
