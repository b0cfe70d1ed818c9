// The plain-JavaScript baseline's one error class (./baseline-client.mjs): a VerifyError
// with a code and whether it is retryable, as verify-8x8 throws them, and its two kinds,
// a request refused before sending and a response 8x8 should not have sent.

const RETRYABLE = new Set(["RESEND_TOO_SOON", "RATE_LIMITED", "SERVER_ERROR", "NETWORK", "TIMEOUT"]);

/** A VerifyError as the baseline throws it: `code`, `retryable`, and what else is known (status, field, …). */
export class BaselineError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = "VerifyError";
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    Object.assign(this, details);
  }
}

/** INVALID_REQUEST naming the field and the rule it breaks. */
export function invalid(field, rule) {
  return new BaselineError("INVALID_REQUEST", `${field} ${rule}`, { field });
}

/** BAD_RESPONSE: what is wrong with 8x8's response. */
export function bad(what) {
  return new BaselineError("BAD_RESPONSE", `8x8's response ${what}`);
}
