// What every server entry (node, deno, workerd, edge-light) exports, given the initialised
// server wasm. Each entry only differs in how it obtains the compiled module.

import { createProxyFactory } from "./proxy.js";
import { createClientApi } from "./shim.js";

export { VerifyError, isVerifyError } from "./shim.js";
export { createDurableObjectLimitStore, createRedisLimitStore, VerifyLimiterDurableObject } from "./stores.js";

/** The server API over an initialised wasm module (the glue's namespace), in `runtime`. */
export function createServerApi(wasm, runtime) {
  const client = createClientApi({ load: () => wasm });
  return { ...client, createVerifyProxy: createProxyFactory(wasm, runtime), version: () => wasm.version() };
}
