//! The four operations as pure data: which HTTP request each one sends ([`plan`]), and how
//! its response becomes a result ([`read`], with [`status`] for failures), both against the
//! response's own [`Clock`] (defined here, so `read` uses `status` and never the other way
//! round). The transport in between is the only impure part.

pub mod plan;
pub mod read;
pub mod status;

use core::fmt;

use crate::time;
use crate::types::FetchCredentials;

/// GET or POST: all 8x8 Verify uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST` with a JSON body.
    Post,
}

/// One request to send. `Debug` redacts the key and any code in the URL.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// `Authorization` header value (direct mode).
    pub authorization: Option<String>,
    /// Whether to send `X-Verify-8x8: 1`, the header a proxy requires (proxy mode).
    pub proxy_header: bool,
    /// JSON body (POST).
    pub body: Option<String>,
    /// The budget for the whole exchange, body included.
    pub timeout_ms: u32,
    /// Whether the request acts: a start sends a code, a check spends an attempt. Such a
    /// request is sent at most once, and a failure after sending is [`Error::maybe_sent`].
    ///
    /// [`Error::maybe_sent`]: crate::Error::maybe_sent
    pub acts: bool,
    /// The `Idempotency-Key` header (proxy mode: a proxy answers a repeat of the key with
    /// its first answer).
    pub idempotency_key: Option<String>,
    /// Proxy mode: fetch's `credentials` (whether the browser sends cookies).
    pub credentials: Option<FetchCredentials>,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = match self.url.split_once("?code=") {
            Some((path, _)) => format!("{path}?code=<redacted>"),
            None => self.url.clone(),
        };
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &url)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .field("proxy_header", &self.proxy_header)
            .field("body", &self.body)
            .field("timeout_ms", &self.timeout_ms)
            .field("acts", &self.acts)
            .field(
                "idempotency_key",
                &self.idempotency_key.as_ref().map(|_| "<redacted>"),
            )
            .field("credentials", &self.credentials)
            .finish()
    }
}

/// What came back.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    /// The HTTP status (0 for an opaque answer, such as a redirect not followed).
    pub status: u16,
    /// The `Date` header.
    pub date: Option<String>,
    /// The `Retry-After` header.
    pub retry_after: Option<String>,
    /// The body, when it was small enough to be 8x8's JSON.
    pub body: Option<String>,
}

/// The clock a response is read against: its `Date` header when it had a valid one,
/// else the local clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    /// Milliseconds since the epoch that count as "now" for countdowns.
    pub now_ms: i64,
}

impl Clock {
    /// The response's `Date` header if it parses, else `local_now_ms`.
    pub fn from_date_header(date: Option<&str>, local_now_ms: i64) -> Clock {
        Clock {
            now_ms: date
                .and_then(time::parse_http_date_ms)
                .unwrap_or(local_now_ms),
        }
    }
}
