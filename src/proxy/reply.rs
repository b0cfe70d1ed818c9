//! What the proxy answers: its own errors in 8x8's envelope, upstream answers reshaped for
//! the browser (verifyUri rewritten, destination masked), and the headers every response
//! carries.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::json::{ObjectBuilder, Value};
use crate::response::Verification;

/// An answer the proxy makes itself instead of asking 8x8.
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
}

impl Reject {
    fn new(status: u16, code: i64, message: impl Into<String>) -> Reject {
        Reject {
            status,
            code,
            message: message.into(),
            field: None,
            retry_after_seconds: None,
            allow: None,
        }
    }

    fn about(mut self, field: &str) -> Reject {
        self.field = Some(field.to_owned());
        self
    }

    /// 400/1000: a field breaks a rule.
    pub fn invalid(field: &str, rule: &str) -> Reject {
        Reject::new(400, 1000, format!("{field} {rule}")).about(field)
    }

    /// 400/1000 for a request the client's rules refuse (`Error::InvalidRequest`).
    pub fn from_error(error: &crate::error::Error) -> Reject {
        let mut r = Reject::new(400, 1000, error.message());
        r.field = error.field().map(str::to_owned);
        r
    }

    /// 400/1000: the body is not JSON.
    pub fn malformed() -> Reject {
        Reject::new(400, 1000, "the request body is not valid JSON")
    }

    /// 403/1201: allowed by the rules, refused by this service's policy.
    pub fn forbidden(field: &str, rule: &str) -> Reject {
        Reject::new(403, 1201, format!("{field} {rule}")).about(field)
    }

    /// 403/1201: a cross-origin request from an origin that is not allowed.
    pub fn foreign_origin() -> Reject {
        Reject::new(403, 1201, "requests from this origin are not allowed")
    }

    /// 404/1300: no such route.
    pub fn not_found() -> Reject {
        Reject::new(404, 1300, "no such endpoint")
    }

    /// 405/1000 with `Allow`.
    pub fn method_not_allowed(allow: &'static str) -> Reject {
        let mut r = Reject::new(405, 1000, format!("this endpoint allows only {allow}"));
        r.allow = Some(allow);
        r
    }

    /// 413/1000: the body is larger than `max` bytes.
    pub fn too_large(max: usize) -> Reject {
        Reject::new(
            413,
            1000,
            format!("the request body is larger than {max} bytes"),
        )
    }

    /// 415/1000: not `application/json`.
    pub fn unsupported_media_type() -> Reject {
        Reject::new(415, 1000, "the request body must be application/json")
    }

    /// 400/1012: the client IP needed for the per-IP limit is missing or invalid.
    pub fn no_client_ip() -> Reject {
        Reject::new(400, 1012, "the client IP address is missing or invalid")
    }

    /// 429/1100: one of the proxy's own limits.
    pub fn limited(retry_after_seconds: u64) -> Reject {
        let mut r = Reject::new(429, 1100, "too many verification requests; try again later");
        r.retry_after_seconds = Some(retry_after_seconds);
        r
    }

    /// 502/2000: the upstream answer cannot be passed on (its details go to the log).
    pub fn bad_gateway() -> Reject {
        Reject::new(502, 2000, "the verification service is unavailable")
    }

    /// 504/2000: no upstream answer in time.
    pub fn gateway_timeout() -> Reject {
        Reject::new(504, 2000, "the verification service did not answer in time")
    }

    /// 500/2000: a server hook failed.
    pub fn hook_failed() -> Reject {
        Reject::new(500, 2000, "the server failed to handle the verification")
    }

    /// The body: 8x8's envelope plus `field` / `retryAfterSeconds` where meaningful.
    pub fn envelope(&self, error_id: &str, timestamp: &str) -> Value {
        ObjectBuilder::new()
            .field("code", Value::Number(self.code as f64))
            .field("message", Value::string(self.message.as_str()))
            .field("errorId", Value::string(error_id))
            .field("timestamp", Value::string(timestamp))
            .optional("field", self.field.clone().map(Value::String))
            .optional(
                "retryAfterSeconds",
                self.retry_after_seconds.map(|s| Value::Number(s as f64)),
            )
            .build()
    }
}

