use super::*;
use crate::error::code_name;
use proptest::prelude::*;

const DATE: &str = "Thu, 18 Dec 2025 05:54:54 GMT";

fn ok(body: &str) -> HttpResponse {
    HttpResponse {
        status: 200,
        date: Some(DATE.into()),
        retry_after: None,
        body: Some(body.into()),
    }
}

fn read(body: &str) -> Result<Verification, Error> {
    verification(&ok(body), 0)
}

#[test]
fn reads_the_specs_example() {
    let v = read(
        r#"{"sessionId":"a44a91be5ea5ea118169020897df5459",
        "verifyUri":"/api/v2/subaccounts/demo-account-123/sessions/a44a91be5ea5ea118169020897df5459",
        "destination":"+198765432","status":"WAITING","attempt":0,
        "expiresAt":"2025-12-18T05:59:54.09Z","retryAfter":"2025-12-18T05:55:04.09Z","extra":{"x":1}}"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&v).unwrap(),
        serde_json::json!({
            "sessionId": "a44a91be5ea5ea118169020897df5459", "status": "WAITING", "verified": false,
            "destination": "+198765432", "attempt": 0, "attemptsLeft": 5,
            "expiresAt": "2025-12-18T05:59:54.09Z", "retryAfter": "2025-12-18T05:55:04.09Z",
            "expiresInSeconds": 300, "resendInSeconds": 10,
            "verifyUri": "/api/v2/subaccounts/demo-account-123/sessions/a44a91be5ea5ea118169020897df5459"
        })
    );
}

#[test]
fn reads_the_tutorials_legacy_names_and_numbers() {
    let v = read(
        r#"{"uid":"7c1137e8fb1ceb11827c00155dc319db","resourceUri":"/x","destination":6598765432,
        "status":"FAILED","attempt":5,"expiresAt":"2025-12-18T14:05:00.1254323+08:00",
        "nextSmsAfter":"2025-12-18T13:55:04+08:00"}"#,
    )
    .unwrap();
    assert_eq!(
        (v.destination.as_str(), v.verify_uri.as_str()),
        ("6598765432", "/x")
    );
    assert_eq!(
        (v.expires_in_seconds, v.resend_in_seconds, v.attempts_left),
        (606, 10, 0)
    );
    let v = read(r#"{"sessionID":"x","destination":"1","status":"VERIFIED","expiresAt":"2025-12-18T05:00:00Z","retryAfter":"2025-12-18T05:00:00Z"}"#).unwrap();
    assert_eq!(
        (v.session_id.as_str(), v.attempt, v.expires_in_seconds),
        ("x", 0, 0)
    );
    assert!(v.verified);
}

#[test]
fn sma_url_passes_through() {
    let v = read(r#"{"sessionId":"s","destination":"+1","status":"WAITING","expiresAt":"2025-12-18T06:00:00Z",
        "retryAfter":"2025-12-18T06:00:00Z","sma":{"verificationUrl":"https://verify.8x8.com/sma/s"}}"#)
    .unwrap();
    assert_eq!(
        v.sma_verification_url.as_deref(),
        Some("https://verify.8x8.com/sma/s")
    );
    assert_eq!(
        serde_json::to_value(&v).unwrap()["smaVerificationUrl"],
        "https://verify.8x8.com/sma/s"
    );
}

#[test]
fn without_a_date_header_the_local_clock_counts() {
    let response = HttpResponse {
        date: Some("yesterday".into()),
        ..ok(
            r#"{"sessionId":"s","destination":"+1","status":"WAITING","expiresAt":"2025-12-18T05:59:54Z","retryAfter":"2025-12-18T05:55:04Z"}"#,
        )
    };
    let v = verification(&response, 1_766_037_294_000).unwrap();
    assert_eq!((v.expires_in_seconds, v.resend_in_seconds), (300, 10));
}

