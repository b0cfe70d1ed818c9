// The server API over the initialised server wasm: the node and deno entries export what
// createServerApi builds (each differing only in how and when it obtains the module); the
// workerd and edge-light entries take their per-name exports from server-exports.js, and the
// errors and limit stores from here.

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
