// Vercel Edge (edge-light) entry: the edge runtime disables compiling wasm from bytes;
// a `?module` import yields the compiled WebAssembly.Module. The proxy trusts x-real-ip by
// default only on Vercel itself (process.env.VERCEL), which sets it; a self-hosted Next.js
// edge route must name its client-IP header.
import serverModule from "./dist/server_bg.wasm?module";
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
  createServerApi(() => wasm, () => (typeof process !== "undefined" && process.env?.VERCEL ? "vercel" : "edge-light"));
