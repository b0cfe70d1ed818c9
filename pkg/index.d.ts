// Types of verify-8x8: one declaration file for every entry. `createVerifyProxy` and the
// limit-store adapters exist only in the server entries (Node, Deno, workerd, edge-light).

/** An 8x8 region: ap → verify.8x8.com, us → verify.us.8x8.com, eu → verify.8x8.uk, id → verify.8x8.id. */
export type Region = "ap" | "us" | "eu" | "id";

/**
 * Direct mode (`apiKey` + `subAccountId`, servers only) or proxy mode (`baseUrl` of a
 * `createVerifyProxy` endpoint, no key). Unknown option names are rejected.
 */
export interface ClientOptions {
  /** The 8x8 API key (direct mode). Sent only in the Authorization header. */
  apiKey?: string;
  /** Direct mode: required, `^[A-Za-z0-9\-._&]{3,50}$`. */
  subAccountId?: string;
  /** Default "ap". */
  region?: Region;
  /** Overrides the region: the simulator, or a proxy (relative URLs only in browsers). */
  baseUrl?: string;
  /** Budget for the whole request, body included. Default 10000. */
  timeoutMs?: number;
}

/** Optional last argument of every operation. */
export interface CallOptions {
  /** Aborts the call; it then rejects with code "ABORTED". */
  signal?: AbortSignal;
}

export type Channel = "sms" | "call" | "whatsapp" | "viber" | "sma";
export type CodeType = "NUMERIC" | "NUMERIC_WITH_DASH" | "ALPHANUMERIC" | "ALPHANUMERIC_CAPITALS" | "ALPHANUMERIC_EASY";
export type SmsEncoding = "AUTO" | "GSM7" | "UCS2";
/** 8x8's language tags (case-sensitive). */
export type Language =
  | "ar-EG" | "ar-SA" | "bg-BG" | "ca-ES" | "cs-CZ" | "da-DK" | "de-AT" | "de-CH" | "de-DE" | "el-GR"
  | "en-AU" | "en-CA" | "en-GB" | "en-IE" | "en-IN" | "en-US" | "es-ES" | "es-MX" | "fi-FI" | "fr-CA"
  | "fr-CH" | "fr-FR" | "he-IL" | "hi-IN" | "hr-HR" | "hu-HU" | "id-ID" | "it-IT" | "ja-JP" | "ko-KR"
  | "ms-MY" | "nb-NO" | "nl-NL" | "pl-PL" | "pt-BR" | "pt-PT" | "ro-RO" | "ru-RU" | "sk-SK" | "sl-SI"
  | "sv-SE" | "ta-IN" | "th-TH" | "tr-TR" | "vi-VN" | "zh-CN" | "zh-HK" | "zh-TW";

/** SMS options (channel "sms"). */
export interface SmsOptions {
  /** Sender id: up to 11 letters, digits and spaces, or up to 16 digits with an optional +. */
  source?: string;
  encoding?: SmsEncoding;
}

/** Voice options (channel "call"). */
export interface VoiceCallOptions {
  /** Caller id. */
  source?: string;
  /** 0.5 – 2, default 0.8. */
  speed?: number;
  /** 1 – 3, default 2. */
  repetition?: number;
  /** e.g. "en-US-Kimberly"; at most 50 characters. */
  voiceProfile?: string;
}

/** WhatsApp options (required with channel "whatsapp"). */
export interface WhatsAppOptions {
  /** Name of the WhatsApp authentication template. */
  templateName: string;
}

interface StartVerificationFields {
  /** International (+6587654321, 006587654321) or national with `country`; 6–15 digits. */
  destination: string;
  /** ISO 3166 alpha-2 country of a national destination. */
  country?: string;
  /** At most 30 characters; fills {brand}. */
  brand?: string;
  /** 3 – 10, default 4. */
  codeLength?: number;
  /** Seconds, 30 – 7200, default 300. */
  codeValidity?: number;
  codeType?: CodeType;
  /** Message text with {code} and {brand} (sms and call). */
  template?: string;
  /** A template saved in 8x8 Connect. */
  templateKey?: string;
  language?: Language;
  /** true: a new code even while one is pending. */
  resetSession?: boolean;
  /** Seconds between two sends, 10 – 7200, default 10. */
  resendingInterval?: number;
  /** Absolute http(s) URL for 8x8's status callbacks. */
  callbackUrl?: string;
  /** The end user's IP address. */
  clientIp?: string;
  sms?: SmsOptions;
  call?: VoiceCallOptions;
}

