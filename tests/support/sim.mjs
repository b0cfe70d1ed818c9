// Shared test helper: start the 8x8 Verify simulator (`verify-8x8-sim`) on a
// free port and talk to its control endpoints. ES module, Node 20, no deps.
//
//   import { startSim, simMessages, advanceClock, injectFault, resetSim } from '../support/sim.mjs';
//   const sim = await startSim({ args: ['--cors'] });
//   ... fetch(`${sim.url}/api/v2/subaccounts/test_hq/sessions`, ...) ...
//   await sim.stop();
//
// The binary is $VERIFY_8X8_SIM_BIN, or <repo>/target/debug/verify-8x8-sim
// (`cargo build -p verify-8x8-sim`).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Path of the simulator binary these helpers start. */
export function simBinary() {
  return process.env.VERIFY_8X8_SIM_BIN || path.join(repoRoot, 'target', 'debug', 'verify-8x8-sim');
}

// --- verify-8x8-sim on npm (begin) ---
/**
 * How the simulator is started with `args`: the native binary, or, when
 * $VERIFY_8X8_SIM_NPX_PROJECT names a project with the npm package installed,
 * `npx verify-8x8-sim` there (npm runs it through bash, which execs it, so signals
 * sent to npx reach the simulator as they do from a terminal).
 * @returns {{ command: string, args: string[], cwd?: string, env: Record<string, string>, missing?: string }}
 */
export function simCommand(args = []) {
  const project = process.env.VERIFY_8X8_SIM_NPX_PROJECT;
  if (project) {
    const env = { npm_config_script_shell: 'bash', npm_config_update_notifier: 'false', NO_UPDATE_NOTIFIER: '1' };
    const bin = path.join(project, 'node_modules', '.bin', 'verify-8x8-sim');
    return { command: 'npx', args: ['verify-8x8-sim', ...args], cwd: project, env, missing: existsSync(bin) ? undefined : bin };
  }
  const bin = simBinary();
  return { command: bin, args, env: {}, missing: existsSync(bin) ? undefined : bin };
}
// --- verify-8x8-sim on npm (end) ---

const live = new Set();
let exitHookInstalled = false;
function killLiveOnExit() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/**
 * Starts the simulator with `--listen 127.0.0.1:0` plus `args`.
 * Resolves once it printed `listening on http://127.0.0.1:PORT`.
 *
 * @param {{ args?: string[], env?: Record<string, string>, timeoutMs?: number }} [options]
 * @returns {Promise<{ url: string, port: number, process: import('node:child_process').ChildProcess,
 *   logs: () => string[], stop: () => Promise<{ code: number | null, signal: string | null }> }>}
 */
export function startSim({ args = [], env, timeoutMs = 10_000 } = {}) {
  const sim = simCommand(['--listen', '127.0.0.1:0', ...args]);
  if (sim.missing) {
    return Promise.reject(
      new Error(`simulator not found at ${sim.missing}: run \`cargo build -p verify-8x8-sim\` or set VERIFY_8X8_SIM_BIN`),
    );
  }
  const child = spawn(sim.command, sim.args, {
    cwd: sim.cwd,
    env: { ...process.env, ...sim.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  killLiveOnExit();

  const logs = [];
  let errTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    errTail += chunk;
    const lines = errTail.split('\n');
    errTail = lines.pop();
    for (const line of lines) logs.push(line);
  });

  // 'close', not 'exit': it comes once stderr has ended too, so logs() is complete when
  // stop() resolves (under npx, the simulator may write its last line after npm exited).
  const exited = new Promise((resolve) => {
    child.once('close', (code, signal) => {
      live.delete(child);
      if (errTail) {
        logs.push(errTail);
        errTail = '';
      }
      resolve({ code, signal });
    });
  });

  return new Promise((resolve, reject) => {
    let out = '';
    let done = false;
    const fail = (err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    const timer = setTimeout(
      () => fail(new Error(`simulator did not start within ${timeoutMs} ms; stderr:\n${logs.join('\n')}`)),
      timeoutMs,
    );
    child.once('error', fail);
    child.once('exit', (code, signal) =>
      fail(new Error(`simulator exited (code ${code}, signal ${signal}) before listening; stderr:\n${logs.join('\n')}${errTail}`)),
    );
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      if (done) return; // keep draining
      out += chunk;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      const line = out.slice(0, nl).trim();
      const m = /^listening on (http:\/\/[^\s]+:(\d+))$/.exec(line);
      if (!m) {
        fail(new Error(`unexpected first line from the simulator: ${JSON.stringify(line)}`));
        return;
      }
      done = true;
      clearTimeout(timer);
      const url = m[1];
      const port = Number(m[2]);
      const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
          const r = await exited;
          clearTimeout(t);
          return r;
        }
        return exited;
      };
      resolve({ url, port, process: child, logs: () => logs.slice(), stop });
    });
  });
}

async function json(res, what) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status}: ${text}`);
  return JSON.parse(text);
}

/**
 * Messages the simulator "delivered", oldest first; to one destination when given
 * (any spelling: `+65…`, `65…`, with spaces).
 * @returns {Promise<Array<{destination: string, channel: string, text: string, code: string, sessionId: string, sentAt: string}>>}
 */
export async function simMessages(url, destination) {
  const q = destination === undefined ? '' : `?destination=${encodeURIComponent(destination)}`;
  return json(await fetch(`${url}/_sim/messages${q}`), 'GET /_sim/messages');
}

/** Moves the simulator's clock forward by `seconds` (may be fractional). Resolves to `{ now }`. */
export async function advanceClock(url, seconds) {
  const res = await fetch(`${url}/_sim/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceSeconds: seconds }),
  });
  return json(res, 'POST /_sim/clock');
}

/**
 * Queues a fault: `{ count?, path?, delayMs?, status?, apiCode?, body?: 'non-json' | 'truncated', drop? }`.
 */
export async function injectFault(url, spec) {
  const res = await fetch(`${url}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  return json(res, 'POST /_sim/faults');
}

/** Forgets sessions, messages, faults, recorded requests and the clock offset. */
export async function resetSim(url) {
  const res = await fetch(`${url}/_sim/reset`, { method: 'POST' });
  return json(res, 'POST /_sim/reset');
}
