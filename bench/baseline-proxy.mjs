// The plain-JavaScript baseline for `proxy`: what a careful developer would hand-write
// instead of createVerifyProxy — a fetch handler serving POST {basePath}/sessions and
// GET {basePath}/sessions/{id}[?code=] with the same validation (the cross-site gate: fetch
// metadata and the X-Verify-8x8 header; content type, 4 KB body
// cap read from the stream, JSON, only the four browser fields, channel and language
// checks, destination normalisation, country by longest calling-code prefix with +1
// resolved by NANP area code, allowedCountries), the same forwarding (defaults, bearer
// key, timeout, redirects not followed) and the same response handling (8x8's JSON with
// verifyUri rewritten and destination masked, Cache-Control: no-store, Date / Retry-After
// passed on, 8x8's error
// envelope for its own errors, upstream failures as 502/504). No limiter: the benchmark
// runs both proxies with limits off. No dependencies; runs in any runtime with fetch.

import { LANGUAGES, normaliseDestination } from "./baseline-request.mjs";

// ITU-T E.164 calling codes → ISO 3166 alpha-2 (the main country where a code is shared).
const CALLING_CODES = new Map(
  (
    "7 RU,76 KZ,77 KZ,20 EG,211 SS,212 MA,213 DZ,216 TN,218 LY,220 GM,221 SN,222 MR,223 ML,224 GN,225 CI,226 BF,227 NE," +
    "228 TG,229 BJ,230 MU,231 LR,232 SL,233 GH,234 NG,235 TD,236 CF,237 CM,238 CV,239 ST,240 GQ,241 GA,242 CG,243 CD," +
    "244 AO,245 GW,246 IO,248 SC,249 SD,250 RW,251 ET,252 SO,253 DJ,254 KE,255 TZ,256 UG,257 BI,258 MZ,260 ZM,261 MG," +
    "262 RE,263 ZW,264 NA,265 MW,266 LS,267 BW,268 SZ,269 KM,27 ZA,290 SH,291 ER,297 AW,298 FO,299 GL,30 GR,31 NL,32 BE," +
    "33 FR,34 ES,350 GI,351 PT,352 LU,353 IE,354 IS,355 AL,356 MT,357 CY,358 FI,359 BG,36 HU,370 LT,371 LV,372 EE,373 MD," +
    "374 AM,375 BY,376 AD,377 MC,378 SM,379 VA,380 UA,381 RS,382 ME,383 XK,385 HR,386 SI,387 BA,389 MK,39 IT,40 RO,41 CH," +
    "420 CZ,421 SK,423 LI,43 AT,44 GB,45 DK,46 SE,47 NO,48 PL,49 DE,500 FK,501 BZ,502 GT,503 SV,504 HN,505 NI,506 CR," +
    "507 PA,508 PM,509 HT,51 PE,52 MX,53 CU,54 AR,55 BR,56 CL,57 CO,58 VE,590 GP,591 BO,592 GY,593 EC,594 GF,595 PY," +
    "596 MQ,597 SR,598 UY,599 CW,60 MY,61 AU,62 ID,63 PH,64 NZ,65 SG,66 TH,670 TL,672 NF,673 BN,674 NR,675 PG,676 TO," +
    "677 SB,678 VU,679 FJ,680 PW,681 WF,682 CK,683 NU,685 WS,686 KI,687 NC,688 TV,689 PF,690 TK,691 FM,692 MH,81 JP," +
    "82 KR,84 VN,850 KP,852 HK,853 MO,855 KH,856 LA,86 CN,880 BD,886 TW,90 TR,91 IN,92 PK,93 AF,94 LK,95 MM,960 MV," +
    "961 LB,962 JO,963 SY,964 IQ,965 KW,966 SA,967 YE,968 OM,970 PS,971 AE,972 IL,973 BH,974 QA,975 BT,976 MN,977 NP," +
    "98 IR,992 TJ,993 TM,994 AZ,995 GE,996 KG,998 UZ"
  )
    .split(",")
    .map((pair) => pair.split(" ")),
);
// +1: the area code decides; everything not listed is the United States.
const NANP = new Map(
  (
    "204 CA,226 CA,236 CA,249 CA,250 CA,263 CA,289 CA,306 CA,343 CA,354 CA,365 CA,367 CA,368 CA,382 CA,387 CA,403 CA," +
    "416 CA,418 CA,428 CA,431 CA,437 CA,438 CA,450 CA,468 CA,474 CA,506 CA,514 CA,519 CA,548 CA,579 CA,581 CA,584 CA," +
    "587 CA,604 CA,613 CA,639 CA,647 CA,672 CA,683 CA,705 CA,709 CA,742 CA,753 CA,778 CA,780 CA,782 CA,807 CA,819 CA," +
    "825 CA,867 CA,873 CA,879 CA,902 CA,905 CA,942 CA,242 BS,246 BB,264 AI,268 AG,284 VG,340 VI,345 KY,441 BM,473 GD," +
    "649 TC,658 JM,876 JM,664 MS,670 MP,671 GU,684 AS,721 SX,758 LC,767 DM,784 VC,787 PR,939 PR,809 DO,829 DO,849 DO," +
    "868 TT,869 KN"
  )
    .split(",")
    .map((pair) => pair.split(" ")),
);

