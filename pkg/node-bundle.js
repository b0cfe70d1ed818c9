// Build input of dist/node-bundle.js (not shipped as is): what the Node entry imports, in one
// module — the server glue (dist/server.js) and the JavaScript layer (server-api.js, shim.js,
// proxy.js, stores.js). Node loads ESM module by module (resolve, read, parse, link each),
// so one module instead of six makes `import("verify-8x8")` faster (cold start); node.js
// itself stays a separate file, as it locates the wasm next to it.
export * as wasm from "./dist/server.js";
export {
  createServerApi,
  VerifyError,
  isVerifyError,
  createRedisLimitStore,
  createDurableObjectLimitStore,
  VerifyLimiterDurableObject,
} from "./server-api.js";
