// `make bench`: measures the packed package, prints a table and writes
// bench/results.json (exact keys below); details (per-file sizes, every sample, machine
// load) go to bench/work/details.json. The method of each key is in BENCHMARKS.md.
//
// Environment: VERIFY_8X8_SIM_BIN (default target/release/verify-8x8-sim);
// BENCH_QUICK=1 for a fast, rough run while developing (writes bench/work/results.quick.json,
// leaves bench/results.json and BENCHMARKS.md alone).

import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { otherRuns, preparePackedProject, benchDir, repoRoot, workDir } from "./project.mjs";
import { measureResendGuard } from "./resend.mjs";
import { browserEntrySize, workerBundleSize } from "./size.mjs";
import { median, quantile, round } from "./stats.mjs";
import { workerdColdStart, workerdProxy } from "./workerd.mjs";

const quick = process.env.BENCH_QUICK === "1";
const PLAN = quick
  ? { coldStarts: 15, calls: [12, 10, 3], proxy: [10, 50, 8, 4], resend: [3, 10], workerd: { rounds: 6, flows: 50, concurrency: 8, warmup: 2, coldPairs: 3 } }
  : { coldStarts: 25, calls: [300, 10, 60], proxy: [200, 50, 8, 30], resend: [10, 20], workerd: { rounds: 100, flows: 50, concurrency: 8, warmup: 15, coldPairs: 15 } };

/** CPU ticks: the whole machine's busy and total (/proc/stat), and this process + its waited-for children. */
function cpuTicks() {
  try {
    const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields;
    const own = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ").map(Number);
    // fields 14–17 of /proc/self/stat (utime, stime, cutime, cstime) are 11–14 after the comm
    return { busy: user + nice + system + irq + softirq + steal, total: user + nice + system + idle + iowait + irq + softirq + steal, own: own[11] + own[12] + own[13] + own[14] };
  } catch {
    return null;
  }
}

const started = Date.now();
const load = [os.loadavg()];
const ticks = [cpuTicks()];
process.env.VERIFY_8X8_SIM_BIN ||= path.join(repoRoot, "target", "release", "verify-8x8-sim");
if (!existsSync(process.env.VERIFY_8X8_SIM_BIN)) {
  console.error(`no simulator at ${process.env.VERIFY_8X8_SIM_BIN}: run \`cargo build --release -p verify-8x8-sim\``);
  process.exit(1);
}
const { startSim } = await import("../tests/support/sim.mjs");

