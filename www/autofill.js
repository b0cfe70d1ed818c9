// One-tap codes: while a code is awaited, the package's receiveCode() asks the browser for
// the SMS through WebOTP (Chrome on Android; the proxy ends every SMS with "@host #code",
// the origin-bound line). Where there is no WebOTP it resolves with null at once and the
// field's autocomplete="one-time-code" does the rest (Safari on iPhone and Mac).
import { receiveCode } from "/pkg/browser.js";

let controller = null;

/** Listens for the code of the SMS just sent; `onCode(code)` runs if WebOTP delivers one. */
export function listenForCode(onCode) {
  stopListening();
  const mine = new AbortController();
  controller = mine;
  receiveCode({ signal: mine.signal }).then(
    (code) => {
      if (code && controller === mine) {
        controller = null;
        onCode(code);
      }
    },
    () => {}, // ABORTED: the user typed, changed the number or started over
  );
}

/** Stops listening (the user types the code themselves, or leaves the step). */
export function stopListening() {
  controller?.abort();
  controller = null;
}

/** The origin-bound line ending `text` (`@host #code`), or null. */
export function boundLine(text) {
  const last = String(text).split("\n").at(-1);
  return /^@[a-z0-9.-]+ #\S+/i.test(last) ? last : null;
}

/** What the phone panel says about the last message's origin-bound line (for a page on `origin`). */
export function boundExplanation(message, origin) {
  if (!message) return "";
  if (message.channel !== "sms") return "Only an SMS carries the origin-bound line: a call reads the code aloud.";
  const line = boundLine(message.text);
  const effect = "an iPhone or Mac offers the code for autofill only on that site, and Chrome on Android hands it to that page with one tap (WebOTP). A look-alike site gets nothing.";
  if (line) return `The last line, “${line}”, binds the code to https://${line.slice(1, line.indexOf(" "))}: ${effect}`;
  return `This SMS has no origin-bound last line: a code can be bound only to an https site on the default port, and this page is ${origin}. On https://shop.example the SMS ends with “@shop.example #${message.code ?? "123456"}”, and ${effect}`;
}
