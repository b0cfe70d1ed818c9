// Build input of dist/server.js (not shipped as is): wasm-bindgen's bundler-target glue for
// the server wasm, with an `initSync` that instantiates a compiled module of any realm.
//
// wasm-bindgen's web-target `initSync` tests `module instanceof WebAssembly.Module`, which
// is false for a module another realm compiled (Next.js's edge sandbox compiles `?module`
// imports outside the sandbox), and then tries to compile the module object as bytes. The
// bundler target leaves instantiation to its caller: here, `WebAssembly.Instance`, which
// accepts a module of any realm. It also has no `new URL("server_bg.wasm", import.meta.url)`
// for a bundler to copy the server wasm into public assets.
//
// The wasm's import and export names are minified at build time
// (tools/minify-server-names.mjs): the import module, `memory` and the start function are
// named by server_names.js.
import * as glue from "../target/wasm/bundler/server_bg.js";
import { importModule, memoryExport, startExport } from "../target/wasm/bundler/server_names.js";

export {
  Client,
  Proxy,
  checkCode,
  checkSmaCoverage,
  getVerification,
  startVerification,
  version,
} from "../target/wasm/bundler/server_bg.js";

let exported;

/** A compiled module, of this realm or another: `WebAssembly.Module.exports` checks the brand. */
function isCompiledModule(value) {
  try {
    WebAssembly.Module.exports(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Instantiates the server wasm once, from `module` (a `WebAssembly.Module` of any realm, or
 * the bytes of one); called again, returns the same `{ memory }` (the instance's memory).
 */
export function initSync({ module } = {}) {
  if (exported) return exported;
  const compiled = isCompiledModule(module) ? module : new WebAssembly.Module(module);
  const instance = new WebAssembly.Instance(compiled, { [importModule]: glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports[startExport]();
  exported = { memory: instance.exports[memoryExport] };
  return exported;
}
