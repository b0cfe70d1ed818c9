//! Responses into results: a 2xx body through the expected shape, anything else through
//! the status table; countdowns from the response's own `Date`.

use super::status::error_for_status;
use super::HttpResponse;
use crate::body;
use crate::error::{Details, Error};
use crate::time;
use crate::types::upstream::{ErrorBody, SessionBody};
use crate::types::{CodeCheck, Status, Verification, MAX_ATTEMPTS};
use serde::de::DeserializeOwned;

/// The clock a response is read against (defined in [`super`], so [`super::status`] can use
/// it without importing this module).
pub use super::Clock;

/// A session, read from a response to start, check or get.
pub fn verification(response: &HttpResponse, local_now_ms: i64) -> Result<Verification, Error> {
    let (session, clock) = success::<SessionBody>(response, local_now_ms)?;
    session_to_verification(session, clock).map_err(|e| with_status(e, response.status))
}

/// A code check: the session after it, and what it did.
pub fn code_check(response: &HttpResponse, local_now_ms: i64) -> Result<CodeCheck, Error> {
    verification(response, local_now_ms).map(CodeCheck::new)
}

/// A coverage answer (direct mode: the browser's wasm never reads one).
#[cfg(any(feature = "direct", not(target_arch = "wasm32")))]
pub fn sma_coverage(
    response: &HttpResponse,
    local_now_ms: i64,
) -> Result<crate::types::SmaCoverage, Error> {
    success::<crate::types::SmaCoverage>(response, local_now_ms).map(|(coverage, _)| coverage)
}

/// The body of a 2xx response as `T`; a failure status as its error.
fn success<T: DeserializeOwned>(
    response: &HttpResponse,
    local_now_ms: i64,
) -> Result<(T, Clock), Error> {
    let clock = Clock::from_date_header(response.date.as_deref(), local_now_ms);
    if !(200..=299).contains(&response.status) {
        let envelope = response.body.as_deref().and_then(body::decode::<ErrorBody>);
        return Err(error_for_status(
            response.status,
            envelope.as_ref(),
            response.retry_after.as_deref(),
            clock,
        ));
    }
    let value = response
        .body
        .as_deref()
        .and_then(body::decode::<T>)
        .ok_or_else(|| with_status(bad("is not the JSON 8x8 documents"), response.status))?;
    Ok((value, clock))
}

/// 8x8's session in the shape callers get: timestamps checked, countdowns computed.
pub(crate) fn session_to_verification(
    session: SessionBody,
    clock: Clock,
) -> Result<Verification, Error> {
    if session.session_id.is_empty() {
        return Err(bad("has no sessionId"));
    }
    let expires_ms = timestamp(&session.expires_at, "expiresAt")?;
    let retry_ms = timestamp(&session.retry_after, "retryAfter")?;
    let waiting = session.status == Status::Waiting;
    Ok(Verification {
        verified: session.status == Status::Verified,
        attempts_left: if waiting {
            MAX_ATTEMPTS.saturating_sub(session.attempt)
        } else {
            0
        },
        expires_in_seconds: time::seconds_until(expires_ms, clock.now_ms),
        resend_in_seconds: time::seconds_until(retry_ms, clock.now_ms),
        session_id: session.session_id,
        status: session.status,
        destination: session.destination,
        attempt: session.attempt,
        expires_at: session.expires_at,
        retry_after: session.retry_after,
        verify_uri: session.verify_uri,
        sma_verification_url: session.sma.map(|sma| sma.verification_url),
    })
}

fn timestamp(text: &str, field: &str) -> Result<i64, Error> {
    time::parse_iso8601_ms(text)
        .ok_or_else(|| bad(&format!("has a {field} that is not an ISO-8601 date-time")))
}

fn bad(what: &str) -> Error {
    Error::BadResponse(Details::new(format!("8x8's response {what}")))
}

fn with_status(error: Error, status: u16) -> Error {
    match error {
        Error::BadResponse(details) => Error::BadResponse(Details {
            status: Some(status),
            ..details
        }),
        other => other,
    }
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
