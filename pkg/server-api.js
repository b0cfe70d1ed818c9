// What every server entry (node, deno, workerd, edge-light) exports, given the
// initialised server wasm. Each entry only differs in how it obtains the compiled module.

import { createClientApi } from "./shim.js";

export { VerifyError, isVerifyError } from "./shim.js";

/** The server API over an initialised wasm module (the glue's namespace). */
export function createServerApi(wasm) {
  const client = createClientApi({
    load: () => wasm,
    validateOptions: (options) => wasm.validateClientOptions(options),
  });
  return { ...client, version: () => wasm.version() };
}
