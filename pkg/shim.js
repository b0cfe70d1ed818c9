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
    let text;
    try {
      text = JSON.stringify(value) ?? "null";
    } catch {
      // a BigInt: the careful pass below marks it
    }
    // NaN and ±Infinity print as null: only then pay for the careful pass that marks them.
    return text === undefined || text.includes("null") ? (JSON.stringify(value, keepTypeErrors) ?? "null") : text;
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
  async function run(operation, optionsJson, args) {
    let wasm;
    try {
      wasm = await load();
    } catch {
      throw new VerifyError({ code: "NETWORK", message: "the verify-8x8 WebAssembly module could not be loaded" });
    }
    try {
      return JSON.parse(await wasm[operation](optionsJson, ...args));
    } catch (thrown) {
      throw toVerifyError(thrown);
    }
  }

  // The operations on options already serialised (VerifyClient serialises its options once).
  const operations = {
    startVerification: async (optionsJson, request, call) =>
      run("startVerification", optionsJson, [toJson(request, "request"), call]),
    checkCode: async (optionsJson, sessionId, code, call) => run("checkCode", optionsJson, [sessionId, code, call]),
    getVerification: async (optionsJson, sessionId, call) => run("getVerification", optionsJson, [sessionId, call]),
    checkSmaCoverage: async (optionsJson, request, call) =>
      run("checkSmaCoverage", optionsJson, [toJson(request, "request"), call]),
  };
  const optionsJson = (options) => toJson(prepareOptions(options), "options");

  /** Sends a one-time code (or starts SMA). Never retried automatically. */
  async function startVerification(options, request, call) {
    return operations.startVerification(optionsJson(options), request, call);
  }

  /** Checks a code; a wrong code resolves with outcome "WRONG_CODE". Never retried automatically. */
  async function checkCode(options, sessionId, code, call) {
    return operations.checkCode(optionsJson(options), sessionId, code, call);
  }

  /** Reads a verification without consuming an attempt. */
  async function getVerification(options, sessionId, call) {
    return operations.getVerification(optionsJson(options), sessionId, call);
  }

  /** Asks whether silent mobile authentication can reach a device (direct mode only). */
  async function checkSmaCoverage(options, request, call) {
    return operations.checkSmaCoverage(optionsJson(options), request, call);
  }

  /** The four operations bound to options checked once, synchronously, here. */
  class VerifyClient {
    #options;

    constructor(options) {
      const prepared = prepareOptions(options);
      try {
        validateOptions(prepared);
        this.#options = toJson(prepared, "options");
      } catch (thrown) {
        throw toVerifyError(thrown);
      }
    }

    startVerification(request, call) {
      return operations.startVerification(this.#options, request, call);
    }

    checkCode(sessionId, code, call) {
      return operations.checkCode(this.#options, sessionId, code, call);
    }

    getVerification(sessionId, call) {
      return operations.getVerification(this.#options, sessionId, call);
    }

    checkSmaCoverage(request, call) {
      return operations.checkSmaCoverage(this.#options, request, call);
    }
  }

  return { startVerification, checkCode, getVerification, checkSmaCoverage, VerifyClient };
}
