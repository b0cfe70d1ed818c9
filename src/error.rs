//! The one error type: a coded, documented variant per way a call can fail.
//!
//! Every variant carries the same [`Details`]. Messages name the field and the rule,
//! never a value, so an error can be logged as it is: no API key, code or phone
//! number ever appears in one.

use core::fmt;

/// Why an operation failed. Branch on the variant (or on [`Error::code`], the same
/// string JavaScript sees as `VerifyError.code`).
///
/// # Example
/// ```
/// use verify_8x8::{Error, StartVerificationRequest};
///
/// let request = StartVerificationRequest::new("12");
/// match request.validate() {
///     Err(Error::InvalidRequest(details)) => assert_eq!(details.field.as_deref(), Some("destination")),
///     other => panic!("unexpected {other:?}"),
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The request or the options broke a rule (checked before anything is sent;
    /// `field` names the culprit), or 8x8 answered 400, 405, 413, 415 or another 4xx
    /// not listed below. Fix the input; retrying the same call fails again.
    InvalidRequest(Details),
    /// 8x8 rejected the API key (401), or the subaccount does not belong to it
    /// (400 with code 1001). A configuration problem: do not retry.
    Unauthorized(Details),
    /// 8x8 answered 403 for a reason other than the resend interval: the key may not
    /// use this operation. Do not retry.
    Forbidden(Details),
    /// The session does not exist (404), for instance a mistyped or foreign id.
    /// Start a new verification.
    NotFound(Details),
    /// A new code was requested for this destination before its resend interval
    /// ended (403 with code 1400). Retryable after `retry_after_seconds`, or after
    /// `Verification::resend_in_seconds` of the previous send.
    ResendTooSoon(Details),
    /// Too many requests (429). Retryable after `retry_after_seconds` when known.
    RateLimited(Details),
    /// 8x8 requires a newer TLS version (426). Upgrade the runtime; do not retry.
    UpgradeRequired(Details),
    /// 8x8 failed (5xx, whatever the body), or a proxy answered 409: a request with the
    /// same idempotency key is still in progress. Retryable with backoff, but mind that a
    /// start that failed may still have sent a message ([`Details::maybe_sent`]).
    ServerError(Details),
    /// The request never got an HTTP response: DNS, connection refused, reset, TLS.
    /// Retryable; a start may or may not have reached 8x8.
    Network(Details),
    /// No complete response within `timeoutMs` (the body included). Retryable; a
    /// start may or may not have reached 8x8.
    Timeout(Details),
    /// The caller's `AbortSignal` fired. Not retried: the caller chose to stop.
    Aborted(Details),
    /// A 2xx (or unexpected) response whose body is not the JSON 8x8 documents.
    /// Not retryable: the service or whatever stands in front of it misbehaves.
    BadResponse(Details),
}

/// What is known about a failure, beyond its kind.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Details {
    /// A human-readable sentence naming the field and the rule, never a value.
    pub message: String,
    /// The HTTP status, when there was a response.
    pub status: Option<u16>,
    /// 8x8's numeric error `code`, when the body carried one.
    pub api_code: Option<i64>,
    /// 8x8's `errorId` (quote it to 8x8 support), when the body carried one.
    pub error_id: Option<String>,
    /// Seconds to wait before retrying, from `Retry-After` or the body, when known.
    pub retry_after_seconds: Option<u64>,
    /// For [`Error::InvalidRequest`]: the offending field as a dotted path (`call.repetition`).
    pub field: Option<String>,
    /// True when a start or a code check failed after its request may have reached the
    /// service (or a proxy), so a code may have been sent or an attempt spent: the
    /// connection dropped or timed out after sending, the call was aborted mid-request, or
    /// the answer was a 5xx, an unreadable 2xx or a 409 (the same idempotency key still in
    /// progress). The safe next step is in the README's error table.
    pub maybe_sent: bool,
}

impl Details {
    /// Details carrying only a message.
    pub fn new(message: impl Into<String>) -> Self {
        Details {
            message: message.into(),
            ..Details::default()
        }
    }
}

impl Error {
    /// An [`Error::InvalidRequest`] for `field`, whose message is `"{field} {rule}"`.
    pub fn invalid(field: impl Into<String>, rule: &str) -> Self {
        let field = field.into();
        Error::InvalidRequest(Details {
            message: format!("{field} {rule}"),
            field: Some(field),
            ..Details::default()
        })
    }

    /// The same error for a field nested in `parent`: an [`Error::InvalidRequest`] about
    /// `codeLength` becomes one about `defaults.codeLength`. Other errors are unchanged.
    pub fn within(self, parent: &str) -> Self {
        self.refield(|field| Some(format!("{parent}.{field}")))
    }

    /// The same error naming the field `to` where it named `from` (an option known by
    /// another name where it was given).
    #[cfg(feature = "proxy")]
    pub(crate) fn renamed(self, from: &str, to: &str) -> Self {
        self.refield(|field| (field == from).then(|| to.to_owned()))
    }

