// Deno entry: a source-phase import hands over the compiled module, so no --allow-read
// is needed; listen() is Deno.serve.
import source simModule from "./dist/sim_bg.wasm";
import * as wasm from "./dist/sim.js";
import { listenDeno } from "./listen-deno.js";
import { simulatorFactory } from "./shim.js";

export const createSimulator = simulatorFactory({ wasm, module: () => simModule, listen: listenDeno, name: "Deno" });
