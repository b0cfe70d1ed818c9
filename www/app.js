// The demo page: verify-8x8 in proxy mode. The API key lives in the demo server's
// createVerifyProxy; this page only ever talks to /api/verify on its own origin.
// Its parts: page.js (elements and state), announce.js (the status region), view.js (what
// the state shows), result.js (the server's confirmation), inbox.js (the simulated phone).
import { VerifyClient, isVerifyError } from "/pkg/browser.js";
import { announce, clearStatus } from "/announce.js";
import { listenForCode, stopListening } from "/autofill.js";
import { pollInbox, startInbox, stopInbox } from "/inbox.js";
import { errorMessage, formatDuration, outcomeMessage } from "/messages.js";
import { el, state } from "/page.js";
import { cleanCode, codeFromPaste, composeDestination } from "/phone.js";
import { showResult } from "/result.js";
import { applyVerification, render, setBusy, showStep } from "/view.js";

const client = new VerifyClient({ baseUrl: "/api/verify" });

// --- country and number ------------------------------------------------------------

function selectedCountry() {
  const option = el.country.selectedOptions[0];
  return {
    iso: option?.value || undefined,
    callingCode: option?.dataset.callingCode,
    example: option?.dataset.example ?? "",
  };
}

function updateCountry() {
  const { callingCode, example } = selectedCountry();
  el.prefix.hidden = !callingCode;
  el.prefix.textContent = callingCode ? `+${callingCode}` : "";
  el.phone.autocomplete = callingCode ? "tel-national" : "tel";
  el.phoneHint.textContent = callingCode
    ? `For example ${example}. Starting with + or 00? Then the country is read from the number.`
    : `The full number with its country code, for example ${example}.`;
}

/** "+65 8123 4567" as typed, or the international form when the number was typed with + or 00. */
function displayNumber(country, typed, destination) {
  const national = typed.trim().replace(/^0(?=\d)/, "");
  if (typedInternational(typed) || !country.callingCode) return destination;
  return `+${country.callingCode} ${national}`;
}

function typedInternational(typed) {
  return /^\s*(\+|00)/.test(typed);
}

// --- cancelling and errors ---------------------------------------------------------

function abortPending() {
  stopListening();
  state.controller?.abort();
  state.controller = null;
}

function showError(error, destination) {
  const message = errorMessage(error);
  announce(message);
  if (isVerifyError(error) && error.code === "RESEND_TOO_SOON" && error.retryAfterSeconds !== undefined) {
    state.resendAt = Date.now() + error.retryAfterSeconds * 1000;
  }
  if (isVerifyError(error) && error.code === "RATE_LIMITED") {
    state.blocked = { destination, until: Date.now() + (error.retryAfterSeconds ?? 60) * 1000 };
  }
  return message;
}

// --- sending -----------------------------------------------------------------------

async function send({ again }) {
  if (state.busy) return;
  let request;
  if (again) {
    request = { destination: state.destination };
    if (state.country) request.country = state.country;
  } else {
    request = composeDestination(selectedCountry(), el.phone.value);
    if (request.destination === "") {
      el.phone.setAttribute("aria-invalid", "true");
      announce({ kind: "error", text: "Enter your phone number." });
      el.phone.focus();
      return;
    }
  }
  el.phone.removeAttribute("aria-invalid");
  const previousSession = state.sessionId;
  const button = again ? el.resend : el.send;
  abortPending();
  const controller = new AbortController();
  state.controller = controller;
  setBusy(true, button, "Sending…");
  try {
    const verification = await client.startVerification(request, { signal: controller.signal });
    state.destination = request.destination;
    state.country = request.country;
    applyVerification(verification);
    // The full number the user typed (so a typo shows); the proxy's answer is masked.
    if (!again) el.sentTo.textContent = displayNumber(selectedCountry(), el.phone.value, request.destination);
    el.code.value = "";
    el.code.removeAttribute("aria-invalid");
    showStep("code");
    const sameSession = again && previousSession === verification.sessionId;
    announce({
      kind: "info",
      text: sameSession
        ? `The same code was sent again to ${el.sentTo.textContent}. It's valid for ${formatDuration(verification.expiresInSeconds)}.`
        : `We sent a code to ${el.sentTo.textContent}. It's valid for ${formatDuration(verification.expiresInSeconds)}.`,
    });
    startInbox();
    listenForCode(fillCode);
    setBusy(false, button);
    el.code.focus();
  } catch (error) {
    setBusy(false, button);
    if (controller.signal.aborted && !state.controller) return; // cancelled by "Change number"
    const message = showError(error, request.destination);
    if (!again && message.field === "destination") {
      el.phone.setAttribute("aria-invalid", "true");
      el.phone.focus();
    }
    render();
  } finally {
    if (state.controller === controller) state.controller = null;
  }
}

// --- checking ----------------------------------------------------------------------

