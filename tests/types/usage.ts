// Strict usage of the public types: must compile with no error (tests/types/check.mjs).
import {
  checkCode,
  checkSmaCoverage,
  getVerification,
  isVerifyError,
  receiveCode,
  startVerification,
  VerifyClient,
  VerifyError,
  type ClientOptions,
  type CodeCheck,
  type StartVerificationRequest,
  type Verification,
  type VerifyErrorCode,
} from "verify-8x8";

const options: ClientOptions = { apiKey: "key", subAccountId: "acme_hq", region: "eu", timeoutMs: 5000 };
const proxied: ClientOptions = { baseUrl: "/api/verify" };
const request: StartVerificationRequest = {
  destination: "+44 7700 900123",
  channel: "call",
  brand: "Acme",
  codeLength: 6,
  codeType: "NUMERIC_WITH_DASH",
  language: "en-GB",
  call: { speed: 0.8, repetition: 2, voiceProfile: "en-GB-Amy" },
  sms: { source: "Acme", encoding: "AUTO" },
};
const whatsapp: StartVerificationRequest = { destination: "+6587654321", channel: "whatsapp", whatsapp: { templateName: "otp" } };

export async function flow(signal: AbortSignal): Promise<boolean> {
  const client = new VerifyClient(options);
  const started: Verification = await client.startVerification(request, { signal });
  const seconds: number = started.expiresInSeconds + started.resendInSeconds + started.attemptsLeft;
  const sma: string | undefined = started.smaVerificationUrl;
  const check: CodeCheck = await client.checkCode(started.sessionId, "1234");
  switch (check.outcome) {
    case "VERIFIED":
      return check.verified;
    case "WRONG_CODE":
      return check.attemptsLeft > 0;
    case "FAILED":
    case "EXPIRED":
      return false;
  }
  void seconds, sma;
}

export async function freeFunctions(): Promise<void> {
  await startVerification(proxied, whatsapp);
  await checkCode(proxied, "session", "1234", { idempotencyKey: "user-action-1" });
  const v = await getVerification(options, "session");
  const status: "WAITING" | "VERIFIED" | "FAILED" | "EXPIRED" = v.status;
  const { isAvailable } = await checkSmaCoverage(options, { clientIp: "203.0.113.7" });
  void status, isAvailable;
}

export function handle(error: unknown): string {
  if (isVerifyError(error)) {
    const code: VerifyErrorCode = error.code;
    const retry: boolean = error.retryable;
    const wait: number | undefined = error.retryAfterSeconds;
    const field: string | undefined = error.field;
    const maybeSent: boolean = error.maybeSent;
    return `${code} ${retry} ${wait} ${field} ${maybeSent} ${error.status} ${error.apiCode} ${error.errorId}`;
  }
  if (error instanceof VerifyError) return error.message;
  return "unknown";
}

export const constructed = new VerifyError({ code: "TIMEOUT", message: "slow" });

import { createDurableObjectLimitStore, createRedisLimitStore, createVerifyProxy, VerifyLimiterDurableObject, type LimitStore, type ProxyOptions } from "verify-8x8";

const store: LimitStore = {
  hit: async (_key, max) => ({ allowed: max > 0, retryAfterSeconds: 0 }),
  claimIdempotencyKey: async (_key, _record, _ttlSeconds) => null,
  settleIdempotencyKey: async () => {},
};
const proxyOptions: ProxyOptions = {
  apiKey: "key",
  subAccountId: "acme_hq",
  allowedCountries: ["SG", "US"],
  channels: ["sms", "call"],
  allowedOrigins: ["https://app.example.com"],
  defaults: { brand: "Acme", template: "{brand}: {code}", codeLength: 6, channel: "sms" },
  limits: { perDestination: { max: 3, windowSeconds: 600 }, perClientIp: null },
  store,
  beforeSend: async ({ destination, country, clientIp, request }) => {
    if (country === "SG" && destination.startsWith("+65") && clientIp !== undefined && request.method === "POST") return;
    return new Response(null, { status: 403 });
  },
  onVerified: async (verification) => {
    const phone: string = verification.destination;
    void phone;
  },
  onEvent: (event) => {
    const type: "sent" | "refused" | "verified" | "upstream_error" = event.type;
    const where: string | undefined = event.country;
    void type, where, event.reason, event.destination, event.clientIp;
  },
};
export const unbound: ProxyOptions = { apiKey: "key", subAccountId: "acme_hq", allowedCountries: ["SG"], originBoundCodes: false };
export async function oneTap(signal: AbortSignal): Promise<string> {
  const code: string | null = await receiveCode({ signal });
  const none: string | null = await receiveCode();
  return code ?? none ?? "";
}
export const budget: ProxyOptions = {
  apiKey: "key",
  subAccountId: "acme_hq",
  allowedCountries: ["*"],
  clientIpHeader: "x-forwarded-for",
  limits: { perCountry: { max: 500, windowSeconds: 3600 }, ipv6PrefixLength: 48, perDestination: null },
};
export const worker = { fetch: createVerifyProxy(proxyOptions).fetch };
export const stores: LimitStore[] = [
  createRedisLimitStore({ sendCommand: async () => [1, 0] }),
  createDurableObjectLimitStore({ idFromName: (name) => name, get: () => ({ fetch: async () => new Response("{}") }) }),
];
export { VerifyLimiterDurableObject };
