// Build input of dist/server.js (not shipped as is): wasm-bindgen's bundler-target glue for
// the server wasm, with an `initSync` that instantiates a compiled module of any realm.
//
// wasm-bindgen's web-target `initSync` tests `module instanceof WebAssembly.Module`, which
// is false for a module another realm compiled (Next.js's edge sandbox compiles `?module`
// imports outside the sandbox), and then tries to compile the module object as bytes. The
// bundler target leaves instantiation to its caller: here, `WebAssembly.Instance`, which
// accepts a module of any realm. It also has no `new URL("server_bg.wasm", import.meta.url)`
// for a bundler to copy the server wasm into public assets.
import * as glue from "../target/wasm/bundler/server_bg.js";

export {
  Client,
  Proxy,
  checkCode,
  checkSmaCoverage,
  getVerification,
  startVerification,
  version,
} from "../target/wasm/bundler/server_bg.js";

let instance;

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
 * the bytes of one); called again, returns the instance's exports (`memory` included).
 */
export function initSync({ module } = {}) {
  if (instance) return instance.exports;
  const compiled = isCompiledModule(module) ? module : new WebAssembly.Module(module);
  instance = new WebAssembly.Instance(compiled, { "./server_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return instance.exports;
}
