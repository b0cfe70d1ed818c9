// Human messages for every VerifyError code and every code-check outcome.
// Pure functions (no DOM), so the e2e suite can check them from Node as well.

/** Every VerifyError code of verify-8x8 (README, "Errors"). */
export const ERROR_CODES = [
  "INVALID_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "RESEND_TOO_SOON",
  "RATE_LIMITED",
  "UPGRADE_REQUIRED",
  "SERVER_ERROR",
  "NETWORK",
  "TIMEOUT",
  "ABORTED",
  "BAD_RESPONSE",
];

/** Every outcome of checkCode. */
export const OUTCOMES = ["VERIFIED", "WRONG_CODE", "FAILED", "EXPIRED"];

/** "45 seconds", "1 minute", "10 minutes", "1 hour 5 minutes". */
export function formatDuration(totalSeconds) {
  const seconds = Math.max(0, Math.ceil(Number(totalSeconds) || 0));
  const plural = (n, unit) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (seconds < 60) return plural(seconds, "second");
  if (seconds < 3600) {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    // Round to whole minutes past five minutes: "9 minutes 59 seconds" is noise.
    if (minutes >= 5) return plural(Math.ceil(seconds / 60), "minute");
    return rest === 0 ? plural(minutes, "minute") : `${plural(minutes, "minute")} ${plural(rest, "second")}`;
  }
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.ceil((seconds % 3600) / 60);
  return minutes === 0 ? plural(hours, "hour") : `${plural(hours, "hour")} ${plural(minutes, "minute")}`;
}

/** "4:59", "0:07", "1:00:00". */
export function formatClock(totalSeconds) {
  const seconds = Math.max(0, Math.ceil(Number(totalSeconds) || 0));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

const FIELD_MESSAGES = {
  destination:
    "That phone number doesn't look right. Enter the number without the country code (or an international number starting with +): 6 to 15 digits.",
  country: "Choose the country of the phone number.",
  code: "Enter the code from the message: 3 to 10 letters or digits.",
  channel: "This way of sending codes isn't available here.",
  language: "This language isn't available for the message.",
  sessionId: "This verification isn't valid any more. Send a new code.",
};

function waitText(seconds, fallback) {
  return seconds === undefined || seconds === null ? fallback : `in ${formatDuration(seconds)}`;
}

function withReference(text, error) {
  return error && typeof error.errorId === "string" && error.errorId !== "" ? `${text} (Reference: ${error.errorId})` : text;
}

/**
 * The message for a failure: `{ kind: "error" | "warning", text }`.
 * Accepts a VerifyError (or anything thrown).
 */
export function errorMessage(error) {
  const code = error && typeof error.code === "string" ? error.code : "UNKNOWN";
  const retryAfter = error?.retryAfterSeconds;
  switch (code) {
    case "INVALID_REQUEST": {
      const field = typeof error.field === "string" && error.field !== "" ? error.field : null;
      if (field && FIELD_MESSAGES[field]) return { kind: "error", field, text: FIELD_MESSAGES[field] };
      return {
        kind: "error",
        field,
        text: field
          ? `The request was refused: the field “${field}” isn't valid.`
          : "The request was refused as invalid. Check the number and try again.",
      };
    }
    case "UNAUTHORIZED":
      return {
        kind: "error",
        text: withReference(
          "The verification service refused this site's credentials. The site's owner needs to check its 8x8 API key and subaccount.",
          error,
        ),
      };
    case "FORBIDDEN":
      return {
        kind: "error",
        text: "Codes can't be sent to this number here: its country (or the way of sending) isn't enabled on this site.",
      };
    case "NOT_FOUND":
      return { kind: "error", text: "This verification no longer exists (it may have expired). Send a new code." };
    case "RESEND_TOO_SOON":
      return {
        kind: "warning",
        text: `A code was sent very recently. You can ask for it again ${waitText(retryAfter, "in a few seconds")}.`,
      };
    case "RATE_LIMITED":
      return {
        kind: "warning",
        text: `Too many codes were requested for this number. Try again ${waitText(retryAfter, "later")}.`,
      };
    case "UPGRADE_REQUIRED":
      return {
        kind: "error",
        text: withReference(
          "The verification service asked for a more secure connection than this server used. Please try again later.",
          error,
        ),
      };
    case "SERVER_ERROR":
      return {
        kind: "error",
        text: withReference("The verification service is having trouble right now. Please try again in a moment.", error),
      };
    case "NETWORK":
      return { kind: "error", text: "Couldn't reach the server. Check your connection and try again." };
    case "TIMEOUT":
      return { kind: "error", text: "The server took too long to answer. Please try again." };
    case "ABORTED":
      return { kind: "warning", text: "The request was cancelled." };
    case "BAD_RESPONSE":
      return { kind: "error", text: "The server sent an answer this page couldn't read. Please try again in a moment." };
    default:
      return { kind: "error", text: "Something went wrong. Please try again." };
  }
}

/** The message for a code check: `{ kind: "success" | "error", text }`. */
export function outcomeMessage(check) {
  switch (check?.outcome) {
    case "VERIFIED":
      return { kind: "success", text: "Code accepted: your phone number is verified." };
    case "WRONG_CODE": {
      const left = Number(check.attemptsLeft) || 0;
      return {
        kind: "error",
        text: `That code isn't right. ${left} ${left === 1 ? "attempt" : "attempts"} left.`,
      };
    }
    case "FAILED":
      return { kind: "error", text: "Too many wrong codes: this code can't be used any more. Send a new code to try again." };
    case "EXPIRED":
      return { kind: "error", text: "This code has expired. Send a new code to try again." };
    default:
      return { kind: "error", text: "The code couldn't be checked. Please try again." };
  }
}
