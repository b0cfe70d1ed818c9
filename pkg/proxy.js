// createVerifyProxy: the wasm proxy behind a bound `fetch`, for every server entry.
import { toVerifyError } from "./shim.js";

const INTERNAL_ERROR = JSON.stringify({ code: 2000, message: "the proxy failed to answer" });

/** Builds createVerifyProxy over `load()` (the initialised server wasm), for `runtime`'s defaults. */
export function createProxyFactory(load, runtime) {
  /** The browser proxy: `{ fetch(request, info?) }`, usable detached. */
  return function createVerifyProxy(options) {
    let proxy;
    try {
      proxy = new (load().Proxy)(options, runtime());
    } catch (thrown) {
      throw toVerifyError(thrown);
    }
    const fetch = (request, info) =>
      proxy.handle(request, info).catch(
        () =>
          new Response(INTERNAL_ERROR, {
            status: 500,
            headers: { "content-type": "application/json", "cache-control": "no-store" },
          }),
      );
    return { fetch };
  };
}
