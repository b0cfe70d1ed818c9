// Cloudflare Workers (workerd) entry: workerd refuses to compile wasm from bytes, so the
// bundler imports the .wasm as a compiled WebAssembly.Module (CompiledWasm).
//
// Each export is its own `/* @__PURE__ */` binding, not one destructured object, so a
// Worker's bundler (wrangler's esbuild) drops what the Worker does not import: a proxy-only
// Worker carries no direct-mode client wrappers (−0.6 KB gz of the Worker bundle).
import serverModule from "./dist/server_bg.wasm";
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
export const createVerifyProxy = /* @__PURE__ */ createProxyFactory(load, () => "workerd");
export const version = () => wasm.version();
