// Sessions: codes for every type, message text, re-send, resetSession, resend
// interval, attempts, expiry, comparison rules, unknown sessions, the tutorial
// flow and the clock.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advanceClock, simMessages } from '../support/sim.mjs';
import { expectError, expectSession, ms, useSim } from './helpers.mjs';

const { sim, api } = useSim({ reset: true });

let n = 0;
const fresh = () => `+659${String(2_000_000 + n++).padStart(7, '0')}`;

/** Starts a session and returns [session, delivered message]. */
async function send(fields = {}) {
  const destination = fields.destination ?? fresh();
  const s = expectSession(await api.start({ destination, ...fields }));
  const msgs = await simMessages(sim.url, destination);
  return [s, msgs.at(-1), msgs];
}

const SHAPES = {
  NUMERIC: /^[0-9]+$/,
  ALPHANUMERIC: /^[A-Za-z0-9]+$/,
  ALPHANUMERIC_CAPITALS: /^[A-Z0-9]+$/,
  ALPHANUMERIC_EASY: /^[ABCDEFGHJKLMNPRTUVWXY0-9]+$/,
};

test('default code: 4 digits, NUMERIC, 300 s validity, 10 s resend', async () => {
  const [s, m] = await send();
  assert.match(m.code, /^[0-9]{4}$/);
  assert.equal(m.channel, 'sms');
  assert.equal(m.sessionId, s.sessionId);
  assert.equal(m.destination, s.destination);
  assert.equal(m.text, `Your verification code is ${m.code}`);
  assert.equal(ms(s.expiresAt) - ms(m.sentAt), 300_000);
  assert.equal(ms(s.retryAfter) - ms(m.sentAt), 10_000);
  assert.equal(s.attempt, 0);
  assert.ok(!('sma' in s));
});

test('every codeType at several lengths has the right shape', async () => {
  for (const type of Object.keys(SHAPES)) {
    for (const len of [3, 4, 6, 7, 10]) {
      const [, m] = await send({ codeType: type, codeLength: len });
      assert.equal(m.code.length, len, `${type} ${len}: ${m.code}`);
      assert.match(m.code, SHAPES[type], `${type} ${len}: ${m.code}`);
    }
  }
});

test('NUMERIC_WITH_DASH: digits counted by codeLength, dash at the centre or left of it', async () => {
  const expected = { 3: /^\d{3}$/, 4: /^\d{2}-\d{2}$/, 5: /^\d{2}-\d{3}$/, 6: /^\d{3}-\d{3}$/, 7: /^\d{3}-\d{4}$/, 8: /^\d{4}-\d{4}$/, 9: /^\d{4}-\d{5}$/, 10: /^\d{5}-\d{5}$/ };
  for (const [len, shape] of Object.entries(expected)) {
    const [, m] = await send({ codeType: 'NUMERIC_WITH_DASH', codeLength: Number(len) });
    assert.match(m.code, shape, `${len}: ${m.code}`);
  }
});

test('codes vary between sessions', async () => {
  const codes = new Set();
  for (let i = 0; i < 10; i++) codes.add((await send({ codeLength: 10 }))[1].code);
  assert.ok(codes.size >= 9);
});

test('message text: default with and without brand, template placeholders', async () => {
  let [, m] = await send({ brand: 'ACME' });
  assert.equal(m.text, `ACME: Your verification code is ${m.code}`);
  [, m] = await send({ template: 'Code {code} for {brand}. Again: {code}', brand: 'Shop' });
  assert.equal(m.text, `Code ${m.code} for Shop. Again: ${m.code}`);
  [, m] = await send({ template: '{brand}{code}' });
  assert.equal(m.text, m.code);
  [, m] = await send({ template: 'no placeholder' });
  assert.equal(m.text, 'no placeholder');
  assert.match(m.code, /^\d{4}$/);
});

