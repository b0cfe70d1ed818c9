use super::*;
use crate::validate::test_support::refused_field;

fn start(json: &str) -> Result<StartVerificationRequest, Error> {
    let request: StartVerificationRequest = serde_json::from_str(json).expect(json);
    request.validate().map(|()| request)
}

fn field_of(json: &str) -> String {
    refused_field(json, start(json))
}

/// Asserts that `rule` accepts each of `ok` and refuses each of `bad`, naming `field`.
fn assert_accepts_only(
    rule: fn(&str) -> Result<(), Error>,
    field: &str,
    ok: &[&str],
    bad: &[&str],
) {
    for input in ok {
        assert!(rule(input).is_ok(), "{input}");
    }
    for input in bad {
        assert_eq!(rule(input).unwrap_err().field(), Some(field), "{input}");
    }
}

#[test]
fn the_specs_examples_are_valid_and_go_out_normalised() {
    let full = r#"{"destination":"+65(876)54321","country":"SG","brand":"ABC","codeLength":5,
        "codeValidity":300,"language":"en-US","channel":"call","codeType":"NUMERIC_WITH_DASH",
        "template":"{brand}: {code}","templateKey":"login","resetSession":true,"resendingInterval":30,
        "callbackUrl":"https://example.com/hook?x=1","clientIp":"2001:db8::1",
        "sms":{"source":"ABC","encoding":"AUTO"},
        "call":{"source":"+19876543210","speed":0.8,"repetition":3,"voiceProfile":"en-US-Kimberly"},
        "whatsapp":{"templateName":"abc"}}"#;
    let r = start(full).unwrap();
    let mut expected: serde_json::Value = serde_json::from_str(full).unwrap();
    expected["destination"] = "+6587654321".into();
    assert_eq!(serde_json::to_value(r.for_wire()).unwrap(), expected);
    for minimal in [
        r#"{"destination": "+19876543210"}"#,
        r#"{"destination": "8765 4321", "country": "sg"}"#,
        r#"{"destination": "+19876543210", "channel": "whatsapp", "whatsapp": {"templateName": "abc"}}"#,
        r#"{"destination": "+6587654321", "channel": "sma", "country": null}"#,
    ] {
        assert!(start(minimal).is_ok(), "{minimal}");
    }
    assert_eq!(
        serde_json::to_value(
            start(r#"{"destination": "8765 4321", "country": "sg"}"#)
                .unwrap()
                .for_wire()
        )
        .unwrap(),
        serde_json::json!({"destination": "87654321", "country": "SG"})
    );
}

