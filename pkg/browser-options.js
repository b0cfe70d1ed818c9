// The browser entry's options, checked synchronously (the VerifyClient constructor runs
// before the lazily loaded wasm is there). A browser only ever talks to a proxy, so the
// rules are few: a baseUrl (relative ones resolve against the page), an optional
// timeoutMs, an optional credentials (cookies to a proxy on another origin: "include"),
// and never an API key. Every word and number of these rules comes from browser-rules.js,
// generated from the crate's rules (src/validate/options.rs); the browser's wasm takes the
// options prepared here as they are.
import { CREDENTIALS, FIELDS, MAX_TIMEOUT_MS, RULES } from "./browser-rules.js";
import { VerifyError } from "./shim.js";

function fail(field, rule) {
  throw new VerifyError({ code: "INVALID_REQUEST", message: `${field} ${rule}`, field });
}

/** The proxy-mode options the wasm receives, or a VerifyError naming the first broken rule. */
export function prepareBrowserOptions(options) {
  if (typeof options !== "object" || options === null || Array.isArray(options)) fail("options", RULES.object);
  const set = (name) => options[name] !== undefined && options[name] !== null;
  for (const name of Object.keys(options)) {
    if (set(name) && !FIELDS.includes(name)) fail(name, RULES.unknown);
  }
  if (set("apiKey")) fail("apiKey", RULES.keyInBrowser);
  if (set("subAccountId") || set("region")) fail("apiKey", RULES.keyRequired);
  if (!set("baseUrl")) fail("baseUrl", RULES.baseUrlRequired);
  if (typeof options.baseUrl !== "string") fail("baseUrl", RULES.text);
  let url;
  try {
    url = new URL(options.baseUrl, typeof location === "object" ? location.href : undefined);
  } catch {
    url = null;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash || /[?#]/.test(options.baseUrl)) {
    fail("baseUrl", RULES.baseUrl);
  }
  const prepared = { baseUrl: url.href };
  if (set("timeoutMs")) {
    const ms = options.timeoutMs;
    if (!Number.isInteger(ms) || ms < 1 || ms > MAX_TIMEOUT_MS) fail("timeoutMs", RULES.timeoutMs);
    prepared.timeoutMs = ms;
  }
  if (set("credentials")) {
    if (!CREDENTIALS.includes(options.credentials)) fail("credentials", RULES.credentials);
    prepared.credentials = options.credentials;
  }
  return prepared;
}
