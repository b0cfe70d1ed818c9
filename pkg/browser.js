// Browser entry (also the `default` condition): a proxy-mode client. It never holds an API
// key: it talks to a createVerifyProxy endpoint on the app's server. Its client-only wasm
// is fetched lazily on first use, so importing the package costs nothing until then.
import init, * as glue from "./dist/client.js";
import { prepareBrowserOptions } from "./browser-options.js";
import { createClientApi } from "./shim.js";

// What the shim calls, by name (not the glue's namespace, so a bundler drops the rest).
const wasm = {
  Client: glue.Client,
  checkCode: glue.checkCode,
  checkSmaCoverage: glue.checkSmaCoverage,
  getVerification: glue.getVerification,
  startVerification: glue.startVerification,
  version: glue.version,
};

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
export { receiveCode } from "./receive-code.js";
export const { startVerification, checkCode, getVerification, checkSmaCoverage, VerifyClient } = createClientApi({
  load,
  prepare: prepareBrowserOptions,
});

/** The package version (loads the module on first use). */
export async function version() {
  return (await load()).version();
}
