//! What a check says: unknown and required fields named at any depth, a value of the wrong
//! kind named with its rule, lists of one kind, and the rule each kind states.

use crate::shape::{Kind, Rules};
use crate::types::{ClientOptions, ProxyStartRequest, StartVerificationRequest};
use serde::de::DeserializeOwned;

fn check<T: DeserializeOwned>(json: &str) -> Result<(), String> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    Kind::of::<T>()
        .check(&value, "request", "", Rules::DEFAULT)
        .map_err(|e| e.to_string())
}

#[test]
fn unknown_fields_are_named_at_any_depth() {
    assert_eq!(
        check::<StartVerificationRequest>(r#"{"destination":"+6587654321","tempalte":"x"}"#),
        Err("tempalte is not a known field".into())
    );
    assert_eq!(
        check::<StartVerificationRequest>(r#"{"destination":"+1","sms":{"sorce":"X"}}"#),
        Err("sms.sorce is not a known field".into())
    );
    assert_eq!(
        check::<ClientOptions>(r#"{"apikey":"k"}"#),
        Err("apikey is not a known field".into())
    );
    assert_eq!(
        check::<ProxyStartRequest>(r#"{"destination":"+1","brand":"Bank"}"#),
        Err("brand is not a known field".into())
    );
    // Unset members are nobody's business, known or not.
    assert_eq!(
        check::<StartVerificationRequest>(r#"{"destination":"+1","typo":null,"brand":null}"#),
        Ok(())
    );
}

#[test]
fn required_fields_are_named() {
    assert_eq!(
        check::<StartVerificationRequest>(r#"{}"#),
        Err("destination is required".into())
    );
    assert_eq!(
        check::<StartVerificationRequest>(r#"{"destination":null}"#),
        Err("destination is required".into())
    );
    assert_eq!(
        check::<StartVerificationRequest>(r#"{"destination":"+1","whatsapp":{}}"#),
        Err("whatsapp.templateName is required".into())
    );
    assert_eq!(check::<ClientOptions>(r#"{}"#), Ok(()));
}

#[test]
fn wrong_kinds_are_named_with_their_rule() {
    for (json, message) in [
        (r#"[]"#, "request must be an object"),
        (r#""+6587654321""#, "request must be an object"),
        (
            r#"{"destination":6587654321}"#,
            "destination must be a string",
        ),
        (r#"{"destination":"+1","sms":"X"}"#, "sms must be an object"),
        (
            r#"{"destination":"+1","codeLength":"6"}"#,
            "codeLength must be an integer",
        ),
        (
            r#"{"destination":"+1","codeLength":4.5}"#,
            "codeLength must be an integer",
        ),
        (
            r#"{"destination":"+1","codeLength":-1}"#,
            "codeLength must be an integer",
        ),
        (
            r#"{"destination":"+1","codeLength":1e12}"#,
            "codeLength must be an integer",
        ),
        (
            r#"{"destination":"+1","resetSession":"true"}"#,
            "resetSession must be a boolean",
        ),
        (
            r#"{"destination":"+1","call":{"speed":"fast"}}"#,
            "call.speed must be a number",
        ),
        (
            r#"{"destination":"+1","call":{"repetition":"2"}}"#,
            "call.repetition must be an integer",
        ),
        (
            r#"{"destination":"+1","channel":"SMS"}"#,
            r#"channel must be one of "sms", "call", "whatsapp", "viber", "sma""#,
        ),
        (
            r#"{"destination":"+1","language":"en-us"}"#,
            "language must be one of \"ar-EG\", \"ar-SA\"",
        ),
        (
            r#"{"destination":"+1","sms":{"encoding":"UTF8"}}"#,
            r#"sms.encoding must be one of "AUTO", "GSM7", "UCS2""#,
        ),
    ] {
        let e = check::<StartVerificationRequest>(json).unwrap_err();
        assert!(e.starts_with(message), "{json}: {e}");
    }
    assert_eq!(
        check::<StartVerificationRequest>(
            r#"{"destination":"+1","codeLength":300,"call":{"speed":9}}"#
        ),
        Ok(()),
        "ranges are validation's"
    );
}

#[test]
fn lists_hold_one_kind() {
    let channels = Kind::of::<Vec<crate::types::Channel>>();
    let json = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
    assert!(channels
        .check(&json(r#"["sms","call"]"#), "channels", "", Rules::DEFAULT)
        .is_ok());
    let e = channels
        .check(&json(r#"["sms","fax"]"#), "channels", "", Rules::DEFAULT)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"channels must be an array of "sms", "call", "whatsapp", "viber", "sma""#
    );
    assert!(channels
        .check(&json(r#""sms""#), "channels", "", Rules::DEFAULT)
        .is_err());
}

#[test]
fn kinds_say_their_rule() {
    assert_eq!(
        Kind::of::<StartVerificationRequest>().rule(),
        "must be an object"
    );
    assert_eq!(
        Kind::of::<Vec<String>>().rule(),
        "must be an array of strings"
    );
    assert_eq!(
        Kind::of::<u32>(),
        Kind::Integer {
            min: 0,
            max: u32::MAX.into()
        }
    );
}
