// Paired A/B of the client's per-call cost: two builds of the package, side by side in one
// Node process, so that a difference of well under 1 % shows (`bench/calls.mjs` compares
// the package with a plain-JS client; this compares the package with itself).
//
//   node bench/ab-calls.mjs pack NAME          packs pkg/ as it is now into bench/work/ab/NAME
//   node bench/ab-calls.mjs run OLD NEW [rounds] [batch] [sim|stub]
//
// `run` measures twice, in two processes, once with OLD imported first and once with NEW
// first (which module loads first moved A/A runs by up to 0.5 % on a busy machine), and
// prints each new/old ratio and their geometric mean. Within a process the two clients
// alternate call by call (start, start, …, check, check, …, the order flipping every call),
// each call timed on its own; the cost of a client is the median start plus the median check,
// so a call slowed by another process on the machine moves a median little. An A/A run (one
// build packed twice, 200 rounds of 20 against the simulator, load average 2.5–4 on 2 cores)
// measured 0.999 and 0.995 by order, 0.997 together: differences under 0.5 % are noise, where
// the per-round ratios of bench/calls.mjs spread ±25 % on the same machine. `sim` runs against the
// release simulator ($VERIFY_8X8_SIM_BIN, default target/release/verify-8x8-sim, reset before
// every round); `stub` answers `fetch` in-process (the client's own work only).

import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { consumerProject, pack } from "../tests/support/consumer.mjs";
import { stubSessionFetch } from "./stub-fetch.mjs";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, "..");
const abDir = path.join(benchDir, "work", "ab");
const entry = (name) => path.join(abDir, name, "project", "load.mjs");
const [command, ...args] = process.argv.slice(2);

function median(values) {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** pkg/ as built now, installed into its own consumer project, imported through load.mjs. */
function packAs(name) {
  const dir = path.join(abDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tarball = pack(path.join(repoRoot, "pkg"), dir);
  const project = consumerProject(dir, { name: `verify-8x8-ab-${name}`, dependencies: { "verify-8x8": `file:../${tarball}` } });
  writeFileSync(path.join(project, "load.mjs"), 'export * from "verify-8x8";\n');
  console.log(`packed pkg/ as ${name}: ${path.relative(repoRoot, project)}`);
}

/** One process: the two builds in the order given; prints { old_us, new_us, ratio, … }. */
async function measure(oldName, newName, rounds, batch, mode) {
  const builds = [await import(entry(oldName)), await import(entry(newName))];
  let simUrl = "http://127.0.0.1:9";
  let sim;
  if (mode === "sim") {
    process.env.VERIFY_8X8_SIM_BIN ||= path.join(repoRoot, "target", "release", "verify-8x8-sim");
    const { startSim } = await import("../tests/support/sim.mjs");
    sim = await startSim({ args: ["--rate-limit", "0"] });
    simUrl = sim.url;
  } else if (mode === "stub") globalThis.fetch = stubSessionFetch();
  else throw new Error(`mode must be sim or stub, not ${mode}`);
  const simFetch = async (p, init) => (await fetch(`${simUrl}${p}`, init)).json();
  const options = { apiKey: "test-key", subAccountId: "test_hq", baseUrl: simUrl };
  const clients = builds.map((build) => new build.VerifyClient(options));
  const times = clients.map(() => ({ start: [], check: [] }));
  let n = 0;
  const destination = () => {
    const digits = String(++n).padStart(7, "0");
    return `+65 8${digits.slice(0, 3)} ${digits.slice(3)}`;
  };
  const warmup = 20;
  for (let round = 0; round < rounds + warmup; round++) {
    const kept = round >= warmup;
    if (sim) await simFetch("/_sim/reset", { method: "POST" });
    const sessions = [[], []];
    for (let i = 0; i < batch; i++) {
      for (const k of (i + round) % 2 ? [1, 0] : [0, 1]) {
        const t0 = performance.now();
        const v = await clients[k].startVerification({ destination: destination(), brand: "Acme", codeLength: 6, channel: "sms" });
        if (kept) times[k].start.push(performance.now() - t0);
        sessions[k].push(v.sessionId);
      }
    }
    const codes = sim ? new Map((await simFetch("/_sim/messages")).map((m) => [m.sessionId, m.code])) : null;
    for (let i = 0; i < batch; i++) {
      for (const k of (i + round) % 2 ? [0, 1] : [1, 0]) {
        const id = sessions[k][i];
        const t0 = performance.now();
        const c = await clients[k].checkCode(id, codes ? codes.get(id) : "123456");
        if (kept) times[k].check.push(performance.now() - t0);
        if (c.outcome !== "VERIFIED") throw new Error(`unexpected check result ${JSON.stringify(c)}`);
      }
    }
  }
  await sim?.stop();
  const cost = (t, from, to) => ((median(t.start.slice(from, to)) + median(t.check.slice(from, to))) / 2) * 1000;
  const per = Math.floor(times[0].start.length / 8);
  const blocks = [...Array(8).keys()].map((b) => cost(times[1], b * per, (b + 1) * per) / cost(times[0], b * per, (b + 1) * per));
  const round4 = (x) => Math.round(x * 1e4) / 1e4;
  const result = {
    old_us: round4(cost(times[0])),
    new_us: round4(cost(times[1])),
    ratio: round4(cost(times[1]) / cost(times[0])),
    blocks_min_median_max: [Math.min(...blocks), median(blocks), Math.max(...blocks)].map(round4),
  };
  console.log(JSON.stringify(result));
}

if (command === "pack" && args.length === 1) packAs(args[0]);
else if (command === "measure") await measure(args[0], args[1], Number(args[2]), Number(args[3]), args[4]);
else if (command === "run" && args.length >= 2) {
  const [oldName, newName, rounds = "300", batch = "20", mode = "sim"] = args;
  const once = (a, b) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), "measure", a, b, rounds, batch, mode], { encoding: "utf8" }).trim().split("\n").pop());
  const oldFirst = once(oldName, newName);
  const newFirst = once(newName, oldName);
  // The second process measured old/new: its ratio and blocks, inverted, are new/old.
  const inverted = (x) => Math.round(1e4 / x) / 1e4;
  const newFirstAsNewOverOld = {
    old_us: newFirst.new_us,
    new_us: newFirst.old_us,
    ratio: inverted(newFirst.ratio),
    blocks_min_median_max: newFirst.blocks_min_median_max.map(inverted).reverse(),
  };
  const ratio = Math.sqrt(oldFirst.ratio / newFirst.ratio);
  const result = { mode, rounds: Number(rounds), batch: Number(batch), old_first: oldFirst, new_first: newFirstAsNewOverOld, new_over_old: Math.round(ratio * 1e4) / 1e4 };
  console.log(JSON.stringify(result, null, 1));
} else {
  console.error("usage: node bench/ab-calls.mjs pack NAME | run OLD NEW [rounds] [batch] [sim|stub]");
  process.exit(2);
}
