// msw (Mock Service Worker) in Node: VerifyClient (verify-8x8, direct mode, its default
// host https://verify.8x8.com) against one msw handler that calls sim.fetch. Both
// packages come from their packed tarballs; the flow runs in its own process, which
// counts every client socket Node opens: none may be.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { stageSimFiles } from "../support/sim-package.mjs";

const run = promisify(execFile);

test("msw: VerifyClient in direct mode verifies a number against sim.fetch, no socket opened", async () => {
  const dir = stageSimFiles("sim-npm-msw", ["sim-npm/fixtures/msw-flow.mjs"]);
  const { stdout } = await run(process.execPath, [path.join(dir, "msw-flow.mjs")], { cwd: dir });
  const report = JSON.parse(stdout);
  assert.deepEqual(report.started, { status: "WAITING", attemptsLeft: 5, expiresInSeconds: 300 });
  assert.equal(report.text, "Acme: Your verification code is <code>");
  assert.deepEqual(report.wrong, { outcome: "WRONG_CODE", attemptsLeft: 4 });
  assert.deepEqual(report.right, { outcome: "VERIFIED", verified: true });
  assert.deepEqual(report.failure, { code: "SERVER_ERROR", status: 503, retryable: true });
  assert.equal(report.seen.length, 4, "every request went through the one handler");
  assert.ok(report.seen.every((s) => s.startsWith("POST /api/v2/subaccounts/test_hq/sessions") || s.startsWith("GET /api/v2/subaccounts/test_hq/sessions/")));
  assert.equal(report.sockets, 0, "no socket was opened");
});
