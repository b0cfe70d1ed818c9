// The plain-JavaScript baseline's request validation (./baseline-client.mjs): every
// StartVerificationRequest field checked as verify-8x8 checks it and turned into the body
// 8x8 receives, destination normalisation, and the session id and code of a check.
import { invalid } from "./baseline-errors.mjs";

const CHANNELS = new Set(["sms", "call", "whatsapp", "viber", "sma"]);
const CODE_TYPES = new Set(["NUMERIC", "NUMERIC_WITH_DASH", "ALPHANUMERIC", "ALPHANUMERIC_CAPITALS", "ALPHANUMERIC_EASY"]);
const ENCODINGS = new Set(["AUTO", "GSM7", "UCS2"]);
export const LANGUAGES = new Set(
  ("ar-EG ar-SA bg-BG ca-ES cs-CZ da-DK de-AT de-CH de-DE el-GR en-AU en-CA en-GB en-IE en-IN en-US es-ES es-MX " +
    "fi-FI fr-CA fr-CH fr-FR he-IL hi-IN hr-HR hu-HU id-ID it-IT ja-JP ko-KR ms-MY nb-NO nl-NL pl-PL pt-BR pt-PT " +
    "ro-RO ru-RU sk-SK sl-SI sv-SE ta-IN th-TH tr-TR vi-VN zh-CN zh-HK zh-TW").split(" "),
);

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
/** `value`, if it is a plain object (not null, not an array). */
export function object(value, field) {
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

/** A session id as 8x8 issues them. */
export function checkSessionId(id) {
  if (typeof id !== "string" || !/^[A-Za-z0-9-]{1,64}$/.test(id)) throw invalid("sessionId", "must be 1 to 64 letters, digits or dashes");
}
/** A code of 3 to 10 letters or digits, with at most one dash. */
export function checkCodeText(code) {
  if (typeof code !== "string" || !/^(?=(?:[A-Za-z0-9]-?){3,10}$)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?$/.test(code)) {
    throw invalid("code", "must be 3 to 10 letters or digits, optionally with one dash");
  }
}
