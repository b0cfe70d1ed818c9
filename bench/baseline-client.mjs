// The plain-JavaScript baseline for `calls`: what a careful developer would hand-write
// instead of verify-8x8 — a fetch client doing the same requests, comparable validation
// (options, every StartVerificationRequest field, destination normalisation, session id
// and code checks) and the same tolerant parsing (legacy names, ISO-8601 timestamps of any
// precision and offset, countdowns from the Date header), the same timeout handling
// (AbortController + cleared timer) and the same error mapping by status.
// No dependencies; runs in any runtime with fetch.

const REGIONS = { ap: "https://verify.8x8.com", us: "https://verify.us.8x8.com", eu: "https://verify.8x8.uk", id: "https://verify.8x8.id" };
const CHANNELS = new Set(["sms", "call", "whatsapp", "viber", "sma"]);
const CODE_TYPES = new Set(["NUMERIC", "NUMERIC_WITH_DASH", "ALPHANUMERIC", "ALPHANUMERIC_CAPITALS", "ALPHANUMERIC_EASY"]);
const ENCODINGS = new Set(["AUTO", "GSM7", "UCS2"]);
const STATUSES = new Set(["WAITING", "VERIFIED", "FAILED", "EXPIRED"]);
const OUTCOMES = { VERIFIED: "VERIFIED", WAITING: "WRONG_CODE", FAILED: "FAILED", EXPIRED: "EXPIRED" };
const RETRYABLE = new Set(["RESEND_TOO_SOON", "RATE_LIMITED", "SERVER_ERROR", "NETWORK", "TIMEOUT"]);
export const LANGUAGES = new Set(
  ("ar-EG ar-SA bg-BG ca-ES cs-CZ da-DK de-AT de-CH de-DE el-GR en-AU en-CA en-GB en-IE en-IN en-US es-ES es-MX " +
    "fi-FI fr-CA fr-CH fr-FR he-IL hi-IN hr-HR hu-HU id-ID it-IT ja-JP ko-KR ms-MY nb-NO nl-NL pl-PL pt-BR pt-PT " +
    "ro-RO ru-RU sk-SK sl-SI sv-SE ta-IN th-TH tr-TR vi-VN zh-CN zh-HK zh-TW").split(" "),
);
const MAX_JSON_BODY = 64 * 1024;
const MAX_RETRY_AFTER = 365 * 24 * 3600;

export class BaselineError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = "VerifyError";
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    Object.assign(this, details);
  }
}

function invalid(field, rule) {
  return new BaselineError("INVALID_REQUEST", `${field} ${rule}`, { field });
}

// ---- phone numbers -------------------------------------------------------------------

/** `{ digits, international }` after removing spaces, dots, brackets, dashes and one leading + or 00; null if not 6–15 digits. */
export function normaliseDestination(raw) {
  const compact = raw.replace(/[ .()[\]-]/g, "");
  let rest = compact;
  let international = false;
  if (compact.startsWith("+")) {
    rest = compact.slice(1);
    international = true;
  } else if (compact.startsWith("00")) {
    rest = compact.slice(2);
    international = true;
  }
  if (!/^\d{6,15}$/.test(rest) || (international && rest[0] === "0")) return null;
  return { digits: rest, international };
}

// ---- request validation --------------------------------------------------------------

