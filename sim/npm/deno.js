// Deno entry: a source-phase import hands over the compiled module, so no --allow-read
// is needed. listen() is Deno's node:http, not Deno.serve: Deno.serve writes a
// response's head before its body can fail, so it cannot drop a connection before any
// byte, as a `drop` fault must; node:http in Deno can.
import source simModule from "./dist/sim_bg.wasm";
import * as wasm from "./dist/sim.js";
import { listenNode } from "./listen-node.js";
import { simulatorFactory } from "./shim.js";

export const createSimulator = simulatorFactory({ wasm, module: () => simModule, listen: listenNode, name: "Deno" });
