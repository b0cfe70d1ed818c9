//! HTTP answers that are not successes, mapped to [`Error`]s by status (and, where 8x8
//! distinguishes cases inside one status, by its numeric `code`).

use super::Clock;
use crate::error::{Details, Error};
use crate::time;
use crate::types::upstream::ErrorBody;

/// 8x8's code for "subaccount does not belong to this key" (sent with HTTP 400).
pub(crate) const ILLEGAL_SUB_ACCOUNT: i64 = 1001;
/// 8x8's code for an invalid phone number.
const INVALID_MSISDN: i64 = 1002;
/// 8x8's code for an invalid country.
const INVALID_COUNTRY: i64 = 1009;
/// 8x8's code for "resending interval violation" (sent with HTTP 403).
const RESEND_INTERVAL: i64 = 1400;
/// Longest wait we report, so absurd headers stay absurd but representable.
const MAX_RETRY_AFTER_SECONDS: u64 = 365 * 24 * 3600;

/// The error for a non-2xx response. `body` is the error envelope, if the body was one;
/// `retry_after` the raw `Retry-After` header; `clock` the response's `Date`.
pub fn error_for_status(
    status: u16,
    body: Option<&ErrorBody>,
    retry_after: Option<&str>,
    clock: Clock,
) -> Error {
    let api_code = body
        .and_then(|b| b.code)
        .filter(|c| i32::try_from(*c).is_ok());
    let mut details = Details {
        status: Some(status),
        api_code,
        error_id: body
            .and_then(|b| b.error_id.as_deref())
            .filter(|id| is_error_id(id))
            .map(str::to_owned),
        retry_after_seconds: retry_after
            .and_then(|h| parse_retry_after(h, clock))
            .or_else(|| body.and_then(body_retry_after)),
        ..Details::default()
    };

    let (kind, what): (fn(Details) -> Error, &str) = match (status, api_code) {
        (400, Some(ILLEGAL_SUB_ACCOUNT)) => (
            Error::Unauthorized,
            "the subaccount does not belong to this API key",
        ),
        (401, _) => (Error::Unauthorized, "the API key was not accepted"),
        (400, Some(INVALID_MSISDN)) => {
            details.field = Some("destination".into());
            (
                Error::InvalidRequest,
                "destination is not a phone number 8x8 accepts",
            )
        }
        (400, Some(INVALID_COUNTRY)) => {
            details.field = Some("country".into());
            (
                Error::InvalidRequest,
                "country is not a country 8x8 accepts",
            )
        }
        (403, Some(RESEND_INTERVAL)) => (
            Error::ResendTooSoon,
            "a new code was requested before the resend interval ended",
        ),
        (403, _) => (Error::Forbidden, "the request is not allowed"),
        (404, _) => (Error::NotFound, "the verification was not found"),
        (426, _) => (Error::UpgradeRequired, "a newer TLS version is required"),
        (429, _) => (Error::RateLimited, "too many requests"),
        (409, _) => (
            Error::ServerError,
            "a request with the same idempotency key is still in progress",
        ),
        (500..=599, _) => (Error::ServerError, "the service failed"),
        (400..=499, _) => {
            details.field = body
                .and_then(|b| b.field.as_deref())
                .filter(|f| is_field_path(f))
                .map(str::to_owned);
            (Error::InvalidRequest, "the request was rejected")
        }
        _ => (
            Error::BadResponse,
            "the service answered with an unexpected status",
        ),
    };
    details.message = match api_code {
        Some(code) => format!("{what} (HTTP {status}, code {code})"),
        None => format!("{what} (HTTP {status})"),
    };
    kind(details)
}

/// `Retry-After` as seconds from the response's clock: delta-seconds or an HTTP-date,
/// clamped at 0; anything else is ignored.
pub fn parse_retry_after(header: &str, clock: Clock) -> Option<u64> {
    let header = header.trim();
    if !header.is_empty() && header.bytes().all(|b| b.is_ascii_digit()) {
        let seconds = header.parse::<u64>().unwrap_or(u64::MAX);
        return Some(seconds.min(MAX_RETRY_AFTER_SECONDS));
    }
    let at_ms = time::parse_http_date_ms(header)?;
    let wait_ms = at_ms.saturating_sub(clock.now_ms).max(0);
    Some(((wait_ms as u64).div_ceil(1000)).min(MAX_RETRY_AFTER_SECONDS))
}