test('message text: an origin-bound template keeps its lines, exactly as 8x8 sends it', async () => {
  const [, m] = await send({ template: '{brand}: Your verification code is {code}\n\n@app.example.com #{code}', brand: 'Acme', codeLength: 6 });
  assert.equal(m.text, `Acme: Your verification code is ${m.code}\n\n@app.example.com #${m.code}`);
  assert.equal(m.text.split('\n').at(-1), `@app.example.com #${m.code}`, 'the bound line is the last line');
  const [, dashed] = await send({ template: 'Code {code}\r\n@shop.example #{code}', codeType: 'NUMERIC_WITH_DASH', codeLength: 6 });
  assert.match(dashed.code, /^\d{3}-\d{3}$/);
  assert.equal(dashed.text, `Code ${dashed.code}\r\n@shop.example #${dashed.code}`, 'CR LF as sent, the dashed code as generated');
});

test('call, whatsapp and viber deliver a message on their channel', async () => {
  for (const [channel, extra] of [
    ['call', { call: { speed: 1 } }],
    ['whatsapp', { whatsapp: { templateName: 'auth' } }],
    ['viber', {}],
  ]) {
    const [s, m] = await send({ channel, ...extra, template: 'Your {brand} code: {code}', brand: 'B' });
    assert.equal(m.channel, channel);
    assert.equal(m.text, `Your B code: ${m.code}`);
    assert.ok(!('sma' in s));
  }
});

test('repeat POST re-sends the same code in the same session and extends validity', async () => {
  const destination = fresh();
  const [s1, m1] = await send({ destination });
  expectSession(await api.check(s1.sessionId, m1.code === '0000' ? '1111' : '0000'));
  await advanceClock(sim.url, 12);
  const [s2, m2, all] = await send({ destination, codeValidity: 600, resendingInterval: 20 });
  assert.equal(s2.sessionId, s1.sessionId);
  assert.equal(m2.code, m1.code);
  assert.equal(s2.attempt, 1, 'attempt unchanged by a re-send');
  assert.equal(all.length, 2);
  assert.equal(ms(s2.expiresAt) - ms(m2.sentAt), 600_000);
  assert.equal(ms(s2.retryAfter) - ms(m2.sentAt), 20_000);
  assert.ok(ms(s2.expiresAt) > ms(s1.expiresAt));
  // Spellings of the same number share the session.
  await advanceClock(sim.url, 20);
  const s3 = expectSession(await api.start({ destination: destination.slice(1) }));
  assert.equal(s3.sessionId, s1.sessionId);
});

test('resetSession: same session, new code, attempts back to 0', async () => {
  const destination = fresh();
  const [s1, m1] = await send({ destination, codeLength: 10 });
  expectSession(await api.check(s1.sessionId, '0000000000'));
  await advanceClock(sim.url, 10);
  const [s2, m2] = await send({ destination, codeLength: 10, resetSession: true });
  assert.equal(s2.sessionId, s1.sessionId);
  assert.notEqual(m2.code, m1.code);
  assert.equal(s2.attempt, 0);
  // The old code no longer works; the new one does.
  assert.equal(expectSession(await api.check(s1.sessionId, m1.code)).attempt, 1);
  expectSession(await api.check(s1.sessionId, m2.code), 'VERIFIED');
});

test('resend too soon → 403/1400 with Retry-After; allowed after the clock moves', async () => {
  const destination = fresh();
  const [s1] = await send({ destination, resendingInterval: 60 });
  const r = await api.start({ destination });
  const e = expectError(r, 403, 1400);
  assert.equal(e.message, 'Resending interval violation');
  const retry = Number(r.headers.get('retry-after'));
  assert.ok(retry >= 59 && retry <= 60, `Retry-After ${retry}`);
  // Still too soon with resetSession.
  expectError(await api.start({ destination, resetSession: true }), 403, 1400);
  assert.equal((await simMessages(sim.url, destination)).length, 1, 'nothing re-sent');
  await advanceClock(sim.url, 45);
  const r2 = await api.start({ destination });
  expectError(r2, 403, 1400);
  const retry2 = Number(r2.headers.get('retry-after'));
  assert.ok(retry2 >= 14 && retry2 <= 15, `Retry-After ${retry2}`);
  await advanceClock(sim.url, 15);
  const s2 = expectSession(await api.start({ destination }));
  assert.equal(s2.sessionId, s1.sessionId);
});