/** 8x8's VerifyRequestV2 in camelCase. Unknown fields are rejected. */
export type StartVerificationRequest =
  | (StartVerificationFields & { channel: "whatsapp"; whatsapp: WhatsAppOptions })
  | (StartVerificationFields & { channel?: Exclude<Channel, "whatsapp">; whatsapp?: WhatsAppOptions });

/** Input of checkSmaCoverage. */
export interface SmaCoverageRequest {
  /** IP address of the device's mobile-data session. */
  clientIp: string;
  destination?: string;
  country?: string;
}

export type VerificationStatus = "WAITING" | "VERIFIED" | "FAILED" | "EXPIRED";

/** A verification session. */
export interface Verification {
  sessionId: string;
  status: VerificationStatus;
  /** status === "VERIFIED". */
  verified: boolean;
  /** As returned (masked to its last 4 digits when read through a proxy). */
  destination: string;
  /** Unsuccessful code checks so far. */
  attempt: number;
  /** 5 - attempt while WAITING, otherwise 0. */
  attemptsLeft: number;
  /** ISO-8601, as returned. */
  expiresAt: string;
  /** ISO-8601: the earliest time a new code may be requested. */
  retryAfter: string;
  /** Seconds until expiresAt, by the response's Date header; never negative. */
  expiresInSeconds: number;
  /** Seconds until retryAfter, by the response's Date header; never negative. */
  resendInSeconds: number;
  verifyUri: string;
  /** Channel "sma": the URL the device opens over mobile data. */
  smaVerificationUrl?: string;
}

export type CodeCheckOutcome = "VERIFIED" | "WRONG_CODE" | "FAILED" | "EXPIRED";

/** The session after a code check, and what the check did. A wrong code is an outcome, not an error. */
export interface CodeCheck extends Verification {
  outcome: CodeCheckOutcome;
}

export interface SmaCoverage {
  isAvailable: boolean;
}

/** Sends a one-time code (or starts SMA). Never retried automatically. */
export function startVerification(options: ClientOptions, request: StartVerificationRequest, call?: CallOptions): Promise<Verification>;
/** Checks a code the user typed. Consumes an attempt; never retried automatically. */
export function checkCode(options: ClientOptions, sessionId: string, code: string, call?: CallOptions): Promise<CodeCheck>;
/** Reads a verification without consuming an attempt. */
export function getVerification(options: ClientOptions, sessionId: string, call?: CallOptions): Promise<Verification>;
/** Whether silent mobile authentication can reach a device. Direct mode only. */
export function checkSmaCoverage(options: ClientOptions, request: SmaCoverageRequest, call?: CallOptions): Promise<SmaCoverage>;

/** The four operations bound to options that are validated synchronously here. */
export declare class VerifyClient {
  /** @throws {VerifyError} INVALID_REQUEST naming the bad option. */
  constructor(options: ClientOptions);
  startVerification(request: StartVerificationRequest, call?: CallOptions): Promise<Verification>;
  checkCode(sessionId: string, code: string, call?: CallOptions): Promise<CodeCheck>;
  getVerification(sessionId: string, call?: CallOptions): Promise<Verification>;
  checkSmaCoverage(request: SmaCoverageRequest, call?: CallOptions): Promise<SmaCoverage>;
}

export type VerifyErrorCode =
  | "INVALID_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "RESEND_TOO_SOON"
  | "RATE_LIMITED"
  | "UPGRADE_REQUIRED"
  | "SERVER_ERROR"
  | "NETWORK"
  | "TIMEOUT"
  | "ABORTED"
  | "BAD_RESPONSE";

/** What a VerifyError is made from. */
export interface VerifyErrorInit {
  code: VerifyErrorCode;
  message: string;
  status?: number;
  apiCode?: number;
  errorId?: string;
  retryAfterSeconds?: number;
  field?: string;
}

/** Every failure. Messages name the field and the rule, never a value, key or code. */
export declare class VerifyError extends Error {
  constructor(init: VerifyErrorInit);
  readonly name: "VerifyError";
  readonly code: VerifyErrorCode;
  /** HTTP status, when there was a response. */
  readonly status?: number;
  /** The service's numeric error code, when sent. */
  readonly apiCode?: number;
  /** The service's errorId (quote it to 8x8 support), when sent. */
  readonly errorId?: string;
  /** Seconds to wait before retrying, when known. */
  readonly retryAfterSeconds?: number;
  /** True exactly for RESEND_TOO_SOON, RATE_LIMITED, SERVER_ERROR, NETWORK, TIMEOUT. */
  readonly retryable: boolean;
  /** INVALID_REQUEST: the offending field as a dotted path, e.g. "call.repetition". */
  readonly field?: string;
  toJSON(): VerifyErrorInit & { name: "VerifyError"; retryable: boolean };
}

