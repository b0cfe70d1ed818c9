// Auth, subaccount, routing, order of checks, content type, body size, JSON,
// and malformed input over raw sockets (the server keeps answering).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Api, assertConforms, expectError, expectSession, parseResponse, rawExchange, useSim } from './helpers.mjs';

const { sim, api } = useSim();

const START = '/api/v2/subaccounts/test_hq/sessions';

async function alive() {
  expectSession(await api.start({ destination: `+659${Math.floor(Math.random() * 1e7).toString().padStart(7, '0')}` }));
}

test('bearer auth: missing, wrong key, wrong scheme → 401/1200', async () => {
  const cases = [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic dGVzdC1rZXk6' }, { authorization: 'test-key' }, { authorization: 'Bearer' }];
  for (const headers of cases) {
    const r = await api.request('POST', START, { body: { destination: '+6590000001' }, headers, auth: false });
    const e = expectError(r, 401, 1200);
    assert.equal(e.message, 'Request was not authenticated properly');
    assert.equal(r.headers.get('www-authenticate'), 'Bearer');
  }
  // Every operation needs it.
  expectError(await api.request('GET', `${START}/abc`, { auth: false }), 401, 1200);
  expectError(await api.request('POST', '/api/v2/subaccounts/test_hq/sma/coverage', { body: { clientIp: '1.1.1.1' }, auth: false }), 401, 1200);
  // The scheme is case-insensitive.
  expectSession(await api.start({ destination: '+6590000002' }, { headers: { authorization: 'bearer test-key' } }));
});

test('another subaccount → 400/1001, after auth', async () => {
  const other = new Api(sim.url, { sub: 'someone_else' });
  const e = expectError(await other.start({ destination: '+6590000003' }), 400, 1001);
  assert.equal(e.message, "Provided subAccountId doesn't belong to your account");
  expectError(await other.check('0123456789abcdef0123456789abcdef'), 400, 1001);
  expectError(await other.coverage({ clientIp: '1.1.1.1' }), 400, 1001);
  expectError(await new Api(sim.url, { sub: 'someone_else', key: 'bad' }).start({}), 401, 1200);
});

test('unknown routes → 404/1300; wrong method → 405 with Allow', async () => {
  for (const p of ['/', '/api/v2/subaccounts/test_hq', '/api/v1/subaccounts/test_hq/sessions', `${START}/`, `${START}/a/b`, '/sma', '/_sim/nothing']) {
    const r = await api.request('GET', p);
    expectError(r, 404, 1300);
    assertConforms({ method: 'GET', path: p, status: r.status, contentType: r.contentType, body: r.body });
  }
  let r = await api.request('GET', START);
  expectError(r, 405, 1000);
  assert.equal(r.headers.get('allow'), 'POST');
  r = await api.request('DELETE', `${START}/abc`);
  expectError(r, 405, 1000);
  assert.equal(r.headers.get('allow'), 'GET');
  r = await api.request('GET', '/api/v2/subaccounts/test_hq/sma/coverage');
  assert.equal(r.headers.get('allow'), 'POST');
  r = await api.request('PUT', '/_sim/reset');
  expectError(r, 405, 1000);
  assert.equal(r.headers.get('allow'), 'POST');
});

test('content type must be application/json (parameters allowed) → else 415', async () => {
  const body = JSON.stringify({ destination: '+6590000004' });
  for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp']) {
    expectError(await api.request('POST', START, { rawBody: body, headers: { 'content-type': ct } }), 415, 1000, 'Content-Type');
  }
  expectError(await api.request('POST', START, { rawBody: body, headers: { 'content-type': '' } }), 415, 1000);
  expectSession(await api.request('POST', START, { rawBody: body, headers: { 'content-type': 'application/json; charset=utf-8' } }));
  expectSession(await api.request('POST', START, { rawBody: JSON.stringify({ destination: '+6590000005' }), headers: { 'content-type': 'Application/JSON' } }));
});