#[test]
fn every_rule_names_its_field() {
    let cases = [
        (r#"{"destination": ""}"#, "destination"),
        (r#"{"destination": "12345"}"#, "destination"),
        (
            r#"{"destination": "+65 8765 4321", "country": "SGP"}"#,
            "country",
        ),
    ];
    for (json, field) in cases {
        assert_eq!(field_of(json), field, "{json}");
    }
    // The rest: a valid number and one member that breaks a rule.
    for (member, field) in [
        (r#""brand": "1234567890123456789012345678901""#, "brand"),
        (r#""codeLength": 2"#, "codeLength"),
        (r#""codeLength": 11"#, "codeLength"),
        (r#""codeValidity": 29"#, "codeValidity"),
        (r#""codeValidity": 7201"#, "codeValidity"),
        (r#""templateKey": """#, "templateKey"),
        (r#""resendingInterval": 9"#, "resendingInterval"),
        (r#""callbackUrl": "example.com/hook""#, "callbackUrl"),
        (r#""clientIp": "1.2.3""#, "clientIp"),
        (r#""sms": {"source": "TOO LONG NAME"}"#, "sms.source"),
        (r#""call": {"speed": 2.5}"#, "call.speed"),
        (r#""call": {"repetition": 4}"#, "call.repetition"),
        (r#""call": {"source": ""}"#, "call.source"),
        (
            r#""call": {"voiceProfile": "123456789012345678901234567890123456789012345678901"}"#,
            "call.voiceProfile",
        ),
        (r#""channel": "whatsapp""#, "whatsapp.templateName"),
        (
            r#""whatsapp": {"templateName": ""}"#,
            "whatsapp.templateName",
        ),
    ] {
        let json = format!(r#"{{"destination": "+6587654321", {member}}}"#);
        assert_eq!(field_of(&json), field, "{json}");
    }
}

#[test]
fn messages_name_the_rule_and_never_echo_the_value() {
    let e = start(r#"{"destination": "+65 8765 43219999999"}"#).unwrap_err();
    assert!(!e.message().contains("8765"), "{}", e.message());
    let e = start(r#"{"destination": "+6587654321", "call": {"repetition": 4}}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "call.repetition must be an integer from 1 to 3"
    );
}

#[test]
fn integer_rules_say_their_range() {
    for rule in [
        CODE_LENGTH,
        CODE_VALIDITY,
        RESENDING_INTERVAL,
        CALL_REPETITION,
    ] {
        assert_eq!(
            rule.rule,
            format!("must be an integer from {} to {}", rule.min, rule.max)
        );
    }
}

#[test]
fn defaults_are_checked_like_a_request_under_their_own_name() {
    let defaults: VerificationDefaults = serde_json::from_str(r#"{"codeLength": 11}"#).unwrap();
    let e = defaults.validate().unwrap_err();
    assert_eq!(e.field(), Some("defaults.codeLength"));
    assert_eq!(
        e.to_string(),
        "defaults.codeLength must be an integer from 3 to 10"
    );
    let defaults: VerificationDefaults =
        serde_json::from_str(r#"{"brand": "Acme", "template": "{brand}: {code}"}"#).unwrap();
    assert!(defaults.validate().is_ok());
}

#[test]
fn proxy_start_requests() {
    let ok: ProxyStartRequest = serde_json::from_str(
        r#"{"destination":"8765 4321","country":"sg","channel":"call","language":"en-GB"}"#,
    )
    .unwrap();
    assert!(ok.validate().is_ok());
    for (json, field) in [
        (r#"{"destination":""}"#, "destination"),
        (r#"{"destination":"12"}"#, "destination"),
        (
            r#"{"destination":"87654321","country":"Singapore"}"#,
            "country",
        ),
    ] {
        let r: ProxyStartRequest = serde_json::from_str(json).unwrap();
        assert_eq!(r.validate().unwrap_err().field(), Some(field), "{json}");
    }
}

#[test]
fn sms_sources() {
    for ok in ["SMS", "My Brand 11", "+6512345678", "1234567890123456"] {
        assert!(is_sms_source(ok), "{ok}");
    }
    for bad in ["", "Brand-Name", "123456789012345678", "My Brand 123", "+"] {
        assert!(!is_sms_source(bad), "{bad}");
    }
}

#[test]
fn session_ids_stay_in_their_segment() {
    let ok = [
        "a44a91be5ea5ea118169020897df5459",
        "18b526ad-d063-48c0-bb93-4e71f042f047",
        "x",
    ];
    let bad = [
        "",
        "..",
        "a/b",
        "a%2Fb",
        "a?code=1",
        "a b",
        "ab.cd",
        &"a".repeat(65),
    ];
    assert_accepts_only(validate_session_id, "sessionId", &ok, &bad);
}

#[test]
fn codes_as_typed() {
    let ok = [
        "123",
        "1234567890",
        "12345-67890",
        "231-461",
        "FDAR315",
        "fiQdAsr315",
    ];
    let bad = [
        "12",
        "12345678901",
        "-1234",
        "1234-",
        "12--34",
        "1-2-3-4",
        "12 34",
        "1234\n",
        "١٢٣٤",
        "",
    ];
    assert_accepts_only(validate_code, "code", &ok, &bad);
}

#[test]
fn sma_coverage_requests() {
    let r: SmaCoverageRequest =
        serde_json::from_str(r#"{"clientIp":"123.123.123.123","destination":"0065 8765 4321"}"#)
            .unwrap();
    assert!(r.validate().is_ok());
    assert_eq!(
        serde_json::to_value(r.for_wire()).unwrap(),
        serde_json::json!({"clientIp": "123.123.123.123", "destination": "+6587654321"})
    );
    for (json, field) in [
        (r#"{"clientIp":"1.1.1"}"#, "clientIp"),
        (r#"{"clientIp":"::1","destination":"1"}"#, "destination"),
        (r#"{"clientIp":"::1","country":"SGP"}"#, "country"),
    ] {
        let r: SmaCoverageRequest = serde_json::from_str(json).unwrap();
        assert_eq!(r.validate().unwrap_err().field(), Some(field), "{json}");
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_requests_never_panic(
            destination in "[+0-9 ()-]{0,20}|.{0,20}",
            country in proptest::option::of(".{0,3}"),
            brand in proptest::option::of(".{0,40}"),
            code_length in proptest::option::of(any::<u32>()),
            speed in proptest::option::of(any::<f64>()),
            client_ip in proptest::option::of(".{0,40}"),
        ) {
            let mut r = StartVerificationRequest::new(destination);
            r.country = country;
            r.brand = brand;
            r.code_length = code_length;
            r.client_ip = client_ip;
            r.call = speed.map(|speed| VoiceCallOptions { speed: Some(speed), ..VoiceCallOptions::default() });
            match r.validate() {
                Ok(()) => { let _ = r.for_wire(); }
                Err(e) => {
                    prop_assert_eq!(crate::error::code_name(&e), "INVALID_REQUEST");
                    prop_assert!(e.field().is_some());
                }
            }
        }

        #[test]
        fn arbitrary_session_ids_and_codes_never_panic(id in ".{0,80}", code in ".{0,16}") {
            if validate_session_id(&id).is_ok() {
                prop_assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
            }
            if validate_code(&code).is_ok() {
                prop_assert!(code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
            }
        }
    }
}
