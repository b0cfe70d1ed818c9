// Silent mobile authentication: verificationUrl, the device's hit, coverage.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advanceClock, simMessages } from '../support/sim.mjs';
import { expectError, expectSession, useSim } from './helpers.mjs';

const { sim, api } = useSim();

test('channel sma: verificationUrl, no message, no code', async () => {
  const s = expectSession(await api.start({ destination: '+6587654321', channel: 'sma' }));
  assert.deepEqual(Object.keys(s.sma), ['verificationUrl']);
  assert.equal(s.sma.verificationUrl, `${sim.url}/sma/${s.sessionId}`);
  assert.deepEqual(await simMessages(sim.url, '+6587654321'), []);
  // The status read shows it too.
  assert.deepEqual(expectSession(await api.check(s.sessionId)).sma, s.sma);
});

test("the device's hit on the URL (no auth) verifies the session", async () => {
  const s = expectSession(await api.start({ destination: '+6587654322', channel: 'sma' }));
  const hit = await fetch(s.sma.verificationUrl);
  assert.equal(hit.status, 200);
  assert.deepEqual(await hit.json(), {});
  expectSession(await api.check(s.sessionId), 'VERIFIED');
  // Hitting again changes nothing.
  assert.equal((await fetch(s.sma.verificationUrl)).status, 200);
  expectSession(await api.check(s.sessionId), 'VERIFIED');
});

test('an expired SMA session stays EXPIRED when hit', async () => {
  const s = expectSession(await api.start({ destination: '+6587654323', channel: 'sma', codeValidity: 30 }));
  await advanceClock(sim.url, 31);
  assert.equal((await fetch(s.sma.verificationUrl)).status, 200);
  expectSession(await api.check(s.sessionId), 'EXPIRED');
});

test('unknown or non-SMA sessions → 404/1404 on /sma/{id}', async () => {
  const sms = expectSession(await api.start({ destination: '+6587654324' }));
  for (const id of [sms.sessionId, '0123456789abcdef0123456789abcdef']) {
    const r = await fetch(`${sim.url}/sma/${id}`);
    assert.equal(r.status, 404);
    assert.equal((await r.json()).code, 1404);
  }
  const r = await fetch(`${sim.url}/sma/x`, { method: 'POST' });
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'GET');
});

test('coverage: public IP → true; private, loopback, link-local, unspecified → false', async () => {
  for (const clientIp of ['123.123.123.123', '8.8.8.8', '203.0.113.10', '2404:6800:4003:c00::64']) {
    const r = await api.coverage({ clientIp });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { isAvailable: true }, clientIp);
  }
  for (const clientIp of ['10.0.0.1', '172.16.5.4', '192.168.1.1', '127.0.0.1', '169.254.1.1', '0.0.0.0', '100.64.0.1', '::1', '::', 'fe80::1', 'fd00::1']) {
    const r = await api.coverage({ clientIp });
    assert.deepEqual(r.body, { isAvailable: false }, clientIp);
  }
  const r = await api.coverage({ clientIp: '123.123.123.123', destination: '8765 4321', country: 'SG' });
  assert.deepEqual(r.body, { isAvailable: true });
});

test('coverage errors: clientIp required and valid (1012), destination (1002), country (1009)', async () => {
  expectError(await api.coverage({}), 400, 1012, 'clientIp');
  expectError(await api.coverage({ clientIp: '1.2.3' }), 400, 1012, 'clientIp');
  expectError(await api.coverage({ clientIp: 12 }), 400, 1000, 'clientIp');
  expectError(await api.coverage({ clientIp: '1.1.1.1', destination: '123' }), 400, 1002);
  expectError(await api.coverage({ clientIp: '1.1.1.1', destination: '87654321', country: 'QQ' }), 400, 1009);
  expectError(await api.request('POST', '/api/v2/subaccounts/test_hq/sma/coverage', { rawBody: '{', headers: { 'content-type': 'application/json' } }), 400, 1000);
  expectError(await api.request('POST', '/api/v2/subaccounts/test_hq/sma/coverage', { rawBody: '{}', headers: { 'content-type': 'text/plain' } }), 415, 1000);
});
