//! What the proxy answers: its own refusals in 8x8's error envelope, upstream failures
//! passed on with a message of its own, and sessions reshaped for the browser (verifyUri
//! pointing at the proxy, destination masked). All serde types, written as JSON by `crate::body`.

use crate::error::Error;
use crate::types::upstream::SessionBody;
use serde::Serialize;

/// An answer the proxy makes itself instead of asking 8x8, and why (for `onEvent`).
#[derive(Clone, Debug, PartialEq)]
pub struct Reject {
    /// HTTP status.
    pub status: u16,
    /// 8x8-style numeric code.
    pub code: i64,
    /// A sentence naming the field and the rule, never a value.
    pub message: String,
    /// The offending field, when one is to blame.
    pub field: Option<String>,
    /// For 429: seconds until the limit resets.
    pub retry_after_seconds: Option<u64>,
    /// For 405: the methods the route allows.
    pub allow: Option<&'static str>,
    /// Why, in one word, for operators.
    pub reason: &'static str,
}

impl Reject {
    fn new(status: u16, code: i64, reason: &'static str, message: impl Into<String>) -> Reject {
        Reject {
            status,
            code,
            message: message.into(),
            field: None,
            retry_after_seconds: None,
            allow: None,
            reason,
        }
    }

    /// The same refusal, blaming `field`.
    fn on_field(self, field: &str) -> Reject {
        Reject {
            field: Some(field.to_owned()),
            ..self
        }
    }

    /// 400/1000: a field breaks a rule.
    pub fn invalid(field: &str, rule: &str) -> Reject {
        Reject::new(400, 1000, "invalid_request", format!("{field} {rule}")).on_field(field)
    }

    /// 400/1000 for a request the client's rules refuse (`Error::InvalidRequest`). A
    /// field name the client chose is repeated only when it is a plain identifier
    /// ([`is_plain_field`]); anything else (HTML, 2 KB of it) is refused without an echo.
    pub fn from_error(error: &Error) -> Reject {
        match error.field() {
            Some(field) if !is_plain_field(field) => Reject::new(
                400,
                1000,
                "invalid_request",
                "the request has a field this service does not accept",
            ),
            field => {
                let mut r = Reject::new(400, 1000, "invalid_request", error.message());
                r.field = field.map(str::to_owned);
                r
            }
        }
    }

    /// 400/1000: the body is not JSON.
    pub fn malformed() -> Reject {
        Reject::new(
            400,
            1000,
            "invalid_request",
            "the request body is not valid JSON",
        )
    }

    /// 403/1201: the destination's country is not served.
    pub fn country() -> Reject {
        Reject::new(
            403,
            1201,
            "country_not_allowed",
            "destination is in a country this service does not send codes to",
        )
        .on_field("destination")
    }

    /// 403/1201: the channel is not offered.
    pub fn channel() -> Reject {
        Reject::new(
            403,
            1201,
            "channel_not_allowed",
            "channel is not a channel this service offers",
        )
        .on_field("channel")
    }

    /// 403/1201: a request from another site (a navigation, form, `<img>` or `no-cors`
    /// fetch, or a cross-site fetch from an origin that is not allowed).
    pub fn cross_site() -> Reject {
        Reject::new(
            403,
            1201,
            "cross_site",
            "cross-site requests are not allowed",
        )
    }

    /// 403/1201: a request without the header every client of this proxy sends.
    pub fn missing_header() -> Reject {
        Reject::new(
            403,
            1201,
            "missing_header",
            "requests must carry the header X-Verify-8x8: 1 (the verify-8x8 client sends it)",
        )
    }

    /// 403/1201: a cross-origin request from an origin that is not allowed.
    pub fn foreign_origin() -> Reject {
        Reject::new(
            403,
            1201,
            "origin_not_allowed",
            "requests from this origin are not allowed",
        )
    }

    /// 404/1300: no such route.
    pub fn not_found() -> Reject {
        Reject::new(404, 1300, "not_found", "no such endpoint")
    }

    /// 405/1000 with `Allow`.
    pub fn method_not_allowed(allow: &'static str) -> Reject {
        let mut r = Reject::new(
            405,
            1000,
            "method_not_allowed",
            format!("this endpoint allows only {allow}"),
        );
        r.allow = Some(allow);
        r
    }

    /// 413/1000: the body is larger than `max` bytes.
    pub fn too_large(max: usize) -> Reject {
        Reject::new(
            413,
            1000,
            "too_large",
            format!("the request body is larger than {max} bytes"),
        )
    }

