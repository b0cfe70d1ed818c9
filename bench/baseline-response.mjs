// The plain-JavaScript baseline's response parsing (./baseline-client.mjs): 8x8's
// verification tolerantly read (legacy names, ISO-8601 timestamps of any precision and
// offset, countdowns from the Date header) and its error statuses mapped to error codes.
import { BaselineError, bad } from "./baseline-errors.mjs";

const STATUSES = new Set(["WAITING", "VERIFIED", "FAILED", "EXPIRED"]);
const MAX_RETRY_AFTER = 365 * 24 * 3600;

// ---- response parsing ----------------------------------------------------------------

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** ISO-8601 of any fractional precision and offset → ms since the epoch, or null. */
function parseIso(text) {
  const m = typeof text === "string" ? ISO.exec(text) : null;
  if (!m) return null;
  const [, y, mo, d, h, mi, s = "0", frac = "", , sign, oh = "0", om = "0"] = m;
  if (+mo < 1 || +mo > 12 || +d < 1 || +h > 23 || +mi > 59 || +s > 60 || +oh > 23 || +om > 59) return null;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, Math.min(+s, 59), +(frac + "00").slice(0, 3));
  if (new Date(ms).getUTCDate() !== +d) return null;
  const offset = sign ? (sign === "-" ? -1 : 1) * (+oh * 60 + +om) : 0;
  return ms - offset * 60000;
}

/** HTTP-date (IMF-fixdate, RFC 850, asctime) → ms, or null. */
export function parseHttpDate(text) {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** The verification in a 2xx body, with countdowns from `nowMs` (8x8's Date). */
export function readVerification(body, nowMs) {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw bad("is not a JSON object");
  const sessionId = [body.sessionId, body.sessionID, body.uid].find((v) => typeof v === "string");
  if (!sessionId) throw bad("has no sessionId");
  const status = body.status;
  if (!STATUSES.has(status)) throw bad("has no valid status");
  let destination = body.destination;
  if (typeof destination === "number") {
    if (!Number.isSafeInteger(destination) || destination < 0) throw bad("has a destination that is not a phone number");
    destination = String(destination);
  } else if (typeof destination !== "string") throw bad("has no destination");
  const attempt = body.attempt ?? 0;
  if (!Number.isInteger(attempt) || attempt < 0) throw bad("has an attempt that is not a non-negative integer");
  const expiresAt = body.expiresAt;
  const expiresMs = parseIso(expiresAt);
  if (expiresMs === null) throw bad("has no valid expiresAt");
  const retryAfter = typeof body.retryAfter === "string" ? body.retryAfter : body.nextSmsAfter;
  const retryMs = parseIso(retryAfter);
  if (retryMs === null) throw bad("has no valid retryAfter");
  const verifyUri = [body.verifyUri, body.resourceUri].find((v) => typeof v === "string") ?? "";
  const v = {
    sessionId,
    status,
    verified: status === "VERIFIED",
    destination,
    attempt,
    attemptsLeft: status === "WAITING" ? Math.max(0, 5 - attempt) : 0,
    expiresAt,
    retryAfter,
    expiresInSeconds: Math.max(0, Math.floor((expiresMs - nowMs) / 1000)),
    resendInSeconds: Math.max(0, Math.floor((retryMs - nowMs) / 1000)),
    verifyUri,
  };
  if (body.sma != null) {
    if (typeof body.sma.verificationUrl !== "string") throw bad("has an sma object without verificationUrl");
    v.smaVerificationUrl = body.sma.verificationUrl;
  }
  return v;
}

function retryAfterSeconds(header, nowMs, body) {
  if (header) {
    const h = header.trim();
    if (/^\d+$/.test(h)) return Math.min(Number(h), MAX_RETRY_AFTER);
    const at = parseHttpDate(h);
    if (at !== null) return Math.min(Math.ceil(Math.max(0, at - nowMs) / 1000), MAX_RETRY_AFTER);
  }
  const s = body?.retryAfterSeconds;
  return typeof s === "number" && s >= 0 ? Math.min(Math.ceil(s), MAX_RETRY_AFTER) : undefined;
}

/** The error for a non-2xx answer: its code by status and 8x8's code, with retryAfterSeconds and field where known. */
export function errorForStatus(status, body, retryAfterHeader, nowMs) {
  const apiCode = Number.isInteger(body?.code) ? body.code : undefined;
  const details = { status, apiCode };
  if (typeof body?.errorId === "string" && body.errorId.length <= 64) details.errorId = body.errorId;
  const wait = retryAfterSeconds(retryAfterHeader, nowMs, body);
  if (wait !== undefined) details.retryAfterSeconds = wait;
  let code;
  let what;
  if (status === 400 && apiCode === 1001) [code, what] = ["UNAUTHORIZED", "the subaccount does not belong to this API key"];
  else if (status === 401) [code, what] = ["UNAUTHORIZED", "the API key was not accepted"];
  else if (status === 400 && apiCode === 1002) [code, what, details.field] = ["INVALID_REQUEST", "destination is not a phone number 8x8 accepts", "destination"];
  else if (status === 400 && apiCode === 1009) [code, what, details.field] = ["INVALID_REQUEST", "country is not a country 8x8 accepts", "country"];
  else if (status === 403 && apiCode === 1400) [code, what] = ["RESEND_TOO_SOON", "a new code was requested before the resend interval ended"];
  else if (status === 403) [code, what] = ["FORBIDDEN", "the request is not allowed"];
  else if (status === 404) [code, what] = ["NOT_FOUND", "the verification was not found"];
  else if (status === 426) [code, what] = ["UPGRADE_REQUIRED", "a newer TLS version is required"];
  else if (status === 429) [code, what] = ["RATE_LIMITED", "too many requests"];
  else if (status >= 500 && status <= 599) [code, what] = ["SERVER_ERROR", "the service failed"];
  else if (status >= 400 && status <= 499) {
    [code, what] = ["INVALID_REQUEST", "the request was rejected"];
    if (typeof body?.field === "string" && /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/.test(body.field) && body.field.length <= 64) details.field = body.field;
  } else [code, what] = ["BAD_RESPONSE", "the service answered with an unexpected status"];
  return new BaselineError(code, apiCode === undefined ? `${what} (HTTP ${status})` : `${what} (HTTP ${status}, code ${apiCode})`, details);
}
