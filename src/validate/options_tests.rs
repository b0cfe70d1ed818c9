use super::*;
use crate::validate::test_support::refused_field;

fn check(json: &str) -> Result<Endpoint, Error> {
    serde_json::from_str::<ClientOptions>(json)
        .expect(json)
        .validate()
}

fn field_of(json: &str) -> String {
    refused_field(json, check(json))
}

#[test]
fn direct_mode_urls_per_region_and_base() {
    let e = check(r#"{"apiKey":"k","subAccountId":"acme_hq"}"#).unwrap();
    assert_eq!(
        e.sessions_url(),
        "https://verify.8x8.com/api/v2/subaccounts/acme_hq/sessions"
    );
    assert_eq!(e.authorization().as_deref(), Some("Bearer k"));
    for (region, host) in [
        ("ap", "https://verify.8x8.com"),
        ("us", "https://verify.us.8x8.com"),
        ("eu", "https://verify.8x8.uk"),
        ("id", "https://verify.8x8.id"),
    ] {
        let e = check(&format!(
            r#"{{"apiKey":"k","subAccountId":"abc","region":"{region}"}}"#
        ))
        .unwrap();
        assert_eq!(
            e.sma_coverage_url().unwrap(),
            format!("{host}/api/v2/subaccounts/abc/sma/coverage")
        );
    }
    let e = check(
        r#"{"apiKey":"k","subAccountId":"abc","region":"eu","baseUrl":"http://127.0.0.1:8480//"}"#,
    )
    .unwrap();
    assert_eq!(
        e.session_url("ab12", Some("1234")),
        "http://127.0.0.1:8480/api/v2/subaccounts/abc/sessions/ab12?code=1234"
    );
    assert_eq!(e.timeout_ms(), 10_000);
}

#[test]
fn proxy_mode_urls() {
    let e = check(r#"{"baseUrl":"https://example.com/api/verify/","timeoutMs":2500}"#).unwrap();
    assert!(!e.is_direct());
    assert_eq!(e.sessions_url(), "https://example.com/api/verify/sessions");
    assert_eq!(
        e.session_url("x-1", None),
        "https://example.com/api/verify/sessions/x-1"
    );
    assert_eq!(e.sma_coverage_url(), None);
    assert_eq!(e.authorization(), None);
    assert_eq!(e.timeout_ms(), 2500);
    // Plain http is fine without a key: nothing secret travels.
    assert!(check(r#"{"baseUrl":"http://example.com/api/verify"}"#).is_ok());
}

#[test]
fn rules_name_their_field() {
    for (json, field) in [
        (r#"{"apiKey":"k"}"#, "subAccountId"),
        (r#"{"apiKey":"k","subAccountId":"a"}"#, "subAccountId"),
        (r#"{"apiKey":"k","subAccountId":"a/b/c"}"#, "subAccountId"),
        (r#"{"apiKey":"","subAccountId":"abc"}"#, "apiKey"),
        (r#"{"apiKey":"a b","subAccountId":"abc"}"#, "apiKey"),
        (r#"{"apiKey":"k\r\nX: y","subAccountId":"abc"}"#, "apiKey"),
        (
            r#"{"apiKey":"k","subAccountId":"abc","baseUrl":"http://example.com"}"#,
            "baseUrl",
        ),
        (
            r#"{"apiKey":"k","subAccountId":"abc","baseUrl":"ftp://example.com"}"#,
            "baseUrl",
        ),
        (
            r#"{"apiKey":"k","subAccountId":"abc","timeoutMs":0}"#,
            "timeoutMs",
        ),
        (
            r#"{"apiKey":"k","subAccountId":"abc","timeoutMs":600001}"#,
            "timeoutMs",
        ),
        (r#"{}"#, "baseUrl"),
        (r#"{"baseUrl":"/api/verify"}"#, "baseUrl"),
        (r#"{"baseUrl":"https://example.com/a?b=c"}"#, "baseUrl"),
        (
            r#"{"subAccountId":"abc","baseUrl":"https://example.com"}"#,
            "apiKey",
        ),
        (
            r#"{"region":"eu","baseUrl":"https://example.com"}"#,
            "apiKey",
        ),
    ] {
        assert_eq!(field_of(json), field, "{json}");
    }
}

#[test]
fn loopback_may_use_http_with_a_key() {
    for base in [
        "http://127.0.0.1:8480",
        "http://localhost:1",
        "http://[::1]:8480/x",
    ] {
        let json = format!(r#"{{"apiKey":"k","subAccountId":"abc","baseUrl":"{base}"}}"#);
        assert!(check(&json).is_ok(), "{base}");
    }
}

#[test]
fn null_means_unset() {
    assert!(check(r#"{"apiKey":null,"baseUrl":"https://example.com","region":null}"#).is_ok());
}

#[test]
fn debug_output_hides_the_key() {
    let o = ClientOptions::direct("super-secret-key", "abc");
    assert!(!format!("{o:?}").contains("super-secret-key"));
    let e = o.validate().unwrap();
    assert!(!format!("{e:?}").contains("super-secret-key"));
}

#[test]
fn credentials_are_proxy_mode_only() {
    let e =
        check(r#"{"baseUrl":"https://api.example/api/verify","credentials":"include"}"#).unwrap();
    assert_eq!(e.fetch_credentials(), Some(FetchCredentials::Include));
    let e = check(r#"{"baseUrl":"https://api.example/api/verify"}"#).unwrap();
    assert_eq!(e.fetch_credentials(), None);
    assert!(serde_json::from_str::<ClientOptions>(r#"{"credentials":"always"}"#).is_err());
    #[cfg(feature = "direct")]
    assert_eq!(
        field_of(r#"{"apiKey":"k","subAccountId":"abc","credentials":"include"}"#),
        "credentials"
    );
}