/// The `retryAfterSeconds` a proxy puts in its error bodies.
fn body_retry_after(body: &ErrorBody) -> Option<u64> {
    let seconds = body.retry_after_seconds?;
    (seconds >= 0.0).then(|| (seconds.ceil() as u64).min(MAX_RETRY_AFTER_SECONDS))
}

/// An `errorId` worth passing on: short, and only characters a uuid-like id has.
pub(crate) fn is_error_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A dotted path of field names, as a proxy reports the field it rejected.
fn is_field_path(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLOCK: Clock = Clock {
        now_ms: 784_111_777_000,
    }; // Sun, 06 Nov 1994 08:49:37 GMT

    fn map(status: u16, body: &str) -> Error {
        let body = crate::body::decode::<ErrorBody>(body);
        error_for_status(status, body.as_ref(), None, CLOCK)
    }

    fn envelope(json: &str) -> ErrorBody {
        crate::body::decode(json).unwrap()
    }

    #[test]
    fn the_status_table() {
        let cases = [
            (400, r#"{"code":1000}"#, "INVALID_REQUEST"),
            (400, r#"{"code":1001}"#, "UNAUTHORIZED"),
            (400, "not json", "INVALID_REQUEST"),
            (401, r#"{"code":1200}"#, "UNAUTHORIZED"),
            (403, r#"{"code":1400}"#, "RESEND_TOO_SOON"),
            (403, r#"{"code":1201}"#, "FORBIDDEN"),
            (403, "", "FORBIDDEN"),
            (404, r#"{"code":1404}"#, "NOT_FOUND"),
            (405, "", "INVALID_REQUEST"),
            (413, "", "INVALID_REQUEST"),
            (415, "", "INVALID_REQUEST"),
            (422, "", "INVALID_REQUEST"),
            (426, r#"{"code":1014}"#, "UPGRADE_REQUIRED"),
            (429, "", "RATE_LIMITED"),
            (500, r#"{"code":2000}"#, "SERVER_ERROR"),
            (502, "<html>", "SERVER_ERROR"),
            (503, "", "SERVER_ERROR"),
            (599, "", "SERVER_ERROR"),
            (302, "", "BAD_RESPONSE"),
            (101, "", "BAD_RESPONSE"),
        ];
        for (status, body, code) in cases {
            let e = map(status, body);
            assert_eq!(e.code(), code, "{status} {body}");
            assert_eq!(e.details().status, Some(status));
        }
    }

    #[test]
    fn api_fields_carry_over() {
        let e = map(
            400,
            r#"{"code":1002,"message":"Invalid MSISDN +6512345678","errorId":"b4478860-b76c-e811-814e-022a35cc1c71","timestamp":"x"}"#,
        );
        let d = e.details();
        assert_eq!(
            (d.api_code, d.field.as_deref()),
            (Some(1002), Some("destination"))
        );
        assert_eq!(
            d.error_id.as_deref(),
            Some("b4478860-b76c-e811-814e-022a35cc1c71")
        );
        assert!(
            !d.message.contains("6512345678"),
            "upstream text is not echoed"
        );
        assert_eq!(map(400, r#"{"code":1009}"#).field(), Some("country"));
        assert_eq!(
            map(400, r#"{"code":1000,"field":"call.repetition"}"#).field(),
            Some("call.repetition")
        );
        assert_eq!(map(400, r#"{"code":1000,"field":"a/../b"}"#).field(), None);
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("120", CLOCK), Some(120));
        assert_eq!(parse_retry_after(" 7 ", CLOCK), Some(7));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", CLOCK),
            Some(60)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:40:37 GMT", CLOCK),
            Some(0)
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", CLOCK),
            Some(MAX_RETRY_AFTER_SECONDS)
        );
        for garbage in ["", "-1", "1.5", "soon", "0x10"] {
            assert_eq!(parse_retry_after(garbage, CLOCK), None, "{garbage}");
        }
        let e = error_for_status(
            429,
            Some(&envelope(r#"{"retryAfterSeconds":2.2}"#)),
            Some("soon"),
            CLOCK,
        );
        assert_eq!(e.details().retry_after_seconds, Some(3));
        let e = error_for_status(
            429,
            Some(&envelope(r#"{"retryAfterSeconds":30}"#)),
            Some("5"),
            CLOCK,
        );
        assert_eq!(e.details().retry_after_seconds, Some(5), "the header wins");
    }
}
