// Command line, banner, request log, graceful shutdown.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { injectFault, simCommand, simMessages, startSim } from '../support/sim.mjs';
import { Api, expectError, expectSession } from './helpers.mjs';

async function waitFor(pred, what, timeoutMs = 3000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (pred()) return;
    await sleep(10);
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** Runs the simulator (native binary or npx, see simCommand) with `args` to completion. */
function runSim(args) {
  const sim = simCommand(args);
  return spawnSync(sim.command, sim.args, { cwd: sim.cwd, env: { ...process.env, ...sim.env }, encoding: 'utf8' });
}

test('--help prints usage and exits 0', () => {
  const r = runSim(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /Usage:/);
  for (const flag of ['--listen', '--api-key', '--sub-account', '--rate-limit', '--cors']) {
    assert.ok(r.stdout.includes(flag), flag);
  }
});

test('bad flags print usage on stderr and exit 2', () => {
  for (const args of [['--nope'], ['--rate-limit', 'x'], ['--listen'], ['--listen', 'nowhere'], ['extra']]) {
    const r = runSim(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /Usage:/);
    assert.equal(r.stdout, '');
  }
});

test('first stdout line is the banner; SIGTERM exits 0', async () => {
  const sim = await startSim();
  assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(sim.port > 0);
  assert.equal(sim.url, `http://127.0.0.1:${sim.port}`);
  const res = await fetch(`${sim.url}/_sim/messages`);
  assert.equal(res.status, 200);
  const r = await sim.stop();
  assert.deepEqual(r, { code: 0, signal: null });
});

test('SIGINT stops it gracefully too', async () => {
  const sim = await startSim();
  sim.process.kill('SIGINT');
  const r = await sim.stop();
  assert.equal(sim.logs().at(-1)?.trim(), 'shut down');
  // The native binary exits 0. npx forwards the SIGINT to the simulator, which exits 0,
  // then npm re-raises SIGINT on itself, as it does after a Ctrl-C.
  assert.ok(r.code === 0 || (r.code === null && r.signal === 'SIGINT'), JSON.stringify(r));
});

test('shutdown lets an in-flight request finish', async () => {
  const sim = await startSim();
  await injectFault(sim.url, { delayMs: 400 });
  const api = new Api(sim.url);
  const pending = api.start({ destination: '+6591110000' });
  await sleep(100);
  sim.process.kill('SIGTERM');
  const r = await pending;
  expectSession(r);
  assert.equal((await sim.stop()).code, 0);
});

test('custom --api-key and --sub-account', async () => {
  const sim = await startSim({ args: ['--api-key', 'k-123', '--sub-account', 'acme_hq'] });
  try {
    const api = new Api(sim.url, { key: 'k-123', sub: 'acme_hq' });
    const s = expectSession(await api.start({ destination: '+6591110001' }));
    assert.equal(s.verifyUri, `/api/v2/subaccounts/acme_hq/sessions/${s.sessionId}`);
    expectError(await new Api(sim.url, { sub: 'acme_hq' }).start({ destination: '+6591110001' }), 401, 1200);
    expectError(await new Api(sim.url, { key: 'k-123' }).start({ destination: '+6591110001' }), 400, 1001);
  } finally {
    await sim.stop();
  }
});

test('one log line per request, method path status latency, code redacted', async () => {
  const sim = await startSim();
  try {
    const api = new Api(sim.url);
    const s = expectSession(await api.start({ destination: '+6591110002' }));
    const [m] = await simMessages(sim.url, '+6591110002');
    expectSession(await api.check(s.sessionId, '0000'));
    expectSession(await api.check(s.sessionId, m.code), 'VERIFIED');
    await fetch(`${sim.url}/nowhere?code=123456&x=1`);
    const sent = 5;
    await waitFor(() => sim.logs().length >= sent, 'log lines');
    await sleep(50);
    const lines = sim.logs();
    assert.equal(lines.length, sent, lines.join('\n'));
    for (const line of lines) assert.match(line, /^(GET|POST) \/\S* \d{3} \d+\.\dms$/, line);
    assert.match(lines[0], /^POST \/api\/v2\/subaccounts\/test_hq\/sessions 200 /);
    assert.match(lines[2], new RegExp(`^GET /api/v2/subaccounts/test_hq/sessions/${s.sessionId}\\?code=\\*\\*\\* 200 `));
    assert.match(lines[4], /^GET \/nowhere\?code=\*\*\*&x=1 404 /);
    const all = lines.join('\n');
    assert.ok(!all.includes(m.code), 'the code never appears in the log');
    assert.ok(!all.includes('123456'));
    assert.ok(!all.includes('test-key'));
  } finally {
    await sim.stop();
  }
});
