//! The call to 8x8 (gloo-net, never following a redirect) and what its answer becomes:
//! a session, a refusal the browser may see, or a 502/504 whose details go to the log
//! only (a rejected key, a failure, a redirect, garbage).

use super::super::reply::{upstream_envelope, Envelope, Reject};
use crate::body;
use crate::error::Error;
use crate::operations::status::{is_error_id, ILLEGAL_SUB_ACCOUNT};
use crate::operations::HttpRequest;
use crate::transport;
use crate::types::upstream::{ErrorBody, SessionBody};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn log_error(message: &str);
}

/// Writes a line for the server's operators (never a key, a code or a number).
pub fn log(message: &str) {
    log_error(&format!("verify-8x8 proxy: {message}"));
}

/// What 8x8's answer becomes.
pub enum Upstream {
    /// A session, and the `Date` it was answered at.
    Session(SessionBody, Option<String>),
    /// A refusal the browser may see.
    Refused(Refusal),
}

/// 8x8's refusal (400, 403, 404, 429, …), reshaped for the browser.
pub struct Refusal {
    /// The status 8x8 answered.
    pub status: u16,
    /// 8x8's code and errorId, with a message of the proxy's own.
    pub envelope: Envelope,
    /// Upstream's `Date`.
    pub date: Option<String>,
    /// Upstream's `Retry-After`.
    pub retry_after: Option<String>,
}

impl Refusal {
    /// Why 8x8 refused, in one word.
    pub fn reason(&self) -> &'static str {
        match self.status {
            403 => "upstream_refused",
            404 => "session_not_found",
            429 => "upstream_rate_limited",
            _ => "upstream_rejected",
        }
    }
}

/// Sends `http` to 8x8. `error_id` and `timestamp` make the envelope of a refusal (the
/// errorId only when 8x8's carries none); a session needs neither.
pub async fn call(
    http: &HttpRequest,
    error_id: impl FnOnce() -> String,
    timestamp: impl FnOnce() -> String,
) -> Result<Upstream, Reject> {
    let response = transport::send(http, None).await.map_err(|e| {
        log(&format!("the request to 8x8 failed: {:?}", e.code()));
        match e {
            Error::Timeout(_) => Reject::gateway_timeout(),
            _ => Reject::bad_gateway("upstream_unreachable"),
        }
    })?;
    let status = response.status;
    let text = response.body.as_deref();
    if (200..=299).contains(&status) {
        return text
            .and_then(body::decode::<SessionBody>)
            .map(|session| Upstream::Session(session, response.date))
            .ok_or_else(|| {
                log(&format!(
                    "8x8 answered HTTP {status} with an unexpected body"
                ));
                Reject::bad_gateway("upstream_bad_response")
            });
    }
    let envelope = text.and_then(body::decode::<ErrorBody>).unwrap_or_default();
    let api_code = envelope.code;
    if status == 401 || (status == 400 && api_code == Some(ILLEGAL_SUB_ACCOUNT)) {
        log(&format!(
            "8x8 answered HTTP {status}{}; check apiKey and subAccountId",
            code(api_code)
        ));
        return Err(Reject::bad_gateway("upstream_unauthorized"));
    }
    if !(400..=499).contains(&status) {
        log(&format!("8x8 answered HTTP {status}{}", code(api_code)));
        let reason = if status < 400 {
            "upstream_redirect"
        } else {
            "upstream_failed"
        };
        return Err(Reject::bad_gateway(reason));
    }
    let error_id = envelope
        .error_id
        .filter(|id| is_error_id(id))
        .unwrap_or_else(error_id);
    Ok(Upstream::Refused(Refusal {
        status,
        envelope: upstream_envelope(status, api_code, error_id, timestamp()),
        date: response.date,
        retry_after: response.retry_after,
    }))
}

fn code(api_code: Option<i64>) -> String {
    api_code.map(|c| format!(" (code {c})")).unwrap_or_default()
}
