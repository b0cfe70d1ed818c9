//! A minimal JSON value — what the pure core reads requests and responses from and
//! builds bodies as — with a small parser and writer of its own.
//!
//! Data crosses between JavaScript and wasm as JSON text, once each way: one string copy
//! instead of a boundary crossing per field (which dominated the proxy's cost). The codec
//! is a few hundred lines, not serde_json: strict RFC 8259 in, compact JSON out, no float
//! formatter (see `write`).

mod parse;
mod write;

// Natively only the tests parse; the wasm transport and exports do.
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_imports))]
pub use parse::parse;

#[allow(unused_imports)]
use crate::prelude::*;

/// A JSON value. Objects keep their keys in order; a repeated key resolves to the
/// last occurrence, as in `JSON.parse`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null` (JavaScript's `JSON.stringify` omits `undefined` members).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Every JSON number, as JavaScript sees it.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, in key order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object (`None` for absent keys and non-objects).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The member `key`, treating `null` like an absent key: the usual JavaScript
    /// idiom for "not set".
    pub fn get_present(&self, key: &str) -> Option<&Value> {
        self.get(key).filter(|v| !matches!(v, Value::Null))
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is a finite one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }

    /// The number, if it is an integer within `min..=max`.
    pub fn as_int_in(&self, min: i64, max: i64) -> Option<i64> {
        let n = self.as_f64()?;
        // In range first, so the conversion is exact iff `n` is an integer (no `fract` in core).
        if n < min as f64 || n > max as f64 || (n as i64) as f64 != n {
            return None;
        }
        Some(n as i64)
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// A string value.
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }
}

/// Builds a JSON object member by member, skipping absent optional values.
#[derive(Default)]
pub struct ObjectBuilder(Vec<(String, Value)>);

impl ObjectBuilder {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `key: value`.
    pub fn field(mut self, key: &str, value: Value) -> Self {
        self.0.push((key.to_owned(), value));
        self
    }

    /// Adds `key: value` when `value` is present.
    pub fn optional(self, key: &str, value: Option<Value>) -> Self {
        match value {
            Some(value) => self.field(key, value),
            None => self,
        }
    }

    /// The finished object.
    pub fn build(self) -> Value {
        Value::Object(self.0)
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Test-only conversion from JSON text, through `serde_json`.
    use super::Value;

    /// Parses JSON text into a [`Value`] (panics on invalid JSON: tests only).
    pub fn parse(text: &str) -> Value {
        from_serde(&serde_json::from_str(text).expect("test JSON"))
    }

    /// Converts a `serde_json` value.
    pub fn from_serde(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => Value::Array(items.iter().map(from_serde).collect()),
            serde_json::Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), from_serde(v)))
                    .collect(),
            ),
        }
    }

    /// Converts back to `serde_json`, for comparing built bodies with expected JSON.
    pub fn to_serde(v: &Value) -> serde_json::Value {
        match v {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            // JavaScript has one number type; print integral ones as integers, as JSON.stringify does.
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => serde_json::json!(*n as i64),
            Value::Number(n) => serde_json::json!(n),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
            Value::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), to_serde(v)))
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::parse;
    use super::*;

    #[test]
    fn last_duplicate_key_wins_like_json_parse() {
        let v = Value::Object(vec![
            ("a".into(), Value::Number(1.0)),
            ("a".into(), Value::Number(2.0)),
        ]);
        assert_eq!(v.get("a"), Some(&Value::Number(2.0)));
    }

    #[test]
    fn integers_in_range_only() {
        assert_eq!(parse("4").as_int_in(3, 10), Some(4));
        assert_eq!(parse("4.5").as_int_in(3, 10), None);
        assert_eq!(parse("11").as_int_in(3, 10), None);
        assert_eq!(Value::Number(f64::NAN).as_int_in(0, 10), None);
        assert_eq!(Value::Number(f64::INFINITY).as_int_in(0, i64::MAX), None);
    }

    #[test]
    fn null_counts_as_absent_for_get_present() {
        let v = parse(r#"{"a": null, "b": 1}"#);
        assert!(v.get("a").is_some());
        assert!(v.get_present("a").is_none());
        assert!(v.get_present("b").is_some());
    }
}
