// Browser entry (also the `default` condition): the client-only wasm, fetched lazily on
// first use, so importing the package costs nothing until a verification starts.
// There is no proxy here and there must be no API key: browsers use proxy mode.
import init, * as wasm from "./dist/client.js";
import { createClientApi } from "./shim.js";
import { checkClientOptions, resolveBaseUrl } from "./browser-options.js";

let loading;
function load() {
  loading ??= init({ module_or_path: new URL("./dist/client_bg.wasm", import.meta.url) }).then(
    () => wasm,
    (error) => {
      loading = undefined; // a later call may try again
      throw error;
    },
  );
  return loading;
}

export { VerifyError, isVerifyError } from "./shim.js";
export const { startVerification, checkCode, getVerification, checkSmaCoverage, VerifyClient } = createClientApi({
  load,
  prepareOptions: resolveBaseUrl,
  validateOptions: checkClientOptions,
});

/** The package version (loads the module on first use). */
export async function version() {
  return (await load()).version();
}
