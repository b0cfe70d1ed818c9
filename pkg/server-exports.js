// What the workerd and edge-light entries export besides `createVerifyProxy` (each entry
// names its own runtime): the operations, `VerifyClient` and `version` over the server glue
// (dist/server.js), and the errors and limit stores. The entry that imports this module
// initialises the glue (`wasm.initSync`) in its own body, which runs after this module's;
// that is safe because nothing here touches the wasm until it is called (`load` is lazy).
// A bundler keeps that body only because package.json lists the entries under
// `sideEffects`: a Worker importing just `VerifyClient` reaches it through the entry's
// `export *`, and with `"sideEffects": false` the entry (its wasm import and `initSync`)
// would be dropped (tests/runtime/{workerd,edge}.test.mjs bundle such a Worker and run it).
//
// Each export is its own `/* @__PURE__ */` binding, not one destructured object, so a
// Worker's bundler (wrangler's esbuild) drops what the Worker does not import: a proxy-only
// Worker carries no direct-mode client wrappers (−0.6 KB gz of the Worker bundle).
import * as wasm from "./dist/server.js";
import { createClientApi } from "./shim.js";

export {
  VerifyError,
  isVerifyError,
  createRedisLimitStore,
  createDurableObjectLimitStore,
  VerifyLimiterDurableObject,
} from "./server-api.js";

const client = /* @__PURE__ */ createClientApi({ load: () => wasm });
/** `client[name]`, as a call a bundler may drop when the binding is unused. */
const pick = (api, name) => api[name];
export const startVerification = /* @__PURE__ */ pick(client, "startVerification");
export const checkCode = /* @__PURE__ */ pick(client, "checkCode");
export const getVerification = /* @__PURE__ */ pick(client, "getVerification");
export const checkSmaCoverage = /* @__PURE__ */ pick(client, "checkSmaCoverage");
export const VerifyClient = /* @__PURE__ */ pick(client, "VerifyClient");
export const version = () => wasm.version();
