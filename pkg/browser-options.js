// The browser entry's options, checked synchronously (the VerifyClient constructor runs
// before the lazily loaded wasm is there). A browser only ever talks to a proxy, so the
// rules are few: a baseUrl (relative ones resolve against the page), an optional
// timeoutMs, an optional credentials (cookies to a proxy on another origin: "include"),
// and never an API key. The wasm checks the same options again, on first use.
import { VerifyError } from "./shim.js";

const KNOWN = new Set(["apiKey", "subAccountId", "region", "baseUrl", "timeoutMs", "credentials"]);
const CREDENTIALS = ["omit", "same-origin", "include"];

function fail(field, rule) {
  throw new VerifyError({ code: "INVALID_REQUEST", message: `${field} ${rule}`, field });
}

/** The proxy-mode options the wasm receives, or a VerifyError naming the first broken rule. */
export function prepareBrowserOptions(options) {
  if (typeof options !== "object" || options === null || Array.isArray(options)) fail("options", "must be an object");
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined && value !== null && !KNOWN.has(name)) fail(name, "is not a known field");
  }
  const set = (name) => options[name] !== undefined && options[name] !== null;
  if (set("apiKey")) {
    fail("apiKey", "must never reach a browser: mount createVerifyProxy on a server, which holds the key, and pass its baseUrl instead");
  }
  if (set("subAccountId") || set("region")) {
    fail("apiKey", "is required when subAccountId or region is given (direct mode); without it, use baseUrl of a proxy");
  }
  if (!set("baseUrl")) fail("baseUrl", "is required without apiKey (proxy mode)");
  if (typeof options.baseUrl !== "string") fail("baseUrl", "must be a string");
  let url;
  try {
    url = new URL(options.baseUrl, typeof location === "object" ? location.href : undefined);
  } catch {
    url = null;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash || /[?#]/.test(options.baseUrl)) {
    fail("baseUrl", "must be an absolute http: or https: URL without credentials, query or fragment");
  }
  const prepared = { baseUrl: url.href };
  if (set("timeoutMs")) {
    const ms = options.timeoutMs;
    if (!Number.isInteger(ms) || ms < 1 || ms > 600000) {
      fail("timeoutMs", "must be an integer number of milliseconds from 1 to 600000");
    }
    prepared.timeoutMs = ms;
  }
  if (set("credentials")) {
    if (!CREDENTIALS.includes(options.credentials)) fail("credentials", 'must be "omit", "same-origin" or "include"');
    prepared.credentials = options.credentials;
  }
  return prepared;
}
