// What the page shows for its state: the code's countdown, attempts left, the resend button
// and its hint, which step is visible, and buttons busy while a request runs.
import { announce } from "/announce.js";
import { formatClock } from "/messages.js";
import { el, state } from "/page.js";

const secondsUntil = (deadline) => Math.max(0, Math.ceil((deadline - Date.now()) / 1000));

/** Takes in a start, check or status answer: session, status, attempts left and the two deadlines. */
export function applyVerification(verification) {
  const now = Date.now();
  state.sessionId = verification.sessionId;
  state.status = verification.status;
  state.attemptsLeft = verification.attemptsLeft;
  state.expiresAt = now + verification.expiresInSeconds * 1000;
  state.resendAt = now + verification.resendInSeconds * 1000;
}

function isFinal() {
  return state.status !== "WAITING";
}

/** Shows the state: countdowns, attempts left, the resend button and hint, what is disabled (every second too). */
export function render() {
  const expiresIn = secondsUntil(state.expiresAt);
  const resendIn = secondsUntil(state.resendAt);
  const blockedIn = state.blocked.destination === state.destination ? secondsUntil(state.blocked.until) : 0;

  // Local expiry is a hint for the user; the server still decides (and says EXPIRED).
  if (state.status === "WAITING" && expiresIn === 0 && state.sessionId) {
    state.status = "EXPIRED";
    announce({ kind: "error", text: "This code has expired. Send a new code to try again." });
  }
  const waiting = state.status === "WAITING";

  el.expires.textContent = waiting ? formatClock(expiresIn) : statusWord(state.status);
  el.attempts.textContent = state.attemptsLeft === null ? "–" : String(waiting ? state.attemptsLeft : 0);

  const canResend = !state.busy && blockedIn === 0 && (isFinal() ? state.status !== "VERIFIED" : resendIn === 0);
  el.resend.disabled = !canResend;
  if (el.resend.getAttribute("aria-busy") !== "true") el.resend.textContent = isFinal() ? "Send a new code" : "Resend code";
  if (blockedIn > 0) el.resendHint.textContent = `Too many codes for this number: wait ${formatClock(blockedIn)}.`;
  else if (waiting && resendIn > 0) el.resendHint.textContent = `You can resend in ${formatClock(resendIn)}.`;
  else if (waiting) el.resendHint.textContent = "Didn't get it? Send the same code again.";
  else el.resendHint.textContent = "";

  el.send.disabled = state.busy;
  el.verify.disabled = state.busy || !waiting;
  el.code.readOnly = state.busy;
  el.code.disabled = !waiting;
}

function statusWord(status) {
  return { VERIFIED: "Verified", FAILED: "Locked", EXPIRED: "Expired" }[status] ?? "–";
}

// --- steps -------------------------------------------------------------------------

/** Shows one step, "phone", "code" or "result", and the lead line that goes with it. */
export function showStep(step) {
  el.phoneForm.hidden = step !== "phone";
  el.codeForm.hidden = step !== "code";
  el.result.hidden = step !== "result";
  el.lead.textContent =
    step === "phone"
      ? "We'll send you a one-time code by SMS."
      : step === "code"
        ? "Enter the code we sent you."
        : "All done.";
}

/** Marks a request as running (or done): `button` shows `label` and aria-busy meanwhile. */
export function setBusy(busy, button, label) {
  state.busy = busy;
  if (button) {
    if (busy) {
      button.dataset.label = button.textContent;
      button.textContent = label;
      button.setAttribute("aria-busy", "true");
    } else {
      if (button.dataset.label) button.textContent = button.dataset.label;
      button.removeAttribute("aria-busy");
    }
  }
  render();
}
