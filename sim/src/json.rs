//! A tiny JSON object writer that keeps keys in the order they are written,
//! so responses read in the spec's field order (serde_json's map sorts keys
//! unless a workspace-wide feature is switched on, which this crate avoids).

use serde_json::Value;

/// An object being written: `{"a":1,"b":"x"}`.
#[derive(Debug)]
pub struct Obj {
    out: String,
}

impl Default for Obj {
    fn default() -> Self {
        Self::new()
    }
}

impl Obj {
    /// An empty object.
    pub fn new() -> Self {
        Self {
            out: String::from("{"),
        }
    }

    fn key(&mut self, k: &str) {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        self.out.push_str(&quote(k));
        self.out.push(':');
    }

    /// Adds a string member.
    pub fn str(mut self, k: &str, v: &str) -> Self {
        self.key(k);
        self.out.push_str(&quote(v));
        self
    }

    /// Adds a string member, or `null`.
    pub fn opt_str(self, k: &str, v: Option<&str>) -> Self {
        match v {
            Some(v) => self.str(k, v),
            None => self.raw(k, "null"),
        }
    }

    /// Adds an integer member.
    pub fn int(mut self, k: &str, v: i64) -> Self {
        self.key(k);
        self.out.push_str(&v.to_string());
        self
    }

    /// Adds a boolean member.
    pub fn bool(mut self, k: &str, v: bool) -> Self {
        self.key(k);
        self.out.push_str(if v { "true" } else { "false" });
        self
    }

    /// Adds a member whose value is any JSON value.
    pub fn value(mut self, k: &str, v: &Value) -> Self {
        self.key(k);
        self.out.push_str(&v.to_string());
        self
    }

    /// Adds a member whose value is already-serialised JSON.
    pub fn raw(mut self, k: &str, json: &str) -> Self {
        self.key(k);
        self.out.push_str(json);
        self
    }

    /// The finished object text.
    pub fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// A JSON string literal for `s`, with escapes.
pub fn quote(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// A JSON array of already-serialised elements.
pub fn array(items: impl IntoIterator<Item = String>) -> String {
    let mut out = String::from("[");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item);
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_in_order_with_escapes() {
        let s = Obj::new()
            .str("z", "a\"b\n")
            .int("a", -3)
            .bool("m", true)
            .opt_str("n", None)
            .raw("o", "{}")
            .value("p", &serde_json::json!([1, "x"]))
            .finish();
        assert_eq!(
            s,
            r#"{"z":"a\"b\n","a":-3,"m":true,"n":null,"o":{},"p":[1,"x"]}"#
        );
        let v: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["z"], "a\"b\n");
        assert_eq!(Obj::new().finish(), "{}");
    }

    #[test]
    fn arrays() {
        assert_eq!(array(Vec::<String>::new()), "[]");
        assert_eq!(array(["1".to_string(), "{}".to_string()]), "[1,{}]");
    }
}