function step(what) {
  process.stderr.write(`bench: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

/** Runs `node args…` inside the consumer project; resolves to its RESULT line's JSON. */
function child(args, cwd) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.setEncoding("utf8").on("data", (c) => (out += c));
    p.stderr.setEncoding("utf8").on("data", (c) => (err += c));
    p.on("error", reject);
    p.on("exit", (code) => {
      const line = out.split("\n").findLast((l) => l.startsWith("RESULT "));
      if (code !== 0 || !line) reject(new Error(`node ${args.join(" ")} exited with ${code}\n${err}${out}`.trim()));
      else resolve(JSON.parse(line.slice("RESULT ".length)));
    });
  });
}

const details = { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, quick };
const missing = [];

// 1. The package as users install it.
step("packing pkg/ and installing it into bench/work/run-<pid>/project");
const { project, runDir } = preparePackedProject();
const concurrentRuns = new Set(otherRuns());
if (concurrentRuns.size) process.stderr.write(`bench: WARNING: other benchmark runs are in progress (pids ${[...concurrentRuns]}): numbers will be skewed\n`);
details.package = JSON.parse(execFileSync("npm", ["pkg", "get", "version"], { cwd: path.join(project, "node_modules", "verify-8x8") }).toString());

// 2. Sizes.
step("sizes");
const size = await browserEntrySize(project);
details.size = size;
let worker = null;
try {
  worker = await workerBundleSize(project);
  details.worker = worker;
} catch (error) {
  missing.push(`extra.worker_bundle_gz: ${error.message.split("\n").slice(0, 2).join(" ")}`);
}

// 3. Cold start: fresh Node processes, one discarded first (file cache).
step(`cold start × ${PLAN.coldStarts}`);
await child(["bench/cold-start.mjs"], project);
const coldSamples = [];
for (let i = 0; i < PLAN.coldStarts; i++) coldSamples.push((await child(["bench/cold-start.mjs"], project)).ms);
details.coldStart = { samples: coldSamples, p10: quantile(coldSamples, 0.1), p90: quantile(coldSamples, 0.9) };
// The same in workerd: a fresh isolate's first response, the README's Worker against an empty one.
let workerCold = null;
if (worker) {
  step(`cold start in workerd × ${PLAN.workerd.coldPairs} pairs`);
  try {
    workerCold = await workerdColdStart({ project, workerScript: path.join(project, "worker", "bundle.js"), pairs: PLAN.workerd.coldPairs });
    details.workerdColdStart = workerCold;
  } catch (error) {
    missing.push(`extra.worker_cold_start_ms: ${error.message.split("\n").slice(0, 2).join(" ")}`);
  }
}

// 4–6. Against the simulator.
const sim = await startSim({ args: ["--rate-limit", "0"] });
let calls;
let proxy;
let limiter;
let workerd = null;
try {
  step(`calls: ${PLAN.calls[0]} rounds × ${PLAN.calls[1]} start+check each`);
  calls = await child(["bench/calls.mjs", sim.url, ...PLAN.calls.map(String)], project);
  step(`proxy: ${PLAN.proxy[0]} rounds × ${PLAN.proxy[1]} flows, concurrency ${PLAN.proxy[2]}`);
  proxy = await child(["bench/proxy.mjs", sim.url, ...PLAN.proxy.map(String)], project);
  if (proxy.wasm_rps === null) missing.push("proxy.wasm_rps, proxy.ratio: createVerifyProxy is not exported by the node entry");
  const w = PLAN.workerd;
  step(`proxy in workerd: ${w.rounds} rounds × ${w.flows} flows, concurrency ${w.concurrency}`);
  try {
    workerd = await workerdProxy({ project, simUrl: sim.url, ...w });
    details.workerdProxy = workerd;
  } catch (error) {
    missing.push(`extra.workerd_proxy_ratio: ${error.message.split("\n").slice(0, 2).join(" ")}`);
  }
  step(`no runtime re-sends: a new connection per start and check in Deno and Bun, ${PLAN.resend[0]} rounds × ${PLAN.resend[1]} pairs`);
  details.resend = await measureResendGuard({ repoRoot, workDir, simUrl: sim.url, rounds: PLAN.resend[0], pairs: PLAN.resend[1] });
} finally {
  await sim.stop();
}
step("limiter memory");
limiter = await child(["--expose-gc", "bench/limiter.mjs"], project);
if (limiter.missing) missing.push(`extra.limiter_bytes_per_10k_keys: ${limiter.missing}`);
else if (!limiter.limiter_active) missing.push(`extra.limiter_bytes_per_10k_keys: the limiter did not refuse the 4th send (${limiter.same_key_statuses})`);
details.calls = calls;
details.proxy = proxy;
details.limiter = limiter;
load.push(os.loadavg());
ticks.push(cpuTicks());
for (const pid of otherRuns()) concurrentRuns.add(pid);
details.concurrentRuns = [...concurrentRuns];
details.loadavg = { start: load[0], end: load[1] };
if (ticks[0] && ticks[1]) {
  // Share of the machine's CPU time used by processes other than this benchmark (and its children).
  const total = ticks[1].total - ticks[0].total;
  const others = ticks[1].busy - ticks[0].busy - (ticks[1].own - ticks[0].own);
  details.otherCpuShare = Math.max(0, others / total);
}
details.seconds = (Date.now() - started) / 1000;

const results = {
  size: { wasm_gz: size.wasm_gz, js_gz: size.js_gz, total_gz: size.total_gz },
  cold_start_ms: { node: round(median(coldSamples), 2) },
  calls: {
    n: calls.n,
    wasm_us_per_call: round(calls.wasm_us_per_call, 1),
    js_baseline_us_per_call: round(calls.js_baseline_us_per_call, 1),
    ratio: round(calls.ratio, 3),
  },
  proxy: {
    requests: proxy.requests,
    wasm_rps: proxy.wasm_rps === null ? null : round(proxy.wasm_rps),
    js_baseline_rps: round(proxy.js_baseline_rps),
    ratio: proxy.ratio === null ? null : round(proxy.ratio, 3),
  },
  extra: {
    worker_bundle_gz: worker ? worker.worker_bundle_gz : null,
    limiter_bytes_per_10k_keys: limiter.missing || !limiter.limiter_active ? null : limiter.limiter_bytes_per_10k_keys,
    workerd_proxy_ratio: workerd ? round(workerd.ratio, 3) : null,
    worker_cold_start_ms: workerCold ? round(workerCold.worker_cold_start_ms, 2) : null,
  },
};
// A quick run is rough: it never replaces the committed results.
const resultsFile = quick ? path.join(workDir, "results.quick.json") : path.join(benchDir, "results.json");
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(workDir, "details.json"), `${JSON.stringify(details, null, 2)}\n`);

// The table.
const num = (v, digits = 0) => (v === null || v === undefined ? "—" : v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const verdict = (ok) => (ok === null ? "not measured" : ok ? "met" : "NOT MET");
const rows = [
  ["size.wasm_gz", `${num(results.size.wasm_gz)} B`],
  ["size.js_gz", `${num(results.size.js_gz)} B`],
  ["size.total_gz", `${num(results.size.total_gz)} B`, "≤ 62,000", verdict(results.size.total_gz <= 62000)],
  ["cold_start_ms.node", `${num(results.cold_start_ms.node, 2)} ms`, "≤ 12", verdict(results.cold_start_ms.node <= 12)],
  ["calls.n", num(results.calls.n)],
  ["calls.wasm_us_per_call", `${num(results.calls.wasm_us_per_call, 1)} µs`],
  ["calls.js_baseline_us_per_call", `${num(results.calls.js_baseline_us_per_call, 1)} µs`],
  ["calls.ratio", num(results.calls.ratio, 3), "≤ 1.20", verdict(results.calls.ratio <= 1.2)],
  ["proxy.requests", num(results.proxy.requests)],
  ["proxy.wasm_rps", `${num(results.proxy.wasm_rps)} req/s`],
  ["proxy.js_baseline_rps", `${num(results.proxy.js_baseline_rps)} req/s`],
  ["proxy.ratio", num(results.proxy.ratio, 3), "≥ 0.72", verdict(results.proxy.ratio === null ? null : results.proxy.ratio >= 0.72)],
  ["extra.worker_bundle_gz", `${num(results.extra.worker_bundle_gz)} B`, "≤ 150,000", verdict(results.extra.worker_bundle_gz <= 150000)],
  ["extra.limiter_bytes_per_10k_keys", `${num(results.extra.limiter_bytes_per_10k_keys)} B`],
  ["extra.workerd_proxy_ratio", num(results.extra.workerd_proxy_ratio, 3), "reported"],
  ["extra.worker_cold_start_ms", `${num(results.extra.worker_cold_start_ms, 2)} ms`],
];
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
const noise = `load average ${load[0][0].toFixed(2)} → ${load[1][0].toFixed(2)}${details.otherCpuShare === undefined ? "" : `, other processes used ${(details.otherCpuShare * 100).toFixed(0)}% of the CPU time during the run`}${concurrentRuns.size ? `, ANOTHER BENCHMARK RUN WAS IN PROGRESS (pids ${[...concurrentRuns].join(", ")})` : ""}`;
console.log(`\nverify-8x8 ${details.package} benchmarks — Node ${details.node}, ${details.cpus} CPUs (${details.cpuModel}); ${noise}${quick ? "; QUICK run" : ""}\n`);
console.log(`${"key".padEnd(widths[0])}  ${"value".padStart(widths[1])}  ${"target".padEnd(widths[2])}`);
for (const [key, value, target = "", ok = ""] of rows) {
  console.log(`${key.padEnd(widths[0])}  ${value.padStart(widths[1])}  ${target.padEnd(widths[2])}  ${ok}`);
}
console.log("\ndetails:");
for (const f of size.files) console.log(`  browser entry loads ${f.file}: ${num(f.bytes)} B, gzip -9 ${num(f.gz)} B`);
if (worker) console.log(`  worker bundle: JS ${num(worker.js_gz)} B gz (minified ${num(worker.js_min_gz)} B) + ${worker.wasmFiles.join(", ")} ${num(worker.wasm_gz)} B gz`);
console.log(`  cold start: median of ${coldSamples.length} processes, p10 ${num(details.coldStart.p10, 2)} ms, p90 ${num(details.coldStart.p90, 2)} ms`);
console.log(`  calls: median of per-round (wasm / js) ratios ${num(calls.paired_ratio_median, 3)}; fetch stubbed in-process: ${num(calls.stubbed_fetch_us_per_call.wasm, 1)} µs vs ${num(calls.stubbed_fetch_us_per_call.js, 1)} µs per call`);
console.log(`  calls: the baseline sending fetch(new Request(url, init)), gloo-net's only form: ${num(calls.request_form_us_per_call, 1)} µs per call, ${num(calls.request_form_ratio, 3)} × the baseline`);
if (proxy.paired_ratio_median !== null) console.log(`  proxy: median of per-round (wasm / js) ratios ${num(proxy.paired_ratio_median, 3)}, concurrency ${proxy.concurrency}`);
console.log(`  proxy: the baseline sending upstream with fetch(new Request(url, init)), gloo-net's only form: ${num(proxy.request_form_rps, 0)} req/s, ${num(proxy.request_form_ratio, 3)} × the baseline`);
if (!limiter.missing) {
  console.log(`  limiter: wasm memory ${num(limiter.wasm_memory_baseline)} B after warm-up; +${num(limiter.wasm_growth_first_10k)} B for 10k keys, +${num(limiter.wasm_growth_second_10k)} B for 10k more; JS heap +${num(limiter.js_heap_growth_first_10k)} B / +${num(limiter.js_heap_growth_second_10k)} B`);
}
const resendLine = (r) => `${r.runtime} ${r.version}: ${num(r.pooled_us_per_pair, 0)} µs per start + check pair on pooled connections, ${num(r.fresh_us_per_pair, 0)} µs as the package sends them (+${num(r.extra_us_per_pair, 0)} µs, ${num(r.ratio, 2)} ×)`;
const resendLines = Object.values(details.resend ?? {}).filter(Boolean).map(resendLine);
const workerdLines = [
  ...(workerd ? [`proxy in workerd (miniflare, compatibility date ${workerd.compatibilityDate}; the load generated inside the Worker): ${num(workerd.wasm_rps, 0)} req/s against the plain-JS proxy's ${num(workerd.js_baseline_rps, 0)} req/s there; median of the per-round ratios ${num(workerd.paired_ratio_median, 3)}`] : []),
  ...(workerCold ? [`cold start in workerd: a fresh isolate's first response, the README's Worker ${num(workerCold.package_ms, 1)} ms against an empty Worker's ${num(workerCold.empty_ms, 1)} ms (medians, miniflare's start included in both); the package adds ${num(workerCold.worker_cold_start_ms, 1)} ms (median of ${workerCold.samples.without.length} pairs, p10 ${num(workerCold.p10, 1)}, p90 ${num(workerCold.p90, 1)})`] : []),
];
for (const line of workerdLines) console.log(`  ${line}`);
const keyedLine = proxy.keyed_rps ? `with an Idempotency-Key on every request (as the package's client sends them): ${num(proxy.keyed_rps, 0)} req/s, ${num(proxy.keyed_ratio, 3)} × the baseline (the baseline keeps no records)` : null;
if (keyedLine) console.log(`  proxy: ${keyedLine}`);
for (const line of resendLines) console.log(`  no re-sends: ${line}`);
console.log(`\nwrote ${path.relative(repoRoot, resultsFile)} (details in bench/work/details.json) in ${details.seconds.toFixed(0)} s`);

// BENCHMARKS.md keeps the latest full run between its markers.
const benchmarksMd = path.join(repoRoot, "BENCHMARKS.md");
const START = "<!-- bench:latest:start -->";
const END = "<!-- bench:latest:end -->";
if (!quick && existsSync(benchmarksMd)) {
  const text = readFileSync(benchmarksMd, "utf8");
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from >= 0 && to > from) {
    let source = "";
    try {
      const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot }).toString().trim();
      const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "pkg", "Cargo.toml", "Cargo.lock"], { cwd: repoRoot }).toString().trim();
      source = `, built from commit ${commit}${dirty ? " plus uncommitted changes in src/ or pkg/" : ""}`;
    } catch {
      // not a git checkout
    }
    const when = new Date().toISOString().slice(0, 16).replace("T", " ");
    const lines = [
      START,
      `Latest full run: ${when} UTC, verify-8x8 ${details.package}${source}; Node ${details.node}, ${details.cpus} CPUs (${details.cpuModel});`,
      `${noise}. The measuring part of \`make bench\` (bench/run.mjs) took ${details.seconds.toFixed(0)} s.`,
      "",
      "| key | value | target | |",
      "|---|---:|---|---|",
      ...rows.map(([key, value, target = "", ok = ""]) => `| \`${key}\` | ${value} | ${target} | ${ok} |`),
      "",
      ...size.files.map((f) => `- browser entry loads \`${f.file}\`: ${num(f.bytes)} B, gzip -9 ${num(f.gz)} B`),
      ...(worker ? [`- Worker bundle: JS ${num(worker.js_gz)} B gz (minified it would be ${num(worker.js_min_gz)} B) + \`${worker.wasmFiles.join("`, `")}\` ${num(worker.wasm_gz)} B gz`] : []),
      `- cold start: median of ${coldSamples.length} processes; p10 ${num(details.coldStart.p10, 2)} ms, p90 ${num(details.coldStart.p90, 2)} ms`,
      `- calls: median of the per-round wasm / js ratios ${num(calls.paired_ratio_median, 3)}; with \`fetch\` stubbed in-process (client work only): ${num(calls.stubbed_fetch_us_per_call.wasm, 1)} µs vs ${num(calls.stubbed_fetch_us_per_call.js, 1)} µs per call`,
      `- calls: the baseline sending \`fetch(new Request(url, init))\` (gloo-net's only form): ${num(calls.request_form_us_per_call, 1)} µs per call, ${num(calls.request_form_ratio, 3)} × the baseline — the part of \`calls.ratio\` the stack sets in Node`,
      ...(proxy.paired_ratio_median === null ? [] : [`- proxy: median of the per-round wasm / js ratios ${num(proxy.paired_ratio_median, 3)} (concurrency ${proxy.concurrency})`]),
      `- proxy: the baseline sending upstream with \`fetch(new Request(url, init))\` (gloo-net's only form): ${num(proxy.request_form_rps, 0)} req/s, ${num(proxy.request_form_ratio, 3)} × the baseline — the part of \`proxy.ratio\` the stack sets in Node`,
      ...(keyedLine ? [`- proxy: ${keyedLine}`] : []),
      ...workerdLines.map((line) => `- ${line}`),
      ...resendLines.map((line) => `- no runtime re-sends (loopback, against the simulator): ${line}`),
      ...(limiter.missing ? [] : [`- limiter: wasm memory ${num(limiter.wasm_memory_baseline)} B after warm-up; +${num(limiter.wasm_growth_first_10k)} B for 10k keys, +${num(limiter.wasm_growth_second_10k)} B for 10k more; JS heap +${num(limiter.js_heap_growth_first_10k)} B / +${num(limiter.js_heap_growth_second_10k)} B`]),
      END,
    ];
    writeFileSync(benchmarksMd, text.slice(0, from) + lines.join("\n") + text.slice(to + END.length));
    console.log("updated the latest-run section of BENCHMARKS.md");
  }
}
rmSync(runDir, { recursive: true, force: true });
if (missing.length) {
  console.error(`\nnot measured:\n${missing.map((m) => `  - ${m}`).join("\n")}`);
  process.exitCode = 1;
}