/** True for a VerifyError from any copy of this package or any realm. */
export function isVerifyError(error: unknown): error is VerifyError;

/** A fixed-window limit. */
export interface Limit {
  /** Hits allowed per window (≥ 1). */
  max: number;
  /** Window length in seconds. */
  windowSeconds: number;
}

/** Shared counters for the proxy's limits, e.g. across isolates. Fixed windows. */
export interface LimitStore {
  hit(key: string, max: number, windowSeconds: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

/** Options of createVerifyProxy (server entries only). Unknown names are rejected. */
export interface ProxyOptions {
  apiKey: string;
  subAccountId: string;
  region?: Region;
  /** Overrides the region: e.g. the simulator. https unless loopback. */
  upstreamUrl?: string;
  /** Default "/api/verify". */
  basePath?: string;
  /** ISO alpha-2 codes codes may be sent to, or ["*"] for all. Checked against the number itself. */
  allowedCountries: string[];
  /** Channels the browser may ask for; default ["sms"]. */
  channels?: Channel[];
  /** Exact origins allowed cross-origin (CORS); default none (same-origin only). */
  allowedOrigins?: string[];
  /** Server-side request fields (brand, template, codeLength, ...); never from the browser. */
  defaults?: Partial<Omit<StartVerificationFields, "destination" | "country" | "clientIp">> & {
    channel?: Channel;
    whatsapp?: WhatsAppOptions;
  };
  /** Defaults: 3 sends per destination per 10 min, 10 requests per client IP per hour; null turns one off. */
  limits?: { perDestination?: Limit | null; perClientIp?: Limit | null };
  /** Default: in memory, per isolate, capped at 10k keys (LRU). */
  store?: LimitStore;
  /** Header carrying the client IP (X-Forwarded-For: its right-most entry). Default: CF-Connecting-IP in workerd, x-real-ip in edge-light. */
  clientIpHeader?: string;
  /** Upstream timeout in ms (default 10000); a timeout answers 504. */
  timeoutMs?: number;
  /** Runs before a code is sent; answer with a Response to refuse (e.g. a failed bot check). */
  beforeSend?: (ctx: { request: Request; destination: string; country: string; clientIp?: string }) => Promise<void | Response>;
  /** Runs on the server when 8x8 reports VERIFIED for a code check — the one trustworthy signal. A Response replaces the answer. */
  onVerified?: (verification: Verification, request: Request) => Promise<void | Response>;
  /** Millisecond clock for the in-memory limiter (tests). */
  now?: () => number;
}

/** A Request → Response handler; `fetch` is bound: `export default { fetch: proxy.fetch }`. */
export interface VerifyProxy {
  fetch(request: Request, info?: unknown): Promise<Response>;
}

/**
 * The browser proxy: serves POST {basePath}/sessions and GET {basePath}/sessions/{id}[?code=].
 * Server entries only (Node, Deno, workerd, edge-light); not in the browser entry.
 * @throws {VerifyError} INVALID_REQUEST naming the bad option.
 */
export function createVerifyProxy(options: ProxyOptions): VerifyProxy;

/**
 * A LimitStore in Redis, shared by every proxy using the same server: one atomic Lua script
 * per hit. Bring your own connected client (node-redis, ioredis, or one with
 * `eval(script, keys, args)` such as @upstash/redis). Server entries only.
 */
export function createRedisLimitStore(client: object, options?: { prefix?: string }): LimitStore;

/** A LimitStore in Cloudflare Durable Objects (one object per key). Pass the binding of VerifyLimiterDurableObject. */
export function createDurableObjectLimitStore(namespace: {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(input: string, init?: RequestInit): Promise<Response> };
}): LimitStore;

/** The Durable Object class behind createDurableObjectLimitStore: export it from your Worker and bind it. */
export declare class VerifyLimiterDurableObject {
  constructor(state: unknown, env?: unknown);
  fetch(request: Request): Promise<Response>;
  alarm(): Promise<void>;
}

/** The package version. */
export function version(): string | Promise<string>;
