// The plain-JavaScript baseline for `calls`: what a careful developer would hand-write
// instead of verify-8x8 — a fetch client doing the same requests, comparable validation
// (options, every StartVerificationRequest field, destination normalisation, session id
// and code checks) and the same tolerant parsing (legacy names, ISO-8601 timestamps of any
// precision and offset, countdowns from the Date header), the same timeout handling
// (AbortController + cleared timer) and the same error mapping by status.
// No dependencies; runs in any runtime with fetch.
//
// Its parts: ./baseline-request.mjs (validation), ./baseline-response.mjs (parsing and
// error mapping), ./baseline-errors.mjs (the error class).
import { BaselineError, bad, invalid } from "./baseline-errors.mjs";
import { checkCodeText, checkSessionId, object, startBody } from "./baseline-request.mjs";
import { errorForStatus, parseHttpDate, readVerification } from "./baseline-response.mjs";

export { BaselineError };

const REGIONS = { ap: "https://verify.8x8.com", us: "https://verify.us.8x8.com", eu: "https://verify.8x8.uk", id: "https://verify.8x8.id" };
const OUTCOMES = { VERIFIED: "VERIFIED", WAITING: "WRONG_CODE", FAILED: "FAILED", EXPIRED: "EXPIRED" };
const MAX_JSON_BODY = 64 * 1024;

// ---- options and transport -----------------------------------------------------------

function parseBase(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password || url.search || url.hash || /[?#\s\\]/.test(text)) return null;
  const host = url.hostname;
  const loopback = host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
  return { prefix: `${url.origin}${url.pathname.replace(/\/+$/, "")}`, https: url.protocol === "https:", loopback };
}

export class BaselineClient {
  #prefix;
  #authorization;
  #timeoutMs;
  #requestForm;

  /**
   * `requestForm`: send `fetch(new Request(url, init))` — the one form gloo-net has — instead
   * of `fetch(url, init)`, to measure what that form costs by itself.
   */
  constructor(options, { requestForm = false } = {}) {
    this.#requestForm = requestForm;
    object(options, "options");
    const known = new Set(["apiKey", "subAccountId", "region", "baseUrl", "timeoutMs"]);
    for (const name of Object.keys(options)) if (!known.has(name)) throw invalid(name, "is not a known option");
    const { apiKey, subAccountId, region, baseUrl, timeoutMs = 10000 } = options;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600000) throw invalid("timeoutMs", "must be an integer number of milliseconds from 1 to 600000");
    if (region !== undefined && !(region in REGIONS)) throw invalid("region", 'must be one of "ap", "us", "eu", "id"');
    this.#timeoutMs = timeoutMs;
    if (apiKey === undefined) {
      const base = typeof baseUrl === "string" && parseBase(baseUrl);
      if (!base) throw invalid("baseUrl", "is required without apiKey (proxy mode)");
      this.#prefix = base.prefix;
      return;
    }
    if (typeof apiKey !== "string" || !/^[\x21-\x7e]+$/.test(apiKey)) throw invalid("apiKey", "must be a non-empty string of printable ASCII characters without spaces");
    if (typeof subAccountId !== "string" || !/^[A-Za-z0-9\-._&]{3,50}$/.test(subAccountId)) throw invalid("subAccountId", "must be 3 to 50 letters, digits, or - . _ &");
    const base = parseBase(baseUrl ?? REGIONS[region ?? "ap"]);
    if (!base) throw invalid("baseUrl", "must be an absolute http: or https: URL without credentials, query or fragment");
    if (!base.https && !base.loopback) throw invalid("baseUrl", "must use https: with apiKey, unless its host is loopback");
    this.#prefix = `${base.prefix}/api/v2/subaccounts/${subAccountId}`;
    this.#authorization = `Bearer ${apiKey}`;
  }

  async #send(method, url, body, call) {
    const caller = call?.signal;
    if (caller?.aborted) throw new BaselineError("ABORTED", "the caller's AbortSignal aborted the request");
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.#timeoutMs);
    const headers = { accept: "application/json" };
    if (this.#authorization) headers.authorization = this.#authorization;
    if (body !== undefined) headers["content-type"] = "application/json";
    try {
      const init = {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: caller ? AbortSignal.any([deadline.signal, caller]) : deadline.signal,
      };
      const response = await (this.#requestForm ? fetch(new Request(url, init)) : fetch(url, init));
      const text = await response.text();
      let json = null;
      if (text.length <= MAX_JSON_BODY) {
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
      }
      return { status: response.status, date: response.headers.get("date"), retryAfter: response.headers.get("retry-after"), json };
    } catch (error) {
      if (error instanceof BaselineError) throw error;
      if (caller?.aborted) throw new BaselineError("ABORTED", "the caller's AbortSignal aborted the request");
      if (deadline.signal.aborted) throw new BaselineError("TIMEOUT", `no complete response within timeoutMs (${this.#timeoutMs} ms)`);
      throw new BaselineError("NETWORK", "the request failed before a response arrived (network error)");
    } finally {
      clearTimeout(timer);
    }
  }

  #read(response) {
    const nowMs = parseHttpDate(response.date) ?? Date.now();
    if (response.status < 200 || response.status > 299) throw errorForStatus(response.status, response.json, response.retryAfter, nowMs);
    if (response.json === null) throw bad("is not JSON");
    return readVerification(response.json, nowMs);
  }

  async startVerification(request, call) {
    const body = startBody(request);
    return this.#read(await this.#send("POST", `${this.#prefix}/sessions`, body, call));
  }

  async checkCode(sessionId, code, call) {
    checkSessionId(sessionId);
    checkCodeText(code);
    const v = this.#read(await this.#send("GET", `${this.#prefix}/sessions/${sessionId}?code=${encodeURIComponent(code)}`, undefined, call));
    v.outcome = OUTCOMES[v.status];
    return v;
  }

  async getVerification(sessionId, call) {
    checkSessionId(sessionId);
    return this.#read(await this.#send("GET", `${this.#prefix}/sessions/${sessionId}`, undefined, call));
  }
}
