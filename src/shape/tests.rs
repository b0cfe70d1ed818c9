use super::kind::Field;
use super::*;
use crate::types::{ClientOptions, ProxyStartRequest, StartVerificationRequest};

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

// ---- The invariants the shape relies on, for every type `bindings` and the proxy check ----

/// The shapes of every type checked before serde-wasm-bindgen converts it that exists
/// natively. (`CallOptions`, in `bindings`, holds only a pass-through `signal` on wasm32.)
fn checked_types() -> Vec<(&'static str, Kind)> {
    #[allow(unused_mut)] // the proxy feature adds ProxyOptions
    let mut types = vec![
        ("ClientOptions", Kind::of::<ClientOptions>()),
        (
            "StartVerificationRequest",
            Kind::of::<StartVerificationRequest>(),
        ),
        ("ProxyStartRequest", Kind::of::<ProxyStartRequest>()),
        (
            "SmaCoverageRequest",
            Kind::of::<crate::types::SmaCoverageRequest>(),
        ),
    ];
    #[cfg(feature = "proxy")]
    types.push((
        "ProxyOptions",
        Kind::of::<crate::proxy::options::ProxyOptions>(),
    ));
    types
}

/// Every field of `kind`, at any depth, as (dotted path, field).
fn fields_of(kind: &Kind, prefix: &str, out: &mut Vec<(String, Field)>) {
    let kind = match kind {
        Kind::List(item) => item.as_ref(),
        other => other,
    };
    if let Kind::Object(shape) = kind {
        for field in &shape.fields {
            let path = match prefix {
                "" => field.name.to_owned(),
                _ => format!("{prefix}.{}", field.name),
            };
            fields_of(&field.kind, &path, out);
            out.push((path, field.clone()));
        }
    }
}

#[test]
fn every_field_of_every_checked_type_has_a_known_kind() {
    for (name, kind) in checked_types() {
        // `#[serde(flatten)]` makes the derived impl ask for a map, not a struct: the type
        // would have no fields to check.
        assert!(
            matches!(kind, Kind::Object(_)),
            "{name} is not a struct to the probe (flatten?)"
        );
        let mut fields = Vec::new();
        fields_of(&kind, "", &mut fields);
        assert!(!fields.is_empty(), "{name} has no fields");
        for (path, field) in fields {
            assert_ne!(field.kind, Kind::Unknown, "{name}.{path} has no known kind");
        }
    }
}

/// A value of `kind` made of placeholders: every field set, each to the simplest value of
/// its kind.
fn placeholder(kind: &Kind) -> serde_json::Value {
    use serde_json::{json, Map};
    match kind {
        Kind::Unknown => json!(null),
        Kind::Text => json!(""),
        Kind::Integer { min, max } => json!(0.clamp(*min, *max)),
        Kind::Number => json!(0.0),
        Kind::Boolean => json!(false),
        Kind::Choice(names) => json!(names.first().copied().unwrap_or_default()),
        Kind::List(_) => json!([]),
        Kind::Object(shape) => serde_json::Value::Object(
            shape
                .fields
                .iter()
                .map(|f| (f.name.to_owned(), placeholder(&f.kind)))
                .collect::<Map<_, _>>(),
        ),
    }
}

fn without(mut value: serde_json::Value, path: &str) -> serde_json::Value {
    let mut at = &mut value;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            at.as_object_mut().unwrap().remove(part);
            break;
        }
        at = at.get_mut(part).unwrap();
    }
    value
}

/// The shape takes a field as required unless the type asks for an `Option` of it; serde
/// also lets a `#[serde(default)]` field be absent. The two must agree for every field.
fn required_fields_agree_with_serde<T: DeserializeOwned>(name: &str, kind: &Kind) {
    let whole = placeholder(kind);
    if let Err(e) = serde_json::from_value::<T>(whole.clone()) {
        panic!("{name}: the placeholders {whole} do not deserialize: {e}");
    }
    let mut fields = Vec::new();
    fields_of(kind, "", &mut fields);
    for (path, field) in fields {
        if path.contains('.') && fields_in_list(kind, &path) {
            continue;
        }
        let result = serde_json::from_value::<T>(without(whole.clone(), &path));
        match (field.required, result) {
            (true, Ok(_)) => panic!(
                "{name}.{path}: serde accepts it absent (#[serde(default)]?), the shape requires it: make it an Option"
            ),
            (false, Err(e)) => panic!("{name}.{path}: serde requires it, the shape does not: {e}"),
            (true, Err(e)) => assert!(
                e.to_string().contains(&format!("missing field `{}`", field.name)),
                "{name}.{path}: {e}"
            ),
            (false, Ok(_)) => {}
        }
    }
}

