// The page's country picker, rendered into index.html by the server. Each fact has one source:
// - calling codes: data/calling-codes.tsv, the repository's one table of them (both crates read
//   it at build time);
// - English names: the runtime's CLDR data (`Intl.DisplayNames`);
// - example numbers: libphonenumber-js's example mobile numbers (the metadata that table is
//   generated from), in international format without the calling code.
// Which countries the picker features, and which one it selects first, is the demo's choice.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { getExampleNumber } from "libphonenumber-js/max";

/** The featured countries (ISO 3166-1 alpha-2); the page lists them by English name. */
const FEATURED = ["AE", "AU", "BR", "CA", "CN", "DE", "ES", "FR", "GB", "HK", "ID", "IE", "IN", "IT", "JP", "KR", "MX", "MY", "NL", "NZ", "PH", "SG", "TH", "US", "VN", "ZA"];
/** The country selected when the page opens. */
const SELECTED = "SG";
/** Where index.html has the options put. */
const COUNTRY_OPTIONS_MARKER = "<!-- country options: www/server/countries.mjs -->";

/** ISO code → calling code (digits), from data/calling-codes.tsv. */
function callingCodes() {
  const table = readFileSync(new URL("../../data/calling-codes.tsv", import.meta.url), "utf8");
  const rows = table.split("\n").filter((line) => line && !line.startsWith("#"));
  return new Map(rows.map((line) => line.split("\t", 2)));
}

const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** The picker's `<option>` elements: the featured countries by name, then "Other" (a full number). */
export function countryOptions() {
  const codes = callingCodes();
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  const examples = createRequire(import.meta.url)("libphonenumber-js/examples.mobile.json");
  const countries = FEATURED.map((iso) => {
    const code = codes.get(iso);
    if (!code) throw new Error(`www/server/countries.mjs: ${iso} is not in data/calling-codes.tsv`);
    const example = getExampleNumber(iso, examples).formatInternational().replace(`+${code} `, "");
    return { iso, code, name: names.of(iso), example };
  }).sort((a, b) => a.name.localeCompare(b.name, "en"));
  const selected = countries.find((c) => c.iso === SELECTED);
  return [
    ...countries.map(
      ({ iso, code, name, example }) =>
        `<option value="${iso}" data-calling-code="${code}" data-example="${escapeHtml(example)}"${iso === SELECTED ? " selected" : ""}>${escapeHtml(name)} (+${code})</option>`,
    ),
    `<option value="" data-example="+${selected.code} ${escapeHtml(selected.example)}">Other (international number)</option>`,
  ];
}

/** index.html with the country options in place of its marker (once, or the page is broken). */
export function renderIndex(html, options) {
  const at = html.indexOf(COUNTRY_OPTIONS_MARKER);
  if (at < 0 || html.indexOf(COUNTRY_OPTIONS_MARKER, at + 1) >= 0) throw new Error(`www/index.html must hold ${COUNTRY_OPTIONS_MARKER} exactly once`);
  const indent = html.slice(html.lastIndexOf("\n", at) + 1, at);
  return html.slice(0, at) + options.join(`\n${indent}`) + html.slice(at + COUNTRY_OPTIONS_MARKER.length);
}
