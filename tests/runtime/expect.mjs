// What every runtime's scenario report must say (see fixtures/scenario.mjs).
import assert from "node:assert/strict";
import { createServer } from "node:net";

/** `entry`: "server" (node, deno, workerd, edge-light) or "browser" (no proxy there). */
export function assertScenarioReport(report, { entry = "server" } = {}) {
  const expected = ["VerifyClient", "VerifyError", "checkCode", "checkSmaCoverage", "getVerification", "isVerifyError", "startVerification", "version"];
  for (const name of expected) assert.ok(report.exports.includes(name), `exports ${name}`);
  for (const name of ["createVerifyProxy", "createRedisLimitStore", "createDurableObjectLimitStore", "VerifyLimiterDurableObject"]) {
    assert.equal(report.exports.includes(name), entry === "server", `${name} only in server entries`);
  }
  assert.match(report.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(report.ctor, { name: "VerifyError", code: "INVALID_REQUEST", field: "subAccountId", isVerifyError: true });
  assert.equal(report.invalidRequest.code, "INVALID_REQUEST");
  assert.equal(report.invalidRequest.field, "brnd");
  assert.deepEqual(report.started, { status: "WAITING", attemptsLeft: 5, expiresInSeconds: 300 });
  assert.deepEqual(report.wrong, { outcome: "WRONG_CODE", attemptsLeft: 4, verified: false });
  assert.deepEqual(report.right, { outcome: "VERIFIED", status: "VERIFIED", verified: true });
  assert.equal(report.network.code, "NETWORK");
  assert.equal(report.timeout.code, "TIMEOUT");
  assert.equal(report.badResponse.code, "BAD_RESPONSE");
  assert.equal(report.badResponse.status, 200);
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
