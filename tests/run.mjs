// Runs every test suite, one after another (this machine has 2 cores), with each suite's
// output visible under a header, and ends with one summary line.
//
//   node tests/run.mjs            every suite
//   node tests/run.mjs deno node  only suites whose name contains one of the words
//
// A suite passes with exit code 0, is SKIPPED with exit code 77 (it prints why), and
// fails otherwise. Nothing here skips a suite on its own: a file a suite needs that is
// missing (such as tests/schema/verify-8x8-wire.schema.json) fails it.

import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { preparePackedProject, repoRoot } from "./support/package.mjs";
import { startCasesServer } from "./support/cases-server.mjs";
import { startSim } from "./support/sim.mjs";
// --- verify-8x8-sim on npm (begin) ---
import { prepareSimProject } from "./support/sim-package.mjs";
// --- verify-8x8-sim on npm (end) ---

const bin = (name) => path.join(repoRoot, "node_modules", ".bin", name);
const nodeTest = (...files) => ["node", ["--test", "--test-reporter=spec", ...files.map((f) => path.join("tests", f))]];
/** A port nothing listens on now (the OS's choice), for a server started below. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

// The wasm tests read these URLs at compile time (tests/common/mod.rs); free ports each run,
// so two checkouts can test side by side.
const WASM_TEST_SIM_PORT = await freePort();
const WASM_TEST_CASES_PORT = await freePort();
const wasmTestEnv = {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: "wasm-bindgen-test-runner",
  VERIFY_8X8_SIM_URL: `http://127.0.0.1:${WASM_TEST_SIM_PORT}`,
  VERIFY_8X8_CASES_URL: `http://127.0.0.1:${WASM_TEST_CASES_PORT}`,
  WASM_BINDGEN_TEST_TIMEOUT: "60",
};

const simBehaviour = readdirSync(path.join(repoRoot, "tests", "sim"))
  .filter((f) => f.endsWith(".test.mjs") && f !== "conformance.test.mjs")
  .map((f) => `sim/${f}`);

// --- verify-8x8-sim on npm (begin) ---
const simNpxProject = path.join(repoRoot, "target", "sim-package-tests", "project");
// --- verify-8x8-sim on npm (end) ---

/** name, command, args, extra env. */
const suites = [
  ["rust: fmt", "cargo", ["fmt", "--all", "--check"]],
  ["rust: clippy native", "cargo", ["clippy", "--workspace", "--all-targets", "--features", "verify-8x8/proxy", "--", "-D", "warnings"]],
  ["rust: clippy native, default features (plain `cargo clippy --all-targets`)", "cargo", ["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]],
  ["rust: clippy wasm32 (as Rust apps use it, and the server's build)", "cargo", ["clippy", "-p", "verify-8x8", "--target", "wasm32-unknown-unknown", "--features", "proxy", "--lib", "--test", "node", "--test", "browser", "--", "-D", "warnings"]],
  ["rust: clippy wasm32 (the browser's build: proxy mode only)", "cargo", ["clippy", "-p", "verify-8x8", "--target", "wasm32-unknown-unknown", "--no-default-features", "--features", "talc", "--lib", "--", "-D", "warnings"]],
  ["rust: no module loops in either crate; the simulator's layers import only downward", "node", ["tests/module-loops.mjs"]],
  ["layout: no source file over 400 lines", "node", ["tests/file-sizes.mjs"]],
  ["rust: unit tests (native)", "cargo", ["test", "--workspace", "--features", "verify-8x8/proxy"]],
  ["rust: unit tests of the browser build's rules (no direct mode)", "cargo", ["test", "-p", "verify-8x8", "--lib", "--no-default-features"]],
  ["rust: wasm-bindgen tests in Node", "cargo", ["test", "-p", "verify-8x8", "--target", "wasm32-unknown-unknown", "--test", "node"], wasmTestEnv],
  ["rust: wasm-bindgen tests in headless Chromium", "cargo", ["test", "-p", "verify-8x8", "--target", "wasm32-unknown-unknown", "--test", "browser"], { ...wasmTestEnv, CHROMEDRIVER: "/usr/bin/chromedriver" }],
  ["simulator: behaviour over HTTP", ...nodeTest(...simBehaviour)],
  ["simulator: every response against the schema of 8x8's answers", ...nodeTest("sim/conformance.test.mjs")],
  // --- verify-8x8-sim on npm (begin): the same HTTP suites against `npx verify-8x8-sim` ---
  ["rust: clippy wasm32 (the simulator's core, as its npm package is built)", "cargo", ["clippy", "-p", "verify-8x8-sim", "--target", "wasm32-unknown-unknown", "--no-default-features", "--features", "wasm", "--lib", "--", "-D", "warnings"]],
  ["simulator (npm): behaviour over HTTP through npx verify-8x8-sim", ...nodeTest(...simBehaviour), { VERIFY_8X8_SIM_NPX_PROJECT: simNpxProject }],
  ["simulator (npm): every response of npx verify-8x8-sim against the schema of 8x8's answers", ...nodeTest("sim/conformance.test.mjs"), { VERIFY_8X8_SIM_NPX_PROJECT: simNpxProject }],
  ["simulator (npm): the package in Node, Deno, workerd and edge-runtime, msw, the README recipes, npx without Rust", ...nodeTest("sim-npm/")],
  // --- verify-8x8-sim on npm (end) ---
  ["package: publint", bin("publint"), ["run", "--strict", "pkg"]],
  ["package: attw", "node", ["tests/package/attw.mjs"]],
  ["package: TypeScript declarations", "node", ["tests/types/check.mjs"]],
  ["runtime: Node ESM import and CJS require", ...nodeTest("runtime/node.test.mjs")],
  ["runtime: Deno", ...nodeTest("runtime/deno.test.mjs")],
  ["runtime: workerd (miniflare)", ...nodeTest("runtime/workerd.test.mjs")],
  ["runtime: Vercel edge-runtime", ...nodeTest("runtime/edge.test.mjs")],
  ["runtime: Bun", ...nodeTest("runtime/bun.test.mjs")],
  ["runtime: Vite build in headless Chromium", ...nodeTest("runtime/browser.test.mjs")],
  ["client: error matrix and flows through the packed package (Node)", ...nodeTest("client/")],
  ["proxy: behaviour and attack table in Node, Deno and workerd", ...nodeTest("proxy/node.test.mjs", "proxy/deno.test.mjs", "proxy/workerd.test.mjs")],
  ["proxy: origin-bound SMS codes (same origin, allowed origin, call, templateKey, option off, one SMS)", ...nodeTest("proxy/origin-bound.test.mjs")],
  ["proxy: behaviour and attack table in Bun", ...nodeTest("proxy/bun.test.mjs")],
  ["proxy: load (20k requests) and bounded limiter memory", ...nodeTest("proxy/load.test.mjs")],
  // --- exactly one send per call (begin) ---
  ["resend: each start and check reaches 8x8 once when the connection drops (FIN, RST): the client in direct mode and the proxy's upstream calls in Node, Deno, Bun, workerd and edge-runtime", ...nodeTest("resend/runtimes.test.mjs")],
  ["resend: the browser entry in headless Chromium through a proxy whose front drops the connection after it answered: one send per call, the first answer", ...nodeTest("resend/browser.test.mjs")],
  ["idempotency: keys through createVerifyProxy and the client (repeat, in flight, reuse, scope, bounds, preflight, maybeSent)", ...nodeTest("idempotency/proxy.test.mjs")],
  ["idempotency: records in the Redis and Durable Object stores, two proxies sharing Redis", ...nodeTest("idempotency/stores.test.mjs")],
  // --- exactly one send per call (end) ---
  ["readme: the README's examples, as written", ...nodeTest("readme/")],
  ["frameworks: Next.js (next build, next start; edge and Node.js routes, a client component) in headless Chromium", ...nodeTest("frameworks/next.test.mjs")],
  ["frameworks: Hono (Node, Deno, Workers) and Vite (build, dev and preview through its proxy, a proxy on another origin with cookies) in headless Chromium", ...nodeTest("frameworks/hono-vite.test.mjs")],
  ["demo: the page end to end in headless Chromium (make demo's server and simulator)", ...nodeTest("e2e/")],
  ["stores: Redis and Durable Object limit stores, two proxies one limit", ...nodeTest("stores/")],
];

const filters = process.argv.slice(2);
const selected = suites.filter(([name]) => filters.length === 0 || filters.some((f) => name.includes(f)));

function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code, signal) => resolve(signal ? 1 : code));
    child.on("error", () => resolve(127));
  });
}

