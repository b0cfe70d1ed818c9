// Turns what the user typed (a national number plus the chosen country, or an
// international number) into the international form the proxy wants. Pure, no DOM.
//
// The proxy derives the country from the number itself (never from the `country` field),
// so the page always sends `+<calling code><national number>`; `country` goes along too.

const FORMATTING = /[\s.\-()[\]]/g;

/**
 * @param {{ iso?: string, callingCode?: string }} country  the selected country; no callingCode = "Other"
 * @param {string} typed                                     what is in the phone field
 * @returns {{ destination: string, country?: string }}
 */
export function composeDestination(country, typed) {
  const compact = String(typed).trim().replace(FORMATTING, "");
  // An international number wins over the select: "+44 20…" or "0044 20…".
  if (compact.startsWith("+")) return { destination: compact };
  if (compact.startsWith("00")) return { destination: `+${compact.slice(2)}` };
  if (!country?.callingCode) return { destination: compact === "" ? "" : `+${compact}` };
  // National: one trunk 0 is dropped ("07700 900123" in the UK is +44 7700 900123).
  const national = compact.replace(/^0/, "");
  return { destination: `+${country.callingCode}${national}`, country: country.iso };
}

/** `+…4321`: the last four digits, as the proxy masks a destination. */
export function maskNumber(number) {
  const digits = String(number).replace(/\D/g, "");
  return digits.length <= 4 ? `+…${digits}` : `+…${digits.slice(-4)}`;
}

/** The demo's codes are numeric (8x8's default code type): keeps the digits, at most `max`. */
export function cleanCode(text, max = 10) {
  return String(text).replace(/\D/g, "").slice(0, max);
}

/** The code in pasted text such as "Your verification code is 123 456": a run of `length` digits, else every digit. */
export function codeFromPaste(text, length) {
  const runs = String(text).match(/\d[\d -]*\d|\d/g) ?? [];
  for (const run of runs) {
    const digits = run.replace(/\D/g, "");
    if (digits.length === length) return digits;
  }
  return cleanCode(text);
}
