// Harness shared by the simulator's integration tests (tests/sim/*.test.mjs).
// Not a test file itself. Every response received from the 8x8 surface goes
// through `Api.request`, which checks it against the repository's schema of 8x8's
// answers (tests/schema/verify-8x8-wire.schema.json, written from 8x8's published
// OpenAPI file) and records it. A missing schema file fails every suite that imports this.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, beforeEach } from 'node:test';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { resetSim, startSim } from '../support/sim.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCHEMA_PATH = path.join(repoRoot, 'tests', 'schema', 'verify-8x8-wire.schema.json');

export const KEY = 'test-key';
export const SUB = 'test_hq';
export const JSON_HEADERS = { 'content-type': 'application/json' };

// ---------------------------------------------------------------- conformance

/** Validators of the bodies the schema file defines, by name. */
export const schemas = loadSchemas();

function loadSchemas() {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addSchema(schema);
  const get = (name) => {
    const v = ajv.getSchema(`${schema.$id}#/$defs/${name}`);
    assert.ok(v, `schema ${name} missing from ${SCHEMA_PATH}`);
    return v;
  };
  return {
    VerifyResponseV2: get('VerifyResponseV2'),
    VerifySmaCoverageCheckResponse: get('VerifySmaCoverageCheckResponse'),
    ErrorResponse: get('ErrorResponse'),
  };
}

/** Which spec operation a method and path address (null: not one of the three). */
export function operationOf(method, urlPath) {
  const p = urlPath.split('?')[0];
  if (method === 'POST' && /^\/api\/v2\/subaccounts\/[^/]+\/sessions$/.test(p)) return 'verify-request-v2';
  if (method === 'GET' && /^\/api\/v2\/subaccounts\/[^/]+\/sessions\/[^/]+$/.test(p)) return 'code-validation-v2';
  if (method === 'POST' && /^\/api\/v2\/subaccounts\/[^/]+\/sma\/coverage$/.test(p)) return 'sma-coverage-check';
  return null;
}

/** The schema name for an operation's response with `status`. */
export function schemaNameFor(operation, status) {
  if (status >= 400) return 'ErrorResponse';
  if (status !== 200) return null;
  if (operation === 'sma-coverage-check') return 'VerifySmaCoverageCheckResponse';
  if (operation) return 'VerifyResponseV2';
  return null;
}

const RESPONSE_KEYS = ['sessionId', 'verifyUri', 'destination', 'status', 'attempt', 'expiresAt', 'retryAfter', 'sma'];
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{2}Z$/;

/** Every checked response of this process: { method, path, status, schema }. */
export const checked = [];

/**
 * Asserts that a response from the 8x8 surface conforms: the schema of 8x8's
 * answers plus the simulator's own promises (exact field sets, timestamp format,
 * JSON content type).
 */
export function assertConforms({ method, path: urlPath, status, contentType, body }) {
  const operation = operationOf(method, urlPath);
  const name = schemaNameFor(operation, status);
  if (status >= 400 || name) {
    assert.match(contentType ?? '', /^application\/json/, `${method} ${urlPath}: content type`);
  }
  if (status >= 400) {
    assert.deepEqual(Object.keys(body).sort(), ['code', 'errorId', 'message', 'timestamp'], 'error envelope fields');
    assert.equal(typeof body.message, 'string');
    assert.match(body.timestamp, STAMP);
    assert.match(body.errorId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  } else if (name === 'VerifyResponseV2') {
    for (const k of Object.keys(body)) assert.ok(RESPONSE_KEYS.includes(k), `unexpected field ${k}`);
    for (const k of RESPONSE_KEYS.slice(0, 7)) assert.ok(k in body, `missing field ${k}`);
    assert.match(body.sessionId, /^[0-9a-f]{32}$/);
    const sub = /^\/api\/v2\/subaccounts\/([^/?]+)/.exec(urlPath)?.[1];
    assert.equal(body.verifyUri, `/api/v2/subaccounts/${sub}/sessions/${body.sessionId}`);
    assert.match(body.destination, /^\+[1-9][0-9]{7,14}$/);
    assert.match(body.expiresAt, STAMP);
    assert.match(body.retryAfter, STAMP);
  } else if (name === 'VerifySmaCoverageCheckResponse') {
    assert.deepEqual(Object.keys(body), ['isAvailable']);
  }
  if (name) {
    const validate = schemas[name];
    const ok = validate(body);
    assert.ok(ok, `${method} ${urlPath} ${status} does not match ${name}: ${JSON.stringify(validate.errors)}`);
  }
  if (name) checked.push({ method, path: urlPath.split('?')[0], status, schema: name });
}

// ---------------------------------------------------------------- HTTP client

/** A client of the simulator's 8x8 surface that checks every response. */
export class Api {
  constructor(url, { key = KEY, sub = SUB } = {}) {
    this.url = url;
    this.key = key;
    this.sub = sub;
  }

  get base() {
    return `/api/v2/subaccounts/${this.sub}`;
  }

  /**
   * Sends a request. `body` (object) is sent as JSON; `rawBody` as is.
   * `faulted: true` skips the conformance check (for injected broken bodies).
   */
  async request(method, urlPath, { body, rawBody, headers = {}, auth = true, faulted = false } = {}) {
    const h = { ...headers };
    if (auth && !('authorization' in h)) h.authorization = `Bearer ${this.key}`;
    let payload = rawBody;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      if (!('content-type' in h)) h['content-type'] = 'application/json';
    }
    const res = await fetch(this.url + urlPath, { method, headers: h, body: payload });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const r = { status: res.status, headers: res.headers, body: json, text, contentType };
    if (!faulted && !urlPath.startsWith('/_sim')) {
      assertConforms({ method, path: urlPath, status: res.status, contentType, body: json });
    }
    return r;
  }

  /** POST …/sessions */
  start(body, opts) {
    return this.request('POST', `${this.base}/sessions`, { body, ...opts });
  }

  /** GET …/sessions/{id}[?code=] */
  check(id, code, opts) {
    const q = code === undefined ? '' : `?code=${encodeURIComponent(code)}`;
    return this.request('GET', `${this.base}/sessions/${id}${q}`, opts);
  }

  /** POST …/sma/coverage */
  coverage(body, opts) {
    return this.request('POST', `${this.base}/sma/coverage`, { body, ...opts });
  }
}