/// Whether `path` runs through a list (whose placeholder is empty: nothing to remove).
fn fields_in_list(kind: &Kind, path: &str) -> bool {
    let mut at = kind;
    for part in path.split('.') {
        match at {
            Kind::List(_) => return true,
            Kind::Object(shape) => match shape.fields.iter().find(|f| f.name == part) {
                Some(f) => at = &f.kind,
                None => return false,
            },
            _ => return false,
        }
    }
    false
}

#[test]
fn required_means_what_serde_requires() {
    for (name, kind) in checked_types() {
        match name {
            "ClientOptions" => required_fields_agree_with_serde::<ClientOptions>(name, &kind),
            "StartVerificationRequest" => {
                required_fields_agree_with_serde::<StartVerificationRequest>(name, &kind)
            }
            "ProxyStartRequest" => {
                required_fields_agree_with_serde::<ProxyStartRequest>(name, &kind)
            }
            "SmaCoverageRequest" => {
                required_fields_agree_with_serde::<crate::types::SmaCoverageRequest>(name, &kind)
            }
            #[cfg(feature = "proxy")]
            "ProxyOptions" => {
                required_fields_agree_with_serde::<crate::proxy::options::ProxyOptions>(name, &kind)
            }
            other => panic!("no deserializer listed for {other}"),
        }
    }
}

mod stops {
    //! Fields that stop the probe, wherever they are declared.
    use super::*;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer};

    /// A pass-through value: refuses the probe's placeholder, as a JavaScript value kept
    /// as itself does.
    fn refuse<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(s) if s.is_empty() => Err(D::Error::custom("not a placeholder")),
            other => Ok(other),
        }
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Inner {
        #[serde(default, deserialize_with = "refuse")]
        hook: Option<String>,
        after_hook: u8,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Outer {
        #[serde(default, deserialize_with = "refuse")]
        first: Option<String>,
        #[serde(alias = "oldName")]
        new_name: Option<bool>,
        inner: Inner,
        last: String,
    }

    fn field<'a>(kind: &'a Kind, name: &str) -> &'a Field {
        let Kind::Object(shape) = kind else {
            panic!("not an object: {kind:?}")
        };
        shape.fields.iter().find(|f| f.name == name).unwrap()
    }

    #[test]
    fn fields_after_a_stop_are_still_checked() {
        let kind = Kind::of::<Outer>();
        assert_eq!(field(&kind, "first").kind, Kind::Unknown);
        assert!(!field(&kind, "first").required);
        assert_eq!(field(&kind, "newName").kind, Kind::Boolean);
        let inner = &field(&kind, "inner").kind;
        assert!(field(&kind, "inner").required);
        assert_eq!(field(inner, "hook").kind, Kind::Unknown);
        assert_eq!(
            field(inner, "afterHook").kind,
            Kind::Integer { min: 0, max: 255 }
        );
        assert!(field(inner, "afterHook").required);
        assert_eq!(field(&kind, "last").kind, Kind::Text);
        assert!(field(&kind, "last").required);
        // And the check uses them.
        let value = serde_json::json!({"first": {}, "inner": {"afterHook": "x"}, "last": ""});
        assert_eq!(
            kind.check(&value, "outer", "", Rules::DEFAULT)
                .unwrap_err()
                .to_string(),
            "inner.afterHook must be an integer"
        );
    }
}

/// `ProxyStartFields` (how a proxy-mode client holds a start request once checked) has
/// exactly `ProxyStartRequest`'s fields, each a string where that one's is a string or one
/// of an enum's names, required alike.
#[test]
fn proxy_start_fields_are_proxy_start_requests_as_strings() {
    let fields = |kind: Kind| match kind {
        Kind::Object(shape) => shape.fields,
        other => panic!("not an object: {other:?}"),
    };
    let request = fields(Kind::of::<ProxyStartRequest>());
    let plain = fields(Kind::of::<crate::types::request::ProxyStartFields>());
    assert_eq!(request.len(), plain.len());
    for (r, p) in request.iter().zip(&plain) {
        assert_eq!((r.name, r.required), (p.name, p.required));
        assert!(matches!(r.kind, Kind::Text | Kind::Choice(_)), "{}", r.name);
        assert_eq!(p.kind, Kind::Text, "{}", p.name);
    }
}
