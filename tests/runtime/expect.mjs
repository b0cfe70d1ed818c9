// What every runtime's scenario report must say (see fixtures/scenario.mjs).
import assert from "node:assert/strict";
import { createServer } from "node:net";

/**
 * `entry`: "server" (node, deno, workerd, edge-light; direct mode) or "browser" (no proxy
 * export there, and the flow runs in proxy mode through a createVerifyProxy).
 */
export function assertScenarioReport(report, { entry = "server" } = {}) {
  const expected = ["VerifyClient", "VerifyError", "checkCode", "checkSmaCoverage", "getVerification", "isVerifyError", "startVerification", "version"];
  for (const name of expected) assert.ok(report.exports.includes(name), `exports ${name}`);
  for (const name of ["createVerifyProxy", "createRedisLimitStore", "createDurableObjectLimitStore", "VerifyLimiterDurableObject"]) {
    assert.equal(report.exports.includes(name), entry === "server", `${name} only in server entries`);
  }
  assert.match(report.version, /^\d+\.\d+\.\d+/);
  // A key alone: the server asks for its subaccount; the browser refuses any key at once.
  const keyField = entry === "server" ? "subAccountId" : "apiKey";
  assert.deepEqual(report.ctor, { name: "VerifyError", code: "INVALID_REQUEST", field: keyField, isVerifyError: true });
  assert.equal(report.invalidRequest.code, "INVALID_REQUEST");
  assert.equal(report.invalidRequest.field, "brnd");
  assert.deepEqual(report.started, { status: "WAITING", attemptsLeft: 5, expiresInSeconds: 300 });
  assert.deepEqual(report.wrong, { outcome: "WRONG_CODE", attemptsLeft: 4, verified: false });
  assert.deepEqual(report.right, { outcome: "VERIFIED", status: "VERIFIED", verified: true });
  assert.equal(report.network.code, "NETWORK");
  assert.equal(report.timeout.code, "TIMEOUT");
  if (entry === "server") {
    assert.deepEqual([report.badResponse.code, report.badResponse.status], ["BAD_RESPONSE", 200]);
  } else {
    // Through a proxy, 8x8's garbage is the proxy's 502.
    assert.deepEqual([report.badResponse.code, report.badResponse.status], ["SERVER_ERROR", 502]);
  }
  for (const reason of ["none", "string", "number", "domException"]) {
    assert.deepEqual(report.aborted[reason], { code: "ABORTED", prompt: true, nextWorks: true }, `abort(${reason})`);
  }
  assert.equal(report.afterFailures, "VERIFIED");
}

/** A loopback URL nothing listens on. */
export async function closedUrl() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

let counter = 0;
/** A destination no other test in this process uses. */
export function freshDestination() {
  counter += 1;
  return `+65${String(80000000 + ((process.pid * 100 + counter) % 10000000)).padStart(8, "0")}`;
}

/** What the client-only fixtures answer: a started session, then the same session read back. */
export function assertClientOnlyReport({ started, read }) {
  assert.equal(typeof started.sessionId, "string", JSON.stringify(started));
  assert.equal(started.status, "WAITING");
  assert.equal(read.sessionId, started.sessionId);
  assert.equal(read.status, "WAITING");
}
