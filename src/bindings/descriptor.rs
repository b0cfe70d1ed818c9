//! An [`Error`] as the plain object the JavaScript shim turns into a `VerifyError`
//! (defined once, in the shim every entry imports).

use super::convert::to_js;
use crate::error::Error;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Why an operation failed, as a stable code to branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VerifyErrorCode {
    /// The request or the options broke a rule, or the service refused the request (4xx).
    InvalidRequest,
    /// The API key or subaccount was not accepted.
    Unauthorized,
    /// The service refused the operation (403).
    Forbidden,
    /// No such verification (404).
    NotFound,
    /// A new code was asked for before the resend interval ended.
    ResendTooSoon,
    /// Too many requests (429).
    RateLimited,
    /// A newer TLS version is required (426).
    UpgradeRequired,
    /// The service failed (5xx).
    ServerError,
    /// No response: DNS, connection, TLS.
    Network,
    /// No complete response within `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A response that is not what the service documents.
    BadResponse,
}

/// What a `VerifyError` is made from: the code, a message naming the field and the rule
/// (never a value), and what is known about the failure.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct VerifyErrorInit {
    /// What went wrong.
    pub code: VerifyErrorCode,
    /// A sentence naming the field and the rule, never a value.
    pub message: String,
    /// True exactly for RESEND_TOO_SOON, RATE_LIMITED, SERVER_ERROR, NETWORK, TIMEOUT.
    pub retryable: bool,
    /// HTTP status, when there was a response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The service's numeric error code, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_code: Option<i64>,
    /// The service's errorId (quote it to 8x8 support), when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_id: Option<String>,
    /// Seconds to wait before retrying, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
    /// INVALID_REQUEST: the offending field as a dotted path, e.g. "call.repetition".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// A start or check that may have reached the service (a code sent, an attempt spent)
    /// although it failed: connection dropped or timed out after sending, aborted
    /// mid-request, a 5xx, an unreadable 2xx, or a 409.
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub maybe_sent: bool,
}

impl From<&Error> for VerifyErrorInit {
    fn from(error: &Error) -> Self {
        let code = match error {
            Error::InvalidRequest(_) => VerifyErrorCode::InvalidRequest,
            Error::Unauthorized(_) => VerifyErrorCode::Unauthorized,
            Error::Forbidden(_) => VerifyErrorCode::Forbidden,
            Error::NotFound(_) => VerifyErrorCode::NotFound,
            Error::ResendTooSoon(_) => VerifyErrorCode::ResendTooSoon,
            Error::RateLimited(_) => VerifyErrorCode::RateLimited,
            Error::UpgradeRequired(_) => VerifyErrorCode::UpgradeRequired,
            Error::ServerError(_) => VerifyErrorCode::ServerError,
            Error::Network(_) => VerifyErrorCode::Network,
            Error::Timeout(_) => VerifyErrorCode::Timeout,
            Error::Aborted(_) => VerifyErrorCode::Aborted,
            Error::BadResponse(_) => VerifyErrorCode::BadResponse,
        };
        let d = error.details().clone();
        VerifyErrorInit {
            code,
            message: d.message,
            retryable: error.is_retryable(),
            status: d.status,
            api_code: d.api_code,
            error_id: d.error_id,
            retry_after_seconds: d.retry_after_seconds,
            field: d.field,
            maybe_sent: d.maybe_sent,
        }
    }
}

/// The descriptor JavaScript receives for `error`.
pub(crate) fn error_to_js(error: &Error) -> JsValue {
    to_js(&VerifyErrorInit::from(error))
}
