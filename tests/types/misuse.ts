// Every line marked @ts-expect-error is a misuse the declarations must reject; if one
// stops being an error, tsc reports the unused directive and the check fails.
import { checkCode, receiveCode, startVerification, VerifyClient, type ClientOptions, type CodeCheck, type VerifyErrorCode } from "verify-8x8";

const options: ClientOptions = { baseUrl: "/api/verify" };

// @ts-expect-error: unknown option name
export const typo: ClientOptions = { apikey: "k" };
// @ts-expect-error: unknown region
export const region: ClientOptions = { region: "asia" };
// @ts-expect-error: timeoutMs is a number
export const timeout: ClientOptions = { timeoutMs: "10s" };

// @ts-expect-error: receiveCode may resolve with null (no WebOTP)
export const notNull: Promise<string> = receiveCode();

export async function misuse(check: CodeCheck): Promise<void> {
  // @ts-expect-error: destination is required
  await startVerification(options, { channel: "sms" });
  // @ts-expect-error: wrong channel name
  await startVerification(options, { destination: "+6587654321", channel: "SMS" });
  // @ts-expect-error: whatsapp needs whatsapp.templateName
  await startVerification(options, { destination: "+6587654321", channel: "whatsapp" });
  // @ts-expect-error: unknown request field
  await startVerification(options, { destination: "+6587654321", tempalte: "x" });
  // @ts-expect-error: codeLength is a number
  await startVerification(options, { destination: "+6587654321", codeLength: "6" });
  // @ts-expect-error: codeType values are capitals
  await startVerification(options, { destination: "+6587654321", codeType: "numeric" });
  // @ts-expect-error: language tags are case-sensitive
  await startVerification(options, { destination: "+6587654321", language: "en-us" });
  // @ts-expect-error: call.repetition is a number
  await startVerification(options, { destination: "+6587654321", call: { repetition: "2" } });
  // @ts-expect-error: sms encodings are AUTO, GSM7, UCS2
  await startVerification(options, { destination: "+6587654321", sms: { encoding: "UTF8" } });
  // @ts-expect-error: the code is a string
  await checkCode(options, "session", 1234);
  // @ts-expect-error: the signal is an AbortSignal
  await checkCode(options, "session", "1234", { signal: true });
  // @ts-expect-error: an idempotency key is a string
  await checkCode(options, "session", "1234", { idempotencyKey: 42 });
  // @ts-expect-error: wrong outcome name
  if (check.outcome === "WRONG") return;
  // @ts-expect-error: not an error code
  const code: VerifyErrorCode = "EXPIRED";
  // @ts-expect-error: verified is a boolean
  const verified: string = check.verified;
  // @ts-expect-error: the client needs options
  new VerifyClient();
  void code, verified;
}

import { createVerifyProxy } from "verify-8x8";

// @ts-expect-error: allowedCountries is required
createVerifyProxy({ apiKey: "k", subAccountId: "acme_hq" });
// @ts-expect-error: the browser's fields cannot be server defaults
createVerifyProxy({ apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["SG"], defaults: { destination: "+6587654321" } });
// @ts-expect-error: limits are { max, windowSeconds }
createVerifyProxy({ apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["SG"], limits: { perDestination: 3 } });
// @ts-expect-error: onEvent receives an event, and its type is one of four
createVerifyProxy({ apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["SG"], onEvent: (event) => event.type === "sms" });
// @ts-expect-error: perCountry is a limit too
createVerifyProxy({ apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["SG"], limits: { perCountry: 100 } });
// @ts-expect-error: the browser's fields cannot be server defaults (clientIp)
createVerifyProxy({ apiKey: "k", subAccountId: "acme_hq", allowedCountries: ["SG"], defaults: { clientIp: "1.2.3.4" } });
