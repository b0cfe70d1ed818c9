//! The invariants the shape relies on, for every type `bindings` and the proxy check: every
//! field has a known kind, "required" means what serde requires, and a proxy-mode client's
//! `ProxyStartFields` mirror `ProxyStartRequest`. A new checked type goes in `checked_types`.

use crate::shape::kind::Field;
use crate::shape::Kind;
use crate::types::{ClientOptions, ProxyStartRequest, StartVerificationRequest};
use serde::de::DeserializeOwned;

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
