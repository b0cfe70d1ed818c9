// Control endpoints: messages filter, clock, faults of every kind, recorded
// requests, reset.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advanceClock, injectFault, resetSim, simMessages } from '../support/sim.mjs';
import { JSON_HEADERS, expectError, expectSession, ms, parseResponse, rawExchange, useSim } from './helpers.mjs';

const { sim, api } = useSim({ reset: true });

const START = '/api/v2/subaccounts/test_hq/sessions';

test('messages: destination filter matches every spelling; oldest first; all without filter', async () => {
  expectSession(await api.start({ destination: '+6591234567' }));
  expectSession(await api.start({ destination: '+6591234568' }));
  await advanceClock(sim.url, 10);
  expectSession(await api.start({ destination: '6591234567' }));
  for (const spelling of ['+6591234567', '6591234567', '+65 9123 4567', '006591234567']) {
    const msgs = await simMessages(sim.url, spelling);
    assert.equal(msgs.length, 2, spelling);
    assert.ok(ms(msgs[0].sentAt) < ms(msgs[1].sentAt));
  }
  // Raw query strings: %2B and a literal '+' (which decodes to a space).
  for (const q of ['%2B6591234567', '+6591234567', '6591234567']) {
    const msgs = await (await fetch(`${sim.url}/_sim/messages?destination=${q}`)).json();
    assert.equal(msgs.length, 2, q);
  }
  const all = await simMessages(sim.url);
  assert.equal(all.length, 3);
  assert.deepEqual(Object.keys(all[0]), ['destination', 'channel', 'text', 'code', 'sessionId', 'sentAt']);
  assert.deepEqual(all.map((m) => m.destination), ['+6591234567', '+6591234568', '+6591234567']);
  assert.deepEqual(await simMessages(sim.url, '+4400000000'), []);
});

test('clock: advance (fractional), read, validation', async () => {
  const a = await advanceClock(sim.url, 0);
  const b = await advanceClock(sim.url, 1.5);
  assert.ok(ms(b.now) - ms(a.now) >= 1500);
  const g = await (await fetch(`${sim.url}/_sim/clock`)).json();
  assert.ok(ms(g.now) >= ms(b.now));
  for (const body of ['{"advanceSeconds": -1}', '{"advanceSeconds": "5"}', '{}', '', 'nope', '{"advanceSeconds": 1e20}']) {
    const r = await fetch(`${sim.url}/_sim/clock`, { method: 'POST', headers: JSON_HEADERS, body });
    assert.equal(r.status, 400, body);
    assert.equal((await r.json()).code, 1000);
  }
});

test('fault status: not processed; envelope with default or given apiCode', async () => {
  const defaults = { 400: 1000, 401: 1200, 403: 1201, 404: 1300, 418: 1000, 500: 2000, 502: 2000, 503: 2000 };
  for (const [status, code] of Object.entries(defaults)) {
    await injectFault(sim.url, { status: Number(status) });
    expectError(await api.start({ destination: '+6591000001' }), Number(status), code);
  }
  assert.deepEqual(await simMessages(sim.url), [], 'faulted requests were not processed');
  await injectFault(sim.url, { status: 400, apiCode: 1002 });
  const e = expectError(await api.start({ destination: '+6591000001' }), 400, 1002);
  assert.equal(e.message, 'Invalid MSISDN format (not E.164 international number)');
  await injectFault(sim.url, { status: 429 });
  const r = await api.start({ destination: '+6591000001' });
  expectError(r, 429, 1100);
  assert.equal(r.headers.get('retry-after'), '1');
  await injectFault(sim.url, { status: 426 });
  const u = await api.start({ destination: '+6591000001' });
  expectError(u, 426, 1014);
  assert.equal(u.headers.get('upgrade'), 'TLS/1.3');
  // Faults are used up.
  expectSession(await api.start({ destination: '+6591000001' }));
});

test('fault count and path prefix', async () => {
  await injectFault(sim.url, { count: 2, path: `${START}/`, status: 503 });
  expectSession(await api.start({ destination: '+6591000002' }), 'WAITING');
  expectError(await api.check('abc'), 503, 2000);
  expectError(await api.check('abc'), 503, 2000);
  expectError(await api.check('abc'), 404, 1404);
  // Control endpoints are never faulted.
  await injectFault(sim.url, { status: 500 });
  assert.equal((await fetch(`${sim.url}/_sim/messages`)).status, 200);
  expectError(await api.check('abc'), 500, 2000);
});

test('fault delayMs: delays, then processes normally', async () => {
  await injectFault(sim.url, { delayMs: 300 });
  const t0 = Date.now();
  expectSession(await api.start({ destination: '+6591000003' }));
  assert.ok(Date.now() - t0 >= 290);
  await injectFault(sim.url, { delayMs: 200, status: 502 });
  const t1 = Date.now();
  expectError(await api.start({ destination: '+6591000004' }), 502, 2000);
  assert.ok(Date.now() - t1 >= 190);
});

