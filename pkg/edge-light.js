// Vercel Edge (edge-light) entry: the edge runtime disables compiling wasm from bytes;
// a `?module` import yields the compiled WebAssembly.Module. The proxy trusts x-real-ip by
// default only on Vercel itself (process.env.VERCEL), which sets it; a self-hosted Next.js
// edge route must name its client-IP header. The other exports, one `/* @__PURE__ */`
// binding each so that a bundler drops what a route does not import, are in
// server-exports.js (shared with workerd.js).
import serverModule from "./dist/server_bg.wasm?module";
import * as wasm from "./dist/server.js";
import { createProxyFactory } from "./proxy.js";

wasm.initSync({ module: serverModule });

export * from "./server-exports.js";
export const createVerifyProxy = /* @__PURE__ */ createProxyFactory(() => wasm, () =>
  typeof process !== "undefined" && process.env?.VERCEL ? "vercel" : "edge-light",
);
