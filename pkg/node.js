// Node.js entry: reads the wasm synchronously (no top-level await, so `require()` works
// on Node >= 20.19) and is ready when the import resolves.
import { readFileSync } from "node:fs";
import * as wasm from "./dist/server.js";
import { createServerApi } from "./server-api.js";

wasm.initSync({ module: readFileSync(new URL("./dist/server_bg.wasm", import.meta.url)) });

export {
  VerifyError,
  isVerifyError,
  createRedisLimitStore,
  createDurableObjectLimitStore,
  VerifyLimiterDurableObject,
} from "./server-api.js";
export const { startVerification, checkCode, getVerification, checkSmaCoverage, VerifyClient, createVerifyProxy, version } =
  createServerApi(wasm, () => "node");