    /// An [`Error::InvalidRequest`] about the field `rename` maps to a new name, about that
    /// name, with the same rule; anything else unchanged.
    fn refield(self, rename: impl FnOnce(&str) -> Option<String>) -> Self {
        if let Error::InvalidRequest(Details {
            field: Some(field),
            message,
            ..
        }) = &self
        {
            if let Some(to) = rename(field) {
                let rule = message.strip_prefix(field.as_str()).unwrap_or(message);
                return Error::invalid(to, rule.trim_start());
            }
        }
        self
    }

    /// The stable code JavaScript sees as `VerifyError.code`, e.g. `"RESEND_TOO_SOON"`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidRequest(_) => "INVALID_REQUEST",
            Error::Unauthorized(_) => "UNAUTHORIZED",
            Error::Forbidden(_) => "FORBIDDEN",
            Error::NotFound(_) => "NOT_FOUND",
            Error::ResendTooSoon(_) => "RESEND_TOO_SOON",
            Error::RateLimited(_) => "RATE_LIMITED",
            Error::UpgradeRequired(_) => "UPGRADE_REQUIRED",
            Error::ServerError(_) => "SERVER_ERROR",
            Error::Network(_) => "NETWORK",
            Error::Timeout(_) => "TIMEOUT",
            Error::Aborted(_) => "ABORTED",
            Error::BadResponse(_) => "BAD_RESPONSE",
        }
    }

    /// Everything known about the failure.
    pub fn details(&self) -> &Details {
        match self {
            Error::InvalidRequest(d)
            | Error::Unauthorized(d)
            | Error::Forbidden(d)
            | Error::NotFound(d)
            | Error::ResendTooSoon(d)
            | Error::RateLimited(d)
            | Error::UpgradeRequired(d)
            | Error::ServerError(d)
            | Error::Network(d)
            | Error::Timeout(d)
            | Error::Aborted(d)
            | Error::BadResponse(d) => d,
        }
    }

    /// Whether trying again later can succeed: true exactly for `RESEND_TOO_SOON`,
    /// `RATE_LIMITED`, `SERVER_ERROR`, `NETWORK` and `TIMEOUT`. The library itself never
    /// retries anything that can send a message or consume an attempt.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Error::ResendTooSoon(_)
                | Error::RateLimited(_)
                | Error::ServerError(_)
                | Error::Network(_)
                | Error::Timeout(_)
        )
    }

    /// The same error marked [`Details::maybe_sent`] when its kind leaves the outcome
    /// unknown (`NETWORK`, `TIMEOUT`, `ABORTED`, `SERVER_ERROR`, `BAD_RESPONSE`); a refusal
    /// (any other kind) is known not to have sent anything, and stays unmarked.
    pub fn maybe_sent(mut self) -> Self {
        if let Error::Network(d)
        | Error::Timeout(d)
        | Error::Aborted(d)
        | Error::ServerError(d)
        | Error::BadResponse(d) = &mut self
        {
            d.maybe_sent = true;
        }
        self
    }

    /// Whether the request may have reached the service (see [`Details::maybe_sent`]).
    pub fn is_maybe_sent(&self) -> bool {
        self.details().maybe_sent
    }

    /// The message (also this error's `Display`).
    pub fn message(&self) -> &str {
        &self.details().message
    }

    /// The offending field of an [`Error::InvalidRequest`], as a dotted path.
    pub fn field(&self) -> Option<&str> {
        self.details().field.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_exactly_for_the_documented_codes() {
        let d = Details::default;
        let all = [
            Error::InvalidRequest(d()),
            Error::Unauthorized(d()),
            Error::Forbidden(d()),
            Error::NotFound(d()),
            Error::ResendTooSoon(d()),
            Error::RateLimited(d()),
            Error::UpgradeRequired(d()),
            Error::ServerError(d()),
            Error::Network(d()),
            Error::Timeout(d()),
            Error::Aborted(d()),
            Error::BadResponse(d()),
        ];
        let retryable: Vec<_> = all
            .iter()
            .filter(|e| e.is_retryable())
            .map(Error::code)
            .collect();
        assert_eq!(
            retryable,
            [
                "RESEND_TOO_SOON",
                "RATE_LIMITED",
                "SERVER_ERROR",
                "NETWORK",
                "TIMEOUT"
            ]
        );
    }

    #[test]
    fn maybe_sent_only_where_the_outcome_is_unknown() {
        let d = Details::default;
        assert!(Error::Network(d()).maybe_sent().is_maybe_sent());
        assert!(Error::ServerError(d()).maybe_sent().is_maybe_sent());
        assert!(!Error::ResendTooSoon(d()).maybe_sent().is_maybe_sent());
        assert!(!Error::Network(d()).is_maybe_sent());
    }

    #[test]
    fn invalid_names_field_and_rule() {
        let e = Error::invalid("call.repetition", "must be an integer from 1 to 3");
        assert_eq!(
            e.to_string(),
            "call.repetition must be an integer from 1 to 3"
        );
        assert_eq!(e.field(), Some("call.repetition"));
        assert_eq!(e.code(), "INVALID_REQUEST");
    }
}
