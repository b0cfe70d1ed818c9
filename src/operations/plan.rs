//! Request builders: each operation, checked, as the [`HttpRequest`] it sends. Nothing
//! is built unless every rule holds, so bad input never leaves.

use super::{HttpRequest, Method};
use crate::body;
use crate::error::Error;
use crate::validate::{validate_code, validate_session_id, Endpoint, ProxyStart};

#[cfg(feature = "direct")]
use crate::types::{SmaCoverageRequest, StartVerificationRequest};

fn build(endpoint: &Endpoint, method: Method, url: String, body: Option<String>) -> HttpRequest {
    HttpRequest {
        method,
        url,
        authorization: endpoint.authorization(),
        proxy_header: !endpoint.is_direct(),
        body,
        timeout_ms: endpoint.timeout_ms(),
        credentials: endpoint.fetch_credentials(),
        acts: false,
        idempotency_key: None,
    }
}

/// `request` marked as one that acts (sends a code or spends an attempt).
fn acting(request: HttpRequest) -> HttpRequest {
    HttpRequest {
        acts: true,
        ..request
    }
}

/// `POST` of `body` to the sessions URL: starting a verification, which acts.
fn post_session(endpoint: &Endpoint, body: String) -> HttpRequest {
    acting(build(
        endpoint,
        Method::Post,
        endpoint.sessions_url(),
        Some(body),
    ))
}

/// `POST …/sessions` in direct mode: the whole `VerifyRequestV2`.
#[cfg(feature = "direct")]
pub fn start(
    endpoint: &Endpoint,
    request: &StartVerificationRequest,
) -> Result<HttpRequest, Error> {
    request.validate()?;
    Ok(post_session(endpoint, body::encode(&request.for_wire())))
}

/// `POST {baseUrl}/sessions` in proxy mode: the destination, its country, the channel
/// and the language, all a proxy accepts from a client.
pub fn start_through_proxy(
    endpoint: &Endpoint,
    request: &impl ProxyStart,
) -> Result<HttpRequest, Error> {
    request.validate()?;
    Ok(post_session(endpoint, body::encode(request)))
}

/// `GET …/sessions/{id}?code=`.
pub fn check(endpoint: &Endpoint, session_id: &str, code: &str) -> Result<HttpRequest, Error> {
    validate_session_id(session_id)?;
    validate_code(code)?;
    let url = endpoint.session_url(session_id, Some(code));
    Ok(acting(build(endpoint, Method::Get, url, None)))
}

/// `GET …/sessions/{id}`: reads the status without consuming an attempt.
pub fn get(endpoint: &Endpoint, session_id: &str) -> Result<HttpRequest, Error> {
    validate_session_id(session_id)?;
    let url = endpoint.session_url(session_id, None);
    Ok(build(endpoint, Method::Get, url, None))
}

/// Why a proxy cannot check SMA coverage.
pub(crate) fn sma_through_proxy() -> Error {
    Error::invalid(
        "baseUrl",
        "is a proxy, which does not serve SMA coverage checks: call checkSmaCoverage in direct mode (apiKey) on a server",
    )
}

/// `POST …/sma/coverage` (direct mode only).
#[cfg(feature = "direct")]
pub fn sma_coverage(
    endpoint: &Endpoint,
    request: &SmaCoverageRequest,
) -> Result<HttpRequest, Error> {
    let url = endpoint.sma_coverage_url().ok_or_else(sma_through_proxy)?;
    request.validate()?;
    Ok(build(
        endpoint,
        Method::Post,
        url,
        Some(body::encode(&request.for_wire())),
    ))
}

#[cfg(all(test, feature = "direct"))]
mod tests {
    use super::*;
    use crate::types::{ClientOptions, ProxyStartRequest};

    fn direct() -> Endpoint {
        ClientOptions::direct("key-123", "acme_hq")
            .base_url("http://127.0.0.1:8480")
            .validate()
            .unwrap()
    }

    fn proxied() -> Endpoint {
        ClientOptions::proxy("https://example.com/api/verify")
            .validate()
            .unwrap()
    }

    #[test]
    fn requests_per_operation() {
        let e = direct();
        let r = start(&e, &StartVerificationRequest::new("0065 8765 4321")).unwrap();
        assert_eq!(
            (r.method, r.url.as_str(), r.body.as_deref()),
            (
                Method::Post,
                "http://127.0.0.1:8480/api/v2/subaccounts/acme_hq/sessions",
                Some(r#"{"destination":"+6587654321"}"#)
            )
        );
        assert_eq!(r.authorization.as_deref(), Some("Bearer key-123"));
        assert!(!r.proxy_header);
        let r = check(&e, "abc", "12-34").unwrap();
        assert_eq!(
            r.url,
            "http://127.0.0.1:8480/api/v2/subaccounts/acme_hq/sessions/abc?code=12-34"
        );
        assert!(r.body.is_none() && r.acts);
        let r = get(&e, "abc").unwrap();
        assert!(!r.acts);
        assert_eq!(
            r.url,
            "http://127.0.0.1:8480/api/v2/subaccounts/acme_hq/sessions/abc"
        );
        let r = sma_coverage(&e, &SmaCoverageRequest::new("1.2.3.4")).unwrap();
        assert_eq!(
            r.url,
            "http://127.0.0.1:8480/api/v2/subaccounts/acme_hq/sma/coverage"
        );
        assert_eq!(r.body.as_deref(), Some(r#"{"clientIp":"1.2.3.4"}"#));
    }

    #[test]
    fn proxy_mode_sends_the_proxy_header_and_no_key() {
        let e = proxied();
        let mut request = ProxyStartRequest::new("+65 8765 4321");
        request.country = Some("sg".into());
        let r = start_through_proxy(&e, &request).unwrap();
        assert_eq!(r.url, "https://example.com/api/verify/sessions");
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"destination":"+65 8765 4321","country":"sg"}"#)
        );
        assert!(r.proxy_header);
        assert_eq!(r.authorization, None);
        let r = check(&e, "x-1", "1234").unwrap();
        assert_eq!(
            r.url,
            "https://example.com/api/verify/sessions/x-1?code=1234"
        );
        assert!(r.proxy_header);
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
        assert_eq!(
            sma_coverage(&proxied(), &SmaCoverageRequest::new("1.2.3.4"))
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
}