    /// 415/1000: not `application/json`.
    pub fn unsupported_media_type() -> Reject {
        Reject::new(
            415,
            1000,
            "unsupported_media_type",
            "the request body must be application/json",
        )
    }

    /// 400/1012: the client IP needed for the per-IP limit is missing or invalid.
    pub fn no_client_ip() -> Reject {
        Reject::new(
            400,
            1012,
            "no_client_ip",
            "the client IP address is missing or invalid",
        )
    }

    /// 429/1100: one of the proxy's own limits (`reason` says which).
    pub fn limited(reason: &'static str, retry_after_seconds: u64) -> Reject {
        let mut r = Reject::new(
            429,
            1100,
            reason,
            "too many verification requests; try again later",
        );
        r.retry_after_seconds = Some(retry_after_seconds);
        r
    }

    /// 502/2000: the upstream answer cannot be passed on (its details go to the log).
    pub fn bad_gateway(reason: &'static str) -> Reject {
        Reject::new(502, 2000, reason, "the verification service is unavailable")
    }

    /// 504/2000: no upstream answer in time.
    pub fn gateway_timeout() -> Reject {
        Reject::new(
            504,
            2000,
            "upstream_timeout",
            "the verification service did not answer in time",
        )
    }

    /// 504/2000: something the proxy awaited (`reason` says what: a hook, the store, the
    /// browser's body) did not answer in time; nothing was sent to 8x8 after it.
    pub fn timed_out(reason: &'static str) -> Reject {
        Reject::new(
            504,
            2000,
            reason,
            "the server did not finish the verification in time",
        )
    }

    /// 404/1300: the verification is closed — it was verified already (another check
    /// won it), or too long ago — so this check is not answered `VERIFIED`.
    pub fn session_closed(reason: &'static str) -> Reject {
        Reject::new(
            404,
            1300,
            reason,
            "the verification is closed: it was already verified; start a new one",
        )
    }

    /// 500/2000: a server hook failed or answered with something that is not a Response.
    pub fn hook_failed(reason: &'static str) -> Reject {
        Reject::new(
            500,
            2000,
            reason,
            "the server failed to handle the verification",
        )
    }

    /// The body: 8x8's envelope plus `field` / `retryAfterSeconds` where meaningful.
    pub fn envelope(&self, error_id: String, timestamp: String) -> Envelope {
        Envelope {
            code: self.code,
            message: self.message.clone(),
            error_id,
            timestamp,
            field: self.field.clone(),
            retry_after_seconds: self.retry_after_seconds,
        }
    }
}

/// Whether `field` (a dotted path) may be repeated to the client: letters, digits, `_`,
/// `.` and `-`, at most 64 characters.
pub fn is_plain_field(field: &str) -> bool {
    (1..=64).contains(&field.len())
        && field
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// 8x8's error envelope, as the proxy writes it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    /// 8x8-style numeric code.
    pub code: i64,
    /// What went wrong (never a value, the key or the subaccount).
    pub message: String,
    /// A uuid to quote.
    pub error_id: String,
    /// When, ISO-8601.
    pub timestamp: String,
    /// The offending field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Seconds until a limit resets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
}

/// An upstream refusal passed on: the status and 8x8's numeric code and errorId, with a
/// message of the proxy's own (never upstream text, which could echo anything).
pub fn upstream_envelope(
    status: u16,
    api_code: Option<i64>,
    error_id: String,
    timestamp: String,
) -> Envelope {
    let message = match status {
        400 => "the verification service rejected the request",
        403 => "the verification service refused the request",
        404 => "the verification was not found",
        429 => "too many requests to the verification service",
        _ => "the verification service could not handle the request",
    };
    Envelope {
        code: api_code.unwrap_or(1000),
        message: message.into(),
        error_id,
        timestamp,
        field: None,
        retry_after_seconds: None,
    }
}

/// 8x8's session for the browser: the spec's field names, `verifyUri` pointing at this
/// proxy, `destination` masked to its last 4 digits.
pub fn browser_session(mut session: SessionBody, base_path: &str) -> SessionBody {
    session.verify_uri = format!("{base_path}/sessions/{}", session.session_id);
    session.destination = mask(&session.destination);
    session
}

/// Every digit but the last four becomes `*`: `+6587654321` → `+******4321`.
pub fn mask(destination: &str) -> String {
    let digits = destination.bytes().filter(u8::is_ascii_digit).count();
    let mut seen = 0;
    destination
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen + 4 <= digits {
                    return '*';
                }
            }
            c
        })
        .collect()
}

#[cfg(test)]
#[path = "reply_tests.rs"]
mod tests;
