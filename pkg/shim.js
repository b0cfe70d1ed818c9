// The JavaScript face of verify-8x8, shared by every entry: VerifyError, isVerifyError,
// the four operations and VerifyClient. The wasm module rejects with plain descriptors
// ({ code, message, ... }); this file turns them into VerifyErrors, once, here.

const RETRYABLE = new Set(["RESEND_TOO_SOON", "RATE_LIMITED", "SERVER_ERROR", "NETWORK", "TIMEOUT"]);
const DETAIL_FIELDS = ["status", "apiCode", "errorId", "retryAfterSeconds", "field"];

/** Every failure of verify-8x8. Branch on `code`; messages never contain secrets. */
export class VerifyError extends Error {
  constructor({ code, message, ...details }) {
    super(message);
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    for (const key of DETAIL_FIELDS) {
      if (details[key] !== undefined) this[key] = details[key];
    }
  }

  toJSON() {
    const json = { name: this.name, code: this.code, message: this.message, retryable: this.retryable };
    for (const key of DETAIL_FIELDS) {
      if (this[key] !== undefined) json[key] = this[key];
    }
    return json;
  }
}
VerifyError.prototype.name = "VerifyError";

/** True for a VerifyError from any copy of this package or any realm (checked by name). */
export function isVerifyError(error) {
  return (
    typeof error === "object" &&
    error !== null &&
    error.name === "VerifyError" &&
    typeof error.code === "string"
  );
}

function isDescriptor(value) {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Error) &&
    typeof value.code === "string" &&
    typeof value.message === "string" &&
    typeof value.retryable === "boolean"
  );
}

/** Turns whatever an operation threw (the wasm throws descriptors as JSON text) into a VerifyError. */
export function toVerifyError(thrown) {
  if (isVerifyError(thrown)) return thrown;
  if (typeof thrown === "string") {
    try {
      thrown = JSON.parse(thrown);
    } catch {
      // not a descriptor
    }
  }
  if (isDescriptor(thrown)) return new VerifyError(thrown);
  return new VerifyError({ code: "NETWORK", message: "the operation failed unexpectedly" });
}

/** Not JSON: non-finite numbers and BigInts reach the wasm as this, a type error wherever a value is checked. */
const NOT_JSON = "\u0000not JSON";
const keepTypeErrors = (_, value) =>
  (typeof value === "number" && !Number.isFinite(value)) || typeof value === "bigint" ? NOT_JSON : value;

/** Data as JSON text for the wasm (one copy across the boundary instead of a crossing per field). */
export function toJson(value, name) {
  try {
    return JSON.stringify(value, keepTypeErrors) ?? "null";
  } catch {
    throw new VerifyError({ code: "INVALID_REQUEST", message: `${name} must be plain data`, field: name });
  }
}

/**
 * Builds the client API over a wasm module.
 * - `load()` returns the wasm exports, or a promise of them (the browser loads lazily).
 * - `prepareOptions(options)` may rewrite options first (the browser resolves a relative baseUrl).
 * - `validateOptions(options)` checks options synchronously for the VerifyClient constructor.
 */
export function createClientApi({ load, prepareOptions = (options) => options, validateOptions }) {
  async function run(operation, options, args) {
    let wasm;
    try {
      wasm = await load();
    } catch {
      throw new VerifyError({ code: "NETWORK", message: "the verify-8x8 WebAssembly module could not be loaded" });
    }
    try {
      return JSON.parse(await wasm[operation](toJson(prepareOptions(options), "options"), ...args));
    } catch (thrown) {
      throw toVerifyError(thrown);
    }
  }

  /** Sends a one-time code (or starts SMA). Never retried automatically. */
  async function startVerification(options, request, call) {
    return run("startVerification", options, [toJson(request, "request"), call]);
  }

  /** Checks a code; a wrong code resolves with outcome "WRONG_CODE". Never retried automatically. */
  function checkCode(options, sessionId, code, call) {
    return run("checkCode", options, [sessionId, code, call]);
  }

  /** Reads a verification without consuming an attempt. */
  function getVerification(options, sessionId, call) {
    return run("getVerification", options, [sessionId, call]);
  }

  /** Asks whether silent mobile authentication can reach a device (direct mode only). */
  async function checkSmaCoverage(options, request, call) {
    return run("checkSmaCoverage", options, [toJson(request, "request"), call]);
  }

  /** The four operations bound to options checked once, synchronously, here. */
  class VerifyClient {
    #options;

    constructor(options) {
      const prepared = prepareOptions(options);
      try {
        validateOptions(prepared);
      } catch (thrown) {
        throw toVerifyError(thrown);
      }
      this.#options = Object.freeze({ ...prepared });
    }

    startVerification(request, call) {
      return startVerification(this.#options, request, call);
    }

    checkCode(sessionId, code, call) {
      return checkCode(this.#options, sessionId, code, call);
    }

    getVerification(sessionId, call) {
      return getVerification(this.#options, sessionId, call);
    }

    checkSmaCoverage(request, call) {
      return checkSmaCoverage(this.#options, request, call);
    }
  }

  return { startVerification, checkCode, getVerification, checkSmaCoverage, VerifyClient };
}
