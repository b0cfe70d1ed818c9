// The page's status region (a polite live region): one message at a time, each announced
// by screen readers even when it repeats the last one.
import { el } from "/page.js";

let announceTimer = 0;
/** Shows `{ kind, text }` in the status region (`kind`, info by default, styles it). */
export function announce(message) {
  const { kind = "info", text = "" } = message ?? {};
  // Clearing first makes screen readers repeat a message that happens to be identical.
  clearTimeout(announceTimer);
  el.status.textContent = "";
  el.status.dataset.kind = kind;
  announceTimer = setTimeout(() => {
    el.status.textContent = text;
  }, 30);
}

/** Empties the status region. */
export function clearStatus() {
  clearTimeout(announceTimer);
  el.status.textContent = "";
  delete el.status.dataset.kind;
}
