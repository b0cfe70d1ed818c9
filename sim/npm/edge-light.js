// Vercel Edge (edge-light) entry: the .wasm is imported with `?module` as a compiled
// WebAssembly.Module. No listen() here: route 8x8's host to sim.fetch.
import simModule from "./dist/sim_bg.wasm?module";
import * as wasm from "./dist/sim.js";
import { simulatorFactory } from "./shim.js";

export const createSimulator = simulatorFactory({ wasm, module: () => simModule, listen: null, name: "edge-light" });