const started = Date.now();
console.log("== preparing the packed package (npm pack + install into a consumer project)");
const project = preparePackedProject();
process.env.VERIFY_8X8_PROJECT = project;
// --- verify-8x8-sim on npm (begin) ---
console.log("== preparing the packed simulator package (npm pack of sim/npm + install)");
process.env.VERIFY_8X8_SIM_PROJECT = prepareSimProject();
// --- verify-8x8-sim on npm (end) ---

// For the wasm-bindgen suites; a failure to start shows up as their failure.
const wasmSim = await startSim({ args: ["--cors", "--listen", `127.0.0.1:${WASM_TEST_SIM_PORT}`] }).catch((e) => {
  console.log(`(simulator for wasm-bindgen tests not started: ${e.message})`);
  return null;
});
const casesServer = await startCasesServer(WASM_TEST_CASES_PORT);

const results = [];
for (const [name, command, args, env] of selected) {
  console.log(`\n== ${name}\n$ ${[command, ...args].join(" ")}`);
  const t0 = Date.now();
  const code = await run(command, args, env);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const status = code === 0 ? "passed" : code === 77 ? "SKIPPED" : "FAILED";
  results.push({ name, status, seconds });
  console.log(`== ${name}: ${status} (${seconds} s)`);
}
await wasmSim?.stop();
await casesServer.close();

const count = (s) => results.filter((r) => r.status === s);
const failed = count("FAILED");
const skipped = count("SKIPPED");
console.log("\n== results");
for (const r of results) console.log(`${r.status.padEnd(8)} ${r.seconds.padStart(6)} s  ${r.name}`);
const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(
  `\nSUMMARY: ${count("passed").length} passed, ${failed.length} failed, ${skipped.length} skipped of ${results.length} suites in ${minutes} min` +
    (failed.length ? ` — FAILED: ${failed.map((r) => r.name).join("; ")}` : "") +
    (skipped.length ? ` — SKIPPED: ${skipped.map((r) => r.name).join("; ")}` : ""),
);
process.exit(failed.length ? 1 : 0);
