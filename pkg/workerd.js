// Cloudflare Workers (workerd) entry: workerd refuses to compile wasm from bytes, so the
// bundler imports the .wasm as a compiled WebAssembly.Module (CompiledWasm).
import serverModule from "./dist/server_bg.wasm";
import * as wasm from "./dist/server.js";
import { createServerApi } from "./server-api.js";

wasm.initSync({ module: serverModule });

export {
  VerifyError,
  isVerifyError,
  createRedisLimitStore,
  createDurableObjectLimitStore,
  VerifyLimiterDurableObject,
} from "./server-api.js";
export const { startVerification, checkCode, getVerification, checkSmaCoverage, VerifyClient, createVerifyProxy, version } =
  createServerApi(() => wasm, () => "workerd");
