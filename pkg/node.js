// Node.js entry: reads the wasm synchronously on first use — creating a client or a proxy,
// or calling an operation — so nothing needs awaiting after the import, there is no
// top-level await (`require()` works on Node >= 20.19), and importing reads nothing: a
// bundler that imports the package for a server render (Next.js's client components)
// neither reads the server wasm then nor copies it into public assets.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// The glue and the JavaScript layer, bundled into one module at build time (pkg/node-bundle.js).
import { wasm, createServerApi } from "./dist/node-bundle.js";

// A file path, not `new URL("./dist/server_bg.wasm", import.meta.url)`: bundlers (Turbopack)
// turn that pattern into the URL of a public asset, while a path they trace as a server file.
const wasmFile = () => join(dirname(fileURLToPath(import.meta.url)), "dist", "server_bg.wasm");

// `node:fs` from `process.getBuiltinModule` (Node >= 20.16; Bun, tested 1.4), not an `import`: Node's ESM
// wrapper of `node:fs` copies every export and loads `fs/promises` on the way, about 1 ms of
// every cold start (bench: `cold_start_ms.node`). `node:path` and `node:url` stay imports
// (cheap), so a bundler still sees the wasm's path and traces it as a server file.
const readFile = (file) => process.getBuiltinModule("node:fs").readFileSync(file);

let ready = false;
function load() {
  if (!ready) {
    wasm.initSync({ module: readFile(wasmFile()) });
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