/// An upstream error passed on: the status and 8x8's numeric code and errorId, with a
/// message of our own (never upstream text, which could echo anything).
pub fn upstream_envelope(
    status: u16,
    api_code: Option<i64>,
    error_id: Option<&str>,
    own_error_id: &str,
    timestamp: &str,
) -> Value {
    let message = match status {
        400 => "the verification service rejected the request",
        403 => "the verification service refused the request",
        404 => "the verification was not found",
        429 => "too many requests to the verification service",
        _ => "the verification service could not handle the request",
    };
    ObjectBuilder::new()
        .field("code", Value::Number(api_code.unwrap_or(1000) as f64))
        .field("message", Value::string(message))
        .field("errorId", Value::string(error_id.unwrap_or(own_error_id)))
        .field("timestamp", Value::string(timestamp))
        .build()
}

/// 8x8's `VerifyResponseV2` for the browser: the spec's field names, `verifyUri` pointing
/// at this proxy, `destination` masked to its last 4 digits.
pub fn browser_verification(v: &Verification, base_path: &str) -> Value {
    ObjectBuilder::new()
        .field("sessionId", Value::string(v.session_id.as_str()))
        .field(
            "verifyUri",
            Value::String(format!("{base_path}/sessions/{}", v.session_id)),
        )
        .field("destination", Value::String(mask(&v.destination)))
        .field("status", Value::string(v.status.as_str()))
        .field("attempt", Value::Number(v.attempt.into()))
        .field("expiresAt", Value::string(v.expires_at.as_str()))
        .field("retryAfter", Value::string(v.retry_after.as_str()))
        .optional(
            "sma",
            v.sma_verification_url.as_ref().map(|url| {
                ObjectBuilder::new()
                    .field("verificationUrl", Value::string(url.as_str()))
                    .build()
            }),
        )
        .build()
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
mod tests {
    use super::*;
    use crate::json::testing::{parse, to_serde};
    use crate::response::{Clock, Verification};

    #[test]
    fn masks_all_but_the_last_four_digits() {
        assert_eq!(mask("+6587654321"), "+******4321");
        assert_eq!(mask("6587654321"), "******4321");
        assert_eq!(mask("+65 8765-4321"), "+******4321");
        assert_eq!(mask("123"), "123");
        assert_eq!(mask(""), "");
    }

    #[test]
    fn browser_shape() {
        let v = Verification::from_value(
            &parse(r#"{"sessionId":"abc","verifyUri":"/api/v2/subaccounts/acme_hq/sessions/abc","destination":"+6587654321",
                "status":"WAITING","attempt":1,"expiresAt":"2025-12-18T05:59:54.09Z","nextSmsAfter":"2025-12-18T05:55:04.09Z","secret":"x"}"#),
            Clock { now_ms: 0 },
        )
        .unwrap();
        assert_eq!(
            to_serde(&browser_verification(&v, "/api/verify")),
            serde_json::json!({"sessionId": "abc", "verifyUri": "/api/verify/sessions/abc", "destination": "+******4321",
                "status": "WAITING", "attempt": 1, "expiresAt": "2025-12-18T05:59:54.09Z", "retryAfter": "2025-12-18T05:55:04.09Z"})
        );
    }

    #[test]
    fn envelopes() {
        let r = Reject::limited(42);
        assert_eq!(
            to_serde(&r.envelope("id", "t")),
            serde_json::json!({"code": 1100, "message": "too many verification requests; try again later", "errorId": "id",
                "timestamp": "t", "retryAfterSeconds": 42})
        );
        assert_eq!(
            to_serde(&Reject::invalid("brand", "is not allowed").envelope("id", "t"))["field"],
            "brand"
        );
        let up = upstream_envelope(403, Some(1400), Some("e-1"), "own", "t");
        assert_eq!(
            to_serde(&up),
            serde_json::json!({"code": 1400, "message": "the verification service refused the request", "errorId": "e-1", "timestamp": "t"})
        );
    }
}
