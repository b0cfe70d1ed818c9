// The demo page's elements, by id, and its state: what app.js and the modules that show
// parts of the page (announce.js, view.js, result.js, inbox.js) read and change.

const $ = (id) => document.getElementById(id);
/** The page's elements, by id (index.html). */
export const el = {
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

/** What the page knows of the verification in progress. */
export const state = {
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
