// Synchronous option checks for the browser's VerifyClient constructor, which runs before
// the lazily loaded wasm is available. It mirrors src/options.rs rule for rule; the
// runtime tests run one table of cases through both and require the same answers.
import { VerifyError } from "./shim.js";

const REGIONS = ["ap", "us", "eu", "id"];
const REGION_RULE = 'must be one of "ap", "us", "eu", "id"';
const TIMEOUT_RULE = "must be an integer number of milliseconds from 1 to 600000";
const BASE_URL_RULE = "must be an absolute http: or https: URL without credentials, query or fragment";

function fail(field, rule) {
  throw new VerifyError({ code: "INVALID_REQUEST", message: `${field} ${rule}`, field });
}

/** A relative proxy baseUrl ("/api/verify") is resolved against the page's location. */
export function resolveBaseUrl(options) {
  if (
    typeof options === "object" &&
    options !== null &&
    typeof options.baseUrl === "string" &&
    !/^[a-z][a-z0-9+.-]*:/i.test(options.baseUrl) &&
    typeof location === "object"
  ) {
    return { ...options, baseUrl: new URL(options.baseUrl, location.href).href };
  }
  return options;
}

/** Throws a VerifyError naming the first option that breaks a rule. */
export function checkClientOptions(options) {
  if (typeof options !== "object" || options === null || Array.isArray(options)) fail("options", "must be an object");
  const set = {};
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue;
    if (name === "apiKey" || name === "subAccountId" || name === "baseUrl") {
      if (typeof value !== "string") fail(name, "must be a string");
    } else if (name === "region") {
      if (!REGIONS.includes(value)) fail("region", REGION_RULE);
    } else if (name === "timeoutMs") {
      if (!Number.isInteger(value) || value < 1 || value > 600000) fail("timeoutMs", TIMEOUT_RULE);
    } else {
      fail(name, "is not a known option");
    }
    set[name] = value;
  }
  if (set.apiKey === undefined) {
    if (set.subAccountId !== undefined || set.region !== undefined) {
      fail(
        "apiKey",
        "is required when subAccountId or region is given (direct mode); without it, use baseUrl of a proxy",
      );
    }
    if (set.baseUrl === undefined) fail("baseUrl", "is required without apiKey (proxy mode)");
    if (!parseBaseUrl(set.baseUrl)) fail("baseUrl", BASE_URL_RULE);
    return;
  }
  if (!/^[\x21-\x7e]+$/.test(set.apiKey)) {
    fail("apiKey", "must be a non-empty string of printable ASCII characters without spaces");
  }
  if (set.subAccountId === undefined) fail("subAccountId", "is required with apiKey (direct mode)");
  if (!/^[A-Za-z0-9\-._&]{3,50}$/.test(set.subAccountId)) {
    fail("subAccountId", "must be 3 to 50 letters, digits, or - . _ &");
  }
  const base = set.baseUrl === undefined ? { https: true } : parseBaseUrl(set.baseUrl);
  if (!base) fail("baseUrl", BASE_URL_RULE);
  if (!base.https && !base.loopback) {
    fail(
      "baseUrl",
      "must use https: with apiKey (the key never travels in clear text), unless its host is loopback",
    );
  }
}

/** src/url.rs in JavaScript: `{ https, loopback }`, or null when not a base URL. */
function parseBaseUrl(text) {
  const match = /^(https?):\/\/([^/]*)(.*)$/i.exec(text);
  if (!match || /[^\x21-\x7e]|[?#\\]/.test(text.slice(match[1].length + 3))) return null;
  const [, scheme, authority, path] = match;
  if (authority.includes("@")) return null;
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(authority);
  if (!hostPort) return null;
  const [, host, port = ""] = hostPort;
  if (port !== "" && !(/^\d+$/.test(port) && Number(port) <= 65535)) return null;
  const ipv6 = host.startsWith("[") ? host.slice(1, -1) : null;
  if (ipv6 !== null ? !isIpv6(ipv6) : !/^[A-Za-z0-9._-]+$/.test(host)) return null;
  if (path.replace(/\/+$/, "").split("/").some((segment) => segment === "." || segment === "..")) return null;
  const loopback =
    host.toLowerCase() === "localhost" ||
    /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(host) && host.split(".").every((o) => Number(o) <= 255 && String(Number(o)) === o) ||
    (ipv6 !== null && isIpv6(ipv6) && new URL(`http://[${ipv6}]`).hostname === "[::1]");
  return { https: scheme.toLowerCase() === "https", loopback };
}

function isIpv6(text) {
  try {
    return /^[0-9a-fA-F:.]+$/.test(text) && new URL(`http://[${text}]`).hostname.length > 2;
  } catch {
    return false;
  }
}
