// Conformance: every response of every operation, 200s and errors, against
// the repository's schema of 8x8's answers (tests/schema/verify-8x8-wire.schema.json,
// written from 8x8's published OpenAPI file; loaded with ajv's 2020-12 validator).
// A missing schema file is a failure, never a skip. The other test files run
// the same check on every response they receive (helpers.mjs `Api.request`);
// this file makes sure each operation × status is exercised at least once.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { advanceClock, injectFault, simMessages } from '../support/sim.mjs';
import { Api, checked, expectError, expectSession, schemas, useSim } from './helpers.mjs';

describe('responses conform to the spec schemas', () => {
  const { sim, api } = useSim({ args: ['--rate-limit', '1000'] });

  test('the validators are live (they reject wrong bodies)', () => {
    assert.equal(schemas.VerifyResponseV2({ sessionId: 'x', status: 'DONE' }), false);
    assert.equal(schemas.VerifyResponseV2({ attempt: -1 }), false);
    assert.equal(schemas.VerifyResponseV2({ expiresAt: 'tomorrow' }), false);
    assert.equal(schemas.VerifySmaCoverageCheckResponse({ isAvailable: 'yes' }), false);
    assert.equal(schemas.ErrorResponse({ code: 1000, timestamp: '2025-12-18T05:59:54.09Z' }), false);
    assert.equal(schemas.ErrorResponse({ code: '1000', errorId: '91b106f0-c0da-4aba-a43a-7af9c5893a80', timestamp: '2025-12-18T05:59:54.09Z' }), false);
    assert.equal(schemas.ErrorResponse({ code: 1000, errorId: '91b106f0-c0da-4aba-a43a-7af9c5893a80', timestamp: '2025-12-18T05:59:54.09Z' }), true);
  });

  test('verify-request-v2: 200 (sms, call, whatsapp, viber, sma) and every error status', async () => {
    expectSession(await api.start({ destination: '+6593000001' }));
    expectSession(await api.start({ destination: '+6593000002', channel: 'call', call: { speed: 0.8 } }));
    expectSession(await api.start({ destination: '+6593000003', channel: 'whatsapp', whatsapp: { templateName: 'a' } }));
    expectSession(await api.start({ destination: '+6593000004', channel: 'viber' }));
    const sma = expectSession(await api.start({ destination: '+6593000005', channel: 'sma' }));
    assert.ok(sma.sma.verificationUrl);
    expectError(await api.start({ destination: 'x' }), 400, 1002);
    expectError(await api.start({ destination: '8765', country: 'ZZ' }), 400, 1009);
    expectError(await api.start({ destination: '+6593000006', codeLength: 1 }), 400, 1010);
    expectError(await api.start({ destination: '+6593000006', sms: { encoding: 'x' } }), 400, 1003);
    expectError(await api.start({ destination: '+6593000006', sms: { source: '!' } }), 400, 1005);
    expectError(await api.start({ destination: '+6593000006', template: 1 }), 400, 1007);
    expectError(await api.start({ destination: '+6593000006', clientIp: 'x' }), 400, 1012);
    expectError(await new Api(sim.url, { sub: 'nope_hq' }).start({ destination: '+6593000006' }), 400, 1001);
    expectError(await new Api(sim.url, { key: 'x' }).start({ destination: '+6593000006' }), 401, 1200);
    expectError(await api.start({ destination: '+6593000001' }), 403, 1400);
    expectError(await api.request('GET', '/api/v2/subaccounts/test_hq/sessions'), 405, 1000);
    expectError(await api.request('POST', '/api/v2/subaccounts/test_hq/sessions', { rawBody: 'x'.repeat(70_000), headers: { 'content-type': 'application/json' } }), 413, 1000);
    expectError(await api.request('POST', '/api/v2/subaccounts/test_hq/sessions', { rawBody: '{}', headers: { 'content-type': 'text/plain' } }), 415, 1000);
    for (const status of [426, 429, 500, 503]) {
      await injectFault(sim.url, { status });
      const r = await api.start({ destination: '+6593000007' });
      assert.equal(r.status, status);
    }
  });

  test('code-validation-v2: 200 in every status and every error status', async () => {
    const start = async (d, extra = {}) => expectSession(await api.start({ destination: d, ...extra }));
    const a = await start('+6593100001');
    const b = await start('+6593100002');
    const c = await start('+6593100003', { codeValidity: 30 });
    expectSession(await api.check(a.sessionId));
    const [m] = await simMessages(sim.url, '+6593100001');
    expectSession(await api.check(a.sessionId, m.code), 'VERIFIED');
    for (let i = 0; i < 5; i++) await api.check(b.sessionId, 'zzz');
    expectSession(await api.check(b.sessionId), 'FAILED');
    await advanceClock(sim.url, 31);
    expectSession(await api.check(c.sessionId), 'EXPIRED');
    expectError(await api.check(a.sessionId, 'x'), 400, 1000);
    expectError(await new Api(sim.url, { sub: 'nope_hq' }).check(a.sessionId), 400, 1001);
    expectError(await new Api(sim.url, { key: 'x' }).check(a.sessionId), 401, 1200);
    expectError(await api.check('unknown'), 404, 1404);
    await injectFault(sim.url, { status: 500 });
    expectError(await api.check(a.sessionId), 500, 2000);
  });

  test('sma-coverage-check: 200 both ways and every error status', async () => {
    assert.deepEqual((await api.coverage({ clientIp: '123.123.123.123' })).body, { isAvailable: true });
    assert.deepEqual((await api.coverage({ clientIp: '192.168.0.1' })).body, { isAvailable: false });
    expectError(await api.coverage({}), 400, 1012);
    expectError(await api.coverage({ clientIp: '1.1.1.1', destination: '1' }), 400, 1002);
    expectError(await new Api(sim.url, { key: 'x' }).coverage({ clientIp: '1.1.1.1' }), 401, 1200);
    await injectFault(sim.url, { status: 500 });
    expectError(await api.coverage({ clientIp: '1.1.1.1' }), 500, 2000);
  });

  test('every operation × schema was validated', () => {
    const seen = new Set(checked.map((c) => `${c.method} ${c.path.replace(/sessions\/[^/]+$/, 'sessions/{id}')} ${c.schema}`));
    for (const want of [
      'POST /api/v2/subaccounts/test_hq/sessions VerifyResponseV2',
      'POST /api/v2/subaccounts/test_hq/sessions ErrorResponse',
      'GET /api/v2/subaccounts/test_hq/sessions/{id} VerifyResponseV2',
      'GET /api/v2/subaccounts/test_hq/sessions/{id} ErrorResponse',
      'POST /api/v2/subaccounts/test_hq/sma/coverage VerifySmaCoverageCheckResponse',
      'POST /api/v2/subaccounts/test_hq/sma/coverage ErrorResponse',
    ]) {
      assert.ok(seen.has(want), `not exercised: ${want}`);
    }
    console.log(`validated ${checked.length} responses against the schema of 8x8's answers`);
  });
});
