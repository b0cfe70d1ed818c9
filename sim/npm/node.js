// Node.js entry: the wasm is read synchronously by the first createSimulator() call
// (no top-level await, so `require()` works on Node >= 20.19); listen() is node:http.
import { readFileSync } from "node:fs";
import * as wasm from "./dist/sim.js";
import { listenNode } from "./listen-node.js";
import { simulatorFactory } from "./shim.js";

export const createSimulator = simulatorFactory({
  wasm,
  module: () => readFileSync(new URL("./dist/sim_bg.wasm", import.meta.url)),
  listen: listenNode,
  name: "Node",
});
