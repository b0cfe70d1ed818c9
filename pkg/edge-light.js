// Vercel Edge (edge-light) entry: the edge runtime disables compiling wasm from bytes;
// a `?module` import yields the compiled WebAssembly.Module. The proxy trusts x-real-ip by
// default only on Vercel itself (process.env.VERCEL), which sets it; a self-hosted Next.js
// edge route must name its client-IP header. Each export is its own `/* @__PURE__ */`
// binding (as in workerd.js), so a bundler drops what a route does not import.
import serverModule from "./dist/server_bg.wasm?module";
import * as wasm from "./dist/server.js";
import { createProxyFactory } from "./proxy.js";
import { createClientApi } from "./shim.js";

wasm.initSync({ module: serverModule });

export {
  VerifyError,
  isVerifyError,
  createRedisLimitStore,
  createDurableObjectLimitStore,
  VerifyLimiterDurableObject,
} from "./server-api.js";

const load = () => wasm;
const client = /* @__PURE__ */ createClientApi({ load });
/** `client[name]`, as a call a bundler may drop when the binding is unused. */
const pick = (api, name) => api[name];
export const startVerification = /* @__PURE__ */ pick(client, "startVerification");
export const checkCode = /* @__PURE__ */ pick(client, "checkCode");
export const getVerification = /* @__PURE__ */ pick(client, "getVerification");
export const checkSmaCoverage = /* @__PURE__ */ pick(client, "checkSmaCoverage");
export const VerifyClient = /* @__PURE__ */ pick(client, "VerifyClient");
export const createVerifyProxy = /* @__PURE__ */ createProxyFactory(load, () =>
  typeof process !== "undefined" && process.env?.VERCEL ? "vercel" : "edge-light",
);
export const version = () => wasm.version();