#[test]
fn malformed_bodies_are_bad_responses() {
    for json in [
        r#"[]"#,
        r#""WAITING""#,
        r#"{}"#,
        "not json",
        r#"{"sessionId":"","destination":"+1","status":"WAITING","expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z"}"#,
        r#"{"sessionId":"s","destination":"+1","status":"waiting","expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z"}"#,
        r#"{"sessionId":"s","destination":-1,"status":"WAITING","expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z"}"#,
        r#"{"sessionId":"s","destination":1.5,"status":"WAITING","expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z"}"#,
        r#"{"sessionId":"s","destination":"+1","status":"WAITING","attempt":-1,"expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z"}"#,
        r#"{"sessionId":"s","destination":"+1","status":"WAITING","expiresAt":"tomorrow","retryAfter":"2025-12-18T06:00:00Z"}"#,
        r#"{"sessionId":"s","destination":"+1","status":"WAITING","expiresAt":"2025-12-18T06:00:00Z"}"#,
        r#"{"sessionId":7,"destination":"+1","status":"WAITING","expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z"}"#,
        r#"{"sessionId":"s","destination":"+1","status":"WAITING","expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z","sma":{}}"#,
    ] {
        let e = read(json).unwrap_err();
        assert_eq!(
            (code_name(&e), e.details().status),
            ("BAD_RESPONSE".to_owned(), Some(200)),
            "{json}"
        );
    }
}

#[test]
fn outcomes_follow_the_status() {
    let base = r#"{"sessionId":"s","destination":"+1","attempt":1,"expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z","status":"#;
    for (status, outcome, left) in [
        ("WAITING", "WRONG_CODE", 4),
        ("VERIFIED", "VERIFIED", 0),
        ("FAILED", "FAILED", 0),
        ("EXPIRED", "EXPIRED", 0),
    ] {
        let check = code_check(&ok(&format!("{base}\"{status}\"}}")), 0).unwrap();
        assert_eq!(check.verification.attempts_left, left);
        let json = serde_json::to_value(&check).unwrap();
        assert_eq!(
            (json["outcome"].as_str(), json["status"].as_str()),
            (Some(outcome), Some(status))
        );
    }
}

#[test]
fn coverage_and_failure_statuses() {
    assert!(
        sma_coverage(&ok(r#"{"isAvailable":true}"#), 0)
            .unwrap()
            .is_available
    );
    assert_eq!(
        code_name(&sma_coverage(&ok(r#"{"isAvailable":"yes"}"#), 0).unwrap_err()),
        "BAD_RESPONSE"
    );
    let failed = HttpResponse {
        status: 503,
        ..ok("")
    };
    assert_eq!(
        code_name(&sma_coverage(&failed, 0).unwrap_err()),
        "SERVER_ERROR"
    );
    let empty = HttpResponse {
        body: None,
        ..ok("")
    };
    assert_eq!(
        code_name(&verification(&empty, 0).unwrap_err()),
        "BAD_RESPONSE"
    );
}

/// tests/cases/responses.json: the response cases the wasm tests replay over real HTTP.
#[test]
fn shared_response_cases() {
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../../tests/cases/responses.json")).unwrap();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let body = match (&case["body"], case["bodyText"].as_str()) {
            (serde_json::Value::Null, Some(text)) => Some(text.to_owned()),
            (body, _) => Some(body.to_string()),
        };
        let header = |n: &str| case["headers"][n].as_str().map(str::to_owned);
        let response = HttpResponse {
            status: case["status"].as_u64().unwrap() as u16,
            date: header("date"),
            retry_after: header("retry-after"),
            body,
        };
        match verification(&response, 0) {
            Ok(v) => {
                let actual = serde_json::to_value(&v).unwrap();
                for (key, expected) in case["expect"]
                    .as_object()
                    .unwrap_or_else(|| panic!("{name}: unexpected success"))
                {
                    let actual = actual.get(key).unwrap_or(&serde_json::Value::Null);
                    assert_eq!(actual, expected, "{name}: {key}");
                }
            }
            Err(e) => {
                let expected = &case["error"];
                assert!(expected.is_object(), "{name}: unexpected {e:?}");
                let d = e.details();
                assert_eq!(code_name(&e), expected["code"], "{name}");
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

proptest! {
    #[test]
    fn arbitrary_bodies_never_panic(body in ".{0,200}", status in 100u16..600, now in any::<i64>(), date in ".{0,32}") {
        let response = HttpResponse { status, date: Some(date), retry_after: None, body: Some(body) };
        if let Ok(v) = verification(&response, now) {
            prop_assert!(v.attempts_left <= MAX_ATTEMPTS);
        }
        let _ = sma_coverage(&response, now);
    }

    #[test]
    fn arbitrary_timestamps_never_panic(text in ".{0,40}", http in ".{0,40}") {
        let _ = time::parse_iso8601_ms(&text);
        let _ = time::parse_http_date_ms(&http);
    }
}
