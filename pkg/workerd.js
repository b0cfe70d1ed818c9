// Cloudflare Workers (workerd) entry: workerd refuses to compile wasm from bytes, so the
// bundler imports the .wasm as a compiled WebAssembly.Module (CompiledWasm). The other
// exports, one `/* @__PURE__ */` binding each so that a proxy-only Worker drops the client,
// are in server-exports.js (shared with edge-light.js).
import serverModule from "./dist/server_bg.wasm";
import * as wasm from "./dist/server.js";
import { createProxyFactory } from "./proxy.js";

wasm.initSync({ module: serverModule });

export * from "./server-exports.js";
export const createVerifyProxy = /* @__PURE__ */ createProxyFactory(() => wasm, () => "workerd");
