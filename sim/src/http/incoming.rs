//! A request as the handlers see it: its head and its (capped) body.

use crate::http::body_limits::ReadBody;

/// A received request, body already read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Req {
    /// HTTP method, e.g. `POST`.
    pub method: String,
    /// Path, as received (percent-encoded).
    pub path: String,
    /// Raw query string, without `?`.
    pub query: Option<String>,
    /// `Authorization` header.
    pub authorization: Option<String>,
    /// `Content-Type` header.
    pub content_type: Option<String>,
    /// The body.
    pub body: ReadBody,
}

impl Req {
    /// Whether the `Content-Type` is `application/json`, with or without
    /// parameters such as `charset`.
    pub fn is_json(&self) -> bool {
        self.content_type.as_deref().is_some_and(|ct| {
            ct.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        })
    }

    /// The body parsed as JSON, if it is complete, UTF-8 and JSON.
    pub fn json_body(&self) -> Option<serde_json::Value> {
        match &self.body {
            ReadBody::Complete(b) if !b.is_empty() => serde_json::from_slice(b).ok(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_ct(ct: Option<&str>) -> Req {
        Req {
            method: "POST".into(),
            path: "/".into(),
            query: None,
            authorization: None,
            content_type: ct.map(str::to_string),
            body: ReadBody::Complete(b"{\"a\":1}".to_vec()),
        }
    }

    #[test]
    fn json_content_types() {
        assert!(with_ct(Some("application/json")).is_json());
        assert!(with_ct(Some("Application/JSON; charset=utf-8")).is_json());
        assert!(with_ct(Some(" application/json ;x=y")).is_json());
        assert!(!with_ct(Some("text/plain")).is_json());
        assert!(!with_ct(Some("application/jsonx")).is_json());
        assert!(!with_ct(Some("application/x-www-form-urlencoded")).is_json());
        assert!(!with_ct(None).is_json());
        assert_eq!(with_ct(None).json_body().unwrap()["a"], 1);
    }
}
