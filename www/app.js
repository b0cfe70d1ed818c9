// The demo page: verify-8x8 in proxy mode. The API key lives in the demo server's
// createVerifyProxy; this page only ever talks to /api/verify on its own origin.
import { VerifyClient, isVerifyError } from "/pkg/browser.js";
import { errorMessage, formatClock, formatDuration, outcomeMessage } from "/messages.js";
import { cleanCode, codeFromPaste, composeDestination, maskNumber } from "/phone.js";
import { boundExplanation, listenForCode, stopListening } from "/autofill.js";

const client = new VerifyClient({ baseUrl: "/api/verify" });

const $ = (id) => document.getElementById(id);
const el = {
  mode: $("mode"),
  lead: $("lead"),
  phoneForm: $("phone-form"),
  country: $("country"),
  prefix: $("prefix"),
  phone: $("phone"),
  phoneHint: $("phone-hint"),
  send: $("send"),
  codeForm: $("code-form"),
  sentTo: $("sent-to"),
  changeNumber: $("change-number"),
  code: $("code"),
  codeHint: $("code-hint"),
  verify: $("verify"),
  expires: $("expires"),
  attempts: $("attempts"),
  resend: $("resend"),
  resendHint: $("resend-hint"),
  status: $("status"),
  result: $("result"),
  resultTitle: $("result-title"),
  confirmation: $("confirmation"),
  startOver: $("start-over"),
  inbox: $("inbox"),
  inboxList: $("inbox-list"),
  inboxEmpty: $("inbox-empty"),
  inboxBound: $("inbox-bound"),
};

const state = {
  config: { inbox: false, codeLength: 6 },
  destination: null, // what was sent, international form
  country: undefined,
  sessionId: null,
  status: null, // WAITING | VERIFIED | FAILED | EXPIRED (as last reported)
  expiresAt: 0, // local ms deadlines, from the last response's *InSeconds
  resendAt: 0,
  blocked: { destination: null, until: 0 }, // RATE_LIMITED: no resend to that number before
  attemptsLeft: null,
  busy: false,
  controller: null,
  inboxTimer: 0,
  inboxCount: -1,
};

// --- status region -----------------------------------------------------------------

let announceTimer = 0;
function announce(message) {
  const { kind = "info", text = "" } = message ?? {};
  // Clearing first makes screen readers repeat a message that happens to be identical.
  clearTimeout(announceTimer);
  el.status.textContent = "";
  el.status.dataset.kind = kind;
  announceTimer = setTimeout(() => {
    el.status.textContent = text;
  }, 30);
}

function clearStatus() {
  clearTimeout(announceTimer);
  el.status.textContent = "";
  delete el.status.dataset.kind;
}

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

// --- timers ------------------------------------------------------------------------

const secondsUntil = (deadline) => Math.max(0, Math.ceil((deadline - Date.now()) / 1000));

function applyVerification(verification) {
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

function render() {
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

function showStep(step) {
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

function setBusy(busy, button, label) {
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

// --- result and the server's confirmation ------------------------------------------

async function showResult() {
  showStep("result");
  el.confirmation.dataset.state = "pending";
  el.confirmation.textContent = "Waiting for the server's confirmation…";
  el.resultTitle.focus();
  const sessionId = state.sessionId;
  for (let attempt = 0; attempt < 10; attempt++) {
    if (state.sessionId !== sessionId) return;
    try {
      const response = await fetch(`/api/demo/confirmations?sessionId=${encodeURIComponent(sessionId)}`, {
        headers: { accept: "application/json" },
      });
      if (response.ok) {
        const confirmation = await response.json();
        if (state.sessionId !== sessionId) return;
        const at = new Date(confirmation.verifiedAt);
        el.confirmation.dataset.state = "confirmed";
        el.confirmation.textContent = `Server confirmed ${confirmation.destination} verified at ${at.toLocaleTimeString()}.`;
        return;
      }
    } catch {
      // try again below
    }
    await new Promise((resolve) => setTimeout(resolve, 300 + attempt * 200));
  }
  el.confirmation.dataset.state = "missing";
  el.confirmation.textContent =
    "The server has not confirmed this verification, so it must not be trusted. Try verifying again.";
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

// --- the simulated phone's inbox ---------------------------------------------------

function startInbox() {
  if (!state.config.inbox) return;
  stopInbox();
  state.inboxCount = -1;
  pollInbox();
  state.inboxTimer = setInterval(pollInbox, 1000);
}

function stopInbox() {
  clearInterval(state.inboxTimer);
  state.inboxTimer = 0;
}

let polling = false;
async function pollInbox() {
  if (polling || !state.destination || document.visibilityState === "hidden") return;
  polling = true;
  const destination = state.destination;
  try {
    const response = await fetch(`/_sim/messages?destination=${encodeURIComponent(destination)}`, {
      headers: { accept: "application/json" },
    });
    if (!response.ok || destination !== state.destination) return;
    const messages = await response.json();
    if (Array.isArray(messages) && messages.length !== state.inboxCount) renderInbox(messages);
  } catch {
    // the next poll tries again
  } finally {
    polling = false;
  }
}

function renderInbox(messages) {
  state.inboxCount = messages.length;
  el.inboxEmpty.hidden = messages.length > 0;
  const items = messages.slice(-20).map((message) => {
    const item = document.createElement("li");
    item.className = "message";
    const meta = document.createElement("p");
    meta.className = "message__meta";
    const time = document.createElement("time");
    time.dateTime = message.sentAt;
    time.textContent = new Date(message.sentAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    meta.append(`${String(message.channel).toUpperCase()} to ${maskNumber(message.destination)} · `, time);
    const text = document.createElement("p");
    text.className = "message__text";
    // The code is highlighted; everything is text, never HTML.
    const body = String(message.text);
    const at = message.code ? body.indexOf(message.code) : -1; // the first: the bound line repeats it
    if (at >= 0) {
      const code = document.createElement("strong");
      code.className = "message__code";
      code.textContent = message.code;
      text.append(body.slice(0, at), code, body.slice(at + message.code.length));
    } else {
      text.textContent = body;
    }
    item.append(text, meta);
    return item;
  });
  el.inboxList.replaceChildren(...items);
  el.inboxBound.textContent = boundExplanation(messages.at(-1), location.origin);
  el.inboxBound.hidden = messages.length === 0;
  el.inboxList.lastElementChild?.scrollIntoView?.({ block: "nearest" });
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
