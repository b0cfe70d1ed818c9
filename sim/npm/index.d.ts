// verify-8x8-sim: a faithful simulator of 8x8's Verification API v2 for your own tests.

/** Options of {@link createSimulator}; every one has the native binary's default. */
export interface SimulatorOptions {
  /** The key clients must send as `Authorization: Bearer <apiKey>`. Default `"test-key"`. */
  apiKey?: string;
  /** The only subaccount id this "account" owns (`^[A-Za-z0-9\-._&]{3,50}$`). Default `"test_hq"`. */
  subAccountId?: string;
  /** More than this many requests per second per subaccount get 429; 0 (the default) is off. */
  rateLimit?: number;
  /** Answer browsers from any origin (CORS headers and preflights). Default `false`. */
  cors?: boolean;
  /** The real clock, in ms since the epoch (default `Date.now`); `advanceClock` moves on top of it. */
  now?: () => number;
}

/** A message the simulator "delivered" to a phone (`GET /_sim/messages`). */
export interface Message {
  /** `+` and the international digits. */
  destination: string;
  channel: "sms" | "call" | "whatsapp" | "viber";
  /** The full text as 8x8 would send it: the request's `template` (every line, an origin-bound `@host #code` last line included) with `{code}` and `{brand}` filled in, or the default text. */
  text: string;
  /** The one-time code it carries. */
  code: string;
  sessionId: string;
  /** When it was sent, on the simulator's clock (`yyyy-MM-ddTHH:mm:ss.ffZ`). */
  sentAt: string;
}

/** The next `count` matching requests on the 8x8 surface misbehave (`POST /_sim/faults`). */
export interface Fault {
  /** How many requests take this fault. Default 1. */
  count?: number;
  /** Only requests whose path starts with this (e.g. `/api/v2/subaccounts/test_hq/sessions`). Default `/`. */
  path?: string;
  /** Wait this long first (0–120000 ms). */
  delayMs?: number;
  /** Answer with this status (400–599) and 8x8's error envelope; the request is not processed. */
  status?: number;
  /** The envelope's `code` (needs `status`); by default derived from the status. */
  apiCode?: number;
  /** Break the body: an HTML page, or valid JSON cut in half. */
  body?: "non-json" | "truncated";
  /** Close the connection before any byte (through `sim.fetch`: a rejected fetch). */
  drop?: boolean;
}

/** Options of {@link Simulator.listen}. */
export interface ListenOptions {
  /** Default `"127.0.0.1"`. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
}

/** A listening simulator. */
export interface Listener {
  /** `http://127.0.0.1:PORT`: use it as the client's `baseUrl` (or a proxy's `upstreamUrl`). */
  url: string;
  /** Stops accepting and resolves once open requests finished. */
  close(): Promise<void>;
}

export interface Simulator {
  /**
   * 8x8's three operations and the `/_sim/*` control endpoints, in-process: any host,
   * the path decides. Bound: pass it around detached (a Worker's `fetch`, an msw handler).
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Delivered messages, oldest first; to one number when given (`+65…`, `65…` and spaced forms are one number). */
  messages(destination?: string): Message[];
  /** The code of the latest message to `destination`, if any. */
  lastCode(destination: string): string | undefined;
  /** Moves the simulator's clock forward (sessions expire, resend intervals pass). */
  advanceClock(seconds: number): void;
  /** Queues a fault; throws a `TypeError` naming the problem for an invalid one. */
  fault(fault: Fault): void;
  /** Forgets sessions, messages, faults, recorded requests, rate-limit counters and the clock offset. */
  reset(): void;
  /** A real HTTP server in front of this simulator (Node and Deno). */
  listen(options?: ListenOptions): Promise<Listener>;
}

/** A fresh simulator; its state lives in this process (or isolate) only. */
export function createSimulator(options?: SimulatorOptions): Simulator;
