//! 8x8's error envelope, `{"code", "message", "errorId", "timestamp"}`, and
//! the errors the simulator answers with.

use crate::model::clock::{Millis, Stamp};
use crate::model::randomness;
use crate::model::reply::Reply;
use crate::model::response_bodies::Envelope;

/// An error response: HTTP status, 8x8 error code and message, extra headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// 8x8's numeric error code (`code` in the envelope).
    pub code: i64,
    /// Human-readable message; names the offending field for field errors.
    pub message: String,
    /// Extra headers (`Retry-After`, `Allow`, `WWW-Authenticate`).
    pub headers: Vec<(&'static str, String)>,
}

/// 8x8's wording for the codes the simulator uses (error table and spec examples).
pub fn standard_message(code: i64) -> &'static str {
    match code {
        1000 => "Invalid parameter",
        1001 => "Provided subAccountId doesn't belong to your account",
        1002 => "Invalid MSISDN format (not E.164 international number)",
        1003 => "Invalid Encoding",
        1004 => "Invalid Text",
        1005 => "Invalid Source",
        1006 => "Invalid Expiry",
        1007 => "Invalid SMS Template",
        1008 => "Invalid ID",
        1009 => "Invalid Country Code",
        1010 => "Parameter out of range",
        1012 => "Invalid Ip Address",
        1014 => "TLS 1.3+ is required",
        1100 => "Too many requests",
        1200 => "Request was not authenticated properly",
        1201 => "Access forbidden",
        1300 => "Object wasn't found or is already expired",
        1400 => "Resending interval violation",
        1404 => "Session not found",
        2000 => "Internal server error",
        2001 => "Function not implemented",
        _ => "Error",
    }
}

impl ApiError {
    /// An error with an explicit message.
    pub fn new(status: u16, code: i64, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            headers: Vec::new(),
        }
    }

    /// An error with 8x8's standard message for `code`.
    pub fn standard(status: u16, code: i64) -> Self {
        Self::new(status, code, standard_message(code))
    }

    /// A 400 about one field: the code's standard wording, then the field and rule,
    /// e.g. `Parameter out of range: codeLength must be between 3 and 10`.
    pub fn field(code: i64, field: &str, rule: &str) -> Self {
        Self::new(
            400,
            code,
            format!("{}: {field} {rule}", standard_message(code)),
        )
    }

    /// Adds a header to the response.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// 401/1200: missing or wrong bearer token.
    pub fn unauthorized() -> Self {
        Self::standard(401, 1200).with_header("www-authenticate", "Bearer")
    }

    /// 400/1001: the path's subaccount is not the configured one.
    pub fn wrong_subaccount() -> Self {
        Self::standard(400, 1001)
    }

    /// 400/1002: the destination is not an international number.
    pub fn msisdn() -> Self {
        Self::standard(400, 1002)
    }

    /// 404/1300: no such route.
    pub fn no_route() -> Self {
        Self::new(404, 1300, "Not found: no such endpoint")
    }

    /// 404/1404: unknown session id.
    pub fn session_not_found() -> Self {
        Self::standard(404, 1404)
    }

    /// 405/1000 with `Allow`.
    pub fn method_not_allowed(allow: &'static str) -> Self {
        Self::new(405, 1000, format!("Method not allowed: use {allow}")).with_header("allow", allow)
    }

    /// 500/2000.
    pub fn internal() -> Self {
        Self::standard(500, 2000)
    }

    /// The envelope at time `now`, with a fresh `errorId`.
    pub fn envelope(&self, now: Millis) -> Envelope<'_> {
        Envelope {
            code: self.code,
            message: &self.message,
            error_id: randomness::error_id(),
            timestamp: Stamp(now),
        }
    }

    /// The complete response at time `now`.
    pub fn into_reply(self, now: Millis) -> Reply {
        let mut reply = Reply::json(self.status, &self.envelope(now));
        reply.headers = self.headers;
        reply
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_has_the_four_fields() {
        let e = ApiError::field(1010, "codeLength", "must be between 3 and 10");
        let v = serde_json::to_value(e.envelope(0)).unwrap();
        assert_eq!(v["code"], 1010);
        assert_eq!(
            v["message"],
            "Parameter out of range: codeLength must be between 3 and 10"
        );
        assert_eq!(v["errorId"].as_str().unwrap().len(), 36);
        assert_eq!(v["timestamp"], "1970-01-01T00:00:00.00Z");
        assert_eq!(v.as_object().unwrap().len(), 4);
    }

    #[test]
    fn reply_carries_status_and_headers() {
        let r = ApiError::method_not_allowed("POST").into_reply(0);
        assert_eq!(r.status, 405);
        assert_eq!(r.headers, vec![("allow", "POST".to_string())]);
        assert_eq!(r.content_type, Some("application/json"));
        assert_eq!(
            ApiError::msisdn().message,
            "Invalid MSISDN format (not E.164 international number)"
        );
    }
}
