// Deno entry: a source-phase import hands over the compiled module, so no --allow-read
// is needed; ready when the import resolves.
import source serverModule from "./dist/server_bg.wasm";
import * as wasm from "./dist/server.js";
import { createServerApi } from "./server-api.js";

wasm.initSync({ module: serverModule });

export {
  VerifyError,
  isVerifyError,
  createRedisLimitStore,
  createDurableObjectLimitStore,
  VerifyLimiterDurableObject,
} from "./server-api.js";
export const { startVerification, checkCode, getVerification, checkSmaCoverage, VerifyClient, createVerifyProxy, version } =
  createServerApi(() => wasm, () => "deno");