/** The options both benchmarked proxies get (bench/proxy.mjs in Node, bench/workerd.mjs in workerd): no limits, every country. */
export function benchProxyOptions(upstreamUrl) {
  return {
    apiKey: "test-key",
    subAccountId: "test_hq",
    upstreamUrl,
    allowedCountries: ["*"],
    limits: { perDestination: null, perClientIp: null },
  };
}

/** ISO country of international digits, by longest calling-code prefix; null if none. */
export function countryOf(digits) {
  if (digits[0] === "1") return NANP.get(digits.slice(1, 4)) ?? "US";
  for (let len = 3; len >= 1; len--) {
    const country = CALLING_CODES.get(digits.slice(0, len));
    if (country) return country;
  }
  return null;
}

const MAX_BODY = 4096;
const BROWSER_FIELDS = new Set(["destination", "country", "channel", "language"]);
const SESSION_ID = /^[A-Za-z0-9-]{1,64}$/;

class Reject {
  constructor(status, code, message, extra = {}, headers = {}) {
    Object.assign(this, { status, code, message, extra, headers });
  }
}

function envelope(status, code, message, extra = {}, headers = {}) {
  return new Response(
    JSON.stringify({ code, message, errorId: crypto.randomUUID(), timestamp: new Date().toISOString(), ...extra }),
    { status, headers: { "content-type": "application/json", "cache-control": "no-store", ...headers } },
  );
}

