#!/usr/bin/env node
// `npx verify-8x8-sim`: the native binary's command line over the wasm simulator.
// Same flags, same usage and messages (one parser, in the core), the same first stdout
// line (`listening on http://127.0.0.1:PORT`), one log line per request on stderr,
// and a graceful stop on SIGINT/SIGTERM.
import { readFileSync } from "node:fs";
import * as wasm from "../dist/sim.js";
import { createSimulator } from "../node.js";
import { SERVE } from "../shim.js";

const GRACE_MS = 5000;

// The flags are parsed by the core (the native binary's parser); createSimulator's own
// initialisation finds the module already instantiated.
wasm.initSync({ module: readFileSync(new URL("../dist/sim_bg.wasm", import.meta.url)) });
let config;
try {
  config = wasm.parseArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`verify-8x8-sim: ${e.message}\n\n${wasm.usage()}`);
  process.exit(2);
}
if (config === undefined) {
  process.stdout.write(wasm.usage());
  process.exit(0);
}
const { host, port, options } = config;

const server = await createSimulator(options)[SERVE]({ host, port }, (line) =>
  process.stderr.write(`${line}\n`),
).catch((e) => {
  process.stderr.write(`verify-8x8-sim: ${e.message}\n`);
  process.exit(1);
});
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(0), GRACE_MS).unref();
  server.close().then(() => {
    process.stderr.write("shut down\n");
    process.exit(0);
  });
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
// Only now: whoever waits for this line may signal at once, and until a listener is
// registered a signal still has its default effect (the process ends without its last line).
process.stdout.write(`listening on ${server.url}\n`);
