//! The last requests received on the 8x8 surface (`GET /_sim/requests`), so
//! tests of a proxy can assert what upstream received. The `Authorization`
//! header is never recorded and `code` values are redacted.

use std::collections::VecDeque;

use serde::Serialize;
use serde_json::Value;

/// Requests kept.
pub const KEEP: usize = 100;

/// One recorded request, as `GET /_sim/requests` lists it:
/// `{method, path, query, contentType, body}`, absent members as `null`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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
        let v = serde_json::to_value(r.iter().next().unwrap()).unwrap();
        assert_eq!(v["query"], Value::Null);
        assert_eq!(v["body"], Value::Null);
        assert_eq!(v["method"], "GET");
    }
}
