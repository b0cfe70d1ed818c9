//! The last requests received on the 8x8 surface (`GET /_sim/requests`), so
//! tests of a proxy can assert what upstream received. The `Authorization`
//! header is never recorded and `code` values are redacted.

use std::collections::VecDeque;

use serde_json::Value;

use crate::json::Obj;

/// Requests kept.
pub const KEEP: usize = 100;

/// One recorded request.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// HTTP method.
    pub method: String,
    /// Path, as received.
    pub path: String,
    /// Query string with `code` values redacted, if there was one.
    pub query: Option<String>,
    /// `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body parsed as JSON, when it was JSON.
    pub body: Option<Value>,
}

impl Recorded {
    /// `{method, path, query, contentType, body}`.
    pub fn to_json(&self) -> String {
        Obj::new()
            .str("method", &self.method)
            .str("path", &self.path)
            .opt_str("query", self.query.as_deref())
            .opt_str("contentType", self.content_type.as_deref())
            .value("body", self.body.as_ref().unwrap_or(&Value::Null))
            .finish()
    }
}

/// A ring of the last [`KEEP`] requests.
#[derive(Debug, Default)]
pub struct Recorder {
    ring: VecDeque<Recorded>,
}

impl Recorder {
    /// Nothing recorded.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a request, dropping the oldest beyond [`KEEP`].
    pub fn push(&mut self, r: Recorded) {
        if self.ring.len() >= KEEP {
            self.ring.pop_front();
        }
        self.ring.push_back(r);
    }

    /// Oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &Recorded> {
        self.ring.iter()
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.ring.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_hundred() {
        let mut r = Recorder::new();
        for i in 0..150 {
            r.push(Recorded {
                method: "GET".into(),
                path: format!("/{i}"),
                query: None,
                content_type: None,
                body: None,
            });
        }
        let paths: Vec<_> = r.iter().map(|x| x.path.clone()).collect();
        assert_eq!(paths.len(), KEEP);
        assert_eq!(paths[0], "/50");
        assert_eq!(paths[99], "/149");
        let v: Value = serde_json::from_str(&r.iter().next().unwrap().to_json()).unwrap();
        assert_eq!(v["query"], Value::Null);
        assert_eq!(v["body"], Value::Null);
        assert_eq!(v["method"], "GET");
    }
}