test('5 wrong codes → FAILED (attempt 5), final; next POST is a new session', async () => {
  const destination = fresh();
  const [s, m] = await send({ destination });
  const wrong = m.code === '9999' ? '0000' : '9999';
  for (let i = 1; i <= 4; i++) {
    const r = expectSession(await api.check(s.sessionId, wrong));
    assert.equal(r.attempt, i);
  }
  const failed = expectSession(await api.check(s.sessionId, wrong), 'FAILED');
  assert.equal(failed.attempt, 5);
  // Final: the right code changes nothing, nor does a status read.
  assert.deepEqual(expectSession(await api.check(s.sessionId, m.code), 'FAILED'), failed);
  assert.deepEqual(expectSession(await api.check(s.sessionId), 'FAILED'), failed);
  await advanceClock(sim.url, 10);
  const s2 = expectSession(await api.start({ destination }));
  assert.notEqual(s2.sessionId, s.sessionId);
  assert.equal(s2.attempt, 0);
});

test('a status read never changes the session', async () => {
  const [s] = await send();
  for (let i = 0; i < 3; i++) assert.deepEqual(expectSession(await api.check(s.sessionId)), s);
});

test('expiry via the clock → EXPIRED, final even with the right code', async () => {
  const destination = fresh();
  const [s, m] = await send({ destination, codeValidity: 60 });
  await advanceClock(sim.url, 59.5);
  expectSession(await api.check(s.sessionId));
  await advanceClock(sim.url, 0.5);
  const e = expectSession(await api.check(s.sessionId, m.code), 'EXPIRED');
  assert.equal(e.attempt, 0);
  expectSession(await api.check(s.sessionId), 'EXPIRED');
  const s2 = expectSession(await api.start({ destination }));
  assert.notEqual(s2.sessionId, s.sessionId);
});

test('a status read past expiresAt reports EXPIRED', async () => {
  const [s] = await send({ codeValidity: 30 });
  await advanceClock(sim.url, 31);
  expectSession(await api.check(s.sessionId), 'EXPIRED');
});

test('a verified session is final', async () => {
  const destination = fresh();
  const [s, m] = await send({ destination });
  const v = expectSession(await api.check(s.sessionId, m.code), 'VERIFIED');
  assert.equal(v.attempt, 0);
  assert.deepEqual(expectSession(await api.check(s.sessionId, '0000'), 'VERIFIED'), v);
  await advanceClock(sim.url, 400);
  expectSession(await api.check(s.sessionId), 'VERIFIED');
  const s2 = expectSession(await api.start({ destination }));
  assert.notEqual(s2.sessionId, s.sessionId);
});

test('dashed code matches with or without its dash', async () => {
  const [s1, m1] = await send({ codeType: 'NUMERIC_WITH_DASH', codeLength: 6 });
  assert.match(m1.code, /^\d{3}-\d{3}$/);
  expectSession(await api.check(s1.sessionId, m1.code), 'VERIFIED');
  const [s2, m2] = await send({ codeType: 'NUMERIC_WITH_DASH', codeLength: 10 });
  assert.equal(m2.code.length, 11);
  expectSession(await api.check(s2.sessionId, m2.code.replace('-', '')), 'VERIFIED');
  const [s3, m3] = await send({ codeType: 'NUMERIC_WITH_DASH', codeLength: 10 });
  expectSession(await api.check(s3.sessionId, m3.code), 'VERIFIED');
});

