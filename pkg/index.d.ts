// Types of verify-8x8: one declaration file for every entry. The data types are generated
// from the crate's Rust definitions (tsify, into dist/server.d.ts at build time); what is
// written here is the JavaScript layer — its functions and classes. `createVerifyProxy`
// and the limit-store adapters exist only in the server entries (Node, Deno, workerd,
// edge-light).

import type {
  CallOptions,
  Channel,
  ClientOptions,
  CodeCheck,
  ProxyOptions,
  SmaCoverage,
  SmaCoverageRequest,
  StartVerificationRequest as StartVerificationFields,
  Verification,
  VerifyErrorCode,
  VerifyErrorInit,
  WhatsAppOptions,
} from "./dist/server.js";

export type {
  CallOptions,
  Channel,
  ClientOptions,
  CodeCheck,
  CodeType,
  FetchCredentials,
  Language,
  Limit,
  LimitOptions,
  Outcome,
  ProxyEvent,
  ProxyEventType,
  ProxyOptions,
  ProxyStartRequest,
  Region,
  SmaCoverage,
  SmaCoverageRequest,
  SmsEncoding,
  SmsOptions,
  Status,
  Verification,
  VerificationDefaults,
  VerifyErrorCode,
  VerifyErrorInit,
  VoiceCallOptions,
  WhatsAppOptions,
} from "./dist/server.js";

/**
 * 8x8's VerifyRequestV2 in camelCase: the generated fields, and one rule between two of them
 * that a field-by-field type cannot say — with `channel: "whatsapp"`, `whatsapp` (its
 * template) is required. Unknown fields are rejected.
 */
export type StartVerificationRequest = StartVerificationFields &
  ({ channel: "whatsapp"; whatsapp: WhatsAppOptions } | { channel?: Exclude<Channel, "whatsapp"> });

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

/** Every failure. Messages name the field and the rule, never a value, key or code. */
export declare class VerifyError extends Error {
  /** `retryable` is what the wasm decided for the code; an error made by hand says it itself (default false). */
  constructor(init: Omit<VerifyErrorInit, "retryable"> & { retryable?: boolean });
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
  /**
   * True when a startVerification or checkCode failed after its request may have reached 8x8
   * (or the proxy): a code may have been sent, an attempt spent. The connection dropped or timed
   * out after sending, the call was aborted mid-request, or the answer was a 5xx, an unreadable
   * 2xx or a 409. Safe next steps: a check → getVerification (spends no attempt); through a proxy →
   * the same call with the same `idempotencyKey`; direct mode → a new start only after
   * resendInSeconds. False for every other failure (nothing was sent).
   */
  readonly maybeSent: boolean;
  toJSON(): VerifyErrorInit & { name: "VerifyError"; maybeSent: boolean };
}

/** True for a VerifyError from any copy of this package or any realm. */
export function isVerifyError(error: unknown): error is VerifyError;

/**
 * The code of the SMS just sent, through the WebOTP API where the browser has it (Chrome on
 * Android: the user taps once; the proxy binds SMS codes to the page's origin, README
 * "Origin-bound codes"). Resolves with the code, or with `null` at once where there is no WebOTP
 * (desktop browsers, Firefox, Safari: there `autocomplete="one-time-code"` offers the code) and
 * when none is delivered. Rejects with a VerifyError `ABORTED` when `signal` fires (e.g. the user
 * started typing). Needs no permission. Browser entry only; not in the server entries.
 */
export function receiveCode(options?: { signal?: AbortSignal }): Promise<string | null>;

/**
 * Shared memory for the proxy, e.g. across isolates: the limits' counters (fixed windows) and the
 * idempotency records (the first answer to each `Idempotency-Key`, so a repeat is never sent twice).
 */
export interface LimitStore {
  hit(key: string, max: number, windowSeconds: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
  /**
   * Stores `record` under `key` for `ttlSeconds` unless `key` holds a live record — atomically —
   * and resolves to the record found, or `null` when it stored `record`.
   */
  claimIdempotencyKey(key: string, record: string, ttlSeconds: number): Promise<string | null>;
  /** Replaces the record of `key` for `ttlSeconds`; `null` deletes the key. */
  settleIdempotencyKey(key: string, record: string | null, ttlSeconds: number): Promise<void>;
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
