use super::*;

#[test]
fn a_field_name_the_client_chose_is_echoed_only_when_plain() {
    for plain in ["templateKey", "sms.source", "x_1-b", &"a".repeat(64)] {
        let r = Reject::from_error(&Error::invalid(plain, "is not a field"));
        assert_eq!(r.field.as_deref(), Some(plain));
        assert!(r.message.contains(plain));
    }
    for hostile in [
        "<script>alert(1)</script>",
        "a b",
        "naïve",
        "",
        &"a".repeat(65),
    ] {
        let r = Reject::from_error(&Error::invalid(hostile, "is not a field"));
        assert_eq!((r.status, r.field.as_deref()), (400, None), "{hostile}");
        assert_eq!(
            r.message,
            "the request has a field this service does not accept"
        );
    }
}

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
    let session: SessionBody = serde_json::from_str(
        r#"{"sessionId":"abc","verifyUri":"/api/v2/subaccounts/acme_hq/sessions/abc","destination":"+6587654321",
        "status":"WAITING","attempt":1,"expiresAt":"2025-12-18T05:59:54.09Z","nextSmsAfter":"2025-12-18T05:55:04.09Z","secret":"x"}"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(browser_session(session, "/api/verify")).unwrap(),
        serde_json::json!({"sessionId": "abc", "verifyUri": "/api/verify/sessions/abc", "destination": "+******4321",
            "status": "WAITING", "attempt": 1, "expiresAt": "2025-12-18T05:59:54.09Z", "retryAfter": "2025-12-18T05:55:04.09Z"})
    );
}

#[test]
fn envelopes() {
    let r = Reject::limited("ip_limit", 42);
    assert_eq!(
        serde_json::to_value(r.envelope("id".into(), "t".into())).unwrap(),
        serde_json::json!({"code": 1100, "message": "too many verification requests; try again later", "errorId": "id",
            "timestamp": "t", "retryAfterSeconds": 42})
    );
    assert_eq!(
        serde_json::to_value(
            Reject::invalid("brand", "is not allowed").envelope("id".into(), "t".into())
        )
        .unwrap()["field"],
        "brand"
    );
    let up = upstream_envelope(403, Some(1400), "e-1".into(), "t".into());
    assert_eq!(
        serde_json::to_value(up).unwrap(),
        serde_json::json!({"code": 1400, "message": "the verification service refused the request", "errorId": "e-1", "timestamp": "t"})
    );
}
