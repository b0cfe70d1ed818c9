// The JavaScript face of verify-8x8, shared by every entry: VerifyError, isVerifyError, the
// four operations and VerifyClient. The wasm module takes and returns plain JavaScript
// values (serde-wasm-bindgen converts them) and rejects with plain descriptors
// ({ code, message, ... }); this file turns those into VerifyErrors, once, here.

const DETAIL_FIELDS = ["status", "apiCode", "errorId", "retryAfterSeconds", "field"];

/** Every failure of verify-8x8. Branch on `code`; messages never contain secrets. */
export class VerifyError extends Error {
  constructor({ code, message, ...details }) {
    super(message);
    this.code = code;
    // Whether trying again later can succeed: decided by the wasm (one rule, in Rust), and said
    // explicitly by the few errors made here.
    this.retryable = details.retryable === true;
    // A start or check that may have reached 8x8 (a code sent, an attempt spent) although it failed.
    this.maybeSent = details.maybeSent === true;
    for (const key of DETAIL_FIELDS) {
      if (details[key] !== undefined) this[key] = details[key];
    }
  }

  toJSON() {
    const json = { name: this.name, code: this.code, message: this.message, retryable: this.retryable, maybeSent: this.maybeSent };
    for (const key of DETAIL_FIELDS) {
      if (this[key] !== undefined) json[key] = this[key];
    }
    return json;
  }
}
VerifyError.prototype.name = "VerifyError";

/** True for a VerifyError from any copy of this package or any realm (checked by name). */
export function isVerifyError(error) {
  return typeof error === "object" && error !== null && error.name === "VerifyError" && typeof error.code === "string";
}

/** Turns whatever an operation threw (the wasm throws descriptors) into a VerifyError. */
export function toVerifyError(thrown) {
  if (isVerifyError(thrown)) return thrown;
  const descriptor =
    typeof thrown === "object" &&
    thrown !== null &&
    !(thrown instanceof Error) &&
    typeof thrown.code === "string" &&
    typeof thrown.message === "string";
  if (descriptor) return new VerifyError(thrown);
  return new VerifyError({ code: "NETWORK", message: "the operation failed unexpectedly", retryable: true });
}

const rethrowAsVerifyError = (thrown) => {
  throw toVerifyError(thrown);
};

/**
 * Builds the client API over a wasm module.
 * - `load()` returns the wasm exports, or a promise of them (the browser loads lazily).
 * - `prepare(options)` checks options synchronously (throwing a VerifyError) and returns what
 *   the wasm receives; the browser checks its few proxy-mode rules and resolves a relative
 *   baseUrl, the server entries hand options straight to the wasm.
 */
export function createClientApi({ load, prepare = (options) => options }) {
  async function wasmCall(operation) {
    let wasm;
    try {
      wasm = await load();
    } catch {
      throw new VerifyError({ code: "NETWORK", message: "the verify-8x8 WebAssembly module could not be loaded", retryable: true });
    }
    try {
      return await operation(wasm);
    } catch (thrown) {
      throw toVerifyError(thrown);
    }
  }

  /** Options for the wasm, or a rejection: the free functions never throw synchronously. */
  const checked = (options) => {
    try {
      return { options: prepare(options) };
    } catch (thrown) {
      return { error: toVerifyError(thrown) };
    }
  };
  const call = (options, operation) => {
    const { options: prepared, error } = checked(options);
    return error ? Promise.reject(error) : wasmCall((wasm) => operation(wasm, prepared));
  };

  /** Sends a one-time code (or starts SMA). Never retried automatically. */
  async function startVerification(options, request, callOptions) {
    return call(options, (wasm, o) => wasm.startVerification(o, request, callOptions));
  }

  /** Checks a code; a wrong code resolves with outcome "WRONG_CODE". Never retried automatically. */
  async function checkCode(options, sessionId, code, callOptions) {
    return call(options, (wasm, o) => wasm.checkCode(o, sessionId, code, callOptions));
  }

  /** Reads a verification without consuming an attempt. */
  async function getVerification(options, sessionId, callOptions) {
    return call(options, (wasm, o) => wasm.getVerification(o, sessionId, callOptions));
  }

  /** Asks whether silent mobile authentication can reach a device (direct mode only). */
  async function checkSmaCoverage(options, request, callOptions) {
    return call(options, (wasm, o) => wasm.checkSmaCoverage(o, request, callOptions));
  }

  /** The four operations bound to options checked once, synchronously, in the constructor. */
  class VerifyClient {
    #options;
    #client;

    constructor(options) {
      this.#options = prepare(options);
      // Server entries have the module at hand: the wasm checks the options here and now.
      // The browser loads it lazily: `prepare` has checked the proxy-mode rules, and the
      // wasm client is built on first use.
      const wasm = load();
      if (typeof wasm.then !== "function") this.#client = this.#build(wasm);
    }

    #build(wasm) {
      try {
        return new wasm.Client(this.#options);
      } catch (thrown) {
        throw toVerifyError(thrown);
      }
    }

    #run(operation) {
      const client = this.#client;
      if (client === undefined) return wasmCall((wasm) => operation((this.#client ??= this.#build(wasm))));
      // The module is loaded and the client built: one promise reaction per call, no async frames.
      let pending;
      try {
        pending = operation(client);
      } catch (thrown) {
        return Promise.reject(toVerifyError(thrown));
      }
      return pending.then(undefined, rethrowAsVerifyError);
    }

    startVerification(request, callOptions) {
      return this.#run((client) => client.startVerification(request, callOptions));
    }

    checkCode(sessionId, code, callOptions) {
      return this.#run((client) => client.checkCode(sessionId, code, callOptions));
    }

    getVerification(sessionId, callOptions) {
      return this.#run((client) => client.getVerification(sessionId, callOptions));
    }

    checkSmaCoverage(request, callOptions) {
      return this.#run((client) => client.checkSmaCoverage(request, callOptions));
    }
  }

  return { startVerification, checkCode, getVerification, checkSmaCoverage, VerifyClient };
}
