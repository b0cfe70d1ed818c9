// Cloudflare Workers (workerd) entry: workerd refuses to compile wasm from bytes, so the
// bundler imports the .wasm as a compiled WebAssembly.Module (CompiledWasm). There is no
// listen() here: a Worker's tests route 8x8's host to sim.fetch.
import simModule from "./dist/sim_bg.wasm";
import * as wasm from "./dist/sim.js";
import { simulatorFactory } from "./shim.js";

export const createSimulator = simulatorFactory({ wasm, module: () => simModule, listen: null, name: "workerd" });