test('order of checks: auth → subaccount → content type → size → JSON → fields', async () => {
  const big = 'x'.repeat(70 * 1024);
  // Bad everything: 401 wins.
  expectError(await new Api(sim.url, { key: 'no', sub: 'other' }).request('POST', '/api/v2/subaccounts/other/sessions', { rawBody: big, headers: { 'content-type': 'text/plain' } }), 401, 1200);
  // Good auth, bad subaccount: 400/1001.
  expectError(await api.request('POST', '/api/v2/subaccounts/other/sessions', { rawBody: big, headers: { 'content-type': 'text/plain' } }), 400, 1001);
  // Then content type.
  expectError(await api.request('POST', START, { rawBody: big, headers: { 'content-type': 'text/plain' } }), 415, 1000);
  // Then size.
  expectError(await api.request('POST', START, { rawBody: big, headers: { 'content-type': 'application/json' } }), 413, 1000, '65536');
  // Then JSON.
  expectError(await api.request('POST', START, { rawBody: '{"destination":', headers: { 'content-type': 'application/json' } }), 400, 1000, 'JSON');
  // Then fields.
  expectError(await api.start({ destination: '12' }), 400, 1002);
});

test('body at the cap is read; one byte over is 413', async () => {
  const pad = (n) => {
    const base = JSON.stringify({ destination: '+6590000006', pad: '' });
    return JSON.stringify({ destination: '+6590000006', pad: 'x'.repeat(n - base.length) });
  };
  expectSession(await api.request('POST', START, { rawBody: pad(65536), headers: { 'content-type': 'application/json' } }));
  expectError(await api.request('POST', START, { rawBody: pad(65537), headers: { 'content-type': 'application/json' } }), 413, 1000);
});

test('malformed JSON, non-object JSON, empty body → 400/1000', async () => {
  for (const raw of ['', 'nope', '{"destination": "+6590000007",}', '[]', '"x"', '42', 'null']) {
    expectError(await api.request('POST', START, { rawBody: raw, headers: { 'content-type': 'application/json' } }), 400, 1000);
  }
  await alive();
});

test('raw socket: bad UTF-8 → 400/1000 envelope; server still answers', async () => {
  const body = Buffer.concat([Buffer.from('{"destination":"+65900000'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
  const head = `POST ${START} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  const { data } = await rawExchange(sim.port, [head, body]);
  const r = parseResponse(data);
  assert.equal(r.status, 400);
  assert.equal(r.body.code, 1000);
  assert.match(r.body.message, /UTF-8/);
  assertConforms({ method: 'POST', path: START, status: r.status, contentType: r.headers['content-type'], body: r.body });
  await alive();
});

test('raw socket: huge chunked body without Content-Length → 413 envelope; server still answers', async () => {
  const head = `POST ${START} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
  const chunk = 'a'.repeat(16 * 1024);
  const chunks = [head];
  for (let i = 0; i < 20; i++) chunks.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
  chunks.push('0\r\n\r\n');
  const { data } = await rawExchange(sim.port, chunks);
  const r = parseResponse(data);
  assert.equal(r.status, 413);
  assert.equal(r.body.code, 1000);
  assert.equal(r.headers.connection, 'close');
  assertConforms({ method: 'POST', path: START, status: r.status, contentType: r.headers['content-type'], body: r.body });
  await alive();
});

test('raw socket: huge body with Content-Length → 413 envelope', async () => {
  const body = Buffer.alloc(200 * 1024, 0x61);
  const head = `POST ${START} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  const { data } = await rawExchange(sim.port, [head, body]);
  const r = parseResponse(data);
  assert.equal(r.status, 413);
  assert.equal(r.body.code, 1000);
  await alive();
});

test('raw socket: wrong content type and malformed HTTP; server still answers', async () => {
  const body = '{"destination":"+6590000008"}';
  const head = `POST ${START} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  const r = parseResponse((await rawExchange(sim.port, [head, body])).data);
  assert.equal(r.status, 415);
  assert.equal(r.body.code, 1000);
  // Not HTTP at all: the server closes (hyper answers 400) and keeps serving others.
  const garbage = await rawExchange(sim.port, ['\x00\x01GARBAGE \xff\r\n\r\n']);
  assert.ok(garbage.closed);
  // A request line with a bad path byte.
  await rawExchange(sim.port, ['GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n']);
  await alive();
});

test('keep-alive: several requests on one connection', async () => {
  const req = (dest, last) => {
    const b = JSON.stringify({ destination: dest });
    return `POST ${START} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\nContent-Type: application/json\r\nContent-Length: ${b.length}\r\n${last ? 'Connection: close\r\n' : ''}\r\n${b}`;
  };
  const { data } = await rawExchange(sim.port, [req('+6590000011'), req('+6590000012'), req('+6590000013', true)]);
  const text = data.toString('utf8');
  assert.equal(text.match(/HTTP\/1\.1 200 OK/g).length, 3);
});
