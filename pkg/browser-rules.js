// GENERATED from src/validate/options.rs and the shape of ClientOptions by
// src/validate/browser_rules.rs: do not edit. After changing a rule there, run
// BLESS=1 cargo test -p verify-8x8 --lib browser_rules
// The words and numbers of the browser entry's option checks (browser-options.js).

/** Every field of ClientOptions. */
export const FIELDS = [
  "apiKey",
  "subAccountId",
  "region",
  "baseUrl",
  "timeoutMs",
  "credentials"
];

/** The values of `credentials`. */
export const CREDENTIALS = [
  "omit",
  "same-origin",
  "include"
];

/** The largest `timeoutMs`. */
export const MAX_TIMEOUT_MS = 600000;

/** Each rule, as the wasm words it. */
export const RULES = {
  "baseUrl": "must be an absolute http: or https: URL without credentials, query or fragment",
  "baseUrlRequired": "is required without apiKey (proxy mode)",
  "credentials": "must be one of \"omit\", \"same-origin\", \"include\"",
  "keyInBrowser": "must never reach a browser: mount createVerifyProxy on a server, which holds the key, and pass its baseUrl instead",
  "keyRequired": "is required when subAccountId or region is given (direct mode); without it, use baseUrl of a proxy",
  "object": "must be an object",
  "text": "must be a string",
  "timeoutMs": "must be an integer number of milliseconds from 1 to 600000",
  "unknown": "is not a known field"
};