async function readCapped(request) {
  if (!request.body) return "";
  const declared = Number(request.headers.get("content-length"));
  if (declared > MAX_BODY) throw new Reject(413, 1000, "the request body is larger than 4096 bytes");
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY) {
      reader.cancel().catch(() => {});
      throw new Reject(413, 1000, "the request body is larger than 4096 bytes");
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

function mask(destination) {
  const text = String(destination);
  const digits = text.replace(/\D/g, "");
  return `${text.startsWith("+") ? "+" : ""}${"*".repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`;
}

export function createBaselineProxy({
  apiKey,
  subAccountId,
  upstreamUrl = "https://verify.8x8.com",
  basePath = "/api/verify",
  allowedCountries,
  channels = ["sms"],
  defaults = {},
  timeoutMs = 10000,
  // fetch(new Request(url, init)), gloo-net's only form, to measure what it costs by itself.
  requestForm = false,
}) {
  const allowAll = allowedCountries.includes("*");
  const allowed = new Set(allowedCountries);
  const allowedChannels = new Set(channels);
  const upstream = `${upstreamUrl.replace(/\/+$/, "")}/api/v2/subaccounts/${subAccountId}/sessions`;
  const sessionsPath = `${basePath}/sessions`;
  const authorization = `Bearer ${apiKey}`;

  async function forward(method, url, body) {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    let response;
    let text;
    try {
      const init = {
        method,
        headers: body === undefined
          ? { accept: "application/json", authorization }
          : { accept: "application/json", authorization, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: deadline.signal,
        redirect: "manual",
      };
      response = await (requestForm ? fetch(new Request(url, init)) : fetch(url, init));
      text = await response.text();
    } catch {
      if (deadline.signal.aborted) throw new Reject(504, 2000, "the verification service did not answer in time");
      throw new Reject(502, 2000, "the verification service could not be reached");
    } finally {
      clearTimeout(timer);
    }
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const status = response.status;
    const isObject = typeof json === "object" && json !== null && !Array.isArray(json);
    if (status === 401 || (status === 400 && json?.code === 1001) || status >= 500 || !isObject) {
      console.error(`verify proxy: upstream answered ${status}`);
      throw new Reject(502, 2000, "the verification service failed");
    }
    if (status >= 200 && status <= 299) {
      const id = [json.sessionId, json.sessionID, json.uid].find((v) => typeof v === "string");
      if (!id || !SESSION_ID.test(id)) throw new Reject(502, 2000, "the verification service failed");
      json.verifyUri = `${sessionsPath}/${id}`;
      if ("resourceUri" in json) json.resourceUri = json.verifyUri;
      if (json.destination !== undefined) json.destination = mask(json.destination);
    }
    const headers = { "content-type": "application/json", "cache-control": "no-store" };
    const date = response.headers.get("date");
    if (date) headers.date = date;
    const retryAfter = response.headers.get("retry-after");
    if (retryAfter) headers["retry-after"] = retryAfter;
    return new Response(JSON.stringify(json), { status, headers });
  }

  async function start(request) {
    const type = request.headers.get("content-type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type)) throw new Reject(415, 1000, "Content-Type must be application/json");
    let input;
    try {
      input = JSON.parse(await readCapped(request));
    } catch (error) {
      if (error instanceof Reject) throw error;
      throw new Reject(400, 1000, "the body must be a JSON object");
    }
    if (typeof input !== "object" || input === null || Array.isArray(input)) throw new Reject(400, 1000, "the body must be a JSON object");
    for (const name of Object.keys(input)) {
      if (!BROWSER_FIELDS.has(name)) throw new Reject(400, 1000, `${name} may not be set by the browser`, { field: name });
    }
    const { destination, channel, language } = input;
    if (typeof destination !== "string") throw new Reject(400, 1000, "destination must be a string", { field: "destination" });
    if (input.country != null && !(typeof input.country === "string" && /^[A-Za-z]{2}$/.test(input.country))) {
      throw new Reject(400, 1000, "country must be a two-letter ISO 3166 country code", { field: "country" });
    }
    if (channel != null && !(typeof channel === "string" && allowedChannels.has(channel))) {
      throw new Reject(403, 1201, "channel is not allowed", { field: "channel" });
    }
    if (language != null && !LANGUAGES.has(language)) throw new Reject(400, 1000, "language must be one of 8x8's language tags", { field: "language" });
    const number = normaliseDestination(destination);
    if (!number) throw new Reject(400, 1002, "destination must be a phone number of 6 to 15 digits", { field: "destination" });
    const country = countryOf(number.digits);
    if (!country || !(allowAll || allowed.has(country))) throw new Reject(403, 1201, "destination is in a country that is not allowed", { field: "destination" });
    const body = { ...defaults, destination: `+${number.digits}` };
    if (channel != null) body.channel = channel;
    if (language != null) body.language = language;
    return forward("POST", upstream, body);
  }

  async function check(url, id) {
    if (!SESSION_ID.test(id)) throw new Reject(404, 1300, "not found");
    const code = url.searchParams.get("code");
    if (code !== null && !/^[A-Za-z0-9-]{3,11}$/.test(code)) throw new Reject(400, 1000, "code must be 3 to 10 letters or digits", { field: "code" });
    return forward("GET", code === null ? `${upstream}/${id}` : `${upstream}/${id}?code=${encodeURIComponent(code)}`);
  }

  async function fetchHandler(request) {
    try {
      const url = new URL(request.url);
      const origin = request.headers.get("origin");
      const mode = request.headers.get("sec-fetch-mode");
      if (mode === "navigate" || mode === "no-cors" || request.headers.get("sec-fetch-site") === "cross-site") {
        throw new Reject(403, 1201, "cross-site requests are not allowed");
      }
      if (origin !== null && origin !== url.origin) throw new Reject(403, 1201, "this origin is not allowed");
      if (request.headers.get("x-verify-8x8") !== "1") throw new Reject(403, 1201, "the X-Verify-8x8 header is required");
      if (url.pathname === sessionsPath) {
        if (request.method === "POST") return await start(request);
        throw new Reject(405, 1000, "method not allowed", {}, { allow: "POST" });
      }
      if (url.pathname.startsWith(`${sessionsPath}/`)) {
        if (request.method === "GET") return await check(url, url.pathname.slice(sessionsPath.length + 1));
        throw new Reject(405, 1000, "method not allowed", {}, { allow: "GET" });
      }
      throw new Reject(404, 1300, "not found");
    } catch (error) {
      if (error instanceof Reject) return envelope(error.status, error.code, error.message, error.extra, error.headers);
      console.error("verify proxy: unexpected failure");
      return envelope(502, 2000, "the verification service failed");
    }
  }

  return { fetch: fetchHandler };
}