async function check() {
  if (state.busy || state.status !== "WAITING") return;
  const code = cleanCode(el.code.value);
  if (code.length < 3) {
    el.code.setAttribute("aria-invalid", "true");
    announce({ kind: "error", text: errorMessage({ code: "INVALID_REQUEST", field: "code" }).text });
    el.code.focus();
    return;
  }
  const controller = new AbortController();
  state.controller = controller;
  setBusy(true, el.verify, "Checking…");
  try {
    const check = await client.checkCode(state.sessionId, code, { signal: controller.signal });
    applyVerification(check);
    setBusy(false, el.verify);
    const message = outcomeMessage(check);
    if (check.outcome === "VERIFIED") {
      // The focused "Verified" heading and the confirmation (a live region) say it all.
      clearStatus();
      showResult();
      return;
    }
    announce(message);
    el.code.setAttribute("aria-invalid", "true");
    if (check.outcome === "WRONG_CODE") {
      el.code.value = "";
      el.code.focus();
    } else {
      render();
      el.resend.focus();
    }
  } catch (error) {
    setBusy(false, el.verify);
    if (controller.signal.aborted && !state.controller) return;
    showError(error, state.destination);
    if (isVerifyError(error) && error.code === "NOT_FOUND") state.status = "EXPIRED";
    render();
    if (!el.code.disabled) el.code.focus();
  } finally {
    if (state.controller === controller) state.controller = null;
  }
}

function onCodeInput() {
  const cleaned = cleanCode(el.code.value);
  if (cleaned !== el.code.value) el.code.value = cleaned;
  el.code.removeAttribute("aria-invalid");
  if (cleaned.length === state.config.codeLength) check();
}

/** WebOTP delivered the code (the user tapped "Allow"): fill the field and check it. */
function fillCode(code) {
  if (state.status !== "WAITING" || state.busy) return;
  el.code.value = cleanCode(code, state.config.codeLength);
  announce({ kind: "info", text: "Code received from your SMS: checking it." });
  onCodeInput();
}

function onCodePaste(event) {
  const text = event.clipboardData?.getData("text");
  if (typeof text !== "string") return;
  event.preventDefault();
  stopListening();
  el.code.value = codeFromPaste(text, state.config.codeLength);
  onCodeInput();
}

function startOver() {
  abortPending();
  stopInbox();
  Object.assign(state, {
    destination: null,
    country: undefined,
    sessionId: null,
    status: null,
    expiresAt: 0,
    resendAt: 0,
    attemptsLeft: null,
  });
  el.code.value = "";
  clearStatus();
  showStep("phone");
  render();
  el.phone.focus();
}

function changeNumber() {
  abortPending();
  // The session stays with 8x8 (sending the same number again at once is "too soon"), but
  // this page leaves it: no countdown runs on the number step.
  Object.assign(state, { busy: false, sessionId: null, status: null, expiresAt: 0, resendAt: 0, attemptsLeft: null });
  clearStatus();
  showStep("phone");
  render();
  el.phone.select();
  el.phone.focus();
}

// --- start -------------------------------------------------------------------------

async function loadConfig() {
  try {
    const response = await fetch("/api/demo/config", { headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    state.config = { ...state.config, ...(await response.json()) };
  } catch {
    announce(errorMessage({ code: "NETWORK" }));
    return;
  }
  const { upstream, region, inbox } = state.config;
  el.mode.hidden = false;
  el.mode.dataset.upstream = upstream;
  el.mode.textContent = upstream === "simulator" ? "Local simulator · no real SMS" : `Live 8x8 API · region ${region}`;
  el.inbox.hidden = !inbox;
  document.body.classList.toggle("has-inbox", Boolean(inbox));
  el.code.placeholder = "•".repeat(state.config.codeLength);
  el.codeHint.textContent = `${state.config.codeLength} digits. Type or paste them: the code is checked as soon as it's complete.`;
}

el.country.addEventListener("change", () => {
  updateCountry();
  el.phone.focus();
});
el.phone.addEventListener("input", () => el.phone.removeAttribute("aria-invalid"));
el.phoneForm.addEventListener("submit", (event) => {
  event.preventDefault();
  send({ again: false });
});
el.codeForm.addEventListener("submit", (event) => {
  event.preventDefault();
  check();
});
el.code.addEventListener("input", (event) => {
  if (event.isTrusted) stopListening(); // the user types or pastes: no prompt over their typing
  onCodeInput();
});
el.code.addEventListener("paste", onCodePaste);
el.resend.addEventListener("click", () => send({ again: true }));
el.changeNumber.addEventListener("click", changeNumber);
el.startOver.addEventListener("click", startOver);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && state.inboxTimer) pollInbox();
});
setInterval(render, 1000);

updateCountry();
render();
await loadConfig();
document.documentElement.dataset.ready = "true";
