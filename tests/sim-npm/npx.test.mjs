// The "done when": the verify-8x8-sim tarball installs into an empty project with
// no Rust toolchain on PATH, and `npx verify-8x8-sim --listen 127.0.0.1:0` answers 8x8's
// tutorial flow, driven by curl as the simulator's README shows it.
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "../support/package.mjs";
import { simTarball } from "../support/sim-package.mjs";

const project = path.join(repoRoot, "target", "sim-npx-empty-project");
// PATH without anything Rust: no ~/.cargo/bin, no rustup.
const PATH = process.env.PATH.split(path.delimiter)
  .filter((p) => !/\.cargo|rustup/.test(p))
  .join(path.delimiter);
const env = { ...process.env, PATH, npm_config_update_notifier: "false" };
let sim;

before(() => {
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "empty", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", "--silent", "--save-dev", simTarball()], { cwd: project, env, stdio: "inherit" });
});
// npx runs the simulator under npm (and a shell): stop the whole process group, as a
// terminal's Ctrl-C would, and wait for it.
after(async () => {
  if (!sim || sim.exitCode !== null) return;
  const exited = new Promise((resolve) => sim.once("exit", resolve));
  process.kill(-sim.pid, "SIGTERM");
  await exited;
});

function curl(...args) {
  const r = spawnSync("curl", ["-s", "--max-time", "10", ...args], { encoding: "utf8", env });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test("no Rust toolchain on this PATH", () => {
  for (const tool of ["cargo", "rustc", "rustup"]) {
    assert.equal(spawnSync(tool, ["--version"], { env }).error?.code, "ENOENT", `${tool} is on PATH`);
  }
});

test("npx verify-8x8-sim --listen 127.0.0.1:0 answers the tutorial's curl flow", async () => {
  sim = spawn("npx", ["verify-8x8-sim", "--listen", "127.0.0.1:0"], { cwd: project, env, stdio: ["ignore", "pipe", "inherit"], detached: true });
  const first = await new Promise((resolve, reject) => {
    let out = "";
    sim.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.split("\n")[0]);
    });
    sim.on("exit", (code) => reject(new Error(`exited ${code}`)));
  });
  const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first);
  assert.ok(m, first);
  const SIM = m[1];
  const auth = ["-H", "Authorization: Bearer test-key"];
  const started = curl("-X", "POST", `${SIM}/api/v2/subaccounts/test_hq/sessions`, ...auth, "-H", "Content-Type: application/json", "-d", '{"destination": "+6598765432", "brand": "Acme"}');
  assert.equal(started.status, "WAITING");
  const [message] = curl(`${SIM}/_sim/messages?destination=%2B6598765432`);
  assert.equal(message.sessionId, started.sessionId);
  assert.equal(message.text, `Acme: Your verification code is ${message.code}`);
  const checked = curl(`${SIM}/api/v2/subaccounts/test_hq/sessions/${message.sessionId}?code=${message.code}`, ...auth);
  assert.equal(checked.status, "VERIFIED");
  assert.equal(checked.attempt, 0);
});