test('capitals and easy codes compare case-insensitively; others exactly', async () => {
  for (const codeType of ['ALPHANUMERIC_CAPITALS', 'ALPHANUMERIC_EASY']) {
    let [s, m] = await send({ codeType, codeLength: 8 });
    while (!/[A-Z]/.test(m.code)) [s, m] = await send({ codeType, codeLength: 8 });
    expectSession(await api.check(s.sessionId, m.code.toLowerCase()), 'VERIFIED');
  }
  let [s, m] = await send({ codeType: 'ALPHANUMERIC', codeLength: 10 });
  while (!/[a-zA-Z]/.test(m.code)) [s, m] = await send({ codeType: 'ALPHANUMERIC', codeLength: 10 });
  const flipped = [...m.code].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
  assert.equal(expectSession(await api.check(s.sessionId, flipped)).attempt, 1);
  expectSession(await api.check(s.sessionId, m.code), 'VERIFIED');
  // NUMERIC: a dash is not ignored.
  [s, m] = await send({ codeLength: 4 });
  assert.equal(expectSession(await api.check(s.sessionId, `${m.code.slice(0, 2)}-${m.code.slice(2)}`)).attempt, 1);
});

test('malformed code → 400/1000 without consuming an attempt', async () => {
  const [s] = await send();
  for (const code of ['', '12', '123456789012', '12-3-4', '12 34', 'ab_c', '1234%']) {
    expectError(await api.check(s.sessionId, code), 400, 1000, 'code');
  }
  assert.equal(expectSession(await api.check(s.sessionId)).attempt, 0);
});

test('unknown session → 404/1404', async () => {
  for (const id of ['0123456789abcdef0123456789abcdef', 'nope', 'a'.repeat(200)]) {
    const e = expectError(await api.check(id), 404, 1404);
    assert.equal(e.message, 'Session not found');
    expectError(await api.check(id, '1234'), 404, 1404);
  }
});

test('timestamps and Date header follow the simulator clock', async () => {
  const r1 = await api.start({ destination: fresh() });
  const s1 = expectSession(r1);
  const d1 = Date.parse(r1.headers.get('date'));
  assert.match(r1.headers.get('date'), /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  assert.ok(Math.abs(d1 - Date.now()) < 5000);
  const { now } = await advanceClock(sim.url, 86_400);
  assert.ok(ms(now) - Date.now() > 86_390_000);
  const r2 = await api.start({ destination: fresh() });
  const s2 = expectSession(r2);
  const d2 = Date.parse(r2.headers.get('date'));
  assert.ok(d2 - d1 >= 86_399_000 && d2 - d1 < 86_410_000, `${d2 - d1}`);
  assert.ok(ms(s2.expiresAt) - ms(s1.expiresAt) >= 86_399_000);
  // Error envelopes too.
  const e = await api.check('missing');
  assert.ok(ms(e.body.timestamp) - Date.now() > 86_390_000);
  assert.ok(Date.parse(e.headers.get('date')) - Date.now() > 86_390_000);
  // And the control surface.
  const c = await fetch(`${sim.url}/_sim/messages`);
  assert.ok(Date.parse(c.headers.get('date')) - Date.now() > 86_390_000);
});

test("8x8's tutorial flow: POST then GET ?code=", async () => {
  // curl -X POST …/sessions -H "Authorization: Bearer KEY" -H "Content-Type: application/json"
  //   -d '{"destination": 6598765432, "brand": "Acme"}'
  const r = await fetch(`${sim.url}/api/v2/subaccounts/test_hq/sessions`, {
    method: 'POST',
    headers: { Authorization: 'Bearer test-key', 'Content-Type': 'application/json' },
    body: '{"destination": 6598765432, "brand": "Acme", "codeLength": 6}',
  });
  assert.equal(r.status, 200);
  const s = await r.json();
  const [m] = await simMessages(sim.url, '+6598765432');
  assert.equal(m.text, `Acme: Your verification code is ${m.code}`);
  const v = await fetch(`${sim.url}${s.verifyUri}?code=${m.code}`, { headers: { Authorization: 'Bearer test-key' } });
  assert.equal(v.status, 200);
  const body = await v.json();
  assert.equal(body.status, 'VERIFIED');
  assert.equal(body.sessionId, s.sessionId);
});
