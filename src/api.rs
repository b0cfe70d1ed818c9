//! The four operations as pure data: which HTTP request each one sends, and how its
//! response becomes a result. The transport in between is the only impure part.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{Details, Error};
use crate::json::Value;
use crate::mapping::error_for_status;
use crate::options::Endpoint;
use crate::request::{check_code, check_session_id, SmaCoverageRequest, StartVerificationRequest};
use crate::response::{Clock, CodeCheck, SmaCoverage, Verification};
use core::fmt;

/// GET or POST: all 8x8 Verify uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST` with a JSON body.
    Post,
}

impl Method {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
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
    /// JSON body (POST).
    pub body: Option<Value>,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = match self.url.split_once("?code=") {
            Some((path, _)) => crate::text::concat(&[path, "?code=<redacted>"]),
            None => self.url.clone(),
        };
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &url)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .field("body", &self.body)
            .finish()
    }
}

/// What came back.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The `Date` header.
    pub date: Option<String>,
    /// The `Retry-After` header.
    pub retry_after: Option<String>,
    /// The body, if it was JSON.
    pub body: Option<Value>,
}

/// `POST …/sessions`.
pub fn start(
    endpoint: &Endpoint,
    request: &StartVerificationRequest,
) -> Result<HttpRequest, Error> {
    request.validate()?;
    Ok(HttpRequest {
        method: Method::Post,
        url: endpoint.sessions_url(),
        authorization: endpoint.authorization(),
        body: Some(request.to_value()),
    })
}

/// `GET …/sessions/{id}?code=`.
pub fn check(endpoint: &Endpoint, session_id: &str, code: &str) -> Result<HttpRequest, Error> {
    check_session_id(session_id)?;
    check_code(code)?;
    Ok(HttpRequest {
        method: Method::Get,
        url: endpoint.session_url(session_id, Some(code)),
        authorization: endpoint.authorization(),
        body: None,
    })
}

/// `GET …/sessions/{id}`: reads the status without consuming an attempt.
pub fn get(endpoint: &Endpoint, session_id: &str) -> Result<HttpRequest, Error> {
    check_session_id(session_id)?;
    Ok(HttpRequest {
        method: Method::Get,
        url: endpoint.session_url(session_id, None),
        authorization: endpoint.authorization(),
        body: None,
    })
}

/// `POST …/sma/coverage` (direct mode only).
pub fn sma_coverage(
    endpoint: &Endpoint,
    request: &SmaCoverageRequest,
) -> Result<HttpRequest, Error> {
    let url = endpoint.sma_coverage_url().ok_or_else(|| {
        Error::invalid(
            "baseUrl",
            "is a proxy, which does not serve SMA coverage checks: call checkSmaCoverage in direct mode (apiKey) on a server",
        )
    })?;
    request.validate()?;
    Ok(HttpRequest {
        method: Method::Post,
        url,
        authorization: endpoint.authorization(),
        body: Some(request.to_value()),
    })
}

/// Reads a response: a 2xx through `parse`, anything else through the status table.
pub fn read<T>(
    response: &HttpResponse,
    local_now_ms: i64,
    parse: impl FnOnce(&Value, Clock) -> Result<T, Error>,
) -> Result<T, Error> {
    let clock = Clock::from_date_header(response.date.as_deref(), local_now_ms);
    if !(200..=299).contains(&response.status) {
        return Err(error_for_status(
            response.status,
            response.body.as_ref(),
            response.retry_after.as_deref(),
            clock,
        ));
    }
    let with_status = |e: Error| match e {
        Error::BadResponse(details) => Error::BadResponse(Details {
            status: Some(response.status),
            ..details
        }),
        other => other,
    };
    match &response.body {
        Some(body) => parse(body, clock).map_err(with_status),
        None => Err(with_status(Error::BadResponse(Details::new(
            "8x8's response is not JSON",
        )))),
    }
}

/// Parses a verification (start and get).
pub fn verification(body: &Value, clock: Clock) -> Result<Verification, Error> {
    Verification::from_value(body, clock)
}

/// Parses a code check.
pub fn code_check(body: &Value, clock: Clock) -> Result<CodeCheck, Error> {
    Verification::from_value(body, clock).map(CodeCheck::from_verification)
}

