// --cors (preflight and response headers on every route) and --rate-limit.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { expectError, expectSession, useSim } from './helpers.mjs';

const ORIGIN = 'http://app.example.test:5173';
const START = '/api/v2/subaccounts/test_hq/sessions';

function assertCors(res, origin = ORIGIN) {
  assert.equal(res.headers.get('access-control-allow-origin'), origin);
  assert.match(res.headers.get('vary') ?? '', /Origin/);
  assert.equal(res.headers.get('access-control-expose-headers'), 'Retry-After, Date');
}

describe('--cors', () => {
  const { sim, api } = useSim({ args: ['--cors'] });

  test('preflight → 204 allowing GET, POST, OPTIONS and Authorization, Content-Type', async () => {
    for (const p of [START, `${START}/abc`, '/api/v2/subaccounts/test_hq/sma/coverage', '/_sim/messages', '/_sim/reset', '/anything']) {
      const res = await fetch(`${sim.url}${p}`, {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      assert.equal(res.status, 204, p);
      assertCors(res);
      assert.equal(res.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS');
      assert.equal(res.headers.get('access-control-allow-headers'), 'Authorization, Content-Type');
      assert.ok(res.headers.get('date'));
      assert.equal(await res.text(), '');
    }
  });

  test('responses echo the Origin on the 8x8 surface, errors included', async () => {
    const ok = await api.start({ destination: '+6592000001' }, { headers: { origin: ORIGIN } });
    expectSession(ok);
    assertCors(ok);
    const err = await api.start({ destination: '+6592000001' }, { headers: { origin: 'https://other.test' } });
    expectError(err, 403, 1400);
    assertCors(err, 'https://other.test');
    assert.ok(err.headers.get('retry-after'));
    const unauth = await api.request('GET', `${START}/x`, { auth: false, headers: { origin: ORIGIN } });
    expectError(unauth, 401, 1200);
    assertCors(unauth);
    const sma = await fetch(`${sim.url}/sma/nothing`, { headers: { origin: ORIGIN } });
    assertCors(sma);
  });

  test('control endpoints carry CORS headers too', async () => {
    for (const [method, p] of [['GET', '/_sim/messages'], ['GET', '/_sim/requests'], ['GET', '/_sim/clock'], ['POST', '/_sim/reset']]) {
      const res = await fetch(`${sim.url}${p}`, { method, headers: { origin: ORIGIN } });
      assert.equal(res.status, 200, p);
      assertCors(res);
    }
  });

  test('preflights are not recorded as 8x8 requests', async () => {
    await fetch(`${sim.url}/_sim/reset`, { method: 'POST' });
    await fetch(`${sim.url}${START}`, { method: 'OPTIONS', headers: { origin: ORIGIN } });
    assert.deepEqual(await (await fetch(`${sim.url}/_sim/requests`)).json(), []);
  });
});

describe('without --cors', () => {
  const { sim } = useSim();

  test('no CORS headers; OPTIONS is a wrong method', async () => {
    const res = await fetch(`${sim.url}${START}`, { method: 'OPTIONS', headers: { origin: ORIGIN } });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'POST');
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    const get = await fetch(`${sim.url}/_sim/messages`, { headers: { origin: ORIGIN } });
    assert.equal(get.headers.get('access-control-allow-origin'), null);
  });
});

describe('--rate-limit', () => {
  const LIMIT = 5;
  const { sim, api } = useSim({ args: ['--rate-limit', String(LIMIT)] });

  async function burst(count, fn) {
    // Start just after a second boundary so the burst fits one fixed window.
    await sleep(1000 - (Date.now() % 1000) + 20);
    return Promise.all(Array.from({ length: count }, (_, i) => fn(i)));
  }

  test('more than N requests in one second → 429/1100 with Retry-After: 1', async () => {
    const results = await burst(LIMIT + 7, () => api.check('0123456789abcdef0123456789abcdef'));
    const limited = results.filter((r) => r.status === 429);
    const passed = results.filter((r) => r.status === 404);
    assert.equal(limited.length + passed.length, results.length);
    assert.ok(passed.length >= LIMIT && passed.length <= 2 * LIMIT, `passed ${passed.length}`);
    assert.ok(limited.length >= 1);
    for (const r of limited) {
      expectError(r, 429, 1100);
      assert.equal(r.headers.get('retry-after'), '1');
    }
    // The next window is open again.
    await sleep(1100);
    expectSession(await api.start({ destination: '+6592000002' }));
  });

  test('all three operations count; control endpoints and bad credentials do not', async () => {
    const results = await burst(LIMIT + 3, (i) =>
      i % 3 === 0
        ? api.start({ destination: `+659200010${i}` })
        : i % 3 === 1
          ? api.coverage({ clientIp: '8.8.8.8' })
          : api.check('nope'),
    );
    assert.ok(results.some((r) => r.status === 429));
    await sleep(1100);
    const control = await Promise.all(Array.from({ length: 3 * LIMIT }, () => fetch(`${sim.url}/_sim/messages`)));
    assert.ok(control.every((r) => r.status === 200));
    const unauth = await Promise.all(Array.from({ length: 3 * LIMIT }, () => api.request('GET', `${START}/x`, { auth: false })));
    assert.ok(unauth.every((r) => r.status === 401));
    expectError(await api.check('nope'), 404, 1404);
  });
});
