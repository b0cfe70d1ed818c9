//! Fields that stop the probe, wherever they are declared.

use crate::shape::kind::Field;
use crate::shape::{Kind, Rules};
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
