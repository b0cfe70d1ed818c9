// What every server entry (node, deno, workerd, edge-light) exports, given how to get the
// initialised server wasm. Each entry only differs in how (and when) it obtains the module.

import { createProxyFactory } from "./proxy.js";
import { createClientApi } from "./shim.js";

export { VerifyError, isVerifyError } from "./shim.js";
export { createDurableObjectLimitStore, createRedisLimitStore, VerifyLimiterDurableObject } from "./stores.js";

/**
 * The server API over `load()`, which returns the initialised wasm module (the glue's
 * namespace) synchronously, in `runtime`.
 */
export function createServerApi(load, runtime) {
  const client = createClientApi({ load });
  return { ...client, createVerifyProxy: createProxyFactory(load, runtime), version: () => load().version() };
}