test('fault body non-json: processed, then an HTML page', async () => {
  await injectFault(sim.url, { body: 'non-json' });
  const r = await api.start({ destination: '+6591000005' }, { faulted: true });
  assert.equal(r.status, 200);
  assert.match(r.contentType, /^text\/html/);
  assert.match(r.text, /<html>/);
  assert.equal(r.body, undefined);
  assert.equal((await simMessages(sim.url, '+6591000005')).length, 1, 'the request was processed');
  await injectFault(sim.url, { body: 'non-json', status: 500 });
  const e = await api.start({ destination: '+6591000006' }, { faulted: true });
  assert.equal(e.status, 500);
  assert.match(e.contentType, /^text\/html/);
});

test('fault body truncated: valid JSON cut in half with a matching Content-Length', async () => {
  await injectFault(sim.url, { body: 'truncated', path: START });
  const head = `POST ${START} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\nContent-Type: application/json\r\nContent-Length: 29\r\nConnection: close\r\n\r\n{"destination":"+6591000007"}`;
  const { data } = await rawExchange(sim.port, [head]);
  const r = parseResponse(data);
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^application\/json/);
  assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.text));
  assert.ok(data.toString('utf8').endsWith(r.text), 'nothing after the cut body');
  assert.throws(() => JSON.parse(r.text));
  assert.ok(r.text.startsWith('{"sessionId":"'));
  // The full body would have been twice as long (±1).
  const id = /^\{"sessionId":"([0-9a-f]{32})"/.exec(r.text)[1];
  const full = expectSession(await api.check(id));
  const fullLen = Buffer.byteLength(JSON.stringify(full));
  assert.equal(Buffer.byteLength(r.text), Math.floor(fullLen / 2));
  // Truncated error envelopes too.
  await injectFault(sim.url, { body: 'truncated', status: 503 });
  const e = await api.start({ destination: '+6591000008' }, { faulted: true });
  assert.equal(e.status, 503);
  assert.throws(() => JSON.parse(e.text));
  assert.ok(e.text.startsWith('{"code":2000'));
});

test('fault drop: the socket closes before any byte; the request is not processed', async () => {
  await injectFault(sim.url, { drop: true });
  const body = '{"destination":"+6591000009"}';
  const head = `POST ${START} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  const r = await rawExchange(sim.port, [head]);
  assert.equal(r.data.length, 0);
  assert.ok(r.closed);
  assert.deepEqual(await simMessages(sim.url), []);
  // fetch sees a network error.
  await injectFault(sim.url, { drop: true, delayMs: 50 });
  await assert.rejects(api.start({ destination: '+6591000009' }), TypeError);
  // And the server goes on.
  expectSession(await api.start({ destination: '+6591000009' }));
});

test('invalid fault specs → 400', async () => {
  for (const spec of [{}, { count: 0, status: 500 }, { status: 200 }, { status: 700 }, { body: 'html' }, { drop: 'yes' }, { apiCode: 1000 }, { drop: true, status: 500 }, { path: 'api', status: 500 }, { delayMs: -5 }, { typo: 1, status: 500 }, []]) {
    const r = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(spec) });
    assert.equal(r.status, 400, JSON.stringify(spec));
    assert.equal((await r.json()).code, 1000);
  }
  const r = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', headers: JSON_HEADERS, body: '{' });
  assert.equal(r.status, 400);
});

test('requests: last requests on the 8x8 surface, code redacted, never the Authorization header', async () => {
  const s = expectSession(await api.start({ destination: '+6591000010', brand: 'X' }));
  await api.check(s.sessionId, '123456');
  await api.request('POST', START, { rawBody: 'not json', headers: { 'content-type': 'text/plain' } });
  await fetch(`${sim.url}/_sim/messages`);
  const list = await (await fetch(`${sim.url}/_sim/requests`)).json();
  assert.equal(list.length, 3, 'control requests are not recorded');
  assert.deepEqual(list[0], {
    method: 'POST',
    path: START,
    query: null,
    contentType: 'application/json',
    body: { destination: '+6591000010', brand: 'X' },
  });
  assert.deepEqual(list[1], { method: 'GET', path: `${START}/${s.sessionId}`, query: 'code=***', contentType: null, body: null });
  assert.equal(list[2].body, null);
  assert.equal(list[2].contentType, 'text/plain');
  const text = JSON.stringify(list);
  assert.ok(!text.includes('test-key'));
  assert.ok(!text.includes('123456'));
  // Only the last 100 are kept.
  for (let i = 0; i < 105; i++) await api.check(`id${i}`);
  const last = await (await fetch(`${sim.url}/_sim/requests`)).json();
  assert.equal(last.length, 100);
  assert.equal(last.at(-1).path, `${START}/id104`);
  assert.equal(last[0].path, `${START}/id5`);
});

test('reset forgets sessions, messages, faults, requests and the clock offset', async () => {
  const s = expectSession(await api.start({ destination: '+6591000011' }));
  await injectFault(sim.url, { status: 500, count: 5 });
  await advanceClock(sim.url, 3600);
  assert.deepEqual(await resetSim(sim.url), {});
  assert.deepEqual(await simMessages(sim.url), []);
  assert.deepEqual(await (await fetch(`${sim.url}/_sim/requests`)).json(), []);
  const { now } = await (await fetch(`${sim.url}/_sim/clock`)).json();
  assert.ok(Math.abs(ms(now) - Date.now()) < 5000);
  expectError(await api.check(s.sessionId), 404, 1404);
  // The destination can be sent to again at once (no resend interval left).
  expectSession(await api.start({ destination: '+6591000011' }));
});