function str(value, field) {
  if (typeof value !== "string") throw invalid(field, "must be a string");
  return value;
}
function int(value, field, min, max) {
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(field, `must be an integer from ${min} to ${max}`);
  return value;
}
function oneOf(value, field, set) {
  if (!set.has(value)) throw invalid(field, `must be one of ${[...set].join(", ")}`);
  return value;
}
function object(value, field) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid(field, "must be an object");
  return value;
}
function notEmpty(value, field) {
  if (value === "") throw invalid(field, "must not be empty");
  return value;
}
function maxChars(value, field, max) {
  if ([...value].length > max) throw invalid(field, `must be at most ${max} characters`);
  return value;
}
function isIp(text) {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255 && (o === "0" || o[0] !== "0"));
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(":")) return false;
  try {
    new URL(`http://[${text}]/`);
    return true;
  } catch {
    return false;
  }
}
function isHttpUrl(text) {
  return /^https?:\/\/[^/?#]/i.test(text) && /^[\x21-\x7e]+$/.test(text);
}
function isSmsSource(text) {
  return /^\+?\d{1,16}$/.test(text) || /^[A-Za-z0-9 ]{1,11}$/.test(text);
}

/** Checks a StartVerificationRequest and returns the JSON body 8x8 receives. */
export function startBody(request) {
  object(request, "request");
  const body = {};
  let destination;
  for (const name of Object.keys(request)) {
    const v = request[name];
    if (v === undefined || v === null) continue;
    switch (name) {
      case "destination": {
        const d = normaliseDestination(str(v, "destination"));
        if (!d) throw invalid("destination", "must be a phone number of 6 to 15 digits (spaces, dots, brackets, dashes and one leading + or 00 allowed)");
        destination = d.international ? `+${d.digits}` : d.digits;
        break;
      }
      case "country":
        if (!/^[A-Za-z]{2}$/.test(str(v, "country"))) throw invalid("country", "must be a two-letter ISO 3166 country code");
        body.country = v.toUpperCase();
        break;
      case "channel": body.channel = oneOf(v, "channel", CHANNELS); break;
      case "brand": body.brand = maxChars(str(v, "brand"), "brand", 30); break;
      case "codeLength": body.codeLength = int(v, "codeLength", 3, 10); break;
      case "codeValidity": body.codeValidity = int(v, "codeValidity", 30, 7200); break;
      case "codeType": body.codeType = oneOf(v, "codeType", CODE_TYPES); break;
      case "template": body.template = str(v, "template"); break;
      case "templateKey": body.templateKey = notEmpty(str(v, "templateKey"), "templateKey"); break;
      case "language": body.language = oneOf(str(v, "language"), "language", LANGUAGES); break;
      case "resetSession":
        if (typeof v !== "boolean") throw invalid("resetSession", "must be a boolean");
        body.resetSession = v;
        break;
      case "resendingInterval": body.resendingInterval = int(v, "resendingInterval", 10, 7200); break;
      case "callbackUrl":
        if (!isHttpUrl(str(v, "callbackUrl"))) throw invalid("callbackUrl", "must be an absolute http: or https: URL");
        body.callbackUrl = v;
        break;
      case "clientIp":
        if (!isIp(str(v, "clientIp"))) throw invalid("clientIp", "must be an IPv4 or IPv6 address");
        body.clientIp = v;
        break;
      case "sms": body.sms = smsOptions(v); break;
      case "call": body.call = callOptions(v); break;
      case "whatsapp": body.whatsapp = whatsappOptions(v); break;
      default: throw invalid(name, "is not a known field");
    }
  }
  if (destination === undefined) throw invalid("destination", "is required");
  if (body.channel === "whatsapp" && !body.whatsapp) throw invalid("whatsapp.templateName", 'is required when channel is "whatsapp"');
  return { destination, ...body };
}

function smsOptions(value) {
  const out = {};
  for (const [name, v] of Object.entries(object(value, "sms"))) {
    if (v === undefined || v === null) continue;
    if (name === "source") {
      if (!isSmsSource(str(v, "sms.source"))) throw invalid("sms.source", "must be up to 11 letters, digits and spaces, or up to 16 digits with an optional leading +");
      out.source = v;
    } else if (name === "encoding") out.encoding = oneOf(v, "sms.encoding", ENCODINGS);
    else throw invalid(`sms.${name}`, "is not a known field");
  }
  return out;
}

function callOptions(value) {
  const out = {};
  for (const [name, v] of Object.entries(object(value, "call"))) {
    if (v === undefined || v === null) continue;
    if (name === "source") out.source = notEmpty(str(v, "call.source"), "call.source");
    else if (name === "speed") {
      if (typeof v !== "number" || !(v >= 0.5 && v <= 2)) throw invalid("call.speed", "must be a number from 0.5 to 2");
      out.speed = v;
    } else if (name === "repetition") out.repetition = int(v, "call.repetition", 1, 3);
    else if (name === "voiceProfile") out.voiceProfile = maxChars(str(v, "call.voiceProfile"), "call.voiceProfile", 50);
    else throw invalid(`call.${name}`, "is not a known field");
  }
  return out;
}

function whatsappOptions(value) {
  let templateName;
  for (const [name, v] of Object.entries(object(value, "whatsapp"))) {
    if (v === undefined || v === null) continue;
    if (name === "templateName") templateName = notEmpty(str(v, "whatsapp.templateName"), "whatsapp.templateName");
    else throw invalid(`whatsapp.${name}`, "is not a known field");
  }
  if (templateName === undefined) throw invalid("whatsapp.templateName", "is required");
  return { templateName };
}

function checkSessionId(id) {
  if (typeof id !== "string" || !/^[A-Za-z0-9-]{1,64}$/.test(id)) throw invalid("sessionId", "must be 1 to 64 letters, digits or dashes");
}
function checkCodeText(code) {
  if (typeof code !== "string" || !/^(?=(?:[A-Za-z0-9]-?){3,10}$)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?$/.test(code)) {
    throw invalid("code", "must be 3 to 10 letters or digits, optionally with one dash");
  }
}

// ---- response parsing ----------------------------------------------------------------

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** ISO-8601 of any fractional precision and offset → ms since the epoch, or null. */
export function parseIso(text) {
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
function parseHttpDate(text) {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

function bad(what) {
  return new BaselineError("BAD_RESPONSE", `8x8's response ${what}`);
}

function readVerification(body, nowMs) {
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

function errorForStatus(status, body, retryAfterHeader, nowMs) {
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
