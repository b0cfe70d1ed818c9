// Writes calling-codes.tsv beside this file — the one table of calling codes, which both crates
// read at build time (the proxy, to find a number's country; the simulator, to make a national
// number international) and the demo server reads for its country picker — from Google's
// libphonenumber metadata (the npm package libphonenumber-js, a devDependency pinned in the lock
// file), the public source every phone library draws on.
//
//   node data/calling-codes.mjs
//
// One row per country: its ISO code, its calling code, the national prefixes that are its
// within a shared calling code, and whether its national numbers may begin with 0.
// - A code's main country (libphonenumber's first: GB for +44, RU for +7, IT for +39) has the
//   prefix `*`: it takes every number of the code no other country's prefix claims. A country
//   with no prefix at all (Western Sahara's numbers are all Morocco's patterns) is never found
//   from a number; its calling code still places a national number.
// - The other countries of a shared code list their prefixes: from libphonenumber's leading
//   digits where it has them, else from their mobile and fixed-line number patterns.
// - +1 has no main country: every member of the North American Numbering Plan, the US included,
//   lists its area codes (found by validating a number of each area code), so an area code that
//   is listed for no country is no country's — never the US by default.
// - "0 kept" means mobile or fixed-line numbers may begin with 0 (Italy's +39 06 …); elsewhere a
//   0 after the calling code is a trunk prefix, dialled only at home and never part of E.164.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Metadata, parsePhoneNumberFromString } from "libphonenumber-js/core";

const require = createRequire(import.meta.url);
const metadata = require("libphonenumber-js/metadata.max.json");
const { version } = require("libphonenumber-js/package.json");
const plans = new Metadata(metadata);

/** A deterministic generator (mulberry32), so two runs write the same file. */
let seed = 1;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const digits = (count) => Array.from({ length: count }, () => Math.floor(random() * 10)).join("");

/** The numbering plan of `country`: its patterns of mobile and fixed-line numbers, and lengths. */
function plan(country) {
  plans.selectNumberingPlan(country);
  const p = plans.numberingPlan;
  const types = ["MOBILE", "FIXED_LINE"].map((type) => p.type(type)?.pattern()).filter(Boolean);
  return {
    numbers: new RegExp(`^(?:${types.length ? types.join("|") : p.nationalNumberPattern()})$`),
    lengths: p.possibleLengths(),
    leadingDigits: p.leadingDigits(),
  };
}

/** The shortest digit strings a leading-digits pattern accepts at their start. */
function expandLeadingDigits(pattern) {
  const starts = new RegExp(`^(?:${pattern})`);
  const found = [];
  const visit = (prefix) => {
    if (prefix && starts.test(prefix)) return void found.push(prefix);
    if (prefix.length < 6) for (let d = 0; d < 10; d++) visit(prefix + d);
  };
  visit("");
  return found;
}

/**
 * The shortest prefixes after which (sampled) every number of some length is `country`'s and
 * no `earlier` country's (libphonenumber gives a number to the first country of its code whose
 * patterns it matches, the main one first). Every prefix of up to 3 digits is explored; deeper
 * ones only while some number under them is the country's.
 */
function prefixesOfNumbers(country, earlier) {
  const { numbers, lengths } = plan(country);
  const others = earlier.map((c) => plan(c).numbers);
  const ours = (number) => numbers.test(number) && !others.some((other) => other.test(number));
  const visit = (prefix) => {
    if (prefix.length >= 4) {
      let any = false;
      for (const length of lengths.filter((l) => l > prefix.length)) {
        const matches = Array.from({ length: 200 }, () => ours(prefix + digits(length - prefix.length))).filter(Boolean).length;
        if (matches === 200) return [prefix];
        any ||= matches > 0;
      }
      if (!any || prefix.length >= 7) return [];
    }
    const children = Array.from({ length: 10 }, (_, d) => visit(prefix + d));
    // All ten children whole: the prefix itself.
    if (prefix && children.every((found, d) => found.length === 1 && found[0] === prefix + d)) return [prefix];
    return children.flat();
  };
  return visit("");
}

/** The country of each North American area code with a valid number. */
function nanpAreaCodes() {
  const likely = ["234", "345", "456", "567", "678", "789", "876", "765", "555", "212"];
  const every = Array.from({ length: 800 }, (_, i) => String(200 + i));
  const byCountry = {};
  for (let npa = 200; npa <= 999; npa++) {
    const country = [likely, every]
      .flatMap((exchanges) => exchanges)
      .map((exchange) => parsePhoneNumberFromString(`+1${npa}${exchange}4567`, metadata))
      .find((number) => number?.isValid() && number.country)?.country;
    if (country) (byCountry[country] ??= []).push(String(npa));
  }
  return byCountry;
}

/** Whether mobile or fixed-line numbers of `country` may begin with 0 (sampled per length). */
function keepsLeadingZero(country) {
  const { numbers, lengths } = plan(country);
  return lengths.some((length) => Array.from({ length: 20_000 }).some(() => numbers.test(`0${digits(length - 1)}`)));
}

const nanp = nanpAreaCodes();
const rows = [];
for (const [code, countries] of Object.entries(metadata.country_calling_codes)) {
  countries.forEach((country, i) => {
    let prefixes = ["*"];
    if (code === "1") prefixes = nanp[country] ?? [];
    else if (i > 0) {
      const leading = plan(country).leadingDigits;
      prefixes = leading ? expandLeadingDigits(leading) : prefixesOfNumbers(country, countries.slice(0, i));
    }
    if (code === "1" && prefixes.length === 0) return; // a member with no area code of its own
    rows.push([country, code, prefixes.join(" "), keepsLeadingZero(country) ? "yes" : "no"]);
  });
}
rows.sort((a, b) => a[0].localeCompare(b[0]));

const header = [
  `# Calling codes of ${rows.length} countries, generated by \`node data/calling-codes.mjs\` from`,
  `# libphonenumber-js ${version} (Google libphonenumber's metadata) on ${new Date().toISOString().slice(0, 10)}. Do not edit: run it again.`,
  "# country\tcalling code\tnational prefixes (* every number no other country of the code claims)\t0 kept",
];
writeFileSync(new URL("./calling-codes.tsv", import.meta.url), [...header, ...rows.map((r) => r.join("\t"))].join("\n") + "\n");
console.log(`calling-codes.tsv: ${rows.length} countries, ${nanp.US.length} US area codes, 0 kept in ${rows.filter((r) => r[3] === "yes").map((r) => r[0]).join(" ")}`);