/// Parses a coverage answer.
pub fn sma(body: &Value, _clock: Clock) -> Result<SmaCoverage, Error> {
    SmaCoverage::from_value(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::testing::parse;
    use crate::options::ClientOptions;

    fn direct() -> Endpoint {
        ClientOptions::direct("key-123", "acme_hq")
            .base_url("http://127.0.0.1:8480")
            .validate()
            .unwrap()
    }

    #[test]
    fn requests_per_operation() {
        let e = direct();
        let r = start(&e, &StartVerificationRequest::new("+65 8765 4321")).unwrap();
        assert_eq!(
            (r.method, r.url.as_str()),
            (
                Method::Post,
                "http://127.0.0.1:8480/api/v2/subaccounts/acme_hq/sessions"
            )
        );
        assert_eq!(r.authorization.as_deref(), Some("Bearer key-123"));
        let r = check(&e, "abc", "12-34").unwrap();
        assert_eq!(
            r.url,
            "http://127.0.0.1:8480/api/v2/subaccounts/acme_hq/sessions/abc?code=12-34"
        );
        assert!(r.body.is_none());
        let r = get(&e, "abc").unwrap();
        assert_eq!(
            r.url,
            "http://127.0.0.1:8480/api/v2/subaccounts/acme_hq/sessions/abc"
        );
        let r = sma_coverage(&e, &SmaCoverageRequest::new("1.2.3.4")).unwrap();
        assert_eq!(
            r.url,
            "http://127.0.0.1:8480/api/v2/subaccounts/acme_hq/sma/coverage"
        );
    }

    #[test]
    fn bad_input_sends_nothing() {
        let e = direct();
        assert_eq!(
            check(&e, "../x", "1234").unwrap_err().field(),
            Some("sessionId")
        );
        assert_eq!(check(&e, "abc", "12").unwrap_err().field(), Some("code"));
        assert_eq!(get(&e, "a?b").unwrap_err().field(), Some("sessionId"));
        assert_eq!(
            start(&e, &StartVerificationRequest::new("1"))
                .unwrap_err()
                .field(),
            Some("destination")
        );
        let proxy = ClientOptions::proxy("https://example.com/api/verify")
            .validate()
            .unwrap();
        assert_eq!(
            sma_coverage(&proxy, &SmaCoverageRequest::new("1.2.3.4"))
                .unwrap_err()
                .field(),
            Some("baseUrl")
        );
    }

    #[test]
    fn debug_redacts_key_and_code() {
        let r = check(&direct(), "abc", "987654").unwrap();
        let text = format!("{r:?}");
        assert!(
            !text.contains("key-123") && !text.contains("987654"),
            "{text}"
        );
    }

    #[test]
    fn non_json_or_wrong_json_on_success_is_bad_response() {
        let response = HttpResponse {
            status: 200,
            date: None,
            retry_after: None,
            body: None,
        };
        let e = read(&response, 0, verification).unwrap_err();
        assert_eq!((e.code(), e.details().status), ("BAD_RESPONSE", Some(200)));
        let response = HttpResponse {
            body: Some(parse(r#"{"isAvailable":1}"#)),
            ..response
        };
        assert_eq!(read(&response, 0, sma).unwrap_err().code(), "BAD_RESPONSE");
        let response = HttpResponse {
            status: 503,
            ..response
        };
        assert_eq!(read(&response, 0, sma).unwrap_err().code(), "SERVER_ERROR");
    }

    /// tests/cases/responses.json: the response cases the wasm tests replay over real HTTP.
    #[test]
    fn shared_response_cases() {
        let cases: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("../tests/cases/responses.json")).unwrap();
        for case in cases {
            let name = case["name"].as_str().unwrap();
            let body = match (&case["body"], case["bodyText"].as_str()) {
                (serde_json::Value::Null, Some(text)) => serde_json::from_str(text)
                    .ok()
                    .map(|v| crate::json::testing::from_serde(&v)),
                (body, _) => Some(crate::json::testing::from_serde(body)),
            };
            let header = |n: &str| case["headers"][n].as_str().map(str::to_owned);
            let response = HttpResponse {
                status: case["status"].as_u64().unwrap() as u16,
                date: header("date"),
                retry_after: header("retry-after"),
                body,
            };
            match read(&response, 0, verification) {
                Ok(v) => {
                    let actual = crate::json::testing::to_serde(&v.to_value());
                    for (key, expected) in case["expect"]
                        .as_object()
                        .unwrap_or_else(|| panic!("{name}: unexpected success"))
                    {
                        assert_eq!(&actual[key.as_str()], expected, "{name}: {key}");
                    }
                }
                Err(e) => {
                    let expected = &case["error"];
                    assert!(expected.is_object(), "{name}: unexpected {e:?}");
                    let d = e.details();
                    assert_eq!(e.code(), expected["code"], "{name}");
                    assert_eq!(
                        d.status.map(u64::from),
                        expected["status"].as_u64(),
                        "{name}"
                    );
                    for (key, actual) in [
                        ("apiCode", d.api_code.map(|c| c.to_string())),
                        ("field", d.field.clone()),
                        ("errorId", d.error_id.clone()),
                        (
                            "retryAfterSeconds",
                            d.retry_after_seconds.map(|s| s.to_string()),
                        ),
                    ] {
                        if let Some(expected) = expected.get(key) {
                            let expected = match expected {
                                serde_json::Value::Null => None,
                                serde_json::Value::String(s) => Some(s.clone()),
                                other => Some(other.to_string()),
                            };
                            assert_eq!(actual, expected, "{name}: {key}");
                        }
                    }
                }
            }
        }
    }
}
