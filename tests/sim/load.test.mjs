// Concurrency and bounded memory: 10,000 requests over 50 concurrent
// connections with zero errors, then a second batch of 10,000 with distinct
// destinations must not grow the resident set by 20 MB or more.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simMessages } from '../support/sim.mjs';
import { pool, treeRssKb, useSim } from './helpers.mjs';

const { sim, api } = useSim();

const TOTAL = 10_000;
const CONCURRENCY = 50;

/** One batch: even jobs start a session for a new destination, odd jobs read one back. */
async function batch(prefix) {
  const ids = [];
  const failures = [];
  await pool(TOTAL, CONCURRENCY, async (i) => {
    try {
      if (i % 2 === 0 || ids.length === 0) {
        const destination = `+${prefix}${String(i).padStart(7, '0')}`;
        const r = await api.start({ destination });
        if (r.status !== 200) failures.push(`${i}: ${r.status} ${r.text}`);
        else ids.push(r.body.sessionId);
      } else {
        const r = await api.check(ids[i % ids.length]);
        if (r.status !== 200 || r.body.status !== 'WAITING') failures.push(`${i}: ${r.status} ${r.text}`);
      }
    } catch (e) {
      failures.push(`${i}: ${e.cause?.code ?? e.message}`);
    }
  });
  return { ids, failures };
}

test('10,000 requests over 50 connections, zero errors; memory stays bounded', async () => {
  const t0 = Date.now();
  const first = await batch('6581');
  assert.deepEqual(first.failures.slice(0, 5), [], `${first.failures.length} failures`);
  assert.ok(first.ids.length >= TOTAL / 2);
  const elapsed = Date.now() - t0;
  const before = treeRssKb(sim.process.pid);

  const second = await batch('6582');
  assert.deepEqual(second.failures.slice(0, 5), [], `${second.failures.length} failures`);
  const afterKb = treeRssKb(sim.process.pid);
  const growthMb = (afterKb - before) / 1024;
  console.log(`first batch ${elapsed} ms; RSS ${before} kB → ${afterKb} kB (+${growthMb.toFixed(1)} MB)`);
  assert.ok(growthMb < 20, `RSS grew by ${growthMb.toFixed(1)} MB`);

  // Every session start delivered one message (the inbox is capped at 10,000 in total).
  const all = await simMessages(sim.url);
  assert.equal(all.length, TOTAL);
  assert.equal(sim.logs().filter((l) => / 200 /.test(l)).length >= 2 * TOTAL, true);
});