/**
 * The simulator a test file (or a `describe` block) runs against: started with `args`
 * before its first test, stopped after its last, and reset before each test when
 * `reset`. Call it where the tests are declared; `sim` (what `startSim` resolves to)
 * and `api` (an `Api` on it) are filled in by the time a test runs.
 * @param {{ args?: string[], reset?: boolean }} [options]
 */
export function useSim({ args = [], reset = false } = {}) {
  const sim = {};
  const api = new Api(undefined);
  before(async () => {
    Object.assign(sim, await startSim({ args }));
    api.url = sim.url;
  });
  after(() => sim.stop());
  if (reset) beforeEach(() => resetSim(sim.url));
  return { sim, api };
}

/** Asserts an error envelope with `status` and 8x8 `code`; returns the body. */
export function expectError(r, status, code, messagePart) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.equal(r.body?.code, code, `expected code ${code}: ${r.text}`);
  if (messagePart) assert.ok(r.body.message.includes(messagePart), `message ${JSON.stringify(r.body.message)} lacks ${messagePart}`);
  return r.body;
}

/** Asserts a 200 VerifyResponseV2; returns the body. */
export function expectSession(r, status = 'WAITING') {
  assert.equal(r.status, 200, `expected 200, got ${r.status}: ${r.text}`);
  assert.equal(r.body.status, status, r.text);
  return r.body;
}

/** Parses an 8x8 timestamp (or any ISO-8601) to milliseconds. */
export const ms = (stamp) => Date.parse(stamp);

// ---------------------------------------------------------------- raw sockets

/**
 * Writes `chunks` (strings or Buffers) to a fresh TCP connection and collects
 * every byte until the server closes it (or `timeoutMs` passes).
 * Resolves to { data: Buffer, closed: boolean, error?: string }.
 */
export function rawExchange(port, chunks, { timeoutMs = 5000 } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    const parts = [];
    let settled = false;
    const finish = (closed, error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ data: Buffer.concat(parts), closed, error });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.on('data', (d) => parts.push(d));
    sock.on('end', () => finish(true));
    sock.on('close', () => finish(true));
    sock.on('error', (e) => finish(true, e.code));
    sock.on('connect', async () => {
      for (const c of chunks) {
        if (sock.destroyed) return;
        const more = sock.write(c);
        if (!more) await new Promise((r) => sock.once('drain', r));
      }
    });
  });
}

/** Parses one HTTP/1.1 response (Content-Length framed) from raw bytes. */
export function parseResponse(buf) {
  const sep = buf.indexOf('\r\n\r\n');
  assert.ok(sep > 0, `no HTTP response head in ${JSON.stringify(buf.toString('latin1').slice(0, 200))}`);
  const head = buf.subarray(0, sep).toString('latin1').split('\r\n');
  const status = Number(head[0].split(' ')[1]);
  const headers = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = buf.subarray(sep + 4);
  if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  const text = body.toString('utf8');
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, text, body: json };
}

/** Resident set size of a process in kB, from /proc (Linux). */
export function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  assert.ok(m, 'VmRSS not found');
  return Number(m[1]);
}

/**
 * Resident set size in kB of a process and all its descendants (npx runs the
 * npm simulator as a child of npm).
 */
export function treeRssKb(pid) {
  const children = (p) => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  let total = 0;
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    total += rssKb(p);
    queue.push(...children(p));
  }
  return total;
}

/** Runs `total` jobs over `concurrency` workers; resolves to results in order. */
export async function pool(total, concurrency, job) {
  const results = new Array(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      results[i] = await job(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
